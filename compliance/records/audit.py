"""audit.toml: what is audited, for which year, as of which date, and the sensitive periods of that year."""
from __future__ import annotations

from pydantic import Field

from compliance.records.base import Day, Record


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
