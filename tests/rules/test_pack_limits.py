"""A pack is validated whole at load: constants folded or refused, division guarded, templates restricted, sizes
below durable-rules' limits; each problem is one line naming the pack file, the rule and the limit."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hostile_packs import write_pack

from compliance.core.dates import day_number
from compliance.core.errors import RulesetError
from compliance.rules import limits
from compliance.rules.conditions import Compare, Const, Field, parse_condition
from compliance.rules.pack import load_pack


def load_error(path: Path) -> str:
    with pytest.raises(RulesetError) as caught:
        load_pack(path)
    text = str(caught.value)
    assert "\n" not in text and text.startswith("invalid ruleset: hostile.toml: rule HOST-R-"), text
    return text


@pytest.mark.parametrize(("expr", "said"), [
    ('day("9999-12-31") + 100000 > training_plan', "a date outside the calendar"),
    ("headcount > 10 / 0", "division by zero"),
    ("headcount > (3 - 3) * 1 + 5 / (2 - 2)", "division by zero"),
    ("headcount > 7 / 2", "not a whole number"),
    ("headcount > 99999999 * 99999999", "too large (limit: 1,000,000,000,000,000)"),
    ("headcount > 10000000000000000000000", "too large"),
    ("exists(worker, annual_hours > 10 / subject.headcount)", "divide only by a number other than 0"),
    ('industry == "\\ud800"', "control or invalid character"),
    ("exists(worker, 1 < annual_hours * 2)", "compare a field of worker itself with a value"),
    ("headcount > " + "+".join(["1"] * 40), "nested too deeply (limit: 30 levels)"),
    ("not " * 5000 + "high_risk", "too long (limit: 2,000)"),
    (" and ".join(f"headcount > {i}" for i in range(65)), "has 65 terms (limit: 64)"),
    (" or ".join(f"headcount == {i}" for i in range(100)), "has 100 terms (limit: 64)"),
    ("exists(worker, " + " and ".join(f"annual_hours > subject.headcount + {i}" for i in range(7)) + ")",
     "reads the subject 14 times (limit: 12)"),
])
def test_hostile_conditions_are_one_line_errors(tmp_path: Path, expr: str, said: str) -> None:
    assert said in load_error(write_pack(tmp_path, [expr]))


def test_constant_arithmetic_is_folded() -> None:
    headcount = Field("self", "headcount", "int")
    assert parse_condition("1 + 1 > headcount", "enterprise", {}) == Compare(">", Const(2, "int"), headcount)
    folded = parse_condition('day("2022-01-01") + 30 > training_plan', "enterprise", {})
    assert isinstance(folded, Compare) and folded.left == Const(day_number(dt.date(2022, 1, 31)), "day")


@pytest.mark.parametrize("template", ["{0}", "{label[99999]}", "{label", "{label:{label}}", "{label:>100000000}",
                                      "{label.__class__.__mro__}", "{label!r}", "{headcont}", "}"])
def test_bad_message_templates_are_refused_at_load(tmp_path: Path, template: str) -> None:
    assert "require[0].message: " in load_error(write_pack(tmp_path, ["headcount > 1"], message=template))


def test_a_summary_names_only_its_items(tmp_path: Path) -> None:
    assert "summary: unknown placeholder '{label}'" in load_error(
        write_pack(tmp_path, ["headcount > 1"], summary="{label}: {items}"))


def test_good_templates_load(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, ["headcount > 1"], message="{label}{{注}}：{headcount}人，{year}年"))
    assert pack.rule[0].require[0].message.startswith("{label}")


def test_rules_per_pack_name_the_first_rule_past_the_limit(tmp_path: Path) -> None:
    text = load_error(write_pack(tmp_path, ["headcount > 1"] * (limits.RULES_PER_PACK + 1)))
    assert f"rule HOST-R-{limits.RULES_PER_PACK}: a pack has at most {limits.RULES_PER_PACK} rules" in text


def test_clauses_per_rule(tmp_path: Path) -> None:
    path = write_pack(tmp_path, ["headcount > 1"])
    clauses = ", ".join(f'"headcount > {i}"' for i in range(limits.CLAUSES_PER_RULE + 1))
    path.write_text(path.read_text(encoding="utf-8").replace(
        'require = [{ expr = "headcount > 1", message = "{label}" }]', f"require = [{clauses}]"), encoding="utf-8")
    assert f"at most {limits.CLAUSES_PER_RULE} clauses" in load_error(path)


def test_the_shipped_packs_are_well_within_the_limits() -> None:
    from compliance.rules.packs import load_packs

    assert all(len(pack.rule) <= limits.RULES_PER_PACK // 4 for pack in load_packs())
