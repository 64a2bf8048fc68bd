"""A unit's score: 100 minus its deductions, each rule's capped by its max_points, floor 0."""
from __future__ import annotations

from compliance.report.model import Finding, UnitReport


def deductions(findings: list[Finding]) -> dict[str, float]:
    """Points deducted per rule: the sum of its gaps, capped by the rule's max_points."""
    deducted: dict[str, float] = {}
    for finding in findings:
        if finding.status == "fail":
            deducted[finding.rule_id] = deducted.get(finding.rule_id, 0.0) + finding.points
    caps = {f.rule_id: f.max_points for f in findings if f.max_points is not None}
    return {rule_id: min(points, caps.get(rule_id) or points) for rule_id, points in sorted(deducted.items())}


def score(findings: list[Finding]) -> float:
    """100 minus the unit's (capped) deductions, floor 0."""
    return round(max(0.0, 100.0 - sum(deductions(findings).values())), 2)


def sort_findings(unit: UnitReport) -> UnitReport:
    """Findings in rule order, items in record order."""
    unit.findings.sort(key=lambda f: (f.rule_id, f.order, f.item))
    return unit
