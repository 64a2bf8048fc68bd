"""Audit history (--baseline LAST_REPORT.json): each gap is new or persisting (屡查屡犯, severity raised one
level); the last report's gaps not found again in a unit checked this time are resolved.

Gaps are matched by unit id, rule id and the failing item's key (its id), never by file name, so records may move
between files from one audit to the next. A periodic obligation's items are keyed with their period (2021-Q3 is not
2022-Q3): a past period's miss can never be rectified, so it is past (neither resolved nor persisting), and the
obligation persists (屡查屡犯) when the same unit fails the same rule again, in any period.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.core.severity import raised
from compliance.report.model import Finding, UnitReport
from compliance.report.notice import PastItem

GapKey = tuple[str, str]  # (rule id, item key)
_MAX_LISTED = 200


@dataclass(frozen=True)
class PastGap:
    """A gap of the last report."""

    unit: str
    unit_name: str
    rule_id: str
    key: str
    item: str
    title: str
    severity: str
    period: str = ""  # a periodic obligation's period (2021-Q3)
    notice_id: str = ""  # its item on last year's rectification notice, when that report had notices
    notice_deadline: str = ""
    major: bool = False  # about a major hazard (重大事故隐患): overdue, it is escalated (挂牌督办)

    def as_dict(self) -> dict[str, str]:
        """As listed under baseline.resolved in the JSON report."""
        return {"unit": self.unit, "unit_name": self.unit_name, "rule_id": self.rule_id, "key": self.key,
                "item": self.item, "title": self.title, "severity": self.severity}


@dataclass(frozen=True)
class Baseline:
    """The last report's gaps by unit, and what that report was."""

    file: str
    jurisdiction: str
    year: int | None
    as_of: str
    gaps: dict[str, dict[GapKey, PastGap]]

    def classify(self, unit: UnitReport, as_of: str = "") -> UnitReport:
        """Mark the unit's gaps new or persisting; a persisting gap's severity is raised one level, and one whose
        item on last year's notice is past its deadline (as of this audit) is overdue, or escalated (挂牌督办)
        if it is about a major hazard."""
        past = self.gaps.get(unit.id, {})
        periodic = {gap.rule_id: gap for gap in past.values() if gap.period}
        unit.findings = [_classified(finding, past.get((finding.rule_id, finding.key))
                                     or (periodic.get(finding.rule_id) if finding.period else None), as_of)
                         if finding.status == "fail" else finding for finding in unit.findings]
        return unit

    def describe(self) -> dict[str, Any]:
        """The last report as named in this one."""
        return {"file": self.file, "jurisdiction": self.jurisdiction, "year": self.year, "as_of": self.as_of}


def _classified(finding: Finding, before: PastGap | None, as_of: str) -> Finding:
    if before is None:
        return finding.changed(history="new")
    overdue = notice_state(before, as_of)
    if raised(finding.severity) == finding.severity:  # critical already: flagged, not raised
        return finding.changed(history="persisting", overdue=overdue)
    return finding.changed(history="persisting", severity=raised(finding.severity),
                           severity_before=finding.severity, overdue=overdue)


def notice_state(gap: PastGap, as_of: str) -> str:
    """A persisting gap's notice item: "overdue" past its deadline, "escalated" if a major hazard (挂牌督办), else
    "" (no notice item, or its deadline not reached)."""
    if not gap.notice_deadline or not as_of or gap.notice_deadline >= as_of:
        return ""
    return "escalated" if gap.major else "overdue"


@dataclass
class BaselineTally:
    """Counts new and persisting gaps as units stream by; what is left of the last report's gaps is resolved."""

    baseline: Baseline
    rules: frozenset[str] = frozenset()  # the rules this run checked; gaps of others are not re-checked
    as_of: str = ""  # this audit's date: last year's notice items past their deadline are overdue
    new: int = 0
    persisting: int = 0
    seen: set[str] = field(default_factory=set)
    matched: dict[str, set[GapKey]] = field(default_factory=dict)
    waived: dict[str, set[GapKey]] = field(default_factory=dict)
    failing_rules: dict[str, set[str]] = field(default_factory=dict)  # for periodic obligations: any period

    def add(self, unit_id: str, gaps: tuple[tuple[str, str, str], ...]) -> None:
        """One checked unit's gaps as (rule id, key, history); a waived gap is still there, so never resolved."""
        self.seen.add(unit_id)
        for rule_id, key, history in gaps:
            self.failing_rules.setdefault(unit_id, set()).add(rule_id)
            if history == "waived":
                self.matched.setdefault(unit_id, set()).add((rule_id, key))
                self.waived.setdefault(unit_id, set()).add((rule_id, key))
            elif history == "persisting":
                self.persisting += 1
                self.matched.setdefault(unit_id, set()).add((rule_id, key))
            else:
                self.new += 1

    def resolved(self) -> list[PastGap]:
        """Gaps of the last report, in units checked again, that were not found this time (a past period's miss is
        never resolved: see past())."""
        return [gap for unit_id in sorted(self.seen & set(self.baseline.gaps))
                for gap_key, gap in sorted(self.baseline.gaps[unit_id].items())
                if not gap.period and gap_key not in self.matched.get(unit_id, set())
                and self._rechecked(unit_id, gap.rule_id)]

    def past(self) -> int:
        """Gaps of the last report in a period gone by (a quarter, a month, a report period), in units and rules
        checked again: neither resolved nor persisting."""
        return sum(1 for unit_id, gaps in self.baseline.gaps.items() for gap in gaps.values()
                   if gap.period and self._rechecked(unit_id, gap.rule_id))

    def _rechecked(self, unit_id: str, rule_id: str) -> bool:
        return unit_id in self.seen and (not self.rules or rule_id in self.rules)

    def not_rechecked(self) -> int:
        """Gaps of the last report in units or rules this run did not check (neither resolved nor persisting)."""
        return sum(1 for unit_id, gaps in self.baseline.gaps.items() for gap in gaps.values()
                   if not self._rechecked(unit_id, gap.rule_id))

    def notices(self) -> list[PastItem]:
        """Last year's notice items, in units and rules checked again: closed (销号) when the gap is gone, overdue
        when it persists past the item's deadline, escalated (挂牌督办) when that gap is a major hazard, open when
        it persists within its deadline or is waived. A periodic obligation's item is closed when the unit no longer
        fails the rule in any period."""
        items = []
        for unit_id in sorted(self.seen & set(self.baseline.gaps)):
            for gap_key, gap in sorted(self.baseline.gaps[unit_id].items()):
                if gap.notice_id and self._rechecked(unit_id, gap.rule_id):
                    items.append(PastItem(gap.notice_id, unit_id, gap.unit_name, gap.rule_id, gap.item, gap.title,
                                          gap.notice_deadline, self._state(unit_id, gap_key, gap)))
        return items

    def _state(self, unit_id: str, gap_key: GapKey, gap: PastGap) -> str:
        persists = gap.rule_id in self.failing_rules.get(unit_id, set()) if gap.period \
            else gap_key in self.matched.get(unit_id, set())
        if not persists:
            return "closed"
        if gap_key in self.waived.get(unit_id, set()):
            return "open"
        return notice_state(gap, self.as_of) or "open"

    def as_dict(self) -> dict[str, Any]:
        """The baseline section of the JSON report (resolved gaps listed, up to a limit)."""
        resolved = self.resolved()
        out = {**self.baseline.describe(), "new": self.new, "persisting": self.persisting,
               "resolved_count": len(resolved), "resolved": [gap.as_dict() for gap in resolved[:_MAX_LISTED]],
               "past": self.past(), "not_rechecked": self.not_rechecked()}
        items = self.notices()
        if items:
            counts = {state: sum(1 for item in items if item.state == state)
                      for state in ("closed", "overdue", "escalated", "open")}
            listed = [item.as_dict() for item in items if item.state in ("overdue", "escalated")][:_MAX_LISTED]
            out["notices"] = {**counts, "items": listed}
        return out
