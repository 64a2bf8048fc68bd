"""Write fixtures/example-city-2021-report.json: the example city's previous audit, for the --baseline demo.

It starts from this year's JSON report of the example city (gaps only) and changes it into last year's:
audit year 2021; without the gaps that are new this year (the 2022 directives' relays, the 2022 accidents' reporting,
investigation and accountability and the statistics short of them, the duties first checked in 2022 (ENT-DOC-04,
ENT-INV-*, ENT-MHS-*, ENT-RISK-*, the yearly comprehensive or special drill ENT-EMR-03 and the gas alarm kept working
ENT-GAS-02),
chengjian3's certificate that expired in November 2022, baijia's repeat hazard of November 2022, antai's hazard of
December 2022, the gaps of rules new in this year's pack or read anew by it, and every gap about a record numbered
2022 that is not a periodic obligation); notice items numbered
and dated a year earlier (so this year's run closes, finds overdue or escalates them); with four gaps that have since been resolved. A periodic gap (a quarter, a month, a report period)
becomes last year's same period: its key, period, item and message name 2021.
Run: .venv/bin/python tools/make_last_year_report.py
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compliance.api import check
from compliance.formatters import render

ROOT = Path(__file__).resolve().parents[1]
NEW_THIS_YEAR = {("chengjian3", "ENT-OPR-01"), ("baijia", "CITY-HAZ-02"), ("antai", "ENT-HAZ-01/AT-H-2022-044"),
                 ("antai", "ENT-QUAL-03")}  # antai: art. 27 ¶3 read by business modes since this year's pack
# the 2022 directives and accidents (and the statistics checked against them), the duties checked since 2022
# (arts. 22 ¶2, 23, 40, 41 ¶1; 36 ¶4's 「保障其正常使用」 and 办法 art. 33's yearly comprehensive or special drill) and
# the rules new in this year's pack (certificate reviews, training archives): every gap of these rules is new
NEW_RULES = ("CITY-DIR-", "CITY-ACC-", "CITY-STAT-06", "ENT-DOC-04", "ENT-INV-", "ENT-MHS-", "ENT-RISK-", "ENT-OPR-02",
             "ENT-WRK-04", "ENT-EMR-03", "ENT-GAS-02")
_GAP = {"status": "fail", "points": 2.0, "count": 1}  # the rule's texts are in the report's rules table
RESOLVED_SINCE: dict[str, dict[str, Any]] = {
    "hengchang": {**_GAP, "rule_id": "ENT-DOC-03", "severity": "medium", "item": "", "key": "",
                  "message": "未制定安全生产教育和培训计划",  # resolved: the plan of 2022-01-05
                  "evidence": {"file": "enterprises/hengchang.toml", "field": "training_plan_issued_on"}},
    "yjj": {**_GAP, "rule_id": "DEPT-MEET-01", "severity": "high", "item": "2021年第三季度", "key": "2021-Q3",
            "period": "2021-Q3",
            "message": "2021年第三季度无专题研究安全生产会议", "evidence": {"file": "departments/yjj.toml", "field": "meetings"}},
    "antai": {**_GAP, "rule_id": "ENT-HAZ-01", "severity": "critical", "item": "CG-H-2021-003（门站围墙破损）",
              "key": "CG-H-2021-003",
              "message": "隐患CG-H-2021-003（门站围墙破损）整改期限2021-08-31已过，至检查基准日仍未整改",
              "evidence": {"file": "enterprises.jsonl", "line": 2, "field": "hazards[0].rectified_on"}},
    "city": {**_GAP, "rule_id": "CITY-SCOPE-01", "severity": "high", "item": "电动自行车集中充电",
             "key": "ebike_charging",
             "message": "行业领域“电动自行车集中充电”没有任何部门牵头监管（监管盲区）",
             "evidence": {"file": "city/industries.toml", "field": "industry[16].code"}},
}


def _with_notice(unit_id: str, gap: dict[str, Any]) -> dict[str, Any]:
    """A resolved gap of last year with its item on last year's notice (due in January 2022)."""
    notice_id = "-".join(part for part in ("2021", unit_id, gap["rule_id"], gap["key"]) if part)
    return {**gap, "notice": {"id": notice_id, "deadline": "2022-01-30", "proof": "整改情况书面报告及相关证明材料"}}


def _new_this_year(unit: dict[str, Any], finding: dict[str, Any]) -> bool:
    """A gap last year's report cannot have had: of this year's directives and accidents, named above, or about a
    record of 2022 (a hazard, case or inspection numbered 2022) that is not a periodic obligation."""
    keyed = (unit["id"], f"{finding['rule_id']}/{finding.get('key', '')}")
    of_2022 = not finding.get("period") and "2022" in finding.get("key", "")
    return finding["rule_id"].startswith(NEW_RULES) or (unit["id"], finding["rule_id"]) in NEW_THIS_YEAR \
        or keyed in NEW_THIS_YEAR or of_2022


def main() -> None:
    this_year = json.loads(render("json", check(ROOT / "fixtures" / "example-city"), "zh"))
    units = [{**unit, "findings": [_last_year(f) for f in unit["findings"]
                                   if f["status"] == "fail" and not _new_this_year(unit, f)]
                                  + ([_with_notice(unit["id"], RESOLVED_SINCE[unit["id"]])]
                                     if unit["id"] in RESOLVED_SINCE else [])}
             for unit in this_year["units"]]
    gaps = sum(len(unit["findings"]) for unit in units)
    summary = {**this_year["summary"], "checked": gaps, "passed": 0, "failed": gaps, "not_applicable": 0}
    audit = {**this_year["audit"], "year": 2021, "as_of": "2021-12-31"}
    lines = ["{", f'  "schema_version": "{this_year["schema_version"]}",', f'  "audit": {_indented(audit)},',
             f'  "rules": {_indented(this_year["rules"])},', '  "units": [']
    lines.append(",\n".join("    " + json.dumps(unit, ensure_ascii=False, separators=(",", ":")) for unit in units))
    lines += ["  ],", '  "input_errors": [],', f'  "summary": {_indented(summary)}', "}"]
    (ROOT / "fixtures" / "example-city-2021-report.json").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _last_year(finding: dict[str, Any]) -> dict[str, Any]:
    """A gap of this year as last year's: its notice item numbered and dated a year earlier; a periodic gap as the
    same period's gap of last year (2022-Q2 -> 2021-Q2)."""
    if "notice" in finding:
        notice = finding["notice"]
        deadline = notice["deadline"]
        finding = {**finding, "notice": {**notice, "id": notice["id"].replace("2022", "2021"),
                                         "deadline": f"{int(deadline[:4]) - 1}{deadline[4:]}"}}
    if not finding.get("period"):
        return finding
    return {**finding, **{name: finding[name].replace("2022", "2021") for name in ("key", "period", "item", "message")}}


def _indented(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")


if __name__ == "__main__":
    main()
