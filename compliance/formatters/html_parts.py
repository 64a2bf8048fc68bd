"""The HTML report's summary (counts, ranking with its chart, city summary, baseline) and its input problems."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compliance.core.problems import InputError
from compliance.formatters.html_chart import score_chart
from compliance.formatters.html_style import anchor, esc, num
from compliance.formatters.sheet_text import ranked_grade
from compliance.report.labels import term, words
from compliance.report.stats import RunStats, UnitSummary, places
from compliance.report.view import ReportView

_TOP = 10  # rules and industries listed in the city summary, as in the text report
_METER_MM = 30


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int] = frozenset()) -> str:
    """A table of already-escaped cells; columns in `numeric` are right-aligned."""
    def cells(tag: str, row: Sequence[str]) -> str:
        return "".join(f'<{tag} class="n">{c}</{tag}>' if i in numeric else f"<{tag}>{c}</{tag}>"
                       for i, c in enumerate(row))
    return (f"<table><thead><tr>{cells('th', [esc(h) for h in head])}</tr></thead><tbody>"
            + "".join(f"<tr>{cells('td', row)}</tr>" for row in rows) + "</tbody></table>\n")


def _meter(count: int, largest: int) -> str:
    """A count with a bar as long as its share of the largest count."""
    width = _METER_MM * count / largest if largest else 0
    return f'<span class="metered"><span class="meter" style="width:{width:.1f}mm"></span>{count}</span>'


def _link(name: str, unit_id: str) -> str:
    return f'<a href="#{esc(anchor(unit_id))}">{esc(name)}</a>'


def _cards(stats: RunStats, lang: str) -> str:
    text = words(lang)
    summary = stats.summary()
    cards = [("units", "units", summary["units"]), ("checked", "checked", summary["checked"]),
             ("passed", "passed", summary["passed"]), ("gaps", "gaps", summary["failed"]),
             ("pending", "pending", summary["pending"]), ("na", "na", summary["not_applicable"]), ("waived", "waived_state", summary["waived"]),
             ("errors", "errors", summary["errors"]),
             ("input", "input_card", summary["input_errors"] + summary["input_warnings"])]
    shown = [(key, text[label], num(value)) for key, label, value in cards]
    if stats.city is not None:
        shown.append(("city", text["coordination"], num(stats.city.counts["failed"])))
    if stats.enterprises:
        shown.append(("average", text["average"], f"{stats.enterprise_score_total / stats.enterprises:.1f}"))
    return '<div class="cards">' + "".join(f'<div class="card {key}"><span class="n">{esc(value)}</span>'
                                           f'<span class="l">{esc(label)}</span></div>'
                                           for key, label, value in shown) + "</div>\n"


def _ranking_rows(units: Sequence[UnitSummary], view: ReportView, lang: str, placed: bool) -> list[list[str]]:
    graded = any(u.grade for u in units)
    return [([str(place)] if placed else []) + [_link(u.name, u.id), esc(u.id), esc(view.kind_label(u.kind, lang)),
                                                num(u.ranked_score)]
            + ([esc(ranked_grade(u, lang))] if graded else []) + [str(u.counts["failed"])]
            for place, u in zip(places(list(units)), units, strict=True)]


def _ranking_head(units: Sequence[UnitSummary], text: dict[str, Any]) -> list[str]:
    head = [text["unit"], text["id"], text["kind"], text["score"]]
    return head + ([text["grade"]] if any(u.grade for u in units) else []) + [text["gaps"]]


def _ranking(stats: RunStats, lang: str) -> str:
    """Each ranked kind (departments, then districts) by score, chart and table; then the lowest-scoring
    enterprises."""
    text, view = words(lang), stats.view
    parts = []
    for kind, units in stats.rankings():
        plural = kind.plural_text(lang)
        heading = text["ranking_of"].format(kinds=plural[:1].upper() + plural[1:])
        head = [text["place"], *_ranking_head(units, text)]
        parts += [f"<h3>{esc(heading)}</h3>\n", score_chart(units, text["chart"]),
                  _table(head, _ranking_rows(units, view, lang, True), frozenset({0, 4, len(head) - 1}))]
    lowest = stats.lowest()
    if lowest:
        head = _ranking_head(lowest, text)
        parts += [f"<h3>{esc(text['lowest'].format(count=stats.enterprises, shown=len(lowest)))}</h3>\n",
                  score_chart(lowest, text["chart"]), _table(head, _ranking_rows(lowest, view, lang, False),
                                                             frozenset({3, len(head) - 1}))]
    return "".join(parts)


def _place_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    return [[_link(row["name"], row["id"]), esc(row["id"]), str(row["own_gaps"]), str(row["enterprises"]),
             str(row["enterprise_gaps"])] for row in rows]


def _city(stats: RunStats, lang: str, titles: dict[str, str]) -> str:
    """Units by kind, gaps by rule, department, district and industry, frequent hazard categories."""
    text, view = words(lang), stats.view
    summary = stats.city_summary.as_dict()
    kinds = " · ".join(f"{view.kind_label(kind, lang)} {count}" for kind, count in summary["units"].items())
    parts = [f"<h2>{esc(text['city'])}</h2>\n<p>{esc(text['units'])}{esc(text['sep'])}{esc(kinds)}</p>\n"]
    rules = list(summary["gaps_by_rule"].items())[:_TOP]
    if rules:
        top = rules[0][1]
        parts += [f"<h3>{esc(text['top_rules'])}</h3>\n", _table(
            [text["rule"], text["rule_title"], text["gaps"]],
            [[f'<span class="rid">{esc(r)}</span>', esc(titles.get(r, "")), _meter(c, top)] for r, c in rules])]
    place_head = [text["unit"], text["id"], text["own_gaps"], text["enterprises"], text["enterprise_gaps"]]
    for kind in view.ranked("table"):
        rows = summary[f"gaps_by_{kind.name}"]
        if rows:
            parts += [f"<h3>{esc(text['by_kind'].format(kind=kind.text(lang)))}</h3>\n",
                      _table(place_head, _place_rows(rows), frozenset({2, 3, 4}))]
    industries = list(summary["gaps_by_industry"].items())[:_TOP]
    if industries:
        top = industries[0][1]
        parts += [f"<h3>{esc(text['industries'])}</h3>\n", _table(
            [text["industry"], text["gaps"]],
            [[esc(view.industry(code, lang)), _meter(count, top)] for code, count in industries])]
    categories = summary["top_hazard_categories"]
    if categories:
        top = categories[0]["enterprises"]
        parts += [f"<h3>{esc(text['categories'])}</h3>\n", _table(
            [text["category"], text["enterprises"]],
            [[esc(row["category"]), _meter(row["enterprises"], top)] for row in categories])]
    return "".join(parts)


def _baseline(stats: RunStats, lang: str) -> str:
    """New, persisting and resolved gaps against the last report, and the resolved ones."""
    if stats.tally is None:
        return ""
    text = words(lang)
    tally = stats.tally.as_dict()
    counts = [("new", text["new"], tally["new"]),
              ("persisting", text["persisting_card"], tally["persisting"]),
              ("resolved", text["resolved"], tally["resolved_count"]),
              ("past", text["past"], tally["past"]),
              ("not-rechecked", text["not_rechecked"], tally["not_rechecked"])]
    parts = [f"<h2>{esc(text['baseline'])}</h2>\n<p class=\"meta\">{esc(text['base_line'].format(**tally))}</p>\n",
             '<div class="cards">' + "".join(f'<div class="card {key}"><span class="n">{count}</span>'
                                             f'<span class="l">{esc(label)}</span></div>'
                                             for key, label, count in counts) + "</div>\n"]
    if tally["resolved"]:
        rows = [[f"{_link(gap['unit_name'], gap['unit'])} ({esc(gap['unit'])})",
                 f'<span class="rid">{esc(gap["rule_id"])}</span>', esc(gap["title"]), esc(gap["item"])]
                for gap in tally["resolved"]]
        parts += [f"<h3>{esc(text['resolved_list'])}</h3>\n",
                  _table([text["unit"], text["rule"], text["rule_title"], text["item"]], rows)]
        if tally["resolved_count"] > len(tally["resolved"]):
            parts.append(f"<p>{esc(text['more'].format(count=tally['resolved_count'] - len(tally['resolved'])))}</p>\n")
    return "".join(parts) + _notices(tally.get("notices"), text)


def _notices(notices: dict[str, Any] | None, text: dict[str, Any]) -> str:
    """What became of the last report's notice items (销号, overdue, 挂牌督办), and the overdue ones."""
    if not notices:
        return ""
    parts = [f"<p class=\"meta\">{esc(text['notices_line'].format(**notices))}</p>\n"]
    if notices["items"]:
        rows = [[esc(text["notice_state_escalated" if item["state"] == "escalated" else "notice_state"]),
                 f"{_link(item['unit_name'], item['unit'])} ({esc(item['unit'])})", esc(item["id"]),
                 esc(item["title"]), esc(item["item"]), esc(item["deadline"])] for item in notices["items"]]
        parts += [f"<h3>{esc(text['notices_listed'])}</h3>\n",
                  _table([text["notice_state_head"], text["unit"], text["id"], text["rule_title"], text["item"],
                          text["by"]], rows)]
    return "".join(parts)


def overview(stats: RunStats, lang: str, titles: dict[str, str]) -> str:
    """The summary section: counts, ranking and chart, city summary, baseline (shown first through CSS order)."""
    text = words(lang)
    return (f'<section class="overview" id="summary">\n<h2>{esc(text["summary"])}</h2>\n{_cards(stats, lang)}'
            f"{_ranking(stats, lang)}{_city(stats, lang, titles)}{_baseline(stats, lang)}</section>\n")


def all_problems(errors: Sequence[InputError], lang: str) -> str:
    """Every input problem of the run, in a table at the end (nothing when there are none)."""
    if not errors:
        return ""
    text = words(lang)
    rows = [[esc(e.place()), esc(e.record), esc(e.field), f'<span class="problem {esc(e.severity)}">'
             f'{esc(term("problem", e.severity, lang))}</span>',
             esc(e.message_en if lang == "en" else e.message)] for e in errors]
    return (f'<section class="problems" id="input-problems">\n<h2>{esc(text["all_problems"])} ({len(errors)})</h2>\n'
            + _table([text["file"], text["record"], text["field"], text["severity"], text["message"]], rows)
            + "</section>\n")
