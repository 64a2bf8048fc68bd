"""The end of the text report: the city summary and, with a baseline, what changed since the last report."""
from __future__ import annotations

from functools import cache
from typing import Any

from compliance.records.catalog import CatalogIndex, merged_catalog
from compliance.report.stats import RunStats

_TOP = 10
_L: dict[str, dict[str, Any]] = {
    "zh": {"city": "全市汇总", "units": "检查单位", "kinds": {"department": "部门", "district": "区", "enterprise": "企业",
                                                            "city": "市"},
           "rules": "问题最多的规则", "departments": "按部门（本部门问题 / 监管企业数 / 监管企业问题）",
           "districts": "按区（本区问题 / 辖区企业数 / 辖区企业问题）", "industries": "企业问题按行业",
           "categories": "最常见的隐患类别（发现该类隐患的企业数）", "baseline": "与上次报告相比",
           "base_line": "上次报告：{file}（{year}年度，基准日{as_of}）",
           "counts": "新发现 {new} · 屡查屡犯 {persisting}（严重程度已上调一级） · 已整改 {resolved}"
                     " · 本次未检查的单位中 {not_rechecked}",
           "resolved": "已整改（上次报告的问题本次未再发现）", "more": "……另有 {count} 项", "sep": "："},
    "en": {"city": "City summary", "units": "units checked", "kinds": {"department": "departments",
                                                                      "district": "districts",
                                                                      "enterprise": "enterprises", "city": "city"},
           "rules": "rules with the most gaps", "departments": "by department (own gaps / enterprises / their gaps)",
           "districts": "by district (own gaps / enterprises / their gaps)", "industries": "enterprise gaps by industry",
           "categories": "most frequent hazard categories (enterprises)", "baseline": "Compared with the last report",
           "base_line": "last report: {file} (audit year {year}, as of {as_of})",
           "counts": "new {new} · persisting {persisting} (severity raised one level) · resolved {resolved}"
                     " · in units not checked this time {not_rechecked}",
           "resolved": "resolved (gaps of the last report not found this time)", "more": "... and {count} more",
           "sep": ": "},
}


@cache
def _catalog() -> CatalogIndex:
    return merged_catalog()


def city_summary_lines(stats: RunStats, lang: str) -> list[str]:
    """Units by kind, gaps by rule, department, district and industry, frequent hazard categories."""
    labels = _L[lang]
    summary = stats.city_summary.as_dict()
    kinds = " · ".join(f"{labels['kinds'].get(kind, kind)} {count}" for kind, count in summary["units"].items())
    lines = [labels["city"], f"  {labels['units']}{labels['sep']}{kinds}"]
    rules = list(summary["gaps_by_rule"].items())[:_TOP]
    if rules:
        lines.append(f"  {labels['rules']}{labels['sep']}" + ", ".join(f"{rule} {count}" for rule, count in rules))
    for label, rows in (("departments", summary["gaps_by_department"]), ("districts", summary["gaps_by_district"])):
        if rows:
            lines.append(f"  {labels[label]}")
            lines.extend(f"    {row['name']} ({row['id']})  {row['own_gaps']} / {row['enterprises']} / "
                         f"{row['enterprise_gaps']}" for row in rows)
    industries = list(summary["gaps_by_industry"].items())[:_TOP]
    if industries:
        lines.append(f"  {labels['industries']}{labels['sep']}" + ", ".join(
            f"{_catalog().industry_name(code, lang)} {count}" for code, count in industries))
    if summary["top_hazard_categories"]:
        lines.append(f"  {labels['categories']}{labels['sep']}" + ", ".join(
            f"{row['category']} {row['enterprises']}" for row in summary["top_hazard_categories"]))
    return lines + [""]


def baseline_lines(stats: RunStats, lang: str) -> list[str]:
    """New, persisting and resolved gaps against the last report."""
    if stats.tally is None:
        return []
    labels = _L[lang]
    tally = stats.tally.as_dict()
    lines = [labels["baseline"], "  " + labels["base_line"].format(**tally),
             "  " + labels["counts"].format(new=tally["new"], persisting=tally["persisting"],
                                            resolved=tally["resolved_count"], not_rechecked=tally["not_rechecked"])]
    if tally["resolved"]:
        lines.append(f"  {labels['resolved']}")
        lines.extend(f"    {gap['unit_name']} ({gap['unit']})  {gap['rule_id']} {gap['title']}"
                     + (f"  {gap['item']}" if gap["item"] else "") for gap in tally["resolved"])
        if tally["resolved_count"] > len(tally["resolved"]):
            lines.append("    " + labels["more"].format(count=tally["resolved_count"] - len(tally["resolved"])))
    return lines + [""]
