"""Every word the reports print around the records' own text, in Chinese and English: one table for every format.

A key names a meaning; where two formats phrase one meaning differently (a heading and a line of text, a card and
a sentence), each phrasing has its own key. Kinds of unit are named by the kinds table (see ReportView), never here.
"""
from __future__ import annotations

import functools
from typing import Any

WORDS: dict[str, tuple[Any, Any]] = {
    # the report's header
    "title": ("安全生产责任落实合规检查报告", "Work-safety responsibility compliance report"),
    "jurisdiction": ("检查对象", "jurisdiction"),
    "year": ("检查年度", "audit year"),
    "as_of": ("基准日", "as of"),
    "rulesets": ("规则集", "rulesets"),
    "rule_count": ("规则 {count} 条", "{count} rules"),
    # counts
    "summary": ("汇总", "Summary"),
    "unit": ("单位", "unit"),
    "units": ("检查单位", "units"),
    "units_word": ("单位", "units"),
    "units_checked": ("检查单位", "units checked"),
    "checked": ("检查项", "checks"),
    "passed": ("符合", "passed"),
    "gaps": ("问题", "gaps"),
    "na": ("不适用", "not applicable"),
    "errors": ("错误", "errors"),
    "waived": ("豁免", "waived"),
    "waived_state": ("已豁免", "waived"),
    "pending": ("待到期", "pending"),
    "pending_items": ("尚未到期的事项（不扣分）", "Not yet due (no points)"),
    "input": ("输入问题", "Input problems"),
    "input_card": ("输入问题", "input problems"),
    "input_here": ("输入问题", "input problem"),
    "coordination": ("市安委办协调事项（问题）", "coordination gaps"),
    "average": ("企业平均得分", "enterprise average"),
    # a unit and its gaps
    "score": ("得分", "score"),
    "kind": ("类型", "kind"),
    "kind_word": ("类别", "kind"),
    "id": ("编号", "id"),
    "item": ("事项", "item"),
    "item_word": ("条目", "item"),
    "message": ("说明", "message"),
    "gap_message": ("问题描述", "gap"),
    "no_gaps": ("未发现问题", "no gaps found"),
    "evidence": ("证据", "evidence"),
    "expected": ("要求", "expected"),
    "actual": ("实际", "actual"),
    "basis": ("依据", "requirement"),
    "penalty": ("罚则", "penalty"),
    "fix": ("整改", "remediation"),
    "by": ("期限", "deadline"),
    "overall": ("小结", "in short"),
    "deduct": ("扣 {points} 分", "−{points} points"),
    "deducted": ("扣分", "points"),
    "capped": ("（封顶）", ", capped"),
    "capped_note": ("（封顶）", " (capped)"),
    "unverified": ("（未核实）", " (unverified)"),
    "unverified_note": ("（未核实）", "(unverified)"),
    "unit_problems": ("本单位输入问题", "Input problems of this unit"),
    "waived_gaps": ("已豁免的问题", "Waived gaps"),
    "waiver": ("豁免", "waiver"),
    "waiver_expired": ("豁免已过期", "waiver expired"),
    "waiver_line": ("第{number}号豁免：{reason}（{approved_by}于{approved_on}批准，有效期至{expires_on}）",
                    "waiver {number}: {reason} (approved by {approved_by} on {approved_on}, until {expires_on})"),
    "waiver_expired_line": ("第{number}号豁免（{reason}）已于{expires_on}到期，不再适用",
                            "waiver {number} ({reason}) expired on {expires_on}: no longer applies"),
    "justification": (("第{number}号豁免", "{approved_by}于{approved_on}批准", "有效期至{expires_on}", "，", "（{}）"),
                      ("waiver {number}", "approved by {approved_by} on {approved_on}", "until {expires_on}", ", ",
                       " ({})")),
    "tag_new": ("新发现", "new"),
    "tag_persisting": ("屡查屡犯：上次报告已有，严重程度由{before}升为{now}",
                       "persisting since the last report, severity {before}→{now}"),
    # ranking
    "ranking_of": ("{kinds}得分排名", "{kinds} by score"),
    "ranking_table": ("得分排名（{kinds}）", "Ranking by score ({kinds})"),
    "place": ("名次", "#"),
    "chart": ("得分（满分 100）", "Score (out of 100)"),
    "lowest": ("得分最低的企业（共 {count} 家，列出 {shown} 家）", "Lowest-scoring enterprises ({shown} of {count})"),
    "lowest_line": ("  企业 {count} 家，平均得分 {average}；得分最低的 {shown} 家：",
                    "  {count} enterprises, average score {average}; the {shown} lowest:"),
    "lowest_average": ("得分最低的企业（共 {count} 家，平均得分 {average}）",
                       "Lowest-scoring enterprises ({count} in all, average score {average})"),
    # the city summary
    "city": ("全市汇总", "City summary"),
    "top_rules": ("问题最多的规则", "Rules with the most gaps"),
    "top_rules_line": ("问题最多的规则", "rules with the most gaps"),
    "rule": ("规则", "rule"),
    "rule_title": ("名称", "title"),
    "by_kind": ("按{kind}", "By {kind}"),
    "by_kind_line": ("按{kind}（本{kind}问题 / {linked}数 / {linked}问题）",
                     "by {kind} (own gaps / enterprises / their gaps)"),
    "own_gaps": ("本单位问题", "own gaps"),
    "enterprises": ("企业数", "enterprises"),
    "enterprise_gaps": ("企业问题", "enterprise gaps"),
    "industries": ("企业问题按行业", "Enterprise gaps by industry"),
    "industries_line": ("企业问题按行业", "enterprise gaps by industry"),
    "industry": ("行业", "industry"),
    "categories": ("最常见的隐患类别", "Most frequent hazard categories"),
    "categories_line": ("最常见的隐患类别（发现该类隐患的企业数）", "most frequent hazard categories (enterprises)"),
    "category": ("隐患类别", "hazard category"),
    # the comparison with the last report
    "baseline": ("与上次报告相比", "Compared with the last report"),
    "base_line": ("上次报告：{file}（{year}年度，基准日{as_of}）", "last report: {file} (audit year {year}, as of {as_of})"),
    "baseline_counts": ("新发现 {new} · 屡查屡犯 {persisting}（严重程度已上调一级） · 已整改 {resolved}"
                        " · 往期问题（期间已过） {past} · 本次未检查的单位中 {not_rechecked}",
                        "new {new} · persisting {persisting} (severity raised one level) · resolved {resolved}"
                        " · past (a period gone by) {past} · in units not checked this time {not_rechecked}"),
    "new": ("新发现", "new"),
    "persisting": ("屡查屡犯", "persisting"),
    "persisting_card": ("屡查屡犯（严重程度已上调一级）", "persisting (severity raised one level)"),
    "resolved": ("已整改", "resolved"),
    "past": ("往期问题（期间已过）", "past (a period gone by)"),
    "resolved_line": ("已整改（上次报告的问题本次未再发现）", "resolved (gaps of the last report not found this time)"),
    "resolved_list": ("已整改（上次报告的问题本次未再发现）", "Resolved (gaps of the last report not found this time)"),
    "not_rechecked": ("本次未检查的单位中", "in units not checked this time"),
    "more": ("……另有 {count} 项", "... and {count} more"),
    # input problems
    "all_problems": ("全部输入问题", "All input problems"),
    "file": ("文件", "file"),
    "record": ("记录", "record"),
    "field": ("字段", "field"),
    "severity": ("级别", "severity"),
    # punctuation and the like
    "sep": ("：", ": "),
    "list_sep": ("、", ", "),
    "clause_sep": ("；", "; "),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "language": ("zh-CN", "en-US"),
    # the workbook
    "sheets": (("汇总", "问题", "输入问题"), ("Summary", "Findings", "Input errors")),
    "audit_head": (("检查对象", "检查年度", "基准日", "规则集"), ("Jurisdiction", "Audit year", "As of", "Rulesets")),
    "results": ("检查结果", "Results"),
    "unit_head": (("单位编号", "单位名称", "类别", "得分", "问题数"), ("Unit ID", "Unit name", "Kind", "Score", "Gaps")),
    "units_table": (("检查单位", ("类别", "单位数")), ("Units checked", ("Kind", "Units"))),
    "rules_table": (("按规则", ("规则编号", "检查事项", "问题数")), ("Gaps by rule", ("Rule ID", "Title", "Gaps"))),
    "by_kind_table": (("按{kind}", ("编号", "名称", "本{kind}问题", "{linked}数", "{linked}问题")),
                      ("By {kind}", ("ID", "Name", "Own gaps", "Enterprises", "Their gaps"))),
    "industries_table": (("企业问题按行业", ("行业代码", "行业", "问题数")),
                         ("Enterprise gaps by industry", ("Industry code", "Industry", "Gaps"))),
    "categories_table": (("最常见的隐患类别", ("隐患类别", "企业数")),
                         ("Most frequent hazard categories", ("Hazard category", "Enterprises"))),
    "baseline_keys": (("上次报告", "检查年度", "基准日", "新发现", "屡查屡犯", "已整改", "往期问题（期间已过）",
                       "本次未检查的单位中"),
                      ("last report", "audit year", "as of", "new", "persisting", "resolved", "past (a period gone by)",
                       "in units not checked this time")),
    "resolved_table": (("已整改（上次报告的问题本次未再发现）", ("单位编号", "单位名称", "规则编号", "检查事项", "检查对象")),
                       ("Resolved (gaps of the last report not found this time)",
                        ("Unit ID", "Unit name", "Rule ID", "Title", "Item"))),
}

# Named values in Chinese (in English a value is shown by its own name unless given here).
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "severity": {"low": ("低", "low"), "medium": ("中", "medium"), "high": ("高", "high"),
                 "critical": ("严重", "critical")},
    "status": {"fail": ("问题", "fail"), "error": ("错误", "error"), "waived": ("豁免", "waived"),
               "pending": ("待到期", "pending")},
    "history": {"new": ("新发现", "new"), "persisting": ("屡查屡犯", "persisting")},
    "problem": {"error": ("错误", "error"), "warning": ("警告", "warning")},
    "count": {"units": ("检查单位", "units"), "checked": ("检查项", "checks"), "passed": ("符合", "passed"),
              "failed": ("问题", "gaps"), "waived": ("豁免", "waived"), "pending": ("待到期", "pending"),
              "not_applicable": ("不适用", "not applicable"),
              "errors": ("错误", "errors"), "input_errors": ("输入错误", "input errors"),
              "input_warnings": ("输入警告", "input warnings")},
    "waiver_field": {"number": ("编号", "no."), "item": ("事项", "item"), "reason": ("理由", "reason"),
                     "approved_by": ("批准人", "approved by"), "approved_on": ("批准日期", "approved on"),
                     "expires_on": ("有效期至", "expires on")},
}


@functools.cache
def words(lang: str) -> dict[str, Any]:
    """Every word of a language (Chinese unless lang is 'en')."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in WORDS.items()}


def term(group: str, value: str, lang: str) -> str:
    """A named value (a severity, a status, …) in a language; a value the group does not know, as it is."""
    pair = TERMS[group].get(value)
    if pair is None:
        return value
    return pair[1] if lang == "en" else pair[0]
