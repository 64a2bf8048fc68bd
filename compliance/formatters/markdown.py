"""Markdown report: the text report's content as headings, tables and quotes, for wikis and merge requests.

Values from records are escaped so that a name can neither break a table nor inject HTML into the rendered page."""
from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.formatters.notice_text import deadline_text
from compliance.formatters.sheet_text import (
    bonus_standard,
    earned,
    grade,
    points,
    ranked_grade,
    shown_items,
    standard,
    triggers,
    veto_state,
)
from compliance.formatters.text_summary import baseline_lines, city_summary_lines
from compliance.report.labels import words
from compliance.report.model import AuditInfo, Finding, UnitReport
from compliance.report.sheet import Sheet, SheetCategory
from compliance.report.stats import RunStats, UnitSummary, places

_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "\\": "\\\\", "`": "\\`", "*": "\\*",
                          "_": "\\_", "[": "\\[", "]": "\\]", "#": "\\#", "\n": " ", "\r": " "})


def md(value: object) -> str:
    """A value as inert Markdown text (one line, no markup, no HTML)."""
    return str(value).translate(_SPECIAL)


def code(value: object) -> str:
    """A value inside a code span of a table cell: nothing to escape but the backtick and the cell separator."""
    return str(value).replace("`", "'").replace("|", "\\|").replace("\n", " ")


def _table(units: list[UnitSummary], labels: dict[str, str], numbered: bool, lang: str) -> list[str]:
    """A ranking table: place (for departments and districts; equal scores share one), unit, score, grade (when
    the units have sheets), gaps."""
    graded = any(unit.grade for unit in units)
    head = ("| # " if numbered else "") + f"| {labels['unit']} | {labels['score']} | " \
        + (f"{labels['grade']} | " if graded else "") + f"{labels['gaps']} |"
    rule = ("|---:" if numbered else "") + "|---|---:|" + ("---|" if graded else "") + "---:|"
    rows = [(f"| {place} " if numbered else "") + f"| {md(unit.name)} ({md(unit.id)}) | {unit.ranked_score:g} | "
            + (f"{md(ranked_grade(unit, lang))} | " if graded else "") + f"{unit.counts['failed']} |"
            for place, unit in zip(places(units), units, strict=True)]
    return [head, rule, *rows]


def _category(category: SheetCategory, lang: str) -> list[str]:
    """A category's rows: its name and points on the first, a row per line, then its subtotal."""
    labels = words(lang)
    name = md(category.text(lang)) + labels["paren"].format(labels["category_points"].format(points=points(category.points)))
    rows = [f"| {name if number == 0 else ''} | `{code(line.rule_id)}` {md(line.text(lang))} | "
            f"{md(standard(line, lang))} | {points(line.deducted)} | |" for number, line in enumerate(category.lines)]
    subtotal = f"| {'' if rows else name} | **{labels['subtotal']}** | | **{points(category.deducted)}** | " \
               f"**{points(category.score)}** |"
    return [*rows, subtotal]


def _sheet(sheet: Sheet, lang: str) -> list[str]:
    """The assessment sheet: a table of categories and lines with subtotals, then bonus, veto, total and grade."""
    labels = words(lang)
    head = " | ".join(labels[key] for key in ("col_category", "col_content", "col_standard", "col_deducted",
                                              "col_score"))
    lines = [f"### {labels['sheet']}{labels['sep']}{md(sheet.text(lang))}", "", f"| {head} |", "|---|---|---|---:|---:|"]
    for category in sheet.categories:
        lines += _category(category, lang)
    lines.append("")
    for bonus in sheet.bonuses:
        shown = shown_items(bonus)
        lines.append(f"- {labels['bonus_items']}{labels['sep']}{md(bonus.text(lang))} {md(earned(bonus, lang))}"
                     f"{labels['paren'].format(bonus_standard(bonus, lang))}"
                     + (f" — {md(triggers(shown, lang))}" if shown else ""))
    for veto in sheet.vetoes:
        shown = shown_items(veto)
        lines.append(f"- {labels['veto_items']}{labels['sep']}{md(veto.text(lang))}{labels['sep']}"
                     f"**{veto_state(veto, lang)}**" + (labels["paren"].format(md(triggers(shown, lang)))
                                                        if shown else ""))
    cap = labels["bonus_max"].format(points=points(sheet.bonus_max)) if sheet.bonus_max is not None else ""
    lines += [f"- {labels['base']} {points(sheet.base)}{labels['full_marks'].format(points=points(sheet.points))}",
              f"- {labels['bonus']} +{points(sheet.bonus)}{cap}", f"- **{labels['total']} {points(sheet.total)}**",
              f"- **{labels['grade']} {md(grade(sheet, lang))}**" + (f" **{labels['vetoed_tag'].strip()}**"
                                                                     if sheet.vetoed else "")]
    return lines + [""]


@register("markdown")
class MarkdownFormatter(Formatter):
    """Streams one section per unit."""

    def begin(self, info: AuditInfo) -> str:
        """Title and audit header."""
        self.view = info.view
        labels = words(self.lang)
        packs = ", ".join(f"{md(r['id'])} {md(r['version'])}" for r in info.rulesets)
        return (f"# {labels['title']} — {md(info.jurisdiction)}\n\n"
                f"{labels['year']} {info.year} · {labels['as_of']} {info.as_of} · {packs}\n\n")

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """A section: score and counts, a table of gaps, then each rule's requirement and remedy."""
        labels, lang = words(self.lang), self.lang
        count = {s: sum(f.count for f in unit.findings if f.status == s)
                 for s in ("fail", "pass", "not_applicable", "waived", "pending")}
        lines = [f"## {md(unit.name)} ({md(unit.id)})", "",
                 f"{labels['kind_word']}: {md(unit.kind)} · "
                 + (f"**{labels['score']} {unit.score:g}** · " if unit.score is not None else "") + f"{labels['gaps']} "
                 f"{count['fail']} · {labels['passed']} {count['pass']} · {labels['na']} {count['not_applicable']}"
                 f" · {labels['waived']} {count['waived']}"
                 + (f" · {labels['pending']} {count['pending']}" if count["pending"] else ""), ""]
        if unit.sheet is not None:
            lines += _sheet(unit.sheet, lang)
        lines += [f"- {labels['input']}: {md(problem.detail(lang))}" for problem in problems]
        gaps = [f for f in unit.findings if f.status in ("fail", "error", "waived", "pending")]
        if not gaps:
            lines.append(f"_{labels['no_gaps']}_")
        for _, group in groupby(gaps, key=lambda f: f.rule_id):
            lines += self._rule(list(group))
        return "\n".join(lines) + "\n\n"

    def _rule(self, findings: list[Finding]) -> list[str]:
        labels, lang = words(self.lang), self.lang
        first = findings[0]
        lines = [f"### [{first.severity}] {md(first.rule_id)} {md(first.text('title', lang))}", "",
                 f"| {labels['item_word']} | {labels['gap_message']} | {labels['evidence']} |", "|---|---|---|"]
        for finding in findings:
            where = self.view.where(finding.where, lang)
            status = f"**{labels[finding.status]}** " if finding.status in ("waived", "pending") else ""
            tag = "【屡查屡犯】" if finding.history == "persisting" else ""
            if finding.overdue:
                tag += f"【{labels['tag_escalated' if finding.overdue == 'escalated' else 'tag_overdue']}】"
            if finding.gap == "missing_data":
                tag = (f"[{labels['tag_missing_data']}] " if lang == "en" else f"【{labels['tag_missing_data']}】") + tag
            lines.append(f"| {md(finding.text('item', lang)) or '—'} | {status}{tag}{md(finding.text('message', lang))} "
                         f"| {md(where) or '—'} |")
        lines.append("")
        for cite in first.cites:
            flag = "" if cite.verified else labels["unverified"]
            lines.append(f"> {labels['basis']}: {md(cite.title(lang))} {md(cite.article)}{flag}: “{md(cite.text)}”")
        if first.penalty is not None:
            lines.append(f"> {labels['penalty']}: {md(first.penalty.article)}: “{md(first.penalty.text)}”")
        lines += ["", f"{labels['fix']}: {md(first.text('remediation', lang))}"]
        due = deadline_text(findings, lang)
        if due:
            lines.append(f"{labels['by']}: {md(due)}")
        return lines + [""]

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Ranking table, city summary, baseline, input problems and the summary counts."""
        labels = words(self.lang)
        lines: list[str] = []
        for kind, units in stats.rankings():
            plural = kind.plural_text(self.lang)
            lines += [f"## {labels['ranking_of'].format(kinds=plural[:1].upper() + plural[1:])}", ""]
            lines += _table(units, labels, numbered=True, lang=self.lang) + [""]
        lowest = stats.lowest()
        if lowest:
            lines += ["", f"### {labels['lowest'].format(count=stats.enterprises, shown=len(lowest))}", ""]
            lines += _table(lowest, labels, numbered=False, lang=self.lang)
        lines.append("")
        for line in city_summary_lines(stats, self.lang) + baseline_lines(stats, self.lang):
            if not line:
                lines.append("")
            elif line.startswith(" "):  # the text report's indentation: a list, one level per two spaces
                depth = (len(line) - len(line.lstrip(" "))) // 2 - 1
                lines.append("  " * depth + "- " + md(line.strip()))
            else:
                lines += [f"### {md(line)}", ""]
        if input_errors:
            lines += [f"## {labels['input']} ({len(input_errors)})", ""]
            lines += [f"- {md(error.text(self.lang))}" for error in input_errors]
            lines.append("")
        counts = stats.summary()
        lines.append(f"**{labels['summary']}**: {labels['unit']} {counts['units']} · {labels['checked']} "
                     f"{counts['checked']} · {labels['passed']} {counts['passed']} · {labels['gaps']} "
                     f"{counts['failed']} · {labels['waived']} {counts['waived']} · {labels['na']} "
                     f"{counts['not_applicable']} · {labels['errors']} {counts['errors']}")
        return "\n".join(lines) + "\n"
