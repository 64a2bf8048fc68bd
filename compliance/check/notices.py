"""Each gap of a scored unit as an item of its rectification notice: a stable id, a dated deadline by the scheme
(立即 is the audit date plus a few days; missing data has its own), and the proof that closes it."""
from __future__ import annotations

import datetime as dt

from compliance.check.evaluate import MISSING_DATA
from compliance.facts.base import CALENDAR
from compliance.facts.schema import fact_types
from compliance.report.model import Finding, UnitReport
from compliance.report.notice import NoticeItem
from compliance.rules.scheme import NoticeSpec

IMMEDIATELY = ("立即", "immediately")


def notice_id(year: int, unit_id: str, finding: Finding) -> str:
    """The item's id: the same gap gets the same id in every run of the same audit (year, unit, rule, item key)."""
    return "-".join(part for part in (str(year), unit_id, finding.rule_id, finding.key) if part)


def deadline(spec: NoticeSpec, finding: Finding, as_of: dt.date) -> dt.date:
    """The date the gap must be rectified by: missing data has its days, 立即 its days, else the severity's."""
    if finding.gap == MISSING_DATA:
        days = spec.missing_days
    elif finding.rule.deadline.startswith(IMMEDIATELY) or finding.rule.deadline_en.startswith(IMMEDIATELY):
        days = spec.immediately_days
    else:
        days = spec.days[finding.severity_before or finding.severity]  # type: ignore[index]
    return as_of + dt.timedelta(days=days)


def proof(finding: Finding) -> tuple[str, str]:
    """What closes the gap (佐证材料): the rule's own word, else a written report with proof of the fields at
    fault (the meeting's date, the worker's training record…)."""
    if finding.rule.proof:
        return finding.rule.proof, finding.rule.proof_en or finding.rule.proof
    fact_type = fact_types().get(str(finding.evidence.get("fact_type", "")))
    names = [name for name in list(finding.evidence.get("values", {})) + list(finding.evidence.get("undeclared", []))
             if name not in CALENDAR]  # the audit date is no one's record
    fields = fact_type.fields if fact_type is not None else {}
    labels = list(dict.fromkeys(fields[name].zh for name in names if name in fields))
    labels_en = list(dict.fromkeys(fields[name].en for name in names if name in fields))
    if finding.gap == MISSING_DATA:
        return (f"补报{'、'.join(labels)}" if labels else "补报所缺资料",
                f"supply what is missing: {', '.join(labels_en)}" if labels_en else "supply the missing records")
    if not labels:
        return "整改情况书面报告及相关证明材料", "a written report on the rectification, with proof"
    return (f"整改情况书面报告，附{'、'.join(labels)}的证明材料",
            f"a written report on the rectification, with proof of {', '.join(labels_en)}")


def with_notices(unit: UnitReport, spec: NoticeSpec, year: int, as_of: dt.date) -> UnitReport:
    """The unit's gaps (not waived, not pending) each with its notice item."""
    unit.findings = [_noticed(f, unit.id, spec, year, as_of) if f.status == "fail" else f for f in unit.findings]
    return unit


def _noticed(finding: Finding, unit_id: str, spec: NoticeSpec, year: int, as_of: dt.date) -> Finding:
    text, text_en = proof(finding)
    item = NoticeItem(notice_id(year, unit_id, finding), deadline(spec, finding, as_of).isoformat(), text, text_en)
    return finding.changed(notice=item)
