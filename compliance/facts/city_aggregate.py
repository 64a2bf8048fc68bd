"""What the city session needs of the enterprises, folded in one enterprise at a time so memory stays flat."""
from __future__ import annotations

from dataclasses import dataclass, field

from compliance.records.audit import Audit
from compliance.records.catalog import CatalogIndex
from compliance.records.city import City, EnterpriseDigest

EXAMPLES = 5


@dataclass
class _Category:
    """One hazard category across the city: where it was found (districts and industries are few)."""

    enterprises: int = 0
    districts: set[str] = field(default_factory=set)
    industries: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


@dataclass
class _Coverage:
    """Whether one unit's relay of one directive reached the enterprises it supervises."""

    supervised: int = 0
    unrelayed: int = 0
    examples: list[str] = field(default_factory=list)


class CityAggregate:
    """What the city session needs of the enterprises, accumulated one enterprise at a time (memory stays flat)."""

    def __init__(self, city: City, audit: Audit, catalog: CatalogIndex) -> None:
        self.year = audit.year
        self.hazards = catalog.hazards
        self.categories: dict[str, _Category] = {}
        self.coverage: dict[tuple[str, str], _Coverage] = {}
        self._relayed: dict[tuple[str, str], frozenset[str]] = {}
        self._scopes: dict[str, list[str]] = {}
        for directive in city.directives:
            for unit in directive.scope:
                self._scopes.setdefault(unit, []).append(directive.id)
                self.coverage[(directive.id, unit)] = _Coverage()
            for relay in directive.relays:
                self._relayed[(directive.id, relay.unit)] = frozenset(relay.enterprises)

    def add(self, digest: EnterpriseDigest) -> None:
        """Count one enterprise: relays owed to it (by the department supervising it and by its district),
        hazard categories found there in the audit year (on the hazard category list, or as written)."""
        for unit in {digest.supervisor, digest.district} - {None, ""}:
            assert unit is not None
            for directive_id in self._scopes.get(unit, []):
                coverage = self.coverage[(directive_id, unit)]
                coverage.supervised += 1
                if digest.id not in self._relayed.get((directive_id, unit), frozenset()):
                    coverage.unrelayed += 1
                    if len(coverage.examples) < EXAMPLES:
                        coverage.examples.append(_named(digest))
        for category_name in sorted({self.hazards.name(name) for name in digest.categories_in(self.year)}):
            category = self.categories.setdefault(category_name, _Category())
            category.enterprises += 1
            if digest.district:
                category.districts.add(digest.district)
            if digest.industry:
                category.industries.add(digest.industry)
            if len(category.examples) < EXAMPLES:
                category.examples.append(_named(digest))


def _named(digest: EnterpriseDigest) -> str:
    return f"{digest.name}（{digest.id}）" if digest.name else digest.id


def aggregate_of(city: City, audit: Audit, catalog: CatalogIndex) -> CityAggregate:
    """The aggregate of the enterprises a city record lists (a rule's example writes them out)."""
    aggregate = CityAggregate(city, audit, catalog)
    for digest in city.enterprises:
        aggregate.add(digest)
    return aggregate
