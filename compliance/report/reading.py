"""A JSON report read back whole: each finding with what schema_version 3 leaves out put back — its rule's texts from
the rules table, the values left at their defaults, its unit's file and line in its evidence (docs/report.md)."""
from __future__ import annotations

from typing import Any

RULE_TEXTS = ("name", "title", "cites", "penalty", "remediation", "deadline")
DEFAULTS: dict[str, Any] = {"item": "", "points": 0.0, "count": 1}


def rules_by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The report's rules table by rule id."""
    return {rule["id"]: rule for rule in document.get("rules", [])}


def whole_finding(finding: dict[str, Any], unit: dict[str, Any], rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A finding as a reader wants it: its defaults, its rule's severity and texts (`rule_name`, `title`, `cites`,
    `penalty`, `remediation`, `deadline`), and in its evidence (when given) the unit's file and line, the rule's fact
    type and the conditions not met written out (`expected`)."""
    rule = rules[finding["rule_id"]]
    whole = {**DEFAULTS, "severity": rule["severity"], **finding}
    whole.update({("rule_name" if name == "name" else name): rule[name] for name in RULE_TEXTS})
    if "evidence" in finding:
        whole["evidence"] = whole_evidence(finding["evidence"], unit, rule)
    return whole


def whole_evidence(evidence: dict[str, Any], unit: dict[str, Any], rule: dict[str, Any]) -> dict[str, Any]:
    """A finding's evidence with its unit's file (and line) and its rule's fact type and failed conditions back."""
    place: dict[str, Any] = {}
    if "file" not in evidence and "field" in evidence:
        place = {"file": unit["file"], **({"line": unit["line"]} if "line" in unit else {})}
    whole = {**place, **evidence}
    if rule.get("fact_type"):
        whole.setdefault("fact_type", rule["fact_type"])
    if "failed" in whole:
        whole["expected"] = [rule["conditions"][index] for index in whole.pop("failed")]
    return whole


def whole_units(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's units, each finding whole (whole_finding)."""
    rules = rules_by_id(document)
    return [{**unit, "findings": [whole_finding(finding, unit, rules) for finding in unit["findings"]]}
            for unit in document["units"]]
