"""The bundled example city: its report must show exactly the gaps planted and stated in EXPECTED.toml."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, read_toml

from compliance import formatters
from compliance.api import check
from compliance.cli.main import main
from compliance.report.stats import Report

BUNDLE = FIXTURES / "example-city"
RULESET = ROOT / "rulesets" / "department.toml"

Gap = tuple[str, str, str]


EXPECTED = read_toml(ROOT / "tests" / "data" / "example-city-expected.toml")
RULES: dict[str, dict[str, Any]] = {rule["id"]: rule for rule in read_toml(RULESET)["rule"]}


@pytest.fixture(scope="module")
def report() -> Report:
    """The example city's departments and districts, checked once for the whole module (enterprises: own test)."""
    full = check(BUNDLE)
    ours = ("departments/", "districts/", "audit.toml")
    return Report(full.info, [u for u in full.units if u.kind in ("department", "district")],
                  [e for e in full.input_errors if e.file.startswith(ours)])


def _expected_gaps() -> set[Gap]:
    """(unit, rule, item) of every planted gap; an empty item list is one finding for the whole unit."""
    return {(gap["unit"], gap["rule"], item) for gap in EXPECTED["gap"] for item in (gap["items"] or [""])}


def _fails(report: Report) -> set[Gap]:
    """(unit, rule, item) of every fail finding of the department pack (the city's charged gaps: their own test)."""
    return {(unit.id, f.rule_id, f.item) for unit in report.units for f in unit.findings
            if f.status == "fail" and f.rule_id in RULES}


def test_fail_findings_are_exactly_the_planted_gaps(report: Report) -> None:
    """The report's gaps equal EXPECTED.toml's: nothing missed, nothing extra."""
    actual, expected = _fails(report), _expected_gaps()
    assert sorted(expected - actual) == [], "planted but not reported"
    assert sorted(actual - expected) == [], "reported but not planted"


def test_expected_names_real_units_and_rules(report: Report) -> None:
    """EXPECTED.toml only names units of the bundle and rules of the pack."""
    units = {unit.id for unit in report.units}
    assert {gap["unit"] for gap in EXPECTED["gap"]} <= units
    assert {gap["rule"] for gap in EXPECTED["gap"]} <= set(RULES)
    assert set(EXPECTED["compliant"]) <= units


def test_compliant_department_has_no_gap(report: Report) -> None:
    """The fully compliant department has no fail (or error) finding, and it is a department."""
    by_id = {unit.id: unit for unit in report.units}
    for unit_id in EXPECTED["compliant"]:
        unit = by_id[unit_id]
        assert unit.kind == "department"
        assert [f.rule_id for f in unit.findings if f.status in ("fail", "error")] == []
        assert unit.sheet is not None and unit.sheet.base == 100  # its score may add a bonus
    others = [unit.id for unit in report.units if unit.id not in EXPECTED["compliant"]
              and not any(f.status == "fail" for f in unit.findings)]
    assert others == [], "only the compliant department may be free of gaps"


def test_every_rule_passes_and_fails_somewhere(report: Report) -> None:
    """Each rule of department.toml has a pass and a fail finding among the units it applies to."""
    seen: dict[str, set[str]] = {rule_id: set() for rule_id in RULES}
    for unit in report.units:
        for finding in unit.findings:
            if finding.rule_id in seen and unit.kind in RULES[finding.rule_id]["applies_to"]:
                seen[finding.rule_id].add(finding.status)
    missing = {rule_id: sorted({"pass", "fail"} - statuses) for rule_id, statuses in seen.items()
               if not {"pass", "fail"} <= statuses}
    assert missing == {}


def test_no_errors(report: Report) -> None:
    """No engine error finding and no input error of severity error."""
    assert [(u.id, f.rule_id, f.item) for u in report.units for f in u.findings if f.status == "error"] == []
    assert [e.text() for e in report.input_errors if e.severity == "error"] == []


def test_json_report_is_deterministic(tmp_path: Path) -> None:
    """Two runs of `compliance check --format json` write byte-identical files."""
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for output in (first, second):
        assert main(["check", str(BUNDLE), "--format", "json", "--output", str(output)]) == 1
    assert first.read_bytes() == second.read_bytes()


def _unit_block(text: str, unit_id: str) -> str:
    """The part of the text report about one unit."""
    blocks = [block for block in text.split("\n== ") if f"({unit_id}, " in block.split("\n", 1)[0]]
    assert len(blocks) == 1, unit_id
    return blocks[0]


@pytest.mark.parametrize(("unit_id", "rule_id", "item"), [
    ("zjj", "DEPT-ENF-05", "ZJ-H-2022-031"),
    ("jtj", "DEPT-LEAD-02", "钱文静（副局长）"),
    ("whlyj", "DEPT-PRL-01", "未提供"),
])
def test_text_report_explains_a_gap(report: Report, unit_id: str, rule_id: str, item: str) -> None:
    """The Chinese text report shows a planted gap with its rule id, title, quoted sources and remedy."""
    block = _unit_block(formatters.render("text", report, "zh"), unit_id)
    rule = RULES[rule_id]
    assert f"{rule_id} {rule['title']}" in block
    assert item in block
    for cite in rule["cite"]:
        assert cite["text"] in block
    assert rule["remediation"] in block


def test_cli_text_report_in_chinese(tmp_path: Path) -> None:
    """`compliance check --lang zh` writes the same gap explanation through the CLI."""
    output = tmp_path / "report.txt"
    assert main(["check", str(BUNDLE), "--lang", "zh", "--output", str(output)]) == 1
    block = _unit_block(output.read_text(encoding="utf-8"), "zjj")
    rule = RULES["DEPT-MEET-01"]
    assert f"DEPT-MEET-01 {rule['title']}" in block
    assert "2022年第二季度" in block  # the fourth quarter's 党组会 has a dedicated safety item: it counts
    assert rule["cite"][0]["text"] in block
    assert rule["remediation"] in block
