"""Workbooks in a bundle: read as clerks fill them in, problems at the file, sheet and cell, the other rows and files
still checked."""
from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

from conftest import write_bundle
from openpyxl import Workbook

from compliance.bundle.load import load_bundle
from compliance.bundle.workbook.read import read_workbook
from compliance.bundle.workbook.write import write_workbook
from compliance.cli.main import main
from compliance.records.unit import Unit
from compliance.records.workbook.layout import layout

DEPARTMENT = layout("department")


def _clerks_workbook(path: Path) -> None:
    """A department's workbook as a clerk makes it: no key row, a merged title above the headers, dates and
    numbers typed every which way, trailing blank rows, a second unit, a row for a unit that is not there."""
    book = Workbook()
    basic = book.active
    basic.title = "基本信息"
    basic.append(["交通局安全生产情况"])
    basic.merge_cells("A1:D1")
    basic.append(["单位编号", "单位名称", "应配执法人员数（人）", "权责清单是否公开"])
    basic.append(["jtj", "示例市交通运输局", "１２", "√"])
    basic.append(["cgj", "示例市城管局", "8", "否"])
    basic.append([None, "  ", None, None])
    meetings = book.create_sheet("会议")
    meetings.append(["单位编号", "会议编号", "会议日期", "会议类型", "议题"])
    meetings.append(["jtj", "m1", "2022年3月1日", "安全生产专题会议", "春运；复工"])
    meetings.append(["jtj", "m2", dt.datetime(2022, 6, 2), "党组会议", None])
    meetings.append(["jtj", "m3", "2022-13-01", "安全生产专题会议", None])
    meetings.append(["jtj", 1004, "2022.9.9", "dedicated_safety", None])
    meetings.append(["nobody", "m5", "2022-10-10", None, None])
    meetings.append([None, None, None, None, None])
    meetings.append(["cgj", "c1", "2022/3/1", "其他会议", None])
    book.save(path)


def test_a_clerks_workbook_gives_the_records_and_names_each_problem_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "jtj.xlsx"
    _clerks_workbook(path)
    read = read_workbook(path, "departments/jtj.xlsx", DEPARTMENT)
    assert [record["id"] for record in read.records] == ["jtj", "cgj"]
    jtj = Unit.model_validate(read.records[0])
    assert jtj.enforcement is not None and jtj.enforcement.staff_required == 12
    assert jtj.power_responsibility_list is not None and jtj.power_responsibility_list.published is True
    assert [(m.id, m.date, m.kind) for m in jtj.meetings] == [
        ("m1", dt.date(2022, 3, 1), "dedicated_safety"), ("m2", dt.date(2022, 6, 2), "party_group"),
        ("m3", None, "dedicated_safety"), ("1004", dt.date(2022, 9, 9), "dedicated_safety")]
    assert jtj.meetings[0].topics == ["春运", "复工"]
    texts = [error.text() for error in read.errors]
    assert "departments/jtj.xlsx!会议!C4 [jtj] meetings[2].date: 错误: 日期格式错误：'2022-13-01' 不是有效日期" in texts[0]
    assert texts[1].startswith("departments/jtj.xlsx!会议!A6 [nobody]: 错误: 编号“nobody”在基本信息表中没有，该行未读取")
    assert len(texts) == 2
    assert read.cells[0][("meetings", 3, "date")].cell == "C5"
    assert Unit.model_validate(read.records[1]).meetings[0].id == "c1"


def test_cached_values_of_formulas_are_read(tmp_path: Path) -> None:
    path = tmp_path / "jtj.xlsx"
    book = Workbook()
    basic = book.active
    basic.title = "基本信息"
    basic.append(["单位编号", "单位名称", "应配执法人员数"])
    basic.append(["jtj", "交通局", "=3*4"])
    book.save(path)
    _cache(path, "xl/worksheets/sheet1.xml")
    record = read_workbook(path, "jtj.xlsx", DEPARTMENT).records[0]
    assert record["enforcement"]["staff_required"] == 12


def _cache(path: Path, member: str) -> None:
    """Write a formula's cached value, as a spreadsheet program saves it (openpyxl writes none)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    text = parts[member].decode()
    cached = re.sub(r"<f>3\*4</f>(<v\s*/>|<v></v>)?", "<f>3*4</f><v>12</v>", text)
    assert cached != text
    parts[member] = cached.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_workbook_that_is_not_one_is_an_error_and_the_other_files_are_checked(tmp_path: Path) -> None:
    root = write_bundle(tmp_path / "b", {"departments/a.toml": 'id = "a"\nname = "甲"\n'})
    (root / "departments" / "broken.xlsx").write_bytes(b"not a zip")
    (root / "departments" / "~$a.xlsx").write_bytes(b"owner file of an open workbook")
    bundle = load_bundle(root)
    assert [loaded.unit.id for loaded in bundle.units] == ["a"]
    assert [(e.file, e.severity) for e in bundle.input_errors] == [("departments/broken.xlsx", "error")]
    assert "无法读取工作簿" in bundle.input_errors[0].message


def test_template_example_rows_and_unknown_sheets_and_columns_are_warnings(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_workbook(DEPARTMENT, [], path, example=True)
    read = read_workbook(path, "t.xlsx", DEPARTMENT)
    assert read.records == [] and {e.message for e in read.errors} == {"示例行，未读取"}
    book = Workbook()
    book.active.title = "基本信息"
    book.active.append(["单位编号", "单位名称", "单位地址"])
    book.active.append(["a", "甲", "某路1号"])
    book.create_sheet("会议记录")
    book.save(path)
    read = read_workbook(path, "t.xlsx", DEPARTMENT)
    assert [(e.sheet, e.cell, e.severity) for e in read.errors] == [("会议记录", "", "warning"), ("基本信息", "C1", "warning")]
    assert "是否应为 '会议'" in read.errors[0].message


def test_the_reports_show_the_cell_of_an_input_error_and_of_a_finding(tmp_path: Path) -> None:
    root = write_bundle(tmp_path / "b", {})
    (root / "departments").mkdir()
    _clerks_workbook(root / "departments" / "jtj.xlsx")
    out = tmp_path / "r.json"
    assert main(["check", str(root), "--format", "json", "--output", str(out)]) == 2
    report = json.loads(out.read_text(encoding="utf-8"))
    first = report["input_errors"][0]
    assert (first["file"], first["sheet"], first["cell"], first["line"]) == ("departments/jtj.xlsx", "会议", "C4", 4)
    findings = [f for unit in report["units"] if unit["id"] == "jtj" for f in unit["findings"]
                if f.get("evidence", {}).get("sheet")]
    assert findings and all(re.fullmatch(r"[A-Z]+\d+", f["evidence"]["cell"]) for f in findings)
    sarif = tmp_path / "r.sarif"
    main(["check", str(root), "--format", "sarif", "--output", str(sarif)])
    run = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]
    regions = [loc["physicalLocation"]["region"] for result in run["results"] for loc in result.get("locations", [])
               if "region" in loc.get("physicalLocation", {})]
    assert {"startLine": 4, "startColumn": 3, "properties": {"sheet": "会议", "cell": "C4"}} in regions
    csv_out = tmp_path / "r.csv"
    main(["check", str(root), "--format", "csv", "--output", str(csv_out)])
    assert "departments/jtj.xlsx!会议!C4" in csv_out.read_text(encoding="utf-8")
    text = tmp_path / "r.txt"
    main(["check", str(root), "--output", str(text)])
    assert "departments/jtj.xlsx!会议!C4 [jtj] meetings[2].date: 错误: 日期格式错误" in text.read_text(encoding="utf-8")
