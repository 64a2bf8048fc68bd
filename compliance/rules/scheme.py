"""Assessment schemes (考核细则): per kind of unit, categories with their points and rules, what each gap costs,
bonus and veto items, and grades. Policy, kept apart from detection: the packs say what is a gap, the scheme what
it costs."""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from compliance.core import guard
from compliance.core.errors import UsageError
from compliance.core.problems import did_you_mean, field_path
from compliance.core.severity import Severity
from compliance.facts.schema import fact_module, fact_types
from compliance.records.catalog import rulesets_dir
from compliance.records.kinds import kinds
from compliance.rules.conditions import ConditionError, parse_condition
from compliance.rules.pack import Example, Pack, Rule

ITEM_ID = r"^[A-Z]+(-[A-Z0-9]+)+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SchemeInfo(_Strict):
    """The [scheme] table: which scheme this is and what it is based on."""

    id: str
    title: str
    title_en: str
    basis: str = ""  # where the scheme comes from (a city's 考核细则, or the shipped default)
    basis_en: str = ""


class Category(_Strict):
    """A category (考核项目): its maximum points and the rules (ids or patterns like DEPT-LEAD-*) scored in it."""

    id: str
    title: str
    title_en: str
    points: float = Field(gt=0)
    rules: tuple[str, ...] = Field(min_length=1)


class Weight(_Strict):
    """Points per item for items whose fields match (e.g. a major hazard still open): the first match counts."""

    match: dict[str, str | int | bool] = Field(min_length=1)
    points: float = Field(ge=0)
    label: str = ""  # how the scoring standard names such items (重大隐患且仍未整改); default: the match itself
    label_en: str = ""


class Pricing(_Strict):
    """What a rule's gaps cost in this sheet, where it differs from the rule's own points."""

    rule: str
    points: float | None = Field(default=None, ge=0)
    max_points: float | None = Field(default=None, ge=0)
    missing_points: float | None = Field(default=None, ge=0)
    weight: tuple[Weight, ...] = ()


class Missing(_Strict):
    """What an item of missing data (资料缺失) costs and how severe it is, unless a rule's pricing says otherwise."""

    points: float = Field(default=1.0, ge=0)
    list_points: float | None = Field(default=None, ge=0)  # a list given not at all; None: the rule's whole cap
    severity: Severity = "medium"


class Grade(_Strict):
    """A grade (等次) from a minimum total."""

    name: str
    name_en: str
    min: float = Field(ge=0)


class Item(_Strict):
    """A bonus (加分项) or veto (一票否决) item.

    Either `rules` (a veto raised by any gap of these rules in the unit) or a condition: `for_each` a fact type and
    `when` it holds (in the rule condition language, matched by the engine), each such item counting; `charge_to`
    names the fields holding the ids of units it counts for, when the items are facts of the city's session."""

    id: str = Field(pattern=ITEM_ID)
    title: str
    title_en: str
    rules: tuple[str, ...] = ()
    for_each: str = ""
    when: str = ""
    charge_to: tuple[str, ...] = ()
    points: float = Field(default=0.0, ge=0)
    max_points: float | None = Field(default=None, ge=0)
    message: str = ""
    message_en: str = ""
    needs: str = ""  # a bundle file the item reads (city/accidents.toml): without it the item is not checked
    examples: tuple[Example, ...] = ()

    @model_validator(mode="after")
    def _one_trigger(self) -> Item:
        if bool(self.rules) == bool(self.for_each):
            raise ValueError("give either rules or for_each (with when)")
        if self.for_each and (not self.when or len(self.examples) < 2):
            raise ValueError("an item with for_each needs a when condition and at least two examples")
        return self


class SheetSpec(_Strict):
    """The sheet of one kind of unit."""

    kind: str
    title: str
    title_en: str
    points: float = Field(default=100.0, gt=0)
    category: tuple[Category, ...] = Field(min_length=1)
    rule: tuple[Pricing, ...] = ()
    missing: Missing = Missing()
    bonus: tuple[Item, ...] = ()
    bonus_max: float | None = Field(default=None, ge=0)
    veto: tuple[Item, ...] = ()
    grade: tuple[Grade, ...] = ()
    veto_grade: str = ""  # the grade a raised veto gives (default: the lowest)
    veto_grade_en: str = ""

    @field_validator("kind")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in kinds().names():
            raise ValueError(f"unknown unit kind '{value}'{did_you_mean(value, kinds().names())}")
        if not kinds().get(value).scored:
            raise ValueError(f"units of kind '{value}' are not scored (the committee office's coordination findings)")
        return value

    @model_validator(mode="after")
    def _adds_up(self) -> SheetSpec:
        total = sum(category.points for category in self.category)
        if abs(total - self.points) > 1e-9:
            raise ValueError(f"the categories' points add up to {total:g}, not the sheet's {self.points:g}")
        ids = [c.id for c in self.category] + [i.id for i in self.bonus + self.veto]
        duplicated = sorted({name for name in ids if ids.count(name) > 1})
        if duplicated:
            raise ValueError(f"duplicate id '{duplicated[0]}'")
        if not self.grade:
            return self
        mins = [grade.min for grade in self.grade]
        if mins != sorted(mins, reverse=True) or mins[-1] != 0:
            raise ValueError("grades go from the highest minimum down to one with min = 0")
        names = [grade.name for grade in self.grade]
        if self.veto_grade and self.veto_grade not in names:
            raise ValueError(f"veto_grade '{self.veto_grade}' is not one of the grades ({', '.join(names)})")
        return self

    def category_of(self, rule_id: str) -> Category | None:
        """The category a rule is scored in: the one naming it exactly, else the longest matching pattern."""
        best: tuple[int, Category] | None = None
        for category in self.category:
            for pattern in category.rules:
                if fnmatch.fnmatchcase(rule_id, pattern):
                    strength = 1000 if pattern == rule_id else len(pattern.replace("*", ""))
                    if best is None or strength > best[0]:
                        best = (strength, category)
        return best[1] if best else None

    def pricing(self, rule_id: str) -> Pricing | None:
        """The sheet's pricing of a rule, if it has one."""
        return next((p for p in self.rule if p.rule == rule_id), None)

    def grade_of(self, total: float, vetoed: bool) -> tuple[str, str]:
        """The grade (zh, en) for a total; a raised veto gives the veto grade."""
        if not self.grade:
            return "", ""
        if vetoed:
            lowest = self.grade[-1]
            return self.veto_grade or lowest.name, self.veto_grade_en or lowest.name_en
        grade = next(g for g in self.grade if total >= g.min - 1e-9)
        return grade.name, grade.name_en


class NoticeSpec(_Strict):
    """The [notice] table: how rectification notices (整改通知书) are numbered and what their deadlines are."""

    number: str = "{jurisdiction}安委办整改〔{year}〕{seq}号"  # {jurisdiction}, {year}, {seq}: the notice's number
    issued_by: str = "{jurisdiction}安全生产委员会办公室"
    issued_by_en: str = "{jurisdiction} Work Safety Committee Office"
    immediately_days: int = Field(default=7, ge=0)  # 立即: the audit date plus these days
    missing_days: int = Field(default=15, ge=0)  # missing data: supply it within these days
    days: dict[Severity, int] = {"critical": 15, "high": 30, "medium": 30, "low": 60}  # by the gap's severity
    reply_days: int = Field(default=5, ge=0)  # the feedback slip (回执) is due these days after the last deadline

    @field_validator("days")
    @classmethod
    def _every_severity(cls, value: dict[str, int]) -> dict[str, int]:
        missing = [name for name in ("low", "medium", "high", "critical") if name not in value]
        if missing:
            raise ValueError(f"days for every severity: missing {', '.join(missing)}")
        if any(days < 0 for days in value.values()):
            raise ValueError("days cannot be negative")
        return value


class Scheme(_Strict):
    """A whole scheme file: one sheet per kind of unit it scores, and how notices are made."""

    scheme: SchemeInfo
    sheet: tuple[SheetSpec, ...] = Field(min_length=1)
    notice: NoticeSpec = NoticeSpec()
    file: str = ""

    @model_validator(mode="after")
    def _one_sheet_per_kind(self) -> Scheme:
        names = [sheet.kind for sheet in self.sheet]
        if len(set(names)) != len(names):
            raise ValueError("two sheets for the same kind of unit")
        return self

    def sheet_for(self, kind: str) -> SheetSpec | None:
        """The sheet of a kind of unit, if the scheme scores it."""
        return next((sheet for sheet in self.sheet if sheet.kind == kind), None)


class SchemeError(UsageError):
    """An assessment scheme that cannot be used: the message names the file and what is wrong."""


def default_scheme_path() -> Path:
    """The shipped default scheme, drawn from the 2022 speech (a city edits a copy)."""
    return rulesets_dir() / "schemes" / "default.toml"


def load_scheme(path: Path) -> Scheme:
    """Read and strictly check a scheme file (not yet against the packs: see bind())."""
    try:
        raw = guard.load(path, "toml")
    except OSError as exc:
        raise SchemeError(f"assessment scheme {path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SchemeError(f"assessment scheme {path}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"assessment scheme {path}: malformed TOML: {exc}") from None
    except guard.InputRejected as exc:
        raise SchemeError(f"assessment scheme {path}: {exc.en}") from None
    try:
        return Scheme.model_validate({**raw, "file": str(path)})
    except ValidationError as exc:
        problem = exc.errors(include_url=False)[0]
        message = "unknown key" if problem["type"] == "extra_forbidden" else str(problem["msg"])
        raise SchemeError(f"assessment scheme {path.name}: {field_path(problem['loc'])}: {message}") from None


def scored_rules(sheet: SheetSpec, packs: list[Pack]) -> list[tuple[Pack, Rule]]:
    """The rules whose gaps can land on a unit of the sheet's kind, with their packs: its own, and those the city
    charges to units read with the bundle."""
    charged_here = kinds().get(sheet.kind).reading == "files"
    return [(pack, rule) for pack in packs for rule in pack.rule
            if sheet.kind in rule.applies_to or (rule.charge_to and charged_here)]


def bind(scheme: Scheme, packs: list[Pack], shipped: frozenset[str] = frozenset()) -> None:
    """Check the scheme against the loaded packs: every rule that can cost a unit points is in a category, every
    rule the scheme names exists (in a loaded pack or a shipped one: --rules may load fewer)."""
    known = {rule.id for pack in packs for rule in pack.rule} | shipped
    name = Path(scheme.file).name or "scheme"
    for sheet in scheme.sheet:
        for _, rule in scored_rules(sheet, packs):
            if sheet.category_of(rule.id) is None:
                raise SchemeError(f"assessment scheme {name}: sheet {sheet.kind}: rule {rule.id} is in no category "
                                  "(its gaps would cost nothing): add it to a category's rules")
        _check_weights(sheet, packs, name)
        named = [p.rule for p in sheet.rule] + [r for item in sheet.veto + sheet.bonus for r in item.rules]
        for rule_id in named:
            if rule_id not in known:
                raise SchemeError(f"assessment scheme {name}: sheet {sheet.kind}: unknown rule {rule_id}"
                                  f"{did_you_mean(rule_id, known)}")
        _check_items(sheet, packs, name)


def _check_items(sheet: SheetSpec, packs: list[Pack], name: str) -> None:
    """A veto names rules that can land on the sheet's units; a condition item's fields and condition exist."""
    where = f"assessment scheme {name}: sheet {sheet.kind}"
    scored = {rule.id for _, rule in scored_rules(sheet, packs)}
    loaded = {rule.id for pack in packs for rule in pack.rule}
    params = {key: param.default for pack in packs for key, param in pack.params.items()}
    for item in sheet.veto + sheet.bonus:
        stray = [rule_id for rule_id in item.rules if rule_id in loaded and rule_id not in scored]
        if stray:
            raise SchemeError(f"{where}: {item.id}: rule {stray[0]} never finds a gap in a {sheet.kind}: it could "
                              "never raise the veto")
        if not item.for_each:
            continue
        fields = fact_types()[item.for_each].fields if item.for_each in fact_types() else {}
        for charge in item.charge_to:
            if charge not in fields or fields[charge].kind != "str":
                raise SchemeError(f"{where}: {item.id}: charge_to '{charge}' is not a text field of "
                                  f"{item.for_each}{did_you_mean(charge, fields)}")
        try:
            parse_condition(item.when, item.for_each, params)
        except ConditionError as exc:
            raise SchemeError(f"{where}: {item.id}: when: {exc}") from None


def _check_weights(sheet: SheetSpec, packs: list[Pack], name: str) -> None:
    """A weight matches fields that findings of its rule carry: those that say which item a gap is about."""
    rules = {rule.id: rule for pack in packs for rule in pack.rule}
    for pricing in sheet.rule:
        rule = rules.get(pricing.rule)
        if rule is None or not pricing.weight:
            continue
        about = fact_types()[rule.for_each].about
        for weight in pricing.weight:
            unknown = sorted(set(weight.match) - set(about))
            if unknown:
                raise SchemeError(f"assessment scheme {name}: sheet {sheet.kind}: {rule.id}: a weight can match "
                                  f"{', '.join(about) or 'no field'} of a {rule.for_each}, not '{unknown[0]}'")


ItemRole = Literal["bonus", "veto"]


def item_rules(scheme: Scheme) -> tuple[Pack, dict[str, tuple[str, ItemRole, str]]]:
    """The condition items of every sheet as rules the engine matches (a pack of their own), and for each of those
    rules: the sheet's kind, whether it is a bonus or a veto, and the item's id."""
    rules: list[Rule] = []
    roles: dict[str, tuple[str, ItemRole, str]] = {}
    for sheet in scheme.sheet:
        for role, item in _items(sheet):
            for charge in item.charge_to or ("",):
                rule = _item_rule(scheme, sheet, item, charge, len(item.charge_to) > 1)
                rules.append(rule)
                roles[rule.id] = (sheet.kind, role, item.id)
    pack = Pack.model_validate({
        "pack": {"id": f"scheme:{scheme.scheme.id}", "version": "1", "title": scheme.scheme.title,
                 "title_en": scheme.scheme.title_en, "waivable": False},
        "sources": {"scheme": {"title": scheme.scheme.title, "title_en": scheme.scheme.title_en,
                               "status": "primary"}},
        "rule": [rule.model_dump() for rule in rules], "file": scheme.file})
    return pack, roles


def _items(sheet: SheetSpec) -> list[tuple[ItemRole, Item]]:
    """The sheet's condition items (those with for_each), bonuses first."""
    bonuses: list[tuple[ItemRole, Item]] = [("bonus", item) for item in sheet.bonus if item.for_each]
    return bonuses + [("veto", item) for item in sheet.veto if item.for_each]


def _item_rule(scheme: Scheme, sheet: SheetSpec, item: Item, charge: str, by_charge: bool) -> Rule:
    """A rule that fails for each item meeting the condition: a failure here is a bonus earned or a veto raised."""
    session = _session_kind(item.for_each, sheet.kind, charge)
    rule_id = "-".join([item.id, _id_part(sheet.kind)] + ([_id_part(charge)] if by_charge else []))
    message = item.message or f"{{label}}：{item.title}"  # whatever fields it read were absent or not
    message_en = item.message_en or f"{{label}}: {item.title_en}"
    data: dict[str, Any] = {
        "id": rule_id, "name": rule_id.lower(), "title": item.title, "title_en": item.title_en,
        "applies_to": [session], "severity": "low", "points": 0, "for_each": item.for_each, "charge_to": charge,
        "if_none": "not_applicable", "when": item.when,  # applies = counts; cannot tell = 待核实
        "require": [{"expr": "False", "message": message, "message_en": message_en}],
        "remediation": "—", "remediation_en": "—",
        "cite": [{"source": "scheme", "article": item.id, "text": item.title, "verified": True}],
        "examples": [example.model_dump() for example in item.examples]}
    try:
        return Rule.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors(include_url=False)[0]
        raise SchemeError(f"assessment scheme {Path(scheme.file).name}: sheet {sheet.kind}: {item.id}: "
                          f"{field_path(problem['loc'])}: {problem['msg']}") from None


def _id_part(name: str) -> str:
    """A kind's or field's name as part of a rule id (BONUS-AWD-PROVINCIAL-DEPARTMENT)."""
    return "".join(ch for ch in name.upper() if ch.isalnum())


def _session_kind(fact_type: str, kind: str, charge: str) -> str:
    """The kind of unit whose session has facts of this type: the sheet's own, or (for a charged item) the one whose
    facts module fills the type."""
    owners = [k.name for k in kinds() if any(t.name == fact_type for t in fact_module(k.facts).types)]
    if not charge:
        if kind not in owners:
            raise SchemeError(f"fact type '{fact_type}' is not in a {kind}'s records; name charge_to for an item "
                              "of another unit's session")
        return kind
    if not owners:
        raise SchemeError(f"unknown fact type '{fact_type}'")
    return owners[0]


def resolve_scheme(path: Path | None, packs: list[Pack], shipped: list[Pack]) -> Scheme | None:
    """The scheme in effect: the one given, else the shipped default when only shipped packs are loaded (a pack of
    one's own needs a scheme of one's own); checked against the packs."""
    shipped_ids = frozenset(rule.id for pack in shipped for rule in pack.rule)
    own = any(rule.id not in shipped_ids for pack in packs for rule in pack.rule)
    if path is None and own:
        return None
    scheme = load_scheme(path or default_scheme_path())
    bind(scheme, packs, shipped_ids)
    return scheme
