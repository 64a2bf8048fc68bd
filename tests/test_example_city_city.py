"""The example city's city-level checks: exactly the planted blind spots, overlaps, relays, hazards, statistics and
accident reports, each charged to the unit that answers for it (what none answers for stays with the city)."""
from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, ROOT, read_toml

from compliance.api import Options, check, check_bundle, load_packs
from compliance.bundle.load import load_bundle
from compliance.report.model import UnitReport
from compliance.report.scoring import deductions
from compliance.report.stats import Report

BUNDLE = FIXTURES / "example-city"
EXPECTED = read_toml(ROOT / "tests" / "data" / "example-city-city-expected.toml")
RULES = {rule["id"] for rule in read_toml(ROOT / "rulesets" / "city.toml")["rule"] if "city" in rule["applies_to"]}


@pytest.fixture(scope="module")
def report() -> Report:
    """The example city's report."""
    return check(BUNDLE)


@pytest.fixture(scope="module")
def city(report: Report) -> UnitReport:
    """The city unit of the example city's report (reported last, after every enterprise)."""
    assert report.units[-1].kind == "city"
    assert [unit.id for unit in report.units if unit.kind == "city"] == ["city"]
    return report.units[-1]


def test_city_gaps_are_exactly_the_planted_ones_each_under_the_unit_that_answers(report: Report) -> None:
    expected = {(gap["unit"], gap["rule"], item) for gap in EXPECTED["gap"] for item in gap["items"] or [""]}
    actual = {(unit.id, f.rule_id, f.item) for unit in report.units for f in unit.findings
              if f.status == "fail" and f.rule_id in RULES}
    assert sorted(expected - actual) == [], "planted but not reported"
    assert sorted(actual - expected) == [], "reported but not planted"
    assert not [f for unit in report.units for f in unit.findings if f.status == "error"]


def test_a_charged_gap_costs_its_unit_points_and_names_what_it_is_about(report: Report) -> None:
    jtj = next(unit for unit in report.units if unit.id == "jtj")
    relay = next(f for f in jtj.findings if f.rule_id == "CITY-DIR-02" and f.status == "fail")
    assert relay.evidence["about"] == {"directive": "W-2022-07", "title": "关于进一步强化安全生产责任落实的若干措施"}
    assert relay.where.file == "city/directives.toml" and relay.where.line is not None
    statistics = next(f for f in jtj.findings if f.rule_id == "CITY-STAT-01" and f.status == "fail")
    assert statistics.evidence["about"] == {"report_id": "ST-2022H1-jtj", "period": "2022H1"}
    deducted = deductions(jtj.findings)
    assert {"CITY-DIR-02": 3.0, "CITY-STAT-01": 2.0, "CITY-STAT-03": 2.0, "CITY-STAT-04": 2.0}.items() <= deducted.items()
    assert jtj.score == 100 - sum(deducted.values())
    assert ("CITY-DIR-01", "pass") in {(f.rule_id, f.status) for f in jtj.findings}  # its relays received, on record


def test_the_city_is_not_scored_or_ranked(report: Report, city: UnitReport) -> None:
    assert city.score is None
    assert "city" not in {unit.kind for unit in report.stats().ranking()}


# a category at 3 or more enterprises of one district and one industry needs more enterprises than the example
# city has; the rule's own examples cover its pass
NO_PASS_HERE = {"CITY-HAZ-01"}


def test_every_city_rule_passes_somewhere_too(report: Report) -> None:
    passed = {f.rule_id for unit in report.units for f in unit.findings if f.status == "pass"}
    assert RULES - passed == NO_PASS_HERE, "each city rule also has a passing item in the example city"


def test_a_bundle_without_city_files_has_no_city_unit() -> None:
    report = check(FIXTURES / "broken" / "jsonl-lines")
    assert [unit for unit in report.units if unit.kind == "city"] == []


CONSISTENT = {
    "departments/d1.toml": 'id = "D1"\nname = "市燃气局"\nsupervises = [{ industry = "gas", role = "lead" }, '
                           '{ industry = "food_delivery", role = "lead" }]\n',
    "departments/d2.toml": 'id = "D2"\nname = "市商务局"\nsupervises = [{ industry = "commerce", role = "lead" }, '
                           '{ industry = "gas", role = "support" }]\n',
    "districts/a.toml": 'id = "A"\nname = "甲区"\nsupervises = [{ industry = "commerce", role = "lead" }]\n',
    "enterprises/e1.toml": 'id = "E1"\nname = "燃气一"\nindustry = "gas"\ndistrict = "A"\nsupervisor = "D1"\n'
                           'hazards = [{ id = "H1", category = "阀门锈蚀", found_on = 2022-03-01, rectified_on = 2022-03-05 }]\n',
    "enterprises/e2.toml": 'id = "E2"\nname = "商场二"\nindustry = "commerce"\ndistrict = "A"\nsupervisor = "D2"\n',
    "city/industries.toml": '[[industry]]\ncode = "gas"\n[[industry]]\ncode = "commerce"\n'
                            '[[industry]]\ncode = "food_delivery"\n[[industry]]\ncode = "fishery"\nin_scope = false\n',
    "city/directives.toml": '[[directive]]\nid = "W1"\ntitle = "通知"\nissued_on = 2022-05-01\nscope = ["D1", "A"]\n'
                            'relay_within_days = 7\n'
                            '[[directive.relays]]\nunit = "D1"\nreceived_on = 2022-05-01\nrelayed_on = 2022-05-08\n'
                            'enterprises = ["E1"]\n'
                            '[[directive.relays]]\nunit = "A"\nreceived_on = 2022-05-02\nrelayed_on = 2022-05-03\n'
                            'enterprises = ["E1", "E2"]\n',
    "city/statistics.toml": '[[report]]\nid = "R1"\nunit = "D1"\nperiod = "2022H1"\ndue_on = 2022-07-10\n'
                            'submitted_on = 2022-07-10\naccidents = 7\ndeaths = 1\ninjuries = 0\nprev_accidents = 8\n'
                            'prev_deaths = 1\nprev_injuries = 2\nstated_accidents_change = -1\n'
                            'stated_accidents_change_pct = -12.5\nstated_deaths_change = 0\nstated_deaths_change_pct = 0\n',
}


def test_a_consistent_city_gets_no_city_gap(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    report = check(bundle_dir(CONSISTENT))
    city = [unit for unit in report.units if unit.kind == "city"][0]
    assert [(f.rule_id, f.item, f.message) for f in city.findings if f.status in ("fail", "error")] == []
    assert [(u.id, f.rule_id) for u in report.units for f in u.findings
            if f.rule_id in RULES and f.status in ("fail", "error")] == []
    assert not [e for e in report.input_errors if e.severity == "error"]
    assert not [f for u in report.units for f in u.findings if f.rule_id == "CITY-HAZ-02" and f.status == "fail"]


def test_a_concealed_accident_is_charged_to_the_district_that_had_to_report_it(report: Report,
                                                                                city: UnitReport) -> None:
    dcq = next(unit for unit in report.units if unit.id == "dcq")
    concealed = [f for f in dcq.findings if f.rule_id == "CITY-ACC-01" and f.status == "fail"]
    assert [(f.item, f.points, f.severity) for f in concealed] == [("2022-09-14一般事故（AC-2022-11）", 10.0, "critical")]
    gap = concealed[0]
    assert gap.evidence["about"] == {"accident_id": "AC-2022-11", "day": "2022-09-14"}
    assert (gap.where.file, gap.where.field) == ("city/accidents.toml", "accident[2].reporting")
    assert gap.where.line is not None and gap.penalty is not None and gap.penalty.article == "第一百一十一条"
    assert deductions(dcq.findings)["CITY-ACC-01"] == 10.0
    # every accident names its reporter; the one whose reporting the register does not establish, and the one whose
    # responsible persons' handling it does not record, are missing data in the office's own register, which stays
    # with the office
    assert [(f.rule_id, f.gap) for f in city.findings if f.rule_id.startswith("CITY-ACC-") and f.status == "fail"] \
        == [("CITY-ACC-01", "missing_data"), ("CITY-ACC-04", "missing_data")]


def test_an_accident_nobody_had_to_report_stays_with_the_city(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    report = check(bundle_dir({**CONSISTENT, "city/accidents.toml": '[[accident]]\nid = "A1"\n'
                                                                    'occurred_on = 2022-05-02\nreporting = "谎报"\n'}))
    charged = {(unit.kind, f.rule_id, f.status) for unit in report.units for f in unit.findings
               if f.rule_id.startswith("CITY-ACC-")}
    # neither its level nor a district nor who investigated: the investigation and the accountability stay with the
    # city too (missing data: the register says nothing of them)
    assert charged == {("city", "CITY-ACC-01", "fail"), ("city", "CITY-ACC-02", "pass"), ("city", "CITY-ACC-03", "fail"),
                       ("city", "CITY-ACC-04", "fail")}


def test_without_the_registers_the_report_is_as_before_but_for_the_accident_rules_that_do_not_apply(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bundle = tmp_path / "example-city"
    shutil.copytree(BUNDLE, bundle)
    for name in ("accidents.toml", "commendations.toml"):
        (bundle / "city" / name).unlink()
    packs = load_packs()
    register_rules = ("CITY-ACC-", "CITY-STAT-06")
    before_packs = [pack.model_copy(update={"rule": tuple(r for r in pack.rule if not r.id.startswith(register_rules))})
                    for pack in packs]
    before = check_bundle(load_bundle(bundle), before_packs, Options())
    after = check_bundle(load_bundle(bundle), packs, Options())

    def shown(unit: UnitReport) -> tuple[object, ...]:
        return unit.id, unit.score, [(f.rule_id, f.status, f.item, f.message, f.points, f.count) for f in unit.findings
                                     if not f.rule_id.startswith(register_rules)]
    assert [shown(unit) for unit in after.units] == [shown(unit) for unit in before.units]
    assert after.input_errors == before.input_errors
    added = [(unit.id, f.rule_id, f.status, f.message, f.points) for unit in after.units for f in unit.findings
             if f.rule_id.startswith(register_rules)]
    assert sorted(added) == [("city", rule, "not_applicable", message, 0.0) for rule, message in (
        ("CITY-ACC-01", "事故台账中无检查年度内发生的生产安全事故"),
        ("CITY-ACC-02", "事故台账中无检查年度内发生的生产安全事故"),
        ("CITY-ACC-03", "事故台账中无检查年度内发生的一般或较大生产安全事故"),
        ("CITY-ACC-04", "事故台账中无检查年度内发生且调查已结案的生产安全事故"),
        ("CITY-STAT-06", "无可与事故台账核对的统计报表（报送单位为本记录包中的部门或区、统计期可识别、数字已填报）"))]


def test_the_investigation_and_the_accountability_are_charged_to_who_investigated(report: Report) -> None:
    by_unit = {unit.id: unit for unit in report.units}
    late = [f for f in by_unit["zjj"].findings if f.rule_id == "CITY-ACC-03" and f.status == "fail"]
    assert [(f.item, f.points, f.where.field) for f in late] == [
        ("2022-06-18较大事故（AC-2022-03）", 4.0, "accident[0].investigation_closed_on")]
    assert late[0].evidence["about"] == {"accident_id": "AC-2022-03", "day": "2022-06-18"}
    assert [c.article for c in late[0].cites][:1] == ["第二十九条"]
    # 西城区's investigation of a November accident is not yet due: pending, with its deadline, costing nothing
    pending = [f for f in by_unit["xcq"].findings if f.rule_id == "CITY-ACC-03" and f.status == "pending"]
    assert [(f.item, f.evidence["due"], f.points) for f in pending] == [("2022-11-07一般事故（AC-2022-15）", "2023-01-06", 0.0)]
    handled = [f for f in by_unit["dcq"].findings if f.rule_id == "CITY-ACC-04" and f.status == "fail"]
    assert [(f.item, f.where.field) for f in handled] == [("2022-09-14一般事故（AC-2022-11）",
                                                           "accident[2].responsible_persons_handled")]
    assert handled[0].penalty is not None and handled[0].penalty.article == "第四十二条"
    assert {c.text for c in handled[0].cites} >= {"对事故和隐患相关责任人必须严肃处理、追责问责"}


def test_a_report_later_than_two_hours_by_the_registers_times_is_late_whatever_it_says(report: Report) -> None:
    scjgj = next(unit for unit in report.units if unit.id == "scjgj")
    late = [f for f in scjgj.findings if f.rule_id == "CITY-ACC-02" and f.status == "fail"]
    assert [(f.item, f.where.field) for f in late] == [("2022-11-07一般事故（AC-2022-15）", "accident[3].reported_at")]
    assert "200分钟" in late[0].message and "条例" not in late[0].message


def test_a_district_report_short_of_the_register_is_the_districts_gap(report: Report) -> None:
    dcq = next(unit for unit in report.units if unit.id == "dcq")
    short = [f for f in dcq.findings if f.rule_id == "CITY-STAT-06" and f.status == "fail"]
    assert [(f.where.file, f.where.field, f.evidence["about"]) for f in short] == [
        ("city/statistics.toml", f"report[4].{measure}", {"report_id": "ST-2022Q3-dcq", "period": "2022Q3"})
        for measure in ("accidents", "deaths")]
    assert all("AC-2022-07、AC-2022-11" in f.message for f in short)
    assert deductions(dcq.findings)["CITY-STAT-06"] == 4.0
