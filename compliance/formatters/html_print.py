"""The HTML report as a printed, signed document: its cover with the contents, the appendix on how far the sources
quoted are verified, and the sign-off block that ends it.

The cover is written first, but the contents can only be written by end(), once every unit is known; CSS `order`
puts them on the cover's page (see html_style.PRINT_CSS), which prints on its own, unnumbered.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from compliance.formatters.html_style import anchor, esc
from compliance.report.labels import term, words
from compliance.report.model import AuditInfo, Citation, ReportTeam, RuleDoc
from compliance.report.stats import RunStats

_SOURCE_COLUMNS = '<colgroup><col class="source"><col class="status"><col><col class="unchecked"></colgroup>'


def _list(names: Sequence[str], lang: str) -> str:
    return str(words(lang)["list_sep"]).join(names)


def _cover_rows(info: AuditInfo, lang: str) -> list[tuple[str, str]]:
    """What the cover states: the audit, its rule packs and scheme, who organised it and its team."""
    text = words(lang)
    rulesets = ", ".join(f"{r['id']} {r['version']}" for r in info.rulesets)
    if info.rules:
        rulesets += f" · {text['rule_count'].format(count=len(info.rules))}"
    rows = [(text["jurisdiction"], info.jurisdiction), (text["year"], str(info.year)), (text["as_of"], info.as_of),
            (text["rulesets"], rulesets)]
    if info.scheme:
        title = info.scheme["title_en" if lang == "en" else "title"] or info.scheme["title"]
        rows.append((text["scheme"], title + text["paren"].format(info.scheme["id"])))
    team = info.team
    rows += [(label, value) for label, value in ((text["organised_by"], team.organised_by),
                                                 (text["team_leader"], team.leader),
                                                 (text["team"], _list(team.members, lang))) if value]
    return rows


def cover(info: AuditInfo, lang: str) -> str:
    """The cover: the report's title, what was audited, with which rules and scheme, and by whom."""
    text = words(lang)
    subject = f"{info.jurisdiction} · {info.year}" + ("" if lang == "en" else "年度")
    basis = info.scheme.get("basis_en" if lang == "en" else "basis", "") if info.scheme else ""
    return (f'<header class="cover">\n<h1>{esc(text["title"])}</h1>\n<p class="subject">{esc(subject)}</p>\n<dl>'
            + "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in _cover_rows(info, lang))
            + "</dl>\n" + (f'<p class="basis">{esc(basis)}</p>\n' if basis else "") + "</header>\n")


def _link(label: str, target: str) -> str:
    return f'<a href="#{esc(target)}">{esc(label)}</a>'


def contents(stats: RunStats, lang: str, sections: Sequence[tuple[str, str]]) -> str:
    """The table of contents: the summary, the units by kind (each linked; a kind of more units than the
    statistics keep by its count alone), then the closing sections (title, anchor)."""
    text = words(lang)
    counts = stats.city_summary.units_by_kind
    items = [_link(text["summary"], "summary")]
    for kind in stats.view.kinds:
        if not counts.get(kind.name):
            continue
        plural = kind.plural_text(lang)
        head = (f'<span class="kind">{esc(plural[:1].upper() + plural[1:])}'
                f'{esc(text["paren"].format(counts[kind.name]))}</span>')
        units = stats.listed(kind.name)
        listed = "\u00a0· ".join(_link(unit.name, anchor(unit.id)) for unit in units) if units else ""
        items.append(head + (f'<span class="units">{listed}</span>' if listed else ""))
    items += [_link(title, target) for title, target in sections]
    return (f'<nav class="contents" id="contents">\n<h2>{esc(text["contents"])}</h2>\n<ol>'
            + "".join(f"<li>{item}</li>" for item in items) + "</ol>\n</nav>\n")


def cited(rules: Sequence[RuleDoc], rule_ids: set[str]) -> list[Citation]:
    """The quotes the report shows: the requirements and penalty of every rule with a gap, in rule order."""
    return [cite for rule in rules if rule.id in rule_ids
            for cite in (*rule.cites, *((rule.penalty,) if rule.penalty is not None else ()))]


def _status(quotes: Sequence[Citation]) -> str:
    verified = sum(cite.verified for cite in quotes)
    return "verified" if verified == len(quotes) else "unverified" if verified == 0 else "partial"


def sources(quotes: Sequence[Citation], lang: str) -> str:
    """The appendix: each source quoted, whether its quotes are verified against the full text, and those not."""
    if not quotes:
        return ""
    text = words(lang)
    by_source: dict[str, list[Citation]] = {}
    for cite in quotes:
        by_source.setdefault(cite.title(lang), []).append(cite)
    rows = []
    for title, group in by_source.items():
        status = _status(group)
        articles = _list(list(dict.fromkeys(cite.article for cite in group)), lang)
        unchecked = _list(list(dict.fromkeys(cite.article for cite in group if not cite.verified)), lang) or "—"
        rows.append(f'<tr><td>{esc(title)}</td><td class="status {status}">{esc(term("verification", status, lang))}'
                    f"</td><td>{esc(articles)}</td><td>{esc(unchecked)}</td></tr>")
    head = "".join(f"<th>{esc(text[key])}</th>" for key in ("source", "verification", "articles", "unchecked_quotes"))
    return (f'<section class="sources" id="sources">\n<h2>{esc(text["sources"])}</h2>\n'
            f'<p class="meta">{esc(text["sources_note"])}</p>\n'
            f'<table class="sources">{_SOURCE_COLUMNS}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            "</table>\n</section>\n")


def _date(iso: str, lang: str) -> str:
    """A signing date as it is written under a signature (2023年1月10日), or the blank to date by hand."""
    text = words(lang)
    if not iso:
        return str(text["date_blank"])
    day = dt.date.fromisoformat(iso)
    return str(text["date_long"].format(year=day.year, month=day.month, day=day.day, iso=iso))


def _line(label: str, name: str) -> str:
    return (f'<tr><th>{esc(label)}</th><td class="name">{esc(name)}</td>'
            f'<td class="blank"></td></tr>')


def signoff(team: ReportTeam, lang: str) -> str:
    """The block that ends the report: the team leader, each member and the approver, their names printed beside a
    line to sign, and the date (blank lines where audit.toml's [report] names no one)."""
    text = words(lang)
    rows = [_line(text["sign_leader"], team.leader)]
    rows += [_line(text["sign_member"] if number == 0 else "", member)
             for number, member in enumerate(team.members or ("",))]
    rows.append(_line(text["sign_approver"], team.approved_by))
    blank = "" if team.signed_on else " blank"
    rows.append(f'<tr class="date"><th>{esc(text["sign_date"])}</th><td class="name{blank}" colspan="2">'
                f"{esc(_date(team.signed_on, lang))}</td></tr>")
    organiser = f'<p class="organiser">{esc(team.organised_by)}</p>\n' if team.organised_by else ""
    return (f'<section class="sign" id="signoff">\n<h2>{esc(text["signoff"])}</h2>\n'
            f'<table class="signatures">{"".join(rows)}</table>\n{organiser}</section>\n')


def closing(quotes: Sequence[Citation], team: ReportTeam, lang: str) -> str:
    """The pages that end the report: the sources' verification and the sign-off, in one block (Chromium places
    a flex item that follows a forced page break a page too far: the sign-off would never share the appendix's)."""
    return f'<div class="closing">\n{sources(quotes, lang)}{signoff(team, lang)}</div>\n'
