"""What every fact builder shares: facts, their provenance, and the audit calendar they are built against."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from compliance.core.dates import day_number
from compliance.core.problems import InputError
from compliance.records.audit import Audit
from compliance.records.catalog import CatalogIndex

Fact = dict[str, Any]
_SAFETY_LAW = re.compile(r"^(中华人民共和国)?安全生产法(?!实施)|work safety law|production safety law", re.IGNORECASE)


@dataclass(frozen=True)
class FactMeta:
    """Where a fact came from, for evidence: record path in the unit's file and a readable label."""

    path: str
    label_zh: str
    label_en: str
    file: str | None = None
    key: str = ""  # what identifies the item from one audit to the next (its id, or its period: 2022-Q3)
    period: str = ""  # a periodic obligation's period (2022-Q3): a miss in a past period can never be rectified
    span: tuple[int, int] | None = None  # the item's first and last day (a quarter, a month): what a waiver may cover

    def item_key(self) -> str:
        """The item's key for comparing audits: its own key, else its label."""
        return self.key or self.label_zh


@dataclass
class UnitFacts:
    """All facts of one unit (one engine session), their provenance, and code warnings."""

    unit_id: str
    calendar: dict[str, int]
    facts: list[Fact] = field(default_factory=list)
    meta: dict[str, FactMeta] = field(default_factory=dict)
    warnings: list[InputError] = field(default_factory=list)

    def add(self, fact_type: str, index: int | str, values: dict[str, Any], meta: FactMeta) -> None:
        """Add one fact; missing values (None) are left out so the engine sees them as absent."""
        key = f"{fact_type}:{index}"
        fact: Fact = {"sid": self.unit_id, "id": key, "t": fact_type, **self.calendar}
        fact.update({name: value for name, value in values.items() if value is not None})
        self.facts.append(fact)
        self.meta[key] = meta


def cites_safety_law(text: str) -> bool:
    """Does a legal basis cite the 安全生产法 itself (not a sector law, not its implementing rules)?"""
    cleaned = re.sub(r"[《》〈〉\s]", "", text)
    return bool(_SAFETY_LAW.search(cleaned))


def day_or_none(value: dt.date | None) -> int | None:
    """A date as a day number, or None."""
    return day_number(value) if value is not None else None


class AuditContext:
    """The audit year and catalog a unit's facts are built against."""

    def __init__(self, audit: Audit, catalog: CatalogIndex) -> None:
        self.audit = audit
        self.catalog = catalog
        self.year_start = day_number(dt.date(audit.year, 1, 1))
        self.year_end = day_number(dt.date(audit.year, 12, 31))
        self.as_of = day_number(audit.as_of or dt.date(audit.year, 12, 31))

    def calendar(self) -> dict[str, int]:
        """The calendar fields every fact carries."""
        return {"year": self.audit.year, "year_start": self.year_start, "year_end": self.year_end, "as_of": self.as_of}

    def in_year(self, start: int | None, end: int | None = None) -> bool | None:
        """Does a date (or a period) fall in the audit year? None if the date is missing."""
        if start is None:
            return None
        return start <= self.year_end and (end if end is not None else start) >= self.year_start
