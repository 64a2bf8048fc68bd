"""The HTML report's assessment sheet (考核表): a printable table of categories, lines, bonus, veto and total, signed
by the unit's head and the assessment team's."""
from __future__ import annotations

from collections.abc import Sequence

from compliance.formatters.html_style import esc
from compliance.formatters.sheet_text import (
    bonus_standard,
    earned,
    found,
    grade,
    points,
    shown_items,
    standard,
    trigger,
    veto_key,
    veto_state,
)
from compliance.report.labels import words
from compliance.report.model import UnitReport
from compliance.report.sheet import Sheet, SheetCategory, SheetVeto, Trigger

_COLUMNS = ("col_category", "col_content", "col_standard", "col_found", "col_deducted")
_COLGROUP = '<colgroup><col class="group"><col><col class="standard"><col class="found"><col class="n"></colgroup>'


def _group(label: str, rows: Sequence[str], css: str) -> str:
    """A tbody whose first column names the group (a category, 加分项, 一票否决) across all its rows."""
    head = f'<th class="group" rowspan="{len(rows)}">{label}</th>'
    return (f'<tbody class="{css}">' + "".join(f"<tr>{head if number == 0 else ''}{row}</tr>"
                                               for number, row in enumerate(rows)) + "</tbody>\n")


def _items(items: Sequence[Trigger], lang: str) -> str:
    """The items that earned a bonus or raised a veto, each with its message (a dash when there are none)."""
    if not items:
        return "—"
    return '<ul class="triggers">' + "".join(f"<li>{esc(trigger(item, lang))}</li>" for item in items) + "</ul>"


def _category(category: SheetCategory, lang: str) -> str:
    """A category's lines (rule, standard, what was found, points deducted) and its subtotal."""
    text = words(lang)
    rows = [f'<td><span class="rid">{esc(line.rule_id)}</span>{esc(line.text(lang))}</td>'
            f"<td>{esc(standard(line, lang))}</td><td class=\"found {esc(line.status)}\">{esc(found(line, lang))}</td>"
            f'<td class="n">{points(line.deducted)}</td>' for line in category.lines]
    subtotal = text["subtotal_line"].format(score=points(category.score), points=points(category.points),
                                            deducted=points(category.deducted))
    rows.append(f'<td class="subtotal" colspan="3">{esc(subtotal)}</td>'
                f'<td class="n subtotal">{points(category.deducted)}</td>')
    label = (f'{esc(category.text(lang))}<span class="pts">'
             f'{esc(text["category_points"].format(points=points(category.points)))}</span>')
    return _group(label, rows, "category")


def _bonuses(sheet: Sheet, lang: str) -> str:
    """The bonus items: title, standard, the items that earned it, points earned."""
    if not sheet.bonuses:
        return ""
    rows = [f"<td>{esc(bonus.text(lang))}</td><td>{esc(bonus_standard(bonus, lang))}</td>"
            f'<td>{_items(shown_items(bonus), lang)}</td><td class="n">{esc(earned(bonus, lang))}</td>'
            for bonus in sheet.bonuses]
    return _group(esc(words(lang)["bonus_items"]), rows, "bonus")


def _veto(veto: SheetVeto, lang: str) -> str:
    state = veto_key(veto).removeprefix("veto_")
    return (f"<td>{esc(veto.text(lang))}</td><td>{esc(words(lang)['veto_standard'])}</td>"
            f'<td>{_items(shown_items(veto), lang)}</td><td class="n veto {state}">{esc(veto_state(veto, lang))}</td>')


def _vetoes(sheet: Sheet, lang: str) -> str:
    """The veto items: title, 否决 / 未触发 / 未核查, the items that raised it with their messages."""
    if not sheet.vetoes:
        return ""
    return _group(esc(words(lang)["veto_items"]), [_veto(veto, lang) for veto in sheet.vetoes], "veto")


def _totals(sheet: Sheet, lang: str) -> str:
    """Base score, bonus (capped), total and grade, with a clear mark when a veto was raised."""
    text = words(lang)
    cap = text["bonus_max"].format(points=points(sheet.bonus_max)) if sheet.bonus_max is not None else ""
    mark = f' <span class="veto-mark">{esc(text["vetoed_mark"])}</span>' if sheet.vetoed else ""
    rows = [("", text["base"] + text["full_marks"].format(points=points(sheet.points)), points(sheet.base)),
            ("", text["bonus"] + cap, f"+{points(sheet.bonus)}"),
            ("total", text["total"], points(sheet.total)),
            ("grade", text["grade"], esc(grade(sheet, lang)) + mark)]
    return ('<tbody class="totals">' + "".join(f'<tr class="{css}"><th colspan="4">{esc(label)}</th>'
                                               f'<td class="n">{value}</td></tr>' for css, label, value in rows)
            + "</tbody>\n")


def _signoff(lang: str) -> str:
    """Blank lines for the unit's head and the assessment team's head to sign, and the date."""
    text = words(lang)
    return ('<div class="signoff">' + "".join(f'<p><span>{esc(text[key])}</span><span class="blank"></span></p>'
                                              for key in ("sign_unit", "sign_assessor", "sign_date")) + "</div>\n")


def sheet_section(unit: UnitReport, sheet: Sheet, lang: str) -> str:
    """A unit's assessment sheet: title, the unit, the table with subtotals, bonus, veto, totals and the sign-off."""
    text = words(lang)
    head = "".join(f'<th class="n">{esc(text[key])}</th>' if key == "col_deducted" else f"<th>{esc(text[key])}</th>"
                   for key in _COLUMNS)
    assessed = esc(unit.name) + esc(text["paren"].format(unit.id))
    return (f'<section class="sheet">\n<h3 class="sheet-title">{esc(sheet.text(lang))}</h3>\n'
            f'<p class="sheet-unit"><b>{esc(text["assessed_unit"])}</b>{esc(text["sep"])}{assessed}</p>\n'
            f'<table class="sheet">{_COLGROUP}<thead><tr>{head}</tr></thead>\n'
            + "".join(_category(category, lang) for category in sheet.categories)
            + _bonuses(sheet, lang) + _vetoes(sheet, lang) + _totals(sheet, lang) + "</table>\n"
            + _signoff(lang) + "</section>\n")
