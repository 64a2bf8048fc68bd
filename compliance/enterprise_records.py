"""Enterprise record model (生产经营单位): the public contract of DESIGN.md, plus gas-alarm fields (art. 36 ¶4)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from compliance.records import Day, Record


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


class Worker(Record):
    """A worker (从业人员) of any employment form, and his or her safety training."""

    id: str
    name: str | None = None
    employment: Literal["regular", "temporary", "dispatched", "intern"] | None = None
    hired_on: Day | None = None
    pre_job_training_hours: int | None = Field(default=None, ge=0)
    training_passed_on: Day | None = None
    annual_training_hours: int | None = Field(default=None, ge=0)


class SpecialOperator(Record):
    """A special-operations worker (特种作业人员) and his or her certificate."""

    worker: str
    operation: str | None = None
    certificate_no: str | None = None
    certificate_expires_on: Day | None = None


class Hazard(Record):
    """A hazard (事故隐患) found at the enterprise and its rectification."""

    id: str
    found_on: Day | None = None
    found_by: Literal["self", "government"] | None = None
    level: Literal["general", "major"] | None = None
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
    kind: Literal["blasting", "lifting", "hot_work", "temporary_power", "confined_space", "blind_plate",
                  "work_at_height", "excavation", "road_closure", "maintenance"] | None = None
    permit_no: str | None = None
    onsite_safety_manager: str | None = None


class EmergencyPlan(Record):
    """The emergency plan (应急救援预案) and its last drill."""

    issued_on: Day | None = None
    last_drill_on: Day | None = None


class Insurance(Record):
    """Work-safety liability insurance (安全生产责任保险)."""

    safety_liability_until: Day | None = None


class Enterprise(Record):
    """An enterprise (生产经营单位)."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    industry: str | None = None
    district: str | None = None
    supervisor: str | None = None
    headcount: int | None = Field(default=None, ge=0)
    high_risk: bool | None = None
    principal: Principal | None = None
    safety_department_established_on: Day | None = None
    safety_officers: list[SafetyOfficer] = []
    responsibility_system_issued_on: Day | None = None
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
