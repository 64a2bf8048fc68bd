"""Check one unit at a time: facts -> engine -> findings -> located, waived, compared, scored. Built once per
process (workers build their own)."""
from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compliance.bundle.load import LoadedUnit
from compliance.check.evaluate import findings_for_unit
from compliance.check.locations import located
from compliance.check.notices import with_notices
from compliance.check.sheets import Assessment
from compliance.check.waivers import Waivers
from compliance.core import stages
from compliance.core.problems import InputError
from compliance.engine.compile import Program, build_program
from compliance.engine.session import Engine
from compliance.facts.core import UnitFacts
from compliance.facts.schema import facts_of
from compliance.records.audit import Audit
from compliance.records.catalog import Catalog, CatalogIndex, merged_catalog
from compliance.records.kinds import KindTable, install, kinds
from compliance.report.history import Baseline
from compliance.report.model import Finding, Place, UnitReport
from compliance.report.scoring import score
from compliance.rules.pack import Pack
from compliance.rules.params import Overrides, effective_params
from compliance.rules.scheme import NoticeSpec, Scheme

_ENGINE: list[Engine] = []
_GC_ALLOCATIONS = 20_000  # allocations between two collections of the youngest generation


def engine() -> Engine:
    """The process's one engine (one durable Host per process)."""
    if not _ENGINE:
        _ENGINE.append(Engine())
    return _ENGINE[0]


def build_programs(packs: list[Pack], overrides: Overrides, names: tuple[str, ...] = ()) -> dict[str, Program]:
    """One compiled program per kind of unit (every kind in use, or those named) that some loaded rule applies to."""
    params = effective_params(packs, overrides)
    programs = {}
    files = ", ".join(Path(p.file).name for p in packs)
    for kind in names or kinds().names():
        selected = [(rule, pack.pack.id, params[rule.id]) for pack in packs for rule in pack.rule
                    if kind in rule.applies_to]
        if selected:
            programs[kind] = build_program(kind, selected, files)
    return programs


def compile_packs(packs: list[Pack]) -> None:
    """Compile the packs whole, with their defaults, and give them to the engine: a pack too large for it, or a rule
    that cannot compile, is a RulesetError now (what `rules test` and `check` do before anything else)."""
    for program in build_programs(packs, {}).values():
        engine().register(program)


@dataclass(frozen=True)
class UnitOutcome:
    """What checking one record gave: the unit's report (None if the record was unusable) and its input problems."""

    report: UnitReport | None
    problems: tuple[InputError, ...]


class Checker:
    """Compiled programs, catalog and audit: everything needed to check any unit of the bundle."""

    def __init__(self, audit: Audit, catalog: CatalogIndex, packs: list[Pack], overrides: Overrides,
                 baseline: Baseline | None = None, waivers: Waivers | None = None, root: str = "",
                 scheme: Scheme | None = None) -> None:
        self.audit = audit
        self.baseline = baseline
        self.waivers = waivers
        self.catalog = catalog
        self.root = root
        self.assessment = Assessment(scheme, packs, root) if scheme is not None else None
        self.notice_spec = scheme.notice if scheme is not None else NoticeSpec()
        if self.assessment is not None and self.assessment.item_pack.rule:
            packs = [*packs, self.assessment.item_pack]  # the scheme's bonus and veto conditions, matched too
        self.packs = {pack.pack.id: pack for pack in packs}
        self.programs = build_programs(packs, overrides)
        for program in self.programs.values():
            engine().register(program)
        self.city_checked = False  # set when the city's session has run in this process (before the units)

    def check(self, loaded: LoadedUnit, facts: UnitFacts | None = None, charged: Sequence[Finding] = (),
              context: Sequence[Finding] = ()) -> UnitOutcome:
        """Facts (built by the unit's kind, unless given) -> engine -> findings -> score for one validated unit;
        `charged`: gaps another unit's session found that this unit answers for (the city's); `context`: missing
        data about the unit in the office's registers (for its sheet only)."""
        findings, warnings = self.findings(loaded, facts)
        return self.finish(loaded, [*findings, *charged], warnings, context)

    def findings(self, loaded: LoadedUnit, facts: UnitFacts | None = None) -> tuple[list[Finding], list[InputError]]:
        """The unit's findings as the engine gives them (before waivers, history and score), and the warnings its
        facts raised."""
        program = self.programs[loaded.kind]
        started = stages.clock()
        facts = facts or facts_of(kinds().get(loaded.kind)).build(loaded, self.audit, self.catalog)
        stages.lap("facts", started)
        session = engine().run(program, loaded.unit.id, facts.facts)  # its own laps: facts, then durable
        started = stages.clock()
        findings = findings_for_unit(program, self.packs, facts, session, loaded.file, loaded.line)
        stages.lap("findings", started)
        return findings, facts.warnings

    def finish(self, loaded: LoadedUnit, findings: list[Finding], warnings: list[InputError],
               context: Sequence[Finding] = ()) -> UnitOutcome:
        """The unit's report: its findings located in their files, waivers and history applied, scored (if its kind
        is), and where it sits in the city."""
        started = stages.clock()
        kind = kinds().get(loaded.kind)
        items = self.assessment.item_rules if self.assessment is not None else frozenset()
        triggers = [finding for finding in findings if finding.rule_id in items]
        plan = self.assessment.plan(kind.name) if self.assessment is not None and kind.scored else None
        gaps = [finding for finding in findings if finding.rule_id not in items]
        gaps = plan.price_all(gaps) if plan else gaps
        report = UnitReport(loaded.unit.id, loaded.unit.name or loaded.unit.id, loaded.kind, loaded.file,
                            located(gaps, self.root, loaded.unit.id), line=loaded.line)
        if self.waivers is not None:
            report = self.waivers.apply(report)
        if self.baseline is not None:
            report = self.baseline.classify(report, (self.audit.as_of or dt.date(self.audit.year, 12, 31)).isoformat())
        if kind.scored:  # each gap an item of the unit's rectification notice
            report = with_notices(report, self.notice_spec, self.audit.year,
                                  self.audit.as_of or dt.date(self.audit.year, 12, 31))
        if plan is not None:
            report.sheet = plan.sheet(report.findings, located(triggers, self.root, loaded.unit.id),
                                      located(list(context), self.root, loaded.unit.id), self.city_checked)
        report.score = (report.sheet.total if report.sheet else score(report.findings)) if kind.scored else None
        module = facts_of(kind)
        digest = module.digest(loaded.unit, self.catalog) if module.digest is not None else None
        if digest is not None:
            report.place = Place(digest.links(), digest.industry, tuple(digest.categories_in(self.audit.year)))
        stages.lap("findings", started)
        return UnitOutcome(report, tuple(warnings))


@dataclass(frozen=True)
class CheckSpec:
    """Everything a process needs to check units of this bundle (picklable, sent to workers): the kinds in use
    travel with it, so a worker knows every kind its parent knows."""

    audit: Audit
    catalog: Catalog
    packs: list[Pack]
    overrides: Overrides
    baseline: Baseline | None = None
    waivers: Waivers | None = None
    root: str = ""
    kinds: KindTable = field(default_factory=kinds)
    scheme: Scheme | None = None

    def checker(self) -> Checker:
        """A checker for this process; what it holds is long-lived, so the garbage collector stops scanning it."""
        install(self.kinds)
        checker = Checker(self.audit, merged_catalog(self.catalog), self.packs, self.overrides, self.baseline,
                          self.waivers, self.root, self.scheme)
        gc.collect()
        gc.freeze()  # compiled rules and models live as long as the run: no need to re-scan them
        # records, facts and findings are short-lived containers freed by reference counting, not cycles: the
        # collector's default pace (every 700 allocations) spent about 4% of the check finding nothing
        gc.set_threshold(_GC_ALLOCATIONS, *gc.get_threshold()[1:])
        return checker
