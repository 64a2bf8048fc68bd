"""JSON Schema (draft 2020-12) of the JSON report, schema_version 1: the contract other tools read."""
from __future__ import annotations

from typing import Any

_STR = {"type": "string"}
_CITE = {"type": "object", "required": ["source", "article", "text", "verified"],
         "properties": {"source": _STR, "source_title": _STR, "article": _STR, "text": _STR,
                        "verified": {"type": "boolean"}}}
_FINDING = {
    "type": "object",
    "required": ["rule_id", "status", "severity", "title", "message", "points", "evidence", "cites", "remediation"],
    "properties": {
        "rule_id": _STR, "rule_name": _STR, "title": _STR, "item": _STR, "message": _STR, "remediation": _STR,
        "deadline": _STR,
        "status": {"enum": ["fail", "pass", "not_applicable", "waived", "error"]},
        "severity": {"enum": ["low", "medium", "high", "critical"]},
        "points": {"type": "number", "minimum": 0},
        "count": {"type": "integer", "minimum": 1},
        "evidence": {"type": "object", "properties": {"file": _STR, "line": {"type": "integer"}, "field": _STR,
                                                      "fact_type": _STR,
                                                      "values": {"type": "object"}, "context": {"type": "object"},
                                                      "expected": {}, "missing": {"type": "array"},
                                                      "items": {"type": "array"}, "params": {"type": "object"},
                                                      "checked": {"type": "integer"}}},
        "cites": {"type": "array", "items": _CITE},
        "penalty": {"anyOf": [{"type": "null"}, _CITE]},
        "key": {"type": "string", "description": "the failing item as audits are compared (its id, or a period)"},
        "history": {"enum": ["new", "persisting"], "description": "with --baseline: persisting = 屡查屡犯"},
        "severity_before": {"enum": ["low", "medium", "high", "critical"],
                            "description": "a persisting gap's severity before it was raised one level"},
    },
}
_UNIT = {"type": "object", "required": ["id", "name", "kind", "score", "findings"],
         "properties": {"id": _STR, "name": _STR, "file": _STR,
                        "kind": {"enum": ["department", "district", "enterprise", "city"]},
                        "score": {"type": "number", "minimum": 0, "maximum": 100},
                        "deductions": {"type": "object", "additionalProperties": {"type": "number"}},
                        "findings": {"type": "array", "items": _FINDING}}}
_INPUT_ERROR = {"type": "object", "required": ["file", "record", "field", "message"],
                "properties": {"file": _STR, "record": _STR, "field": _STR, "message": _STR, "message_zh": _STR,
                               "message_en": _STR, "severity": {"enum": ["error", "warning"]}}}
_COUNT = {"type": "integer", "minimum": 0}
_COUNTS = {"type": "object", "additionalProperties": _COUNT}
_UNIT_GAPS = {"type": "array", "items": {"type": "object", "required": ["id", "name", "own_gaps", "enterprises",
                                                                         "enterprise_gaps"],
                                         "properties": {"id": _STR, "name": _STR, "own_gaps": _COUNT,
                                                        "enterprises": _COUNT, "enterprise_gaps": _COUNT}}}
_CITY_SUMMARY = {
    "type": "object",
    "required": ["units", "gaps_by_rule", "gaps_by_department", "gaps_by_district", "gaps_by_industry",
                 "top_hazard_categories", "ranking"],
    "properties": {
        "units": _COUNTS, "gaps_by_rule": _COUNTS, "gaps_by_department": _UNIT_GAPS, "gaps_by_district": _UNIT_GAPS,
        "gaps_by_industry": _COUNTS, "city_score": {"type": "number"},
        "top_hazard_categories": {"type": "array", "items": {"type": "object", "required": ["category", "enterprises"]}},
        "ranking": {"type": "array", "items": {"type": "object", "required": ["id", "name", "kind", "score", "gaps"]}},
    },
}
_PAST_GAP = {"type": "object", "required": ["unit", "rule_id", "key", "item", "title", "severity"]}
_BASELINE = {"type": "object", "required": ["file", "new", "persisting", "resolved_count", "resolved", "not_rechecked"],
             "properties": {"file": _STR, "jurisdiction": _STR, "year": {"type": ["integer", "null"]}, "as_of": _STR,
                            "new": _COUNT, "persisting": _COUNT, "resolved_count": _COUNT, "not_rechecked": _COUNT,
                            "resolved": {"type": "array", "items": _PAST_GAP}}}
REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "compliance-report-v1",
    "title": "compliance gap report, schema_version 1",
    "type": "object",
    "required": ["schema_version", "audit", "units", "input_errors", "summary"],
    "properties": {
        "schema_version": {"const": "1"},
        "audit": {"type": "object", "required": ["jurisdiction", "year", "as_of", "rulesets"],
                  "properties": {"jurisdiction": _STR, "year": {"type": "integer"}, "as_of": {"type": "string", "format": "date"},
                                 "rulesets": {"type": "array", "items": {"type": "object", "required": ["id", "version"]}},
                                 "params": {"type": "object"}, "lang": {"enum": ["zh", "en"]}}},
        "units": {"type": "array", "items": _UNIT},
        "input_errors": {"type": "array", "items": _INPUT_ERROR},
        "summary": {"type": "object",
                    "required": ["units", "checked", "passed", "failed", "waived", "not_applicable", "errors"],
                    "properties": {name: _COUNT for name in ("units", "checked", "passed", "failed", "waived",
                                                             "not_applicable", "errors", "input_errors",
                                                             "input_warnings")}},
        "city_summary": _CITY_SUMMARY,
        "baseline": _BASELINE,
    },
}
