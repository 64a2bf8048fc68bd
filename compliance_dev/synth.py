"""A seeded generator of synthetic record bundles (departments, districts, enterprises) for benchmarks and tests."""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from compliance.records.catalog import default_catalog
from compliance_dev.serialize import to_json, to_toml
from compliance_dev.synth_city import write_city

T = TypeVar("T")
Doc = dict[str, Any]

YEAR = 2022
DISTRICT_SHARE = 0.15
JSON_SHARE = 0.2
FOLDERS = {"department": "departments", "district": "districts"}
_JAN1 = dt.date(YEAR, 1, 1).toordinal()

DEPARTMENTS = (
    "市应急管理局", "市住房和城乡建设委员会", "市交通运输局", "市市场监督管理局", "市消防救援支队", "市公安局",
    "市生态环境局", "市商务局", "市文化和旅游局", "市教育局", "市卫生健康委员会", "市水务局", "市城市管理委员会",
    "市农业农村局", "市经济和信息化局", "市规划和自然资源局", "市体育局", "市民政局", "市国有资产监督管理委员会",
    "市邮政管理局", "市发展和改革委员会", "市人力资源和社会保障局",
)
DISTRICTS = ("东城区", "西城区", "南山区", "北湖区", "高新区", "经开区", "滨江区", "临港区", "青山区", "白云区",
             "新城区", "江北区", "江南区", "东湖区")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌辉鹏宇晨浩然琳雪梅海峰波"
TITLES = {
    "department": ("党组书记、局长", "副局长", ("副局长", "党组成员、副局长", "总工程师", "纪检监察组组长", "二级巡视员")),
    "district": ("区委副书记、区长", "副区长", ("副区长", "区政府党组成员", "区长助理", "区政府秘书长")),
}
SAFETY_LAW = "《中华人民共和国安全生产法》第九十七条"
SAFETY_LAW_OTHER = ("《中华人民共和国安全生产法》第九十九条", "《中华人民共和国安全生产法》第一百零二条",
                    "《中华人民共和国安全生产法》第一百零一条")
SECTOR_LAWS = (
    "《中华人民共和国消防法》第六十条", "《中华人民共和国特种设备安全法》第八十三条", "《危险化学品安全管理条例》第八十条",
    "《中华人民共和国建筑法》第七十一条", "《建设工程安全生产管理条例》第六十二条", "《城镇燃气管理条例》第四十五条",
    "《中华人民共和国道路运输条例》第六十八条", "《安全生产违法行为行政处罚办法》第四十五条",
)
PRL_BASES = ("《中华人民共和国安全生产法》", "《中华人民共和国消防法》", "《中华人民共和国特种设备安全法》",
             "《危险化学品安全管理条例》", "《建设工程安全生产管理条例》", "《地方党政领导干部安全生产责任制规定》",
             "《城镇燃气管理条例》")
SAFETY_TOPICS = ("传达学习全市安全生产工作会议精神", "研究部署安全生产大检查", "分析研判安全生产形势",
                 "部署汛期安全防范工作", "研究重大事故隐患整改", "部署节假日安全防范工作", "审议安全生产权力和责任清单")
OTHER_TOPICS = ("研究年度预算", "部署党风廉政建设", "审议干部任免事项", "研究重点项目推进", "学习贯彻上级会议精神")
DIVISIONS = ("办公室", "政策法规处", "安全生产监督管理处", "行政审批处", "执法监督处", "规划发展处", "人事处",
             "财务处", "科技信息处", "应急指挥处", "综合协调处", "宣传教育处")
SAFETY_DIVISIONS = ("安全生产监督管理处", "应急指挥处")
HAZARD_CATEGORIES = ("消防通道堵塞", "电气线路老化", "未落实动火审批", "有限空间作业未检测", "安全培训记录缺失",
                     "应急预案未演练", "特种设备超期未检", "危化品储存不规范", "脚手架搭设不规范")
CAMPAIGNS = ("安全生产专项整治三年行动", "城镇燃气安全排查整治", "自建房安全专项整治", "消防安全专项整治",
             "有限空间作业专项整治", "动火作业专项整治", "危险化学品安全专项整治", "道路交通安全专项整治")
SUBMISSIONS = ("年度安全生产工作总结", "季度安全生产形势分析报告", "隐患排查治理情况报告", "专项整治进展情况报告",
               "安全生产责任制落实情况报告", "安全生产大检查情况报告")
MEETING_KINDS = ("party_group", "executive", "other")
SENSITIVE_PERIODS = (("全国两会", dt.date(YEAR, 3, 4), dt.date(YEAR, 3, 13)),
                     ("党的二十大", dt.date(YEAR, 10, 16), dt.date(YEAR, 10, 22)))


@dataclass(frozen=True)
class Pools:
    """Codes from the default catalog the generator draws from."""

    industries: tuple[str, ...]
    new_business_forms: tuple[str, ...]
    operations: tuple[str, ...]


def write_bundle(root: Path, units: int, seed: int, enterprises: int = 0, jsonl: bool = True,
                 city: bool = True) -> None:
    """Write audit.toml, `units` unit files (about 85% departments, 15% districts), `enterprises` and the city files
    under root.

    Enterprises go to enterprises-0001.jsonl, ... (jsonl) or enterprises/<id>.toml, drawn from their own seeded
    stream, so adding them leaves the unit files unchanged.
    """
    rng = random.Random(seed)
    catalog = catalog_pools()
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "audit.toml", to_toml(audit_document()))
    districts = round(units * DISTRICT_SHARE)
    plan = [("department", number) for number in range(1, units - districts + 1)]
    plan += [("district", number) for number in range(1, districts + 1)]
    for kind in sorted({kind for kind, _ in plan}):
        (root / FOLDERS[kind]).mkdir(exist_ok=True)
    ids: dict[str, list[str]] = {"department": [], "district": []}
    supervisors: dict[str, list[str]] = {}
    for kind, number in plan:
        document = unit_document(rng, catalog, kind, number)
        ids[kind].append(document["id"])
        if kind == "department":
            for supervision in document["supervises"]:
                supervisors.setdefault(supervision["industry"], []).append(document["id"])
        stem = root / FOLDERS[kind] / document["id"]
        if rng.random() < JSON_SHARE:
            _write(stem.with_suffix(".json"), to_json(document))
        else:
            _write(stem.with_suffix(".toml"), to_toml(document))
    if enterprises > 0:
        from compliance_dev.synth_enterprises import setting, write_enterprises  # it builds on this module's pools

        where = setting(ids["district"], ids["department"], supervisors)
        write_enterprises(root, enterprises, seed, where, jsonl)
    if city:
        write_city(root, seed, ids["department"] + ids["district"], catalog.industries)


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def catalog_pools() -> Pools:
    """The industry, new-business-form and operation codes of the default catalog."""
    catalog = default_catalog()
    return Pools(tuple(entry.code for entry in catalog.industry if entry.in_scope),
                 tuple(entry.code for entry in catalog.industry if entry.in_scope and entry.new_business_form),
                 tuple(entry.code for entry in catalog.operation))


def audit_document() -> Doc:
    """The audit.toml of a synthetic bundle."""
    return {"jurisdiction": "示范市（合成数据）", "year": YEAR, "as_of": dt.date(YEAR, 12, 31),
            "sensitive_periods": [{"name": name, "start": start, "end": end} for name, start, end in SENSITIVE_PERIODS]}


# ---- random helpers (random.Random only, so one seed gives one bundle) ----

def _int(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def _day(rng: random.Random, first: int, last: int) -> dt.date:
    """A date between day-of-year first and last (1-based, inclusive) of the audit year."""
    return dt.date.fromordinal(_JAN1 + _int(rng, first, last) - 1)


def _maybe(rng: random.Random, probability: float, value: T) -> T | None:
    return value if rng.random() < probability else None


def _doy(day: dt.date) -> int:
    return day.toordinal() - _JAN1 + 1


# ---- one unit ----

def unit_document(rng: random.Random, pools: Pools, kind: str, number: int) -> Doc:
    """One department or district record, varied and mostly (not always) complete."""
    names = DEPARTMENTS if kind == "department" else DISTRICTS
    base = names[(number - 1) % len(names)]
    lap = (number - 1) // len(names)
    name = base if lap == 0 else f"{base}（{lap + 1}）"
    unit_id = f"{'dept' if kind == 'department' else 'dist'}-{number:05d}"
    leaders = _leaders(rng, kind)
    supervises = _supervises(rng, pools)
    enterprises = [f"E-{unit_id}-{k:02d}" for k in range(1, _int(rng, 5, 20) + 1)]
    inspections = _inspections(rng, enterprises)
    return {
        "id": unit_id, "name": name, "supervises": supervises,
        "power_responsibility_list": _maybe(rng, 0.96, _prl(rng, pools)),
        "leaders": leaders,
        "safety_committee": _maybe(rng, 0.95, _committee(rng, leaders, base)),
        "meetings": _meetings(rng, leaders),
        "divisions": _divisions(rng),
        "enforcement": _maybe(rng, 0.97, _enforcement(rng, enterprises, inspections)),
        "inspections": inspections,
        "campaigns": _campaigns(rng, pools, [s["industry"] for s in supervises]),
        "submissions": _submissions(rng),
    }


def _person(rng: random.Random) -> str:
    return _pick(rng, SURNAMES) + "".join(_pick(rng, GIVEN) for _ in range(_int(rng, 1, 2)))


def _list_date(rng: random.Random) -> dt.date | None:
    """When a leader's list was issued: mostly in Q1, some late, some missing, a few the year before."""
    roll = rng.random()
    if roll < 0.75:
        return _day(rng, 1, 90)
    if roll < 0.87:
        return _day(rng, 91, 334)
    if roll < 0.95:
        return None
    return dt.date(YEAR - 1, 12, _int(rng, 1, 31))


def _leaders(rng: random.Random, kind: str) -> list[Doc]:
    principal, in_charge, others = TITLES[kind]
    leaders = []
    for index in range(1, _int(rng, 4, 8) + 1):
        role = "principal" if index == 1 else "in_charge" if index == 2 else "other"
        title = principal if index == 1 else in_charge if index == 2 else _pick(rng, others)
        leaders.append({"id": f"L{index:02d}", "name": _person(rng), "title": title, "role": role,
                        "duty_list_issued_on": _list_date(rng), "annual_task_list_issued_on": _list_date(rng)})
    return leaders


def _supervises(rng: random.Random, pools: Pools) -> list[Doc]:
    codes = rng.sample(pools.industries, _int(rng, 1, 4))
    return [{"industry": code, "role": "lead" if rng.random() < 0.4 else "support"} for code in codes]


def _prl(rng: random.Random, pools: Pools) -> Doc:
    revised = _day(rng, 1, 270)
    bases = rng.sample(PRL_BASES, _int(rng, 1, 4))
    forms = rng.sample(pools.new_business_forms, _int(rng, 1, len(pools.new_business_forms))) \
        if pools.new_business_forms and rng.random() < 0.3 else []
    filed = revised + dt.timedelta(days=_int(rng, 5, 60))
    return {"revised_on": _maybe(rng, 0.9, revised), "legal_bases": _maybe(rng, 0.9, bases),
            "new_business_forms": forms or None, "filed_with_bianban_on": _maybe(rng, 0.85, filed),
            "published": _maybe(rng, 0.9, rng.random() < 0.8)}


def _committee(rng: random.Random, leaders: list[Doc], unit_name: str) -> Doc:
    roll = rng.random()
    head = leaders[0]["id"] if roll < 0.85 else leaders[1]["id"] if roll < 0.97 else None
    year = _int(rng, 2018, YEAR)
    return {"form": "committee" if rng.random() < 0.5 else "leading_group",
            "established_on": dt.date(year, _int(rng, 1, 12), _int(rng, 1, 28)), "head": head,
            "document_no": _maybe(rng, 0.9, f"{unit_name[1:3]}安委〔{year}〕{_int(rng, 1, 30)}号")}


def _meetings(rng: random.Random, leaders: list[Doc]) -> list[Doc]:
    total = _int(rng, 4, 10)
    dated: list[tuple[dt.date, str]] = []
    for quarter in range(4):
        if len(dated) < total and rng.random() < 0.85:
            dated.append((_day(rng, quarter * 91 + 1, quarter * 91 + 90), "dedicated_safety"))
    while len(dated) < total:
        dated.append((_day(rng, 1, 365), _pick(rng, MEETING_KINDS)))
    dated.sort()
    return [_meeting(rng, leaders, index, day, kind) for index, (day, kind) in enumerate(dated, 1)]


def _meeting(rng: random.Random, leaders: list[Doc], index: int, day: dt.date, kind: str) -> Doc:
    roll = rng.random()
    chair = leaders[0] if roll < 0.7 else leaders[1] if roll < 0.95 else _pick(rng, leaders)
    pool = SAFETY_TOPICS if kind == "dedicated_safety" else OTHER_TOPICS
    topics = rng.sample(pool, _int(rng, 1, 3))
    return {"id": f"M{index:02d}", "date": _maybe(rng, 0.98, day), "kind": kind, "chaired_by": chair["id"],
            "topics": topics}


def _divisions(rng: random.Random) -> list[Doc]:
    names = rng.sample(DIVISIONS, _int(rng, 3, 8))
    return [{"name": name, "is_safety_division": name in SAFETY_DIVISIONS,
             "safety_duties_defined": _maybe(rng, 0.95, rng.random() < 0.85)} for name in names]


def _inspections(rng: random.Random, enterprises: list[str]) -> list[Doc]:
    days = sorted(_day(rng, 1, 365) for _ in range(_int(rng, 3, 15)))
    out = []
    for index, day in enumerate(days, 1):
        inspection_id = f"I{index:02d}"
        hazards = [{"id": f"{inspection_id}-H{k}", "level": "major" if rng.random() < 0.08 else "general",
                    "category": _pick(rng, HAZARD_CATEGORIES)} for k in range(1, _int(rng, 0, 4) + 1)]
        out.append({"id": inspection_id, "date": day, "enterprise": _pick(rng, enterprises), "hazards_found": hazards})
    return out


def _enforcement(rng: random.Random, enterprises: list[str], inspections: list[Doc]) -> Doc:
    required = _int(rng, 5, 60)
    actual = max(0, required - _int(rng, 0, 6))
    trained = max(0, actual - _int(rng, 0, 4))
    found = [(inspection, hazard) for inspection in inspections for hazard in inspection["hazards_found"]]
    cases = [_case(rng, index, enterprises, found) for index in range(1, _int(rng, 5, 30) + 1)]
    return {"staff_required": required, "staff_actual": actual, "staff_trained": _maybe(rng, 0.9, trained),
            "cases": cases}


def _legal_basis(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.45:
        return [SAFETY_LAW]
    if roll < 0.6:
        return [_pick(rng, SAFETY_LAW_OTHER)]
    if roll < 0.8:
        return [SAFETY_LAW, _pick(rng, SECTOR_LAWS)]
    return rng.sample(SECTOR_LAWS, _int(rng, 1, 2))


def _case(rng: random.Random, index: int, enterprises: list[str], found: list[tuple[Doc, Doc]]) -> Doc:
    maximum = _pick(rng, (50_000, 100_000, 200_000, 500_000, 1_000_000))
    fine = maximum if rng.random() < 0.1 else _int(rng, 1, maximum // 1000) * 1000
    case: Doc = {"id": f"C{index:03d}", "decided_on": _day(rng, 1, 365), "enterprise": _pick(rng, enterprises),
                 "legal_basis": _legal_basis(rng), "fine_yuan": fine, "fine_max_yuan": _maybe(rng, 0.9, maximum)}
    if found and rng.random() < 0.3:
        inspection, hazard = _pick(rng, found)
        case["decided_on"] = _day(rng, min(_doy(inspection["date"]) + 5, 365), 365)
        case["enterprise"] = inspection["enterprise"]
        case["hazard"] = hazard["id"]
    return case


def _campaigns(rng: random.Random, pools: Pools, supervised: list[str]) -> list[Doc]:
    out = []
    for index in range(1, _int(rng, 1, 3) + 1):
        start = _day(rng, 1, 300)
        industries = rng.sample(supervised, _int(rng, 1, len(supervised)))
        if rng.random() < 0.3:
            industries.append(_pick(rng, pools.industries))
        out.append({"id": f"CP{index}", "name": _pick(rng, CAMPAIGNS), "industries": sorted(set(industries)),
                    "operations": rng.sample(pools.operations, _int(rng, 1, min(4, len(pools.operations)))),
                    "start": start, "end": _maybe(rng, 0.9, _day(rng, _doy(start) + 30, 365))})
    return out


def _submissions(rng: random.Random) -> list[Doc]:
    out = []
    for index in range(1, _int(rng, 2, 6) + 1):
        due = _day(rng, 15, 365)
        roll = rng.random()
        submitted = due - dt.timedelta(days=_int(rng, 0, 5)) if roll < 0.75 else \
            due + dt.timedelta(days=_int(rng, 1, 30)) if roll < 0.9 else None
        out.append({"id": f"S{index:02d}", "title": _pick(rng, SUBMISSIONS), "due_on": due,
                    "submitted_on": submitted if submitted is None or submitted.year == YEAR else None})
    return out


# ---- serializers ----
