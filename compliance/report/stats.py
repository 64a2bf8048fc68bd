"""Run statistics, accumulated unit by unit as a report streams (so a city of enterprises fits in memory), and the
whole report in memory for the library API."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from compliance.core.problems import InputError
from compliance.core.severity import rank
from compliance.report.city_summary import CitySummary
from compliance.report.history import Baseline, BaselineTally
from compliance.report.model import AuditInfo, Finding, Place, UnitReport
from compliance.report.view import KindView, ReportView

SCHEMA_VERSION = "3"
STATUS_KEYS = {"pass": "passed", "fail": "failed", "waived": "waived", "pending": "pending",
               "not_applicable": "not_applicable", "error": "errors"}
LOWEST_ENTERPRISES = 20


def used_waivers(findings: list[Finding]) -> tuple[int, ...]:
    """Numbers of the waivers that waived these findings."""
    return tuple(sorted({f.evidence["waiver"]["number"] for f in findings if f.status == "waived"
                         and isinstance(f.evidence.get("waiver"), dict)}))


@dataclass(frozen=True)
class UnitSummary:
    """What the run statistics keep of a unit: small, so a city of enterprises fits in memory."""

    id: str
    name: str
    kind: str
    score: float | None
    counts: dict[str, int]
    worst_gap: int
    gaps: tuple[tuple[str, str, str], ...] = ()  # (rule id, item key, history) of each gap
    place: Place | None = None
    waivers_used: tuple[int, ...] = ()
    grade: str = ""  # the grade its assessment sheet gives (none without a sheet)
    grade_en: str = ""
    vetoed: bool = False  # a veto was raised on its sheet: ranked after the units without one

    @property
    def ranked_score(self) -> float:
        """The score as rankings compare it (an unscored unit is never ranked; it would count as 0)."""
        return self.score if self.score is not None else 0.0

    @classmethod
    def of(cls, unit: UnitReport) -> UnitSummary:
        """Summarise a unit's report."""
        counts = {key: 0 for key in STATUS_KEYS.values()}
        worst = -1
        for finding in unit.findings:
            counts[STATUS_KEYS[finding.status]] += finding.count
            if finding.status == "fail":
                worst = max(worst, rank(finding.severity))
        gaps = tuple((f.rule_id, f.key, f.history if f.status == "fail" else "waived")
                     for f in unit.findings if f.status in ("fail", "waived"))
        sheet = unit.sheet
        return cls(unit.id, unit.name, unit.kind, unit.score, counts, worst, gaps, unit.place,
                   used_waivers(unit.findings), sheet.grade if sheet else "", sheet.grade_en if sheet else "",
                   bool(sheet and sheet.vetoed))

    def grade_text(self, lang: str) -> str:
        """The sheet's grade in a language."""
        return self.grade_en if lang == "en" else self.grade


@dataclass
class RunStats:
    """Counts, the worst gap and the ranking, accumulated unit by unit."""

    view: ReportView = field(default_factory=ReportView)
    units: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {key: 0 for key in STATUS_KEYS.values()})
    input_errors: int = 0
    input_warnings: int = 0
    worst_gap: int = -1
    ranked: list[UnitSummary] = field(default_factory=list)
    lowest_enterprises: list[tuple[float, str, int, UnitSummary]] = field(default_factory=list)
    enterprises: int = 0
    enterprise_score_total: float = 0.0
    city: UnitSummary | None = None
    tally: BaselineTally | None = None
    city_summary: CitySummary = field(default_factory=CitySummary)
    waivers_used: set[int] = field(default_factory=set)
    first_input_error: InputError | None = None

    @classmethod
    def against(cls, baseline: Baseline | None, rule_ids: frozenset[str], view: ReportView,
                as_of: str = "") -> RunStats:
        """Statistics for a run, compared with the last report when there is one."""
        return cls(view=view, tally=BaselineTally(baseline, rule_ids, as_of) if baseline is not None else None,
                   city_summary=CitySummary(view=view))

    def add_unit(self, unit: UnitSummary) -> None:
        """Count a checked unit: ranked by score, among the lowest of its kind, or the unranked (city) unit."""
        self.units += 1
        if self.tally is not None:
            self.tally.add(unit.id, unit.gaps)
        self.city_summary.add(unit)
        self.waivers_used.update(unit.waivers_used)
        for key, value in unit.counts.items():
            self.counts[key] += value
        self.worst_gap = max(self.worst_gap, unit.worst_gap)
        ranking = self.view.kind(unit.kind).ranking
        if ranking == "table":
            self.ranked.append(unit)
        elif ranking == "lowest":
            self._add_lowest(unit)
        else:
            self.city = unit

    def _add_lowest(self, unit: UnitSummary) -> None:
        self.enterprises += 1
        self.enterprise_score_total += unit.ranked_score
        # a max-heap on score keeps the lowest scores; the arrival number breaks ties (ids may repeat)
        entry = (-unit.ranked_score, unit.id, -self.enterprises, unit)
        if len(self.lowest_enterprises) < LOWEST_ENTERPRISES:
            heapq.heappush(self.lowest_enterprises, entry)
        elif entry > self.lowest_enterprises[0]:
            heapq.heapreplace(self.lowest_enterprises, entry)

    def add_input(self, error: InputError) -> None:
        """Count an input problem (add them in report order: the first error is kept to be named on exit)."""
        if error.severity == "error":
            if self.first_input_error is None:
                self.first_input_error = error
            self.input_errors += 1
        else:
            self.input_warnings += 1

    def summary(self) -> dict[str, int]:
        """Counts of units and findings by status, as in the JSON report."""
        return {"units": self.units, "checked": sum(self.counts.values()), **self.counts,
                "input_errors": self.input_errors, "input_warnings": self.input_warnings}

    def ranking(self) -> list[UnitSummary]:
        """The ranked units by score; the lowest-scoring enterprises after them."""
        units = sorted(self.ranked, key=lambda u: (u.vetoed, -u.ranked_score, self.view.order(u.kind), u.id))
        return units + self.lowest()

    def rankings(self) -> list[tuple[KindView, list[UnitSummary]]]:
        """One ranking by score for each ranked kind of unit that has units (departments apart from districts); a
        unit with a veto raised comes after those without, whatever its points."""
        tables = [(kind, sorted((u for u in self.ranked if u.kind == kind.name),
                                key=lambda u: (u.vetoed, -u.ranked_score, u.id)))
                  for kind in self.view.ranked("table")]
        return [(kind, units) for kind, units in tables if units]

    def lowest(self) -> list[UnitSummary]:
        """The lowest-scoring units of the kinds listed that way (enterprises), lowest first."""
        return [entry[3] for entry in sorted(self.lowest_enterprises, key=lambda e: (-e[0], e[1], -e[2]))]

    def listed(self, kind: str) -> list[UnitSummary] | None:
        """The units of a kind in report order, when the statistics keep them all: every unit of a kind ranked in a
        table, the unranked (city) unit, and those of a kind listed by its lowest scores while no more were checked
        than that list holds (None once more were)."""
        ranking = self.view.kind(kind).ranking
        if ranking == "table":
            return [unit for unit in self.ranked if unit.kind == kind]
        if ranking == "lowest":
            if self.enterprises > len(self.lowest_enterprises):
                return None
            return [entry[3] for entry in sorted(self.lowest_enterprises, key=lambda e: -e[2]) if entry[3].kind == kind]
        return [self.city] if self.city is not None and self.city.kind == kind else []

    def exit_code(self, fail_on: str) -> int:
        """2 for input or engine errors, 1 for a gap at or above fail_on, else 0."""
        if self.input_errors or self.counts["errors"]:
            return 2
        return 1 if self.worst_gap >= rank(fail_on) else 0


@dataclass
class Report:
    """A whole report in memory (the library API); the CLI streams the same content instead."""

    info: AuditInfo
    units: list[UnitReport]
    input_errors: list[InputError]
    baseline: Baseline | None = None

    def stats(self) -> RunStats:
        """Run statistics of this report."""
        stats = RunStats.against(self.baseline, self.info.rule_ids, self.info.view, self.info.as_of)
        for unit in self.units:
            stats.add_unit(UnitSummary.of(unit))
        for error in self.input_errors:
            stats.add_input(error)
        return stats

    def summary(self) -> dict[str, int]:
        """Counts of units and findings by status."""
        return self.stats().summary()

    def exit_code(self, fail_on: str) -> int:
        """2 for input or engine errors, 1 for a gap at or above fail_on, else 0."""
        return self.stats().exit_code(fail_on)

    def problems_of(self, unit: UnitReport) -> list[InputError]:
        """The input problems of one unit's record."""
        return [e for e in self.input_errors if e.file == unit.file and e.record.split(" (line")[0] == unit.id]


def places(units: list[UnitSummary]) -> list[int]:
    """Places in a ranking, equal scores sharing a place (1, 2, 2, 4); a vetoed unit never shares one with a unit
    without a veto."""
    out: list[int] = []
    for number, unit in enumerate(units):
        before = units[number - 1] if number else None
        same = before is not None and (before.vetoed, before.ranked_score) == (unit.vetoed, unit.ranked_score)
        out.append(out[-1] if same else number + 1)
    return out
