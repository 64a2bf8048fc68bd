"""XLSX workbook: the summary, one row per gap, the input problems; streamed to disk, byte-identical run to run."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.formatters.visible import visible
from compliance.formatters.xlsx_rows import FINDING_COLUMNS, INPUT_COLUMNS, Column, finding_row, input_row, summary_rows
from compliance.formatters.xlsx_sheet import SHEET_COLUMNS, sheet_rows
from compliance.formatters.zips import StampedZip
from compliance.report.labels import words
from compliance.report.model import AuditInfo, UnitReport
from compliance.report.stats import RunStats

MAX_ROWS = 1_048_576  # an XLSX sheet's limit, header row included; more findings go on to a next sheet
MAX_TEXT = 32_767  # characters in one cell
GAP_STATUSES = ("fail", "error", "waived", "pending")
_FORMULA_START = ("=", "+", "-", "@")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True)

_SUMMARY_WIDTHS = (26, 36, 14, 12, 14, 20)


def plain_text(text: str) -> str:
    """A string a cell can hold: control characters escaped, cut at Excel's cell limit."""
    text = visible(text, "\n\t")
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


@register("xlsx")
class XlsxFormatter(Formatter):
    """An Excel workbook for auditors: sheets 汇总 / 问题 / 输入问题 (Summary / Findings / Input errors), and 考核表
    (Assessment sheets) when a unit has one."""

    binary = True

    def begin(self, info: AuditInfo) -> str:
        """Start the workbook: the summary sheet (filled at the end) and the findings sheet's header."""
        self.info, self.view = info, info.view
        self.book = Workbook(write_only=True)
        self.labels = words(self.lang)
        self.summary = _Sheet(self.book, self.labels["sheets"][0], _SUMMARY_WIDTHS)
        self.findings = [_Sheet.table(self.book, self.labels["sheets"][1], FINDING_COLUMNS, self.lang)]
        self.assessments: list[_Sheet] = []  # created with the first unit that has a sheet
        return ""

    def _room(self, sheets: list[_Sheet], title: str, columns: Sequence[Column]) -> _Sheet:
        """The sheet the next row goes on: the last of its kind, or a new one (title(2), …) once that one is full."""
        if not sheets or sheets[-1].rows >= MAX_ROWS:
            sheets.append(_Sheet.table(self.book, f"{title}({len(sheets) + 1})" if sheets else title, columns,
                                       self.lang))
        return sheets[-1]

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """Append the unit's gaps and its assessment sheet (input problems go on their own sheet at the end)."""
        for finding in unit.findings:
            if finding.status in GAP_STATUSES:
                self._room(self.findings, self.labels["sheets"][1], FINDING_COLUMNS).append(
                    finding_row(unit, finding, self.view, self.lang))
        if unit.sheet is not None:
            for row in sheet_rows(unit, unit.sheet, self.lang):
                self._room(self.assessments, self.labels["sheet_tab"], SHEET_COLUMNS).append(row)
        return ""

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Fill the summary sheet; put the assessment sheets after the findings; write the input problems."""
        for bold, values in summary_rows(self.info, stats, self.lang):
            self.summary.append(values, bold)
        for sheet in self.assessments:  # findings that overflowed after the first sheet came go before it
            self.book.move_sheet(sheet.ws.title, len(self.book.worksheets) - 1 - self.book.worksheets.index(sheet.ws))
        errors = _Sheet.table(self.book, self.labels["sheets"][2], INPUT_COLUMNS, self.lang)
        for error in input_errors:
            errors.append(input_row(error, self.lang))
        for sheet in [*self.findings, *self.assessments, errors]:
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
