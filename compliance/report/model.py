"""Findings: immutable results of checking one rule against one item of one unit."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["fail", "pass", "not_applicable", "waived", "error"]
STATUSES: tuple[str, ...] = ("fail", "error", "waived", "not_applicable", "pass")


@dataclass(frozen=True)
class Citation:
    """A quoted requirement."""

    source: str
    source_title: str
    source_title_en: str
    article: str
    text: str
    verified: bool


@dataclass(frozen=True)
class RuleDoc:
    """What a report says about a rule itself (SARIF rule help, HTML legends): who it is and what it requires."""

    id: str
    name: str
    pack: str
    title: str
    title_en: str
    severity: str
    cites: tuple[Citation, ...]
    penalty: Citation | None
    remediation: str
    remediation_en: str

    def text(self, name: str, lang: str) -> str:
        """A field in the chosen language (Chinese unless lang is 'en')."""
        value: str = getattr(self, f"{name}_en" if lang == "en" else name)
        return value or getattr(self, name)


@dataclass(frozen=True)
class Finding:
    """The result of one rule for one item (or the whole unit) with evidence, citations and remediation."""

    rule_id: str
    rule_name: str
    unit_id: str
    status: Status
    severity: str
    title: str
    title_en: str
    item: str
    item_en: str
    message: str
    message_en: str
    points: float
    evidence: dict[str, Any]
    cites: tuple[Citation, ...]
    remediation: str
    remediation_en: str
    deadline: str = ""
    deadline_en: str = ""
    summary: str = ""
    summary_en: str = ""
    penalty: Citation | None = None
    order: int = 0
    count: int = 1
    max_points: float | None = None
    key: str = ""  # the failing item, as audits are compared (see compliance.baseline)
    history: str = ""  # with a baseline: "new" or "persisting"
    severity_before: str = ""  # a persisting gap's severity before it was raised

    def text(self, name: str, lang: str) -> str:
        """A field in the chosen language (Chinese unless lang is 'en')."""
        value: str = getattr(self, f"{name}_en" if lang == "en" else name)
        return value or getattr(self, name)

    def location(self) -> str:
        """Where the evidence points, as FILE:LINE:FIELD (the parts that are known)."""
        evidence = self.evidence
        return ":".join(str(part) for part in (evidence.get("file", ""), evidence.get("line", ""),
                                               evidence.get("field", "")) if part)


@dataclass
class UnitReport:
    """All findings of one unit and its score."""

    id: str
    name: str
    kind: str
    file: str
    findings: list[Finding] = field(default_factory=list)
    score: float = 100.0
    place: Place | None = None  # an enterprise's supervising department, district and industry, for the city summary


@dataclass(frozen=True)
class Place:
    """Where an enterprise sits in the city: who supervises it, its district and industry, its hazards this year."""

    supervisor: str | None
    district: str | None
    industry: str | None
    hazard_categories: tuple[str, ...] = ()
