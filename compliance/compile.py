"""Compile rules into durable-rules rulesets: pass, fail-per-clause, not-applicable and no-record rules."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from compliance.conditions import (
    Arith,
    BoolOp,
    Compare,
    ConditionError,
    Const,
    Count,
    Exists,
    Expr,
    Field,
    Not,
    Present,
    parse_condition,
)
from compliance.errors import RulesetError
from compliance.factschema import FACT_TYPES
from compliance.rules import Rule, unit_fact_type

Json = dict[str, Any]
CATCH_ALL = "__catch_all__"
_DURABLE_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}
_INVERSE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_ARITH = {"+": "$add", "-": "$sub", "*": "$mul", "/": "$div"}


@dataclass(frozen=True)
class CountSpec:
    """A count() term, computed into field `name` of every fact of `subject_type` before matching."""

    name: str
    subject_type: str
    fact_type: str
    cond: Expr | None
    text: str = ""


@dataclass(frozen=True)
class CompareSpec:
    """A comparison between fields of the same fact, computed into field `name` as the sign of left - right.

    durable-rules evaluates a reference to another field of the fact being matched as always true, so such a
    comparison cannot be given to it directly; the engine compares the pre-computed sign with 0 instead.
    """

    name: str
    subject_type: str
    left: Expr
    right: Expr


DerivedSpec = CountSpec | CompareSpec


@dataclass(frozen=True)
class CompiledClause:
    """A clause of a rule, ready to match: a condition on the subject, or a join (exists / not exists)."""

    index: int
    text: str
    expr: Expr
    match: Expr
    join: Exists | None
    negated: bool
    message: str
    message_en: str
    missing_message: str = ""
    missing_message_en: str = ""


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its conditions parsed under the effective parameters."""

    rule: Rule
    pack_id: str
    params: dict[str, Any]
    when: Expr | None
    when_match: Expr | None
    clauses: tuple[CompiledClause, ...]


@dataclass
class Program:
    """What the engine runs for one unit kind: the durable definition and what the facts need first."""

    name: str
    rules: dict[str, CompiledRule]
    definition: dict[str, Json]
    type_order: list[str]
    derived: list[DerivedSpec] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict, compare=False)
    matched_names: dict[str, frozenset[str]] = field(default_factory=dict)


def _reads_self(expr: Expr) -> bool:
    if isinstance(expr, Field):
        return expr.scope == "self"
    if isinstance(expr, Arith):
        return _reads_self(expr.left) or _reads_self(expr.right)
    return False


class _Derived:
    """Replaces count() terms and same-fact comparisons by pre-computed fields; remembers how to compute them."""

    def __init__(self) -> None:
        self.specs: list[DerivedSpec] = []

    def replace(self, expr: Expr, subject_type: str) -> Expr:

        """The expression with count() terms and same-fact comparisons replaced by derived fields."""
        if isinstance(expr, Count):
            spec: DerivedSpec = CountSpec(f"_count{len(self.specs)}", subject_type, expr.fact_type, expr.cond, expr.text)
            self.specs.append(spec)
            return Field("self", spec.name, "int")
        if isinstance(expr, Compare):
            left, right = self.replace(expr.left, subject_type), self.replace(expr.right, subject_type)
            if _reads_self(left) and _reads_self(right) or isinstance(left, Arith) and isinstance(right, Const):
                spec = CompareSpec(f"_cmp{len(self.specs)}", subject_type, left, right)
                self.specs.append(spec)
                return Compare(expr.op, Field("self", spec.name, "int"), Const(0, "int"))
            return Compare(expr.op, left, right)
        if isinstance(expr, Arith):
            return dataclasses.replace(expr, left=self.replace(expr.left, subject_type),
                                       right=self.replace(expr.right, subject_type))
        if isinstance(expr, BoolOp):
            return BoolOp(expr.op, tuple(self.replace(item, subject_type) for item in expr.items))
        if isinstance(expr, Not):
            return Not(self.replace(expr.item, subject_type))
        return expr


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


def _pattern(fact_type: str, *conditions: Json | None) -> Json:
    return _one("$and", [{"t": fact_type}] + [c for c in conditions if c is not None])


def _as_join(expr: Expr) -> Expr:
    """count(T, c) >= 1 (or > 0) is exists(T, c); count(T, c) < 1 (== 0, <= 0) is not exists(T, c).

    The engine then matches the join itself instead of the count being computed beforehand.
    """
    if isinstance(expr, Compare) and isinstance(expr.left, Count) and isinstance(expr.right, Const):
        op, bound, count = expr.op, expr.right.value, expr.left
        if (op, bound) in ((">=", 1), (">", 0)):
            return Exists(count.fact_type, count.cond)
        if (op, bound) in (("<", 1), ("==", 0), ("<=", 0)):
            return Not(Exists(count.fact_type, count.cond))
    return expr


def _join_of(expr: Expr) -> Exists | None:
    """The exists() of a clause that is `exists(...)` or `not exists(...)`, else None."""
    inner = expr.item if isinstance(expr, Not) else expr
    return inner if isinstance(inner, Exists) else None


def compile_rule(rule: Rule, pack_id: str, params: dict[str, Any], derived: _Derived) -> CompiledRule:
    """Parse a rule's conditions under effective params, replacing what durable cannot match by derived fields."""
    when = parse_condition(rule.when, rule.for_each, params) if rule.when else None
    when_match = derived.replace(when, rule.for_each) if when is not None else None
    clauses = []
    for index, clause in enumerate(rule.require):
        expr = _as_join(parse_condition(clause.expr, rule.for_each, params))
        join = _join_of(expr)
        negated = isinstance(expr, Not)
        match = expr
        if join is None:
            match = derived.replace(expr, rule.for_each)
        elif join.fact_type == rule.for_each:
            raise ConditionError(f"exists({join.fact_type}, ...) over the rule's own subject type is not supported")
        clauses.append(CompiledClause(index, clause.expr, expr, match, join, negated and join is not None,
                                      clause.message, clause.message_en, clause.missing_message,
                                      clause.missing_message_en))
    return CompiledRule(rule, pack_id, params, when, when_match, tuple(clauses))


def durable_rules(compiled: CompiledRule, unit_type: str) -> tuple[dict[str, Json], list[tuple[str, str]]]:
    """The durable rules for one compiled rule, and (absent type, positive type) ordering constraints."""
    rule, when = compiled.rule, compiled.when_match
    subject = rule.for_each
    when_pos = positive(when, "s") if when is not None else None
    own = [c for c in compiled.clauses if c.join is None]
    joins = [c for c in compiled.clauses if c.join is not None]
    out: dict[str, Json] = {}
    order: list[tuple[str, str]] = []
    # The item passes when "#pass" (its own conditions) and "#ok{i}" for every join clause have fired: one
    # rule per join, because durable never lets one fact fill two patterns of the same rule.
    out[f"{rule.id}#pass"] = {"all": [{"s": _pattern(subject, when_pos, *[positive(c.match, "s") for c in own])}]}
    for clause in joins:
        out[f"{rule.id}#ok{clause.index}"] = {"all": [{"s": _pattern(subject, when_pos)},
                                                       _join_pattern(clause, negate=clause.negated)]}
        if clause.negated:
            order.append((clause.join.fact_type, subject))  # type: ignore[union-attr]
    for clause in compiled.clauses:
        if clause.join is None:
            out[f"{rule.id}#fail{clause.index}"] = {"all": [{"s": _pattern(subject, when_pos, negative(clause.match, "s"))}]}
            continue
        out[f"{rule.id}#fail{clause.index}"] = {"all": [{"s": _pattern(subject, when_pos)},
                                                         _join_pattern(clause, negate=not clause.negated)]}
        if not clause.negated:
            order.append((clause.join.fact_type, subject))
    if when is not None:
        out[f"{rule.id}#na"] = {"all": [{"s": _pattern(subject, negative(when, "s"))}]}
    if subject != unit_type:
        out[f"{rule.id}#none"] = {"all": [{"u": {"t": unit_type}}, {"x$not": _pattern(subject, when_pos)}]}
        order.append((subject, unit_type))
    return out, order


def _join_pattern(clause: CompiledClause, negate: bool) -> Json:
    join = clause.join
    assert join is not None
    alias = f"x{clause.index}"  # one alias per join: a rule can join several times
    pattern = _pattern(join.fact_type, positive(join.cond, alias) if join.cond is not None else None)
    return {f"{alias}$not": pattern} if negate else {alias: pattern}


def type_order(constraints: list[tuple[str, str]], file: str) -> list[str]:
    """Fact types in assertion order: every absent side before the facts that test its absence."""
    remaining = list(FACT_TYPES)
    ordered: list[str] = []
    while remaining:
        ready = [t for t in remaining if not any(after == t and before in remaining for before, after in constraints)]
        if not ready:
            raise RulesetError(file, None, f"absence conditions form a cycle between fact types {sorted(remaining)}")
        ordered.append(ready[0])
        remaining.remove(ready[0])
    return ordered


def build_program(name: str, rules: list[tuple[Rule, str, dict[str, Any]]], file: str) -> Program:
    """One durable ruleset for a unit kind, with a catch-all so no fact is ever unhandled."""
    derived = _Derived()
    compiled: dict[str, CompiledRule] = {}
    definition: dict[str, Json] = {}
    constraints: list[tuple[str, str]] = []
    for rule, pack_id, params in rules:
        try:
            compiled[rule.id] = compile_rule(rule, pack_id, params, derived)
            durable, order = durable_rules(compiled[rule.id], unit_fact_type(name))
        except ConditionError as exc:
            raise RulesetError(file, rule.id, str(exc)) from None
        definition.update(durable)
        constraints.extend(order)
    definition[CATCH_ALL] = {"all": [{"a": {"$ex": {"t": 1}}}, {"b": {"t": "__never__"}}]}
    return Program(name, compiled, definition, type_order(constraints, file), derived.specs,
                   matched_names=fields_matched(definition))


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
