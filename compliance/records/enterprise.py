"""Enterprise record model (生产经营单位): the bundle contract of docs/records.md."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidatorFunctionWrapHandler, field_validator
from pydantic_core import PydanticCustomError

from compliance.records.base import Day, Record, choice

Employment = Annotated[Literal["regular", "temporary", "dispatched", "intern"], choice({
    "正式": "regular", "正式职工": "regular", "正式员工": "regular", "临时": "temporary", "临时工": "temporary",
    "劳务派遣": "dispatched", "派遣": "dispatched", "被派遣劳动者": "dispatched", "实习": "intern", "实习生": "intern",
    "实习学生": "intern"})]
Level = Annotated[Literal["general", "major"], choice({
    "一般": "general", "一般隐患": "general", "一般事故隐患": "general", "重大": "major", "重大隐患": "major",
    "重大事故隐患": "major"})]
RiskGrade = Annotated[Literal["major", "significant", "general", "low"], choice({
    "重大": "major", "重大风险": "major", "较大": "significant", "较大风险": "significant", "一般": "general",
    "一般风险": "general", "低": "low", "低风险": "low"})]
FoundBy = Annotated[Literal["self", "government"], choice({
    "自查": "self", "企业自查": "self", "政府": "government", "监管部门": "government", "执法检查": "government"})]
DrillKind = Annotated[Literal["comprehensive", "special", "on_site"], choice({
    "综合": "comprehensive", "综合演练": "comprehensive", "综合应急预案": "comprehensive",
    "综合应急预案演练": "comprehensive", "专项": "special", "专项演练": "special", "专项应急预案": "special",
    "专项应急预案演练": "special", "现场处置": "on_site", "现场处置演练": "on_site", "现场处置方案": "on_site",
    "现场处置方案演练": "on_site"})]
# How the unit deals with the dangerous goods (危险物品, art. 117) of its industry: art. 24 ¶1 and art. 27 ¶2 name
# 生产、经营、储存、装卸单位 (and 运输单位), art. 27 ¶3 only 生产、储存、装卸单位.
BusinessMode = Annotated[Literal["production", "storage", "loading", "trading", "transport", "use"], choice({
    "生产": "production", "储存": "storage", "存储": "storage", "仓储": "storage", "装卸": "loading",
    "经营": "trading", "批发": "trading", "零售": "trading", "销售": "trading", "运输": "transport", "使用": "use"})]
_MODES = "production, storage, loading, trading, transport, use (生产、储存、装卸、经营、运输、使用)"
# Who issued a special operator's certificate: the emergency-management system's 特种作业操作证 (《特种作业人员安全技术
# 培训考核管理规定》), the housing department's 建筑施工特种作业操作资格证书, the market regulator's 特种设备作业人员证.
CertificateType = Annotated[Literal["safety", "construction", "special_equipment", "other"], choice({
    "特种作业操作证": "safety", "应急管理": "safety", "安监": "safety", "建筑施工特种作业": "construction",
    "建筑施工特种作业操作资格证书": "construction", "住建": "construction", "特种设备": "special_equipment",
    "特种设备作业人员证": "special_equipment", "其他": "other"})]


class Principal(Record):
    """The principal (主要负责人): assessment and training hours."""

    name: str | None = None
    assessed_on: Day | None = None
    initial_training_hours: int | None = Field(default=None, ge=0)
    annual_training_hours: int | None = Field(default=None, ge=0)


class SafetyOfficer(Record):
    """A safety management officer (安全生产管理人员)."""

    name: str
    full_time: bool | None = None
    assessed_on: Day | None = None
    registered_safety_engineer: bool | None = None


class Regulation(Record):
    """A safety rule or operating procedure (规章制度、操作规程)."""

    name: str
    issued_on: Day | None = None


class TrainingRecord(Record):
    """An entry of the worker's safety training archive (安全生产教育和培训档案, art. 28 ¶4)."""

    date: Day | None = None
    content: str | None = None
    hours: int | None = Field(default=None, ge=0)
    result: str | None = None


class Worker(Record):
    """A worker (从业人员) of any employment form, and his or her safety training."""

    id: str
    name: str | None = None
    employment: Employment | None = None
    hired_on: Day | None = None
    pre_job_training_hours: int | None = Field(default=None, ge=0)
    training_passed_on: Day | None = None
    annual_training_hours: int | None = Field(default=None, ge=0)
    training_records: list[TrainingRecord] | None = None  # not given: the archive was not submitted (资料缺失)


class Certificate(Record):
    """An earlier certificate of a special operator for the same operation (before a renewal)."""

    no: str | None = None
    issued_on: Day | None = None
    expires_on: Day | None = None
    reviewed_on: Day | None = None
    review_extended: bool | None = None


class SpecialOperator(Record):
    """A special-operations worker (特种作业人员), his or her certificate and the days he or she did that work."""

    worker: str
    operation: str | None = None
    certificate_type: CertificateType | None = None
    certificate_no: str | None = None
    certificate_issued_on: Day | None = None
    certificate_expires_on: Day | None = None
    reviewed_on: Day | None = None
    review_extended: bool | None = None
    previous_certificates: list[Certificate] = []
    worked_on: list[Day] = []
    work_from: Day | None = None
    work_to: Day | None = None


class Hazard(Record):
    """A hazard (事故隐患) found at the enterprise and its rectification."""

    id: str
    found_on: Day | None = None
    found_by: FoundBy | None = None
    level: Level | None = None
    category: str | None = None
    deadline: Day | None = None
    rectified_on: Day | None = None
    reported_on: Day | None = None
    notified_staff_on: Day | None = None


class SelfInspection(Record):
    """A self-inspection (经常性检查)."""

    date: Day
    scope: str | None = None


class DangerousOperation(Record):
    """A dangerous operation (危险作业) and how it was controlled."""

    id: str
    date: Day | None = None
    kind: str | None = None  # an operation code of the catalog (blasting, lifting, hot_work, …) or its Chinese name
    permit_no: str | None = None
    onsite_safety_manager: str | None = None


class Drill(Record):
    """A drill of the emergency plan (应急预案演练): when, and of which part of the plan."""

    date: Day
    kind: DrillKind | None = None  # 综合应急预案, 专项应急预案 or 现场处置方案 (办法 art. 33 tells them apart)
    name: str | None = None


class EmergencyPlan(Record):
    """The emergency plan (应急救援预案) and its drills (last_drill_on: the older contract's last drill only)."""

    issued_on: Day | None = None
    last_drill_on: Day | None = None
    drills: list[Drill] = []


class Insurance(Record):
    """Work-safety liability insurance (安全生产责任保险)."""

    safety_liability_until: Day | None = None


class SafetyCosts(Record):
    """The audit year's safety production costs (安全生产费用, art. 23 ¶2): extracted, used, misused."""

    required: bool | None = None
    year: int | None = Field(default=None, ge=1990, le=2100)
    extracted_yuan: int | None = Field(default=None, ge=0)
    used_yuan: int | None = Field(default=None, ge=0)
    misused_yuan: int | None = Field(default=None, ge=0)


class MajorHazardSource(Record):
    """A major hazard source (重大危险源, art. 40) and how it is registered, tested, assessed, monitored and filed."""

    id: str
    name: str | None = None
    registered_on: Day | None = None
    last_tested_on: Day | None = None
    last_assessed_on: Day | None = None
    monitored: bool | None = None
    emergency_plan_issued_on: Day | None = None
    staff_informed_on: Day | None = None
    filed_on: Day | None = None


class Risk(Record):
    """A safety risk of the enterprise's risk list: its grade and its control measures (art. 41 ¶1)."""

    id: str
    name: str | None = None
    grade: RiskGrade | None = None
    measures: str | None = None


class RiskControl(Record):
    """Safety risk grading and control (安全风险分级管控, art. 41 ¶1): the system and the graded risk list."""

    system_issued_on: Day | None = None
    risks: list[Risk] = []


class Enterprise(Record):
    """An enterprise (生产经营单位)."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    industry: str | None = None
    business_modes: list[BusinessMode] | None = None
    district: str | None = None
    supervisor: str | None = None
    headcount: int | None = Field(default=None, ge=0)
    high_risk: bool | None = None
    principal: Principal | None = None
    safety_department_established_on: Day | None = None
    safety_officers: list[SafetyOfficer] = []
    responsibility_system_issued_on: Day | None = None
    responsibility_assessed_on: Day | None = None
    regulations: list[Regulation] = []
    training_plan_issued_on: Day | None = None
    workers: list[Worker] = []
    special_operators: list[SpecialOperator] = []
    hazards: list[Hazard] = []
    self_inspections: list[SelfInspection] = []
    dangerous_operations: list[DangerousOperation] = []
    emergency_plan: EmergencyPlan | None = None
    insurance: Insurance | None = None
    uses_gas: bool | None = None
    gas_alarm_installed: bool | None = None
    gas_alarm_tested_on: Day | None = None
    gas_alarm_working: bool | None = None
    safety_costs: SafetyCosts | None = None
    major_hazard_sources: list[MajorHazardSource] = []
    risk_control: RiskControl | None = None

    @field_validator("business_modes", mode="wrap")
    @classmethod
    def _modes_whole(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """One unknown mode makes the whole list not provided: dropping it alone could turn a storer into a trader."""
        try:
            return handler(value)
        except ValidationError as exc:
            bad = [error["input"] for error in exc.errors() if error["type"] == "literal_error"]
            raise PydanticCustomError("literal_error", "unknown business mode(s) {bad}, so the list is not used; "
                                      "allowed: {expected}", {"bad": ", ".join(map(str, bad)), "expected": _MODES}) from None


class _HazardSeenRecord(BaseModel):
    """A hazard as the city's first pass reads it: its id (required, as in Hazard), category and date found."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    found_on: Day | None = None
    category: str | None = None


class EnterpriseLinks(BaseModel):
    """The fields of an enterprise the city needs before the enterprise is checked (who supervises it, where it is,
    what was found there), read in a cheap first pass. Types and required fields are those of Enterprise, so that
    a record is kept or dropped, and a value used or not, exactly as when the enterprise itself is checked."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    industry: str | None = None
    district: str | None = None
    supervisor: str | None = None
    hazards: list[_HazardSeenRecord] = []
