"""Turn a validated enterprise into flat facts (workers, certificates, hazards, months, operations, flags), and
the digest it contributes to the city session."""
from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from compliance.bundle.load import LoadedUnit
from compliance.core.dates import day_number, half_bounds, half_label
from compliance.core.problems import InputError
from compliance.facts.certificates import certificate_values
from compliance.facts.core import AuditContext, FactMeta, UnitFacts
from compliance.facts.core import day_or_none as _day
from compliance.facts.drills import ON_SITE, PLAN_DRILLS, drill_record
from compliance.facts.enterprise_types import ENTERPRISE_FACT_TYPES
from compliance.records.audit import Audit
from compliance.records.catalog import CatalogIndex, Industry
from compliance.records.city import EnterpriseDigest, HazardSeen
from compliance.records.enterprise import DangerousOperation, Enterprise, EnterpriseLinks, Worker

FACT_TYPES = ENTERPRISE_FACT_TYPES
DIGEST_SOURCE = EnterpriseLinks  # what the city's first pass reads of an enterprise
RISK_GRADE_ZH = {"major": "重大风险", "significant": "较大风险", "general": "一般风险", "low": "低风险"}
EMPLOYMENT_ZH = {"regular": "正式职工", "temporary": "临时工", "dispatched": "劳务派遣", "intern": "实习学生"}
# art. 24 ¶1 and art. 27 ¶2: 危险物品的生产、经营、储存、装卸单位, and 运输单位; art. 27 ¶3: 生产、储存、装卸单位 only
GOODS_UNIT_MODES = frozenset({"production", "trading", "storage", "loading", "transport"})
ENGINEER_MODES = frozenset({"production", "storage", "loading"})
COST_MODES = frozenset({"production", "storage"})  # the 办法's 危险品"生产与储存" (catalog.toml, safety_costs)
DRILL_MODES = frozenset({"production", "trading", "storage", "transport"})  # 应急条例 art. 8 ¶2: 生产、经营、储存、运输
# GB 30871: the 2022 edition binds 危险化学品生产、经营（带储存）企业 from its entry into force; before it, the 2014
# edition (in force from 2015) bound 化学品生产单位 (see rulesets/enterprise.toml, ENT-OPS-02)
GB30871_2022_IN_FORCE = day_number(dt.date(2022, 10, 1))
PERMIT_MODES_2022 = frozenset({"production", "storage"})
PERMIT_MODES_2014 = frozenset({"production"})


def build(loaded: LoadedUnit, audit: Audit, catalog: CatalogIndex) -> UnitFacts:
    """Every fact of one enterprise; every fact carries the calendar and the enterprise's legal category flags."""
    enterprise = loaded.unit
    assert isinstance(enterprise, Enterprise)
    context = AuditContext(audit, catalog)
    industry = catalog.industry_code(enterprise.industry) if enterprise.industry else None
    entry = catalog.industries.get(industry) if industry else None
    flags = _flags(enterprise, entry)
    out = UnitFacts(enterprise.id, {**context.calendar(), **{k: v for k, v in flags.items() if v is not None}})
    record = f"{enterprise.id} (line {loaded.line})" if loaded.line is not None else enterprise.id
    if enterprise.industry is not None and industry is None:
        out.warnings.append(InputError(loaded.file, record, "industry",
                                       f"未知行业代码 '{enterprise.industry}'（不在行业目录中），按一般行业检查"
                                       "（是否属工矿商贸无法判定）",
                                       f"unknown industry code '{enterprise.industry}' (not in the catalog); "
                                       "checked as an ordinary industry (whether industrial, mining or trade: not known)",
                                       "warning", line=loaded.line or 0))
    _enterprise_fact(out, enterprise, industry, entry, context, _safety_costs(enterprise, audit.year, out, loaded, record))
    _people(out, enterprise, loaded, record, context)
    _hazards(out, enterprise, context.as_of, catalog)
    _unlisted_categories(out, enterprise, catalog, loaded, record)
    _risks(out, enterprise)
    _months(out, context)
    _half_years(out, enterprise, context)
    _operations(out, enterprise, catalog, loaded, record, _permit_scope(enterprise, entry))
    return out


def _flags(enterprise: Enterprise, entry: Industry | None) -> dict[str, bool | None]:
    """The legal categories of the enterprise: by its industry's catalog entry (unknown industry: none of them, and
    whether it is 工矿商贸 not known), narrowed by its business modes where the industry deals in dangerous goods;
    None: not known, the business modes not being declared."""
    high_risk = enterprise.high_risk if enterprise.high_risk is not None else bool(entry and entry.high_risk)
    modes = set(enterprise.business_modes) if enterprise.business_modes is not None else None
    goods = entry is not None and entry.dangerous_goods

    def in_modes(listed: frozenset[str]) -> bool:
        """Whether the unit deals in the goods in one of the modes a provision lists (modes not declared: yes)."""
        return not goods or modes is None or bool(modes & listed)

    goods_unit = in_modes(GOODS_UNIT_MODES)
    engineer: bool | None = bool(entry and entry.art27_engineer)
    if engineer and goods:
        engineer = bool(modes & ENGINEER_MODES) if modes is not None else None
    costs = enterprise.safety_costs
    costs_required = (costs.required if costs is not None and costs.required is not None
                      else bool(entry and entry.safety_costs) and in_modes(COST_MODES))
    return {
        "high_risk": high_risk,
        "art24": bool(entry and entry.art24) and goods_unit,
        "art27": bool(entry and entry.art27) and goods_unit,
        "engineer_required": engineer,
        "industrial_trade": entry.industrial_trade if entry is not None else None,
        "training_high": bool(entry and entry.training_class == "high_risk"),
        "drill_half_yearly": bool(entry and entry.drill_half_yearly) and in_modes(DRILL_MODES),
        "art36_gas": bool(entry and entry.art36_gas),
        "safety_costs_required": costs_required,
    }


def _permit_scope(enterprise: Enterprise, entry: Industry | None) -> tuple[bool | None, bool | None]:
    """Whether GB 30871 binds the enterprise in its 2022 and its 2014 edition (None: business modes not declared)."""
    if entry is None or not entry.chemicals:
        return False, False
    if enterprise.business_modes is None:
        return None, None
    modes = set(enterprise.business_modes)
    return bool(modes & PERMIT_MODES_2022), bool(modes & PERMIT_MODES_2014)


def _enterprise_fact(out: UnitFacts, enterprise: Enterprise, industry: str | None, entry: Industry | None,
                     context: AuditContext, costs: dict[str, Any]) -> None:
    principal = enterprise.principal
    plan = enterprise.emergency_plan
    values: dict[str, Any] = {
        "industry": industry or enterprise.industry, "industry_name": entry.name if entry else enterprise.industry,
        "known_industry": entry is not None if enterprise.industry else None,
        "district": enterprise.district, "supervisor": enterprise.supervisor, "headcount": enterprise.headcount,
        "safety_department": _day(enterprise.safety_department_established_on),
        "principal": True if principal is not None else None,  # absent: not declared (资料缺失), not "no"
        "responsibility_system": _day(enterprise.responsibility_system_issued_on),
        "responsibility_assessed": _day(enterprise.responsibility_assessed_on),
        "training_plan": _day(enterprise.training_plan_issued_on),
        "emergency_plan": plan is not None,
        "insurance_until": _day(enterprise.insurance.safety_liability_until) if enterprise.insurance else None,
        "uses_gas": enterprise.uses_gas, "gas_alarm_installed": enterprise.gas_alarm_installed,
        "gas_alarm_tested": _day(enterprise.gas_alarm_tested_on), "gas_alarm_working": enterprise.gas_alarm_working,
        "risk_control": True if enterprise.risk_control is not None else None,  # absent: not declared (资料缺失)
        "risk_system": _day(enterprise.risk_control.system_issued_on) if enterprise.risk_control else None,
        **costs,
    }
    if principal is not None:
        values.update({"principal_name": principal.name, "principal_assessed": _day(principal.assessed_on),
                       "principal_initial_hours": principal.initial_training_hours,
                       "principal_annual_hours": principal.annual_training_hours})
    if plan is not None:
        drills = drill_record(plan)
        values.update({"emergency_plan_issued": _day(plan.issued_on), "last_drill": drills.last(),
                       "plan_drills": drills.count(context.year_start, context.year_end, PLAN_DRILLS)})
    out.add("enterprise", 0, values, FactMeta("", enterprise.name, enterprise.name))


def _safety_costs(enterprise: Enterprise, year: int, out: UnitFacts, loaded: LoadedUnit,
                  record: str) -> dict[str, Any]:
    """The audit year's safety costs for the enterprise fact; figures of another year are not the audit year's."""
    costs = enterprise.safety_costs
    if costs is None:
        return {}
    if costs.year not in (None, year):
        out.warnings.append(InputError(loaded.file, record, "safety_costs.year",
                                       f"安全生产费用为{costs.year}年度，不是检查年度{year}年，未采用",
                                       f"the safety costs are of {costs.year}, not of the audit year {year}: not used",
                                       "warning", line=loaded.line or 0))
        return {}
    return {"safety_costs": True, "costs_extracted": costs.extracted_yuan, "costs_used": costs.used_yuan,
            "costs_misused": costs.misused_yuan}


def _people(out: UnitFacts, enterprise: Enterprise, loaded: LoadedUnit, record: str, context: AuditContext) -> None:
    for index, officer in enumerate(enterprise.safety_officers):
        out.add("safety_officer", index, {
            "name": officer.name, "full_time": officer.full_time, "assessed": _day(officer.assessed_on),
            "registered_safety_engineer": officer.registered_safety_engineer,
        }, FactMeta(f"safety_officers[{index}]", officer.name, officer.name))
    for index, regulation in enumerate(enterprise.regulations):
        out.add("regulation", index, {"name": regulation.name, "issued": _day(regulation.issued_on),
                                      "operating_procedure": "操作规程" in regulation.name},
                FactMeta(f"regulations[{index}]", regulation.name, regulation.name))
    names = {}
    for index, worker in enumerate(enterprise.workers):
        names[worker.id] = worker.name or worker.id
        kind = f"（{EMPLOYMENT_ZH[worker.employment]}）" if worker.employment else ""
        out.add("worker", index, {
            "worker_id": worker.id, "name": worker.name, "employment": worker.employment, "hired": _day(worker.hired_on),
            "pre_job_hours": worker.pre_job_training_hours, "training_passed": _day(worker.training_passed_on),
            "annual_hours": worker.annual_training_hours, **_archive(worker),
        }, FactMeta(f"workers[{index}]", f"{worker.name or worker.id}{kind}",
                    f"{worker.name or worker.id}" + (f" ({worker.employment})" if worker.employment else ""),
                    key=worker.id))
    for index, operator in enumerate(enterprise.special_operators):
        known = operator.worker in names
        if not known:
            out.warnings.append(InputError(loaded.file, record, f"special_operators[{index}].worker",
                                           f"'{operator.worker}' 不在本企业 workers 中", f"'{operator.worker}' is not among the workers",
                                           "warning", line=loaded.line or 0))
        label = f"{names.get(operator.worker, operator.worker)}（{operator.operation or '特种作业'}）"
        code = _certifier(operator.operation, context)
        out.add("special_operator", index, {
            "worker": operator.worker, "known_worker": known, "operation": operator.operation,
            "certificate_no": operator.certificate_no, "certificate_expires": _day(operator.certificate_expires_on),
            "certificate_issued": _day(operator.certificate_issued_on), "reviewed": _day(operator.reviewed_on),
            "certificate_type": operator.certificate_type or code,
            **certificate_values(operator, context.year_start, context.as_of),
        }, FactMeta(f"special_operators[{index}]", label, label.replace("（", " (").replace("）", ")"),
                    key=f"{operator.worker}/{operator.operation or ''}"))


def _certifier(operation: str | None, context: AuditContext) -> str | None:
    """Who certifies a special operation, from the catalog (None: the operation is not in it)."""
    code = context.catalog.special_operation_code(operation) if operation else None
    return context.catalog.special_operations[code].certificate if code else None


def _archive(worker: Worker) -> dict[str, Any]:
    """The worker's training archive (art. 28 ¶4): given or not, and which entries lack the date, content or result."""
    if worker.training_records is None:
        return {}
    gaps, gaps_en = [], []
    for number, entry in enumerate(worker.training_records, start=1):
        lacking = [(zh, en) for zh, en, value in (("时间", "date", entry.date), ("内容", "content", entry.content),
                                                  ("考核结果", "result", entry.result)) if not value]
        if lacking:
            gaps.append(f"第{number}条缺{'、'.join(zh for zh, _ in lacking)}")
            gaps_en.append(f"entry {number} lacks the {', '.join(en for _, en in lacking)}")
    return {"archive": bool(worker.training_records), "archive_incomplete": len(gaps),
            "archive_gaps": "；".join(gaps), "archive_gaps_en": "; ".join(gaps_en)}


def _hazards(out: UnitFacts, enterprise: Enterprise, as_of: int, catalog: CatalogIndex) -> None:
    for index, hazard in enumerate(enterprise.hazards):
        label = f"{hazard.id}（{hazard.category}）" if hazard.category else hazard.id
        rectified = _day(hazard.rectified_on)
        out.add("enterprise_hazard", index, {
            "hazard_id": hazard.id, "found": _day(hazard.found_on), "found_by": hazard.found_by, "level": hazard.level,
            "category": catalog.hazards.name(hazard.category) if hazard.category else None,
            "category_text": hazard.category,
            "deadline": _day(hazard.deadline), "rectified": rectified,
            "open": rectified is None or rectified > as_of,
            "reported": _day(hazard.reported_on), "notified_staff": _day(hazard.notified_staff_on),
        }, FactMeta(f"hazards[{index}]", label, label.replace("（", " (").replace("）", ")"), key=hazard.id))
    for index, inspection in enumerate(enterprise.self_inspections):
        out.add("self_inspection", index, {"day": day_number(inspection.date), "scope": inspection.scope},
                FactMeta(f"self_inspections[{index}]", inspection.date.isoformat(), inspection.date.isoformat()))


def _unlisted_categories(out: UnitFacts, enterprise: Enterprise, catalog: CatalogIndex, loaded: LoadedUnit,
                         record: str) -> None:
    """A warning for each hazard category text the hazard category list does not recognise (grouped as written)."""
    for index, hazard in enumerate(enterprise.hazards):
        if hazard.category and not catalog.hazards.match(hazard.category).mapped:
            out.warnings.append(InputError(
                loaded.file, record, f"hazards[{index}].category",
                f"隐患类别“{hazard.category}”不在隐患类别目录中，按所填文字单独归类（可在 city/industries.toml 的 hazard 中补充别名或匹配模式）",
                f"hazard category '{hazard.category}' is not on the hazard category list; grouped as written (add an "
                "alias or a pattern under hazard in city/industries.toml)", "warning", line=loaded.line or 0))


def _risks(out: UnitFacts, enterprise: Enterprise) -> None:
    """Major hazard sources (art. 40) and the graded risks of the risk list (art. 41 ¶1)."""
    for index, source in enumerate(enterprise.major_hazard_sources):
        label = f"{source.id}（{source.name}）" if source.name else source.id
        out.add("major_hazard_source", index, {
            "source_id": source.id, "name": source.name, "registered": _day(source.registered_on),
            "tested": _day(source.last_tested_on), "assessed": _day(source.last_assessed_on),
            "monitored": source.monitored, "plan_issued": _day(source.emergency_plan_issued_on),
            "informed": _day(source.staff_informed_on), "filed": _day(source.filed_on),
        }, FactMeta(f"major_hazard_sources[{index}]", label, label.replace("（", " (").replace("）", ")"),
                    key=source.id))
    for index, risk in enumerate(enterprise.risk_control.risks if enterprise.risk_control else []):
        label = f"{risk.id}（{risk.name}）" if risk.name else risk.id
        out.add("risk", index, {"risk_id": risk.id, "name": risk.name, "grade": risk.grade,
                                "grade_name": RISK_GRADE_ZH.get(risk.grade or ""),
                                "measures": (risk.measures or "").strip() or None},
                FactMeta(f"risk_control.risks[{index}]", label, label.replace("（", " (").replace("）", ")"),
                         key=risk.id))


def _months(out: UnitFacts, context: AuditContext) -> None:
    year = context.audit.year
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        out.add("month", month, {"month": month, "start": day_number(first), "end": day_number(last),
                                 "due": day_number(last) <= context.as_of},
                FactMeta("self_inspections", f"{year}年{month}月", f"{year}-{month:02d}", key=f"{year}-M{month:02d}",
                         period=f"{year}-M{month:02d}", span=(day_number(first), day_number(last))))


def _half_years(out: UnitFacts, enterprise: Enterprise, context: AuditContext) -> None:
    """The audit year's two halves, with the drills the records show in each (办法 art. 33: every half year)."""
    year, plan = context.audit.year, enterprise.emergency_plan
    drills = drill_record(plan)
    for half in (1, 2):
        first, last = (day_number(day) for day in half_bounds(year, half))
        out.add("half_year", half, {
            "half": half, "start": first, "end": last, "due": last <= context.as_of, "plan": plan is not None,
            "plan_issued": _day(plan.issued_on) if plan is not None else None,
            "drills": drills.count(first, last), "on_site_drills": drills.count(first, last, ON_SITE),
            "last_drill": drills.last(),
        }, FactMeta("emergency_plan", half_label(year, half), half_label(year, half, "en"), key=f"{year}-H{half}",
                    period=f"{year}-H{half}", span=(first, last)))


def _operations(out: UnitFacts, enterprise: Enterprise, catalog: CatalogIndex, loaded: LoadedUnit,
                record: str, scope: tuple[bool | None, bool | None]) -> None:
    for index, operation in enumerate(enterprise.dangerous_operations):
        code = catalog.operation_code(operation.kind) if operation.kind else None
        if operation.kind and code is None:
            out.warnings.append(InputError(loaded.file, record, f"dangerous_operations[{index}].kind",
                                           f"未知作业类型 '{operation.kind}'", f"unknown operation '{operation.kind}'",
                                           "warning", line=loaded.line or 0))
        entry = catalog.operations.get(code) if code else None
        kind_name = entry.name if entry else operation.kind
        label = f"{operation.id}（{kind_name}）" if kind_name else operation.id
        out.add("dangerous_operation", index, {
            "operation_id": operation.id, "day": _day(operation.date), "kind": code or operation.kind, "kind_name": kind_name,
            "permit_no": operation.permit_no, "onsite_safety_manager": operation.onsite_safety_manager,
            **_permit(operation, entry.special_work if entry else None, scope, out.calendar["as_of"]),
        }, FactMeta(f"dangerous_operations[{index}]", label, f"{operation.id} ({operation.kind or ''})",
                    key=operation.id))


def _permit(operation: DangerousOperation, special: bool | None, scope: tuple[bool | None, bool | None],
            as_of: int) -> dict[str, Any]:
    """Whether GB 30871 requires a permit for the operation: one of its special operations, at an enterprise it
    binds in the edition in force on the operation's day (no day: on the audit date); None when not known."""
    day = day_number(operation.date) if operation.date is not None else as_of
    edition = "GB 30871—2022" if day >= GB30871_2022_IN_FORCE else "GB 30871—2014"
    binds = scope[0] if day >= GB30871_2022_IN_FORCE else scope[1]
    if binds is False or special is False:
        return {"permit_required": False}
    if binds is None or special is None:
        return {"permit_basis": edition}
    return {"permit_required": True, "permit_basis": edition}


def digest(enterprise: Enterprise | EnterpriseLinks, catalog: CatalogIndex) -> EnterpriseDigest:
    """What the city session and the city summary need of one enterprise."""
    industry = catalog.industry_code(enterprise.industry) if enterprise.industry else None
    # built from a validated record: model_construct skips validating the same values again, for every enterprise
    hazards = [HazardSeen.model_construct(category=catalog.hazards.name(hazard.category), found_on=hazard.found_on)
               for hazard in enterprise.hazards if hazard.category]
    return EnterpriseDigest.model_construct(id=enterprise.id, name=enterprise.name, supervisor=enterprise.supervisor,
                                            district=enterprise.district, industry=industry or enterprise.industry,
                                            hazards=hazards)
