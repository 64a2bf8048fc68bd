"""Enterprise facts: everyday spellings of codes and terms are understood; flags come from the catalog."""
from __future__ import annotations

import datetime as dt

from compliance.bundle.load import LoadedUnit
from compliance.core.dates import day_number
from compliance.facts.enterprise import build as build_enterprise_facts
from compliance.records.audit import Audit
from compliance.records.catalog import merged_catalog
from compliance.records.enterprise import Enterprise

AUDIT = Audit(jurisdiction="测试市", year=2022)


def _facts(**record: object) -> dict[str, dict[str, object]]:
    enterprise = Enterprise.model_validate({"id": "E", "name": "企业", **record})
    built = build_enterprise_facts(LoadedUnit("enterprise", enterprise, "e.jsonl", 3), AUDIT, merged_catalog())
    return {fact["id"]: fact for fact in built.facts}


def test_chinese_terms_and_any_case_are_accepted() -> None:
    facts = _facts(industry="Catering", workers=[{"id": "W", "employment": "劳务派遣"}],
                   hazards=[{"id": "H", "level": "重大", "found_by": "自查"}],
                   dangerous_operations=[{"id": "O", "kind": "动火作业"}, {"id": "P", "kind": "设备检修"}])
    assert facts["enterprise:0"]["industry"] == "catering"
    assert facts["worker:0"]["employment"] == "dispatched"
    assert (facts["enterprise_hazard:0"]["level"], facts["enterprise_hazard:0"]["found_by"]) == ("major", "self")
    assert [facts[f"dangerous_operation:{i}"]["kind"] for i in (0, 1)] == ["hot_work", "maintenance"]


def test_catalog_flags_reach_every_fact_and_the_record_can_override_high_risk() -> None:
    facts = _facts(industry="危险化学品", business_modes=["生产"], workers=[{"id": "W"}])
    flags = ("art24", "art27", "engineer_required", "industrial_trade", "training_high")
    assert {facts["worker:0"][flag] for flag in flags} == {True}
    assert _facts(industry="gas", high_risk=True)["enterprise:0"]["high_risk"] is True
    assert _facts(industry="gas")["enterprise:0"]["high_risk"] is False


def test_an_unknown_operation_is_a_warning_with_the_line() -> None:
    enterprise = Enterprise.model_validate({"id": "E", "name": "企业", "dangerous_operations": [{"id": "O", "kind": "跳伞"}]})
    built = build_enterprise_facts(LoadedUnit("enterprise", enterprise, "e.jsonl", 3), AUDIT, merged_catalog())
    assert [(w.record, w.field, w.line, w.severity) for w in built.warnings] == [
        ("E (line 3)", "dangerous_operations[0].kind", 3, "warning")]


def test_half_years_carry_the_drills_of_each_half_and_are_keyed_as_periods() -> None:
    facts = _facts(industry="建筑施工", emergency_plan={"issued_on": "2021-03-15", "drills": [
        {"date": "2022-04-12", "kind": "on_site"}, {"date": "2022-06-20", "kind": "comprehensive"}]})
    first, second = facts["half_year:1"], facts["half_year:2"]
    assert (first["drills"], first["on_site_drills"], second["drills"], second["on_site_drills"]) == (2, 1, 0, 0)
    assert first["drill_half_yearly"] is True and facts["enterprise:0"]["plan_drills"] == 1
    assert _facts(industry="commerce")["half_year:1"]["plan"] is False
    assert _facts(industry="餐饮")["enterprise:0"]["art36_gas"] is True
    assert _facts(industry="manufacturing")["enterprise:0"]["art36_gas"] is False


def _flags(**record: object) -> dict[str, object]:
    fact = _facts(**record)["enterprise:0"]
    return {flag: fact.get(flag) for flag in ("art24", "art27", "engineer_required", "industrial_trade")}


def test_business_modes_narrow_a_dangerous_goods_industry() -> None:
    trader = _flags(industry="fireworks", business_modes=["批发"])
    assert trader == {"art24": True, "art27": True, "engineer_required": False, "industrial_trade": True}
    assert _flags(industry="fireworks", business_modes=["经营", "储存"])["engineer_required"] is True
    assert _flags(industry="hazardous_chemicals", business_modes=["使用"])["art24"] is False
    undeclared = _flags(industry="hazardous_chemicals")
    assert (undeclared["art24"], undeclared["engineer_required"]) == (True, None)  # None: left out, missing data
    assert _flags(industry="mining", business_modes=["经营"])["engineer_required"] is True  # mines: by industry
    assert _flags(industry="construction")["industrial_trade"] is False
    assert _flags()["industrial_trade"] is None and _flags(industry="跳伞")["industrial_trade"] is None


def test_a_work_permit_is_required_by_the_edition_in_force_on_the_day() -> None:
    operations = [{"id": "A", "date": "2022-09-30", "kind": "动火"}, {"id": "B", "date": "2022-10-01", "kind": "动火"},
                  {"id": "C", "date": "2022-10-01", "kind": "爆破"}, {"id": "D", "date": "2022-10-01"}]
    facts = _facts(industry="危险化学品", business_modes=["储存"], dangerous_operations=operations)
    required = [facts[f"dangerous_operation:{i}"].get("permit_required") for i in range(4)]
    assert required == [False, True, False, None]
    assert facts["dangerous_operation:1"]["permit_basis"] == "GB 30871—2022"


def _operator(**fields: object) -> dict[str, object]:
    facts = _facts(workers=[{"id": "W"}], special_operators=[{"worker": "W", "certificate_no": "T1", **fields}])
    return facts["special_operator:0"]


def test_a_certificate_is_judged_on_the_days_worked() -> None:
    lapsed = _operator(operation="电工作业", certificate_expires_on="2022-06-30", worked_on=["2022-06-30", "2022-07-02"],
                       work_from="2022-12-30")
    assert (lapsed["unlicensed_days"], lapsed["unlicensed_span"]) == (3, "2022-07-02; 2022-12-30 – 2022-12-31")
    stopped = _operator(operation="电工作业", certificate_expires_on="2022-06-30", work_to="2022-06-30")
    assert (stopped["work_dates"], stopped["unlicensed_days"]) == (True, 0)
    today = _operator(operation="电工作业", certificate_expires_on="2022-12-30")
    assert (today["work_dates"], today["unlicensed_days"]) == (False, 1)
    assert _operator(certificate_expires_on="2023-01-01", work_to="2021-12-31")["worked"] is False


def test_a_review_due_date_comes_from_the_issue_or_the_six_year_term() -> None:
    by_issue = _operator(operation="电工作业", certificate_issued_on="2020-02-29", certificate_expires_on="2026-02-28")
    assert by_issue["review_due"] == day_number(dt.date(2023, 2, 28)) and by_issue["review_due_worked"] is False
    by_term = _operator(operation="电工作业", certificate_expires_on="2024-09-01")
    assert by_term["review_due"] == day_number(dt.date(2021, 9, 1)) and by_term["review_due_worked"] is True
    assert "unreviewed_days" not in by_term  # no review date: missing data
    late = _operator(certificate_issued_on="2019-03-15", certificate_expires_on="2025-03-15", reviewed_on="2022-04-28")
    assert late["unreviewed_days"] == 0  # judged on the audit date alone: reviewed by then
    assert _operator(operation="建筑架子工", certificate_expires_on="2024-01-01")["certificate_type"] == "construction"
    assert "certificate_type" not in _operator(operation="电工", certificate_expires_on="2024-01-01")


def test_the_training_archive_says_which_entries_lack_what() -> None:
    facts = _facts(workers=[{"id": "A", "training_records": [{"date": "2022-01-05", "content": "三级教育"}, {"result": "合格"}]},
                            {"id": "B"}, {"id": "C", "training_records": []}])
    assert (facts["worker:0"]["archive"], facts["worker:0"]["archive_incomplete"]) == (True, 2)
    assert facts["worker:0"]["archive_gaps"] == "第1条缺考核结果；第2条缺时间、内容"
    assert "archive" not in facts["worker:1"] and facts["worker:2"]["archive"] is False


def test_safety_costs_bind_the_catalogs_industries_and_the_record_can_say_otherwise() -> None:
    assert _facts(industry="mining")["enterprise:0"]["safety_costs_required"] is True
    assert _facts(industry="commerce")["enterprise:0"]["safety_costs_required"] is False
    assert _facts(industry="危险化学品", safety_costs={"required": False})["enterprise:0"]["safety_costs_required"] is False
    assert _facts(industry="manufacturing", safety_costs={"required": True})["enterprise:0"]["safety_costs_required"]


def test_business_modes_narrow_the_safety_costs_of_a_dangerous_goods_industry() -> None:
    def required(**record: object) -> object:
        return _facts(industry="hazardous_chemicals", **record)["enterprise:0"]["safety_costs_required"]
    assert required(business_modes=["经营"]) is False and required(business_modes=["使用", "运输"]) is False
    assert required(business_modes=["经营", "储存"]) is True and required(business_modes=["生产"]) is True
    assert required() is True  # modes not declared: as the industry
    assert required(business_modes=["经营"], safety_costs={"required": True}) is True  # the record's own word


def test_safety_costs_of_another_year_are_not_the_audit_years_and_say_so() -> None:
    enterprise = Enterprise.model_validate({"id": "E", "name": "企业", "industry": "mining",
                                            "safety_costs": {"year": 2021, "extracted_yuan": 5000}})
    built = build_enterprise_facts(LoadedUnit("enterprise", enterprise, "e.jsonl", 3), AUDIT, merged_catalog())
    fact = next(fact for fact in built.facts if fact["t"] == "enterprise")
    assert "safety_costs" not in fact and "costs_extracted" not in fact
    assert [(w.field, w.severity) for w in built.warnings] == [("safety_costs.year", "warning")]
    fact = _facts(safety_costs={"year": 2022, "extracted_yuan": 5000, "used_yuan": 0})["enterprise:0"]
    assert (fact["safety_costs"], fact["costs_extracted"], fact["costs_used"]) == (True, 5000, 0)
    assert "costs_misused" not in fact  # not given: none found


def test_risks_and_major_hazard_sources_are_items_with_labels_and_grades() -> None:
    facts = _facts(risk_control={"system_issued_on": "2021-01-01", "risks": [
        {"id": "R1", "name": "火灾", "grade": "较大风险", "measures": "  "}, {"id": "R2", "grade": "LOW"}]},
        major_hazard_sources=[{"id": "M1", "name": "储罐区", "monitored": False}])
    assert (facts["risk:0"]["grade"], facts["risk:0"]["grade_name"], facts["risk:1"]["grade"]) == (
        "significant", "较大风险", "low")
    assert "measures" not in facts["risk:0"]  # blank measures are no measures
    assert facts["enterprise:0"]["risk_control"] is True and facts["major_hazard_source:0"]["monitored"] is False
    assert "risk_control" not in _facts()["enterprise:0"]  # not given: not declared (资料缺失), not "no"


def test_business_modes_narrow_the_half_yearly_drill_of_a_dangerous_goods_industry() -> None:
    def half_yearly(**record: object) -> object:
        return _facts(**record)["enterprise:0"]["drill_half_yearly"]
    assert half_yearly(industry="hazardous_chemicals", business_modes=["使用"]) is False  # a user is not listed
    assert half_yearly(industry="hazardous_chemicals", business_modes=["装卸"]) is False
    assert half_yearly(industry="hazardous_chemicals", business_modes=["经营"]) is True
    assert half_yearly(industry="fireworks", business_modes=["运输"]) is True
    assert half_yearly(industry="hazardous_chemicals") is True  # modes not declared: as the industry
    assert half_yearly(industry="mining", business_modes=["使用"]) is True  # mines: by industry
