"""CSV: one row per finding (and one per input problem), UTF-8 with a byte-order mark so spreadsheets read Chinese."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.formatters.visible import visible
from compliance.report.model import AuditInfo, Finding, UnitReport
from compliance.report.stats import RunStats

COLUMNS = ("unit_id", "unit_name", "kind", "rule_id", "rule_name", "title", "severity", "status", "item", "key",
           "message", "points", "count", "file", "line", "field", "values", "cites", "penalty", "remediation",
           "deadline", "history", "severity_before", "waiver", "gap", "notice_id", "notice_deadline")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe, control characters are
    shown escaped (but the line breaks of a multi-line text, which a quoted cell holds); numbers stay numbers."""
    if isinstance(value, str):
        value = visible(value, "\n")
        return "'" + value if value.startswith(_FORMULA_START) else value
    return value


def _rows(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[safe_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


@register("csv")
class CsvFormatter(Formatter):
    kept_controls = "\r\n"
    """Streams rows unit by unit; the header comes first."""

    def begin(self, info: AuditInfo) -> str:
        """The byte-order mark and the header row."""
        return "\ufeff" + _rows([list(COLUMNS)])

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """A row per finding of the unit (passes and not-applicables aggregated as in the report)."""
        return _rows([self._row(unit, finding) for finding in unit.findings])

    def _row(self, unit: UnitReport, finding: Finding) -> list[object]:
        lang, evidence = self.lang, finding.evidence
        cites = " | ".join(f"{c.title(lang)} {c.article}: {c.text}" for c in finding.cites)
        penalty = finding.penalty
        waiver = evidence.get("waiver") or evidence.get("waiver_expired")
        return [unit.id, unit.name, unit.kind, finding.rule_id, finding.rule_name, finding.text("title", lang),
                finding.severity, finding.status, finding.text("item", lang), finding.key,
                finding.text("message", lang), finding.points, finding.count, finding.where.place(),
                finding.where.line or "", finding.where.field,
                json.dumps(evidence.get("values", {}), ensure_ascii=False, sort_keys=True) if evidence.get("values") else "",
                cites, f"{penalty.article}: {penalty.text}" if penalty else "", finding.text("remediation", lang),
                finding.text("deadline", lang), finding.history, finding.severity_before,
                json.dumps(waiver, ensure_ascii=False, sort_keys=True) if waiver else "", finding.gap,
                finding.notice.id if finding.notice else "", finding.notice.deadline if finding.notice else ""]

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Input problems as rows with status input_error or input_warning."""
        rows: list[list[object]] = []
        for error in input_errors:
            row: list[object] = ["" for _ in COLUMNS]
            row[COLUMNS.index("unit_id")] = error.record
            row[COLUMNS.index("status")] = f"input_{error.severity}"
            row[COLUMNS.index("message")] = error.detail(self.lang)
            row[COLUMNS.index("file")] = error.place()
            row[COLUMNS.index("line")] = error.line or ""
            row[COLUMNS.index("field")] = error.field
            rows.append(row)
        return _rows(rows)
