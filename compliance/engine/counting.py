"""count() terms computed for every subject without comparing every item with every subject: a condition's
`field == subject.field` terms become a hash index of the items, one `field < subject.field` term a sorted list
searched by bisection, and a condition that reads nothing of the subject is counted once for all of them."""
from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from compliance.engine.derived import Fact, predicate
from compliance.rules.conditions import BoolOp, Compare, Expr, Field

_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}
_RANGE = ("<", "<=", ">", ">=")


@dataclass(frozen=True)
class CountPlan:
    """How to count: items keyed by `keys` (item field, subject field) pairs, one range term (item field, op,
    subject field) bisected, the `rest` tested item by item; `reads_subject` False: one count serves every subject."""

    keys: tuple[tuple[str, str], ...]
    span: tuple[str, str, str] | None
    span_term: Expr | None
    rest: Expr | None
    reads_subject: bool


def _terms(cond: Expr | None) -> list[Expr]:
    if cond is None:
        return []
    return list(cond.items) if isinstance(cond, BoolOp) and cond.op == "and" else [cond]


def _join(term: Expr) -> tuple[str, str, str] | None:
    """(item field, op, subject field) of a comparison of a field of the item with one of the subject, or None."""
    if not isinstance(term, Compare) or not isinstance(term.left, Field) or not isinstance(term.right, Field):
        return None
    if term.op not in _FLIPPED:
        return None
    if term.left.scope == "self" and term.right.scope == "subject":
        return term.left.name, term.op, term.right.name
    if term.left.scope == "subject" and term.right.scope == "self":
        return term.right.name, _FLIPPED[term.op], term.left.name
    return None


def _reads_subject(expr: Any) -> bool:
    if isinstance(expr, Field):
        return expr.scope == "subject"
    if isinstance(expr, tuple):
        return any(_reads_subject(part) for part in expr)
    fields = getattr(expr, "__dataclass_fields__", {})
    return any(_reads_subject(getattr(expr, name)) for name in fields)


@functools.cache
def plan(cond: Expr | None) -> CountPlan:
    """The plan of a count() condition."""
    keys: list[tuple[str, str]] = []
    span: tuple[str, str, str] | None = None
    span_term: Expr | None = None
    rest: list[Expr] = []
    for term in _terms(cond):
        join = _join(term)
        if join is not None and join[1] == "==":
            keys.append((join[0], join[2]))
        elif join is not None and span is None:
            span, span_term = join, term
        else:
            rest.append(term)
    if span_term is not None and rest:  # bisection counts only when nothing else is left to test
        rest.append(span_term)
        span = span_term = None
    remaining = rest[0] if len(rest) == 1 else BoolOp("and", tuple(rest)) if rest else None
    return CountPlan(tuple(keys), span, span_term, remaining, _reads_subject(cond))


def count_into(name: str, cond: Expr | None, subjects: Sequence[Fact], items: Sequence[Fact]) -> int:
    """Set field `name` of every subject to the number of items satisfying cond; return the number of (item,
    subject) pairs tested one by one (what grows with their product when nothing better is possible)."""
    counting = plan(cond)
    if not counting.reads_subject:
        test = predicate(cond)
        total = sum(1 for item in items if test(item, {})) if subjects else 0
        for subject in subjects:
            subject[name] = total
        return len(items) if subjects else 0
    groups = _grouped(items, tuple(field for field, _ in counting.keys))
    ranges: dict[tuple[Any, ...], list[Any] | None] = {}
    tested = 0
    for subject in subjects:
        key = _key(subject, tuple(field for _, field in counting.keys))
        group = groups.get(key, []) if key is not None else []
        if counting.span is not None and key is not None and key not in ranges:
            ranges[key] = _sorted_values(group, counting.span[0])
        subject[name], pairs = _count_group(counting, group, ranges.get(key) if key is not None else None, subject)
        tested += pairs
    return tested


_ABSENT = object()


def _key(fact: Fact, fields: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The fact's values of fields (None if one is missing or cannot be a key: it then equals nothing)."""
    values = tuple(fact.get(field, _ABSENT) for field in fields)
    if _ABSENT in values:
        return None
    try:
        hash(values)
    except TypeError:
        return None
    return values


def _grouped(items: Sequence[Fact], fields: tuple[str, ...]) -> dict[tuple[Any, ...], list[Fact]]:
    groups: dict[tuple[Any, ...], list[Fact]] = {}
    for item in items:
        key = _key(item, fields)
        if key is not None:
            groups.setdefault(key, []).append(item)
    return groups


def _count_group(counting: CountPlan, group: list[Fact], values: list[Any] | None, subject: Fact) -> tuple[int, int]:
    """(how many items of the group satisfy the rest of the condition, pairs tested one by one)."""
    if counting.span is not None:
        bound = subject.get(counting.span[2], _ABSENT)
        if values is not None and _orderable(bound):
            return _BISECT[counting.span[1]](values, bound), 0
        test = predicate(counting.span_term)
        return sum(1 for item in group if test(item, subject)), len(group)
    if counting.rest is None:
        return len(group), 0
    test = predicate(counting.rest)
    return sum(1 for item in group if test(item, subject)), len(group)


def _orderable(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sorted_values(group: list[Fact], field: str) -> list[Any] | None:
    """The group's values of field, sorted (items without it left out: they satisfy no comparison); None if one is
    not a number (the items are then compared one by one)."""
    values = [item[field] for item in group if field in item]
    return sorted(values) if all(_orderable(value) for value in values) else None


_BISECT: dict[str, Callable[[list[Any], Any], int]] = {
    "<": bisect.bisect_left,
    "<=": bisect.bisect_right,
    ">": lambda values, bound: len(values) - bisect.bisect_right(values, bound),
    ">=": lambda values, bound: len(values) - bisect.bisect_left(values, bound),
}
