"""Department and district records (部门、区): the same shape, per the bundle contract (docs/records.md)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from compliance.records.base import Day, Record
from compliance.records.penalties import article_reference


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
    document_no: str | None = None  # 文号 of the list as filed with 市委编办
    attachment: str | None = None  # where the filed list can be seen: a file in the bundle, an archive number, a URL


class Leader(Record):
    """A Party or government leader of the unit and the dates of his or her "two lists"."""

    id: str
    name: str | None = None
    title: str | None = None
    role: Literal["principal", "in_charge", "other"] | None = None
    took_office_on: Day | None = None
    duty_list_issued_on: Day | None = None
    annual_task_list_issued_on: Day | None = None


class SafetyCommittee(Record):
    """The unit's internal 安委会 or 安全生产工作领导小组."""

    form: Literal["committee", "leading_group"] | None = None
    established_on: Day | None = None
    head: str | None = None
    document_no: str | None = None
    attachment: str | None = None


class AgendaItem(Record):
    """An item of a meeting's agenda; a dedicated safety item (专题研究安全生产工作) counts as a dedicated study."""

    title: str | None = None
    safety: bool | None = None
    chaired_by: str | None = None


class Meeting(Record):
    """A meeting of the unit's leadership."""

    id: str
    date: Day | None = None
    kind: Literal["dedicated_safety", "party_committee", "party_group", "executive", "other"] | None = None
    chaired_by: str | None = None
    topics: list[str] = []
    agenda: list[AgendaItem] = []


class Division(Record):
    """An internal division (处室) and whether its safety duties are defined (小三定)."""

    name: str
    is_safety_division: bool | None = None
    safety_duties_defined: bool | None = None
    document_no: str | None = None  # 文号 of the document defining its duties (小三定)
    attachment: str | None = None


class PersonFine(Record):
    """A fine on a responsible person of the party penalised (直接负责的主管人员和其他直接责任人员, 主要负责人)."""

    name: str | None = None
    title: str | None = None
    fine_yuan: int | None = Field(default=None, ge=0)


class EnforcementCase(Record):
    """An administrative penalty case."""

    id: str
    decided_on: Day | None = None
    enterprise: str | None = None
    legal_basis: list[str] = []
    penalty_article: int | str | None = None
    uncorrected: bool | None = None
    fine_yuan: int | None = Field(default=None, ge=0)
    fine_max_yuan: int | None = Field(default=None, ge=0)
    person_fines: list[PersonFine] = []
    hazard: str | None = None

    @field_validator("penalty_article")
    @classmethod
    def _article(cls, value: int | str | None) -> int | str | None:
        if value is not None and article_reference(value) is None:
            raise ValueError(f"'{value}' is not an article of the Work Safety Law (第九十七条, 97 or 第一百零二条)")
        return value


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
