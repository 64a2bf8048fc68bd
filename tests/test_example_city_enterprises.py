"""The example city's enterprises: the report must show exactly the gaps planted in their records.

The expectations (tests/data/example-city-enterprises-expected.toml) were derived from the records and the text of
rulesets/enterprise.toml, independently of the tool. enterprises.jsonl holds one deliberately malformed line in the
middle: it must be reported as an input error naming the file and the line, and the lines after it still checked.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, read_toml

from compliance.api import check
from compliance.bundle.workbook.read import read_workbook
from compliance.records.workbook.layout import layout
from compliance.report.stats import Report

BUNDLE = FIXTURES / "example-city"
RULESET = ROOT / "rulesets" / "enterprise.toml"
CITY_RULESET = ROOT / "rulesets" / "city.toml"

Gap = tuple[str, str, str]


EXPECTED = read_toml(ROOT / "tests" / "data" / "example-city-enterprises-expected.toml")
# the enterprise pack's rules, and the city pack's rules that apply to enterprises (CITY-HAZ-02, repeat hazards)
RULES: dict[str, dict[str, Any]] = {rule["id"]: rule for path in (RULESET, CITY_RULESET) for rule in read_toml(path)["rule"]
                                    if "enterprise" in rule["applies_to"]}


def _jsonl_ids(name: str, bundle: Path = BUNDLE) -> dict[int, str | None]:
    """Line number -> enterprise id of every line of a JSONL file of the bundle (None: the line does not parse)."""
    ids: dict[int, str | None] = {}
    for number, line in enumerate((bundle / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            ids[number] = json.loads(line)["id"]
        except (json.JSONDecodeError, KeyError, TypeError):
            ids[number] = None
    return ids


def _record_ids() -> set[str]:
    """Ids of every well-formed enterprise record of the bundle (one per TOML file, one per valid JSONL line, those of
    the workbooks)."""
    ids = {read_toml(path)["id"] for path in sorted((BUNDLE / "enterprises").glob("*.toml"))}
    for path in sorted((BUNDLE / "enterprises").glob("*.xlsx")):
        ids |= {record["id"] for record in read_workbook(path, path.name, layout("enterprise")).records}
    ids |= {value for value in _jsonl_ids("enterprises.jsonl").values() if value is not None}
    return ids


@pytest.fixture(scope="module")
def report() -> Report:
    """The example city checked once for the whole module (Path as in the README: the bundle folder)."""
    return check(BUNDLE)


def _expected_gaps() -> set[Gap]:
    """(unit, rule, item) of every planted enterprise gap; an empty item list is one finding for the enterprise."""
    return {(gap["unit"], gap["rule"], item) for gap in EXPECTED["gap"] for item in (gap["items"] or [""])}


def _enterprise_fails(report: Report) -> set[Gap]:
    """(unit, rule, item) of every fail finding of an enterprise unit."""
    return {(unit.id, f.rule_id, f.item) for unit in report.units if unit.kind == "enterprise"
            for f in unit.findings if f.status == "fail"}


def test_expected_file_is_consistent() -> None:
    """EXPECTED only names enterprises of the bundle and rules of the enterprise pack; the data hold a broken line."""
    ids = _record_ids()
    assert {gap["unit"] for gap in EXPECTED["gap"]} <= ids
    assert {gap["rule"] for gap in EXPECTED["gap"]} <= set(RULES)
    assert set(EXPECTED["compliant"]) <= ids
    assert not {gap["unit"] for gap in EXPECTED["gap"]} & set(EXPECTED["compliant"])
    for broken in EXPECTED["broken_lines"]:
        bundle = ROOT / "fixtures" / broken["bundle"]
        assert _jsonl_ids(broken["file"], bundle)[broken["line"]] is None, "the planted line must really be malformed"


def test_every_enterprise_record_is_checked(report: Report) -> None:
    """Every well-formed enterprise record (TOML file or JSONL line) is a unit of kind enterprise in the report."""
    units = {unit.id: unit.kind for unit in report.units}
    missing = sorted(ident for ident in _record_ids() if ident not in units)
    assert missing == [], "enterprise records read but not in the report"
    assert {ident: units[ident] for ident in _record_ids()} == {ident: "enterprise" for ident in _record_ids()}


def test_fail_findings_are_exactly_the_planted_gaps(report: Report) -> None:
    """The enterprises' gaps equal EXPECTED's: nothing missed, nothing extra."""
    actual, expected = _enterprise_fails(report), _expected_gaps()
    assert sorted(expected - actual) == [], "planted but not reported"
    assert sorted(actual - expected) == [], "reported but not planted"


def test_compliant_enterprise_has_no_gap(report: Report) -> None:
    """The fully compliant enterprise has no fail (or error) finding and a full score."""
    by_id = {unit.id: unit for unit in report.units}
    for unit_id in EXPECTED["compliant"]:
        unit = by_id[unit_id]
        assert unit.kind == "enterprise"
        assert [(f.rule_id, f.item, f.message) for f in unit.findings if f.status in ("fail", "error")] == []
        assert unit.score == 100


def test_every_enterprise_rule_passes_and_fails_somewhere(report: Report) -> None:
    """Each rule of enterprise.toml has at least one pass and one fail finding among the enterprises."""
    seen: dict[str, set[str]] = {rule_id: set() for rule_id in RULES}
    for unit in report.units:
        if unit.kind != "enterprise":
            continue
        for finding in unit.findings:
            if finding.rule_id in seen:
                seen[finding.rule_id].add(finding.status)
    missing = {rule_id: sorted({"pass", "fail"} - statuses) for rule_id, statuses in seen.items()
               if not {"pass", "fail"} <= statuses}
    assert missing == {}


def _names_line(text: str, line: int, record: bool) -> bool:
    """Does an input error's record (a bare or bracketed number, 'line N') or message ('第N行', 'line N') name the line?"""
    if record:
        return re.search(rf"(?<!\d){line}(?!\d)", text) is not None
    return re.search(rf"第\s*{line}\s*行|\bline\s*{line}(?!\d)|行\s*{line}(?!\d)|:{line}(?!\d)", text,
                     re.IGNORECASE) is not None


@pytest.mark.parametrize("broken", EXPECTED["broken_lines"], ids=lambda b: f"{b['file']}:{b['line']}")
def test_broken_line_is_an_input_error_and_later_lines_are_checked(broken: dict[str, Any]) -> None:
    """The malformed line is one input error naming the file and its line; the records after it are in the report."""
    bundle = ROOT / "fixtures" / broken["bundle"]
    report = check(bundle)
    line = broken["line"]
    errors = [e for e in report.input_errors if e.file == broken["file"]]
    naming = [e for e in errors if _names_line(e.record, line, True) or _names_line(e.message, line, False)
              or _names_line(e.message_en, line, False)]
    assert naming, f"no input error names {broken['file']} line {line}: {[e.text() for e in errors]}"
    assert any(e.severity == "error" for e in naming), "a record that could not be read is an error, not a warning"
    later = {ident for number, ident in _jsonl_ids(broken["file"], bundle).items()
             if number > line and ident is not None}
    assert later, "the planted broken line must have records after it"
    enterprises = {unit.id for unit in report.units if unit.kind == "enterprise"}
    assert sorted(later - enterprises) == [], "records after the broken line were not checked"


def test_no_error_findings(report: Report) -> None:
    """No finding of any unit has status error (the engine gave one clear result for every rule and item)."""
    assert [(u.id, f.rule_id, f.item, f.message) for u in report.units for f in u.findings if f.status == "error"] == []


def test_training_gap_carries_its_penalty(report: Report) -> None:
    """A fail of ENT-WRK-01 quotes its penalty provision, 安全生产法 第九十七条第（三）项."""
    fails = [f for u in report.units if u.kind == "enterprise" for f in u.findings
             if f.rule_id == "ENT-WRK-01" and f.status == "fail"]
    assert fails
    for finding in fails:
        assert finding.penalty is not None
        assert finding.penalty.article == "第九十七条第（三）项"
        assert finding.penalty.text == RULES["ENT-WRK-01"]["penalty"]["text"]
