"""A new kind of unit, defined here alone (record model, facts, rule pack, one kinds-table entry), is loaded, checked,
scored and rendered in every format; a kind with records but no rule loaded is one warning, whatever the kind.

This module is also the test kind's facts module: FACT_TYPES and build() below (a spawned worker imports it)."""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import jsonschema
import pytest
from conftest import FIXTURES
from pydantic import Field

from compliance.api import Options, check
from compliance.bundle.load import LoadedUnit, load_bundle
from compliance.cli.main import main
from compliance.facts.base import FactType
from compliance.facts.base import field as fact_field
from compliance.facts.core import AuditContext, FactMeta, UnitFacts, day_or_none
from compliance.formatters import names
from compliance.records.audit import Audit
from compliance.records.base import Day, Record
from compliance.records.catalog import CatalogIndex
from compliance.records.kinds import UnitKind, kinds, registered
from compliance.report.schema import report_schema


class Patrol(Record):
    """A safety patrol of a township's grid (网格巡查)."""

    id: str
    date: Day | None = None
    hazards_found: int | None = Field(default=None, ge=0)


class Township(Record):
    """A township or sub-district (乡镇/街道): a record shape no other kind has."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    grid_members: int | None = Field(default=None, ge=0)
    patrols: list[Patrol] = []


FACT_TYPES = (
    FactType("township", "乡镇/街道", "township", {
        "grid_members": fact_field("int", "网格员人数", "grid members", "grid_members"),
    }),
    FactType("patrol", "网格巡查", "patrol", {
        "patrol_id": fact_field("str", "巡查编号", "patrol id", "id"),
        "day": fact_field("day", "巡查日期", "the patrol's date", "date"),
    }, path="patrols"),
)


def build(loaded: LoadedUnit, audit: Audit, catalog: CatalogIndex) -> UnitFacts:
    """The township's facts: itself and each patrol."""
    township = loaded.unit
    assert isinstance(township, Township)
    context = AuditContext(audit, catalog)
    out = UnitFacts(township.id, context.calendar())
    out.add("township", 0, {"grid_members": township.grid_members}, FactMeta("", township.name, township.name))
    for index, patrol in enumerate(township.patrols):
        out.add("patrol", index, {"patrol_id": patrol.id, "day": day_or_none(patrol.date)},
                FactMeta(f"patrols[{index}]", patrol.id, patrol.id, key=patrol.id))
    return out


TOWNSHIP = UnitKind("township", "townships", Township, __name__, "township", ("乡镇/街道", "township"),
                    ("乡镇/街道", "townships"), order=25, linked=("辖区企业", "enterprises in the township"))

PACK = '''
[pack]
id = "township"
version = "0.1.0"
title = "乡镇（街道）网格化管理"
title_en = "Township grid management"

[sources.S0]
title = "2022年全市安全生产工作会议讲话"
title_en = "2022 municipal work-safety meeting speech"
status = "primary"

[[rule]]
id = "TWN-GRID-01"
name = "grid-members"
title = "配备网格员"
title_en = "Grid members in place"
applies_to = ["township"]
severity = "high"
points = 6
require = [ { expr = "grid_members >= 1", message = "未配备网格员", message_en = "no grid members" } ]
remediation = "配备网格员。"
remediation_en = "Appoint grid members."
[[rule.cite]]
source = "S0"
article = "二"
text = "要把安全生产责任落实到最基层"
verified = false
[[rule.examples]]
name = "grid in place"
expect = "pass"
kind = "township"
unit = { id = "T1", name = "示例街道", grid_members = 3 }
[[rule.examples]]
name = "no grid"
expect = "fail"
kind = "township"
unit = { id = "T1", name = "示例街道", grid_members = 0 }

[[rule]]
id = "TWN-PATROL-01"
name = "patrol-dated"
title = "网格巡查记录注明日期"
title_en = "Every patrol is dated"
applies_to = ["township"]
severity = "medium"
points = 2
for_each = "patrol"
require = [ { expr = "present(day)", missing_message = "{label}未注明巡查日期", missing_message_en = "{label}: no date" } ]
remediation = "补记巡查日期。"
remediation_en = "Record the patrol's date."
[[rule.cite]]
source = "S0"
article = "二"
text = "要把安全生产责任落实到最基层"
verified = false
[[rule.examples]]
name = "dated"
expect = "pass"
kind = "township"
unit = { id = "T1", name = "示例街道", patrols = [ { id = "P1", date = 2022-03-01 } ] }
[[rule.examples]]
name = "undated"
expect = "fail"
kind = "township"
unit = { id = "T1", name = "示例街道", patrols = [ { id = "P1" } ] }
'''
TOWNSHIPS = {
    "townships/xc.toml": 'id = "xc-jd"\nname = "新城街道"\ngrid_members = 0\n'
                         '[[patrols]]\nid = "XC-P1"\ndate = 2022-04-01\n[[patrols]]\nid = "XC-P2"\n',
    "townships/hx.json": '{"id": "hx-z", "name": "河西镇", "grid_members": 12, "patrols": [{"id": "HX-P1", "date": "2022-05-02"}]}',
}


@pytest.fixture
def township_kind() -> Iterator[None]:
    with registered(TOWNSHIP):
        yield


@pytest.fixture
def bundle(bundle_dir, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    (tmp_path / "township.toml").write_text(PACK, encoding="utf-8")
    enterprise = '{"id": "E1", "name": "示例商店", "industry": "commerce", "district": "xc-jd", "headcount": 3}\n'
    return bundle_dir({**TOWNSHIPS, "enterprises.jsonl": enterprise})  # type: ignore[no-any-return]


def _run(bundle: Path, pack: Path, format_name: str, out: Path, *extra: str) -> bytes:
    assert main(["check", str(bundle), "--rules", str(pack), "--rules", "enterprise", "--format", format_name,
                 "--output", str(out), *extra]) == 1
    return out.read_bytes()


@pytest.mark.usefixtures("township_kind")
def test_a_new_kind_is_loaded_checked_and_scored(bundle: Path, tmp_path: Path) -> None:
    loaded = load_bundle(bundle)
    assert [(u.kind, u.unit.id) for u in loaded.units] == [("township", "hx-z"), ("township", "xc-jd")]
    assert not [e for e in loaded.input_errors if "townships" in e.file]  # a known folder, read
    report = check(bundle, Options(rules=(str(tmp_path / "township.toml"), "enterprise")))
    townships = {unit.id: unit for unit in report.units if unit.kind == "township"}
    assert townships["hx-z"].score == 100.0 and townships["xc-jd"].score == 92.0
    gaps = [(f.rule_id, f.item, f.where.file, f.where.line) for f in townships["xc-jd"].findings if f.status == "fail"]
    assert gaps == [("TWN-GRID-01", "", "townships/xc.toml", 3), ("TWN-PATROL-01", "XC-P2", "townships/xc.toml", 7)]
    assert [unit.kind for unit in report.units] == ["township", "township", "enterprise"]
    ranking = report.stats().ranking()
    assert [u.id for u in ranking][:2] == ["hx-z", "xc-jd"]  # ranked beside the other ranked kinds


@pytest.mark.usefixtures("township_kind")
def test_a_new_kind_is_rendered_in_every_format(bundle: Path, tmp_path: Path) -> None:
    pack = tmp_path / "township.toml"
    for format_name in names():
        produced = _run(bundle, pack, format_name, tmp_path / f"report.{format_name}")
        if format_name == "xlsx":
            continue  # a workbook: checked below through its rows
        if format_name == "notice-docx":  # a Word file: its paragraphs and tables
            document = docx.Document(io.BytesIO(produced))
            text = "".join(p.text for p in document.paragraphs) + "".join(
                cell.text for table in document.tables for row in table.rows for cell in row.cells)
            assert "新城街道：" in text and "2022-xc-jd-TWN-GRID-01" in text
            continue
        text = produced.decode("utf-8")
        assert "新城街道" in text and "TWN-GRID-01" in text, format_name
    text = (tmp_path / "report.text").read_text(encoding="utf-8")
    assert "== 新城街道 (xc-jd, 乡镇/街道) 得分 92" in text
    assert "按乡镇/街道（本乡镇/街道问题 / 辖区企业数 / 辖区企业问题）" in text
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "乡镇/街道得分排名" in html and "hx-z · 乡镇/街道 · townships/hx.json" in html
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(report_schema(kinds().names())).validate(document)
    assert [row["id"] for row in document["city_summary"]["gaps_by_township"]] == ["xc-jd", "hx-z"]
    assert document["city_summary"]["gaps_by_township"][0]["enterprises"] == 0  # an enterprise links by district
    from openpyxl import load_workbook
    book = load_workbook(tmp_path / "report.xlsx", read_only=True)
    rows = [row for row in book.worksheets[1].iter_rows(values_only=True)]
    assert ("xc-jd", "新城街道", "乡镇/街道", "TWN-GRID-01") == rows[1][:4]


@pytest.mark.usefixtures("township_kind")
def test_workers_know_the_new_kind(bundle: Path, tmp_path: Path) -> None:
    pack = tmp_path / "township.toml"
    one = _run(bundle, pack, "json", tmp_path / "one.json", "--workers", "1")
    two = _run(bundle, pack, "json", tmp_path / "two.json", "--workers", "2")
    assert one == two and b'"kind":"enterprise"' in one


@pytest.mark.usefixtures("township_kind")
def test_the_new_kinds_examples_run(tmp_path: Path) -> None:
    (tmp_path / "township.toml").write_text(PACK, encoding="utf-8")
    assert main(["rules", "test", "--rules", str(tmp_path / "township.toml")]) == 0


def test_an_unregistered_kind_is_an_unknown_folder_and_an_unknown_applies_to(bundle: Path, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert "township" not in kinds().names()
    warnings = [e for e in load_bundle(bundle).input_errors if e.file == "townships"]
    assert len(warnings) == 1 and "unknown file or folder" in warnings[0].message_en
    assert main(["rules", "list", "--rules", str(tmp_path / "township.toml")]) == 2
    assert "unknown unit kind 'township'" in capsys.readouterr().err


@pytest.mark.parametrize(("rules", "unchecked"), [
    ("enterprise", {"departments": 8, "districts": 2, "city": 1}),
    ("department", {"enterprises": 12, "city": 1}),
    ("city", {"departments": 8, "districts": 2}),
])
def test_a_kind_with_records_but_no_rule_is_one_warning(rules: str, unchecked: dict[str, int]) -> None:
    report = check(FIXTURES / "example-city", Options(rules=(rules,)))
    warnings = {e.file: e for e in report.input_errors if "not checked" in e.message_en}
    assert {file: int(error.message_en.split()[0]) for file, error in warnings.items()} == unchecked
    assert all(error.severity == "warning" and not error.record for error in warnings.values())
