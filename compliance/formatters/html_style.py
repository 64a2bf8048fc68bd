"""Shared pieces of the HTML report: escaping, labels in both languages and the inline print stylesheet."""
from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

_CJK_FONTS = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
              '"WenQuanYi Micro Hei", sans-serif')


def esc(value: object) -> str:
    """Any value as HTML text, safe in element content and in quoted attributes (also inside inline SVG)."""
    return html.escape(str(value), quote=True)


def anchor(unit_id: str) -> str:
    """The fragment naming a unit's section (ids may hold any character)."""
    return "unit-" + quote(unit_id, safe="")


def num(value: float) -> str:
    """A score or count as the text report prints it (88, 96.5)."""
    return f"{value:g}"


L: dict[str, dict[str, Any]] = {
    "zh": {
        "title": "安全生产责任落实合规检查报告", "jurisdiction": "检查对象", "year": "检查年度", "as_of": "基准日",
        "rulesets": "规则集", "rule_count": "规则 {count} 条", "summary": "汇总", "units": "检查单位", "checked": "检查项",
        "passed": "符合", "gaps": "问题", "na": "不适用", "waived": "已豁免", "errors": "错误", "input": "输入问题",
        "city_score": "全市得分", "average": "企业平均得分", "ranking": "部门和区得分排名",
        "lowest": "得分最低的企业（共 {count} 家，列出 {shown} 家）", "place": "名次", "unit": "单位", "id": "编号",
        "kind": "类型", "score": "得分", "chart": "得分（满分 100）", "city": "全市汇总", "top_rules": "问题最多的规则",
        "rule": "规则", "rule_title": "名称", "by_department": "按部门", "by_district": "按区", "own_gaps": "本单位问题",
        "enterprises": "企业数", "enterprise_gaps": "企业问题", "industries": "企业问题按行业", "industry": "行业",
        "categories": "最常见的隐患类别", "category": "隐患类别", "baseline": "与上次报告相比",
        "base_line": "上次报告：{file}（{year}年度，基准日{as_of}）", "new": "新发现", "persisting": "屡查屡犯",
        "persisting_card": "屡查屡犯（严重程度已上调一级）", "resolved": "已整改", "not_rechecked": "本次未检查的单位中",
        "resolved_list": "已整改（上次报告的问题本次未再发现）", "item": "事项", "more": "……另有 {count} 项",
        "all_problems": "全部输入问题", "file": "文件", "record": "记录", "field": "字段", "severity": "级别",
        "message": "说明", "none": "无", "no_gaps": "未发现问题", "evidence": "证据", "basis": "依据", "penalty": "罚则",
        "fix": "整改", "by": "期限", "deduct": "扣 {points} 分", "capped": "（封顶）", "unverified": "（未核实）",
        "overall": "小结", "waived_gaps": "已豁免的问题", "waiver": "豁免", "waiver_expired": "豁免已过期",
        "unit_problems": "本单位输入问题", "tag_new": "新发现",
        "tag_persisting": "屡查屡犯：上次报告已有，严重程度由{before}升为{now}", "expected": "要求", "actual": "实际",
        "sep": "：", "list_sep": "、", "yes": "是", "no": "否",
        "kinds": {"department": "部门", "district": "区", "enterprise": "企业", "city": "市"},
        "severities": {"low": "低", "medium": "中", "high": "高", "critical": "严重"},
        "problem_severities": {"error": "错误", "warning": "警告"},
        "waiver_fields": {"number": "编号", "item": "事项", "reason": "理由", "approved_by": "批准人",
                          "approved_on": "批准日期", "expires_on": "有效期至"},
    },
    "en": {
        "title": "Work-safety responsibility compliance report", "jurisdiction": "jurisdiction", "year": "audit year",
        "as_of": "as of", "rulesets": "rulesets", "rule_count": "{count} rules", "summary": "Summary",
        "units": "units", "checked": "checks", "passed": "passed", "gaps": "gaps", "na": "not applicable",
        "waived": "waived", "errors": "errors", "input": "input problems", "city_score": "city score",
        "average": "enterprise average", "ranking": "Departments and districts by score",
        "lowest": "Lowest-scoring enterprises ({shown} of {count})", "place": "#", "unit": "unit", "id": "id",
        "kind": "kind", "score": "score", "chart": "Score (out of 100)", "city": "City summary",
        "top_rules": "Rules with the most gaps", "rule": "rule", "rule_title": "title", "by_department": "By department",
        "by_district": "By district", "own_gaps": "own gaps", "enterprises": "enterprises",
        "enterprise_gaps": "enterprise gaps", "industries": "Enterprise gaps by industry", "industry": "industry",
        "categories": "Most frequent hazard categories", "category": "hazard category",
        "baseline": "Compared with the last report", "base_line": "last report: {file} (audit year {year}, as of {as_of})",
        "new": "new", "persisting": "persisting", "persisting_card": "persisting (severity raised one level)",
        "resolved": "resolved", "not_rechecked": "in units not checked this time",
        "resolved_list": "Resolved (gaps of the last report not found this time)", "item": "item",
        "more": "... and {count} more", "all_problems": "All input problems", "file": "file", "record": "record",
        "field": "field", "severity": "severity", "message": "message", "none": "none", "no_gaps": "no gaps found",
        "evidence": "evidence", "basis": "requirement", "penalty": "penalty", "fix": "remediation", "by": "deadline",
        "deduct": "−{points} points", "capped": " (capped)", "unverified": "(unverified)", "overall": "in short",
        "waived_gaps": "Waived gaps", "waiver": "waiver", "waiver_expired": "waiver expired",
        "unit_problems": "Input problems of this unit", "tag_new": "new",
        "tag_persisting": "persisting since the last report, severity {before}→{now}", "expected": "expected",
        "actual": "actual", "sep": ": ", "list_sep": ", ", "yes": "yes", "no": "no",
        "kinds": {"department": "department", "district": "district", "enterprise": "enterprise", "city": "city"},
        "severities": {"low": "low", "medium": "medium", "high": "high", "critical": "critical"},
        "problem_severities": {"error": "error", "warning": "warning"},
        "waiver_fields": {"number": "no.", "item": "item", "reason": "reason", "approved_by": "approved by",
                          "approved_on": "approved on", "expires_on": "expires on"},
    },
}


def labels(lang: str) -> dict[str, Any]:
    """The labels of a language (Chinese unless lang is 'en')."""
    return L["en" if lang == "en" else "zh"]


# The stylesheet is inline (one self-contained file). Print colours are kept (print-color-adjust: exact) so the
# severity badges and the chart print as on screen; each unit starts a new A4 page, a gap block is never split.
CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-family: FONTS; font-size: 10.5pt; line-height: 1.55; color: #1f2328; background: #fff; }
body { margin: 0; }
main.report { display: flex; flex-direction: column; max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
main.report > header.title { order: -2; }
main.report > section.overview { order: -1; }
h1 { font-size: 19pt; margin: 0 0 2mm; line-height: 1.3; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; border-bottom: 2px solid #24527a; padding-bottom: 1mm; color: #24527a; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; color: #24527a; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
header.title { border-bottom: 3px solid #24527a; padding-bottom: 3mm; }
header.title dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 2mm 0 0; }
header.title dt { color: #57606a; }
header.title dd { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin: 2mm 0; }
.card { border: 1px solid #d0d7de; border-radius: 2mm; padding: 1.5mm 3mm; break-inside: avoid; }
.card .n { display: block; font-size: 15pt; font-weight: bold; }
.card .l { color: #57606a; font-size: 9pt; }
.card.gaps .n, .card.errors .n { color: #b42318; }
.card.passed .n { color: #1a7f37; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0 3mm; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #d8dee4; padding: 0.8mm 2mm; text-align: left; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
.metered { white-space: nowrap; }
.meter { display: inline-block; height: 2.2mm; background: #7aa7d1; vertical-align: middle; margin-right: 1.5mm; }
svg.chart { width: 100%; height: auto; display: block; margin: 2mm 0; }
svg.chart text { font-family: FONTS; font-size: 11px; fill: #1f2328; }
svg.chart .axis { fill: #57606a; font-size: 9px; }
svg.chart line { stroke: #d0d7de; stroke-width: 0.6; }
svg.chart .department { fill: #24527a; }
svg.chart .district { fill: #2f8f83; }
svg.chart .enterprise { fill: #c4661f; }
.legend span { display: inline-block; width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; vertical-align: middle; }
.legend .department { background: #24527a; } .legend .district { background: #2f8f83; }
section.unit, section.problems { break-before: page; page-break-before: always; }
section.unit > header { display: flex; justify-content: space-between; align-items: baseline; gap: 4mm;
  border-bottom: 2px solid #24527a; margin-bottom: 2mm; }
section.unit > header h2 { border: 0; margin: 0; padding: 0; }
section.unit > header .score { font-size: 20pt; font-weight: bold; color: #24527a; white-space: nowrap; }
.meta { color: #57606a; font-size: 9.5pt; }
.counts span { margin-right: 3mm; white-space: nowrap; }
.gap { border: 1px solid #d0d7de; border-left: 4px solid #999; border-radius: 1.5mm; padding: 2mm 3mm;
  margin: 2.5mm 0; break-inside: avoid; page-break-inside: avoid; }
.gap.sev-low { border-left-color: #8c959f; } .gap.sev-medium { border-left-color: #d4a72c; }
.gap.sev-high { border-left-color: #e16f24; } .gap.sev-critical { border-left-color: #b42318; }
.gap.waived { border-left-color: #6e7781; background: #f6f8fa; }
.gap h4 { margin: 0 0 1mm; font-size: 10.5pt; }
.rid { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 9pt; color: #57606a; margin: 0 1mm;
  white-space: nowrap; }
.badge { display: inline-block; border-radius: 1mm; padding: 0 1.5mm; font-size: 8.5pt; color: #fff;
  background: #8c959f; white-space: nowrap; }
.badge.sev-medium { background: #9a6700; } .badge.sev-high { background: #c4461a; }
.badge.sev-critical { background: #b42318; } .badge.error { background: #6639ba; } .badge.waived { background: #6e7781; }
.deduct { float: right; color: #b42318; font-weight: 600; white-space: nowrap; }
.tag { display: inline-block; border: 1px solid; border-radius: 1mm; padding: 0 1mm; font-size: 8.5pt; margin-right: 1mm; }
.tag.persisting { color: #b42318; background: #fff1f0; } .tag.new { color: #0550ae; background: #eef6ff; }
.tag.expired { color: #9a6700; background: #fff8c5; }
ul.items { margin: 1mm 0; padding-left: 5mm; }
ul.items li { margin: 0.8mm 0; }
.ev { color: #57606a; font-size: 9pt; }
.ev code { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 8.5pt; color: #1f2328; }
.kv { display: inline-block; margin-left: 2mm; }
.ev, td, blockquote { overflow-wrap: anywhere; }
blockquote { margin: 1mm 0; padding: 0.5mm 3mm; border-left: 3px solid #d0d7de; background: #f6f8fa; }
blockquote p { margin: 0; }
.src { color: #57606a; font-size: 9pt; }
.unverified { color: #9a6700; font-weight: 600; }
p.line { margin: 0.8mm 0; }
p.line b { color: #24527a; }
.problem.error { color: #b42318; } .problem.warning { color: #9a6700; }
a { color: inherit; text-decoration: none; }
@media screen { body { background: #f3f4f6; } main.report { background: #fff; padding: 10mm 12mm; } }
""".replace("FONTS", _CJK_FONTS)
