"""The end of the text report: the city summary and, with a baseline, what changed since the last report."""
from __future__ import annotations

from typing import Any

from compliance.report.labels import words
from compliance.report.stats import RunStats

_TOP = 10


def city_summary_lines(stats: RunStats, lang: str) -> list[str]:
    """Units by kind, gaps by rule, department, district and industry, frequent hazard categories."""
    labels, view = words(lang), stats.view
    summary = stats.city_summary.as_dict()
    kinds = " · ".join(f"{view.kind(kind).plural_text(lang)} {count}" for kind, count in summary["units"].items())
    lines = [labels["city"], f"  {labels['units_checked']}{labels['sep']}{kinds}"]
    rules = list(summary["gaps_by_rule"].items())[:_TOP]
    if rules:
        lines.append(f"  {labels['top_rules_line']}{labels['sep']}" + ", ".join(f"{rule} {count}" for rule, count in rules))
    for kind in view.ranked("table"):
        rows = summary[f"gaps_by_{kind.name}"]
        if rows:
            lines.append("  " + labels["by_kind_line"].format(kind=kind.text(lang), linked=kind.linked_text(lang)))
            lines.extend(f"    {row['name']} ({row['id']})  {row['own_gaps']} / {row['enterprises']} / "
                         f"{row['enterprise_gaps']}" for row in rows)
    industries = list(summary["gaps_by_industry"].items())[:_TOP]
    if industries:
        lines.append(f"  {labels['industries_line']}{labels['sep']}" + ", ".join(
            f"{view.industry(code, lang)} {count}" for code, count in industries))
    if summary["top_hazard_categories"]:
        lines.append(f"  {labels['categories_line']}{labels['sep']}" + ", ".join(
            f"{row['category']} {row['enterprises']}" for row in summary["top_hazard_categories"]))
    return lines + [""]


def baseline_lines(stats: RunStats, lang: str) -> list[str]:
    """New, persisting and resolved gaps against the last report."""
    if stats.tally is None:
        return []
    labels = words(lang)
    tally = stats.tally.as_dict()
    lines = [labels["baseline"], "  " + labels["base_line"].format(**tally),
             "  " + labels["baseline_counts"].format(new=tally["new"], persisting=tally["persisting"],
                                            resolved=tally["resolved_count"], past=tally["past"],
                                            not_rechecked=tally["not_rechecked"])]
    if tally["resolved"]:
        lines.append(f"  {labels['resolved_line']}")
        lines.extend(f"    {gap['unit_name']} ({gap['unit']})  {gap['rule_id']} {gap['title']}"
                     + (f"  {gap['item']}" if gap["item"] else "") for gap in tally["resolved"])
        if tally["resolved_count"] > len(tally["resolved"]):
            lines.append("    " + labels["more"].format(count=tally["resolved_count"] - len(tally["resolved"])))
    return lines + _notice_lines(tally.get("notices"), labels) + [""]


def _notice_lines(notices: dict[str, Any] | None, labels: dict[str, Any]) -> list[str]:
    """What became of the last report's notice items: closed (销号), overdue, escalated (挂牌督办), and which."""
    if not notices:
        return []
    lines = ["  " + labels["notices_line"].format(**notices)]
    if notices["items"]:
        lines.append(f"  {labels['notices_listed']}")
        lines.extend(f"    [{labels['notice_state_escalated' if item['state'] == 'escalated' else 'notice_state']}] "
                     f"{item['unit_name']} ({item['unit']})  {item['id']}  {item['title']}"
                     + (f"  {item['item']}" if item["item"] else "") + f"  ({item['deadline']})"
                     for item in notices["items"])
    return lines
