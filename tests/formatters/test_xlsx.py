"""The XLSX workbook: its sheets and rows against the JSON report, English, byte-identical runs, formula-safe text,
a findings sheet that overflows onto the next, the CLI (file and stdout), and golden cell values.

After an intended change of the workbook's content, regenerate the golden values with:
    COMPLIANCE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formatters/test_xlsx.py
and review the diff of tests/golden/example-city*-xlsx.json before committing.
"""
from __future__ import annotations

import dataclasses
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from compliance.api import Options, check
from compliance.cli.main import main
from compliance.formatters import render, render_bytes, xlsx, zips
from compliance.report.stats import Report

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
BUNDLE = ROOT / "fixtures" / "example-city"
WAIVERS = ROOT / "fixtures" / "waivers" / "example-city-waivers.toml"
LAST_YEAR = ROOT / "fixtures" / "example-city-2021-report.json"
UPDATE = f"COMPLIANCE_UPDATE_GOLDEN=1 .venv/bin/pytest {Path(__file__).relative_to(ROOT)}"
STATUS = 6  # the findings sheet's status column (0-based)


@pytest.fixture(scope="module")
def report() -> Report:
    return check(BUNDLE)


@pytest.fixture(scope="module")
def workbook_bytes(report: Report) -> bytes:
    return render_bytes("xlsx", report)


@pytest.fixture(scope="module")
def cli_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "r.xlsx"
    assert main(["check", str(BUNDLE), "--format", "xlsx", "--output", str(out)]) == 1
    return out


def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_values(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, row by row, trailing empty cells dropped; the checkout's path as <ROOT>."""
    values: dict[str, list[list[Any]]] = {}
    for ws in _book(data):
        rows = []
        for row in ws.iter_rows(values_only=True):
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append([cell.replace(str(ROOT), "<ROOT>") if isinstance(cell, str) else cell for cell in cells])
        values[ws.title] = rows
    return values


def _dump(values: dict[str, list[list[Any]]]) -> str:
    """JSON with one row per line, to be read (and diffed) by eye."""
    sheets = [json.dumps(title, ensure_ascii=False) + ": [\n" + ",\n".join(
        "  " + json.dumps(row, ensure_ascii=False) for row in rows) + "\n ]" for title, rows in values.items()]
    return "{\n " + ",\n ".join(sheets) + "\n}\n"


def _findings(data: bytes) -> list[tuple[Any, ...]]:
    return list(_book(data).worksheets[1].iter_rows(min_row=2, values_only=True))


def test_example_city_has_three_sheets_with_bold_frozen_headers(workbook_bytes: bytes) -> None:
    book = _book(workbook_bytes)
    assert book.sheetnames == ["汇总", "问题", "考核表", "输入问题"]
    findings = book["问题"]
    assert findings.freeze_panes == "A2" and book["输入问题"].freeze_panes == "A2"
    assert findings.auto_filter.ref == f"A1:V{findings.max_row}"
    assert findings["A1"].value == "单位编号" and findings["A1"].font.b
    assert findings.column_dimensions["I"].width == 50 and findings["I2"].alignment.wrap_text
    summary = [row[:2] for row in book["汇总"].iter_rows(max_row=10, values_only=True)]
    assert ("检查对象", "示例市") in summary and ("基准日", "2022-12-31") in summary


def test_one_row_per_gap_as_the_json_report_counts_them(report: Report, workbook_bytes: bytes) -> None:
    units = json.loads(render("json", report))["units"]
    fails = sum(1 for unit in units for f in unit["findings"] if f["status"] == "fail")
    gaps = sum(1 for unit in units for f in unit["findings"] if f["status"] in ("fail", "error", "waived", "pending"))
    rows = _findings(workbook_bytes)
    assert sum(1 for row in rows if row[STATUS] == "问题") == fails == 142
    assert len(rows) == gaps


def test_a_known_gap_round_trips(workbook_bytes: bytes) -> None:
    row = next(row for row in _findings(workbook_bytes) if row[0] == "cgj" and row[3] == "DEPT-ENF-01")
    assert row[:9] == ("cgj", "市城市管理局", "部门", "DEPT-ENF-01", "配齐配强安全生产执法人员（人员到位）", "高", "问题",
                       None, "执法人员实有18人，少于应配24人")
    assert row[9:13] == (3, "departments/cgj.toml", 83, "enforcement.staff_actual")  # the line of staff_actual
    assert row[13] == "实有执法人员数=18, 应配执法人员数=24"
    assert "“配齐配强安全生产执法人员，确保人员到位”" in row[14]
    assert row[16] == "按核定编制配齐安全生产执法人员。"


def test_english_sheets_and_headers(report: Report) -> None:
    book = _book(render_bytes("xlsx", report, "en"))
    assert book.sheetnames == ["Summary", "Findings", "Assessment sheets", "Input errors"]
    header = next(book["Findings"].iter_rows(max_row=1, values_only=True))
    assert header[:4] == ("Unit ID", "Unit name", "Kind", "Rule ID") and header[-1] == "Gap"
    row = next(row for row in book["Findings"].iter_rows(min_row=2, values_only=True) if row[3] == "DEPT-ENF-01")
    assert (row[5], row[6], row[8]) == ("high", "fail", "18 enforcement staff in post, 24 required")
    assert next(book["Input errors"].iter_rows(max_row=1, values_only=True))[-1] == "Message"


def test_same_bundle_same_bytes(report: Report, workbook_bytes: bytes, cli_file: Path) -> None:
    """Rendered twice, or streamed by the CLI: byte-identical, with no time of the run in it."""
    assert render_bytes("xlsx", check(BUNDLE)) == workbook_bytes == cli_file.read_bytes()
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {zips.ZIP_TIME}
        assert all(entry.compress_type == zipfile.ZIP_DEFLATED for entry in archive.infolist())
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2022-12-31T00:00:00Z") == 2


def _with_hostile_text(report: Report) -> Report:
    unit = dataclasses.replace(report.units[0], name="=1+1")
    first = unit.findings[0]
    rule = dataclasses.replace(first.rule, remediation="#N/A", title="bell\x07 and nul\x00")
    unit.findings = [dataclasses.replace(first, rule=rule, status="fail", message="@SUM(A1:A9)", item="-2+3",
                                         where=dataclasses.replace(first.where, field="+cmd|' /C calc'!A0"))]
    return dataclasses.replace(report, units=[unit])


def test_formula_like_text_stays_text(report: Report) -> None:
    data = render_bytes("xlsx", _with_hostile_text(report))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in archive.namelist()
                       if name.startswith("xl/worksheets/"))
    findings = _book(data)["问题"]
    cells = {cell.column_letter: cell for cell in findings[2]}
    assert cells["B"].value == "=1+1" and cells["B"].data_type == "s"
    assert (cells["H"].value, cells["I"].value, cells["M"].value) == ("-2+3", "@SUM(A1:A9)", "+cmd|' /C calc'!A0")
    assert cells["Q"].value == "#N/A" and cells["Q"].data_type == "s"
    assert cells["E"].value == "bell\\x07 and nul\\x00"


def test_a_unit_named_like_a_formula_from_the_records(bundle_dir: Any) -> None:
    root = bundle_dir({"departments/d1.toml": 'id = "D1"\nname = "=1+1"\n[power_responsibility_list]\n'
                                              'revised_on = 2022-03-01\npublished = false\n'})
    rows = _findings(render_bytes("xlsx", check(root)))
    assert rows and {row[1] for row in rows} == {"=1+1"}
    ranking = [row for row in _book(render_bytes("xlsx", check(root)))["汇总"].iter_rows(values_only=True)
               if row[0] == "D1"]
    assert ranking[0][1] == "=1+1"


def test_findings_go_on_to_a_next_sheet_at_the_row_limit(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 50)
    book = _book(render_bytes("xlsx", report))
    findings = [name for name in book.sheetnames if name.startswith("问题")]
    assert findings == ["问题", "问题(2)", "问题(3)"] and book.sheetnames[-1] == "输入问题"
    assert all(book[name].max_row <= 50 for name in book.sheetnames if name.startswith("考核表"))
    sizes = [book[name].max_row for name in ("问题", "问题(2)", "问题(3)")]
    assert sizes == [50, 50, 142 + 2 - 2 * 49 + 1]  # 142 gaps and two pending items
    assert book["问题(3)"]["A1"].value == "单位编号" and book["问题(3)"].freeze_panes == "A2"


def test_input_errors_sheet_lists_every_problem() -> None:
    broken = check(ROOT / "fixtures" / "broken" / "wrong-types")
    rows = list(_book(render_bytes("xlsx", broken))["输入问题"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(broken.input_errors) > 0
    first = broken.input_errors[0]
    assert rows[0] == (first.file, first.record, first.field, first.line or None, "错误", first.message)


def test_baseline_counts_and_history(report: Report) -> None:
    with_baseline = check(BUNDLE, Options(baseline=LAST_YEAR))
    data = render_bytes("xlsx", with_baseline)
    tally = json.loads(render("json", with_baseline))["baseline"]
    summary = {row[0]: row[1] for row in _book(data)["汇总"].iter_rows(values_only=True) if row[0]}
    assert (summary["新发现"], summary["屡查屡犯"], summary["已整改"]) == (
        tally["new"], tally["persisting"], tally["resolved_count"])
    histories = [row[18] for row in _findings(data)]
    assert histories.count("屡查屡犯") == tally["persisting"] and histories.count("新发现") == tally["new"]


def test_cli_writes_a_workbook_and_exits_1(cli_file: Path) -> None:
    assert zipfile.is_zipfile(cli_file)
    assert _book(cli_file.read_bytes()).sheetnames == ["汇总", "问题", "考核表", "输入问题"]


def test_cli_writes_the_workbook_to_stdout(capsysbinary: pytest.CaptureFixture[bytes], cli_file: Path) -> None:
    assert main(["check", str(BUNDLE), "--format", "xlsx"]) == 1
    assert capsysbinary.readouterr().out == cli_file.read_bytes()


@pytest.mark.parametrize("suffix, extra", [("", []), ("-waivers-baseline", ["--waivers", str(WAIVERS),
                                                                             "--baseline", str(LAST_YEAR)])])
def test_cell_values_equal_the_golden_file(suffix: str, extra: list[str], cli_file: Path, tmp_path: Path) -> None:
    """The workbook's bytes are opaque: its cell values are compared, as JSON."""
    out = cli_file
    if extra:
        out = tmp_path / "r.xlsx"
        assert main(["check", str(BUNDLE), "--format", "xlsx", "--output", str(out), *extra]) == 1
    golden = GOLDEN / f"example-city{suffix}-xlsx.json"
    produced = _dump(sheet_values(out.read_bytes()))
    if os.environ.get("COMPLIANCE_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}: run {UPDATE}"
    assert produced == golden.read_text(encoding="utf-8"), (
        f"the workbook's cells differ from {golden.name}; if intended: {UPDATE}")


def test_table_sheets_print_on_a4_across_with_the_header_on_every_page(workbook_bytes: bytes) -> None:
    for sheet in _book(workbook_bytes).worksheets[1:]:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth) == ("landscape", 9, 1)
        assert sheet.print_title_rows == "$1:$1" and sheet.sheet_properties.pageSetUpPr.fitToPage
