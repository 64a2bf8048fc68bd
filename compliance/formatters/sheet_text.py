"""The assessment sheet (考核表) in words every human format shares, and its compact block in the text report."""
from __future__ import annotations

from collections.abc import Sequence

from compliance.report.labels import words
from compliance.report.sheet import Sheet, SheetBonus, SheetLine, SheetVeto, Trigger
from compliance.report.stats import UnitSummary


def points(value: float) -> str:
    """Points as the reports print scores (20, 87.5)."""
    return f"{value:g}"


def standard(line: SheetLine, lang: str) -> str:
    """The scoring standard (评分标准): 每项扣2分，最多扣6分；资料缺失每项扣1分."""
    labels = words(lang)
    rule = str(labels["standard_each"].format(points=points(line.points)))
    for weight in line.weights:  # the items priced by what they are: a major hazard still open
        rule += labels["clause_sep"] + labels["standard_weight"].format(label=weight.text(lang),
                                                                        points=points(weight.points))
    if line.max_points is not None:
        rule += labels["comma"] + labels["standard_cap"].format(points=points(line.max_points))
    if line.missing_points:
        rule += labels["clause_sep"] + labels["standard_missing"].format(points=points(line.missing_points))
    if line.list_points:
        rule += labels["clause_sep"] + labels["standard_list"].format(points=points(line.list_points))
    return rule


def found(line: SheetLine, lang: str) -> str:
    """What checking found (检查情况): the counts of the items, or 未检查 / 不适用 when nothing was checked."""
    labels = words(lang)
    if line.status == "not_checked":
        return str(labels["not_checked"])
    if line.status == "not_applicable":
        return str(labels["na"])
    counts = [("found_breaches", line.breaches), ("found_missing", line.missing), ("found_pending", line.pending),
              ("found_waived", line.waived)]
    parts = [labels["found_checked"].format(count=line.checked)]
    parts += [labels[key].format(count=count) for key, count in counts if count]
    if line.status == "pass" and len(parts) == 1:
        parts.append(labels["found_passed"])
    return str(labels["comma"]).join(parts)


def bonus_standard(bonus: SheetBonus, lang: str) -> str:
    """A bonus item's standard: 每项加1分，最多加3分."""
    labels = words(lang)
    rule = str(labels["bonus_each"].format(points=points(bonus.points)))
    if bonus.max_points is not None:
        rule += labels["comma"] + labels["bonus_cap"].format(points=points(bonus.max_points))
    return rule


def veto_state(veto: SheetVeto, lang: str) -> str:
    """A veto item's state: 否决 (raised), 未核查 (its records were not provided), 待核实 (a record that might raise it
    lacks a declaration) or 未触发 (checked, not raised)."""
    return str(words(lang)[veto_key(veto)])


def veto_key(veto: SheetVeto) -> str:
    """The label key of a veto's state (also its CSS class's source)."""
    if veto.raised:
        return "veto_raised"
    if not veto.checked:
        return "veto_unchecked"
    return "veto_unknown" if veto.unknown else "veto_clear"


def shown_items(item: SheetVeto | SheetBonus) -> Sequence[Trigger]:
    """The records a veto or bonus shows: those that raised or earned it, else those that might (待核实)."""
    return item.items or item.unknown


def earned(bonus: SheetBonus, lang: str) -> str:
    """What a bonus adds: +2, or 未核查 when its records were not provided, with 待核实 when records might earn it."""
    labels = words(lang)
    if not bonus.checked:
        return str(labels["veto_unchecked"])
    shown = f"+{points(bonus.earned)}"
    return shown + (labels["paren"].format(labels["veto_unknown"]) if bonus.unknown else "")


def trigger(item: Trigger, lang: str) -> str:
    """An item that earned a bonus or raised a veto, with its message: 「2022年5月：发生较大事故」."""
    message = item.text("message", lang)
    if not message:
        return item.text("item", lang)
    return str(words(lang)["trigger"].format(item=item.text("item", lang), message=message))


def triggers(items: Sequence[Trigger], lang: str) -> str:
    """Several items, joined as a list."""
    return str(words(lang)["list_sep"]).join(trigger(item, lang) for item in items)


def item_names(items: Sequence[Trigger], lang: str) -> str:
    """Several items by name only (the text report's compact form)."""
    return str(words(lang)["list_sep"]).join(item.text("item", lang) for item in items)


def grade(sheet: Sheet, lang: str) -> str:
    """The grade the sheet carries, or a dash when it carries none."""
    return sheet.grade_text(lang) or "—"


def text_lines(sheet: Sheet, lang: str) -> list[str]:
    """The text report's block: the sheet's title, each category's score, bonus, raised or unchecked vetoes, total."""
    labels = words(lang)
    lines = [f"  {sheet.text(lang)}"]
    for category in sheet.categories:
        unchecked = sum(1 for line in category.lines if line.status == "not_checked")
        lines.append(f"  {category.text(lang)} {points(category.score)}/{points(category.points)}"
                     + (labels["not_checked_lines"].format(count=unchecked) if unchecked else ""))
    if sheet.bonuses:
        shown = [f"{bonus.text(lang)} {earned(bonus, lang)}"
                 + (labels["sep"] + item_names(shown_items(bonus), lang) if shown_items(bonus) else "")
                 for bonus in sheet.bonuses if bonus.earned or shown_items(bonus) or not bonus.checked]
        lines.append(f"  {labels['bonus']} +{points(sheet.bonus)}"
                     + (labels["paren"].format(labels["clause_sep"].join(shown)) if shown else ""))
    for veto in sheet.vetoes:
        if veto.raised or veto.unknown:
            state = "" if veto.raised else veto_state(veto, lang) + labels["sep"]
            lines.append(f"  {labels['veto_items']}{labels['sep']}{veto.text(lang)}"
                         f"{labels['paren'].format(state + item_names(shown_items(veto), lang))}")
        elif not veto.checked:
            lines.append(f"  {labels['veto_items']}{labels['sep']}{veto.text(lang)}"
                         f"{labels['paren'].format(labels['veto_unchecked'])}")
    lines.append(f"  {labels['total']} {points(sheet.total)}  {labels['grade']} {grade(sheet, lang)}"
                 + (labels["vetoed_tag"] if sheet.vetoed else ""))
    return lines


def ranked_grade(unit: UnitSummary, lang: str) -> str:
    """A ranked unit's grade as rankings show it, with the veto mark: 不合格【一票否决】 (empty without a sheet)."""
    if not unit.grade:
        return ""
    return unit.grade_text(lang) + (str(words(lang)["vetoed_tag"]) if unit.vetoed else "")
