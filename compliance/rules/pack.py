"""Rulesets: TOML rule packs loaded strictly (unknown keys, duplicate ids, dangling citations are errors)."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from compliance.core import guard
from compliance.core.errors import RulesetError
from compliance.core.problems import did_you_mean, field_path
from compliance.core.severity import Severity
from compliance.facts.schema import fact_types
from compliance.records.kinds import kinds
from compliance.rules import limits
from compliance.rules.conditions import ConditionError, Exists, Not, parse_condition, parse_value
from compliance.rules.templates import TemplateError, check_template


def unit_fact_type(kind: str) -> str:
    """The fact type that stands for the whole unit in a session of this kind."""
    return kinds().get(kind).subject


def _known_kind(name: str) -> str:
    """A unit kind's name, if it is one of the kinds in use."""
    if name not in kinds().names():
        raise ValueError(f"unknown unit kind '{name}'{did_you_mean(name, kinds().names())} "
                         f"(known: {', '.join(kinds().names())})")
    return name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A requirement source a pack cites (see CITATIONS.md)."""

    title: str
    title_en: str = ""
    status: Literal["verified", "partial", "unverified", "primary"] = "verified"


class Param(_Strict):
    """A tunable threshold with its default; overridable by --param or a profile."""

    default: int | str | bool
    description: str
    description_en: str = ""


class Cite(_Strict):
    """One quoted requirement: source id, article or section, verbatim text, and whether it is verified."""

    source: str
    article: str
    text: str
    verified: bool


class Clause(_Strict):
    """One requirement condition and the message when it is not met (or when a field it needs is missing)."""

    expr: str
    message: str = ""
    message_en: str = ""
    missing_message: str = ""
    missing_message_en: str = ""


class Example(_Strict):
    """A minimal unit record and the result the rule must give for it."""

    name: str
    expect: Literal["pass", "fail", "missing", "pending", "not_applicable"]  # missing: a gap of missing data
    unit: dict[str, Any]
    kind: str = "department"
    audit: dict[str, Any] = {}
    params: dict[str, Any] = {}  # parameters set otherwise than by default, e.g. { require_document_no = true }

    @field_validator("kind")
    @classmethod
    def _known(cls, value: str) -> str:
        return _known_kind(value)


class Rule(_Strict):
    """A rule: what it requires of which records, what it cites, what a gap costs and how to fix it."""

    id: str = Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    title_en: str
    applies_to: tuple[str, ...] = Field(min_length=1)
    severity: Severity
    points: float = Field(ge=0)
    max_points: float | None = Field(default=None, ge=0)
    for_each: str = ""
    charge_to: str = ""  # a field of for_each holding the id of the unit that answers for the item's gap
    due: str | None = None  # the item's deadline (a day value: "end", "year_end", "due"): pending until it has passed
    when: str | None = None
    if_none: Literal["fail", "missing", "pass", "not_applicable"] = "fail"  # missing: a list not given is 资料缺失
    none_message: str = ""
    none_message_en: str = ""
    na_message: str = ""  # why an item the rule does not apply to is out of its scope (a finding "not applicable")
    na_message_en: str = ""
    summary: str = ""
    summary_en: str = ""
    require: tuple[Clause, ...]
    remediation: str
    remediation_en: str
    deadline: str = ""
    deadline_en: str = ""
    proof: str = ""  # the evidence that closes a gap on the notice (佐证材料); default: said from the fields at fault
    proof_en: str = ""
    waivable: bool | None = None  # may an office waive a gap of it? (default: the pack's)
    cite: tuple[Cite, ...] = Field(min_length=1)
    penalty: Cite | None = None
    examples: tuple[Example, ...] = Field(min_length=2)

    @field_validator("require", mode="before")
    @classmethod
    def _clauses(cls, value: Any) -> Any:
        if isinstance(value, (str, dict)):
            value = [value]
        return [{"expr": item} if isinstance(item, str) else item for item in value]

    @field_validator("applies_to")
    @classmethod
    def _known_kinds(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_known_kind(name) for name in value)

    @field_validator("for_each")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value and value not in fact_types():
            raise ValueError(f"unknown fact type '{value}'{did_you_mean(value, fact_types())}")
        return value

    @model_validator(mode="after")
    def _whole_unit_by_default(self) -> Rule:
        """Without for_each a rule is about the whole unit: the fact type that stands for its kind of unit."""
        if not self.for_each:
            kinds = set(self.applies_to)
            if len({unit_fact_type(kind) for kind in kinds}) > 1:
                raise ValueError("a rule for several kinds of unit needs an explicit for_each")
            object.__setattr__(self, "for_each", unit_fact_type(self.applies_to[0]))
        return self

    @property
    def whole_unit(self) -> bool:
        """Is the rule about a unit as a whole (its items have no labels of their own)?"""
        return self.for_each in {unit_fact_type(kind) for kind in self.applies_to}


class PackInfo(_Strict):
    """The [pack] table."""

    id: str
    version: str
    title: str
    title_en: str
    waivable: bool = True  # may an office waive its rules' gaps (a statutory duty of an enterprise may not be)


class Pack(_Strict):
    """A whole ruleset file."""

    pack: PackInfo
    sources: dict[str, Source]
    params: dict[str, Param] = {}
    rule: tuple[Rule, ...]
    file: str = ""


def load_pack(path: Path) -> Pack:
    """Read and strictly check one ruleset file."""
    name = path.name
    try:
        raw = guard.load(path, "toml")
    except OSError as exc:
        raise RulesetError(name, None, f"cannot read: {exc}") from None
    except UnicodeDecodeError:
        raise RulesetError(name, None, "not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(name, None, f"malformed TOML: {exc}") from None
    except guard.InputRejected as exc:
        raise RulesetError(name, None, exc.en) from None
    try:
        pack = Pack.model_validate({**raw, "file": str(path)})
    except ValidationError as exc:
        raise RulesetError(name, _rule_id_at(raw, exc), _first_problem(exc)) from None
    check_pack(pack, name)
    return pack


def _rule_id_at(raw: dict[str, Any], exc: ValidationError) -> str | None:
    location = exc.errors()[0]["loc"]
    if len(location) >= 2 and location[0] == "rule" and isinstance(location[1], int):
        rules = raw.get("rule", [])
        if location[1] < len(rules) and isinstance(rules[location[1]], dict):
            return str(rules[location[1]].get("id", f"#{location[1] + 1}"))
    return None


def _first_problem(exc: ValidationError) -> str:
    problem = exc.errors(include_url=False)[0]
    location = problem["loc"][2:] if problem["loc"][:1] == ("rule",) else problem["loc"]
    message = str(problem["msg"])
    if problem["type"] == "extra_forbidden":
        message = "unknown key"
    return f"{field_path(location)}: {message}"


def check_pack(pack: Pack, name: str) -> None:
    """Cross-checks the models cannot do: unique ids, known sources, conditions that compile."""
    seen: set[str] = set()
    defaults = {key: param.default for key, param in pack.params.items()}
    if len(pack.rule) > limits.RULES_PER_PACK:
        raise RulesetError(name, pack.rule[limits.RULES_PER_PACK].id, f"a pack has at most {limits.RULES_PER_PACK} "
                                                                      f"rules, this one {len(pack.rule)}: split it")
    for rule in pack.rule:
        if rule.id in seen:
            raise RulesetError(name, rule.id, "duplicate rule id")
        seen.add(rule.id)
        for cite in rule.cite + ((rule.penalty,) if rule.penalty else ()):
            if cite.source not in pack.sources:
                raise RulesetError(name, rule.id, f"cite source '{cite.source}' is not in [sources]{did_you_mean(cite.source, pack.sources)}")
        try:
            parse_rule_conditions(rule, defaults)
            check_rule_templates(rule, defaults)
        except (ConditionError, TemplateError) as exc:
            raise RulesetError(name, rule.id, str(exc)) from None
        _check_charge_to(rule, name)


def check_rule_templates(rule: Rule, params: dict[str, Any]) -> None:
    """Messages name only the subject's fields, the parameters and {label}; a summary names only {items}."""
    allowed = {*fact_types()[rule.for_each].fields, *params, "label"}
    for index, clause in enumerate(rule.require):
        for key in ("message", "message_en", "missing_message", "missing_message_en"):
            check_template(f"require[{index}].{key}", getattr(clause, key), allowed)
    for key in ("summary", "summary_en"):
        check_template(key, getattr(rule, key), {"items"})


def _check_charge_to(rule: Rule, name: str) -> None:
    """charge_to names a text field of the rule's subject (the responsible unit's id)."""
    if not rule.charge_to:
        return
    fields = fact_types()[rule.for_each].fields
    if rule.charge_to not in fields or fields[rule.charge_to].kind != "str":
        raise RulesetError(name, rule.id, f"charge_to '{rule.charge_to}' is not a text field of {rule.for_each}"
                                          f"{did_you_mean(rule.charge_to, fields)}")


def parse_rule_conditions(rule: Rule, params: dict[str, Any]) -> None:
    """Parse when and every clause; exists() may only stand alone (or negated) as a whole clause."""
    if len(rule.require) > limits.CLAUSES_PER_RULE:
        raise ConditionError(f"a rule has at most {limits.CLAUSES_PER_RULE} clauses in require, this one "
                             f"{len(rule.require)}: split it")
    if rule.when:
        parse_condition(rule.when, rule.for_each, params)
    if rule.due:
        parse_value(rule.due, rule.for_each, params, "day")
    for clause in rule.require:
        expr = parse_condition(clause.expr, rule.for_each, params)
        _check_exists_placement(expr, clause.expr)


def _check_exists_placement(expr: Any, text: str) -> None:
    top = expr.item if isinstance(expr, Not) else expr
    if isinstance(top, Exists):
        return
    if "exists(" in text:
        raise ConditionError(f"'{text}': exists() must be a whole clause (or 'not exists(...)'); split the clause")


def waivable_rules(packs: list[Pack]) -> dict[str, bool]:
    """Every rule of the packs: whether an office may waive its gaps (the rule's own say, else its pack's)."""
    return {rule.id: rule.waivable if rule.waivable is not None else pack.pack.waivable
            for pack in packs for rule in pack.rule}
