"""The city unit: what each enterprise contributes is folded in as it goes by; the city is checked last."""
from __future__ import annotations

from collections.abc import Iterator

from compliance.bundle.city import city_record
from compliance.bundle.load import Bundle, LoadedUnit
from compliance.check.checker import Checker, UnitOutcome
from compliance.facts.city import build_with
from compliance.facts.city_aggregate import CityAggregate
from compliance.records.city import EnterpriseDigest
from compliance.records.kinds import kinds


class CitySession:
    """Collects each enterprise's digest as it goes by, then checks the city (when the bundle has city files and a
    loaded rule applies to the city)."""

    def __init__(self, bundle: Bundle, checker: Checker) -> None:
        self.checker = checker
        city_kinds = kinds().reading("city")
        self.kind = city_kinds[0].name if city_kinds else ""
        self.city = city_record(bundle) if self.kind in checker.programs else None
        self.aggregate = CityAggregate(self.city, checker.audit) if self.city is not None else None

    def add(self, digest: EnterpriseDigest | None) -> None:
        """Count one enterprise (nothing to do for a bundle without city files)."""
        if self.aggregate is not None and digest is not None:
            self.aggregate.add(digest)

    def outcomes(self) -> Iterator[UnitOutcome]:
        """The city's outcome, if it is checked at all."""
        if self.city is None or self.aggregate is None:
            return
        loaded = LoadedUnit(self.kind, self.city, "")  # no one file: each city fact names its own
        checker = self.checker
        yield checker.check(loaded, build_with(loaded, checker.audit, checker.catalog, self.aggregate))
