"""Conditions as durable-rules JSON: positive and negative patterns, and the fields each fact type must carry."""
from __future__ import annotations

from typing import Any

from compliance.rules.conditions import Arith, BoolOp, Compare, ConditionError, Const, Expr, Field, Not, Present

Json = dict[str, Any]
_DURABLE_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}
_INVERSE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_ARITH = {"+": "$add", "-": "$sub", "*": "$mul", "/": "$div"}


def _value(expr: Expr, alias: str) -> Any:
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Field):
        return {alias if expr.scope == "self" else "s": expr.name}
    if isinstance(expr, Arith):
        return {_ARITH[expr.op]: {"$l": _value(expr.left, alias), "$r": _value(expr.right, alias)}}
    raise ConditionError(f"not a value: {expr}")


def _oriented(expr: Compare) -> tuple[str, Field, Expr]:
    if isinstance(expr.left, Field) and expr.left.scope == "self":
        return expr.op, expr.left, expr.right
    if isinstance(expr.right, Field) and expr.right.scope == "self":
        return _FLIPPED[expr.op], expr.right, expr.left
    raise ConditionError("a comparison needs a field of the fact itself on one side")


def _compared(expr: Compare) -> tuple[str, Field, Expr]:
    op, left, right = _oriented(expr)
    if _self_fields(right):
        raise ConditionError(f"comparing two fields of the same {left.name!r} fact is not supported inside exists()")
    return op, left, right


def _comparison(op: str, name: str, right: Any) -> Json:
    return {name: right} if op == "==" else {_DURABLE_OPS[op]: {name: right}}


def _self_fields(expr: Expr) -> list[str]:
    if isinstance(expr, Field):
        return [expr.name] if expr.scope == "self" else []
    if isinstance(expr, Arith):
        return _self_fields(expr.left) + _self_fields(expr.right)
    return []


def _one(op: str, items: list[Json]) -> Json:
    return items[0] if len(items) == 1 else {op: items}


_ALWAYS: Json = {"$ex": {"t": 1}}
_NEVER: Json = {"t": "__never__"}


def positive(expr: Expr, alias: str) -> Json:
    """Durable condition that holds when expr is true (a missing field makes a comparison false)."""
    if isinstance(expr, Const):
        return _ALWAYS if expr.value else _NEVER
    if isinstance(expr, Compare):
        op, left, right = _compared(expr)
        return _comparison(op, left.name, _value(right, alias))
    if isinstance(expr, BoolOp):
        return _one("$and" if expr.op == "and" else "$or", [positive(item, alias) for item in expr.items])
    if isinstance(expr, Not):
        return negative(expr.item, alias)
    if isinstance(expr, Present):
        return {"$ex": {expr.field.name: 1}}
    raise ConditionError(f"not a condition: {expr}")


def negative(expr: Expr, alias: str) -> Json:
    """Durable condition that holds when expr is false or a field it reads is missing."""
    if isinstance(expr, Const):
        return _NEVER if expr.value else _ALWAYS
    if isinstance(expr, Compare):
        op, left, right = _compared(expr)
        missing = [{"$nex": {name: 1}} for name in dict.fromkeys([left.name] + _self_fields(right))]
        return _one("$or", missing + [_comparison(_INVERSE[op], left.name, _value(right, alias))])
    if isinstance(expr, BoolOp):
        return _one("$or" if expr.op == "and" else "$and", [negative(item, alias) for item in expr.items])
    if isinstance(expr, Not):
        return positive(expr.item, alias)
    if isinstance(expr, Present):
        return {"$nex": {expr.field.name: 1}}
    raise ConditionError(f"not a condition: {expr}")


def pattern(fact_type: str, *conditions: Json | None) -> Json:
    """A pattern matching facts of one type that meet every given condition."""
    return _one("$and", [{"t": fact_type}] + [c for c in conditions if c is not None])


def fields_matched(definition: dict[str, Json]) -> dict[str, frozenset[str]]:
    """Per fact type, the fields some pattern reads: a fact need carry no other key into the engine."""
    needed: dict[str, set[str]] = {}
    for rule in definition.values():
        entries = [next(iter(entry.items())) for entry in rule["all"]]
        types = {key.split("$")[0]: _pattern_type(pattern) for key, pattern in entries}
        for key, pattern in entries:
            own: set[str] = set()
            refs: set[tuple[str, str]] = set()
            _collect(pattern, own, refs)
            needed.setdefault(types[key.split("$")[0]] or "", set()).update(own)
            for alias, name in refs:
                needed.setdefault(types.get(alias) or "", set()).add(name)
    return {fact_type: frozenset(names | {"t", "id", "sid"}) for fact_type, names in needed.items() if fact_type}


def _pattern_type(pattern: Json) -> str | None:
    if isinstance(pattern.get("t"), str):
        return str(pattern["t"])
    for part in pattern.get("$and", []):
        if isinstance(part, dict) and isinstance(part.get("t"), str):
            return str(part["t"])
    return None


def _collect(node: Any, own: set[str], refs: set[tuple[str, str]]) -> None:
    """Fields a condition reads of its own fact (own) and of other patterns' facts (refs: alias, field)."""
    if isinstance(node, list):
        for item in node:
            _collect(item, own, refs)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in ("$and", "$or"):
            _collect(value, own, refs)
        elif key in ("$ex", "$nex"):
            own.update(value)
        elif key.startswith("$"):  # a comparison {"$gt": {field: value}}
            for name, operand in value.items():
                own.add(name)
                _collect_refs(operand, refs)
        else:  # equality {field: value}
            own.add(key)
            _collect_refs(value, refs)


def _collect_refs(value: Any, refs: set[tuple[str, str]]) -> None:
    """References to other facts' fields inside a compared value: {alias: field} or arithmetic on them."""
    if not isinstance(value, dict):
        return
    for key, inner in value.items():
        if key in ("$add", "$sub", "$mul", "$div"):
            _collect_refs(inner.get("$l"), refs)
            _collect_refs(inner.get("$r"), refs)
        elif not key.startswith("$") and isinstance(inner, str):
            refs.add((key, inner))


def possible(expr: Expr, alias: str, declared: frozenset[str]) -> Json:
    """Durable condition that holds when expr is true, or could be were the declared fields it reads given: the
    fields left out decide nothing, as if each comparison on them might hold."""
    if isinstance(expr, Compare):
        unknown = [{"$nex": {name: 1}} for name in _compared_fields(expr) if name in declared]
        return _one("$or", [positive(expr, alias), *unknown])
    if isinstance(expr, BoolOp):
        return _one("$and" if expr.op == "and" else "$or", [possible(item, alias, declared) for item in expr.items])
    if isinstance(expr, Not):
        return _possibly_false(expr.item, alias, declared)
    return positive(expr, alias)  # present() and constants: known whatever is declared


def _possibly_false(expr: Expr, alias: str, declared: frozenset[str]) -> Json:
    """Durable condition that holds when expr is false (a field it reads missing), or could be."""
    if isinstance(expr, BoolOp):
        return _one("$or" if expr.op == "and" else "$and", [_possibly_false(item, alias, declared)
                                                             for item in expr.items])
    if isinstance(expr, Not):
        return possible(expr.item, alias, declared)
    return negative(expr, alias)


def _compared_fields(expr: Compare) -> list[str]:
    """The subject's own fields a comparison reads."""
    _, left, right = _compared(expr)
    return list(dict.fromkeys([left.name] + _self_fields(right)))


def definite(expr: Expr, alias: str, declared: frozenset[str]) -> Json:
    """Durable condition that holds when expr is true whatever the declared fields left out would say: a comparison
    on an absent declaration is unknown, not false, so its negation does not hold either."""
    if isinstance(expr, BoolOp):
        return _one("$and" if expr.op == "and" else "$or", [definite(item, alias, declared) for item in expr.items])
    if isinstance(expr, Not):
        return definitely_false(expr.item, alias, declared)
    if isinstance(expr, Compare) and any(name in declared for name in _compared_fields(expr)):
        given = [{"$ex": {name: 1}} for name in _compared_fields(expr) if name in declared]
        return _one("$and", given + [positive(expr, alias)])
    return positive(expr, alias)


def definitely_false(expr: Expr, alias: str, declared: frozenset[str]) -> Json:
    """Durable condition that holds when expr is false whatever the declared fields left out would say (an absent
    field that is not a declaration makes a comparison false, as everywhere)."""
    if isinstance(expr, Compare):
        fields = _compared_fields(expr)
        if not any(name in declared for name in fields):
            return negative(expr, alias)
        op, left, right = _compared(expr)
        missing = [{"$nex": {name: 1}} for name in fields if name not in declared]
        given = [{"$ex": {name: 1}} for name in fields if name in declared]  # durable's $neq holds on an absent field
        return _one("$or", missing + [_one("$and", given + [_comparison(_INVERSE[op], left.name, _value(right, alias))])])
    if isinstance(expr, BoolOp):
        return _one("$or" if expr.op == "and" else "$and", [definitely_false(item, alias, declared)
                                                             for item in expr.items])
    if isinstance(expr, Not):
        return definite(expr.item, alias, declared)
    return negative(expr, alias)
