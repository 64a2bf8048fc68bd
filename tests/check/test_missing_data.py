"""Missing data (资料缺失) is its own kind of gap, never "not applicable": a declaration the records do not make
costs the scheme's missing-data points once per unit at the scheme's severity; a list not given at all costs the
rule's cap; and hazards cost by their level and by whether they are still open."""
from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from compliance.api import Options, check
from compliance.report.model import Finding, UnitReport

ENTERPRISE = '''id = "{id}"
name = "{name}"
industry = "{industry}"
headcount = 30
{extra}
[[safety_officers]]
name = "李娜"
full_time = false

[[workers]]
id = "W1"
hired_on = 2022-03-01
training_passed_on = 2022-02-20
pre_job_training_hours = 24
annual_training_hours = 20
'''


def _units(bundle: Path) -> dict[str, UnitReport]:
    return {unit.id: unit for unit in check(bundle, Options(rules=("enterprise",))).units}


def _gaps(unit: UnitReport, rule_id: str) -> list[Finding]:
    return [f for f in unit.findings if f.rule_id == rule_id and f.status == "fail"]


def test_a_restaurant_that_never_says_whether_it_uses_gas_is_missing_data(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    bundle = bundle_dir({
        "enterprises/shop.toml": ENTERPRISE.format(id="shop", name="老街饭店", industry="catering", extra=""),
        "enterprises/mall.toml": ENTERPRISE.format(id="mall", name="示例工厂", industry="manufacturing", extra=""),
    })
    units = _units(bundle)
    [gap] = _gaps(units["shop"], "ENT-GAS-01")
    assert gap.gap == "missing_data" and gap.severity == "medium" and gap.points == 1
    assert "未申报是否使用燃气" in gap.message and gap.evidence["undeclared"] == ["uses_gas"]
    assert gap.where.field == "uses_gas"
    assert [f.status for f in units["mall"].findings if f.rule_id == "ENT-GAS-01"] == ["not_applicable"]


def test_a_worker_list_not_given_is_missing_data_at_the_rules_cap() -> None:
    laojie = {u.id: u for u in check(FIXTURES / "example-city").units}["laojie"]
    [gap] = _gaps(laojie, "ENT-WRK-01")
    assert gap.gap == "missing_data" and gap.no_items and gap.severity == "medium"
    assert gap.points == 10  # leaving the list out never scores better than listing workers who fail
    line = next(line for c in laojie.sheet.categories for line in c.lines  # type: ignore[union-attr]
                if line.rule_id == "ENT-WRK-01")
    assert line.missing == 1 and line.breaches == 0 and line.deducted == 10


def test_a_declaration_missing_costs_the_unit_once(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    text = ENTERPRISE.format(id="shop", name="示例商店", industry="commerce", extra="").replace("headcount = 30\n", "")
    shop = _units(bundle_dir({"enterprises/shop.toml": text}))["shop"]
    missing = [f for f in shop.findings if f.status == "fail" and f.gap == "missing_data"]
    headcount = [f for f in missing if f.where.field == "headcount"]
    assert {f.rule_id for f in headcount} == {"ENT-ORG-01", "ENT-ORG-02"}  # both need the headcount
    assert sorted(f.points for f in headcount) == [0, 1]


def test_a_breach_is_not_missing_data(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    extra = "uses_gas = true\ngas_alarm_installed = false\n"
    shop = _units(bundle_dir({"enterprises/shop.toml": ENTERPRISE.format(id="shop", name="老街饭店",
                                                                        industry="catering", extra=extra)}))["shop"]
    [gap] = _gaps(shop, "ENT-GAS-01")
    assert gap.gap == "breach" and gap.severity == "critical" and gap.points == 5


HAZARDS = '''
[[hazards]]
id = "H1"
level = "major"
deadline = 2022-06-30

[[hazards]]
id = "H2"
level = "general"
deadline = 2022-06-30
rectified_on = 2022-07-01

[[hazards]]
id = "H3"
level = "major"
deadline = 2022-06-30
rectified_on = 2022-07-03

[[hazards]]
id = "H4"
level = "general"
deadline = 2022-06-30
'''


def test_a_hazard_costs_by_its_level_and_whether_it_is_still_open(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    text = ENTERPRISE.format(id="plant", name="示例工厂", industry="manufacturing", extra="") + HAZARDS
    plant = _units(bundle_dir({"enterprises/plant.toml": text}))["plant"]
    open_past = {f.item.split("（")[0]: f.points for f in _gaps(plant, "ENT-HAZ-01")}
    late = {f.item.split("（")[0]: f.points for f in _gaps(plant, "ENT-HAZ-04")}
    assert open_past == {"H1": 10, "H4": 3}  # not rectified (art. 102): major 10, general 3
    assert late == {"H2": 1, "H3": 4}  # rectified after the deadline: general 1, major 4
    assert {f.severity for f in _gaps(plant, "ENT-HAZ-01")} == {"critical"}
    assert {f.severity for f in _gaps(plant, "ENT-HAZ-04")} == {"medium"}
    lines = {line.rule_id: line for c in plant.sheet.categories for line in c.lines  # type: ignore[union-attr]
             if line.rule_id in ("ENT-HAZ-01", "ENT-HAZ-04")}
    assert (lines["ENT-HAZ-01"].deducted, lines["ENT-HAZ-01"].max_points) == (13, 20)
    assert (lines["ENT-HAZ-04"].deducted, lines["ENT-HAZ-04"].max_points) == (5, 8)
    assert plant.sheet.vetoed  # type: ignore[union-attr]  # H1: a major hazard open past its deadline
