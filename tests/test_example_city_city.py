"""The example city's city-level checks: exactly the planted blind spots, overlaps, relays, hazards and statistics."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, read_toml

from compliance.api import check
from compliance.findings import UnitReport

BUNDLE = FIXTURES / "example-city"
EXPECTED = read_toml(Path(__file__).parent / "data" / "example-city-city-expected.toml")
RULES = {rule["id"] for rule in read_toml(ROOT / "rulesets" / "city.toml")["rule"] if "city" in rule["applies_to"]}


@pytest.fixture(scope="module")
def city() -> UnitReport:
    """The city unit of the example city's report (checked last, after every enterprise)."""
    report = check(BUNDLE)
    assert report.units[-1].kind == "city"
    assert [unit.id for unit in report.units if unit.kind == "city"] == ["city"]
    return report.units[-1]


def test_city_gaps_are_exactly_the_planted_ones(city: UnitReport) -> None:
    expected = {(gap["rule"], item) for gap in EXPECTED["gap"] for item in gap["items"] or [""]}
    actual = {(f.rule_id, f.item) for f in city.findings if f.status == "fail"}
    assert sorted(expected - actual) == [], "planted but not reported"
    assert sorted(actual - expected) == [], "reported but not planted"
    assert not [f for f in city.findings if f.status == "error"]


# a category at 3 or more enterprises of one district and one industry needs more enterprises than the example
# city has; the rule's own examples cover its pass
NO_PASS_HERE = {"CITY-HAZ-01"}


def test_every_city_rule_passes_somewhere_too(city: UnitReport) -> None:
    passed = {f.rule_id for f in city.findings if f.status == "pass"}
    assert RULES - passed == NO_PASS_HERE, "each city rule also has a passing item in the example city"


def test_a_bundle_without_city_files_has_no_city_unit() -> None:
    report = check(FIXTURES / "broken" / "jsonl-lines")
    assert [unit for unit in report.units if unit.kind == "city"] == []
