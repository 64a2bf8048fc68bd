"""count() terms: the same counts as testing every item against every subject, with the pairs tested one by one
counted (not timed): an enterprise of 10,000 hazards tests none for the repeat-hazard rule (it tested 10^8)."""
from __future__ import annotations

import itertools
from typing import Any

import pytest

from compliance.engine.counting import count_into
from compliance.engine.derived import predicate
from compliance.rules.conditions import Count, Expr, parse_condition


def _count_term(text: str) -> Expr | None:
    expr: Any = parse_condition(f"{text} >= 0", "enterprise_hazard", {})
    assert isinstance(expr.left, Count)
    return expr.left.cond  # type: ignore[no-any-return]


def _hazards(number: int, categories: int) -> list[dict[str, Any]]:
    hazards: list[dict[str, Any]] = []
    for index in range(number):
        hazard: dict[str, Any] = {"category": f"c{index % categories}", "found": 19000 + index % 97}
        if index % 3:
            hazard["rectified"] = 19000 + index % 89
        if index % 11 == 0:
            hazard["category"] = 7  # a number where text is usual: equal to no text
        hazards.append(hazard)
    return hazards


CONDITIONS = [
    "count(enterprise_hazard, category == subject.category and rectified < subject.found)",
    "count(enterprise_hazard, subject.category == category and subject.found >= rectified)",
    "count(enterprise_hazard, category == subject.category)",
    "count(enterprise_hazard, rectified <= subject.found)",
    "count(enterprise_hazard, found > subject.rectified and category == subject.category and present(rectified))",
    "count(enterprise_hazard, category == subject.category or rectified < subject.found)",
    "count(enterprise_hazard, present(rectified))",
    "count(enterprise_hazard)",
]


@pytest.mark.parametrize("text", CONDITIONS)
def test_counts_equal_testing_every_pair(text: str) -> None:
    cond = _count_term(text)
    subjects, items = _hazards(300, 7), _hazards(300, 7)
    test = predicate(cond)
    expected = [sum(1 for item in items if test(item, subject)) for subject in subjects]
    count_into("n", cond, subjects, items)
    assert [subject["n"] for subject in subjects] == expected


def test_the_repeat_hazard_count_of_10000_hazards_tests_no_pair() -> None:
    hazards = _hazards(10_000, 40)
    cond = _count_term(CONDITIONS[0])
    assert count_into("n", cond, hazards, hazards) == 0
    assert sum(hazard["n"] for hazard in hazards) > 0


def test_an_equality_with_another_term_tests_only_the_items_of_the_same_key() -> None:
    hazards = _hazards(10_000, 100)
    tested = count_into("n", _count_term(CONDITIONS[4]), hazards, hazards)
    groups = [len(list(group)) for _, group in itertools.groupby(sorted(str(h["category"]) for h in hazards))]
    assert tested == sum(size * size for size in groups) < 10_000 * 10_000 // 50


def test_a_condition_not_reading_the_subject_is_counted_once() -> None:
    hazards = _hazards(10_000, 3)
    assert count_into("n", _count_term(CONDITIONS[6]), hazards, hazards) == 10_000
