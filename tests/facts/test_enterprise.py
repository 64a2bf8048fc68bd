"""Enterprise facts: everyday spellings of codes and terms are understood; flags come from the catalog."""
from __future__ import annotations

from compliance.bundle.load import LoadedUnit
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
    facts = _facts(industry="危险化学品", workers=[{"id": "W"}])
    assert {facts["worker:0"][flag] for flag in ("art24", "art27", "engineer_required", "training_high")} == {True}
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


def test_safety_costs_bind_the_catalogs_industries_and_the_record_can_say_otherwise() -> None:
    assert _facts(industry="mining")["enterprise:0"]["safety_costs_required"] is True
    assert _facts(industry="commerce")["enterprise:0"]["safety_costs_required"] is False
    assert _facts(industry="危险化学品", safety_costs={"required": False})["enterprise:0"]["safety_costs_required"] is False
    assert _facts(industry="manufacturing", safety_costs={"required": True})["enterprise:0"]["safety_costs_required"]


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
