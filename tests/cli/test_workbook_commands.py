"""`compliance template` and `compliance convert`."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from conftest import FIXTURES
from openpyxl import load_workbook

from compliance.cli.main import main
from compliance.records.enterprise import Enterprise
from compliance.records.workbook.layout import layout, layout_kinds

CITY = FIXTURES / "example-city"


@pytest.mark.parametrize("kind_name", layout_kinds())
def test_a_template_has_the_sheets_headers_keys_guide_and_checks(kind_name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind_name}.xlsx"
    assert main(["template", kind_name, "--output", str(out)]) == 0
    book = load_workbook(out)
    laid = layout(kind_name)
    assert book.sheetnames == ["填表说明", *(sheet.name for sheet in laid.sheets), "选项"]
    for sheet in laid.sheets:
        ws = book[sheet.name]
        heads = sheet.heads()
        assert [cell.value.lstrip("*") for cell in ws[1]] == [head.header() for head in heads]
        assert [cell.value for cell in ws[2]] == [head.key for head in heads]
        assert str(ws["A3"].value).startswith("示例")
        assert ws.freeze_panes == "A3" and ws.protection.sheet and ws["A1"].protection.locked
        assert not ws["A3"].protection.locked and ws["A1"].comment is not None
        kinds = {column.kind for column in sheet.columns}
        types = {validation.type for validation in ws.data_validations.dataValidation}
        assert ({"date"} & kinds) <= types and ({"choice", "bool"} & kinds and "list" in types or not {"choice", "bool"} & kinds)
    assert "填表说明" in book["填表说明"]["A1"].value


def test_the_industry_drop_down_offers_the_bundles_own_industries(tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    bundle.mkdir()
    (bundle / "audit.toml").write_text('jurisdiction = "测试市"\nyear = 2022\n', encoding="utf-8")
    (bundle / "city").mkdir()
    (bundle / "city" / "industries.toml").write_text('[[industry]]\ncode = "drones"\nname = "无人机"\n', encoding="utf-8")
    plain, own = tmp_path / "plain.xlsx", tmp_path / "own.xlsx"
    main(["template", "enterprise", "--output", str(plain)])
    main(["template", "enterprise", "--bundle", str(bundle), "--output", str(own)])
    codes = [[cell.value for cell in column] for column in load_workbook(own)["选项"].iter_cols()]
    plain_codes = [[cell.value for cell in column] for column in load_workbook(plain)["选项"].iter_cols()]
    assert any("drones" in column for column in codes) and not any("drones" in column for column in plain_codes)
    assert any("无人机" in column for column in codes)
    industry = load_workbook(own)["基本信息"].data_validations.dataValidation
    assert any(v.formula1 and v.formula1.startswith("'选项'!") for v in industry)


def test_convert_to_a_workbook_and_back_gives_the_same_record(tmp_path: Path) -> None:
    source = CITY / "enterprises" / "hongyuan.toml"
    book, back = tmp_path / "enterprises" / "hongyuan.xlsx", tmp_path / "hongyuan.toml"
    book.parent.mkdir()
    assert main(["convert", str(source), "--to", "xlsx", "--output", str(book)]) == 0
    assert main(["convert", str(book), "--to", "toml", "--output", str(back)]) == 0
    # the same record: choices written in Chinese (专项) come back as their codes (special)
    assert Enterprise.model_validate(tomllib.loads(back.read_text(encoding="utf-8"))) == \
        Enterprise.model_validate(tomllib.loads(source.read_text(encoding="utf-8")))
    as_json = tmp_path / "d.json"
    assert main(["convert", str(CITY / "city" / "directives.toml"), "--to", "json", "--output", str(as_json)]) == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["directive"][0]["id"]


def test_convert_refuses_records_with_input_errors_and_unknown_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "departments" / "x.toml"
    bad.parent.mkdir()
    bad.write_text('id = "x"\nname = "甲"\nmeetings = [{ id = "m", date = "2022-13-01" }]\n', encoding="utf-8")
    assert main(["convert", str(bad), "--to", "xlsx"]) == 2
    assert "meetings[0].date" in capsys.readouterr().err and not bad.with_suffix(".xlsx").exists()
    loose = tmp_path / "x.toml"
    loose.write_text('id = "x"\nname = "甲"\n', encoding="utf-8")
    assert main(["convert", str(loose), "--to", "xlsx"]) == 2
    assert "--kind" in capsys.readouterr().err
    assert main(["convert", str(loose), "--kind", "district", "--to", "json"]) == 0
    assert json.loads(loose.with_suffix(".json").read_text(encoding="utf-8")) == {"id": "x", "name": "甲"}


def test_a_template_of_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "departmnet"]) == 2
    assert "department" in capsys.readouterr().err
