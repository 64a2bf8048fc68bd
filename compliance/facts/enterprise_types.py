"""Fact types of enterprises (生产经营单位); every enterprise fact also carries the ENTERPRISE_CONTEXT flags."""
from __future__ import annotations

from compliance.facts.base import FactType, FieldSpec
from compliance.facts.base import field as _f

ENTERPRISE_CONTEXT: dict[str, FieldSpec] = {
    # no source: these are the enterprise's categories, never the field at fault of an item
    "high_risk": _f("bool", "高危行业", "high-risk industry", "", ("高危行业（第五十一条）", "high-risk industry (art. 51)")),
    "art24": _f("bool", "第二十四条第一款所列单位", "an art. 24 ¶1 enterprise"),
    "art27": _f("bool", "第二十七条第二款所列单位", "an art. 27 ¶2 enterprise"),
    "engineer_required": _f("bool", "须有注册安全工程师（第二十七条第三款）", "must employ a registered safety engineer"),
    "training_high": _f("bool", "培训规定高危类", "high-risk class of the training regulation"),
}
_P = "principal"

_OWN_TYPES: tuple[FactType, ...] = (
    FactType("enterprise", "企业", "enterprise", {
        "industry": _f("str", "行业代码", "industry code", "industry"),
        "industry_name": _f("str", "行业", "industry", "industry"),
        "known_industry": _f("bool", "行业在目录中", "industry in the catalog", "industry"),
        "district": _f("str", "所在区", "district", "district"),
        "supervisor": _f("str", "监管部门", "supervising department", "supervisor"),
        "headcount": _f("int", "从业人员数", "headcount", "headcount", declared=True),
        "safety_department": _f("day", "安全生产管理机构设立日期", "the date the safety department was set up",
                                "safety_department_established_on"),
        "principal": _f("bool", "主要负责人信息", "the principal's record", _P, declared=True),
        "principal_name": _f("str", "主要负责人", "principal", f"{_P}.name"),
        "principal_assessed": _f("day", "主要负责人考核合格日期", "the date the principal passed the assessment",
                                 f"{_P}.assessed_on"),
        "principal_initial_hours": _f("int", "主要负责人初次培训学时", "the principal's initial training hours",
                                      f"{_P}.initial_training_hours", declared=True),
        "principal_annual_hours": _f("int", "主要负责人年度再培训学时", "the principal's annual training hours",
                                     f"{_P}.annual_training_hours", declared=True),
        "responsibility_system": _f("day", "全员安全生产责任制印发日期", "the date the all-staff responsibility system was issued",
                                    "responsibility_system_issued_on"),
        "training_plan": _f("day", "安全生产教育和培训计划印发日期", "the date the training plan was issued",
                            "training_plan_issued_on"),
        "emergency_plan": _f("bool", "应急救援预案", "the emergency plan", "emergency_plan"),
        "emergency_plan_issued": _f("day", "应急救援预案印发日期", "the date the emergency plan was issued",
                                    "emergency_plan.issued_on"),
        "last_drill": _f("day", "最近一次应急演练日期", "the date of the last drill", "emergency_plan.last_drill_on"),
        "insurance_until": _f("day", "安全生产责任保险有效期至", "the date the liability insurance runs to",
                              "insurance.safety_liability_until"),
        "uses_gas": _f("bool", "是否使用燃气", "whether gas is used", "uses_gas", ("使用燃气", "uses gas"), declared=True),
        "gas_alarm_installed": _f("bool", "可燃气体报警装置安装情况", "whether a gas alarm is installed",
                                  "gas_alarm_installed", ("已安装可燃气体报警装置", "gas alarm installed"), declared=True),
    }),
    FactType("safety_officer", "安全生产管理人员", "safety officer", {
        "name": _f("str", "姓名", "name", "name"),
        "full_time": _f("bool", "专职或兼职", "whether full-time", "full_time", ("专职", "full-time")),
        "assessed": _f("day", "考核合格日期", "the date the officer passed the assessment", "assessed_on"),
        "registered_safety_engineer": _f("bool", "注册安全工程师", "registered safety engineer",
                                         "registered_safety_engineer"),
    }, path="safety_officers"),
    FactType("regulation", "规章制度", "safety rule", {
        "name": _f("str", "名称", "name", "name"),
        "issued": _f("day", "印发日期", "the date it was issued", "issued_on"),
        "operating_procedure": _f("bool", "操作规程", "operating procedure", "name"),
    }, path="regulations"),
    FactType("worker", "从业人员", "worker", {
        "worker_id": _f("str", "人员编号", "worker id", "id"),
        "name": _f("str", "姓名", "name", "name"),
        "employment": _f("str", "用工形式", "employment", "employment"),
        "hired": _f("day", "上岗日期", "the first day of work", "hired_on", declared=True),
        "pre_job_hours": _f("int", "岗前安全培训学时", "pre-job training hours", "pre_job_training_hours", declared=True),
        "training_passed": _f("day", "安全培训考核合格日期", "the date the training was passed", "training_passed_on"),
        "annual_hours": _f("int", "年度再培训学时", "annual training hours", "annual_training_hours", declared=True),
    }, path="workers"),
    FactType("special_operator", "特种作业人员", "special-operations worker", {
        "worker": _f("str", "人员编号", "worker id", "worker"),
        "known_worker": _f("bool", "在从业人员名单中", "listed among the workers", "worker"),
        "operation": _f("str", "作业类别", "operation", "operation"),
        "certificate_no": _f("str", "特种作业操作证编号", "the certificate number", "certificate_no"),
        "certificate_expires": _f("day", "操作证有效期至", "the certificate's expiry date", "certificate_expires_on", declared=True),
    }, path="special_operators"),
    FactType("enterprise_hazard", "事故隐患", "hazard", {
        "hazard_id": _f("str", "隐患编号", "hazard id", "id"),
        "found": _f("day", "发现日期", "the date it was found", "found_on"),
        "found_by": _f("str", "发现方", "found by", "found_by"),
        "level": _f("str", "隐患等级", "level", "level", declared=True),
        "category": _f("str", "隐患类别（按隐患类别目录归类）", "category (on the hazard category list)", "category"),
        "category_text": _f("str", "隐患类别（所填文字）", "category as written", "category"),
        "deadline": _f("day", "整改期限", "the rectification deadline", "deadline", declared=True),
        "rectified": _f("day", "整改完成日期", "the date it was rectified", "rectified_on"),
        "open": _f("bool", "至检查基准日仍未整改", "still open at the audit date", "rectified_on"),
        "reported": _f("day", "向监管部门报告日期", "the date it was reported to the regulator", "reported_on"),
        "notified_staff": _f("day", "向从业人员通报日期", "the date staff were notified", "notified_staff_on"),
    }, path="hazards", about=("level", "open")),
    FactType("self_inspection", "安全检查", "self-inspection", {
        "day": _f("day", "检查日期", "date", "date"),
        "scope": _f("str", "检查范围", "scope", "scope"),
    }, path="self_inspections"),
    FactType("month", "月份", "month", {
        "month": _f("int", "月份", "month"),
        "start": _f("day", "月初", "first day"),
        "end": _f("day", "月末", "last day"),
        "due": _f("bool", "本月已结束", "the month has ended"),
    }, path="self_inspections"),
    FactType("dangerous_operation", "危险作业", "dangerous operation", {
        "operation_id": _f("str", "作业编号", "operation id", "id"),
        "day": _f("day", "作业日期", "date", "date"),
        "kind": _f("str", "作业类别", "kind", "kind"),
        "kind_name": _f("str", "作业类别", "kind", "kind"),
        "permit_no": _f("str", "作业许可编号", "the permit number", "permit_no"),
        "onsite_safety_manager": _f("str", "现场安全管理人员", "the on-site safety manager", "onsite_safety_manager"),
    }, path="dangerous_operations"),
)
ENTERPRISE_FACT_TYPES: tuple[FactType, ...] = tuple(t.with_fields(ENTERPRISE_CONTEXT) for t in _OWN_TYPES)
