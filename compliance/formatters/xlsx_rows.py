"""The workbook's rows: a gap, an input problem, and the summary sheet's tables, in either language."""
from __future__ import annotations

from typing import Any

from compliance.core.problems import InputError
from compliance.formatters.notice_text import deadline_text
from compliance.formatters.sheet_text import ranked_grade
from compliance.report.labels import term, words
from compliance.report.model import AuditInfo, Citation, Finding, UnitReport
from compliance.report.stats import RunStats, UnitSummary
from compliance.report.view import ReportView

Row = tuple[bool, list[Any]]  # (bold, values)
Column = tuple[str, str, str, int, bool]  # key, Chinese header, English header, width, wrapped
FINDING_COLUMNS: tuple[Column, ...] = (
    ("unit_id", "单位编号", "Unit ID", 14, False), ("unit_name", "单位名称", "Unit name", 24, False),
    ("kind", "类别", "Kind", 8, False), ("rule_id", "规则编号", "Rule ID", 14, False),
    ("title", "检查事项", "Title", 36, True), ("severity", "严重程度", "Severity", 10, False),
    ("status", "状态", "Status", 8, False), ("item", "检查对象", "Item", 20, True),
    ("message", "问题描述", "Message", 50, True), ("points", "扣分", "Points", 7, False),
    ("file", "文件", "File", 26, False), ("line", "行", "Line", 7, False), ("field", "字段", "Field", 28, False),
    ("values", "证据值", "Values", 36, True), ("cites", "依据", "Requirement", 60, True),
    ("penalty", "罚则", "Penalty", 40, True), ("remediation", "整改要求", "Remediation", 40, True),
    ("deadline", "整改期限", "Deadline", 16, False), ("history", "与上次比较", "History", 12, False),
    ("severity_before", "原严重程度", "Severity before", 12, False), ("waiver", "豁免说明", "Waiver", 40, True),
    ("gap", "问题性质", "Gap", 10, False),
)
INPUT_COLUMNS: tuple[Column, ...] = (
    ("file", "文件", "File", 30, False), ("record", "记录", "Record", 20, False), ("field", "字段", "Field", 30, False),
    ("line", "行", "Line", 7, False), ("severity", "严重程度", "Severity", 10, False),
    ("message", "问题", "Message", 80, True),
)


def _cite_text(cite: Citation, labels: dict[str, Any], lang: str) -> str:
    flag = "" if cite.verified else labels["unverified"]
    return f"{cite.title(lang)} {cite.article}{flag}：“{cite.text}”"


def _values_text(evidence: dict[str, Any], view: ReportView, labels: dict[str, Any], lang: str) -> str:
    """The evidence values as `label=value, ...`."""
    fact_type = str(evidence.get("fact_type", ""))
    parts = []
    for name, value in evidence.get("values", {}).items():
        if value is None:
            continue
        shown = labels["yes" if value else "no"] if isinstance(value, bool) else str(value)
        parts.append(f"{view.field_label(fact_type, name, lang)}={shown}")
    return ", ".join(parts)


def _waiver_text(evidence: dict[str, Any], labels: dict[str, Any]) -> str:
    """A waived gap's waiver, or the expired waiver that no longer covers a gap."""
    for key, template in (("waiver", "waiver_line"), ("waiver_expired", "waiver_expired_line")):
        waiver = evidence.get(key)
        if isinstance(waiver, dict):
            return str(labels[template].format_map({name: waiver.get(name, "") for name in
                                                    ("number", "reason", "approved_by", "approved_on", "expires_on")}))
    return ""


def finding_row(unit: UnitReport, finding: Finding, view: ReportView, lang: str) -> list[Any]:
    """One finding as a row of the findings sheet."""
    labels = words(lang)
    evidence, where = finding.evidence, finding.where
    return [unit.id, unit.name, view.kind_label(unit.kind, lang), finding.rule_id,
            finding.text("title", lang), term("severity", finding.severity, lang),
            term("status", finding.status, lang), finding.text("item", lang),
            finding.text("message", lang), finding.points, where.place() or None, where.line,
            where.field or None, _values_text(evidence, view, labels, lang),
            "\n".join(_cite_text(cite, labels, lang) for cite in finding.cites),
            _cite_text(finding.penalty, labels, lang) if finding.penalty is not None else None,
            finding.text("remediation", lang), deadline_text([finding], lang) or None,
            term("history", finding.history, lang),
            term("severity", finding.severity_before, lang), _waiver_text(evidence, labels),
            labels["tag_missing_data"] if finding.gap == "missing_data" else None]


def input_row(error: InputError, lang: str) -> list[Any]:
    """One input problem as a row of the input errors sheet."""
    return [error.place(), error.record, error.field, error.line or None, term("problem", error.severity, lang),
            error.message_en if lang == "en" else error.message]


def _audit_rows(info: AuditInfo, labels: dict[str, Any]) -> list[Row]:
    rulesets = ", ".join(f"{r['id']} {r['version']}" for r in info.rulesets)
    values = (info.jurisdiction, info.year, info.as_of, rulesets)
    return [(True, [labels["title"]]), *((False, [key, value]) for key, value in zip(labels["audit_head"], values,
                                                                                     strict=True)), (False, [])]


def _count_rows(stats: RunStats, labels: dict[str, Any], lang: str) -> list[Row]:
    rows: list[Row] = [(True, [labels["results"]])]
    rows += [(False, [term("count", key, lang), value]) for key, value in stats.summary().items()]
    if stats.city is not None:
        rows.append((False, [labels["coordination"], stats.city.counts["failed"]]))
    return rows + [(False, [])]


def _unit_table(units: list[UnitSummary], view: ReportView, labels: dict[str, Any], lang: str) -> list[Row]:
    head = list(labels["unit_head"])
    if any(u.grade for u in units):  # with sheets: the grade after the score, a veto marked
        head.insert(4, labels["grade"])
        return [(True, head)] + [(False, [u.id, u.name, view.kind_label(u.kind, lang), u.ranked_score,
                                          ranked_grade(u, lang), u.counts["failed"]]) for u in units] + [(False, [])]
    return [(True, head)] + [(False, [u.id, u.name, view.kind_label(u.kind, lang), u.ranked_score,
                                      u.counts["failed"]]) for u in units] + [(False, [])]


def _ranking_rows(stats: RunStats, labels: dict[str, Any], lang: str) -> list[Row]:
    view, rows = stats.view, []
    for kind, units in stats.rankings():
        rows.append((True, [labels["ranking_table"].format(kinds=kind.plural_text(lang))]))
        rows += _unit_table(units, view, labels, lang)
    lowest = stats.lowest()
    if lowest:
        average = f"{stats.enterprise_score_total / stats.enterprises:.1f}"
        rows.append((True, [labels["lowest_average"].format(count=stats.enterprises, average=average)]))
        rows += _unit_table(lowest, view, labels, lang)
    return rows


def _table(heading: tuple[str, tuple[str, ...]], body: list[list[Any]]) -> list[Row]:
    if not body:
        return []
    return [(True, [heading[0]]), (True, list(heading[1])), *((False, row) for row in body), (False, [])]


def _kind_table(labels: dict[str, Any], kind_label: str, linked: str) -> tuple[str, tuple[str, ...]]:
    """The heading and columns of one ranked kind's table ("按部门", "本部门问题", "监管企业数", …)."""
    title, columns = labels["by_kind_table"]
    return title.format(kind=kind_label), tuple(column.format(kind=kind_label, linked=linked) for column in columns)


def _city_rows(stats: RunStats, info: AuditInfo, lang: str, labels: dict[str, Any]) -> list[Row]:
    summary, view = stats.city_summary.as_dict(), stats.view
    titles = {rule.id: rule.text("title", lang) for rule in info.rules}
    rows = _table(labels["units_table"], [[view.kind_label(kind, lang), count]
                                          for kind, count in summary["units"].items()])
    rows += _table(labels["rules_table"], [[rule, titles.get(rule, ""), n] for rule, n in summary["gaps_by_rule"].items()])
    for kind in view.ranked("table"):
        rows += _table(_kind_table(labels, kind.text(lang), kind.linked_text(lang)),
                       [[row["id"], row["name"], row["own_gaps"], row["enterprises"], row["enterprise_gaps"]]
                        for row in summary[f"gaps_by_{kind.name}"]])
    rows += _table(labels["industries_table"], [[code, view.industry(code, lang), n]
                                                for code, n in summary["gaps_by_industry"].items()])
    return rows + _table(labels["categories_table"], [[row["category"], row["enterprises"]]
                                                      for row in summary["top_hazard_categories"]])


def _baseline_rows(stats: RunStats, labels: dict[str, Any]) -> list[Row]:
    if stats.tally is None:
        return []
    tally = stats.tally.as_dict()
    values = (tally["file"], tally["year"], tally["as_of"], tally["new"], tally["persisting"],
              tally["resolved_count"], tally["past"], tally["not_rechecked"])
    rows: list[Row] = [(True, [labels["baseline"]])]
    rows += [(False, [key, value]) for key, value in zip(labels["baseline_keys"], values, strict=True)] + [(False, [])]
    resolved = [[gap["unit"], gap["unit_name"], gap["rule_id"], gap["title"], gap["item"]] for gap in tally["resolved"]]
    return rows + _table(labels["resolved_table"], resolved)


def summary_rows(info: AuditInfo, stats: RunStats, lang: str) -> list[Row]:
    """The summary sheet: audit header, counts, ranking, city summary tables and the baseline comparison."""
    labels = words(lang)
    return (_audit_rows(info, labels) + _count_rows(stats, labels, lang) + _ranking_rows(stats, labels, lang)
            + _city_rows(stats, info, lang, labels) + _baseline_rows(stats, labels))
