"""The workbook's assessment sheets (考核表): a row per sheet line, then each category's subtotal, the bonus and
veto items, and the unit's base score, bonus, total and grade."""
from __future__ import annotations

from typing import Any

from compliance.formatters.sheet_text import earned, shown_items, triggers, veto_state
from compliance.formatters.xlsx_rows import Column
from compliance.report.labels import term, words
from compliance.report.model import UnitReport
from compliance.report.sheet import Sheet, SheetCategory, SheetLine

_LAYOUT = (("unit_id", 14, False), ("unit_name", 24, False), ("category", 16, True), ("category_points", 8, False),
           ("rule_id", 14, False), ("title", 36, True), ("points", 8, False), ("max_points", 8, False),
           ("missing_points", 10, False), ("checked", 8, False), ("breaches", 8, False), ("missing", 10, False),
           ("pending", 8, False), ("waived", 8, False), ("deducted", 7, False), ("score", 7, False),
           ("status", 10, False), ("note", 40, True))
SHEET_COLUMNS: tuple[Column, ...] = tuple(
    (key, zh, en, width, wrapped)
    for (key, width, wrapped), zh, en in zip(_LAYOUT, words("zh")["sheet_columns"], words("en")["sheet_columns"],
                                             strict=True))


def _row(unit: UnitReport, category: str, **values: Any) -> list[Any]:
    """A row of the sheet: the unit, what the row is (a category, 加分项, 总分 …) and the named columns given."""
    row = {"unit_id": unit.id, "unit_name": unit.name, "category": category, **values}
    return [row.get(key) for key, *_ in _LAYOUT]


def _line(unit: UnitReport, category: SheetCategory, line: SheetLine, lang: str) -> list[Any]:
    return _row(unit, category.text(lang), category_points=category.points, rule_id=line.rule_id,
                title=line.text(lang), points=line.points, max_points=line.max_points,
                missing_points=line.missing_points, checked=line.checked, breaches=line.breaches, missing=line.missing,
                pending=line.pending, waived=line.waived, deducted=line.deducted,
                status=term("sheet_line", line.status, lang))


def _category(unit: UnitReport, category: SheetCategory, lang: str) -> list[list[Any]]:
    """A category's lines and its subtotal (得分 = 分值 − 扣分)."""
    rows = [_line(unit, category, line, lang) for line in category.lines]
    return rows + [_row(unit, category.text(lang), category_points=category.points, title=words(lang)["subtotal"],
                        deducted=category.deducted, score=category.score)]


def _extras(unit: UnitReport, sheet: Sheet, lang: str) -> list[list[Any]]:
    """The bonus and veto items, with the items that earned or raised them."""
    labels = words(lang)
    rows = [_row(unit, labels["bonus_items"], rule_id=bonus.id, title=bonus.text(lang), points=bonus.points,
                 max_points=bonus.max_points, score=bonus.earned if bonus.checked else None,
                 status=None if bonus.checked and not bonus.unknown else earned(bonus, lang),
                 note=triggers(shown_items(bonus), lang) or None)
            for bonus in sheet.bonuses]
    return rows + [_row(unit, labels["veto_items"], rule_id=veto.id, title=veto.text(lang),
                        status=veto_state(veto, lang), note=triggers(shown_items(veto), lang) or None)
                   for veto in sheet.vetoes]


def _totals(unit: UnitReport, sheet: Sheet, lang: str) -> list[list[Any]]:
    """Base score (out of the sheet's points), bonus (capped), total, and the grade (一票否决 when vetoed)."""
    labels = words(lang)
    vetoed = labels["vetoed_mark"] if sheet.vetoed else None
    return [_row(unit, labels["base"], category_points=sheet.points, score=sheet.base),
            _row(unit, labels["bonus"], max_points=sheet.bonus_max, score=sheet.bonus),
            _row(unit, labels["total"], score=sheet.total),
            _row(unit, labels["grade"], status=vetoed, note=sheet.grade_text(lang) or None)]


def sheet_rows(unit: UnitReport, sheet: Sheet, lang: str) -> list[list[Any]]:
    """A unit's assessment sheet as rows: lines and subtotals by category, bonus, veto, then the totals."""
    rows = [row for category in sheet.categories for row in _category(unit, category, lang)]
    return rows + _extras(unit, sheet, lang) + _totals(unit, sheet, lang)
