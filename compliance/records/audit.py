"""audit.toml: what is audited, for which year, as of which date, the sensitive periods of that year, and who
inspected and signs the report."""
from __future__ import annotations

from pydantic import Field

from compliance.records.base import Day, Record


class SensitivePeriod(Record):
    """A sensitive period (敏感时期) of the audit year, e.g. a congress or a holiday."""

    name: str
    start: Day
    end: Day | None = None


class ReportSignoff(Record):
    """audit.toml's [report]: who organised the inspection, its team, and who approves and signs the report."""

    organised_by: str | None = None
    team_leader: str | None = None
    team: list[str] = []
    approved_by: str | None = None
    signed_on: Day | None = None


class Audit(Record):
    """audit.toml: what is audited, for which year, as of which date."""

    jurisdiction: str
    year: int = Field(ge=1990, le=2100)
    as_of: Day | None = None
    profile: str | None = None
    sensitive_periods: list[SensitivePeriod] = []
    report: ReportSignoff | None = None
