"""The duties checked since issue 12 (arts. 22 ¶2, 23, 40, 41 ¶1): a bundle written before their fields existed shows
missing data only where the duty is certain, the law's unset intervals are parameters, a source's subject is kept."""
from __future__ import annotations

from pathlib import Path

from compliance.api import Options, check
from compliance.report.model import Finding, UnitReport

NEW_RULES = ("ENT-DOC-04", "ENT-INV-01", "ENT-MHS-01", "ENT-MHS-02", "ENT-RISK-01", "ENT-RISK-02")
OLD_CHEMICAL_PLANT = '''id = "plant"
name = "示例化工"
industry = "hazardous_chemicals"
responsibility_system_issued_on = 2021-03-01
'''
OLD_SHOP = '''id = "shop"
name = "示例商店"
industry = "commerce"
'''
SOURCE = '''id = "plant"
name = "示例化工"
industry = "hazardous_chemicals"

[[major_hazard_sources]]
id = "M1"
name = "储罐区"
registered_on = 2016-05-10
last_tested_on = {tested}
last_assessed_on = 2018-06-30
monitored = true
emergency_plan_issued_on = 2021-06-15
staff_informed_on = 2021-07-01
filed_on = 2016-06-02
'''


def _units(bundle: Path, **params: int) -> dict[str, UnitReport]:
    return {unit.id: unit for unit in check(bundle, Options(rules=("enterprise",), params=params)).units}


def _new(unit: UnitReport) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for finding in unit.findings:
        if finding.rule_id in NEW_RULES:
            out.setdefault(finding.rule_id, []).append(finding)
    return out


def test_a_bundle_written_before_the_new_fields_shows_missing_data_only(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    units = _units(bundle_dir({"enterprises/plant.toml": OLD_CHEMICAL_PLANT, "enterprises/shop.toml": OLD_SHOP}))
    plant, shop = _new(units["plant"]), _new(units["shop"])
    for rule in ("ENT-DOC-04", "ENT-INV-01", "ENT-RISK-01", "ENT-RISK-02"):
        assert [(f.status, f.gap) for f in plant[rule]] == [("fail", "missing_data")], rule
    assert [f.status for f in plant["ENT-MHS-01"] + plant["ENT-MHS-02"]] == ["not_applicable"] * 2  # none listed
    assert [f.status for f in shop["ENT-INV-01"] + shop["ENT-DOC-04"]] == ["not_applicable"] * 2  # no duty, no system
    assert [(f.status, f.gap) for f in shop["ENT-RISK-01"]] == [("fail", "missing_data")]  # art. 41 binds every unit


def test_the_law_sets_no_interval_so_only_presence_is_checked_unless_a_profile_sets_one(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    bundle = bundle_dir({"enterprises/plant.toml": SOURCE.format(tested="2022-09-01")})
    assert [f.status for f in _new(_units(bundle)["plant"])["ENT-MHS-01"]] == ["pass"]
    [gap] = [f for f in _new(_units(bundle, major_hazard_assessment_interval_days=1095)["plant"])["ENT-MHS-01"]
             if f.status == "fail"]
    assert "最近一次安全评估为2018-06-30，距检查基准日超过1095天" in gap.message and gap.gap == "breach"
    bundle = bundle_dir({"enterprises/plant.toml": SOURCE.format(tested="2021-09-01")})
    [gap] = [f for f in _new(_units(bundle, major_hazard_test_interval_days=365)["plant"])["ENT-MHS-01"]
             if f.status == "fail"]
    assert "最近一次检测为2021-09-01" in gap.message and "安全评估" not in gap.message


def test_the_safety_costs_rule_quotes_the_measures_unverified_and_computes_no_rate() -> None:
    from compliance.api import load_packs

    [rule] = [rule for pack in load_packs() for rule in pack.rule if rule.id == "ENT-INV-01"]
    assert {(cite.source, cite.verified) for cite in rule.cite} == {("S1", True), ("S5", False)}
    assert all("revenue" not in clause.expr and "rate" not in clause.expr for clause in rule.require)
