"""Turn a validated unit into flat facts for the engine: dates as day numbers, periods, derived flags."""
from __future__ import annotations

from typing import Any

from compliance.bundle.load import LoadedUnit
from compliance.core.dates import day_number, quarter_bounds, quarter_label
from compliance.core.problems import InputError
from compliance.facts.core import AuditContext, FactMeta, UnitFacts, cites_safety_law
from compliance.facts.core import day_or_none as _day
from compliance.facts.unit_cases import CaseJudgement, case_values, case_warnings, judge_case
from compliance.facts.unit_types import UNIT_FACT_TYPES
from compliance.records.audit import Audit
from compliance.records.catalog import CatalogIndex
from compliance.records.unit import Meeting, Unit

FACT_TYPES = UNIT_FACT_TYPES


def build(loaded: LoadedUnit, audit: Audit, catalog: CatalogIndex) -> UnitFacts:
    """Every fact of one department or district."""
    context = AuditContext(audit, catalog)
    unit = _unit_of(loaded)
    out = UnitFacts(unit.id, context.calendar())
    judgements = [judge_case(case) for case in (unit.enforcement.cases if unit.enforcement else [])]
    _unit_fact(out, loaded, context, judgements)
    _leaders(out, unit)
    _quarters(out, unit, context)
    _meetings(out, unit)
    _safety_studies(out, unit)
    _sensitive_periods(out, context)
    _divisions(out, unit)
    _supervisions(out, loaded, context)
    _enforcement(out, loaded, context, judgements)
    _inspections(out, unit, context)
    _campaigns(out, loaded, context)
    _submissions(out, unit, context)
    return out


def _unit_of(loaded: LoadedUnit) -> Unit:
    """The department or district record (this builder is never given an enterprise)."""
    assert isinstance(loaded.unit, Unit)
    return loaded.unit


def _unit_fact(out: UnitFacts, loaded: LoadedUnit, context: AuditContext, judgements: list[CaseJudgement]) -> None:
    unit = _unit_of(loaded)
    prl = unit.power_responsibility_list
    committee = unit.safety_committee
    enforcement = unit.enforcement
    values: dict[str, Any] = {
        "kind": loaded.kind, "prl": prl is not None, "committee": committee is not None, "enforcement": enforcement is not None,
    }
    if prl is not None:
        values.update({
            "prl_revised": _day(prl.revised_on), "prl_filed": _day(prl.filed_with_bianban_on),
            "prl_published": prl.published, "prl_document_no": prl.document_no,
            "prl_cites_safety_law": any(cites_safety_law(basis) for basis in prl.legal_bases),
        })
    if committee is not None:
        values.update({"committee_form": committee.form, "committee_established": _day(committee.established_on),
                       "committee_head": _leader_id(unit, committee.head), "committee_document_no": committee.document_no})
    if enforcement is not None:
        values.update({"staff_required": enforcement.staff_required, "staff_actual": enforcement.staff_actual,
                       "staff_trained": enforcement.staff_trained, **_fine_summary(unit, context, judgements)})
    out.add("unit", 0, values, FactMeta("", unit.name, unit.name))


def _fine_summary(unit: Unit, context: AuditContext, judgements: list[CaseJudgement]) -> dict[str, Any]:
    """DEPT-ENF-04's summary on the unit fact: the audit year's fined cases whose maximum is unknown or not reached
    (fine_maxima_known is absent, missing data, when some case's maximum cannot be told)."""
    cases = unit.enforcement.cases if unit.enforcement else []
    fined = [(case, judgement) for case, judgement in zip(cases, judgements, strict=True)
             if judgement.fined and context.in_year(_day(case.decided_on))]
    if not fined:
        return {}
    unknown = [case.id for case, judgement in fined if not judgement.judged]
    below = [(case.id, judgement) for case, judgement in fined if judgement.top is False]
    return {
        "fine_maxima_known": True if not unknown else None,
        "cases_unknown_max": "、".join(unknown) or None, "cases_unknown_max_en": ", ".join(unknown) or None,
        "cases_below_max": "；".join(f"{case_id}：{j.below('zh')}" for case_id, j in below) or None,
        "cases_below_max_en": "; ".join(f"{case_id}: {j.below('en')}" for case_id, j in below) or None,
    }


def _leader_id(unit: Unit, reference: str | None) -> str | None:
    """A leader reference as the leader's id (a unique name is accepted); unknown references stay as given."""
    if reference is None:
        return None
    leader = unit.leader(reference)
    return leader.id if leader is not None else reference


def _leaders(out: UnitFacts, unit: Unit) -> None:
    for index, leader in enumerate(unit.leaders):
        label = "".join(part for part in (leader.name or leader.id, f"（{leader.title}）" if leader.title else ""))
        out.add("leader", index, {
            "leader_id": leader.id, "name": leader.name, "title": leader.title, "role": leader.role,
            "took_office": _day(leader.took_office_on),
            "duty_list": _day(leader.duty_list_issued_on),
            "annual_task_list": _day(leader.annual_task_list_issued_on),
        }, FactMeta(f"leaders[{index}]", label, label.replace("（", " (").replace("）", ")"), key=leader.id))


def _quarters(out: UnitFacts, unit: Unit, context: AuditContext) -> None:
    year = context.audit.year
    for quarter in range(1, 5):
        first, last = quarter_bounds(year, quarter)
        out.add("quarter", quarter, {
            "quarter": quarter, "start": day_number(first), "end": day_number(last),
            "due": day_number(last) <= context.as_of,
        }, FactMeta("meetings", quarter_label(year, quarter), quarter_label(year, quarter, "en"),
                    key=f"{year}-Q{quarter}", period=f"{year}-Q{quarter}", span=(day_number(first), day_number(last))))


def _meetings(out: UnitFacts, unit: Unit) -> None:
    for index, meeting in enumerate(unit.meetings):
        chair = unit.leader(meeting.chaired_by) if meeting.chaired_by is not None else None
        out.add("meeting", index, {
            "meeting_id": meeting.id, "day": _day(meeting.date), "kind": meeting.kind, "chaired_by": meeting.chaired_by,
            "chaired_by_leader": chair is not None if meeting.chaired_by is not None else None,
            "chair_role": chair.role if chair is not None else None,
        }, FactMeta(f"meetings[{index}]", meeting.id, meeting.id))


def _safety_studies(out: UnitFacts, unit: Unit) -> None:
    """Every dedicated study of work safety: each dedicated safety item of a meeting's agenda, whatever the meeting
    (an item without its own chair is chaired by the meeting's), else a dedicated safety meeting as a whole."""
    for index, meeting in enumerate(unit.meetings):
        items = [(number, item) for number, item in enumerate(meeting.agenda) if item.safety]
        for number, item in items:
            title = item.title or f"议题{number + 1}"
            own = item.chaired_by is not None
            _safety_study(out, unit, meeting, item.chaired_by if own else meeting.chaired_by, item.title,
                          f"agenda[{number}].chaired_by" if own else "chaired_by", f"{index}.{number}",
                          FactMeta(f"meetings[{index}]", f"{meeting.id}「{title}」", f"{meeting.id} item {number + 1}",
                                   key=f"{meeting.id}/{number + 1}"))
        if not items and meeting.kind == "dedicated_safety":
            _safety_study(out, unit, meeting, meeting.chaired_by, None, "chaired_by", str(index),
                          FactMeta(f"meetings[{index}]", meeting.id, meeting.id))


def _safety_study(out: UnitFacts, unit: Unit, meeting: Meeting, chair_ref: str | None, title: str | None,
                  chair_path: str, index: str, meta: FactMeta) -> None:
    chair = unit.leader(chair_ref) if chair_ref is not None else None
    head = _leader_id(unit, unit.safety_committee.head) if unit.safety_committee is not None else None
    out.add("safety_study", index, {
        "meeting_id": meeting.id, "title": title, "day": _day(meeting.date), "kind": meeting.kind,
        "chair_path": chair_path,
        "chaired_by": chair_ref, "chaired_by_leader": chair is not None if chair_ref is not None else None,
        "chair_role": chair.role if chair is not None else None,
        "chaired_by_committee_head": (chair is not None and chair.id == head) if chair_ref is not None else None,
    }, meta)


def _sensitive_periods(out: UnitFacts, context: AuditContext) -> None:
    for index, period in enumerate(context.audit.sensitive_periods):
        start = day_number(period.start)
        out.add("sensitive_period", index, {
            "name": period.name, "start": start, "end": _day(period.end),
            "in_year": context.in_year(start), "due": start <= context.as_of,
        }, FactMeta("meetings", period.name, period.name, key=f"{context.audit.year}/{period.name}",
                    period=f"{context.audit.year}/{period.name}",
                    span=(start, _day(period.end) or start)))  # the gap is fixed in the unit's meetings


def _divisions(out: UnitFacts, unit: Unit) -> None:
    for index, division in enumerate(unit.divisions):
        out.add("division", index, {
            "name": division.name, "is_safety_division": division.is_safety_division,
            "safety_duties_defined": division.safety_duties_defined, "document_no": division.document_no,
        }, FactMeta(f"divisions[{index}]", division.name, division.name))


def _industry_code(out: UnitFacts, loaded: LoadedUnit, context: AuditContext, text: str, path: str) -> str:
    code = context.catalog.industry_code(text)
    if code is None:
        out.warnings.append(InputError(loaded.file, loaded.unit.id, path, f"未知行业代码 '{text}'（不在行业目录中）",
                                       f"unknown industry code '{text}' (not in the catalog)", "warning"))
        return text
    return code


def _supervisions(out: UnitFacts, loaded: LoadedUnit, context: AuditContext) -> None:
    for index, supervision in enumerate(_unit_of(loaded).supervises):
        code = _industry_code(out, loaded, context, supervision.industry, f"supervises[{index}].industry")
        entry = context.catalog.industries.get(code)
        name = entry.name if entry else supervision.industry
        out.add("supervision", index, {
            "industry": code, "industry_name": name, "role": supervision.role, "known": entry is not None,
            "key": entry.key if entry else None, "new_business_form": entry.new_business_form if entry else None,
        }, FactMeta(f"supervises[{index}]", name, entry.name_en or code if entry else code))
    prl = _unit_of(loaded).power_responsibility_list
    for index, form in enumerate(prl.new_business_forms if prl else []):
        code = _industry_code(out, loaded, context, form, f"power_responsibility_list.new_business_forms[{index}]")
        out.add("prl_business_form", index, {"industry": code},
                FactMeta(f"power_responsibility_list.new_business_forms[{index}]", form, code))


def _enforcement(out: UnitFacts, loaded: LoadedUnit, context: AuditContext, judgements: list[CaseJudgement]) -> None:
    unit = _unit_of(loaded)
    for index, case in enumerate(unit.enforcement.cases if unit.enforcement else []):
        day = _day(case.decided_on)
        out.add("case", index, {
            "case_id": case.id, "day": day, "in_year": context.in_year(day), "enterprise": case.enterprise,
            "cites_safety_law": any(cites_safety_law(basis) for basis in case.legal_basis),
            "fine_yuan": case.fine_yuan, "fine_max_yuan": case.fine_max_yuan, "hazard": case.hazard,
            **case_values(judgements[index]),
        }, FactMeta(f"enforcement.cases[{index}]", case.id, case.id, key=case.id))
        out.warnings.extend(case_warnings(loaded.file, unit.id, index, judgements[index]))


def _inspections(out: UnitFacts, unit: Unit, context: AuditContext) -> None:
    for index, inspection in enumerate(unit.inspections):
        day = _day(inspection.date)
        for hazard_index, hazard in enumerate(inspection.hazards_found):
            out.add("hazard", f"{index}.{hazard_index}", {
                "hazard_id": hazard.id, "inspection": inspection.id, "day": day, "in_year": context.in_year(day),
                "enterprise": inspection.enterprise, "level": hazard.level, "category": hazard.category,
            }, FactMeta(f"inspections[{index}].hazards_found[{hazard_index}]", hazard.id, hazard.id))


def _campaigns(out: UnitFacts, loaded: LoadedUnit, context: AuditContext) -> None:
    for index, campaign in enumerate(_unit_of(loaded).campaigns):
        start, end = _day(campaign.start), _day(campaign.end)
        in_year = context.in_year(start, end)
        out.add("campaign", index, {"campaign_id": campaign.id, "name": campaign.name, "start": start, "end": end,
                                    "in_year": in_year},
                FactMeta(f"campaigns[{index}]", campaign.name or campaign.id, campaign.id, key=campaign.id))
        for item, text in enumerate(campaign.industries):
            code = _industry_code(out, loaded, context, text, f"campaigns[{index}].industries[{item}]")
            out.add("campaign_industry", f"{index}.{item}", {"campaign": campaign.id, "industry": code, "in_year": in_year},
                    FactMeta(f"campaigns[{index}].industries[{item}]", text, code))
        for item, text in enumerate(campaign.operations):
            operation = context.catalog.operation_code(text)
            if operation is None:
                out.warnings.append(InputError(loaded.file, loaded.unit.id, f"campaigns[{index}].operations[{item}]",
                                               f"未知作业类型 '{text}'", f"unknown operation '{text}'", "warning"))
            out.add("campaign_operation", f"{index}.{item}", {"campaign": campaign.id, "operation": operation or text,
                                                              "in_year": in_year},
                    FactMeta(f"campaigns[{index}].operations[{item}]", text, operation or text))
    _key_operations(out, loaded, context)


def _key_operations(out: UnitFacts, loaded: LoadedUnit, context: AuditContext) -> None:
    """The key operations, each relevant if an industry the unit leads needs it (the catalog's key_operations);
    one needed only by an industry whose role (lead or support) is not declared is missing data."""
    led: dict[str, list[str]] = {}
    undeclared: set[str] = set()
    catalog = context.catalog
    for supervision in _unit_of(loaded).supervises:
        code = catalog.industry_code(supervision.industry) or supervision.industry
        for operation in catalog.key_operations(code):
            if supervision.role == "lead":
                led.setdefault(operation, []).append(code)
            elif supervision.role is None:
                undeclared.add(operation)
    for code, entry in catalog.operations.items():
        if entry.key or code in led or code in undeclared:
            relevant = True if code in led else None if code in undeclared else False
            industries = led.get(code, [])
            out.add("key_operation", code, {
                "operation": code, "name": entry.name, "relevant": relevant,
                "industries": "、".join(catalog.industry_name(i) for i in industries) or None,
                "industries_en": ", ".join(catalog.industry_name(i, "en") for i in industries) or None,
            }, FactMeta("campaigns" if relevant is not None else "", entry.name, entry.name_en or code))


def _submissions(out: UnitFacts, unit: Unit, context: AuditContext) -> None:
    for index, submission in enumerate(unit.submissions):
        due = _day(submission.due_on)
        out.add("submission", index, {
            "submission_id": submission.id, "title": submission.title, "due": due,
            "submitted": _day(submission.submitted_on), "due_passed": due <= context.as_of if due is not None else None,
        }, FactMeta(f"submissions[{index}]", submission.title or submission.id, submission.title or submission.id,
                    key=submission.id))
