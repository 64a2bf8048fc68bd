"""Rectification notices: every gap of a scored unit is a notice item with a stable id, a dated deadline by the
scheme and the proof that closes it; the next audit closes (销号), finds overdue or escalates (挂牌督办) last
year's items."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import FIXTURES

from compliance.api import Options, check
from compliance.check.notices import notice_id
from compliance.report.model import Finding, UnitReport
from compliance.rules.scheme import default_scheme_path

BUNDLE = FIXTURES / "example-city"
LAST_YEAR = FIXTURES / "example-city-2021-report.json"
WAIVERS = FIXTURES / "waivers" / "example-city-waivers.toml"


def _gaps(units: list[UnitReport]) -> list[tuple[UnitReport, Finding]]:
    return [(unit, finding) for unit in units for finding in unit.findings if finding.status == "fail"]


def test_every_gap_of_a_scored_unit_is_a_dated_notice_item() -> None:
    report = check(BUNDLE, Options(waivers=WAIVERS))
    for unit, finding in _gaps(report.units):
        if unit.kind == "city":
            assert finding.notice is None  # the office's own coordination findings: no notice to itself
            continue
        assert finding.notice is not None and finding.notice.id == notice_id(2022, unit.id, finding)
        assert finding.notice.deadline > "2022-12-31" and finding.notice.proof
    others = [f for unit in report.units for f in unit.findings if f.status in ("waived", "pending", "pass")]
    assert others and all(f.notice is None for f in others)


def test_deadlines_come_from_the_scheme_by_severity_immediacy_and_missing_data(tmp_path: Path) -> None:
    units = {unit.id: unit for unit in check(BUNDLE).units}
    relay = next(f for f in units["jtj"].findings if f.rule_id == "CITY-DIR-02" and f.status == "fail")
    assert relay.notice is not None and relay.notice.deadline == "2023-01-07"  # 立即: the audit date + 7 days
    workers = next(f for f in units["laojie"].findings if f.rule_id == "ENT-WRK-01" and f.status == "fail")
    assert workers.notice is not None and workers.notice.deadline == "2023-01-15"  # missing data: + 15 days
    assert workers.notice.proof.startswith("补报")
    scheme = default_scheme_path().read_text(encoding="utf-8").replace(
        "[scheme]", '[notice]\nimmediately_days = 3\nmissing_days = 10\n'
                    'days = { critical = 10, high = 20, medium = 20, low = 40 }\n\n[scheme]', 1)
    path = tmp_path / "scheme.toml"
    path.write_text(scheme, encoding="utf-8")
    redone = {unit.id: unit for unit in check(BUNDLE, Options(scheme=path)).units}
    relay = next(f for f in redone["jtj"].findings if f.rule_id == "CITY-DIR-02" and f.status == "fail")
    assert relay.notice is not None and relay.notice.deadline == "2023-01-03"


def test_the_same_audit_gives_the_same_item_ids() -> None:
    first = {f.notice.id for _, f in _gaps(check(BUNDLE).units) if f.notice}
    again = {f.notice.id for _, f in _gaps(check(BUNDLE, Options(as_of=dt.date(2022, 12, 31))).units) if f.notice}
    assert first == again and len(first) == sum(1 for u, _ in _gaps(check(BUNDLE).units) if u.kind != "city")


def test_the_next_audit_closes_finds_overdue_and_escalates_last_years_items() -> None:
    report = check(BUNDLE, Options(baseline=LAST_YEAR))
    notices = report.stats().tally.as_dict()["notices"]  # type: ignore[union-attr]
    assert notices["closed"] == 4  # the four gaps resolved since (a training plan issued, a quarter's meeting…)
    assert notices["escalated"] == 1 and notices["overdue"] > 0
    escalated = [item for item in notices["items"] if item["state"] == "escalated"]
    assert escalated[0]["id"] == "2021-hongyuan-ENT-HAZ-01-HY-H-2021-017"  # a major hazard open since 2021
    hazard = next(f for u in report.units if u.id == "hongyuan" for f in u.findings
                  if f.rule_id == "ENT-HAZ-01" and "HY-H-2021-017" in f.item)
    assert hazard.overdue == "escalated" and hazard.history == "persisting"
    insurance = next(f for u in report.units if u.id == "antai" for f in u.findings if f.rule_id == "ENT-INSU-01")
    assert insurance.overdue == "overdue"  # last year's item due 2022-01-30, the gap still there
