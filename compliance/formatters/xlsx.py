"""XLSX workbook: the summary, one row per gap, the input problems; streamed to disk, byte-identical run to run."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Sequence
from functools import cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from compliance.bundle.locate import locate
from compliance.core.problems import InputError
from compliance.facts.schema import FACT_TYPES
from compliance.formatters import Formatter, register
from compliance.records.catalog import CatalogIndex, merged_catalog
from compliance.report.model import Citation, Finding, UnitReport
from compliance.report.stats import AuditInfo, RunStats, UnitSummary

MAX_ROWS = 1_048_576  # an XLSX sheet's limit, header row included; more findings go on to a next sheet
MAX_TEXT = 32_767  # characters in one cell
GAP_STATUSES = ("fail", "error", "waived")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FORMULA_START = ("=", "+", "-", "@")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True)

Column = tuple[str, str, str, int, bool]  # key, Chinese header, English header, width, wrapped
_FINDING_COLUMNS: tuple[Column, ...] = (
    ("unit_id", "单位编号", "Unit ID", 14, False), ("unit_name", "单位名称", "Unit name", 24, False),
    ("kind", "类别", "Kind", 8, False), ("rule_id", "规则编号", "Rule ID", 14, False),
    ("title", "检查事项", "Title", 36, True), ("severity", "严重程度", "Severity", 10, False),
    ("status", "状态", "Status", 8, False), ("item", "检查对象", "Item", 20, True),
    ("message", "问题描述", "Message", 50, True), ("points", "扣分", "Points", 7, False),
    ("file", "文件", "File", 26, False), ("line", "行", "Line", 7, False), ("field", "字段", "Field", 28, False),
    ("values", "证据值", "Values", 36, True), ("cites", "依据", "Requirement", 60, True),
    ("penalty", "罚则", "Penalty", 40, True), ("remediation", "整改要求", "Remediation", 40, True),
    ("deadline", "整改期限", "Deadline", 16, False), ("history", "与上次比较", "History", 12, False),
    ("severity_before", "原严重程度", "Severity before", 12, False), ("waiver", "豁免说明", "Waiver", 40, True),
)
_INPUT_COLUMNS: tuple[Column, ...] = (
    ("file", "文件", "File", 30, False), ("record", "记录", "Record", 20, False), ("field", "字段", "Field", 30, False),
    ("line", "行", "Line", 7, False), ("severity", "严重程度", "Severity", 10, False),
    ("message", "问题", "Message", 80, True),
)
_SUMMARY_WIDTHS = (26, 36, 14, 12, 14, 20)

_L: dict[str, dict[str, Any]] = {
    "zh": {"sheets": ("汇总", "问题", "输入问题"), "title": "安全生产责任落实合规检查报告",
           "audit": ("检查对象", "检查年度", "基准日", "规则集"), "counts": "检查结果",
           "count_keys": {"units": "检查单位", "checked": "检查项", "passed": "符合", "failed": "问题",
                          "waived": "豁免", "not_applicable": "不适用", "errors": "错误", "input_errors": "输入错误",
                          "input_warnings": "输入警告"}, "city_score": "全市得分",
           "ranking": "得分排名（部门、区）", "unit_head": ("单位编号", "单位名称", "类别", "得分", "问题数"),
           "lowest": "得分最低的企业（共 {count} 家，平均得分 {average}）",
           "units": ("检查单位", ("类别", "单位数")), "rules": ("按规则", ("规则编号", "检查事项", "问题数")),
           "departments": ("按部门", ("编号", "名称", "本部门问题", "监管企业数", "监管企业问题")),
           "districts": ("按区", ("编号", "名称", "本区问题", "辖区企业数", "辖区企业问题")),
           "industries": ("企业问题按行业", ("行业代码", "行业", "问题数")),
           "categories": ("最常见的隐患类别", ("隐患类别", "企业数")),
           "baseline": "与上次报告相比", "base_keys": ("上次报告", "检查年度", "基准日", "新发现", "屡查屡犯",
                                                      "已整改", "本次未检查的单位中"),
           "resolved": ("已整改（上次报告的问题本次未再发现）", ("单位编号", "单位名称", "规则编号", "检查事项", "检查对象")),
           "kinds": {"department": "部门", "district": "区", "enterprise": "企业", "city": "市"},
           "severities": {"low": "低", "medium": "中", "high": "高", "critical": "严重"},
           "statuses": {"fail": "问题", "error": "错误", "waived": "豁免"},
           "history": {"new": "新发现", "persisting": "屡查屡犯"}, "input_severities": {"error": "错误", "warning": "警告"},
           "yes_no": ("是", "否"), "unverified": "（未核实）",
           "waiver": "第{number}号豁免：{reason}（{approved_by}于{approved_on}批准，有效期至{expires_on}）",
           "waiver_expired": "第{number}号豁免（{reason}）已于{expires_on}到期，不再适用"},
    "en": {"sheets": ("Summary", "Findings", "Input errors"), "title": "Work-safety responsibility compliance report",
           "audit": ("Jurisdiction", "Audit year", "As of", "Rulesets"), "counts": "Results",
           "count_keys": {"units": "units", "checked": "checks", "passed": "passed", "failed": "gaps",
                          "waived": "waived", "not_applicable": "not applicable", "errors": "errors",
                          "input_errors": "input errors", "input_warnings": "input warnings"},
           "city_score": "city score", "ranking": "Ranking by score (departments, districts)",
           "unit_head": ("Unit ID", "Unit name", "Kind", "Score", "Gaps"),
           "lowest": "Lowest-scoring enterprises ({count} in all, average score {average})",
           "units": ("Units checked", ("Kind", "Units")), "rules": ("Gaps by rule", ("Rule ID", "Title", "Gaps")),
           "departments": ("By department", ("ID", "Name", "Own gaps", "Enterprises", "Their gaps")),
           "districts": ("By district", ("ID", "Name", "Own gaps", "Enterprises", "Their gaps")),
           "industries": ("Enterprise gaps by industry", ("Industry code", "Industry", "Gaps")),
           "categories": ("Most frequent hazard categories", ("Hazard category", "Enterprises")),
           "baseline": "Compared with the last report", "base_keys": ("last report", "audit year", "as of", "new",
                                                                       "persisting", "resolved",
                                                                       "in units not checked this time"),
           "resolved": ("Resolved (gaps of the last report not found this time)",
                        ("Unit ID", "Unit name", "Rule ID", "Title", "Item")),
           "kinds": {}, "severities": {}, "statuses": {}, "history": {}, "input_severities": {},
           "yes_no": ("yes", "no"), "unverified": " (unverified)",
           "waiver": "waiver {number}: {reason} (approved by {approved_by} on {approved_on}, until {expires_on})",
           "waiver_expired": "waiver {number} ({reason}) expired on {expires_on}: no longer applies"},
}

Row = tuple[bool, list[Any]]  # (bold, values)


def plain_text(text: str) -> str:
    """A string a cell can hold: control characters escaped, cut at Excel's cell limit."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def _formula_like(text: str) -> bool:
    """Text Excel or openpyxl might take for a formula or an error value."""
    return text.startswith(_FORMULA_START) or text in ERROR_CODES


class _Sheet:
    """A write-only sheet: long columns wrap, formula-like text is written as text, rows are counted."""

    def __init__(self, book: Any, title: str, widths: Sequence[int], wrapped: Sequence[bool] = ()) -> None:
        self.ws = book.create_sheet(title)
        self.wrapped = list(wrapped)
        self.width = len(widths)
        self.rows = 0
        self._cells: dict[tuple[int, str], Any] = {}
        for number, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(number)].width = width

    @classmethod
    def table(cls, book: Any, title: str, columns: Sequence[Column], lang: str) -> _Sheet:
        """A sheet of one table: its header row bold and frozen, an autofilter once closed."""
        sheet = cls(book, title, [column[3] for column in columns], [column[4] for column in columns])
        sheet.ws.freeze_panes = "A2"  # before the first row: write-only sheets write their views first
        sheet.ws.page_setup.orientation = "landscape"  # printed for a department head: A4 across, header on each page
        sheet.ws.page_setup.paperSize = "9"  # A4
        sheet.ws.page_setup.fitToWidth, sheet.ws.page_setup.fitToHeight = 1, 0
        sheet.ws.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.ws.print_title_rows = "1:1"
        sheet.append([column[2] if lang == "en" else column[1] for column in columns], bold=True)
        return sheet

    def append(self, values: Sequence[Any], bold: bool = False) -> None:
        """One row (a heading or header row in bold)."""
        self.ws.append([self._cell(column, value, bold) for column, value in enumerate(values)])
        self.rows += 1

    def _cell(self, column: int, value: Any, bold: bool) -> Any:
        """Plain text as is; bold, wrapped or formula-like text in a cell typed as text. A styled cell is kept per
        column and reused (a row is written as it is appended; styling a new cell costs more than the row)."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        text = plain_text(value)
        style = "bold" if bold else "wrap" if column < len(self.wrapped) and self.wrapped[column] else ""
        if not style and not _formula_like(text):
            return text
        cell = self._cells.get((column, style)) if style else WriteOnlyCell(self.ws)
        if cell is None:
            cell = self._cells[column, style] = WriteOnlyCell(self.ws)
            if bold:
                cell.font = _BOLD
            else:
                cell.alignment = _WRAP
        cell.value = text
        cell.data_type = "s"  # never a formula or an error value, whatever the text starts with
        return cell

    def close(self) -> None:
        """An autofilter over every row written."""
        self.ws.auto_filter.ref = f"A1:{get_column_letter(self.width)}{self.rows}"


@cache
def _catalog() -> CatalogIndex:
    return merged_catalog()


def _cite_text(cite: Citation, labels: dict[str, Any], lang: str) -> str:
    title = cite.source_title_en if lang == "en" else cite.source_title
    flag = "" if cite.verified else labels["unverified"]
    return f"{title} {cite.article}{flag}：“{cite.text}”"


def _values_text(evidence: dict[str, Any], labels: dict[str, Any], lang: str) -> str:
    """The evidence values as `label=value, ...`."""
    fact_type = FACT_TYPES.get(evidence.get("fact_type", ""))
    fields = fact_type.fields if fact_type is not None else {}
    parts = []
    for name, value in evidence.get("values", {}).items():
        if value is None:
            continue
        spec = fields.get(name)
        shown = labels["yes_no"][0 if value else 1] if isinstance(value, bool) else str(value)
        parts.append(f"{spec.shown(lang) if spec is not None else name}={shown}")
    return ", ".join(parts)


def _waiver_text(evidence: dict[str, Any], labels: dict[str, Any]) -> str:
    """A waived gap's waiver, or the expired waiver that no longer covers a gap."""
    for key in ("waiver", "waiver_expired"):
        waiver = evidence.get(key)
        if isinstance(waiver, dict):
            return str(labels[key].format_map({name: waiver.get(name, "") for name in
                                               ("number", "reason", "approved_by", "approved_on", "expires_on")}))
    return ""


def finding_row(unit: UnitReport, finding: Finding, lang: str, root: str = "") -> list[Any]:
    """One finding as a row of the findings sheet (the line of its field found in the bundle file at root)."""
    labels = _L[lang]
    evidence = finding.evidence
    line = evidence.get("line") or None
    if line is None and root and evidence.get("file"):
        position = locate(root, str(evidence["file"]), str(evidence.get("field", "")), unit.id)
        line = position.line if position is not None else None
    severity = labels["severities"]
    return [unit.id, unit.name, labels["kinds"].get(unit.kind, unit.kind), finding.rule_id,
            finding.text("title", lang), severity.get(finding.severity, finding.severity),
            labels["statuses"].get(finding.status, finding.status), finding.text("item", lang),
            finding.text("message", lang), finding.points, evidence.get("file"), line,
            evidence.get("field"), _values_text(evidence, labels, lang),
            "\n".join(_cite_text(cite, labels, lang) for cite in finding.cites),
            _cite_text(finding.penalty, labels, lang) if finding.penalty is not None else None,
            finding.text("remediation", lang), finding.text("deadline", lang),
            labels["history"].get(finding.history, finding.history),
            severity.get(finding.severity_before, finding.severity_before), _waiver_text(evidence, labels)]


def input_row(error: InputError, lang: str) -> list[Any]:
    """One input problem as a row of the input errors sheet."""
    labels = _L[lang]
    return [error.file, error.record, error.field, error.line or None,
            labels["input_severities"].get(error.severity, error.severity),
            error.message_en if lang == "en" else error.message]


def _audit_rows(info: AuditInfo, labels: dict[str, Any]) -> list[Row]:
    rulesets = ", ".join(f"{r['id']} {r['version']}" for r in info.rulesets)
    values = (info.jurisdiction, info.year, info.as_of, rulesets)
    return [(True, [labels["title"]]), *((False, [key, value]) for key, value in zip(labels["audit"], values, strict=True)), (False, [])]


def _count_rows(stats: RunStats, labels: dict[str, Any]) -> list[Row]:
    rows: list[Row] = [(True, [labels["counts"]])]
    rows += [(False, [labels["count_keys"].get(key, key), value]) for key, value in stats.summary().items()]
    if stats.city is not None:
        rows.append((False, [labels["city_score"], stats.city.score]))
    return rows + [(False, [])]


def _unit_table(units: list[UnitSummary], labels: dict[str, Any]) -> list[Row]:
    rows: list[Row] = [(True, list(labels["unit_head"]))]
    return rows + [(False, [u.id, u.name, labels["kinds"].get(u.kind, u.kind), u.score, u.counts["failed"]])
                   for u in units] + [(False, [])]


def _ranking_rows(stats: RunStats, labels: dict[str, Any]) -> list[Row]:
    ranking = stats.ranking()
    rows: list[Row] = [(True, [labels["ranking"]])]
    rows += _unit_table([u for u in ranking if u.kind != "enterprise"], labels)
    lowest = [u for u in ranking if u.kind == "enterprise"]
    if lowest:
        average = f"{stats.enterprise_score_total / stats.enterprises:.1f}"
        rows.append((True, [labels["lowest"].format(count=stats.enterprises, average=average)]))
        rows += _unit_table(lowest, labels)
    return rows


def _table(heading: tuple[str, tuple[str, ...]], body: list[list[Any]]) -> list[Row]:
    if not body:
        return []
    return [(True, [heading[0]]), (True, list(heading[1])), *((False, row) for row in body), (False, [])]


def _city_rows(stats: RunStats, info: AuditInfo, lang: str, labels: dict[str, Any]) -> list[Row]:
    summary = stats.city_summary.as_dict()
    titles = {rule.id: rule.text("title", lang) for rule in info.rules}
    places = [[row["id"], row["name"], row["own_gaps"], row["enterprises"], row["enterprise_gaps"]]
              for row in summary["gaps_by_department"]]
    districts = [[row["id"], row["name"], row["own_gaps"], row["enterprises"], row["enterprise_gaps"]]
                 for row in summary["gaps_by_district"]]
    kinds = [[labels["kinds"].get(kind, kind), count] for kind, count in summary["units"].items()]
    return (_table(labels["units"], kinds)
            + _table(labels["rules"], [[rule, titles.get(rule, ""), n] for rule, n in summary["gaps_by_rule"].items()])
            + _table(labels["departments"], places) + _table(labels["districts"], districts)
            + _table(labels["industries"], [[code, _catalog().industry_name(code, lang), n]
                                            for code, n in summary["gaps_by_industry"].items()])
            + _table(labels["categories"], [[row["category"], row["enterprises"]]
                                            for row in summary["top_hazard_categories"]]))


def _baseline_rows(stats: RunStats, labels: dict[str, Any]) -> list[Row]:
    if stats.tally is None:
        return []
    tally = stats.tally.as_dict()
    values = (tally["file"], tally["year"], tally["as_of"], tally["new"], tally["persisting"],
              tally["resolved_count"], tally["not_rechecked"])
    rows: list[Row] = [(True, [labels["baseline"]])]
    rows += [(False, [key, value]) for key, value in zip(labels["base_keys"], values, strict=True)] + [(False, [])]
    resolved = [[gap["unit"], gap["unit_name"], gap["rule_id"], gap["title"], gap["item"]] for gap in tally["resolved"]]
    return rows + _table(labels["resolved"], resolved)


def summary_rows(info: AuditInfo, stats: RunStats, lang: str) -> list[Row]:
    """The summary sheet: audit header, counts, ranking, city summary tables and the baseline comparison."""
    labels = _L[lang]
    return (_audit_rows(info, labels) + _count_rows(stats, labels) + _ranking_rows(stats, labels)
            + _city_rows(stats, info, lang, labels) + _baseline_rows(stats, labels))


def _entry(name: str, size: int = 0) -> zipfile.ZipInfo:
    """A zip entry that says nothing of when or where it was written."""
    entry = zipfile.ZipInfo(name, ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 0
    entry.file_size = size  # a sheet of more than 4 GB gets its zip64 header up front
    return entry


class StampedZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time (what openpyxl writes goes through writestr and write)."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        """Store data under the name, with the fixed time."""
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(_entry(name), data)

    def write(self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        """Copy a file (a write-only sheet's temporary file) in, with the fixed time."""
        entry = _entry(os.fspath(arcname if arcname is not None else filename), os.path.getsize(filename))
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


@register("xlsx")
class XlsxFormatter(Formatter):
    """An Excel workbook for auditors: sheets 汇总 / 问题 / 输入问题 (Summary / Findings / Input errors)."""

    binary = True

    def begin(self, info: AuditInfo) -> str:
        """Start the workbook: the summary sheet (filled at the end) and the findings sheet's header."""
        self.info = info
        self.book = Workbook(write_only=True)
        self.labels = _L[self.lang]
        self.summary = _Sheet(self.book, self.labels["sheets"][0], _SUMMARY_WIDTHS)
        self.findings = [_Sheet.table(self.book, self.labels["sheets"][1], _FINDING_COLUMNS, self.lang)]
        return ""

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """Append the unit's gaps (input problems go on their own sheet at the end)."""
        for finding in unit.findings:
            if finding.status not in GAP_STATUSES:
                continue
            if self.findings[-1].rows >= MAX_ROWS:
                title = f"{self.labels['sheets'][1]}({len(self.findings) + 1})"
                self.findings.append(_Sheet.table(self.book, title, _FINDING_COLUMNS, self.lang))
            self.findings[-1].append(finding_row(unit, finding, self.lang, self.info.root))
        return ""

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Fill the summary sheet; write the input problems."""
        for bold, values in summary_rows(self.info, stats, self.lang):
            self.summary.append(values, bold)
        errors = _Sheet.table(self.book, self.labels["sheets"][2], _INPUT_COLUMNS, self.lang)
        for error in input_errors:
            errors.append(input_row(error, self.lang))
        for sheet in [*self.findings, errors]:
            sheet.close()
        return ""

    def finish(self) -> bytes:
        """The workbook's bytes: document times set to the audit date, every zip entry to a fixed time."""
        stamp = dt.datetime.combine(dt.date.fromisoformat(self.info.as_of), dt.time())
        properties = self.book.properties
        properties.created = properties.modified = stamp
        properties.creator = "compliance"
        properties.title = f"{self.labels['title']} — {self.info.jurisdiction}"
        out = io.BytesIO()
        with StampedZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(self.book, archive).save()  # not book.save(): that stamps the current time
        return out.getvalue()
