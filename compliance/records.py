"""Record models (pydantic v2): the public contract of a record bundle, per DESIGN.md."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _iso_date(value: Any) -> Any:
    """Accept a TOML date or an ISO 'YYYY-MM-DD' string only (not numbers, not free text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a valid date (YYYY-MM-DD)") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {type(value).__name__}")


Day = Annotated[dt.date, BeforeValidator(_iso_date)]


class Record(BaseModel):
    """Base: unknown fields are kept (and reported as warnings by the loader), never rejected."""

    model_config = ConfigDict(extra="allow", frozen=True)


class SensitivePeriod(Record):
    """A sensitive period (敏感时期) of the audit year, e.g. a congress or a holiday."""

    name: str
    start: Day
    end: Day | None = None


class Audit(Record):
    """audit.toml: what is audited, for which year, as of which date."""

    jurisdiction: str
    year: int = Field(ge=1990, le=2100)
    as_of: Day | None = None
    profile: str | None = None
    sensitive_periods: list[SensitivePeriod] = []


class Supervision(Record):
    """An industry the unit supervises, from its power-and-responsibility list."""

    industry: str
    role: Literal["lead", "support"] | None = None


class PowerResponsibilityList(Record):
    """安全生产权力和责任清单."""

    revised_on: Day | None = None
    legal_bases: list[str] = []
    new_business_forms: list[str] = []
    filed_with_bianban_on: Day | None = None
    published: bool | None = None


class Leader(Record):
    """A Party or government leader of the unit and the dates of his or her "two lists"."""

    id: str
    name: str | None = None
    title: str | None = None
    role: Literal["principal", "in_charge", "other"] | None = None
    duty_list_issued_on: Day | None = None
    annual_task_list_issued_on: Day | None = None


class SafetyCommittee(Record):
    """The unit's internal 安委会 or 安全生产工作领导小组."""

    form: Literal["committee", "leading_group"] | None = None
    established_on: Day | None = None
    head: str | None = None
    document_no: str | None = None


class Meeting(Record):
    """A meeting of the unit's leadership."""

    id: str
    date: Day | None = None
    kind: Literal["dedicated_safety", "party_group", "executive", "other"] | None = None
    chaired_by: str | None = None
    topics: list[str] = []


class Division(Record):
    """An internal division (处室) and whether its safety duties are defined (小三定)."""

    name: str
    is_safety_division: bool | None = None
    safety_duties_defined: bool | None = None


class EnforcementCase(Record):
    """An administrative penalty case."""

    id: str
    decided_on: Day | None = None
    enterprise: str | None = None
    legal_basis: list[str] = []
    fine_yuan: int | None = Field(default=None, ge=0)
    fine_max_yuan: int | None = Field(default=None, ge=0)
    hazard: str | None = None


class Enforcement(Record):
    """Enforcement staff and cases."""

    staff_required: int | None = Field(default=None, ge=0)
    staff_actual: int | None = Field(default=None, ge=0)
    staff_trained: int | None = Field(default=None, ge=0)
    cases: list[EnforcementCase] = []


class FoundHazard(Record):
    """A hazard found in an inspection."""

    id: str
    level: Literal["general", "major"] | None = None
    category: str | None = None


class Inspection(Record):
    """An inspection of an enterprise by the unit."""

    id: str
    date: Day | None = None
    enterprise: str | None = None
    hazards_found: list[FoundHazard] = []


class Campaign(Record):
    """A special rectification campaign (专项整治)."""

    id: str
    name: str | None = None
    industries: list[str] = []
    operations: list[str] = []
    start: Day | None = None
    end: Day | None = None


class Submission(Record):
    """A report or return due to the committee office (市安委办)."""

    id: str
    title: str | None = None
    due_on: Day | None = None
    submitted_on: Day | None = None


class Unit(Record):
    """A municipal department (部门) or a district (区): the same shape."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    supervises: list[Supervision] = []
    power_responsibility_list: PowerResponsibilityList | None = None
    leaders: list[Leader] = []
    safety_committee: SafetyCommittee | None = None
    meetings: list[Meeting] = []
    divisions: list[Division] = []
    enforcement: Enforcement | None = None
    inspections: list[Inspection] = []
    campaigns: list[Campaign] = []
    submissions: list[Submission] = []

    def leader(self, reference: str) -> Leader | None:
        """The leader a reference names: by id, else by name if exactly one leader has that name."""
        for leader in self.leaders:
            if leader.id == reference:
                return leader
        named = [leader for leader in self.leaders if leader.name == reference]
        return named[0] if len(named) == 1 else None


class Industry(Record):
    """An entry of the industry catalog."""

    code: str
    name: str = ""
    name_en: str = ""
    aliases: list[str] = []
    key: bool = False
    high_risk: bool = False
    new_business_form: bool = False
    in_scope: bool = True
    art24: bool = False
    art27: bool = False
    art27_engineer: bool = False
    training_class: Literal["general", "high_risk"] = "general"


class Operation(Record):
    """A kind of dangerous operation (危险作业)."""

    code: str
    name: str = ""
    name_en: str = ""
    aliases: list[str] = []
    key: bool = False


class Catalog(Record):
    """The industry and operation catalog (default shipped with the rulesets, extended by a bundle)."""

    industry: list[Industry] = []
    operation: list[Operation] = []
