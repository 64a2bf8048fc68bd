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
        "reporting": "on_time"}
    where = meta["accident:0"]
    assert (where.file, where.path, where.key) == ("city/accidents.toml", "accident[0]", "AC-2022-03")
    assert where.label_zh == "2022-06-18较大事故（AC-2022-03）"


def test_absent_values_stay_absent_and_last_year_is_not_in_year() -> None:
    facts, _ = _built(accidents=[{"id": "A9", "occurred_on": "2021-12-20", "reported_by": "somewhere"}])
    assert _fields(facts["accident:0"]) == {
        "accident_id": "A9", "day": day_number(dt.date(2021, 12, 20)), "in_year": False,
        "reported_by": "somewhere", "reported_by_name": "somewhere"}  # a unit not in the bundle: named by its id


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
