"""City record models: directives and their relays, accident statistics, and the city session's own record (with
the committee office's registers)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from compliance.records.base import Day, Record
from compliance.records.registers import Accident, Commendation
from compliance.records.unit import Supervision


def _masked_or(kind: type[int] | type[float], minimum: float | None) -> Any:
    """A validator: a number of the kind, or "*" (masked, as in the speech's printed text; "＊" counts as "*")."""
    def validate(value: Any) -> int | float | str:
        if isinstance(value, str) and value.strip() in ("*", "＊"):
            return "*"
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
            noun = "a whole number" if kind is int else "a number"
            raise PydanticCustomError("figure_type", "expected {noun} or '*' (masked), got {value}",
                                      {"noun": noun, "value": repr(value)})
        if minimum is not None and value < minimum:
            raise PydanticCustomError("greater_than_equal", "must be at least {minimum}, got {value}",
                                      {"minimum": f"{minimum:g}", "value": repr(value)})
        return kind(value)
    schema = {"anyOf": [{"type": "integer" if kind is int else "number", **({"minimum": minimum} if minimum is not None else {})},
                        {"const": "*"}]}
    return (PlainValidator(validate), WithJsonSchema(schema))


Figure = Annotated[int | str, *_masked_or(int, 0)]
SignedCount = Annotated[int | str, *_masked_or(int, None)]
SignedPercent = Annotated[float | str, *_masked_or(float, None)]


class Relay(Record):
    """How one unit received a directive and relayed it onward (传达贯彻)."""

    unit: str
    received_on: Day | None = None
    relayed_on: Day | None = None
    enterprises: list[str] = []


class Directive(Record):
    """A work-safety directive (工作部署) issued to units that must relay it to the grassroots."""

    id: str
    title: str | None = None
    issued_by: str | None = None
    issued_on: Day | None = None
    scope: list[str] = []
    relay_within_days: int | None = Field(default=None, ge=0)
    relays: list[Relay] = []


class DirectivesFile(Record):
    """city/directives.toml."""

    directive: list[Directive] = []


class StatisticsReport(Record):
    """An accident statistics report (事故统计报表) with its year-on-year comparison."""

    id: str
    unit: str | None = None
    period: str | None = None
    due_on: Day | None = None
    submitted_on: Day | None = None
    accidents: Figure | None = Field(default=None)
    deaths: Figure | None = None
    injuries: Figure | None = None
    prev_accidents: Figure | None = None
    prev_deaths: Figure | None = None
    prev_injuries: Figure | None = None
    stated_accidents_change: SignedCount | None = None
    stated_accidents_change_pct: SignedPercent | None = None
    stated_deaths_change: SignedCount | None = None
    stated_deaths_change_pct: SignedPercent | None = None


_PERIOD = re.compile(r"(\d{4})?(?:([HQM])(\d{1,2})|-(\d{1,2}))?")
_MONTHS = {"H": 6, "Q": 3, "M": 1}  # months in a half, a quarter, a month


def period_span(period: str | None, year: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a statistics period: 2022 (the year), 2022H1, 2022Q3, 2022M07 or 2022-07; without
    its year (H1, Q3, M07), of the audit year. None for any other text."""
    text = re.sub(r"\s+", "", period or "").upper()
    found = _PERIOD.fullmatch(text)
    if not text or found is None or (found[4] and not found[1]):
        return None
    first_year = int(found[1]) if found[1] else year
    if found[2] is None and found[4] is None:
        return (dt.date(first_year, 1, 1), dt.date(first_year, 12, 31)) if found[1] else None
    size = _MONTHS[found[2]] if found[2] else 1
    number = int(found[3] or found[4])
    if not 1 <= number <= 12 // size:
        return None
    first, last = (number - 1) * size + 1, number * size
    return dt.date(first_year, first, 1), dt.date(first_year, last, calendar.monthrange(first_year, last)[1])


class StatisticsFile(Record):
    """city/statistics.toml."""

    report: list[StatisticsReport] = []


class UnitRef(Record):
    """A department or district as the city session sees it: who it is and which industries it supervises."""

    id: str
    name: str | None = None
    kind: str = "department"
    supervises: list[Supervision] = []
    file: str | None = None


class HazardSeen(Record):
    """A hazard category an enterprise recorded, and when (for the city's view of recurring hazards)."""

    category: str
    found_on: Day | None = None


class EnterpriseDigest(Record):
    """What the city session needs of one enterprise: who supervises it, where it is, what was found there."""

    id: str
    name: str | None = None
    supervisor: str | None = None
    district: str | None = None
    industry: str | None = None
    hazards: list[HazardSeen] = []

    def links(self) -> tuple[tuple[str, str | None], ...]:
        """The units the enterprise is linked to, by kind: the department that supervises it, its district."""
        return ("department", self.supervisor), ("district", self.district)

    def categories_in(self, year: int) -> list[str]:
        """The hazard categories found at the enterprise in a year, each once, sorted."""
        return sorted({hazard.category for hazard in self.hazards
                       if hazard.found_on is not None and hazard.found_on.year == year})


class ScopeIndustry(Record):
    """An industry of the city's scope (city/industries.toml, in_scope not false)."""

    code: str
    name: str | None = None
    key: bool = False
    new_business_form: bool = False


class City(Record):
    """The city session's record: built by the pipeline from the bundle, or written out in a rule's examples."""

    id: str = "city"
    name: str | None = None
    industries: list[ScopeIndustry] = []
    units: list[UnitRef] = []
    directives: list[Directive] = []
    reports: list[StatisticsReport] = []
    enterprises: list[EnterpriseDigest] = []
    accidents: list[Accident] = []
    commendations: list[Commendation] = []
    has_accidents: bool = False  # city/accidents.toml is in the bundle (even with no entry)
    has_commendations: bool = False
    has_industries: bool = False
    has_directives: bool = False
    has_statistics: bool = False
    files: dict[str, str] = {}  # the file each city file was read from, when not city/NAME.toml (city/directives.xlsx)
