"""Self-contained HTML audit report (inline CSS and SVG, printable on A4): one section per unit, then a summary.

Layout: units stream (begin / unit / end), so the summary, the ranking chart, the city summary and the contents
can only be written by end(), after the last unit. The document is a flex column (main.report) and CSS `order`
puts the cover, the contents and that summary first, on screen and in print (Chromium fragments flex columns
across pages); the DOM order stays the streaming order, so a reader without CSS finds the summary at the end. The
report closes with the sources' verification and the sign-off (html_print).
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from compliance.core.problems import InputError
from compliance.core.severity import rank
from compliance.formatters import Formatter, register
from compliance.formatters.html_parts import all_problems, overview
from compliance.formatters.html_print import cited, closing, contents, cover
from compliance.formatters.html_sheet import sheet_section
from compliance.formatters.html_style import CSS, PRINT_CSS, SHEET_CSS, anchor, esc, num
from compliance.formatters.notice_text import deadline_text
from compliance.report.labels import term, words
from compliance.report.model import AuditInfo, Citation, Finding, ReportTeam, RuleDoc, UnitReport
from compliance.report.stats import RunStats
from compliance.report.view import ReportView


def _head(info: AuditInfo, lang: str) -> str:
    text = words(lang)
    return (f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(text['title'])} — {esc(info.jurisdiction)} {esc(info.year)}</title>\n"
            f"<style>{CSS}{SHEET_CSS}{PRINT_CSS}</style>\n</head>\n<body>\n<main class=\"report\">\n"
            + cover(info, lang))


def _counts(unit: UnitReport, lang: str) -> str:
    text = words(lang)
    keys = [("fail", "gaps"), ("pass", "passed"), ("not_applicable", "na"), ("waived", "waived_state"), ("error", "errors")]
    if any(f.status == "pending" for f in unit.findings):
        keys.append(("pending", "pending"))
    return "".join(f"<span>{esc(text[label])} <b>{sum(f.count for f in unit.findings if f.status == status)}</b></span>"
                   for status, label in keys)


def _unit(unit: UnitReport, problems: Sequence[InputError], view: ReportView, lang: str) -> str:
    text = words(lang)
    kind = view.kind_label(unit.kind, lang)
    parts = [f'<section class="unit {esc(unit.kind)}" id="{esc(anchor(unit.id))}">\n<header><div><h2>{esc(unit.name)}'
             f'</h2><div class="meta">{esc(unit.id)} · {esc(kind)} · {esc(unit.file)}</div></div>'
             + (f'<div class="score">{esc(text["score"])} {num(unit.score)}</div>' if unit.score is not None else "")
             + '</header>\n'
             f'<p class="counts">{_counts(unit, lang)}</p>\n']
    if unit.sheet is not None:
        parts.append(sheet_section(unit, unit.sheet, lang))
    if problems:
        parts.append(f"<h3>{esc(text['unit_problems'])}</h3>\n<ul>"
                     + "".join(f'<li class="problem {esc(p.severity)}">{esc(p.detail(lang))}</li>' for p in problems)
                     + "</ul>\n")
    gaps = [f for f in unit.findings if f.status in ("fail", "error")]
    if not gaps:
        parts.append(f"<p>{esc(text['no_gaps'])}</p>\n")
    parts.extend(_rule(list(group), view, lang, unit.score is not None) for _, group in groupby(gaps, key=lambda f: f.rule_id))
    waived = [f for f in unit.findings if f.status == "waived"]
    if waived:
        parts.append(f"<h3>{esc(text['waived_gaps'])}</h3>\n")
        parts.extend(_waived(list(group), view, lang) for _, group in groupby(waived, key=lambda f: f.rule_id))
    pending = [f for f in unit.findings if f.status == "pending"]
    if pending:
        parts.append(f"<h3>{esc(text['pending_items'])}</h3>\n<ul class=\"items pending\">"
                     + "".join(f'<li><span class="rid">{esc(f.rule_id)}</span>{esc(f.text("title", lang))}'
                               f'{esc(text["sep"])}{esc(f.text("message", lang))}{_evidence(f, view, lang)}</li>'
                               for f in pending) + "</ul>\n")
    return "".join(parts) + "</section>\n"


def _deducted(findings: list[Finding], lang: str) -> str:
    text = words(lang)
    first = findings[0]
    points = sum(f.points for f in findings)
    if first.max_points is not None and points > first.max_points:
        return str(text["deduct"].format(points=num(first.max_points)) + text["capped_note"])
    return str(text["deduct"].format(points=num(points)))


def _rule(findings: list[Finding], view: ReportView, lang: str, scored: bool = True) -> str:
    """One rule's gaps in a unit: severity, rule, points, each item with evidence, requirement, penalty, remedy."""
    text = words(lang)
    first = findings[0]
    severity = max((f.severity for f in findings), key=rank)
    status = '<span class="badge error">' + esc(text["errors"]) + "</span> " if first.status == "error" else ""
    parts = [f'<article class="gap sev-{esc(severity)}">\n<h4>{status}<span class="badge sev-{esc(severity)}">'
             f'{esc(term("severity", severity, lang))}</span><span class="rid">{esc(first.rule_id)}</span>'
             f'{esc(first.text("title", lang))}'
             + (f'<span class="deduct">{esc(_deducted(findings, lang))}</span>' if scored else "") + '</h4>\n']
    failed = [f for f in findings if f.status == "fail" and f.item]
    if first.summary and len(failed) > 1:
        items = text["list_sep"].join(f.text("item", lang) for f in failed)
        parts.append(f'<p class="line"><b>{esc(text["overall"])}</b>{esc(text["sep"])}'
                     f'{esc(first.text("summary", lang).format(items=items))}</p>\n')
    parts.append('<ul class="items">' + "".join(f"<li>{_history(f, lang)}{esc(f.text('message', lang))}"
                                              f"{_evidence(f, view, lang)}{_expired(f, lang)}</li>" for f in findings)
                 + "</ul>\n")
    parts.extend(_cite(text["basis"], cite, lang) for cite in first.cites)
    if first.penalty is not None:
        parts.append(_cite(text["penalty"], first.penalty, lang))
    parts.append(f'<p class="line"><b>{esc(text["fix"])}</b>{esc(text["sep"])}{esc(first.text("remediation", lang))}')
    due = deadline_text(findings, lang)
    if due:
        parts.append(f' <b>{esc(text["by"])}</b>{esc(text["sep"])}{esc(due)}')
    return "".join(parts) + "</p>\n</article>\n"


def _waived(findings: list[Finding], view: ReportView, lang: str) -> str:
    """One rule's waived gaps in a unit, each with the waiver that covers it."""
    text = words(lang)
    first = findings[0]
    items = "".join(f"<li>{esc(f.text('message', lang))}{_evidence(f, view, lang)}{_waiver(f.evidence.get('waiver'), lang)}"
                    f"</li>" for f in findings)
    return (f'<article class="gap waived">\n<h4><span class="badge waived">{esc(text["waived_state"])}</span>'
            f'<span class="rid">{esc(first.rule_id)}</span>{esc(first.text("title", lang))}</h4>\n'
            f'<ul class="items">{items}</ul>\n</article>\n')


def _waiver(waiver: Any, lang: str, tag: str = "") -> str:
    if waiver is None:
        return ""
    text = words(lang)
    if isinstance(waiver, dict):
        shown = "".join(f'<span class="kv">{esc(term("waiver_field", k, lang))} {esc(v)}</span>'
                        for k, v in waiver.items())
    else:
        shown = f'<span class="kv">{esc(waiver)}</span>'
    return f'<div class="ev">{tag or esc(text["waiver"]) + esc(text["sep"])}{shown}</div>'


def _expired(finding: Finding, lang: str) -> str:
    waiver = finding.evidence.get("waiver_expired")
    return _waiver(waiver, lang, f'<span class="tag expired">{esc(words(lang)["waiver_expired"])}</span>')


def _history(finding: Finding, lang: str) -> str:
    """Missing data (资料缺失) told apart from a breach; with a baseline: 屡查屡犯 with the raised severity, or new."""
    text = words(lang)
    missing = f'<span class="tag missing">{esc(text["tag_missing_data"])}</span>' if finding.gap == "missing_data" else ""
    overdue = "" if not finding.overdue else \
        f'<span class="tag persisting">{esc(text["tag_escalated" if finding.overdue == "escalated" else "tag_overdue"])}</span>'
    return missing + _baseline(finding, lang) + overdue


def _baseline(finding: Finding, lang: str) -> str:
    text = words(lang)
    if finding.history == "persisting":
        tag = text["tag_persisting"].format(before=term("severity", finding.severity_before, lang),
                                            now=term("severity", finding.severity, lang))
        return f'<span class="tag persisting">{esc(tag)}</span>'
    if finding.history == "new":
        return f'<span class="tag new">{esc(text["tag_new"])}</span>'
    return ""


def _value(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return str(words(lang)["yes" if value else "no"])
    return str(value)


def _evidence(finding: Finding, view: ReportView, lang: str) -> str:
    """Where the gap was found (file, line, field) and the values it was judged on."""
    text = words(lang)
    evidence = finding.evidence
    where = view.where(finding.where, lang)
    fact_type = str(evidence.get("fact_type", ""))
    shown = [(view.field_label(fact_type, k, lang), _value(v, lang))
             for k, v in (evidence.get("values") or {}).items() if v is not None]
    shown += [(text[k], evidence[k]) for k in ("expected", "actual") if isinstance(evidence.get(k), str)]
    if not where and not shown:
        return ""
    return (f'<div class="ev">{esc(text["evidence"])}{esc(text["sep"])}<span class="where">{esc(where)}</span>'
            + "".join(f'<span class="kv">{esc(k)} = {esc(v)}</span>' for k, v in shown) + "</div>")


def _cite(label: str, cite: Citation, lang: str) -> str:
    """A quoted requirement (or penalty) with its source and article (how far it is verified: the appendix)."""
    return (f'<blockquote><p><b>{esc(label)}</b>{esc(words(lang)["sep"])}“{esc(cite.text)}”</p>'
            f'<p class="src">— {esc(cite.title(lang))} {esc(cite.article)}</p></blockquote>\n')


@register("html")
class HtmlFormatter(Formatter):
    """One self-contained HTML file for people: print it on A4 or open it in a browser."""

    separator = ""

    def __init__(self, lang: str = "zh") -> None:
        super().__init__(lang)
        self.titles: dict[str, str] = {}
        self.rules: tuple[RuleDoc, ...] = ()
        self.team = ReportTeam()

    def begin(self, info: AuditInfo) -> str:
        """The document head, stylesheet and cover (what was audited, with which rules and scheme, by whom)."""
        self.view = info.view
        self.rules, self.team = info.rules, info.team
        self.titles = {rule.id: rule.text("title", self.lang) for rule in info.rules}
        return _head(info, self.lang)

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """The unit's section: score, counts, gaps by rule, waived gaps, its own input problems."""
        return _unit(unit, problems, self.view, self.lang)

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """The summary, ranking chart, city summary and baseline and the contents (shown first by CSS), then all
        input problems, the sources' verification and the sign-off."""
        text = words(self.lang)
        quotes = cited(self.rules, set(stats.city_summary.gaps_by_rule))
        last = ([(f"{text['all_problems']} ({len(input_errors)})", "input-problems")] if input_errors else [])
        last += [(text["sources"], "sources")] if quotes else []
        last.append((text["signoff"], "signoff"))
        return (overview(stats, self.lang, self.titles) + contents(stats, self.lang, last)
                + all_problems(input_errors, self.lang) + closing(quotes, self.team, self.lang)
                + "</main>\n</body>\n</html>\n")
