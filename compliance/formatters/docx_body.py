"""The Word document the notices are written into (python-docx): A4, named styles for every part of a notice (an
office restyles them at once), and a body appended to in constant time."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x55, 0x55, 0x55)
BLACK = RGBColor(0, 0, 0)
INDENT = Pt(24)  # two characters of the body text
_FACES = {"Normal": "宋体", "Heading 1": "黑体", "Heading 2": "黑体"}  # East Asian faces of the styles used

# Paragraph styles of a notice: name -> (alignment, size in points, bold, colour, left indent, first-line indent).
PARAGRAPHS: dict[str, tuple[Any, float | None, bool, RGBColor | None, Pt | None, Pt | None]] = {
    "Notice Issuer": (WD_ALIGN_PARAGRAPH.CENTER, 22, True, RED, None, None),
    "Notice Number": (WD_ALIGN_PARAGRAPH.CENTER, None, False, None, None, None),
    "Notice Addressee": (None, None, True, None, None, None),
    "Notice Text": (None, None, False, None, None, INDENT),
    "Notice Field": (None, None, False, None, INDENT, None),
    "Notice Item No": (None, 8, False, GREY, INDENT, None),
    "Notice Signature": (WD_ALIGN_PARAGRAPH.RIGHT, None, False, None, None, None),
    "Notice Slip Cell": (None, 9, False, None, None, None),
}
CHARACTERS: dict[str, tuple[bool, RGBColor | None]] = {"Notice Label": (True, None), "Notice Mark": (True, RED)}
Runs = Sequence[tuple[str, str | None]]  # a paragraph's runs: text, character style (by name) or None
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("(\t|\r\n|\r|\n)")
_BREAK_TAGS = {"\t": "w:tab", "\r\n": "w:br", "\r": "w:br", "\n": "w:br"}


def _east_asian(style: Any, face: str) -> None:
    """Give a style a Chinese face (Word otherwise picks the theme's, often a Japanese one); a theme font named
    beside it would win, so it goes."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    fonts.set(qn("w:eastAsia"), face)


def _add_styles(document: Any) -> None:
    """The notice's own paragraph and character styles, each based on the body text."""
    for name, (align, size, bold, colour, left, first) in PARAGRAPHS.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.alignment, style.paragraph_format.left_indent = align, left
        style.paragraph_format.first_line_indent = first
        style.font.size, style.font.bold = (Pt(size) if size else None), (bold or None)
        if colour is not None:
            style.font.color.rgb = colour
    document.styles["Notice Slip Cell"].paragraph_format.space_after = Pt(0)
    for name, (bold, colour) in CHARACTERS.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.font.bold = bold
        if colour is not None:
            style.font.color.rgb = colour


def blank(lang: str) -> Any:
    """A new document: A4 with a notice's margins, black centred title headings, Chinese faces, the notice's
    styles; no template thumbnail."""
    document = Document()
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # a picture of python-docx's blank template
            del package.rels[rel_id]
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(22), Mm(20), Mm(24), Mm(22)
    document.styles["Normal"].font.size = Pt(12)
    document.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, face in _FACES.items():
        if name != "Normal":
            document.styles[name].font.color.rgb = BLACK
        if lang != "en":
            _east_asian(document.styles[name], face)
    _add_styles(document)
    return document


class Body:
    """The document's body, appended to in constant time. python-docx's add_paragraph looks for the section
    properties among every block already there, and each property it sets scans every element that may follow it
    (minutes for a city's notices); so paragraphs, runs and table rows are built here as elements, in schema order,
    with styles set by id (looked up once). Text is made XML-safe; tabs and line breaks become Word's."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.end = document.element.body.sectPr  # the body's last child: new blocks go before it
        names = ["Heading 1", "Heading 2", *PARAGRAPHS, *CHARACTERS]
        self.ids = {name: document.styles[name].style_id for name in names}

    def paragraph(self, runs: str | Runs, style: str | None = None) -> Any:
        """A new paragraph at the end, in a style (by name): its text, or its runs (text, character style)."""
        element = self._p([(runs, None)] if isinstance(runs, str) else runs, style)
        self.end.addprevious(element)
        return Paragraph(element, self.document)

    def table(self, widths_mm: Sequence[int]) -> Any:
        """A new table without rows at the end (its element, for row()): grid lines, centred, fixed column
        widths."""
        element = CT_Tbl.new_tbl(0, len(widths_mm), Mm(sum(widths_mm)))
        self.end.addprevious(element)
        table = Table(element, self.document)
        table.style, table.alignment, table.autofit = "Table Grid", WD_TABLE_ALIGNMENT.CENTER, False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)  # the grid, which LibreOffice reads; Word reads each cell's width
        return element

    def row(self, table: Any, cells: Sequence[Runs], widths_mm: Sequence[int], style: str, height_mm: int = 0,
            header: bool = False) -> None:
        """A row Word never splits across pages (a header row: repeated on every page), each cell one paragraph in
        a style, at least height_mm high."""
        tr = OxmlElement("w:tr")
        properties = _child(tr, "w:trPr")
        _child(properties, "w:cantSplit")
        if height_mm:
            _child(properties, "w:trHeight", {"w:val": str(Mm(height_mm).twips)})
        if header:
            _child(properties, "w:tblHeader")
        for runs, width in zip(cells, widths_mm, strict=True):
            tc = _child(tr, "w:tc")
            _child(_child(tc, "w:tcPr"), "w:tcW", {"w:w": str(Mm(width).twips), "w:type": "dxa"})
            tc.append(self._p(runs, style))
        table.append(tr)

    def _p(self, runs: Runs, style: str | None) -> Any:
        element = OxmlElement("w:p")
        if style is not None:
            _child(_child(element, "w:pPr"), "w:pStyle", {"w:val": self.ids[style]})
        for text, character in runs:
            if text:
                element.append(self._r(text, character))
        return element

    def _r(self, text: str, style: str | None) -> Any:
        run = OxmlElement("w:r")
        if style is not None:
            _child(_child(run, "w:rPr"), "w:rStyle", {"w:val": self.ids[style]})
        for piece in _BREAKS.split(xml_text(text)):
            if piece in _BREAK_TAGS:
                _child(run, _BREAK_TAGS[piece])
            elif piece:
                _child(run, "w:t", {"xml:space": "preserve"} if piece != piece.strip() else {}).text = piece
        return run


def _child(parent: Any, tag: str, attributes: dict[str, str] | None = None) -> Any:
    """A new last child element (lxml's own SubElement: python-docx's OxmlElement costs several times more)."""
    return etree.SubElement(parent, qn(tag), {qn(name): value for name, value in (attributes or {}).items()})


def xml_text(text: str) -> str:
    """Text an XML document can hold: control characters (and lone surrogates) shown escaped, as \\x07."""
    return _ILLEGAL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
