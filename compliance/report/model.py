"""Findings, units and the audit as plain values: what checking produces and every format renders."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from compliance.core.severity import Status

if TYPE_CHECKING:
    from compliance.report.notice import NoticeItem
    from compliance.report.sheet import Sheet
    from compliance.report.view import ReportView


@dataclass(frozen=True)
class Citation:
    """A quoted requirement."""

    source: str
    source_title: str
    source_title_en: str
    article: str
    text: str
    verified: bool

    def title(self, lang: str) -> str:
        """The source's title in a language."""
        return self.source_title_en if lang == "en" else self.source_title


@dataclass(frozen=True)
class RuleDoc:
    """A rule as reports show it: who it is, what it requires (quoted), what a gap costs and how to fix it."""

    id: str
    name: str
    pack: str
    title: str
    title_en: str
    severity: str
    cites: tuple[Citation, ...] = ()
    penalty: Citation | None = None
    remediation: str = ""
    remediation_en: str = ""
    deadline: str = ""
    deadline_en: str = ""
    summary: str = ""
    summary_en: str = ""
    points: float = 0.0
    max_points: float | None = None
    charged: bool = False  # its gaps are found in the city's session and charged to the unit that answers
    proof: str = ""  # the evidence that closes a gap (佐证材料), when the rule says it
    proof_en: str = ""
    conditions: tuple[str, ...] = ()  # its requirement's conditions, in the rules' condition language, in order
    fact_type: str = ""  # the kind of item it checks (worker, quarter, unit…)

    def text(self, name: str, lang: str) -> str:
        """A field in the chosen language (Chinese unless lang is 'en')."""
        value: str = getattr(self, f"{name}_en" if lang == "en" else name)
        return value or getattr(self, name)


ENGINE_RULE = RuleDoc("ENGINE", "engine", "", "规则引擎错误", "rule engine error", "critical")


@dataclass(frozen=True)
class Location:
    """Where a finding's evidence is: the record file, the field path in it, and its line and column when known."""

    file: str = ""
    field: str = ""
    line: int | None = None
    column: int | None = None
    sheet: str = ""  # in a workbook: the sheet and the cell (C5); line and column are then the cell's row and column
    cell: str = ""

    def evidence(self) -> dict[str, Any]:
        """As the evidence of the JSON report names it: file, line (when known), sheet and cell (a workbook), field."""
        if not self.file and not self.field:
            return {}
        return {"file": self.file, **({"line": self.line} if self.line else {}),
                **({"sheet": self.sheet, "cell": self.cell} if self.sheet else {}), "field": self.field}

    def place(self) -> str:
        """The file, and in a workbook its sheet and cell: departments/jtj.xlsx!会议!C5."""
        return "!".join(part for part in (self.file, self.sheet, self.cell) if part)

    def text(self) -> str:
        """FILE:LINE:FIELD (the parts that are known), or FILE!SHEET!CELL:FIELD in a workbook."""
        if self.sheet:
            return ":".join(part for part in (self.place(), self.field) if part)
        return ":".join(str(part) for part in (self.file, self.line or "", self.field) if part)


@dataclass(frozen=True)
class Finding:
    """The result of one rule for one item (or the whole unit): status, message, where, evidence, points."""

    rule: RuleDoc
    unit_id: str
    status: Status
    severity: str
    message: str
    message_en: str
    where: Location = Location()
    evidence: dict[str, Any] = field(default_factory=dict)
    item: str = ""
    item_en: str = ""
    points: float = 0.0
    order: int = 0
    count: int = 1
    key: str = ""  # the failing item, as audits are compared (see compliance.report.history)
    period: str = ""  # a periodic obligation's period (2022-Q3), as audits are compared
    span: tuple[str, str] | None = None  # the item's first and last day (ISO), when it is a period
    charged_to: str = ""  # the unit that answers for a gap found in another unit's session (the city's)
    gap: str = ""  # a gap's nature: "breach", or "missing_data" (资料缺失: a declaration the records do not make)
    no_items: bool = False  # a gap for want of any item of the rule's list (no workers listed at all)
    history: str = ""  # with a baseline: "new" or "persisting"
    severity_before: str = ""  # a persisting gap's severity before it was raised
    notice: NoticeItem | None = None  # a gap as an item of its unit's rectification notice
    overdue: str = ""  # with a baseline: last year's notice item for it is "overdue", or "escalated" (挂牌督办)

    @property
    def rule_id(self) -> str:
        """The rule's id."""
        return self.rule.id

    @property
    def rule_name(self) -> str:
        """The rule's readable name."""
        return self.rule.name

    @property
    def cites(self) -> tuple[Citation, ...]:
        """The requirements the rule quotes."""
        return self.rule.cites

    @property
    def penalty(self) -> Citation | None:
        """The penalty the rule quotes."""
        return self.rule.penalty

    @property
    def max_points(self) -> float | None:
        """The cap on the rule's deduction in a unit."""
        return self.rule.max_points

    @property
    def summary(self) -> str:
        """The rule's summary template ('{items}…')."""
        return self.rule.summary

    @property
    def deadline(self) -> str:
        """The rule's deadline for the remedy."""
        return self.rule.deadline

    def text(self, name: str, lang: str) -> str:
        """The finding's item or message, or its rule's title, remediation, deadline or summary, in a language."""
        if name in ("item", "message"):
            value: str = getattr(self, f"{name}_en" if lang == "en" else name)
            return value or getattr(self, name)
        return self.rule.text(name, lang)

    def location(self) -> str:
        """Where the evidence points, as FILE:LINE:FIELD (the parts that are known)."""
        return self.where.text()

    def changed(self, **changes: Any) -> Finding:
        """A copy with some fields changed, as dataclasses.replace makes it but about seven times faster (a finding
        is copied for every gap's notice item): its fields copied, __init__ not run again (it only sets them)."""
        unknown = changes.keys() - _FINDING_FIELDS
        if unknown:
            raise TypeError(f"Finding has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(Finding)
        copy.__dict__.update(self.__dict__, **changes)
        return copy


_FINDING_FIELDS = frozenset(item.name for item in fields(Finding))


@dataclass(frozen=True)
class Place:
    """Where a unit sits in the city: the units it is linked to by kind (an enterprise's supervising department and
    its district), its industry, and the hazard categories found there this year."""

    links: tuple[tuple[str, str | None], ...] = ()
    industry: str | None = None
    hazard_categories: tuple[str, ...] = ()


@dataclass
class UnitReport:
    """All findings of one unit and its score."""

    id: str
    name: str
    kind: str
    file: str
    findings: list[Finding] = field(default_factory=list)
    score: float | None = 100.0  # None for a kind that is not scored (the city's coordination findings)
    place: Place | None = None
    sheet: Sheet | None = None  # the assessment sheet (考核表), for a kind the scheme scores
    line: int | None = None  # the record's line in a JSON Lines file


@dataclass(frozen=True)
class ReportTeam:
    """Who inspected and signs the report (audit.toml's [report]): each name empty when not given."""

    organised_by: str = ""
    leader: str = ""
    members: tuple[str, ...] = ()
    approved_by: str = ""
    signed_on: str = ""  # ISO date


@dataclass(frozen=True)
class AuditInfo:
    """What was audited, with which rulesets and parameters, and the view every format renders through."""

    jurisdiction: str
    year: int
    as_of: str
    rulesets: list[dict[str, str]]
    params: dict[str, Any]
    view: ReportView
    rule_ids: frozenset[str] = frozenset()
    rules: tuple[RuleDoc, ...] = ()  # every rule run, in pack and file order
    root: str = ""  # the bundle folder, for formats that point into its files
    scheme: dict[str, str] = field(default_factory=dict)  # the assessment scheme's id, title and basis (or none)
    sheets: tuple[tuple[str, Sheet], ...] = ()  # per kind the scheme scores, its blank sheet: the standard
    notice: dict[str, Any] = field(default_factory=dict)  # how notices are numbered and issued ([notice] in the scheme)
    team: ReportTeam = ReportTeam()  # the inspection team and the report's sign-off (audit.toml's [report])
    evidence: str = "gaps"  # what the JSON report's passes carry: "gaps" (a count), "all" (their evidence too)
