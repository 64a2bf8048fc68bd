"""Rectification notices (整改通知书) as one Word document (python-docx): a notice for every unit with gaps, numbered
in report order, each from a new page, its feedback slip (整改情况回执) a Word table on a page of its own; A4, and
byte-identical for the same report."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from docx.shared import Pt

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.formatters.docx_body import Body, blank
from compliance.formatters.notice_parts import Notice, NoticeEntry, Numbering
from compliance.formatters.zips import restamped
from compliance.report.labels import words
from compliance.report.model import AuditInfo, UnitReport
from compliance.report.stats import RunStats

SLIP_WIDTHS_MM = (9, 32, 38, 21, 24, 18, 20)  # 序号, 编号, 问题, 期限, 完成情况, 完成日期, 佐证材料: the text width
SLIP_ROW_MM = 14  # room to write in


def _entry(body: Body, entry: NoticeEntry, lang: str) -> None:
    """One item: a numbered heading (with the 逾期 / 挂牌督办 mark), its fields, its id in small print."""
    text = words(lang)
    mark = text["notice_mark"].format(entry.mark) if entry.mark else ""
    body.paragraph([(entry.number + entry.heading, None), (mark, "Notice Mark")], "Heading 2")
    for key, value in (("notice_problem", entry.problem), ("notice_basis", entry.basis), ("notice_fix", entry.fix),
                       ("notice_deadline", entry.deadline), ("notice_proof", entry.proof)):
        if value:
            body.paragraph([(text[key] + text["sep"], "Notice Label"), (value, None)], "Notice Field")
    body.paragraph(text["notice_item_id"] + text["sep"] + entry.id, "Notice Item No")


def _slip(body: Body, notice: Notice, lang: str) -> None:
    """The feedback slip on a page of its own: the number and unit, a table row per item with blanks to fill in,
    the lines to sign."""
    text = words(lang)
    body.paragraph(text["slip_title"], "Heading 1").paragraph_format.page_break_before = True
    body.paragraph(text["slip_number"] + text["sep"] + notice.number)
    body.paragraph(text["slip_unit"] + text["sep"] + notice.unit_name)
    table = body.table(SLIP_WIDTHS_MM)
    body.row(table, [[(column, "Notice Label")] for column in text["slip_columns"]], SLIP_WIDTHS_MM,
             "Notice Slip Cell", header=True)
    for number, entry in enumerate(notice.entries, start=1):
        values = (str(number), entry.id, entry.heading, entry.deadline, "", "", "")
        body.row(table, [[(value, None)] for value in values], SLIP_WIDTHS_MM, "Notice Slip Cell", SLIP_ROW_MM)
    for label in text["slip_signs"]:
        body.paragraph(label + text["sep"] + "_" * 20).paragraph_format.space_before = Pt(12)


def add_notice(body: Body, notice: Notice, lang: str, new_page: bool) -> None:
    """A unit's whole notice: issuer, number, title, addressee, opening, items, closing, signature, then the slip."""
    text = words(lang)
    body.paragraph(notice.issuer, "Notice Issuer").paragraph_format.page_break_before = new_page or None
    body.paragraph(notice.number, "Notice Number")
    body.paragraph(text["notice_title"], "Heading 1")
    body.paragraph(notice.addressee, "Notice Addressee")
    body.paragraph(notice.opening, "Notice Text")
    for entry in notice.entries:
        _entry(body, entry, lang)
    body.paragraph(notice.closing, "Notice Text")
    for line in (notice.issuer, text["notice_seal"], notice.signed_on):
        body.paragraph(line, "Notice Signature")
    _slip(body, notice, lang)


def _properties(document: Any, info: AuditInfo, lang: str) -> None:
    """The document's properties: its title, and times set to the audit date (never the time of the run)."""
    stamp = dt.datetime.combine(dt.date.fromisoformat(info.as_of), dt.time(), tzinfo=dt.UTC)
    properties = document.core_properties
    properties.created = properties.modified = stamp
    properties.author = properties.last_modified_by = "compliance"
    properties.title = f"{words(lang)['notice_title']} — {info.jurisdiction} {info.year}"
    properties.comments = ""
    properties.revision = 1
    properties.language = words(lang)["language"]


@register("notice-docx")
class NoticeDocxFormatter(Formatter):
    """Rectification notices as a Word file, which offices exchange and edit before sealing."""

    binary = True
    numbered = True

    def begin(self, info: AuditInfo) -> str:
        """Start collecting notices, numbered from 1."""
        self.info = info
        self.numbering = Numbering(info, self.lang)
        self.notices: list[Notice] = []  # only units with gaps, only their gaps' words: memory follows the gaps
        return ""

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """Keep the unit's notice, if it gets one."""
        notice = self.numbering.notice(unit)
        if notice is not None:
            self.notices.append(notice)
        return ""

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Nothing to add: the document is built by finish()."""
        return ""

    def finish(self) -> bytes:
        """The document's bytes: every notice, its properties dated, its zip entries at a fixed time and order."""
        document = blank(self.lang)
        body = Body(document)
        if not self.notices:
            body.paragraph(str(words(self.lang)["no_notices"]))
        for number, notice in enumerate(self.notices):
            add_notice(body, notice, self.lang, new_page=number > 0)
        _properties(document, self.info, self.lang)
        out = io.BytesIO()
        document.save(out)
        return restamped(out.getvalue())
