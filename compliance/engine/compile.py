"""Compile rules into durable-rules rulesets: pass, fail-per-clause, not-applicable and no-record rules."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from compliance.core.errors import RulesetError
from compliance.engine.patterns import (
    Json,
    definite,
    definitely_false,
    fields_matched,
    negative,
    pattern,
    positive,
    possible,
)
from compliance.facts.schema import fact_types
from compliance.rules import limits
from compliance.rules.conditions import (
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
    fields_of,
    parse_condition,
    parse_value,
)
from compliance.rules.pack import Rule, unit_fact_type

CATCH_ALL = "__catch_all__"


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
    due: Expr | None = None  # the item's deadline (a day), when the rule declares one
    not_due_match: Expr | None = None  # the deadline is after the audit date: a failing item is pending


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
    files: str = ""  # the pack files the rules come from, for errors


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
            if _reads_self(left) and _reads_self(right) or isinstance(left, Arith) and isinstance(right, Const) \
                    or isinstance(right, Arith) and isinstance(left, Const):
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


def _as_join(expr: Expr, subject_type: str) -> Expr:
    """count(T, c) >= 1 (or > 0) is exists(T, c); count(T, c) < 1 (== 0, <= 0) is not exists(T, c).

    The engine then matches the join itself instead of the count being computed beforehand. A count over the
    subject's own type stays a count: durable cannot assert a type's absent side before the type itself.
    """
    if isinstance(expr, Compare) and isinstance(expr.left, Count) and isinstance(expr.right, Const) \
            and expr.left.fact_type != subject_type:
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
    due = parse_value(rule.due, rule.for_each, params, "day") if rule.due else None
    not_due = derived.replace(Compare(">", due, Field("self", "as_of", "day")), rule.for_each) if due else None
    when = parse_condition(rule.when, rule.for_each, params) if rule.when else None
    when_match = derived.replace(when, rule.for_each) if when is not None else None
    clauses = []
    for index, clause in enumerate(rule.require):
        expr = _as_join(parse_condition(clause.expr, rule.for_each, params), rule.for_each)
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
    return CompiledRule(rule, pack_id, params, when, when_match, tuple(clauses), due, not_due)


def durable_rules(compiled: CompiledRule, unit_type: str) -> tuple[dict[str, Json], list[tuple[str, str]]]:
    """The durable rules for one compiled rule, and (absent type, positive type) ordering constraints."""
    rule, when = compiled.rule, compiled.when_match
    subject = rule.for_each
    undeclared = frozenset(undeclared_fields(compiled))  # without them the rule applies only where it surely does
    when_pos = definite(when, "s", undeclared) if when is not None else None
    own = [c for c in compiled.clauses if c.join is None]
    joins = [c for c in compiled.clauses if c.join is not None]
    out: dict[str, Json] = {}
    order: list[tuple[str, str]] = []
    # The item passes when "#pass" (its own conditions) and "#ok{i}" for every join clause have fired: one
    # rule per join, because durable never lets one fact fill two patterns of the same rule. A rule made
    # of joins only needs no "#pass": each "#ok" already requires the item to apply.
    if own or not joins:
        out[f"{rule.id}#pass"] = {"all": [{"s": pattern(subject, when_pos, *[positive(c.match, "s") for c in own])}]}
    for clause in joins:
        out[f"{rule.id}#ok{clause.index}"] = {"all": [{"s": pattern(subject, when_pos)},
                                                       _join_pattern(clause, negate=clause.negated)]}
        if clause.negated:
            order.append((clause.join.fact_type, subject))  # type: ignore[union-attr]
    # A failing item fails once its deadline has come (or when the rule has none, or the deadline is not known);
    # before that it is pending ("#pend"): the obligation is not due yet.
    not_due = compiled.not_due_match
    due_now = [(f"{rule.id}#fail", negative(not_due, "s") if not_due is not None else None)]
    if not_due is not None:
        due_now.append((f"{rule.id}#pend", positive(not_due, "s")))
    for clause in compiled.clauses:
        for action, due_condition in due_now:
            if clause.join is None:
                out[f"{action}{clause.index}"] = {"all": [{"s": pattern(subject, when_pos, due_condition,
                                                                        negative(clause.match, "s"))}]}
                continue
            out[f"{action}{clause.index}"] = {"all": [{"s": pattern(subject, when_pos, due_condition)},
                                                       _join_pattern(clause, negate=not clause.negated)]}
        if clause.join is not None and not clause.negated:
            order.append((clause.join.fact_type, subject))
    if when is not None:
        out[f"{rule.id}#na"] = {"all": [{"s": pattern(subject, definitely_false(when, "s", undeclared))}]}
        if undeclared:  # the rule might apply were these declared: missing data, never "not applicable"
            absent = [{"$nex": {name: 1}} for name in sorted(undeclared)]
            out[f"{rule.id}#miss"] = {"all": [{"s": pattern(subject, possible(when, "s", undeclared),
                                                            absent[0] if len(absent) == 1 else {"$or": absent})}]}
    if subject != unit_type:
        out[f"{rule.id}#none"] = {"all": [{"u": {"t": unit_type}}, {"x$not": pattern(subject, when_pos)}]}
        order.append((subject, unit_type))
    return out, order


def undeclared_fields(compiled: CompiledRule) -> tuple[str, ...]:
    """The declarations (fields whose absence is missing data) the rule's applicability condition reads."""
    fields = fact_types()[compiled.rule.for_each].fields
    return tuple(name for name in fields_of(compiled.when) if name in fields and fields[name].declared)


def _join_pattern(clause: CompiledClause, negate: bool) -> Json:
    join = clause.join
    assert join is not None
    alias = f"x{clause.index}"  # one alias per join: a rule can join several times
    joined = pattern(join.fact_type, positive(join.cond, alias) if join.cond is not None else None)
    return {f"{alias}$not": joined} if negate else {alias: joined}


def type_order(constraints: list[tuple[str, str]], file: str) -> list[str]:
    """Fact types in assertion order: every absent side before the facts that test its absence."""
    remaining = list(fact_types())
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
    sizes = _EngineSizes()
    for rule, pack_id, params in rules:
        try:
            compiled[rule.id] = compile_rule(rule, pack_id, params, derived)
            durable, order = durable_rules(compiled[rule.id], unit_fact_type(name))
            sizes.add(durable)
        except ConditionError as exc:
            raise RulesetError(file, rule.id, str(exc)) from None
        definition.update(durable)
        constraints.extend(order)
    definition[CATCH_ALL] = {"all": [{"a": {"$ex": {"t": 1}}}, {"b": {"t": "__never__"}}]}
    return Program(name, compiled, definition, type_order(constraints, file), derived.specs,
                   matched_names=fields_matched(definition), files=file)


class _EngineSizes:
    """What durable-rules can hold of one program, counted as its rules are added (see compliance/rules/limits.py):
    the rule that goes past a limit is named."""

    def __init__(self) -> None:
        self.rules = 0
        self.tests: dict[str, set[str]] = {}
        self.absent: dict[str, set[str]] = {}
        self.patterns: dict[str, int] = {}

    def add(self, durable: dict[str, Json]) -> None:
        """Count one rule's engine rules; a ConditionError names the limit it exceeds."""
        self.rules += len(durable)
        if self.rules > limits.ENGINE_RULES:
            raise ConditionError(f"the engine rules of this kind of unit exceed {limits.ENGINE_RULES:,} "
                                 "(durable-rules' limit is 4,096): load fewer rules or split them")
        for rule in durable.values():
            for entry in rule["all"]:
                pattern = next(iter(entry.values()))
                key = json.dumps(pattern, sort_keys=True, default=str)
                self.patterns[key] = self.patterns.get(key, 0) + 1
                if self.patterns[key] > limits.ENGINE_SAME_PATTERN:
                    raise ConditionError(f"more than {limits.ENGINE_SAME_PATTERN} engine rules test the same facts "
                                         "the same way (durable-rules' limit is 256)")
                self._tests(pattern, str(_fact_type_of(pattern)))

    def _tests(self, pattern: Json, fact_type: str) -> None:
        tests, absent = self.tests.setdefault(fact_type, set()), self.absent.setdefault(fact_type, set())
        stack: list[Any] = [pattern]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                for key, value in node.items():
                    if key in ("$and", "$or"):
                        stack.append(value)
                    elif key != "t":
                        (absent if key == "$nex" else tests).add(json.dumps({key: value}, sort_keys=True, default=str))
        if len(tests) > limits.ENGINE_TESTS:
            raise ConditionError(f"the rules test {fact_type} facts in more than {limits.ENGINE_TESTS} different ways "
                                 "(durable-rules hangs past 512): simplify or split the conditions")
        if len(absent) > limits.ENGINE_ABSENCE_TESTS:
            raise ConditionError(f"the rules test more than {limits.ENGINE_ABSENCE_TESTS} different fields of "
                                 f"{fact_type} for absence (durable-rules' limit is 128)")


def _fact_type_of(pattern: Json) -> str | None:
    if isinstance(pattern.get("t"), str):
        return str(pattern["t"])
    return next((str(part["t"]) for part in pattern.get("$and", []) if isinstance(part, dict) and "t" in part), None)
