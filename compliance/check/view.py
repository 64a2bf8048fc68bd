"""Build the report's view: the kinds in use, the bundle's industry names, the labels of evidence fields and of the
record paths evidence points at (`meetings[2].date` read as 会议记录第3条·日期)."""
from __future__ import annotations

from compliance.facts.base import FactType, FieldSpec
from compliance.facts.city import REPORT_FIGURES
from compliance.facts.schema import fact_types
from compliance.records.catalog import CatalogIndex
from compliance.records.kinds import kinds
from compliance.report.view import KindView, ReportView

Labels = tuple[str, str]

# Record lists and sections named in words of their own (no fact type lists them, or a type's label would mislead),
# keyed as docs/records.md writes paths (`[]`: a list's items), each with the noun its fields' labels may begin with
# (dropped after it: 会议记录第3条·日期, not ·会议日期).
_SECTIONS: dict[str, tuple[Labels, Labels]] = {
    "power_responsibility_list": (("权力和责任清单", "power-and-responsibility list"), ("权责清单", "list")),
    "power_responsibility_list.new_business_forms[]": (("新业态", "new business form"), ("", "")),
    "safety_committee": (("内部安委会或领导小组", "internal safety committee"), ("安委会", "committee")),
    "meetings[]": (("会议记录", "meeting"), ("会议", "meeting")),
    "meetings[].agenda[]": (("议题", "agenda item"), ("议题", "item")),
    # an agenda item's chair (a dedicated study's chair is read from it through chair_path, which names no label)
    "meetings[].agenda[].chaired_by": (("主持人", "chaired by"), ("", "")),
    "inspections[]": (("检查记录", "inspection"), ("检查", "inspection")),
    "inspections[].hazards_found[]": (("发现隐患", "hazard found"), ("隐患", "hazard")),
    "enforcement": (("执法信息", "enforcement"), ("", "")),
    "enforcement.cases[]": (("执法案件", "case"), ("案件", "case")),
    "principal": (("主要负责人", "principal"), ("主要负责人", "principal")),
    "hazards[]": (("事故隐患", "hazard"), ("隐患", "hazard")),
    "emergency_plan": (("应急救援预案", "emergency plan"), ("应急救援预案", "emergency plan")),
    "emergency_plan.drills": (("应急演练记录", "drills"), ("", "")),
    "emergency_plan.drills[]": (("应急演练", "drill"), ("演练", "drill")),
    # no fact type lists the drills one by one (the half years count them): their fields are named here
    "emergency_plan.drills[].date": (("演练日期", "date"), ("", "")),
    "emergency_plan.drills[].kind": (("演练类型", "kind"), ("", "")),
    "emergency_plan.drills[].name": (("演练名称", "name"), ("", "")),
    "emergency_plan.last_drill_on": (("最近一次演练日期", "the date of the last drill"), ("", "")),
    "insurance": (("安全生产责任保险", "work-safety liability insurance"), ("安全生产责任保险", "liability insurance")),
    "industry[]": (("行业", "industry"), ("", "")),  # city/industries.toml
    "operation[]": (("作业", "operation"), ("作业", "operation")),
    "directive[]": (("下发文件", "directive"), ("文件", "directive")),
    "directive[].relays[]": (("传达记录", "relay"), ("", "")),
    "directive[].relays[].enterprises": (("传达到的企业", "enterprises reached"), ("", "")),
    "report[]": (("统计报表", "statistics report"), ("报表", "report")),
    "accident[]": (("生产安全事故", "accident"), ("", "")),
    "commendation[]": (("表彰奖励", "commendation"), ("", "")),
    "enterprises[]": (("企业", "enterprise"), ("", "")),  # the city's view across enterprises
    "enterprises[].hazards": (("事故隐患", "hazards"), ("", "")),
}
# The record a fact type's field sources are relative to, where it is not the type's own `path` list: a nested
# list, a city file's list, the unit's list a city fact is about, or the unit itself ("").
_ITEMS: dict[str, str] = {
    "prl_business_form": "",
    "hazard": "inspections[].hazards_found[]", "campaign_industry": "campaigns[]", "campaign_operation": "campaigns[]",
    "lead": "supervises[]", "relay": "directive[].relays[]", "stat_report": "report[]", "stat_figure": "report[]",
    "stat_change": "report[]", "stat_register": "report[]", "accident": "accident[]", "commendation": "commendation[]",
    "scope_industry": "industry[]", "key_operation": "", "half_year": "emergency_plan",
}


def build_view(catalog: CatalogIndex) -> ReportView:
    """The view of a run over a bundle whose catalog (shipped entries and the city's own) is given."""
    return ReportView(
        kinds=tuple(KindView(kind.name, kind.label, kind.plural, kind.order, kind.ranking, kind.linked)
                    for kind in kinds()),
        industries={code: (entry.name or code, entry.name_en or code) for code, entry in catalog.industries.items()},
        fields={name: {field: (spec.shown("zh"), spec.shown("en")) for field, spec in fact_type.fields.items()}
                for name, fact_type in fact_types().items()},
        paths=path_labels(tuple(fact_types().values())))


def _item_path(fact_type: FactType) -> str:
    """Where the records the type's field sources are relative to are listed ("" for the unit itself)."""
    return _ITEMS.get(fact_type.name, f"{fact_type.path}[]" if fact_type.path else "")


def _stripped(label: str, nouns: list[str], separator: str) -> str:
    """A field's label without a noun it begins with that its list or section already says (会议日期 → 日期)."""
    for noun in nouns:
        head = noun + separator
        if noun and label.lower().startswith(head.lower()) and len(label) > len(head):
            return label[len(head):]
    return label


def path_labels(types: tuple[FactType, ...]) -> dict[str, Labels]:
    """The labels of record paths (docs/records.md's notation): lists and sections from the table above and the
    types' own labels, fields from the types' field sources (a value field rather than a yes/no read from it)."""
    paths: dict[str, Labels] = {path: labels for path, (labels, _noun) in _SECTIONS.items()}
    for fact_type in types:
        item = _item_path(fact_type)
        if item:
            paths.setdefault(item, (fact_type.zh, fact_type.en))
    fields: dict[str, tuple[Labels, bool]] = {}
    for fact_type in types:
        for key, spec in _sourced(fact_type):
            labels = _field_labels(key, spec, fact_type, paths)
            if key not in fields or (fields[key][1] and spec.kind != "bool"):
                fields[key] = (labels, spec.kind == "bool")
    figures = {f"report[].{name}": labels for name, labels in REPORT_FIGURES.items()}
    return {**{key: labels for key, (labels, _bool) in fields.items()}, **figures, **paths}


def _sourced(fact_type: FactType) -> list[tuple[str, FieldSpec]]:
    """The type's fields that name a record field, each with that field's path."""
    item = _item_path(fact_type)
    return [(spec.source[1:] if spec.source.startswith("/") else f"{item}.{spec.source}" if item else spec.source, spec)
            for spec in fact_type.fields.values() if spec.source and "{" not in spec.source]


def _field_labels(key: str, spec: FieldSpec, fact_type: FactType, paths: dict[str, Labels]) -> Labels:
    """A field's (zh, en) label under its list or section: the nouns they already say dropped."""
    parent = key.rpartition(".")[0]
    section, noun = _SECTIONS.get(parent, (paths.get(parent, ("", "")), ("", "")))
    return (_stripped(spec.zh, [fact_type.zh, section[0], noun[0]], ""),
            _stripped(spec.en, [fact_type.en, section[1], noun[1]], " "))
