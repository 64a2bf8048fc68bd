"""Pre-compute count() terms and same-fact comparisons into the facts: what durable-rules cannot do itself.

Conditions are compiled once into Python closures over the project's own (validated) expression tree, so
counting over thousands of items does not re-interpret the tree; nothing is ever eval'd.
"""
from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from compliance.rules.conditions import Arith, BoolOp, Compare, Const, Expr, Field, Not, Present

Fact = dict[str, Any]
Value = Callable[[Fact, Fact], Any]
Predicate = Callable[[Fact, Fact], bool]
_MISSING = object()
_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
            ">=": operator.ge}


def _divide(left: Any, right: Any) -> Any:
    return Fraction(left) / Fraction(right) if right else _MISSING


_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide}


@functools.cache
def value_of(expr: Expr) -> Value:
    """A closure giving expr's value for (item, subject); _MISSING if a field it reads is absent."""
    if isinstance(expr, Const):
        constant = expr.value
        return lambda item, subject: constant
    if isinstance(expr, Field):
        name = expr.name
        if expr.scope == "self":
            return lambda item, subject: item.get(name, _MISSING)
        return lambda item, subject: subject.get(name, _MISSING)
    if isinstance(expr, Arith):
        left, right, combine = value_of(expr.left), value_of(expr.right), _ARITH[expr.op]

        def arith(item: Fact, subject: Fact) -> Any:
            a, b = left(item, subject), right(item, subject)
            return _MISSING if a is _MISSING or b is _MISSING else combine(a, b)
        return arith
    raise TypeError(f"not a value: {expr!r}")


@functools.cache
def predicate(expr: Expr | None) -> Predicate:
    """A closure: does item satisfy expr (subject.* read from subject)? A missing field never satisfies a comparison."""
    if expr is None:
        return lambda item, subject: True
    if isinstance(expr, Const):
        truth = bool(expr.value)
        return lambda item, subject: truth
    if isinstance(expr, Compare):
        left, right, compare = value_of(expr.left), value_of(expr.right), _COMPARE[expr.op]

        def comparison(item: Fact, subject: Fact) -> bool:
            a, b = left(item, subject), right(item, subject)
            return a is not _MISSING and b is not _MISSING and bool(compare(a, b))
        return comparison
    if isinstance(expr, BoolOp):
        parts = tuple(predicate(part) for part in expr.items)
        if expr.op == "and":
            return lambda item, subject: all(part(item, subject) for part in parts)
        return lambda item, subject: any(part(item, subject) for part in parts)
    if isinstance(expr, Not):
        inner = predicate(expr.item)
        return lambda item, subject: not inner(item, subject)
    if isinstance(expr, Present):
        name = expr.field.name
        return lambda item, subject: name in item
    raise TypeError(f"not a condition: {expr!r}")


@functools.cache
def sign_of_difference(left: Expr, right: Expr) -> Callable[[Fact], int | None]:
    """A closure: -1, 0 or 1 as left is less than, equal to or greater than right on a fact (text: 0 equal,
    1 not); None if a side is missing."""
    if isinstance(left, Field) and isinstance(right, Field):
        left_name, right_name = left.name, right.name  # the usual case, read without the general closures
        return lambda fact: _sign(fact.get(left_name, _MISSING), fact.get(right_name, _MISSING))
    left_value, right_value = value_of(left), value_of(right)
    return lambda fact: _sign(left_value(fact, fact), right_value(fact, fact))


def _sign(a: Any, b: Any) -> int | None:
    if a is _MISSING or b is _MISSING:
        return None
    if isinstance(a, str) or isinstance(b, str):
        return 0 if a == b else 1
    return int((a > b) - (a < b))
