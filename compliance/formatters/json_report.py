"""JSON report: the public contract of docs/report.md (schema_version 1), deterministic, written unit by unit.

The header, input errors and summary are indented; each unit is one compact line.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.report.model import AuditInfo, Citation, Finding, UnitReport
from compliance.report.scoring import deductions
from compliance.report.stats import SCHEMA_VERSION, RunStats, UnitSummary


def _cite(cite: Citation, lang: str) -> dict[str, Any]:
    return {"source": cite.source, "source_title": cite.title(lang),
            "article": cite.article, "text": cite.text, "verified": cite.verified}


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as in the JSON contract (plus item, name, count, penalty and deadline).

    Requirement texts (cites, penalty, remediation) are given for gaps and errors; a pass or not-applicable
    finding names its rule, whose texts `compliance rules show ID` prints, so a city report stays a sane size.
    """
    if finding.status not in ("fail", "error"):
        return {"rule_id": finding.rule_id, "rule_name": finding.rule_name, "status": finding.status,
                "severity": finding.severity, "title": finding.text("title", lang), "item": finding.text("item", lang),
                "message": finding.text("message", lang), "points": finding.points, "count": finding.count,
                "evidence": _evidence(finding), "cites": [], "penalty": None, "remediation": "", "deadline": ""}
    return {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "status": finding.status,
        "severity": finding.severity,
        "title": finding.text("title", lang),
        "item": finding.text("item", lang),
        "message": finding.text("message", lang),
        "points": finding.points,
        "count": finding.count,
        "evidence": _evidence(finding),
        "cites": [_cite(c, lang) for c in finding.cites],
        "penalty": None if finding.penalty is None else _cite(finding.penalty, lang),
        "remediation": finding.text("remediation", lang),
        "deadline": finding.text("deadline", lang),
        **_history(finding),
    }


def _evidence(finding: Finding) -> dict[str, Any]:
    """Where the evidence is (file, line when known, field), then what was seen."""
    return {**finding.where.evidence(), **finding.evidence}


def _history(finding: Finding) -> dict[str, str]:
    """A gap's key, and with a baseline whether it is new or persisting (and its severity before it was raised)."""
    out = {"key": finding.key}
    if finding.period:
        out["period"] = finding.period
    if finding.history:
        out["history"] = finding.history
    if finding.severity_before:
        out["severity_before"] = finding.severity_before
    return out


def unit_dict(unit: UnitReport, lang: str) -> dict[str, Any]:
    """One unit as in the JSON contract."""
    return {"id": unit.id, "name": unit.name, "kind": unit.kind, "file": unit.file, "score": unit.score,
            "deductions": deductions(unit.findings), "findings": [finding_dict(f, lang) for f in unit.findings]}


def _ranked(unit: UnitSummary) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name, "kind": unit.kind, "score": unit.score, "gaps": unit.counts["failed"]}


def _dump(value: Any, indent: int) -> str:
    """Pretty JSON nested `indent` spaces deep (as json.dumps(indent=2) would place it)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)


@register("json")
class JsonFormatter(Formatter):
    """Pretty, key-stable JSON with Chinese kept readable."""

    separator = ","

    def begin(self, info: AuditInfo) -> str:
        """Schema version and the audit header, then the opening of the units array."""
        self.view = info.view
        audit = {"jurisdiction": info.jurisdiction, "year": info.year, "as_of": info.as_of,
                 "rulesets": info.rulesets, "params": info.params, "lang": self.lang}
        return f'{{\n  "schema_version": "{SCHEMA_VERSION}",\n  "audit": {_dump(audit, 2)},\n  "units": ['

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """One unit object, compact on one line (a city's report stays a third smaller and greps by unit)."""
        return "\n    " + json.dumps(unit_dict(unit, self.lang), ensure_ascii=False, separators=(",", ":"))

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Close the units; input errors and the summary."""
        errors = [error.as_dict(self.lang) for error in input_errors]
        close = "\n  ]" if stats.units else "]"
        city = {**stats.city_summary.as_dict(), "ranking": [_ranked(unit) for unit in stats.ranking()],
                "rankings": {kind.name: [_ranked(unit) for unit in units] for kind, units in stats.rankings()}}
        extra = f',\n  "baseline": {_dump(stats.tally.as_dict(), 2)}' if stats.tally is not None else ""
        return (f'{close},\n  "input_errors": {_dump(errors, 2)},\n  "summary": {_dump(stats.summary(), 2)},\n'
                f'  "city_summary": {_dump(city, 2)}{extra}\n}}\n')
