"""Every rule's passing and failing examples, collected per rule and example (sqlfluff-style)."""
from __future__ import annotations

import pytest

from compliance.api import load_packs
from compliance.check.examples import run_example
from compliance.rules.scheme import default_scheme_path, item_rules, load_scheme

SCHEME_ITEMS = item_rules(load_scheme(default_scheme_path()))[0]  # bonus and veto conditions have examples too
PACKS = [*load_packs(), SCHEME_ITEMS]
CASES = [pytest.param(pack, rule, example, id=f"{rule.id}:{example.expect}:{example.name}")
         for pack in PACKS for rule in pack.rule for example in rule.examples]


@pytest.mark.parametrize(("pack", "rule", "example"), CASES)
def test_example(pack, rule, example) -> None:  # type: ignore[no-untyped-def]
    result = run_example(pack, rule, example)
    assert result.actual == example.expect, result.detail


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    for pack in PACKS:
        for rule in pack.rule:
            expected = {example.expect for example in rule.examples}
            passing = "not_applicable" if pack is SCHEME_ITEMS else "pass"  # an item that does not count
            assert {passing, "fail"} <= expected, rule.id
