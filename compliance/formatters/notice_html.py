"""Rectification notices (整改通知书) as one self-contained HTML file to print on A4: a notice for every unit with
gaps, numbered in report order, each from a new page and followed by its feedback slip (整改情况回执) on a page of
its own."""
from __future__ import annotations

from collections.abc import Sequence

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.formatters.html_style import CJK_FONTS, esc
from compliance.formatters.notice_parts import Notice, NoticeEntry, Numbering
from compliance.report.labels import words
from compliance.report.model import AuditInfo, UnitReport
from compliance.report.stats import RunStats

# Official-document layout: a red masthead (issuer and number), the title, the items, the signature with the seal;
# the slip on its own page. An item and a row of the slip are never split across pages.
NOTICE_CSS = """
@page { size: A4; margin: 22mm 22mm 20mm 24mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-family: FONTS; font-size: 12pt; line-height: 1.7; color: #111; background: #fff; }
body { margin: 0; }
main.notices { margin: 0 auto; }
section.notice + section.notice, section.slip { break-before: page; page-break-before: always; }
header.masthead { text-align: center; border-bottom: 2px solid #c00; padding-bottom: 2mm; margin-bottom: 6mm; }
p.issuer { color: #c00; font-size: 22pt; font-weight: bold; letter-spacing: 0.08em; line-height: 1.3; margin: 0 0 3mm; }
p.number { margin: 0; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 6mm; }
h1, h2 { break-after: avoid; page-break-after: avoid; }
p.to { font-weight: bold; margin: 0 0 2mm; }
p.opening, p.closing { text-indent: 2em; margin: 0 0 4mm; }
div.item { break-inside: avoid; page-break-inside: avoid; margin: 0 0 4mm; }
div.item h2 { font-size: 12pt; margin: 0 0 1mm; }
div.item dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 2mm; margin: 0 0 0 2em; }
div.item dt { font-weight: bold; }
div.item dd { margin: 0; }
dd, td, h2 { overflow-wrap: anywhere; }
.mark { display: inline-block; margin-left: 2mm; padding: 0 1.5mm; border: 1px solid #c00; color: #c00;
  font-size: 10pt; line-height: 1.5; }
.mark.escalated { background: #c00; color: #fff; }
p.item-no { margin: 0.5mm 0 0 2em; font-size: 8.5pt; color: #555; }
code { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 0.95em; }
div.signature { width: max-content; margin: 14mm 4mm 0 auto; text-align: center; break-inside: avoid;
  page-break-inside: avoid; }
div.signature p { margin: 0; }
section.slip h2 { text-align: center; font-size: 16pt; margin: 0 0 4mm; }
p.slip-head { display: flex; justify-content: space-between; gap: 6mm; margin: 0 0 2mm; }
table.slip { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 9.5pt; line-height: 1.45; }
table.slip th, table.slip td { border: 1px solid #111; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
table.slip thead { display: table-header-group; }
table.slip th { text-align: center; background: #f2f2f2; }
table.slip tr { break-inside: avoid; page-break-inside: avoid; }
table.slip td { height: 16mm; }
table.slip code { font-size: 8pt; }
table.slip col.no { width: 9mm; } table.slip col.id { width: 30mm; } table.slip col.date { width: 21mm; }
table.slip col.done { width: 24mm; } table.slip col.day { width: 19mm; } table.slip col.proof { width: 20mm; }
div.signs { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm 12mm; margin-top: 10mm; break-inside: avoid;
  page-break-inside: avoid; }
div.signs p { display: flex; align-items: flex-end; gap: 2mm; margin: 0; }
div.signs .blank { flex: 1 0 30mm; border-bottom: 1px solid #111; height: 8mm; }
@media screen { body { background: #f3f4f6; padding: 8mm 0; } main.notices { max-width: 210mm; }
  section.notice { background: #fff; padding: 20mm 22mm; margin: 0 0 8mm; }
  section.slip { border-top: 1px dashed #999; margin-top: 12mm; padding-top: 8mm; } }
""".replace("FONTS", CJK_FONTS)

_SLIP_COLUMNS = '<colgroup><col class="no"><col class="id"><col><col class="date"><col class="done"><col class="day">' \
                '<col class="proof"></colgroup>'


def _head(info: AuditInfo, lang: str) -> str:
    """The document's head and stylesheet."""
    text = words(lang)
    return (f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n'
            f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(text['notice_title'])} — {esc(info.jurisdiction)} {esc(info.year)}</title>\n"
            f"<style>{NOTICE_CSS}</style>\n</head>\n<body>\n<main class=\"notices\">\n")


def _entry(entry: NoticeEntry, lang: str) -> str:
    """One item: its heading (and 逾期 / 挂牌督办 mark), problem, basis, what to do, deadline, proof, its id."""
    text = words(lang)
    mark = f' <span class="mark {esc(entry.overdue)}">{esc(entry.mark)}</span>' if entry.mark else ""
    fields = [("notice_problem", entry.problem), ("notice_basis", entry.basis), ("notice_fix", entry.fix),
              ("notice_deadline", entry.deadline), ("notice_proof", entry.proof)]
    rows = "".join(f'<dt>{esc(text[key] + text["sep"])}</dt><dd class="{key.removeprefix("notice_")}">{esc(value)}</dd>'
                   for key, value in fields if value)
    return (f'<div class="item"><h2>{esc(entry.number)}{esc(entry.heading)}{mark}</h2>\n<dl>{rows}</dl>\n'
            f'<p class="item-no">{esc(text["notice_item_id"] + text["sep"])}<code class="item-id">{esc(entry.id)}'
            f"</code></p></div>\n")


def _slip(notice: Notice, lang: str) -> str:
    """The feedback slip: the notice's number and unit, a row per item with blanks to fill, the lines to sign."""
    text = words(lang)
    head = "".join(f"<th>{esc(column)}</th>" for column in text["slip_columns"])
    rows = "".join(f'<tr><td>{number}</td><td><code>{esc(entry.id)}</code></td><td>{esc(entry.heading)}</td>'
                   f'<td class="date">{esc(entry.deadline)}</td><td></td><td></td><td></td></tr>\n'
                   for number, entry in enumerate(notice.entries, start=1))
    signs = "".join(f'<p><span>{esc(label)}</span><span class="blank"></span></p>' for label in text["slip_signs"])
    return (f'<section class="slip">\n<h2>{esc(text["slip_title"])}</h2>\n<p class="slip-head">'
            f'<span>{esc(text["slip_number"] + text["sep"] + notice.number)}</span>'
            f'<span>{esc(text["slip_unit"] + text["sep"] + notice.unit_name)}</span></p>\n'
            f'<table class="slip">{_SLIP_COLUMNS}<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody></table>\n'
            f'<div class="signs">{signs}</div>\n</section>\n')


def notice_section(notice: Notice, lang: str) -> str:
    """A unit's whole notice: masthead, title, addressee, opening, items, closing, signature, then the slip."""
    text = words(lang)
    signature = "".join(f"<p>{esc(line)}</p>" for line in (notice.issuer, text["notice_seal"], notice.signed_on))
    return (f'<section class="notice" id="notice-{notice.seq}">\n<header class="masthead">'
            f'<p class="issuer">{esc(notice.issuer)}</p><p class="number">{esc(notice.number)}</p></header>\n'
            f'<h1>{esc(text["notice_title"])}</h1>\n<p class="to">{esc(notice.addressee)}</p>\n'
            f'<p class="opening">{esc(notice.opening)}</p>\n'
            + "".join(_entry(entry, lang) for entry in notice.entries)
            + f'<p class="closing">{esc(notice.closing)}</p>\n<div class="signature">{signature}</div>\n'
            + _slip(notice, lang) + "</section>\n")


@register("notice")
class NoticeHtmlFormatter(Formatter):
    """Rectification notices for people to print, sign, seal and send."""

    numbered = True

    def begin(self, info: AuditInfo) -> str:
        """The document head and stylesheet; notices are numbered from 1."""
        self.numbering = Numbering(info, self.lang)
        return _head(info, self.lang)

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """The unit's notice, or nothing for a unit without notice items."""
        notice = self.numbering.notice(unit)
        return notice_section(notice, self.lang) if notice is not None else ""

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """A line saying no notice is due when no unit had one; the end of the document."""
        none = "" if self.wrote_units else f'<p class="none">{esc(words(self.lang)["no_notices"])}</p>\n'
        return none + "</main>\n</body>\n</html>\n"
