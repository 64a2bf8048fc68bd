"""Plain-text report for people: per unit, its score and each gap with evidence, requirement and remedy."""
from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from compliance.core.problems import InputError
from compliance.core.severity import rank
from compliance.formatters import Formatter, register
from compliance.formatters.notice_text import deadline_text
from compliance.formatters.sheet_text import ranked_grade, text_lines
from compliance.formatters.text_summary import baseline_lines, city_summary_lines
from compliance.report.labels import term, words
from compliance.report.model import AuditInfo, Finding, UnitReport
from compliance.report.stats import RunStats, places
from compliance.report.view import ReportView


def _value(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return str(words(lang)["yes" if value else "no"])
    return str(value)


def _unit_block(unit: UnitReport, view: ReportView, lang: str, problems: list[InputError]) -> list[str]:
    labels = words(lang)
    gaps = [f for f in unit.findings if f.status in ("fail", "error")]
    count = {s: sum(f.count for f in unit.findings if f.status == s)
             for s in ("fail", "pass", "not_applicable", "error", "waived", "pending")}
    lines = [f"== {unit.name} ({unit.id}, {view.kind_label(unit.kind, lang)}) "
             + (f"{labels['score']} {unit.score:g}  " if unit.score is not None else "")
             + f"[{labels['gaps']} {count['fail']} · {labels['passed']} {count['pass']}"
             f" · {labels['na']} {count['not_applicable']} · {labels['errors']} {count['error']}"
             + (f" · {labels['waived']} {count['waived']}" if count["waived"] else "")
             + (f" · {labels['pending']} {count['pending']}" if count["pending"] else "") + "]"]
    if unit.sheet is not None:
        lines.extend(text_lines(unit.sheet, lang))
    lines.extend(f"  {labels['input_here']}{labels['sep']}{p.detail(lang)}" for p in problems)
    if not gaps:
        lines.append(f"   {labels['no_gaps']}")
    for _, group in groupby(gaps, key=lambda f: f.rule_id):
        lines.extend(_rule_block(list(group), view, lang, scored=unit.score is not None))
    lines.extend(_waived_lines([f for f in unit.findings if f.status == "waived"], lang))
    lines.extend(f"  [{labels['pending']}] {f.rule_id} {f.text('title', lang)}{labels['sep']}{f.text('message', lang)}"
                 for f in unit.findings if f.status == "pending")
    return lines


def _waived_lines(findings: list[Finding], lang: str) -> list[str]:
    """Waived gaps stay visible: rule, item, and the waiver's reason, approver and validity."""
    lines = []
    for finding in findings:
        waiver = finding.evidence.get("waiver", {})
        item = f" {finding.text('item', lang)}" if finding.item else ""
        if lang == "en":
            lines.append(f"  [waived] {finding.rule_id} {finding.text('title', lang)}{item}: {waiver.get('reason', '')} "
                         f"(waiver {waiver.get('number')}, approved by {waiver.get('approved_by')} on "
                         f"{waiver.get('approved_on')}, until {waiver.get('expires_on')})")
        else:
            lines.append(f"  [豁免] {finding.rule_id} {finding.text('title', lang)}{item}：{waiver.get('reason', '')}"
                         f"（第{waiver.get('number')}号豁免，{waiver.get('approved_by')}于{waiver.get('approved_on')}批准，"
                         f"有效期至{waiver.get('expires_on')}）")
    return lines


def _expired_waiver(finding: Finding, lang: str) -> list[str]:
    waiver = finding.evidence.get("waiver_expired")
    if not isinstance(waiver, dict):
        return []
    if lang == "en":
        return [f"      waiver {waiver['number']} ({waiver['reason']}) expired on {waiver['expires_on']}: no longer applies"]
    return [f"      第{waiver['number']}号豁免（{waiver['reason']}）已于{waiver['expires_on']}到期，不再适用"]


def _gap_tag(finding: Finding, lang: str) -> str:
    """Missing data (资料缺失) is told apart from a breach."""
    if finding.gap != "missing_data":
        return ""
    tag = words(lang)["tag_missing_data"]
    return f"[{tag}] " if lang == "en" else f"【{tag}】"


def _overdue_tag(finding: Finding, lang: str) -> str:
    """With a baseline: the gap's item on last year's notice is past its deadline (挂牌督办 for a major hazard)."""
    if not finding.overdue:
        return ""
    tag = words(lang)["tag_escalated" if finding.overdue == "escalated" else "tag_overdue"]
    return f"[{tag}] " if lang == "en" else f"【{tag}】"


def _history_tag(finding: Finding, lang: str) -> str:
    """With a baseline: a persisting gap is flagged 屡查屡犯 with its raised severity; a new one is marked new."""
    if finding.history == "persisting" and not finding.severity_before:
        return "[persisting since the last report] " if lang == "en" else "【屡查屡犯：上次报告已有】"
    if finding.history == "persisting":
        if lang == "en":
            return f"[persisting since the last report, severity {finding.severity_before}→{finding.severity}] "
        before, now = term("severity", finding.severity_before, lang), term("severity", finding.severity, lang)
        return f"【屡查屡犯：上次报告已有，严重程度由{before}升为{now}】"
    if finding.history == "new":
        return "[new] " if lang == "en" else "【新发现】"
    return ""


def _rule_block(findings: list[Finding], view: ReportView, lang: str, scored: bool = True) -> list[str]:
    labels = words(lang)
    first = findings[0]
    points = sum(f.points for f in findings)
    capped = first.max_points is not None and points > first.max_points
    deducted = f"-{first.max_points:g} {labels['deducted']}{labels['capped']}" if capped else f"-{points:g} {labels['deducted']}"
    severity = max((f.severity for f in findings), key=rank)
    lines = [f"  [{severity}] {first.rule_id} {first.text('title', lang)}" + (f"  ({deducted})" if scored else "")]
    failed = [f for f in findings if f.status == "fail" and f.item]
    if first.summary and len(failed) > 1:
        joiner = ", " if lang == "en" else "、"
        items = joiner.join(f.text("item", lang) for f in failed)
        lines.append(f"    {labels['overall']}{labels['sep']}{first.text('summary', lang).format(items=items)}")
    for finding in findings:
        lines.append(f"    - {_gap_tag(finding, lang)}{_history_tag(finding, lang)}{_overdue_tag(finding, lang)}"
                     f"{finding.text('message', lang)}")
        evidence, where = finding.evidence, view.where(finding.where, lang)
        fact_type = str(evidence.get("fact_type", ""))
        values = ", ".join(f"{view.field_label(fact_type, k, lang)}={_value(v, lang)}"
                           for k, v in evidence.get("values", {}).items() if v is not None)
        lines.append(f"      {labels['evidence']}{labels['sep']}{where}" + (f"  ({values})" if values else ""))
        lines.extend(_expired_waiver(finding, lang))
    for cite in first.cites:
        flag = "" if cite.verified else labels["unverified"]
        lines.append(f"    {labels['basis']}{labels['sep']}{cite.title(lang)} {cite.article}{flag}：“{cite.text}”")
    if first.penalty is not None:
        penalty = first.penalty
        flag = "" if penalty.verified else labels["unverified"]
        lines.append(f"    {labels['penalty']}{labels['sep']}{penalty.title(lang)} {penalty.article}{flag}：“{penalty.text}”")
    lines.append(f"    {labels['fix']}{labels['sep']}{first.text('remediation', lang)}")
    due = deadline_text(findings, lang)
    if due:
        lines.append(f"    {labels['by']}{labels['sep']}{due}")
    return lines


def _ranking(stats: RunStats, lang: str) -> list[str]:
    labels = words(lang)
    lines = []
    for kind, units in stats.rankings():
        plural = kind.plural_text(lang)
        lines.append(labels["ranking_of"].format(kinds=plural[:1].upper() + plural[1:]))
        for place, unit in zip(places(units), units, strict=True):
            grade = ranked_grade(unit, lang)
            lines.append(f"  {place:>3}. {unit.ranked_score:>6g}  {unit.name} ({unit.id})  "
                         + (f"{labels['grade']} {grade}  " if grade else "") + f"{labels['gaps']} {unit.counts['failed']}")
    lowest = stats.lowest()
    if lowest:
        average = stats.enterprise_score_total / stats.enterprises
        lines.append(labels["lowest_line"].format(count=stats.enterprises, average=f"{average:.1f}", shown=len(lowest)))
        for unit in lowest:
            lines.append(f"       {unit.ranked_score:>6g}  {unit.name} ({unit.id})  {labels['gaps']} {unit.counts['failed']}")
    return lines + [""]


@register("text")
class TextFormatter(Formatter):
    """Readable report, Chinese by default."""

    def begin(self, info: AuditInfo) -> str:
        """Title, audit year and date, rulesets."""
        self.view = info.view
        labels = words(self.lang)
        return (f"{labels['title']} — {info.jurisdiction}\n"
                f"{labels['year']} {info.year} · {labels['as_of']} {info.as_of} · "
                + ", ".join(f"{r['id']} {r['version']}" for r in info.rulesets) + "\n\n")

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """The unit's score, gaps and own input problems."""
        return "\n".join(_unit_block(unit, self.view, self.lang, list(problems))) + "\n\n"

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Ranking, all input problems, summary."""
        labels = words(self.lang)
        lines = _ranking(stats, self.lang) + city_summary_lines(stats, self.lang) + baseline_lines(stats, self.lang)
        if input_errors:
            lines.append(f"{labels['input']} ({len(input_errors)})")
            lines.extend(f"  {error.text(self.lang)}" for error in input_errors)
            lines.append("")
        summary = stats.summary()
        lines.append(f"{labels['summary']}{labels['sep']}{labels['units_word']} {summary['units']} · {labels['checked']} "
                     f"{summary['checked']} · {labels['passed']} {summary['passed']} · {labels['gaps']} "
                     f"{summary['failed']} · {labels['na']} {summary['not_applicable']} · {labels['errors']} "
                     f"{summary['errors']}" + (f" · {labels['waived']} {summary['waived']}" if summary["waived"] else "")
                     + (f" · {labels['pending']} {summary['pending']}" if summary["pending"] else ""))
        return "\n".join(lines) + "\n"
