"""JUnit (valid against the vendored junit-10.xsd), CSV and Markdown: structure, escaping, waivers."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from compliance.api import Options, check
from compliance.formatters import render

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "fixtures" / "example-city"
WAIVERS = ROOT / "fixtures" / "waivers" / "example-city-waivers.toml"
XSD = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "data" / "schemas" / "junit-10.xsd")))
NASTY = '=1+1 <script>alert(1)</script> | "&\' `x`'


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return check(BUNDLE, Options(waivers=WAIVERS))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_junit_validates_against_the_xsd_and_names_cases_uniquely(report, lang: str) -> None:  # type: ignore[no-untyped-def]
    document = etree.fromstring(render("junit", report, lang).encode("utf-8"))
    XSD.assertValid(document)
    for suite in document.iter("testsuite"):
        names = [(case.get("classname"), case.get("name")) for case in suite.iter("testcase")]
        assert len(names) == len(set(names)) == int(suite.get("tests"))
        assert int(suite.get("failures")) == sum(1 for case in suite.iter("testcase") if case.find("failure") is not None)


def test_junit_fails_gaps_and_skips_not_applicable_and_waived(report) -> None:  # type: ignore[no-untyped-def]
    document = etree.fromstring(render("junit", report, "en").encode("utf-8"))
    cases = {(case.get("classname"), case.get("name").split()[0]): case for case in document.iter("testcase")}
    assert cases[("department.jtj", "DEPT-ENF-03")].find("skipped").get("message").startswith("waived: ")
    assert cases[("department.zjj", "DEPT-ENF-05")].find("failure").get("type") == "critical"
    assert cases[("department.yjj", "DEPT-ENF-05")].find("failure") is None
    skipped = [case for case in document.iter("testcase") if case.find("skipped") is not None]
    assert any(case.find("skipped").get("message") == "not applicable" for case in skipped)


def test_csv_has_a_row_per_finding_and_input_problem(report) -> None:  # type: ignore[no-untyped-def]
    text = render("csv", report, "zh")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    findings = [f for unit in report.units for f in unit.findings]
    assert len(rows) == len(findings) + len(report.input_errors)
    assert sum(1 for row in rows if row["status"] == "fail") == sum(1 for f in findings if f.status == "fail")
    waived = [row for row in rows if row["status"] == "waived"]
    assert {row["rule_id"] for row in waived} == {"DEPT-ENF-03", "DEPT-SUB-01", "ENT-INS-01"} and all(row["waiver"] for row in waived)


def _nasty_bundle(root: Path) -> Path:
    (root / "departments").mkdir(parents=True)
    (root / "audit.toml").write_text('jurisdiction = "测试市"\nyear = 2022\n', encoding="utf-8")
    (root / "departments" / "x.toml").write_text(f'id = "X1"\nname = {json.dumps(NASTY, ensure_ascii=False)}\n',
                                                 encoding="utf-8")
    return root


def test_values_from_records_cannot_inject_markup_or_formulas(tmp_path: Path) -> None:
    report = check(_nasty_bundle(tmp_path / "b"))
    assert report.units[0].name == NASTY
    markdown = render("markdown", report, "zh")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "\\| " in markdown
    junit = render("junit", report, "zh")
    etree.fromstring(junit.encode("utf-8"))  # still well-formed
    rows = list(csv.reader(io.StringIO(render("csv", report, "zh").lstrip("\ufeff"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any(cell == "'" + NASTY for row in rows for cell in row)
