"""JSON report: the public contract of docs/report.md (schema_version 3), deterministic, written unit by unit.

The header (with the rules table the findings refer to), input errors and summary are indented; each unit is one
compact line.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.report.model import ENGINE_RULE, AuditInfo, Citation, Finding, RuleDoc, UnitReport
from compliance.report.scoring import deductions
from compliance.report.sheet import Sheet, SheetLine, Trigger
from compliance.report.stats import SCHEMA_VERSION, RunStats, UnitSummary


def _cite(cite: Citation, lang: str) -> dict[str, Any]:
    return {"source": cite.source, "source_title": cite.title(lang),
            "article": cite.article, "text": cite.text, "verified": cite.verified}


def rule_dict(rule: RuleDoc, lang: str) -> dict[str, Any]:
    """One rule of the report's rules table: the texts its findings share (name, title, severity, quotes, penalty,
    remediation, deadline, the kind of item it checks, its conditions), given once per report."""
    return {"id": rule.id, "name": rule.name, "pack": rule.pack, "title": rule.text("title", lang),
            "severity": rule.severity, "cites": [_cite(c, lang) for c in rule.cites],
            "penalty": None if rule.penalty is None else _cite(rule.penalty, lang),
            "remediation": rule.text("remediation", lang), "deadline": rule.text("deadline", lang),
            "fact_type": rule.fact_type, "conditions": list(rule.conditions)}


def rules_table(rules: Sequence[RuleDoc], lang: str) -> list[dict[str, Any]]:
    """Every rule run, in pack order, then the engine's own (for its error findings): what findings refer to."""
    return [rule_dict(rule, lang) for rule in (*rules, ENGINE_RULE)]


@dataclass(frozen=True)
class Where:
    """What a unit's findings need not repeat: its file and line (a JSON Lines record's), and whether passes carry
    their evidence (--evidence all)."""

    file: str = ""
    line: int | None = None
    all_evidence: bool = False


def finding_dict(finding: Finding, lang: str, where: Where = Where()) -> dict[str, Any]:
    """One finding as in the JSON contract: only what is particular to it. Its rule's texts (title, severity, quotes,
    penalty, remediation, deadline, fact type) are in the report's rules table under its rule_id; a value equal to
    its default (no item, no points, a count of 1, the rule's severity) is left out; a pass or not-applicable
    carries its evidence only with --evidence all."""
    out: dict[str, Any] = {"rule_id": finding.rule_id, "status": finding.status}
    if finding.severity != finding.rule.severity:
        out["severity"] = finding.severity
    item = finding.text("item", lang)
    if item:
        out["item"] = item
    out["message"] = finding.text("message", lang)
    if finding.points:
        out["points"] = finding.points
    if finding.count != 1:
        out["count"] = finding.count
    if where.all_evidence or finding.status not in _SETTLED:
        out["evidence"] = _evidence(finding, where)
    if finding.status not in ("fail", "error"):
        return {**out, **({"gap": finding.gap} if finding.gap else {})}
    return {
        **out,
        **_history(finding),
        **({"notice": {"id": finding.notice.id, "deadline": finding.notice.deadline,
                       "proof": finding.notice.text(lang)}} if finding.notice is not None else {}),
    }


_SETTLED = ("pass", "not_applicable")  # nothing to act on: a count and a message, their evidence on request


def _evidence(finding: Finding, where: Where) -> dict[str, Any]:
    """Where the evidence is (file and line unless the unit's own, sheet and cell in a workbook, field), then what
    was seen; what is its rule's is given by reference to the rules table: the fact type, and the conditions not met
    by their positions (`failed`)."""
    out = finding.where.evidence()
    if out.get("file") == where.file:
        del out["file"]
        if where.line is not None and out.get("line") == where.line:
            del out["line"]
    rule = finding.rule
    for name, value in finding.evidence.items():
        if name == "expected" and isinstance(value, list) and all(text in rule.conditions for text in value):
            out["failed"] = [rule.conditions.index(text) for text in value]
        elif name != "fact_type" or value != rule.fact_type:  # the rule's: in the table
            out[name] = value
    return out


def _history(finding: Finding) -> dict[str, str]:
    """A gap's nature and key, and with a baseline whether it is new or persisting (and its severity before it was
    raised)."""
    out = {"gap": finding.gap, "key": finding.key} if finding.gap else {"key": finding.key}
    if finding.period:
        out["period"] = finding.period
    if finding.history:
        out["history"] = finding.history
    if finding.severity_before:
        out["severity_before"] = finding.severity_before
    if finding.overdue:
        out["overdue"] = finding.overdue
    return out


def unit_dict(unit: UnitReport, lang: str, all_evidence: bool = False) -> dict[str, Any]:
    """One unit as in the JSON contract (with its assessment sheet when the scheme scores its kind)."""
    where = Where(unit.file, unit.line, all_evidence)
    out: dict[str, Any] = {"id": unit.id, "name": unit.name, "kind": unit.kind, "file": unit.file}
    if unit.line:
        out["line"] = unit.line
    out.update(score=unit.score, deductions=_deductions(unit),
               findings=[finding_dict(f, lang, where) for f in unit.findings])
    if unit.sheet is not None:
        out["sheet"] = sheet_dict(unit.sheet, lang)
    return out


def _deductions(unit: UnitReport) -> dict[str, float]:
    """Points deducted per rule: the sheet's lines (capped as it caps them), else the rules' own caps."""
    if unit.sheet is None:
        return deductions(unit.findings)
    lines = [line for category in unit.sheet.categories for line in category.lines if line.deducted]
    return {line.rule_id: line.deducted for line in sorted(lines, key=lambda line: line.rule_id)}


def sheet_dict(sheet: Sheet, lang: str) -> dict[str, Any]:
    """A unit's assessment sheet, compact: per line its status, counts and deduction (the standard of each line,
    its title and points, is given once in audit.scheme.sheets); bonuses, vetoes, total and grade."""
    return {"categories": [{"id": c.id, "deducted": c.deducted, "score": c.score,
                            "lines": [_line(line) for line in c.lines]} for c in sheet.categories],
            "bonuses": [{"id": b.id, "checked": b.checked, "earned": b.earned,
                         "items": [_trigger(t, lang) for t in b.items], **_unknown(b.unknown, lang)}
                        for b in sheet.bonuses],
            "vetoes": [{"id": v.id, "checked": v.checked, "raised": v.raised,
                        "items": [_trigger(t, lang) for t in v.items], **_unknown(v.unknown, lang)}
                       for v in sheet.vetoes],
            "base": sheet.base, "bonus": sheet.bonus, "total": sheet.total, "vetoed": sheet.vetoed,
            "grade": sheet.grade_text(lang)}


def standard_dict(kind: str, sheet: Sheet, lang: str) -> dict[str, Any]:
    """What a kind's sheet assesses and what each item costs (评分标准), as the report's header gives it once."""
    return {"kind": kind, "title": sheet.text(lang), "points": sheet.points,
            "categories": [{"id": c.id, "title": c.text(lang), "points": c.points,
                            "lines": [_standard_line(line, lang) for line in c.lines]} for c in sheet.categories],
            "bonuses": [{"id": b.id, "title": b.text(lang), "points": b.points, "max_points": b.max_points}
                        for b in sheet.bonuses],
            "bonus_max": sheet.bonus_max,
            "vetoes": [{"id": v.id, "title": v.text(lang)} for v in sheet.vetoes]}


def _standard_line(line: SheetLine, lang: str) -> dict[str, Any]:
    out = {"rule_id": line.rule_id, "title": line.text(lang), "points": line.points, "max_points": line.max_points,
           "missing_points": line.missing_points}
    if line.weights:
        out["weights"] = [{"label": w.text(lang), "points": w.points} for w in line.weights]
    if line.list_points is not None:
        out["list_points"] = line.list_points
    return out


def _unknown(triggers: tuple[Trigger, ...], lang: str) -> dict[str, Any]:
    return {"unknown": [_trigger(t, lang) for t in triggers]} if triggers else {}


def _line(line: SheetLine) -> dict[str, Any]:
    """A sheet line: its rule, status, and the counts and deduction that are not zero."""
    counts = {"checked": line.checked, "breaches": line.breaches, "missing": line.missing, "pending": line.pending,
              "waived": line.waived, "deducted": line.deducted}
    return {"rule_id": line.rule_id, "status": line.status, **{name: count for name, count in counts.items() if count}}


def _trigger(trigger: Trigger, lang: str) -> dict[str, Any]:
    return {"item": trigger.text("item", lang), "message": trigger.text("message", lang),
            **trigger.where.evidence()}


def _ranked(unit: UnitSummary, lang: str) -> dict[str, Any]:
    out = {"id": unit.id, "name": unit.name, "kind": unit.kind, "score": unit.score, "gaps": unit.counts["failed"]}
    if unit.grade:
        out.update(grade=unit.grade_text(lang), vetoed=unit.vetoed)
    return out


def _dump(value: Any, indent: int) -> str:
    """Pretty JSON nested `indent` spaces deep (as json.dumps(indent=2) would place it)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)


@register("json")
class JsonFormatter(Formatter):
    """Pretty, key-stable JSON with Chinese kept readable."""

    kept_controls = None  # data: values exactly as given, control characters escaped by JSON itself

    separator = ","
    all_evidence = False  # set by begin(): --evidence all

    def begin(self, info: AuditInfo) -> str:
        """Schema version and the audit header, then the opening of the units array."""
        self.view = info.view
        self.all_evidence = info.evidence == "all"
        audit = {"jurisdiction": info.jurisdiction, "year": info.year, "as_of": info.as_of,
                 "rulesets": info.rulesets, "params": info.params, "lang": self.lang, "evidence": info.evidence}
        if info.scheme:
            en = self.lang == "en"
            audit["scheme"] = {"id": info.scheme["id"], "title": info.scheme["title_en" if en else "title"],
                               "basis": info.scheme["basis_en" if en else "basis"],
                               "sheets": [standard_dict(kind, sheet, self.lang) for kind, sheet in info.sheets]}
        return (f'{{\n  "schema_version": "{SCHEMA_VERSION}",\n  "audit": {_dump(audit, 2)},\n'
                f'  "rules": {_dump(rules_table(info.rules, self.lang), 2)},\n  "units": [')

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """One unit object, compact on one line (a city's report stays a third smaller and greps by unit)."""
        return "\n    " + json.dumps(unit_dict(unit, self.lang, self.all_evidence), ensure_ascii=False,
                                        separators=(",", ":"))

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Close the units; input errors and the summary."""
        errors = [error.as_dict(self.lang) for error in input_errors]
        close = "\n  ]" if stats.units else "]"
        city = {**stats.city_summary.as_dict(), "ranking": [_ranked(unit, self.lang) for unit in stats.ranking()],
                "rankings": {kind.name: [_ranked(unit, self.lang) for unit in units]
                             for kind, units in stats.rankings()}}
        extra = f',\n  "baseline": {_dump(stats.tally.as_dict(), 2)}' if stats.tally is not None else ""
        return (f'{close},\n  "input_errors": {_dump(errors, 2)},\n  "summary": {_dump(stats.summary(), 2)},\n'
                f'  "city_summary": {_dump(city, 2)}{extra}\n}}\n')
