"""Pre-compute count() terms into the facts: the one aggregation durable-rules cannot do itself."""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from compliance.conditions import Arith, BoolOp, Compare, Const, Expr, Field, Not, Present

Fact = dict[str, Any]
_MISSING = object()


def _value(expr: Expr, item: Fact, subject: Fact) -> Any:
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Field):
        return (item if expr.scope == "self" else subject).get(expr.name, _MISSING)
    if isinstance(expr, Arith):
        left, right = _value(expr.left, item, subject), _value(expr.right, item, subject)
        if left is _MISSING or right is _MISSING:
            return _MISSING
        if expr.op == "/":
            return Fraction(left) / Fraction(right) if right else _MISSING
        return {"+": left + right, "-": left - right, "*": left * right}[expr.op]
    raise TypeError(f"not a value: {expr!r}")


def matches(expr: Expr | None, item: Fact, subject: Fact) -> bool:
    """Does item satisfy expr (subject.* read from subject)? A missing field never satisfies a comparison."""
    if expr is None:
        return True
    if isinstance(expr, Const):
        return bool(expr.value)
    if isinstance(expr, Compare):
        left, right = _value(expr.left, item, subject), _value(expr.right, item, subject)
        if left is _MISSING or right is _MISSING:
            return False
        return bool({"==": left == right, "!=": left != right, "<": left < right, "<=": left <= right,
                     ">": left > right, ">=": left >= right}[expr.op])
    if isinstance(expr, BoolOp):
        results = (matches(part, item, subject) for part in expr.items)
        return all(results) if expr.op == "and" else any(results)
    if isinstance(expr, Not):
        return not matches(expr.item, item, subject)
    if isinstance(expr, Present):
        return expr.field.name in item
    raise TypeError(f"not a condition: {expr!r}")


def sign_of_difference(left: Expr, right: Expr, fact: Fact) -> int | None:
    """-1, 0 or 1 as left is less than, equal to or greater than right (text: 0 equal, 1 not); None if missing."""
    left_value, right_value = _value(left, fact, fact), _value(right, fact, fact)
    if left_value is _MISSING or right_value is _MISSING:
        return None
    if isinstance(left_value, str) or isinstance(right_value, str):
        return 0 if left_value == right_value else 1
    difference = Fraction(left_value) - Fraction(right_value)
    return (difference > 0) - (difference < 0)
