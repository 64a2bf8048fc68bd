"""Rectification notices (整改通知书): each gap as a notice item with a stable id, a dated deadline and the proof
that closes it; with a baseline, last year's items closed (销号), overdue or escalated (挂牌督办)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NoticeItem:
    """A gap as an item of its unit's rectification notice."""

    id: str  # stable across runs and years' reports: audit year, unit, rule and the item's key
    deadline: str  # ISO date: the audit date plus the scheme's days for the gap's severity (or for 立即)
    proof: str  # the evidence that closes it (佐证材料)
    proof_en: str

    def text(self, lang: str) -> str:
        """The proof in a language."""
        return (self.proof_en or self.proof) if lang == "en" else self.proof


@dataclass(frozen=True)
class PastItem:
    """One of last year's notice items and what became of it: closed (销号), overdue, or escalated (挂牌督办)."""

    id: str
    unit: str
    unit_name: str
    rule_id: str
    item: str
    title: str
    deadline: str
    state: str  # "closed", "overdue" or "escalated"

    def as_dict(self) -> dict[str, str]:
        """As listed under baseline.notices in the JSON report."""
        return {"id": self.id, "unit": self.unit, "unit_name": self.unit_name, "rule_id": self.rule_id,
                "item": self.item, "title": self.title, "deadline": self.deadline, "state": self.state}
