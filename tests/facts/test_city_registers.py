"""Facts of the committee office's registers: one per accident and per commendation, with names, ranks and the
audit year; a value the register leaves out stays out of the fact; the city fact says which registers were given."""
from __future__ import annotations

import datetime as dt
from typing import Any

from compliance.bundle.load import LoadedUnit
from compliance.core.dates import day_number
from compliance.facts.city import build as build_city_facts
from compliance.facts.schema import fact_types
from compliance.records.audit import Audit
from compliance.records.catalog import merged_catalog
from compliance.records.city import City

AUDIT = Audit(jurisdiction="测试市", year=2022)
UNITS = [{"id": "xcq", "name": "西城区", "kind": "district"}, {"id": "zjj", "name": "市住房和城乡建设局"}]
LARGER = {"id": "AC-2022-03", "occurred_on": "2022-06-18", "level": "较大事故", "deaths": 3, "injuries": 2,
          "industry": "建设施工", "district": "xcq", "department": "zjj", "enterprise": "chengjian3",
          "reported_by": "xcq", "reported_on": "2022-06-18", "reporting": "及时"}


def _built(**record: Any) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    city = City.model_validate({"units": UNITS, **record})
    built = build_city_facts(LoadedUnit("city", city, ""), AUDIT, merged_catalog())
    return {fact["id"]: fact for fact in built.facts}, built.meta


def _fields(fact: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fact.items() if name not in ("sid", "id", "t", "year", "year_start",
                                                                         "year_end", "as_of")}


def test_an_accident_fact_holds_codes_names_rank_and_days() -> None:
    facts, meta = _built(accidents=[LARGER], has_accidents=True)
    assert _fields(facts["accident:0"]) == {
        "accident_id": "AC-2022-03", "day": day_number(dt.date(2022, 6, 18)), "in_year": True,
        "level": "larger", "level_rank": 2, "deaths": 3, "injuries": 2,
        "industry": "construction", "industry_name": "建设施工", "district": "xcq", "district_name": "西城区",
        "department": "zjj", "department_name": "市住房和城乡建设局", "enterprise": "chengjian3",
        "reported_by": "xcq", "reported_by_name": "西城区", "reported": day_number(dt.date(2022, 6, 18)),
        "reporting": "on_time", "investigation_due": day_number(dt.date(2022, 8, 17))}
    where = meta["accident:0"]
    assert (where.file, where.path, where.key) == ("city/accidents.toml", "accident[0]", "AC-2022-03")
    assert where.label_zh == "2022-06-18较大事故（AC-2022-03）"


def test_absent_values_stay_absent_and_last_year_is_not_in_year() -> None:
    facts, _ = _built(accidents=[{"id": "A9", "occurred_on": "2021-12-20", "reported_by": "somewhere"}])
    assert _fields(facts["accident:0"]) == {
        "accident_id": "A9", "day": day_number(dt.date(2021, 12, 20)), "in_year": False,
        "reported_by": "somewhere", "reported_by_name": "somewhere",  # a unit not in the bundle: named by its id
        "investigation_due": day_number(dt.date(2022, 2, 18))}  # 60 days on, whatever the register says


def test_a_commendation_fact_holds_the_unit_level_and_year() -> None:
    facts, meta = _built(commendations=[{"id": "CM-1", "unit": "xcq", "title": "先进单位", "level": "市级",
                                         "issued_by": "市安全生产委员会", "issued_on": "2022-02-15"}])
    fact = _fields(facts["commendation:0"])
    assert {name: fact[name] for name in ("commendation_id", "unit", "unit_name", "title", "level", "level_rank",
                                          "issued_by", "in_year")} == {
        "commendation_id": "CM-1", "unit": "xcq", "unit_name": "西城区", "title": "先进单位", "level": "municipal",
        "level_rank": 1, "issued_by": "市安全生产委员会", "in_year": True}
    assert (meta["commendation:0"].file, meta["commendation:0"].path) == ("city/commendations.toml", "commendation[0]")


def test_level_ranks_follow_the_levels() -> None:
    levels = ["一般", "较大", "重大", "特别重大"]
    facts, _ = _built(accidents=[{"id": f"A{i}", "occurred_on": "2022-03-01", "level": level}
                                 for i, level in enumerate(levels)],
                      commendations=[{"id": f"C{i}", "unit": "xcq", "title": "t", "issued_on": "2022-03-01",
                                      "level": level} for i, level in enumerate(["市级", "省级", "国家级"])])
    assert [facts[f"accident:{i}"]["level_rank"] for i in range(4)] == [1, 2, 3, 4]
    assert [facts[f"commendation:{i}"]["level_rank"] for i in range(3)] == [1, 2, 3]


def test_the_city_fact_says_which_registers_were_given_even_empty() -> None:
    facts, _ = _built(has_accidents=True)
    assert (facts["city:0"]["accident_register"], facts["city:0"]["commendation_register"]) == (True, False)
    assert not [name for name in facts if name.startswith(("accident:", "commendation:"))]


def test_every_field_points_into_the_register_and_says_what_the_finding_is_about() -> None:
    types = fact_types()
    assert types["accident"].about == ("accident_id", "day")
    assert types["commendation"].about == ("commendation_id", "title")
    for name in ("accident", "commendation"):
        assert all(spec.source for spec in types[name].fields.values() if spec.zh not in (
            "检查年度", "年度起始日", "年度截止日", "检查基准日")), name


def test_the_reporting_times_give_the_minutes_begun_between_receiving_and_reporting() -> None:
    facts, _ = _built(accidents=[
        {"id": "A", "occurred_on": "2022-08-03", "received_at": "2022-08-03T15:10", "reported_at": "2022-08-03 17:10:01"},
        {"id": "B", "occurred_on": "2022-08-03", "received_at": "2022-08-03T15:10:00+08:00",
         "reported_at": "2022-08-03T16:10:00+07:00"},
        {"id": "C", "occurred_on": "2022-08-03", "reported_at": "2022-08-03T15:10"}])
    assert (facts["accident:0"]["report_minutes"], facts["accident:0"]["received_time"]) == (121, "2022-08-03 15:10")
    assert facts["accident:1"]["report_minutes"] == 120  # both with an offset: compared in one time
    assert "report_minutes" not in facts["accident:2"] and facts["accident:2"]["reported_time"] == "2022-08-03 15:10"


def test_the_investigation_is_charged_by_level_and_its_deadline_counts_extension_and_appraisal() -> None:
    june18 = day_number(dt.date(2022, 6, 18))
    facts, _ = _built(accidents=[
        {"id": "G", "occurred_on": "2022-06-18", "level": "一般", "district": "xcq"},
        {"id": "L", "occurred_on": "2022-06-18", "level": "较大", "district": "xcq", "investigation": "调查中"},
        {"id": "Y", "occurred_on": "2022-06-18", "level": "较大", "investigated_by": "zjj",
         "investigation_extended_days": 90, "appraisal_days": 5, "investigation_closed_on": "2022-10-01",
         "investigation": "ongoing", "responsible_persons": 3, "responsible_persons_handled": 2}])
    general, larger, authorised = facts["accident:0"], facts["accident:1"], facts["accident:2"]
    assert (general["investigation_unit"], general["investigation_unit_name"]) == ("xcq", "西城区")
    assert general["investigation_due"] == june18 + 60 and "investigation_state" not in general
    assert "investigation_unit" not in larger and larger["investigation_state"] == "ongoing"  # the city government's
    assert (authorised["investigation_unit"], authorised["investigation_state"]) == ("zjj", "closed")  # a date: closed
    assert authorised["investigation_due"] == june18 + 60 + 60 + 5  # an extension of 90 days counts as 60
    assert (authorised["persons_responsible"], authorised["persons_handled"]) == (3, 2)


def test_a_statistics_report_is_set_beside_the_register_by_unit_kind_and_period() -> None:
    accidents = [
        {"id": "A1", "occurred_on": "2022-03-05", "district": "xcq", "department": "zjj", "deaths": 2},
        {"id": "A2", "occurred_on": "2022-06-30", "district": "xcq", "department": "other", "deaths": 1},
        {"id": "A3", "occurred_on": "2022-07-01", "district": "xcq", "department": "zjj", "deaths": 5},
        {"id": "A4", "occurred_on": "2022-05-01", "district": "dcq", "department": "zjj"}]
    reports = [{"id": "R1", "unit": "xcq", "period": "H1", "accidents": 1, "deaths": "*"},
               {"id": "R2", "unit": "zjj", "period": "2022H1", "accidents": 2, "deaths": 2, "submitted_on": "2022-04-01"},
               {"id": "R3", "unit": "zjj", "period": "上半年", "accidents": 0},
               {"id": "R4", "unit": "nobody", "period": "2022H1", "accidents": 0}]
    facts, meta = _built(accidents=accidents, reports=reports)
    district = _fields(facts["stat_register:0.accidents"])
    assert {name: district[name] for name in ("reported", "register", "register_ids", "attributed")} == {
        "reported": 1, "register": 2, "register_ids": "A1、A2", "attributed": "发生在西城区"}
    assert "reported" not in facts["stat_register:0.deaths"] and facts["stat_register:0.deaths"]["register"] == 3
    department = facts["stat_register:1.accidents"]  # submitted on 2022-04-01: A4 (May) could not be counted
    assert (department["register"], department["register_ids"], department["attributed"]) == (
        1, "A1", "行业监管部门为市住房和城乡建设局")
    assert not [name for name in facts if name.startswith(("stat_register:2.", "stat_register:3."))]
    where = meta["stat_register:0.accidents"]
    assert (where.file, where.path, where.key, where.period) == ("city/statistics.toml", "report[0]",
                                                                 "xcq/2022H1/accidents/register", "2022H1")
    assert where.label_zh == "报表西城区 H1的事故起数（与事故台账核对）"


def test_without_an_accident_register_no_report_is_compared() -> None:
    facts, _ = _built(reports=[{"id": "R1", "unit": "xcq", "period": "2022H1", "accidents": 1}])
    assert not [name for name in facts if name.startswith("stat_register:")]
    facts, _ = _built(reports=[{"id": "R1", "unit": "xcq", "period": "2022H1", "accidents": 1}], has_accidents=True)
    assert facts["stat_register:0.accidents"]["register"] == 0


def test_a_mid_year_check_knows_nothing_closed_or_submitted_after_its_date() -> None:
    city = City.model_validate({"units": UNITS, "has_accidents": True, "accidents": [
        {"id": "A", "occurred_on": "2022-06-18", "level": "一般", "district": "xcq", "investigation_closed_on": "2022-08-01"}],
        "reports": [{"id": "R1", "unit": "xcq", "period": "2022H1", "submitted_on": "2022-07-20", "accidents": 0}]})
    mid_year = Audit(jurisdiction="测试市", year=2022, as_of=dt.date(2022, 7, 15))
    facts = {fact["id"]: fact for fact in build_city_facts(LoadedUnit("city", city, ""), mid_year, merged_catalog()).facts}
    assert facts["accident:0"]["investigation_state"] == "ongoing" and "investigation_closed" not in facts["accident:0"]
    assert not [name for name in facts if name.startswith("stat_register:")]
