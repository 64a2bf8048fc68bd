"""Synthetic records of the duties added later (arts. 22 ¶2, 23, 40, 41 ¶1), drawn from their own random stream so
that an enterprise's other fields stay as they were generated before."""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from compliance.records.catalog import Industry
from compliance_dev.synth import YEAR, Doc, _int, _pick

JAN1 = dt.date(YEAR, 1, 1).toordinal()
AS_OF = dt.date(YEAR, 12, 31).toordinal()
MAJOR_HAZARD_INDUSTRIES = {"hazardous_chemicals", "gas", "mining", "metallurgy", "fireworks", "civil_explosives"}
SOURCE_NAMES = ("储罐区", "甲类仓库", "液氯钢瓶库", "液化石油气储配站", "炸药库", "尾矿库", "煤气柜")
RISKS = (("火灾爆炸", "动火审批、可燃气体检测报警、消防设施定期检查"), ("触电", "漏电保护、电工持证、定期检测"),
         ("机械伤害", "防护罩、联锁装置、班前检查"), ("高处坠落", "安全带、防护栏杆、作业审批"),
         ("车辆伤害", "限速、人车分流、持证驾驶"), ("中毒窒息", "有限空间作业审批、先通风再检测后作业"),
         ("物体打击", "安全帽、警戒区"), ("灼烫", "防护用品、隔热措施"))
GRADES = ("major", "significant", "general", "general", "low", "low")
Gap = Callable[[float], bool]


def duties(rng: random.Random, gap: Gap, code: str, entry: Industry, responsibility: dt.date | None) -> Doc:
    """The enterprise's records of the later duties; `gap(p)` says, with probability p, where a gap goes."""
    document: Doc = {
        "responsibility_assessed_on": None if responsibility is None else _assessed(rng, gap),
        "risk_control": None if gap(0.05) else _risk_control(rng, gap),
        "major_hazard_sources": _sources(rng, gap) if code in MAJOR_HAZARD_INDUSTRIES and rng.random() < 0.6 else [],
    }
    if entry.safety_costs:
        document["safety_costs"] = None if gap(0.05) else _costs(rng, gap)
    return document


def _date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def _assessed(rng: random.Random, gap: Gap) -> dt.date | None:
    if gap(0.12):
        return None if rng.random() < 0.5 else _date(_int(rng, JAN1 - 300, JAN1 - 1))
    return _date(_int(rng, JAN1, AS_OF))


def _risk_control(rng: random.Random, gap: Gap) -> Doc:
    risks = []
    for index, (name, measures) in enumerate(rng.sample(RISKS, _int(rng, 2, 6)), 1):
        risks.append({"id": f"R{index:02d}", "name": name, "grade": None if gap(0.04) else _pick(rng, GRADES),
                      "measures": None if gap(0.06) else measures})
    issued = None if gap(0.08) else _date(_int(rng, dt.date(2017, 1, 1).toordinal(), AS_OF))
    return {"system_issued_on": issued, "risks": risks}


def _costs(rng: random.Random, gap: Gap) -> Doc:
    extracted = 0 if gap(0.1) else _int(rng, 20, 2000) * 1000
    used = None if gap(0.04) else int(extracted * rng.uniform(0.6, 1.1))
    return {"year": YEAR, "extracted_yuan": extracted, "used_yuan": used,
            "misused_yuan": _int(rng, 5, 200) * 1000 if gap(0.05) else None}


def _sources(rng: random.Random, gap: Gap) -> list[Doc]:
    sources = []
    for index, name in enumerate(rng.sample(SOURCE_NAMES, _int(rng, 1, 2)), 1):
        registered = _int(rng, dt.date(2012, 1, 1).toordinal(), AS_OF - 200)
        sources.append({
            "id": f"MHS{index:02d}", "name": name, "registered_on": _date(registered),
            "last_tested_on": None if gap(0.08) else _date(_int(rng, max(registered, AS_OF - 360), AS_OF)),
            "last_assessed_on": None if gap(0.2) else _date(_int(rng, registered, AS_OF)),
            "monitored": None if gap(0.03) else not gap(0.08),
            "emergency_plan_issued_on": None if gap(0.06) else _date(_int(rng, registered, AS_OF)),
            "staff_informed_on": None if gap(0.06) else _date(_int(rng, registered, AS_OF)),
            "filed_on": None if gap(0.3) else _date(_int(rng, registered, AS_OF)),
        })
    return sources
