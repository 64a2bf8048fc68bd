"""The check pipeline: prepare once, then every unit in a fixed order, inline or in spawned workers."""
from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from compliance.bundle.city import city_record
from compliance.bundle.load import Bundle, LoadedUnit
from compliance.bundle.streams import LineRange, RawRecord, enterprise_files, enterprise_tasks, iter_enterprise_records
from compliance.check.baseline import Baseline, baseline_warnings
from compliance.check.checker import Checker, UnitOutcome
from compliance.check.evaluate import rule_docs
from compliance.check.parallel import ordered_map
from compliance.check.waivers import Waivers, load_waivers
from compliance.core.errors import UsageError
from compliance.core.problems import InputError, did_you_mean, report_order
from compliance.facts.city import CityAggregate
from compliance.formatters import Formatter, formatter
from compliance.records.audit import Audit
from compliance.records.catalog import Catalog, merged_catalog
from compliance.records.city import EnterpriseDigest
from compliance.report.stats import KIND_ORDER, AuditInfo, RunStats, UnitSummary, sort_findings
from compliance.rules.pack import Pack, load_pack
from compliance.rules.packs import pack_paths
from compliance.rules.params import Overrides, load_profile

PARALLEL_FROM_BYTES = 2_000_000


@dataclass(frozen=True)
class CheckSpec:
    """Everything a process needs to check units of this bundle (picklable, sent to workers)."""

    audit: Audit
    catalog: Catalog
    packs: list[Pack]
    overrides: Overrides
    baseline: Baseline | None = None
    waivers: Waivers | None = None

    def checker(self) -> Checker:
        """A checker for this process; what it holds is long-lived, so the garbage collector stops scanning it."""
        checker = Checker(self.audit, merged_catalog(self.catalog), self.packs, self.overrides, self.baseline,
                          self.waivers)
        gc.collect()
        gc.freeze()  # compiled rules and models live as long as the run: no need to re-scan them
        return checker


@dataclass
class Prepared:
    """A loaded bundle with its packs and effective parameters, ready to check."""

    bundle: Bundle
    spec: CheckSpec
    info: AuditInfo
    problems: list[InputError] = field(default_factory=list)


def prepare(bundle: Bundle, packs: list[Pack], as_of: dt.date | None, params: Overrides,
            profile: str | None, baseline: Baseline | None = None, waivers: Path | None = None) -> Prepared:
    """Apply the audit date, profile and parameter overrides; describe the audit."""
    audit = bundle.audit if as_of is None else bundle.audit.model_copy(update={"as_of": as_of})
    bundle.audit = audit
    _order_units(bundle)
    overrides: Overrides = {}
    chosen = profile or audit.profile
    if chosen:
        overrides.update(profile_overrides(load_profile(chosen), packs))
    overrides.update(params)
    day = audit.as_of or dt.date(audit.year, 12, 31)
    rule_ids = frozenset(rule.id for pack in packs for rule in pack.rule)
    waived = load_waivers(waivers, day, rule_ids) if waivers is not None else None
    spec = CheckSpec(audit, bundle.catalog, packs, overrides, baseline, waived)
    values: dict[str, Any] = {name: param.default for pack in packs for name, param in pack.params.items()}
    values.update(overrides)
    info = AuditInfo(audit.jurisdiction, audit.year, day.isoformat(),
                     [{"id": p.pack.id, "version": p.pack.version} for p in packs], dict(sorted(values.items())),
                     rule_ids, rule_docs(packs), str(bundle.root))
    if baseline is not None:
        bundle.input_errors.extend(baseline_warnings(baseline, audit))
    return Prepared(bundle, spec, info)


def profile_overrides(values: Overrides, packs: list[Pack]) -> Overrides:
    """A profile may tune packs that are not loaded: those values are skipped; a name no pack knows is an error."""
    loaded = {name for pack in packs for name in pack.params}
    shipped = loaded | {name for path in pack_paths() for name in load_pack(path).params}
    unknown = sorted(key for key in values if key.rpartition(".")[2] not in shipped)
    if unknown:
        raise UsageError(f"profile sets unknown parameter '{unknown[0]}'{did_you_mean(unknown[0], shipped)}")
    return {key: value for key, value in values.items() if key.rpartition(".")[2] in loaded}


def auto_workers(root: Path) -> int:
    """Workers for a bundle: one process for small ones, every core once the enterprise files are large."""
    size = sum(path.stat().st_size for path in enterprise_files(root))
    return (os.cpu_count() or 1) if size >= PARALLEL_FROM_BYTES else 1


def _units(prepared: Prepared, checker: Checker) -> Iterator[UnitOutcome]:
    """Departments and districts, checked here (they are few)."""
    for loaded in prepared.bundle.units:
        if loaded.kind in checker.programs:
            report, warnings = checker.check(loaded)
            yield UnitOutcome(report, tuple(warnings))


def _check_item(checker: Checker, item: RawRecord | InputError) -> UnitOutcome:
    """One enterprise record (or a problem met while reading records)."""
    return UnitOutcome(None, (item,)) if isinstance(item, InputError) else checker.check_raw(item)


def outcomes(prepared: Prepared, workers: int = 1) -> Iterator[UnitOutcome]:
    """Every unit's outcome: departments and districts (by kind and id), then enterprises in file and line order,
    then the city (which needs what was seen of every enterprise)."""
    checker = prepared.spec.checker()
    yield from _units(prepared, checker)
    city = CitySession(prepared, checker)
    if workers <= 1:
        enterprises: Iterator[UnitOutcome] = (_check_item(checker, item)
                                              for item in iter_enterprise_records(prepared.bundle.root))
    else:
        enterprises = ordered_map(_check_task, enterprise_tasks(prepared.bundle.root), workers, _init_worker,
                                  (prepared.spec, None), chunk=1)
    for outcome in enterprises:
        city.add(outcome.digest)
        yield outcome
    yield from city.outcomes()


class CitySession:
    """The city unit: collects each enterprise's digest as it goes by, then is checked last."""

    def __init__(self, prepared: Prepared, checker: Checker) -> None:
        self.checker = checker
        self.city = city_record(prepared.bundle) if "city" in checker.programs else None
        self.aggregate = CityAggregate(self.city, prepared.spec.audit) if self.city is not None else None

    def add(self, digest: EnterpriseDigest | None) -> None:
        """Count one enterprise (nothing to do for a bundle without city files)."""
        if self.aggregate is not None and digest is not None:
            self.aggregate.add(digest)

    def outcomes(self) -> Iterator[UnitOutcome]:
        """The city's outcome, if the bundle has city files and a city ruleset is loaded."""
        if self.city is None:
            return
        self.city._aggregate = self.aggregate
        report, warnings = self.checker.check(LoadedUnit("city", self.city, ""))  # no one file: facts name theirs
        yield UnitOutcome(report, tuple(warnings))


@dataclass(frozen=True)
class Rendered:
    """A unit already rendered by a formatter (in a worker), with what the run statistics need."""

    text: str
    summary: UnitSummary | None
    problems: tuple[InputError, ...]
    digest: EnterpriseDigest | None = None


def rendered(prepared: Prepared, chosen: Formatter, format_name: str, lang: str,
             workers: int = 1) -> Iterator[Rendered]:
    """Like outcomes(), but each unit comes rendered: in workers, formatting runs in parallel too (a text format;
    a binary one is built by `chosen` in this process, from the workers' outcomes)."""
    if workers <= 1 or chosen.binary:
        for outcome in outcomes(prepared, workers):
            yield _render(chosen, outcome, prepared)
        return
    checker = prepared.spec.checker()
    for outcome in _units(prepared, checker):
        yield _render(chosen, outcome, prepared)
    city = CitySession(prepared, checker)
    for piece in ordered_map(_render_task, enterprise_tasks(prepared.bundle.root), workers, _init_worker,
                             (prepared.spec, (format_name, lang), prepared.info), chunk=1):
        city.add(piece.digest)
        yield piece
    for outcome in city.outcomes():
        yield _render(chosen, outcome, prepared)


def _render(chosen: Formatter | None, outcome: UnitOutcome, prepared: Prepared | None) -> Rendered:
    if outcome.report is None or chosen is None:
        return Rendered("", None, outcome.problems, outcome.digest)
    unit = sort_findings(outcome.report)
    problems = list(outcome.problems)
    if prepared is not None and unit.kind != "enterprise":
        problems += [e for e in prepared.bundle.input_errors if e.file == unit.file and e.record == unit.id]
    return Rendered(chosen.unit(unit, problems), UnitSummary.of(unit), outcome.problems, outcome.digest)


_WORKER: dict[str, Any] = {}


def _init_worker(spec: CheckSpec, render: tuple[str, str] | None, info: AuditInfo | None = None) -> None:
    """In a spawned worker: build the checker (and formatter) once. The formatter sees the audit as the parent's
    did (its begin() output is dropped: the parent writes it), so units render the same in any process."""
    _WORKER["checker"] = spec.checker()
    _WORKER["formatter"] = formatter(*render) if render else None
    if _WORKER["formatter"] is not None and info is not None:
        _WORKER["formatter"].begin(info)


def _check_one(item: RawRecord | InputError) -> UnitOutcome:
    checker: Checker = _WORKER["checker"]
    return _check_item(checker, item)


def _task_items(tasks: list[LineRange | RawRecord | InputError]) -> Iterator[RawRecord | InputError]:
    for task in tasks:
        if isinstance(task, LineRange):
            yield from task.records()
        else:
            yield task


def _check_task(tasks: list[LineRange | RawRecord | InputError]) -> list[UnitOutcome]:
    """Worker task: check enterprise records (reading a JSONL line range itself)."""
    return [_check_one(item) for item in _task_items(tasks)]


def _render_task(tasks: list[LineRange | RawRecord | InputError]) -> list[Rendered]:
    """Worker task: check and render enterprise records (reading a JSONL line range itself)."""
    return [_render(_WORKER["formatter"], _check_one(item), None) for item in _task_items(tasks)]


def _order_units(bundle: Bundle) -> None:
    """Departments and districts in report order (by kind, then id); enterprises come after, as read."""
    bundle.units.sort(key=lambda loaded: (KIND_ORDER[loaded.kind], loaded.unit.id))


def worker_count(requested: int | None, root: Path) -> int:
    """--workers N, or automatic when not given."""
    if requested is None:
        return auto_workers(root)
    if requested < 1:
        raise UsageError("--workers must be at least 1")
    return requested


def write_report(prepared: Prepared, format_name: str, lang: str, workers: int, out: TextIO | BinaryIO) -> RunStats:
    """Stream the report: each unit is written as soon as it is checked; memory stays flat. A binary format is
    written whole at the end (out must then be a binary file)."""
    chosen = formatter(format_name, lang)
    head = chosen.begin(prepared.info)
    stats = RunStats.against(prepared.spec.baseline, prepared.info.rule_ids)
    errors = list(prepared.bundle.input_errors)
    text: TextIO | None = None if chosen.binary else cast(TextIO, out)
    if text is not None:
        text.write(head)
    written = False
    for piece in rendered(prepared, chosen, format_name, lang, workers):
        errors.extend(piece.problems)
        if piece.summary is None:
            continue
        stats.add_unit(piece.summary)
        if text is not None and piece.text:
            text.write((chosen.separator if written else "") + piece.text)
            written = True
    if prepared.spec.waivers is not None:
        errors.extend(prepared.spec.waivers.unused(stats.waivers_used))
    errors.sort(key=report_order)
    for error in errors:
        stats.add_input(error)
    chosen.wrote_units = written
    tail = chosen.end(stats, errors)
    if text is not None:
        text.write(tail)
    else:
        cast(BinaryIO, out).write(chosen.finish())
    return stats
