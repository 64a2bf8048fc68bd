"""Synthetic enterprises (生产经营单位) for generated bundles: varied, about half with gaps, streamed to disk."""
from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance.records.catalog import Industry, default_catalog
from compliance_dev.serialize import to_json_line, to_toml
from compliance_dev.synth import DISTRICTS, HAZARD_CATEGORIES, YEAR, Doc, _int, _person, _pick
from compliance_dev.synth_duties import duties

LINES_PER_FILE = 10_000
CLEAN_SHARE = 0.5  # enterprises generated without any gap; the others get gaps at the rates below
AS_OF = dt.date(YEAR, 12, 31).toordinal()
JAN1 = dt.date(YEAR, 1, 1).toordinal()
WEIGHTS = {  # per mille of enterprises by industry
    "commerce": 200, "catering": 180, "manufacturing": 180, "construction": 70, "transport": 60,
    "hazardous_chemicals": 50, "gas": 30, "tourism": 30, "medical_institutions": 20, "education": 20,
    "food_delivery": 20, "escape_rooms": 15, "ebike_charging": 10, "sports_venues": 10, "water_works": 10,
    "special_equipment": 10, "fishery": 10, "mining": 10, "metallurgy": 10, "fireworks": 5, "civil_explosives": 3,
}
HEAVY = {"construction", "hazardous_chemicals", "manufacturing", "gas", "mining", "metallurgy", "fireworks",
         "civil_explosives", "water_works"}
BLASTING = {"mining", "construction", "civil_explosives"}
GAS_USERS = {"catering", "commerce"}  # the catalog's art36_gas industries: they declare whether they use gas
OPERATION_KINDS = ("blasting", "lifting", "hot_work", "temporary_power", "confined_space", "blind_plate",
                   "work_at_height", "excavation", "road_closure", "maintenance")  # DangerousOperation.kind
PERMIT_PREFIX = {"blasting": "BP", "lifting": "DZ", "hot_work": "DH", "temporary_power": "LD", "confined_space": "SX",
                 "blind_plate": "MB", "work_at_height": "GC", "excavation": "DT", "road_closure": "DL",
                 "maintenance": "JX"}
NAME_CORE = "鑫达宏盛恒泰华兴源隆嘉瑞丰安信诚祥和顺通宝利康永昌金德远航新创锦辉"
NAME_SUFFIX = {
    "commerce": ("商贸有限公司", "超市", "购物广场"), "catering": ("餐饮管理有限公司", "酒家", "火锅店", "饭店"),
    "manufacturing": ("机械制造有限公司", "电子科技有限公司", "塑料制品厂", "家具有限公司"),
    "construction": ("建设工程有限公司", "建筑劳务有限公司"), "transport": ("运输有限公司", "物流有限公司", "客运有限公司"),
    "hazardous_chemicals": ("化工有限公司", "危险化学品经营有限公司"), "gas": ("燃气有限公司", "液化气站"),
    "mining": ("矿业有限公司",), "metallurgy": ("金属冶炼有限公司", "铸造有限公司"), "fireworks": ("烟花爆竹有限公司",),
    "civil_explosives": ("民爆器材有限公司",), "tourism": ("文化旅游有限公司", "景区管理有限公司"),
}
GENERAL_RULES = ("安全生产教育培训制度", "安全生产检查制度", "隐患排查治理制度", "消防安全管理制度", "危险作业审批制度",
                 "劳动防护用品管理制度", "安全生产奖惩制度", "生产安全事故报告和调查处理制度", "安全生产投入保障制度")
PROCEDURES = ("叉车安全操作规程", "电焊安全操作规程", "燃气灶具安全操作规程", "起重机械安全操作规程",
              "配电室安全操作规程", "有限空间作业安全操作规程", "冲压设备安全操作规程")
SPECIAL_OPERATIONS = ("电工作业", "焊接与热切割作业", "高处作业", "制冷与空调作业")
INDUSTRY_OPERATIONS = {"hazardous_chemicals": "危险化学品安全作业", "mining": "金属非金属矿山安全作业",
                       "metallurgy": "冶金（有色）生产安全作业", "fireworks": "烟花爆竹安全作业"}
BUSINESS_MODES = (("生产", "储存"), ("经营",), ("经营", "储存"), ("储存", "装卸"), ("生产", "储存", "装卸"))
TRAINING_CONTENT = ("三级安全教育", "岗前安全培训（规章制度、操作规程、应急处置）", "新员工安全生产教育")
INSPECTION_SCOPES = ("全面安全检查", "消防安全检查", "用电安全检查", "节假日前安全检查", "设备设施安全检查",
                     "危险作业现场检查", "季节性安全检查")


@dataclass(frozen=True)
class Setting:
    """What enterprises draw on: weighted catalog industries, operation kinds and the bundle's unit ids."""

    industries: dict[str, Industry]
    codes: tuple[str, ...]
    cumulative: tuple[int, ...]
    operations: tuple[str, ...]
    districts: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    supervisors: Mapping[str, tuple[str, ...]] | None = None  # industry -> departments that supervise it

    def industry(self, rng: random.Random) -> str:
        """A weighted draw of an industry code."""
        return self.codes[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


def setting(districts: Sequence[str] = (), departments: Sequence[str] = (),
            supervisors: Mapping[str, Sequence[str]] | None = None) -> Setting:
    """The setting for a bundle with these district and department ids (none: enterprises name neither)."""
    catalog = default_catalog()
    industries = {entry.code: entry for entry in catalog.industry if entry.in_scope}
    codes = tuple(code for code in WEIGHTS if code in industries)
    operations = tuple(entry.code for entry in catalog.operation if entry.code in OPERATION_KINDS)
    return Setting(industries, codes, tuple(itertools.accumulate(WEIGHTS[code] for code in codes)), operations,
                   tuple(districts), tuple(departments),
                   {code: tuple(ids) for code, ids in (supervisors or {}).items() if ids})


def write_enterprises(root: Path, count: int, seed: int, where: Setting, jsonl: bool = True) -> None:
    """Write `count` enterprises, one at a time: JSON Lines files of at most LINES_PER_FILE lines, or TOML files."""
    rng = random.Random(f"enterprises-{seed}")
    if not jsonl:
        (root / "enterprises").mkdir(parents=True, exist_ok=True)
        for number in range(1, count + 1):
            document = enterprise_document(rng, where, number)
            (root / "enterprises" / f"{document['id']}.toml").write_bytes(to_toml(document).encode("utf-8"))
        return
    per_file = LINES_PER_FILE
    for index, start in enumerate(range(1, count + 1, per_file), 1):
        with open(root / f"enterprises-{index:04d}.jsonl", "w", encoding="utf-8", newline="\n") as handle:
            for number in range(start, min(start + per_file, count + 1)):
                handle.write(to_json_line(enterprise_document(rng, where, number)))


def _date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def _year_day(rng: random.Random, first_year: int, last_year: int) -> int:
    """The ordinal of a random day from 1 January of first_year to 31 December of last_year."""
    return _int(rng, dt.date(first_year, 1, 1).toordinal(), dt.date(last_year, 12, 31).toordinal())


class _Draw:
    """The enterprise's random source and whether it is one of the clean ones (no gap at all)."""

    def __init__(self, rng: random.Random, clean: bool) -> None:
        self.rng = rng
        self.clean = clean

    def gap(self, probability: float) -> bool:
        """True (make a gap here) only for an enterprise with gaps, with this probability."""
        return not self.clean and self.rng.random() < probability


def enterprise_document(rng: random.Random, where: Setting, number: int) -> Doc:
    """One enterprise record; about half have no gap, the others a few gaps each."""
    draw = _Draw(rng, rng.random() < CLEAN_SHARE)
    code = where.industry(rng)
    entry = where.industries[code]
    roll = rng.random()
    headcount = None if draw.gap(0.03) else 100 if roll < 0.05 else _int(rng, 300, 2000) if roll < 0.1 \
        else _int(rng, 5, 150)
    explicit = rng.random()
    high_risk = True if explicit < 0.02 else entry.high_risk if explicit < 0.03 else None
    supervisors = (where.supervisors or {}).get(code) or where.departments
    officers, department = _officers(draw, entry, headcount)
    workers = _workers(draw, entry, headcount)
    document: Doc = {
        "id": f"E{number:06d}", "name": _name(rng, code), "industry": code,
        "district": _pick(rng, where.districts) if where.districts else None,
        "supervisor": _pick(rng, supervisors) if supervisors else None,
        "headcount": headcount, "high_risk": high_risk, "principal": _principal(draw, entry),
        "safety_department_established_on": department, "safety_officers": officers,
        "responsibility_system_issued_on": None if draw.gap(0.1) else _date(_year_day(rng, 2016, YEAR)),
        "regulations": _regulations(draw),
        "training_plan_issued_on": None if draw.gap(0.1) else _date(_int(rng, JAN1 - 31, JAN1 + 58)),
        "workers": workers, "special_operators": _special_operators(draw, code, workers),
        "hazards": _hazards(draw, entry), "self_inspections": _self_inspections(draw),
        "dangerous_operations": _operations(draw, where, code), "emergency_plan": _emergency_plan(draw),
        "insurance": _insurance(draw, entry.high_risk if high_risk is None else high_risk),
    }
    later = _Draw(random.Random(f"{document['id']}-{document['name']}-duties"), draw.clean)  # its own stream
    document.update(duties(later.rng, later.gap, code, entry, document["responsibility_system_issued_on"]))
    # business modes, training archives and certificate reviews: drawn apart, so the draws above stay as they were
    _declare(_Draw(random.Random(f"declarations-{number}-{code}"), draw.clean), entry, document)
    if code in GAS_USERS:
        document.update(_gas(draw, 0.8 if code == "catering" else 0.3))
    return document


def _gas(draw: _Draw, share: float) -> Doc:
    """Whether a catering-like business uses gas and, if it does, its alarm (安全生产法 art. 36 ¶4)."""
    rng = draw.rng
    if rng.random() >= share:
        return {"uses_gas": False}
    if draw.gap(0.4):
        return {"uses_gas": True, "gas_alarm_installed": None if rng.random() < 0.3 else False}
    tested = _int(rng, AS_OF - 500, AS_OF - 400) if draw.gap(0.15) else _int(rng, AS_OF - 300, AS_OF)
    return {"uses_gas": True, "gas_alarm_installed": True, "gas_alarm_tested_on": _date(tested),
            "gas_alarm_working": False if draw.gap(0.05) else True}


def _declare(draw: _Draw, entry: Industry, document: Doc) -> None:
    """The enterprise's business modes (an industry dealing in dangerous goods), each worker's training archive and
    each certificate's issue and review dates."""
    rng = draw.rng
    if entry.dangerous_goods and not draw.gap(0.05):
        document["business_modes"] = list(_pick(rng, BUSINESS_MODES))
    archived = not draw.gap(0.05)
    for worker in document["workers"]:
        if archived and worker["training_passed_on"] is not None:
            entry_doc: Doc = {"date": worker["training_passed_on"], "content": _pick(rng, TRAINING_CONTENT),
                              "hours": worker["pre_job_training_hours"], "result": "合格"}
            if draw.gap(0.03):
                del entry_doc["result"]
            worker["training_records"] = [entry_doc]
    for operator in document["special_operators"]:
        expires = operator["certificate_expires_on"].toordinal()
        issued = _date(expires).replace(year=_date(expires).year - 6, day=min(_date(expires).day, 28)).toordinal()
        operator["certificate_issued_on"] = _date(issued)
        due = _date(issued).replace(year=_date(issued).year + 3).toordinal()
        if due <= AS_OF:
            reviewed = None if draw.gap(0.05) else due + _int(rng, 5, 60) if draw.gap(0.1) else due - _int(rng, 5, 55)
            operator["reviewed_on"] = None if reviewed is None else _date(reviewed)


def _name(rng: random.Random, code: str) -> str:
    place = _pick(rng, DISTRICTS).removesuffix("区") if rng.random() < 0.6 else ""
    core = _pick(rng, NAME_CORE) + _pick(rng, NAME_CORE)
    return place + core + _pick(rng, NAME_SUFFIX.get(code, ("有限公司", "管理有限公司")))


def _principal(draw: _Draw, entry: Industry) -> Doc | None:
    rng = draw.rng
    if draw.gap(0.03):
        return None
    initial, annual = (48, 16) if entry.training_class == "high_risk" else (32, 12)
    initial = initial - _pick(rng, (8, 16)) if draw.gap(0.12) else initial + _pick(rng, (0, 0, 0, 8, 16))
    annual = _pick(rng, (0, 4, 8)) if draw.gap(0.1) else annual + _pick(rng, (0, 0, 4, 8))
    assessed = entry.art27 or rng.random() < 0.4
    return {"name": _person(rng),
            "assessed_on": None if not assessed or draw.gap(0.15) else _date(_year_day(rng, 2014, YEAR)),
            "initial_training_hours": None if draw.gap(0.03) else initial, "annual_training_hours": annual}


def _officers(draw: _Draw, entry: Industry, headcount: int | None) -> tuple[list[Doc], dt.date | None]:
    rng = draw.rng
    must = entry.art24 or (headcount or 0) > 100
    if not must and draw.gap(0.1):
        return [], None
    total = _int(rng, 1, 2) + ((headcount or 0) > 100) + ((headcount or 0) > 300)
    lacking = must and draw.gap(0.15)
    department = None if lacking or rng.random() > (0.5 if must else 0.1) else _date(_year_day(rng, 2010, YEAR))
    officers: list[Doc] = []
    for index in range(total):
        full_time = not lacking and (rng.random() < (0.7 if must else 0.25) or (index == 0 and must and not department))
        assessed = not (entry.art27 and draw.gap(0.2)) and (entry.art27 or rng.random() < 0.4)
        engineer = rng.random() < (0.3 if entry.art27_engineer else 0.08)
        officers.append({"name": _person(rng), "full_time": full_time,
                         "assessed_on": _date(_year_day(rng, 2015, YEAR)) if assessed else None,
                         "registered_safety_engineer": engineer if engineer or rng.random() < 0.7 else None})
    if entry.art27_engineer and draw.gap(0.4):
        for officer in officers:
            officer["registered_safety_engineer"] = False
    elif entry.art27_engineer and officers and not any(officer["registered_safety_engineer"] for officer in officers):
        officers[0]["registered_safety_engineer"] = True
    return officers, department


def _regulations(draw: _Draw) -> list[Doc]:
    rng = draw.rng
    if draw.gap(0.04):
        return []
    total = _int(rng, 1, 6)
    procedures = 0 if draw.gap(0.15) else _int(rng, 1, min(total, 3))
    names = rng.sample(GENERAL_RULES, total - procedures) + rng.sample(PROCEDURES, procedures)
    return [{"name": name, "issued_on": None if rng.random() < 0.05 else _date(_year_day(rng, 2016, YEAR))}
            for name in names]


def _workers(draw: _Draw, entry: Industry, headcount: int | None) -> list[Doc]:
    rng = draw.rng
    high = entry.training_class == "high_risk"
    required = 72 if high else 24
    total = min(int(rng.triangular(5, 41, 18)), headcount or 40)
    workers = []
    for index in range(1, total + 1):
        roll = rng.random()
        employment = "regular" if roll < 0.7 else "temporary" if roll < 0.82 else "dispatched" if roll < 0.92 \
            else "intern"
        earliest = YEAR - 1 if employment == "intern" else 2008
        hired = _int(rng, JAN1, JAN1 + 330) if rng.random() < (0.7 if employment == "intern" else 0.18) \
            else _year_day(rng, earliest, YEAR - 1)
        roll = rng.random()
        passed = (None if roll < 0.4 else hired + _int(rng, 1, 20)) if draw.gap(0.05) \
            else hired - _int(rng, 0, 20)
        roll = rng.random()
        hours = _pick(rng, (24, 48) if high else (8, 16)) if draw.gap(0.04) \
            else required if roll < 0.85 or high else _pick(rng, (32, 72))
        annual = _int(rng, 8, 16) if high and draw.gap(0.04) else _int(rng, 20, 32) if high \
            else None if roll < 0.1 else _pick(rng, (0, 4, 8, 12, 16, 20, 24))
        workers.append({"id": f"W{index:03d}", "name": _person(rng), "employment": employment, "hired_on": _date(hired),
                        "pre_job_training_hours": hours, "training_passed_on": None if passed is None else _date(passed),
                        "annual_training_hours": annual})
    return workers


def _special_operators(draw: _Draw, code: str, workers: list[Doc]) -> list[Doc]:
    rng = draw.rng
    total = min(len(workers), _int(rng, 0, 3) if code in HEAVY else _int(rng, 0, 1))
    operations = SPECIAL_OPERATIONS + ((INDUSTRY_OPERATIONS[code],) * 3 if code in INDUSTRY_OPERATIONS else ())
    operators = []
    for worker in rng.sample(workers, total):
        roll = rng.random()
        expires = _int(rng, AS_OF - 540, AS_OF - 1) if draw.gap(0.2) else AS_OF if roll < 0.08 \
            else _int(rng, AS_OF + 1, AS_OF + 5 * 365)
        number = f"T{_int(rng, 110000, 659999)}{_int(rng, 1965, 2002)}{_int(rng, 1, 12):02d}{_int(rng, 1, 28):02d}" \
                 f"{_int(rng, 0, 9999):04d}"
        operators.append({"worker": worker["id"], "operation": _pick(rng, operations),
                          "certificate_no": None if draw.gap(0.08) else number,
                          "certificate_expires_on": _date(expires)})
    return operators


def _hazards(draw: _Draw, entry: Industry) -> list[Doc]:
    rng = draw.rng
    found_days = sorted(_int(rng, JAN1, AS_OF - 10) for _ in range(int(rng.triangular(2, 15, 8))))
    hazards = []
    for index, found in enumerate(found_days, 1):
        major = rng.random() < (0.1 if entry.high_risk else 0.05)
        deadline = found + (_int(rng, 30, 90) if major else _pick(rng, (7, 15, 30, 60)))
        if rng.random() < 0.4 and deadline >= AS_OF:
            rectified = None  # still open, within its deadline: not a gap
        elif draw.gap(0.1):
            rectified = deadline + _int(rng, 1, 30) if rng.random() < 0.6 else None  # late, or open past deadline
        else:
            rectified = found + _int(rng, 1, deadline - found)
        rectified = rectified if rectified is None or rectified <= AS_OF else None
        notified = min(rectified or found + _int(rng, 1, 10), AS_OF)
        hazards.append({
            "id": f"H{index:02d}", "found_on": _date(found), "found_by": "self" if rng.random() < 0.7 else "government",
            "level": "major" if major else "general", "category": _pick(rng, HAZARD_CATEGORIES),
            "deadline": None if draw.gap(0.02) else _date(deadline),
            "rectified_on": None if rectified is None else _date(rectified),
            "reported_on": _date(found + _int(rng, 0, 3)) if major and not draw.gap(0.3) else None,
            "notified_staff_on": None if draw.gap(0.08) else _date(notified),
        })
    return hazards


def _self_inspections(draw: _Draw) -> list[Doc]:
    rng = draw.rng
    if draw.gap(0.6):
        days = [_int(rng, JAN1, AS_OF) for _ in range(_int(rng, 6, 14))]
    else:
        starts = [dt.date(YEAR, month, 1).toordinal() for month in range(1, 13)] + [AS_OF + 1]
        days = [_int(rng, first, after - 1) for first, after in itertools.pairwise(starts)]
        days += [_int(rng, JAN1, AS_OF) for _ in range(_int(rng, 0, 2))]
    return [{"date": _date(day), "scope": _pick(rng, INSPECTION_SCOPES)} for day in sorted(days)]


def _operations(draw: _Draw, where: Setting, code: str) -> list[Doc]:
    rng = draw.rng
    kinds = [kind for kind in where.operations if kind != "blasting" or code in BLASTING]
    total = _int(rng, 0, 5) if code in HEAVY else _int(rng, 0, 2) if rng.random() < 0.5 else 0
    operations = []
    for index, day in enumerate(sorted(_int(rng, JAN1, AS_OF) for _ in range(total)), 1):
        kind = _pick(rng, kinds)
        operations.append({"id": f"O{index:02d}", "date": _date(day), "kind": kind,
                           "permit_no": None if draw.gap(0.12) else f"{PERMIT_PREFIX.get(kind, 'ZY')}-{YEAR}-{index:03d}",
                           "onsite_safety_manager": None if draw.gap(0.12) else _person(rng)})
    return operations


def _emergency_plan(draw: _Draw) -> Doc | None:
    """A plan and its drills: an on-site drill each half year, a comprehensive or special one a year (办法 art. 33)."""
    rng = draw.rng
    if draw.gap(0.05):
        return None
    issued = _year_day(rng, 2017, YEAR - 1) if rng.random() < 0.8 else _int(rng, JAN1, JAN1 + 180)
    if rng.random() < 0.1:  # a record written to the older contract: the last drill's date only
        drill = _int(rng, max(issued + 1, AS_OF - 365), AS_OF) if not draw.gap(0.2) else None
        return {"issued_on": _date(issued), "last_drill_on": _date(drill) if drill is not None else None}
    halves = ((JAN1, dt.date(YEAR, 6, 30).toordinal()), (dt.date(YEAR, 7, 1).toordinal(), AS_OF))
    drills = [(_int(rng, first, last), "on_site") for first, last in halves if not draw.gap(0.12)]
    if not draw.gap(0.12):
        drills.append((_int(rng, JAN1, AS_OF), _pick(rng, ("comprehensive", "special"))))
    return {"issued_on": _date(issued), "drills": [{"date": _date(day), "kind": kind} for day, kind in sorted(drills)
                                                   if day > issued]}


def _insurance(draw: _Draw, high_risk: bool) -> Doc | None:
    rng = draw.rng
    if not high_risk:
        return {"safety_liability_until": _date(_int(rng, AS_OF + 1, AS_OF + 365))} if rng.random() < 0.1 else None
    if draw.gap(0.25):
        return None if rng.random() < 0.5 else {"safety_liability_until": _date(_int(rng, JAN1, AS_OF - 1))}
    return {"safety_liability_until": _date(AS_OF if rng.random() < 0.08 else _int(rng, AS_OF + 1, AS_OF + 365))}
