"""The city summary: units checked, gaps by rule, department, district and industry, the most frequent hazard
categories. Accumulated unit by unit from small summaries, so it costs no memory per enterprise."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compliance.report.stats import UnitSummary

TOP_CATEGORIES = 10


@dataclass
class CitySummary:
    """Counters over every checked unit; names of departments and districts as they are met."""

    units_by_kind: Counter[str] = field(default_factory=Counter)
    gaps_by_rule: Counter[str] = field(default_factory=Counter)
    own_gaps: Counter[str] = field(default_factory=Counter)  # a department's or district's own gaps
    enterprise_gaps_by_supervisor: Counter[str] = field(default_factory=Counter)
    enterprise_gaps_by_district: Counter[str] = field(default_factory=Counter)
    enterprise_gaps_by_industry: Counter[str] = field(default_factory=Counter)
    enterprises_by_supervisor: Counter[str] = field(default_factory=Counter)
    enterprises_by_district: Counter[str] = field(default_factory=Counter)
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
        if unit.kind in ("department", "district"):
            self.names[unit.id] = unit.name
            self.kinds[unit.id] = unit.kind
            self.own_gaps[unit.id] += gaps
        place = unit.place
        if unit.kind != "enterprise" or place is None:
            return
        supervisor, district = place.supervisor or "—", place.district or "—"
        self.enterprises_by_supervisor[supervisor] += 1
        self.enterprises_by_district[district] += 1
        self.enterprise_gaps_by_supervisor[supervisor] += gaps
        self.enterprise_gaps_by_district[district] += gaps
        self.enterprise_gaps_by_industry[place.industry or "—"] += gaps
        self.hazard_categories.update(place.hazard_categories)

    def _rows(self, kind: str, enterprises: Counter[str], enterprise_gaps: Counter[str]) -> list[dict[str, Any]]:
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
            "gaps_by_department": self._rows("department", self.enterprises_by_supervisor,
                                             self.enterprise_gaps_by_supervisor),
            "gaps_by_district": self._rows("district", self.enterprises_by_district, self.enterprise_gaps_by_district),
            "gaps_by_industry": dict(sorted(self.enterprise_gaps_by_industry.items(),
                                            key=lambda item: (-item[1], item[0]))),
            "top_hazard_categories": [{"category": category, "enterprises": count} for category, count in
                                      sorted(self.hazard_categories.items(), key=lambda i: (-i[1], i[0]))[:TOP_CATEGORIES]],
        }
