"""The HTML report's score chart: horizontal bars as inline SVG, laid out in Python (deterministic, no script)."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from compliance.formatters.html_style import esc, num
from compliance.report.stats import UnitSummary

_WIDTH = 680  # viewBox units; the chart scales to the page width
_ROW = 20
_BAR = 13
_TOP = 18
_FONT = 11
_SCORE_COLUMN = 42
_MAX_LABEL = 250


def text_width(text: str) -> float:
    """Estimated width of a label in viewBox units: CJK (wide) characters take a full em, others about 0.6."""
    return sum(_FONT if unicodedata.east_asian_width(c) in ("W", "F") else _FONT * 0.6 for c in text)


def fitted(text: str, width: float) -> str:
    """The label cut to the width, with an ellipsis when cut."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _f(value: float) -> str:
    return f"{value:.1f}"


def _grid(left: float, span: float, bottom: float) -> list[str]:
    parts = []
    for tick in range(0, 101, 20):
        x = _f(left + span * tick / 100)
        parts.append(f'<line x1="{x}" y1="{_TOP - 4}" x2="{x}" y2="{_f(bottom)}"/>'
                     f'<text class="axis" x="{x}" y="{_TOP - 7}" text-anchor="middle">{tick}</text>')
    return parts


def _bar(unit: UnitSummary, row: int, left: float, span: float) -> str:
    top = _TOP + row * _ROW
    middle = _f(top + _ROW / 2 + _FONT * 0.36)
    length = span * max(0.0, min(unit.ranked_score, 100.0)) / 100
    return (f'<g><title>{esc(unit.name)} ({esc(unit.id)}): {num(unit.ranked_score)}</title>'
            f'<text x="{_f(left - 6)}" y="{middle}" text-anchor="end">{esc(fitted(unit.name, left - 10))}</text>'
            f'<rect class="{esc(unit.kind)}" x="{_f(left)}" y="{_f(top + (_ROW - _BAR) / 2)}" width="{_f(length)}" '
            f'height="{_BAR}"/><text x="{_f(left + length + 4)}" y="{middle}">{num(unit.ranked_score)}</text></g>')


def score_chart(units: Sequence[UnitSummary], title: str) -> str:
    """Bars of the units' scores (0 to 100), each labelled with the unit's name and score."""
    left = min(max([text_width(u.name) for u in units] + [40.0]) + 10, _MAX_LABEL)
    span = _WIDTH - left - _SCORE_COLUMN
    bottom = _TOP + len(units) * _ROW
    height = bottom + 6
    parts = _grid(left, span, bottom) + [_bar(unit, row, left, span) for row, unit in enumerate(units)]
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_f(height)}" '
            f'width="{_WIDTH}" height="{_f(height)}" role="img" aria-label="{esc(title)}">'
            f"<title>{esc(title)}</title>" + "".join(parts) + "</svg>\n")
