"""The city summary: units checked, gaps by rule, by ranked unit (its own and its linked enterprises'), by industry,
the most frequent hazard categories. Accumulated unit by unit from small summaries, so it costs no memory per
enterprise."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compliance.report.view import ReportView

if TYPE_CHECKING:
    from compliance.report.stats import UnitSummary

TOP_CATEGORIES = 10
NO_LINK = "—"


@dataclass
class CitySummary:
    """Counters over every checked unit; names of the ranked units as they are met."""

    view: ReportView = field(default_factory=ReportView)
    units_by_kind: Counter[str] = field(default_factory=Counter)
    gaps_by_rule: Counter[str] = field(default_factory=Counter)
    own_gaps: Counter[str] = field(default_factory=Counter)  # a ranked unit's own gaps
    linked_units: dict[str, Counter[str]] = field(default_factory=dict)  # kind -> unit id -> enterprises linked
    linked_gaps: dict[str, Counter[str]] = field(default_factory=dict)  # kind -> unit id -> their gaps
    enterprise_gaps_by_industry: Counter[str] = field(default_factory=Counter)
    hazard_categories: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def add(self, unit: UnitSummary) -> None:
        """Count one checked unit."""
        self.units_by_kind[unit.kind] += 1
        gaps = unit.counts["failed"]
        for rule_id, _key, history in unit.gaps:
            if history != "waived":
                self.gaps_by_rule[rule_id] += 1
        if self.view.kind(unit.kind).ranking == "table":
            self.names[unit.id] = unit.name
            self.kinds[unit.id] = unit.kind
            self.own_gaps[unit.id] += gaps
        place = unit.place
        if place is None:
            return
        for kind, linked in place.links:
            self.linked_units.setdefault(kind, Counter())[linked or NO_LINK] += 1
            self.linked_gaps.setdefault(kind, Counter())[linked or NO_LINK] += gaps
        self.enterprise_gaps_by_industry[place.industry or NO_LINK] += gaps
        self.hazard_categories.update(place.hazard_categories)

    def rows(self, kind: str) -> list[dict[str, Any]]:
        """The units of a ranked kind (and the ids enterprises link to): own gaps, enterprises, their gaps."""
        enterprises, enterprise_gaps = self.linked_units.get(kind, Counter()), self.linked_gaps.get(kind, Counter())
        ids = {unit_id for unit_id, unit_kind in self.kinds.items() if unit_kind == kind} | set(enterprises)
        rows = [{"id": unit_id, "name": self.names.get(unit_id, unit_id), "own_gaps": self.own_gaps.get(unit_id, 0),
                 "enterprises": enterprises.get(unit_id, 0), "enterprise_gaps": enterprise_gaps.get(unit_id, 0)}
                for unit_id in ids]
        return sorted(rows, key=lambda r: (-(r["own_gaps"] + r["enterprise_gaps"]), r["id"]))

    def as_dict(self) -> dict[str, Any]:
        """The city_summary section of the JSON report (the ranking is the text report's and the units' scores)."""
        return {
            "units": dict(sorted(self.units_by_kind.items())),
            "gaps_by_rule": dict(sorted(self.gaps_by_rule.items(), key=lambda item: (-item[1], item[0]))),
            **{f"gaps_by_{kind.name}": self.rows(kind.name) for kind in self.view.ranked("table")},
            "gaps_by_industry": dict(sorted(self.enterprise_gaps_by_industry.items(),
                                            key=lambda item: (-item[1], item[0]))),
            "top_hazard_categories": [{"category": category, "enterprises": count} for category, count in
                                      sorted(self.hazard_categories.items(), key=lambda i: (-i[1], i[0]))[:TOP_CATEGORIES]],
        }
