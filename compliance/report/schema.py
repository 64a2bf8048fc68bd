"""JSON Schema (draft 2020-12) of the JSON report, schema_version 3: the contract other tools read (docs/report.md
describes each field)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Schema = dict[str, Any]
_STR: Schema = {"type": "string"}
_INT: Schema = {"type": "integer"}
_COUNT: Schema = {"type": "integer", "minimum": 0}
_COUNTS: Schema = {"type": "object", "additionalProperties": _COUNT}
_SEVERITY: Schema = {"enum": ["low", "medium", "high", "critical"]}
_MAP: Schema = {"type": "object", "description": "names as keys, values as recorded"}


def _object(required: Sequence[str], **properties: Schema) -> Schema:
    return {"type": "object", "required": list(required), "properties": properties}


def _array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


_CITE = _object(["source", "article", "text", "verified"], source=_STR, source_title=_STR, article=_STR, text=_STR,
                verified={"type": "boolean"})
_WAIVER = _object(["number", "reason", "approved_by", "approved_on", "expires_on"], number=_INT, item=_STR,
                  reason=_STR, approved_by=_STR, approved_on=_STR, expires_on=_STR, covers_from=_STR, covers_to=_STR)
_EVIDENCE = _object(
    [], file=_STR, line={"type": "integer", "minimum": 1}, sheet=_STR, cell=_STR, field=_STR, fact_type=_STR,
    values=_MAP, context=_MAP, expected={"anyOf": [_STR, _array(_STR)]},
    failed=_array({"type": "integer", "minimum": 0}), actual=_STR, missing=_array(_STR), undeclared=_array(_STR),
    items=_array(_object(["field", "item"], field=_STR, item=_STR)), params=_MAP, checked=_COUNT, about=_MAP,
    due={"type": "string", "format": "date"},
    waiver=_WAIVER, waiver_expired=_WAIVER)
_RULE = _object(["id", "name", "pack", "title", "severity", "cites", "penalty", "remediation", "deadline",
                 "fact_type", "conditions"],
                id=_STR, name=_STR, pack=_STR, title=_STR, severity=_SEVERITY, cites=_array(_CITE),
                penalty={"anyOf": [{"type": "null"}, _CITE]}, remediation=_STR, deadline=_STR, fact_type=_STR,
                conditions=_array(_STR))
_SETTLED = ["pass", "not_applicable"]
_FINDING = _object(
    ["rule_id", "status", "message"],
    rule_id={"type": "string", "description": "the rule: its texts are in the report's rules table"},
    status={"enum": ["fail", "pass", "not_applicable", "waived", "error", "pending"]},
    severity={**_SEVERITY, "description": "given only where it is not the rule's (a persisting gap raised)"},
    item={**_STR, "default": ""}, message=_STR, points={"type": "number", "minimum": 0, "default": 0},
    count={"type": "integer", "minimum": 1, "default": 1},
    evidence={**_EVIDENCE, "description": "always on a gap, pending or waived finding; on a pass or not-applicable "
                                          "only when audit.evidence is \"all\""},
    gap={"enum": ["breach", "missing_data"], "description": "a gap's nature: 资料缺失 is missing data"},
    key={"type": "string", "description": "the failing item as audits are compared (its id, or its period)"},
    period={"type": "string", "description": "a periodic obligation's period, with its year (2022-Q3)"},
    history={"enum": ["new", "persisting"], "description": "with --baseline: persisting = 屡查屡犯"},
    severity_before={**_SEVERITY, "description": "a persisting gap's severity before it was raised one level"},
    notice=_object(["id", "deadline", "proof"], id=_STR, deadline={"type": "string", "format": "date"}, proof=_STR),
    overdue={"enum": ["overdue", "escalated"],
             "description": "with --baseline: last year's notice item for it is past its deadline (escalated: 挂牌督办)"})
_FINDING["if"] = {"properties": {"status": {"not": {"enum": _SETTLED}}}}
_FINDING["then"] = {"required": ["evidence"]}
_PAST_ITEM = _object(["id", "unit", "rule_id", "deadline", "state"], id=_STR, unit=_STR, unit_name=_STR, rule_id=_STR,
                     item=_STR, title=_STR, deadline=_STR, state={"enum": ["closed", "overdue", "escalated", "open"]})
_UNIT_GAPS = _array(_object(["id", "name", "own_gaps", "enterprises", "enterprise_gaps"], id=_STR, name=_STR,
                            own_gaps=_COUNT, enterprises=_COUNT, enterprise_gaps=_COUNT))
_RANKED = _object(["id", "name", "kind", "score", "gaps"], id=_STR, name=_STR, kind=_STR, score={"type": "number"},
                  gaps=_COUNT, grade=_STR, vetoed={"type": "boolean"})
_NUMBER: Schema = {"type": "number", "minimum": 0}
_CAP: Schema = {"anyOf": [{"type": "null"}, _NUMBER]}
_TRIGGER = _object(["item", "message"], item=_STR, message=_STR, file=_STR, line={"type": "integer", "minimum": 1},
                   sheet=_STR, cell=_STR, field=_STR)
_ZERO: Schema = {**_COUNT, "default": 0}
_LINE = _object(["rule_id", "status"], rule_id=_STR,
                status={"enum": ["pass", "fail", "pending", "waived", "not_applicable", "not_checked"]},
                checked=_ZERO, breaches=_ZERO, missing=_ZERO, pending=_ZERO, waived=_ZERO,
                deducted={**_NUMBER, "default": 0})
_SHEET = _object(
    ["categories", "bonuses", "vetoes", "base", "bonus", "total", "vetoed", "grade"],
    categories=_array(_object(["id", "deducted", "score", "lines"], id=_STR, deducted=_NUMBER, score=_NUMBER,
                              lines=_array(_LINE))),
    bonuses=_array(_object(["id", "checked", "earned", "items"], id=_STR, checked={"type": "boolean"},
                           earned=_NUMBER, items=_array(_TRIGGER), unknown=_array(_TRIGGER))),
    vetoes=_array(_object(["id", "checked", "raised", "items"], id=_STR, checked={"type": "boolean"},
                          raised={"type": "boolean"}, items=_array(_TRIGGER), unknown=_array(_TRIGGER))),
    base=_NUMBER, bonus=_NUMBER, total=_NUMBER, vetoed={"type": "boolean"}, grade=_STR)
_STANDARD = _object(
    ["kind", "title", "points", "categories", "bonuses", "vetoes"], kind=_STR, title=_STR, points=_NUMBER,
    categories=_array(_object(["id", "title", "points", "lines"], id=_STR, title=_STR, points=_NUMBER,
                              lines=_array(_object(["rule_id", "title", "points", "max_points", "missing_points"],
                                                   rule_id=_STR, title=_STR, points=_NUMBER, max_points=_CAP,
                                                   missing_points=_NUMBER, list_points=_NUMBER,
                                                   weights=_array(_object(["label", "points"], label=_STR,
                                                                          points=_NUMBER)))))),
    bonuses=_array(_object(["id", "title", "points", "max_points"], id=_STR, title=_STR, points=_NUMBER,
                           max_points=_CAP)),
    bonus_max=_CAP, vetoes=_array(_object(["id", "title"], id=_STR, title=_STR)))
_PAST_GAP = _object(["unit", "rule_id", "key", "item", "title", "severity"], unit=_STR, unit_name=_STR, rule_id=_STR,
                    key=_STR, item=_STR, title=_STR, severity=_SEVERITY)


def report_schema(kinds: Sequence[str]) -> Schema:
    """The report's schema for a run over these kinds of unit (a unit's kind is one of them); the city summary has
    a table of gaps for every ranked kind (gaps_by_department, gaps_by_district, …)."""
    unit = _object(["id", "name", "kind", "score", "findings"], id=_STR, name=_STR, kind={"enum": list(kinds)},
                   file=_STR, line={"type": "integer", "minimum": 1}, score={"anyOf": [{"type": "number", "minimum": 0}, {"type": "null"}]},
                   deductions={"type": "object", "additionalProperties": {"type": "number"}},
                   findings=_array(_FINDING), sheet=_SHEET)
    city = _object(["units", "gaps_by_rule", "gaps_by_industry", "top_hazard_categories", "ranking"],
                   units=_COUNTS, gaps_by_rule=_COUNTS, gaps_by_department=_UNIT_GAPS, gaps_by_district=_UNIT_GAPS,
                   gaps_by_industry=_COUNTS,
                   top_hazard_categories=_array(_object(["category", "enterprises"], category=_STR,
                                                        enterprises=_COUNT)),
                   ranking=_array(_RANKED),
                   rankings={"type": "object", "additionalProperties": _array(_RANKED),
                             "description": "one ranking by score per ranked kind of unit (department, district)"})
    city["patternProperties"] = {"^gaps_by_(?!rule$|industry$)[a-z_]+$": _UNIT_GAPS}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "compliance-report-v3",
        "title": "compliance gap report, schema_version 3",
        **_object(
            ["schema_version", "audit", "rules", "units", "input_errors", "summary"],
            schema_version={"const": "3"},
            audit=_object(["jurisdiction", "year", "as_of", "rulesets"], jurisdiction=_STR, year=_INT,
                          as_of={"type": "string", "format": "date"},
                          rulesets=_array(_object(["id", "version"], id=_STR, version=_STR)), params=_MAP,
                          lang={"enum": ["zh", "en"]}, evidence={"enum": ["gaps", "all"]},
                          scheme=_object(["id", "title", "sheets"], id=_STR, title=_STR, basis=_STR,
                                         sheets=_array(_STANDARD))),
            rules=_array(_RULE),
            units=_array(unit),
            input_errors=_array(_object(["file", "record", "field", "message"], file=_STR, record=_STR, field=_STR,
                                        line={"type": "integer", "minimum": 1}, sheet=_STR, cell=_STR,
                                        severity={"enum": ["error", "warning"]}, message=_STR, message_zh=_STR,
                                        message_en=_STR)),
            summary=_object(["units", "checked", "passed", "failed", "waived", "not_applicable", "errors"],
                            **{name: _COUNT for name in ("units", "checked", "passed", "failed", "waived",
                                                         "pending", "not_applicable", "errors", "input_errors",
                                                         "input_warnings")}),
            city_summary=city,
            baseline=_object(["file", "new", "persisting", "resolved_count", "resolved", "not_rechecked"],
                             file=_STR, jurisdiction=_STR, year={"type": ["integer", "null"]}, as_of=_STR,
                             new=_COUNT, persisting=_COUNT, resolved_count=_COUNT, resolved=_array(_PAST_GAP),
                             past=_COUNT, not_rechecked=_COUNT,
                             notices=_object(["closed", "overdue", "escalated", "open", "items"], closed=_COUNT,
                                             overdue=_COUNT, escalated=_COUNT, open=_COUNT,
                                             items=_array(_PAST_ITEM)))),
    }
