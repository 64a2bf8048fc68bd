"""Findings: one per rule and item; the "no item" finding only where it says something true."""
from __future__ import annotations

from pathlib import Path

from compliance.api import Options, check

NO_NEW_FORMS = '''id = "D1"
name = "市测试局"
[[supervises]]
industry = "education"
role = "lead"
[[supervises]]
industry = "catering"
role = "support"
'''


def _findings(root: Path, rule_id: str) -> list[tuple[str, str, int]]:
    report = check(root, Options(rules=("department",)))
    return [(f.status, f.item, f.count) for f in report.units[0].findings if f.rule_id == rule_id]


def test_items_that_do_not_apply_are_one_finding_and_no_extra_one(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root = bundle_dir({"departments/d1.toml": NO_NEW_FORMS})
    assert _findings(root, "DEPT-PRL-03") == [("not_applicable", "", 2)]


def test_no_item_at_all_gives_one_finding(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root = bundle_dir({"departments/d1.toml": 'id = "D1"\nname = "市测试局"\n'})
    assert _findings(root, "DEPT-PRL-03") == [("not_applicable", "", 1)]


def test_a_missing_list_costs_the_whole_deduction(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root = bundle_dir({"departments/d1.toml": 'id = "D1"\nname = "市测试局"\n'})
    report = check(root, Options(rules=("department",)))
    no_leaders = [f for f in report.units[0].findings if f.rule_id == "DEPT-LEAD-01"]
    assert [(f.status, f.points) for f in no_leaders] == [("fail", 4.0)]


CONSTRUCTION = '''id = "E1"
name = "示例建设公司"
industry = "construction"
[principal]
name = "钱"
[[workers]]
id = "W1"
pre_job_training_hours = 16
'''


def test_a_rule_says_why_it_does_not_apply(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root = bundle_dir({"enterprises/e1.toml": CONSTRUCTION})
    findings = {f.rule_id: f for f in check(root, Options(rules=("enterprise",))).units[0].findings}
    whole, items = findings["ENT-TRN-01"], findings["ENT-WRK-02"]
    assert whole.status == items.status == "not_applicable"
    assert whole.message.startswith("本单位不属工矿商贸生产经营单位") and "not an industrial" in whole.message_en
    assert items.message.startswith("1项从业人员不适用：本单位不属工矿商贸") and items.message_en.startswith(
        "1 worker item(s) not applicable: not an industrial")


def test_an_undeclared_category_of_the_unit_is_located_at_the_records_root(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root = bundle_dir({"enterprises/e1.toml": CONSTRUCTION.replace('industry = "construction"\n', "")})
    report = check(root, Options(rules=("enterprise",)))
    missing = [f for f in report.units[0].findings if f.rule_id == "ENT-WRK-02"]
    assert [(f.gap, f.where.field, f.evidence["missing"]) for f in missing] == [("missing_data", "industry", ["industry"])]
