"""JSON report: the public contract of DESIGN.md (schema_version 1), deterministic."""
from __future__ import annotations

import json
from typing import Any

from compliance.findings import Citation, Finding
from compliance.formatters import register
from compliance.report import SCHEMA_VERSION, Report


def _cite(cite: Citation, lang: str) -> dict[str, Any]:
    return {"source": cite.source, "source_title": cite.source_title_en if lang == "en" else cite.source_title,
            "article": cite.article, "text": cite.text, "verified": cite.verified}


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as in the JSON contract (plus item, name and deadline)."""
    return {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "status": finding.status,
        "severity": finding.severity,
        "title": finding.text("title", lang),
        "item": finding.text("item", lang),
        "message": finding.text("message", lang),
        "points": finding.points,
        "evidence": finding.evidence,
        "cites": [_cite(c, lang) for c in finding.cites],
        "penalty": None if finding.penalty is None else _cite(finding.penalty, lang),
        "remediation": finding.text("remediation", lang),
        "deadline": finding.text("deadline", lang),
    }


def report_dict(report: Report, lang: str) -> dict[str, Any]:
    """The whole report as plain data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "audit": {"jurisdiction": report.jurisdiction, "year": report.year, "as_of": report.as_of,
                  "rulesets": report.rulesets, "params": report.params, "lang": lang},
        "units": [{"id": unit.id, "name": unit.name, "kind": unit.kind, "file": unit.file, "score": unit.score,
                   "findings": [finding_dict(f, lang) for f in unit.findings]} for unit in report.units],
        "input_errors": [error.as_dict(lang) for error in report.input_errors],
        "summary": report.summary(),
    }


@register("json")
def render(report: Report, lang: str) -> str:
    """Pretty, key-stable JSON with Chinese kept readable."""
    return json.dumps(report_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
