"""The report: units with scores and findings, input errors, summary, exit code."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.findings import Finding, UnitReport
from compliance.inputs import InputError
from compliance.rules import SEVERITIES

SCHEMA_VERSION = "1"
_KIND_ORDER = {"city": 0, "department": 1, "district": 2, "enterprise": 3}


@dataclass
class Report:
    """Everything a formatter needs; built once, rendered by any formatter."""

    jurisdiction: str
    year: int
    as_of: str
    rulesets: list[dict[str, str]]
    units: list[UnitReport]
    input_errors: list[InputError]
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        """Counts of units and findings by status."""
        findings = [f for unit in self.units for f in unit.findings]
        count = {status: sum(1 for f in findings if f.status == status)
                 for status in ("pass", "fail", "waived", "not_applicable", "error")}
        return {"units": len(self.units), "checked": len(findings), "passed": count["pass"], "failed": count["fail"],
                "waived": count["waived"], "not_applicable": count["not_applicable"], "errors": count["error"],
                "input_errors": sum(1 for e in self.input_errors if e.severity == "error"),
                "input_warnings": sum(1 for e in self.input_errors if e.severity == "warning")}

    def exit_code(self, fail_on: str) -> int:
        """2 for input or engine errors, 1 for a gap at or above fail_on, else 0."""
        if any(e.severity == "error" for e in self.input_errors) or self.summary()["errors"]:
            return 2
        threshold = SEVERITIES.index(fail_on)
        gaps = (f for unit in self.units for f in unit.findings if f.status == "fail")
        return 1 if any(SEVERITIES.index(f.severity) >= threshold for f in gaps) else 0


def score(findings: list[Finding], caps: dict[str, float | None]) -> float:
    """100 minus the points of the unit's gaps (each rule's deduction capped by its max_points), floor 0."""
    deducted: dict[str, float] = {}
    for finding in findings:
        if finding.status == "fail":
            deducted[finding.rule_id] = deducted.get(finding.rule_id, 0.0) + finding.points
    total = sum(min(points, caps.get(rule_id) or points) for rule_id, points in deducted.items())
    return round(max(0.0, 100.0 - total), 2)


def sort_units(units: list[UnitReport]) -> list[UnitReport]:
    """Deterministic order: by kind (departments, districts, ...) then id; findings by rule then item."""
    for unit in units:
        unit.findings.sort(key=lambda f: (f.rule_id, f.order, f.item))
    return sorted(units, key=lambda u: (_KIND_ORDER.get(u.kind, 9), u.id))
