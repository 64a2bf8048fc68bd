"""Shared pieces of the HTML report: escaping, anchors, numbers and the inline print stylesheet."""
from __future__ import annotations

import html
from urllib.parse import quote

CJK_FONTS = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
              '"WenQuanYi Micro Hei", sans-serif')


def esc(value: object) -> str:
    """Any value as HTML text, safe in element content and in quoted attributes (also inside inline SVG)."""
    return html.escape(str(value), quote=True)


def anchor(unit_id: str) -> str:
    """The fragment naming a unit's section (ids may hold any character)."""
    return "unit-" + quote(unit_id, safe="")


def num(value: float) -> str:
    """A score or count as the text report prints it (88, 96.5)."""
    return f"{value:g}"


# The stylesheet is inline (one self-contained file). Print colours are kept (print-color-adjust: exact) so the
# severity badges and the chart print as on screen; each unit starts a new A4 page, a gap block is never split.
# The cover, the page numbers and the closing sections are PRINT_CSS's.
CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-family: FONTS; font-size: 10.5pt; line-height: 1.55; color: #1f2328; background: #fff; }
body { margin: 0; }
main.report { display: flex; flex-direction: column; max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 19pt; margin: 0 0 2mm; line-height: 1.3; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; border-bottom: 2px solid #24527a; padding-bottom: 1mm; color: #24527a; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; color: #24527a; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin: 2mm 0; }
.card { border: 1px solid #d0d7de; border-radius: 2mm; padding: 1.5mm 3mm; break-inside: avoid; }
.card .n { display: block; font-size: 15pt; font-weight: bold; }
.card .l { color: #57606a; font-size: 9pt; }
.card.gaps .n, .card.errors .n { color: #b42318; }
.card.passed .n { color: #1a7f37; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0 3mm; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #d8dee4; padding: 0.8mm 2mm; text-align: left; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
.metered { white-space: nowrap; }
.meter { display: inline-block; height: 2.2mm; background: #7aa7d1; vertical-align: middle; margin-right: 1.5mm; }
svg.chart { width: 100%; height: auto; display: block; margin: 2mm 0; }
svg.chart text { font-family: FONTS; font-size: 11px; fill: #1f2328; }
svg.chart .axis { fill: #57606a; font-size: 9px; }
svg.chart line { stroke: #d0d7de; stroke-width: 0.6; }
svg.chart .department { fill: #24527a; }
svg.chart .district { fill: #2f8f83; }
svg.chart .enterprise { fill: #c4661f; }
section.unit, section.problems { break-before: page; page-break-before: always; }
section.unit > header { display: flex; justify-content: space-between; align-items: baseline; gap: 4mm;
  border-bottom: 2px solid #24527a; margin-bottom: 2mm; }
section.unit > header h2 { border: 0; margin: 0; padding: 0; }
section.unit > header .score { font-size: 20pt; font-weight: bold; color: #24527a; white-space: nowrap; }
.meta { color: #57606a; font-size: 9.5pt; }
.counts span { margin-right: 3mm; white-space: nowrap; }
.gap { border: 1px solid #d0d7de; border-left: 4px solid #999; border-radius: 1.5mm; padding: 2mm 3mm;
  margin: 2.5mm 0; break-inside: avoid; page-break-inside: avoid; }
.gap.sev-low { border-left-color: #8c959f; } .gap.sev-medium { border-left-color: #d4a72c; }
.gap.sev-high { border-left-color: #e16f24; } .gap.sev-critical { border-left-color: #b42318; }
.gap.waived { border-left-color: #6e7781; background: #f6f8fa; }
.gap h4 { margin: 0 0 1mm; font-size: 10.5pt; }
.rid { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 9pt; color: #57606a; margin: 0 1mm;
  white-space: nowrap; }
.badge { display: inline-block; border-radius: 1mm; padding: 0 1.5mm; font-size: 8.5pt; color: #fff;
  background: #8c959f; white-space: nowrap; }
.badge.sev-medium { background: #9a6700; } .badge.sev-high { background: #c4461a; }
.badge.sev-critical { background: #b42318; } .badge.error { background: #6639ba; } .badge.waived { background: #6e7781; }
.deduct { float: right; color: #b42318; font-weight: 600; white-space: nowrap; }
.tag { display: inline-block; border: 1px solid; border-radius: 1mm; padding: 0 1mm; font-size: 8.5pt; margin-right: 1mm; }
.tag.persisting { color: #b42318; background: #fff1f0; } .tag.new { color: #0550ae; background: #eef6ff; }
.tag.expired { color: #9a6700; background: #fff8c5; } .tag.missing { color: #6e40c9; background: #f5f0ff; }
ul.items { margin: 1mm 0; padding-left: 5mm; }
ul.items li { margin: 0.8mm 0; }
.ev { color: #57606a; font-size: 9pt; }
.ev .where { color: #1f2328; }
.kv { display: inline-block; margin-left: 2mm; }
.ev, td, blockquote { overflow-wrap: anywhere; }
blockquote { margin: 1mm 0; padding: 0.5mm 3mm; border-left: 3px solid #d0d7de; background: #f6f8fa; }
blockquote p { margin: 0; }
.src { color: #57606a; font-size: 9pt; }
p.line { margin: 0.8mm 0; }
p.line b { color: #24527a; }
.problem.error { color: #b42318; } .problem.warning { color: #9a6700; }
a { color: inherit; text-decoration: none; }
@media screen { body { background: #f3f4f6; } main.report { background: #fff; padding: 10mm 12mm; } }
""".replace("FONTS", CJK_FONTS)

# The assessment sheet's styles (see html_sheet), in every report's head. In print the sheet comes first in its unit's section (which starts a page) and ends its own pages:
# a department head gets the sheet to sign on pages of its own, the gaps after it; no row is split across pages.
SHEET_CSS = """
table.sheet { border: 1.5px solid #1f2328; table-layout: fixed; }
table.sheet th, table.sheet td { border: 1px solid #8c959f; padding: 1mm 1.5mm; }
table.sheet thead th { text-align: center; }
table.sheet col.group { width: 24mm; } table.sheet col.standard { width: 36mm; }
table.sheet col.found { width: 36mm; } table.sheet col.n { width: 22mm; }
table.sheet th.group { background: #f6f8fa; }
table.sheet th.group .pts { display: block; font-weight: normal; color: #57606a; }
table.sheet td.subtotal { background: #f6f8fa; font-weight: 600; }
table.sheet tbody.totals th { text-align: right; background: #f6f8fa; }
table.sheet tr.total th, table.sheet tr.total td, table.sheet tr.grade td { font-size: 11pt; font-weight: bold; }
table.sheet td.veto.raised { color: #b42318; font-weight: bold; }
table.sheet tr.grade td { white-space: normal; }
table.sheet td.veto.unchecked, table.sheet td.veto.unknown { color: #9a6700; font-weight: 600; }
table.sheet tr, table.sheet tbody.totals, .signoff { break-inside: avoid; page-break-inside: avoid; }
ul.triggers { margin: 0; padding-left: 4mm; }
.veto-mark { display: inline-block; border-radius: 1mm; padding: 0 1.5mm; color: #fff; background: #b42318; }
h3.sheet-title { text-align: center; font-size: 14pt; color: #1f2328; }
.signoff { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm 12mm; margin: 10mm 0 4mm; break-before: avoid; }
.signoff p { display: flex; align-items: flex-end; gap: 2mm; margin: 0; }
.signoff .blank { flex: 1 0 30mm; border-bottom: 1px solid #1f2328; height: 8mm; }
@media print {
  section.unit:has(> section.sheet) { display: flex; flex-direction: column; }
  section.unit > section.sheet { order: -1; break-before: page; page-break-before: always; break-after: page;
    page-break-after: always; }
}
"""

# The printed document (see html_print): the cover with the contents is page 1 on its own and is not numbered (page
# margin boxes need Chromium 131 or later; an older browser prints no numbers and the rest the same); every other
# page is numbered "2 / 24" at its foot. The closing block (the sources' verification, then the sign-off) starts a
# page; the sign-off is never split.
PRINT_CSS = """
@page { @bottom-center { content: counter(page) " / " counter(pages); font-family: FONTS; font-size: 9pt;
  color: #57606a; } }
@page :first { @bottom-center { content: none; } }
main.report > header.cover { order: -3; }
main.report > nav.contents { order: -2; break-after: page; page-break-after: always; }
main.report > section.overview { order: -1; }
header.cover { text-align: center; padding: 24mm 0 6mm; }
header.cover h1 { font-size: 24pt; margin: 0 0 4mm; }
header.cover .subject { font-size: 15pt; margin: 0 0 12mm; }
header.cover dl { display: grid; grid-template-columns: max-content minmax(0, 120mm); gap: 1.5mm 6mm;
  justify-content: center; text-align: left; margin: 0; }
header.cover dt { color: #57606a; }
header.cover dd { margin: 0; }
header.cover .basis { color: #57606a; font-size: 9pt; margin: 4mm auto 0; max-width: 150mm; }
nav.contents { margin-top: 4mm; }
nav.contents h2 { text-align: center; }
nav.contents ol { list-style: none; padding: 0; margin: 0; }
nav.contents li { padding: 1mm 0; border-bottom: 1px dotted #d0d7de; break-inside: avoid; }
nav.contents .kind { font-weight: 600; margin-right: 3mm; }
nav.contents .units { font-size: 9.5pt; }
main.report > div.closing { break-before: page; page-break-before: always; }
table.sources { table-layout: fixed; }
table.sources col.source { width: 52mm; } table.sources col.status { width: 22mm; }
table.sources col.unchecked { width: 40mm; }
td.status { white-space: nowrap; }
td.status.verified { color: #1a7f37; }
td.status.partial, td.status.unverified { color: #9a6700; font-weight: 600; }
section.sign { break-inside: avoid; page-break-inside: avoid; margin-top: 8mm; }
table.signatures { font-size: 10.5pt; }
table.signatures th, table.signatures td { border: 0; background: none; padding: 6mm 2mm 1mm 0; vertical-align: bottom; }
table.signatures th { width: 48mm; font-weight: 600; white-space: nowrap; }
table.signatures td.name { width: 40mm; }
table.signatures td.blank { border-bottom: 1px solid #1f2328; }
section.sign .organiser { text-align: right; margin: 8mm 0 0; }
""".replace("FONTS", CJK_FONTS)
