"""The safe condition language: Python expression syntax, parsed with ast against a whitelist, never eval'd."""
from __future__ import annotations

import ast
import datetime as dt
import functools
import warnings
from dataclasses import dataclass
from typing import Any

from compliance.core.dates import day_number
from compliance.core.problems import did_you_mean
from compliance.facts.schema import Kind, fact_types
from compliance.rules import limits


class ConditionError(ValueError):
    """A condition that does not parse or does not type-check; the message says where and why."""


@dataclass(frozen=True)
class Field:
    """A field of the fact being matched (scope 'self') or of the rule's subject (scope 'subject')."""

    scope: str
    name: str
    kind: Kind


@dataclass(frozen=True)
class Const:
    """A literal or a resolved parameter."""

    value: Any
    kind: Kind
    param: str | None = None


@dataclass(frozen=True)
class Compare:
    """left OP right, OP one of == != < <= > >=."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Arith:
    """left OP right, OP one of + - * /."""

    op: str
    left: Expr
    right: Expr
    kind: Kind


@dataclass(frozen=True)
class BoolOp:
    """and / or of two or more conditions."""

    op: str
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    """not condition."""

    item: Expr


@dataclass(frozen=True)
class Present:
    """present(field): the record provides the field."""

    field: Field


@dataclass(frozen=True)
class Exists:
    """exists(fact_type, condition): some fact of that type matches (a join; absence when negated)."""

    fact_type: str
    cond: Expr | None


@dataclass(frozen=True)
class Count:
    """count(fact_type, condition): how many facts of that type match; pre-computed before matching."""

    fact_type: str
    cond: Expr | None
    text: str = ""
    kind: Kind = "int"


Expr = Field | Const | Compare | Arith | BoolOp | Not | Present | Exists | Count
_COMPARE_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


_FIRST_DAY, _LAST_DAY = day_number(dt.date.min), day_number(dt.date.max)


def value_kind(value: Any) -> Kind:
    """The kind of a parameter or literal value; a number beyond limits.LARGEST_NUMBER, or text that is too long
    or not valid Unicode, is refused (durable-rules cannot take it)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        if abs(value) > limits.LARGEST_NUMBER:
            raise ConditionError(f"the number {_short(value)} is too large (limit: {limits.LARGEST_NUMBER:,})")
        return "int"
    if isinstance(value, str):
        if len(value) > limits.TEXT_CHARS:
            raise ConditionError(f"a text of {len(value):,} characters is too long (limit: {limits.TEXT_CHARS:,})")
        if not value.isprintable() or any(0xD800 <= ord(char) <= 0xDFFF for char in value):
            raise ConditionError(f"the text {value[:40]!r} holds a control or invalid character")
        return "str"
    raise ConditionError(f"unsupported value {_short(value)}: use whole numbers, text or true/false")


def _clipped(text: str) -> str:
    """A condition as an error quotes it: its start, if it is long."""
    return text if len(text) <= 120 else text[:117] + "..."


def _short(value: Any) -> str:
    """A value as an error shows it: never thousands of digits."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else f"of {len(str(abs(value)))} digits"
    return text if len(text) <= 60 else text[:57] + "..."


def syntax_tree(text: str) -> ast.Expression:
    """A condition's syntax tree, within the limits of length, nesting and terms (checked without recursion)."""
    if len(text) > limits.CONDITION_CHARS:
        raise ConditionError(f"a condition of {len(text):,} characters is too long "
                             f"(limit: {limits.CONDITION_CHARS:,}); split it into clauses")
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and the like: never printed by a pack load
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ConditionError(f"syntax error in '{_clipped(text)}': {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ConditionError(f"'{text[:60]}...' is nested too deeply (limit: {limits.CONDITION_DEPTH})") from None
    if limits.syntax_depth(tree) > limits.CONDITION_DEPTH:
        raise ConditionError(f"'{text[:60]}' is nested too deeply (limit: {limits.CONDITION_DEPTH} levels)")
    terms = limits.syntax_terms(tree)
    if terms > limits.CONDITION_TERMS:
        raise ConditionError(f"'{text[:60]}...' has {terms} terms (limit: {limits.CONDITION_TERMS}); "
                             "split it into clauses")
    return tree


class _Parser:
    """Turns one expression string into an Expr for a given fact type, checking names and kinds."""

    def __init__(self, fact_type: str, params: dict[str, Any]) -> None:
        self.params = params
        self.scopes: list[str] = [fact_type]

    def parse(self, text: str) -> Expr:

        """Parse a whole condition."""
        return self.condition(syntax_tree(text).body)

    def node(self, node: ast.AST) -> Expr:

        """Translate one whitelisted syntax node; anything else is an error."""
        if isinstance(node, ast.BoolOp):
            return _fold_bool("and" if isinstance(node.op, ast.And) else "or", [self.condition(v) for v in node.values])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            operand = self.condition(node.operand)
            return Const(not operand.value, "bool") if isinstance(operand, Const) else Not(operand)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
                and isinstance(node.operand.value, int) and not isinstance(node.operand.value, bool):
            return self.constant(-node.operand.value)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH_OPS:
            return self.arith(node)
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "subject":
            return self.subject_field(node.attr)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node.func.id, node.args, node)
        raise ConditionError(f"'{ast.unparse(node)}' is not allowed in a condition")

    def condition(self, node: ast.AST) -> Expr:

        """A node that must be true/false (a bare boolean field means "== true")."""
        expr = self.node(node)
        if isinstance(expr, Field) and expr.kind == "bool":
            return Compare("==", expr, Const(True, "bool"))
        if isinstance(expr, Const) and expr.kind == "bool":
            return expr
        if isinstance(expr, (Compare, BoolOp, Not, Present, Exists)):
            return expr
        raise ConditionError(f"'{ast.unparse(node)}' is not a condition (true/false)")

    def compare(self, node: ast.Compare) -> Expr:

        """One comparison between two values of compatible kinds."""
        if len(node.ops) != 1 or type(node.ops[0]) not in _COMPARE_OPS:
            raise ConditionError(f"'{ast.unparse(node)}': use one of == != < <= > >= per comparison")
        left, right = self.node(node.left), self.node(node.comparators[0])
        _same_kind(left, right, ast.unparse(node))
        op = _COMPARE_OPS[type(node.ops[0])]
        if isinstance(left, Const) and isinstance(right, Const):  # parameters only: decided when compiled
            return Const(_compare_constants(op, left.value, right.value), "bool")
        if len(self.scopes) > 1 and not _joinable(left, right):  # the engine matches it: one field against a value
            raise ConditionError(f"'{ast.unparse(node)}': inside exists() or count(), compare a field of "
                                 f"{self.scopes[-1]} itself with a value (of the subject, a parameter, a constant)")
        return Compare(op, left, right)

    def arith(self, node: ast.BinOp) -> Expr:

        """Arithmetic on numbers, or a date plus or minus days; on two constants it is worked out now."""
        left, right = self.node(node.left), self.node(node.right)
        kinds = {_kind(left), _kind(right)}
        if not kinds <= {"int", "day"} or kinds == {"day"} and not isinstance(node.op, ast.Sub):
            raise ConditionError(f"'{ast.unparse(node)}': arithmetic needs numbers or a date plus/minus days")
        op = _ARITH_OPS[type(node.op)]
        kind: Kind = "day" if "day" in kinds and len(kinds) == 2 else "int"
        if op == "/" and not _nonzero_constant(right) and (isinstance(right, Const) or len(self.scopes) > 1):
            raise ConditionError(f"'{ast.unparse(node)}': division by zero" if isinstance(right, Const) else
                                 f"'{ast.unparse(node)}': inside exists() or count() divide only by a number "
                                 "other than 0")
        if isinstance(left, Const) and isinstance(right, Const):
            return _folded(op, left.value, right.value, kind, ast.unparse(node))
        return Arith(op, left, right, kind)

    def constant(self, value: Any) -> Const:

        """A literal number, text or boolean."""
        return Const(value, value_kind(value))

    def name(self, name: str) -> Expr:

        """A field of the current fact, or a parameter."""
        if name in ("true", "false"):
            return Const(name == "true", "bool")
        fields = fact_types()[self.scopes[-1]].fields
        if name in fields:
            return Field("self", name, fields[name].kind)
        if name in self.params:
            value = self.params[name]
            return Const(value, value_kind(value), param=name)
        hint = did_you_mean(name, list(fields) + list(self.params))
        raise ConditionError(f"unknown field or parameter '{name}' of {self.scopes[-1]}{hint}")

    def subject_field(self, name: str) -> Field:

        """subject.X inside exists()/count(): a field of the rule's subject."""
        if len(self.scopes) < 2:
            raise ConditionError(f"'subject.{name}' is only allowed inside exists() or count()")
        fields = fact_types()[self.scopes[0]].fields
        if name not in fields:
            raise ConditionError(f"unknown field 'subject.{name}' of {self.scopes[0]}{did_you_mean(name, fields)}")
        return Field("subject", name, fields[name].kind)

    def call(self, function: str, args: list[ast.expr], node: ast.Call) -> Expr:

        """One of the allowed functions: day, present, exists, count."""
        if node.keywords:
            raise ConditionError(f"'{ast.unparse(node)}': keyword arguments are not allowed")
        if function == "day" and len(args) == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            try:
                return Const(day_number(dt.date.fromisoformat(args[0].value)), "day")
            except ValueError:
                raise ConditionError(f"day('{args[0].value}'): not a date (YYYY-MM-DD)") from None
        if function == "day" and len(args) == 1 and isinstance(args[0], ast.Name) \
                and isinstance(self.params.get(args[0].id), str):
            return self.date_param(args[0].id)
        if function == "present" and len(args) == 1:
            field = self.node(args[0])
            if not isinstance(field, Field) or field.scope != "self":
                raise ConditionError(f"'{ast.unparse(node)}': present() takes a field name")
            return Present(field)
        if function in ("exists", "count") and 1 <= len(args) <= 2 and isinstance(args[0], ast.Name):
            joined = self.join(function, args[0].id, args[1] if len(args) == 2 else None, ast.unparse(node))
            _check_join_size(joined, ast.unparse(node))
            return joined
        raise ConditionError(f"'{ast.unparse(node)}': unknown function (day('YYYY-MM-DD') or day(date_parameter), "
                             f"present, exists, count)")

    def date_param(self, name: str) -> Const:

        """day(NAME): a text parameter holding a date (YYYY-MM-DD), as a day."""
        try:
            return Const(day_number(dt.date.fromisoformat(self.params[name])), "day", param=name)
        except ValueError:
            raise ConditionError(f"day({name}): parameter {name} = '{self.params[name]}' is not a date (YYYY-MM-DD)") from None

    def join(self, function: str, fact_type: str, cond_node: ast.expr | None, text: str) -> Expr:

        """exists() or count() over another fact type, with subject.X available."""
        if len(self.scopes) > 1:
            raise ConditionError(f"{function}() cannot be nested in exists() or count()")
        if fact_type not in fact_types():
            raise ConditionError(f"unknown fact type '{fact_type}'{did_you_mean(fact_type, fact_types())}")
        self.scopes.append(fact_type)
        try:
            cond = self.condition(cond_node) if cond_node is not None else None
        finally:
            self.scopes.pop()
        return Exists(fact_type, cond) if function == "exists" else Count(fact_type, cond, text)


def _joinable(left: Expr, right: Expr) -> bool:
    """A comparison the engine can match in a join: a field of the joined fact on one side, no such field on the
    other."""
    def own(expr: Expr) -> bool:
        if isinstance(expr, Arith):
            return own(expr.left) or own(expr.right)
        return isinstance(expr, Field) and expr.scope == "self"
    return any(isinstance(one, Field) and one.scope == "self" and not own(other)
               for one, other in ((left, right), (right, left)))


def _nonzero_constant(expr: Expr) -> bool:
    return isinstance(expr, Const) and expr.value != 0


def _folded(op: str, left: int, right: int, kind: Kind, text: str) -> Const:
    """Arithmetic on two constants, worked out at load (durable-rules cannot): a whole number within the limits,
    a date within the calendar."""
    if op == "/" and left % right:
        raise ConditionError(f"'{text}' is not a whole number: write the value itself")
    value = {"+": left + right, "-": left - right, "*": left * right, "/": left // right if right else 0}[op]
    if kind == "day" and not _FIRST_DAY <= value <= _LAST_DAY:
        raise ConditionError(f"'{text}' is a date outside the calendar (years 1 to 9999)")
    value_kind(value)
    return Const(value, kind)


def _check_join_size(joined: Expr, text: str) -> None:
    """An exists() reads at most limits.JOIN_SUBJECT_TERMS values of the subject (durable: 31 per join)."""
    cond = joined.cond if isinstance(joined, (Exists, Count)) else None
    reads = _subject_reads(cond)
    if reads > limits.JOIN_SUBJECT_TERMS:
        raise ConditionError(f"'{text[:60]}...' reads the subject {reads} times (limit: {limits.JOIN_SUBJECT_TERMS})")


def _subject_reads(expr: Expr | None) -> int:
    if isinstance(expr, Field):
        return 1 if expr.scope == "subject" else 0
    if isinstance(expr, (Compare, Arith)):
        return _subject_reads(expr.left) + _subject_reads(expr.right) + int(isinstance(expr, Arith))
    if isinstance(expr, BoolOp):
        return sum(_subject_reads(item) for item in expr.items)
    if isinstance(expr, Not):
        return _subject_reads(expr.item)
    return 0


def _compare_constants(op: str, left: Any, right: Any) -> bool:
    return bool({"==": left == right, "!=": left != right, "<": left < right, "<=": left <= right,
                 ">": left > right, ">=": left >= right}[op])


def _fold_bool(op: str, items: list[Expr]) -> Expr:
    """and / or with constant parts decided now: true and X = X, false or X = X, and so on."""
    decisive = op == "or"
    if any(isinstance(item, Const) and item.value is decisive for item in items):
        return Const(decisive, "bool")
    rest = [item for item in items if not isinstance(item, Const)]
    if not rest:
        return Const(not decisive, "bool")
    return rest[0] if len(rest) == 1 else BoolOp(op, tuple(rest))


def _kind(expr: Expr) -> Kind | None:
    if isinstance(expr, (Field, Const, Arith, Count)):
        return expr.kind
    return None


def _same_kind(left: Expr, right: Expr, text: str) -> None:
    kinds = {_kind(left), _kind(right)}
    if None in kinds:
        raise ConditionError(f"'{text}': both sides of a comparison must be values")
    if len(kinds) > 1 and kinds != {"int", "day"}:
        raise ConditionError(f"'{text}': cannot compare {' with '.join(sorted(k or '' for k in kinds))}")


def parse_condition(text: str, fact_type: str, params: dict[str, Any]) -> Expr:
    """Parse and type-check a condition over facts of fact_type; parameters resolve to their values."""
    if fact_type not in fact_types():
        raise ConditionError(f"unknown fact type '{fact_type}'{did_you_mean(fact_type, fact_types())}")
    return _Parser(fact_type, params).parse(text)


def parse_value(text: str, fact_type: str, params: dict[str, Any], kind: Kind) -> Expr:
    """Parse and type-check a value (not a condition) of the given kind over facts of fact_type, e.g. a deadline
    `end` or `start - sensitive_meeting_days`."""
    if fact_type not in fact_types():
        raise ConditionError(f"unknown fact type '{fact_type}'{did_you_mean(fact_type, fact_types())}")
    parser = _Parser(fact_type, params)
    expr = parser.node(syntax_tree(text).body)
    if _kind(expr) != kind or isinstance(expr, Count):
        raise ConditionError(f"'{text}' is not a {kind} value of {fact_type}")
    return expr


@functools.cache
def compared_fields(expr: Expr | None) -> tuple[str, ...]:
    """Fields of the fact a condition compares (a field only tested with present() is not among them)."""
    return _fields(expr, "self", with_present=False)


@functools.cache
def fields_of(expr: Expr | None, scope: str = "self") -> tuple[str, ...]:
    """Names of the fields an expression reads in a scope, in order of first use ('subject' looks into joins)."""
    return _fields(expr, scope, with_present=True)


def _fields(expr: Expr | None, scope: str, with_present: bool) -> tuple[str, ...]:
    found: list[str] = []

    def visit(node: Expr | None) -> None:
        if isinstance(node, Field) and node.scope == scope and node.name not in found:
            found.append(node.name)
        elif isinstance(node, (Exists, Count)) and scope == "subject":
            visit(node.cond)
        elif isinstance(node, (Compare, Arith)):
            visit(node.left)
            visit(node.right)
        elif isinstance(node, BoolOp):
            for item in node.items:
                visit(item)
        elif isinstance(node, Not):
            visit(node.item)
        elif isinstance(node, Present) and with_present:
            visit(node.field)
    visit(expr)
    return tuple(found)
