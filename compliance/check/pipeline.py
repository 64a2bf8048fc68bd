"""The check pipeline: prepare once, then every unit in report order (the units read with the bundle, then the
streamed ones, inline or in spawned workers, then the city), and the report written as the units come."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar, cast

from compliance.bundle.load import Bundle, claimed_ids, stream_files
from compliance.bundle.streams import RawRecord, iter_records, record_tasks
from compliance.check.baseline import baseline_warnings
from compliance.check.checker import Checker, CheckSpec, UnitOutcome
from compliance.check.city import CityCheck
from compliance.check.evaluate import rule_docs
from compliance.check.executor import Executor, as_executor
from compliance.check.locations import located_problems
from compliance.check.sheets import blank_sheets
from compliance.check.unique import first_outcomes, first_rendered
from compliance.check.view import build_view
from compliance.check.waivers import load_waivers
from compliance.check.workers import (
    Digested,
    Rendered,
    Task,
    check_item,
    check_task,
    describe_tasks,
    digest_task,
    init_worker,
    render,
    render_task,
)
from compliance.core import stages
from compliance.core.errors import UsageError
from compliance.core.problems import InputError, did_you_mean, report_order
from compliance.formatters import Formatter, formatter
from compliance.records.audit import Audit
from compliance.records.catalog import merged_catalog
from compliance.records.kinds import UnitKind, kinds
from compliance.report.history import Baseline
from compliance.report.model import AuditInfo, ReportTeam
from compliance.report.stats import RunStats
from compliance.rules.pack import Pack, load_pack, waivable_rules
from compliance.rules.packs import pack_paths
from compliance.rules.params import Overrides, bundle_profile_path, load_profile
from compliance.rules.scheme import NoticeSpec, Scheme, resolve_scheme

PARALLEL_FROM_BYTES = 2_000_000
Done = TypeVar("Done")


@dataclass
class Prepared:
    """A loaded bundle with its packs and effective parameters, ready to check."""

    bundle: Bundle
    spec: CheckSpec
    info: AuditInfo
    checker: Checker | None = None  # built by prepare(): the packs compiled whole before anything is written

    def built_checker(self) -> Checker:
        """A checker for this process: the one prepare() built, the first time (a run changes it), else a new one."""
        checker, self.checker = self.checker or self.spec.checker(), None
        return checker


def prepare(bundle: Bundle, packs: list[Pack], as_of: dt.date | None, params: Overrides,
            profile: str | None, baseline: Baseline | None = None, waivers: Path | None = None,
            scheme: Path | None = None, evidence: str = "gaps") -> Prepared:
    """Apply the audit date, profile, parameter overrides and assessment scheme; describe the audit (`evidence`:
    what the JSON report's passes carry, --evidence)."""
    audit = bundle.audit if as_of is None else bundle.audit.model_copy(update={"as_of": as_of})
    bundle.audit = audit
    bundle.units.sort(key=lambda loaded: (kinds().get(loaded.kind).order, loaded.unit.id))
    overrides: Overrides = {}
    if profile or audit.profile:
        chosen = profile or bundle_profile_path(bundle.root, audit.profile or "")
        overrides.update(profile_overrides(load_profile(chosen), packs))
    overrides.update(params)
    day = audit.as_of or dt.date(audit.year, 12, 31)
    if day.year != audit.year:
        bundle.input_errors.append(InputError(
            "audit.toml", "audit", "as_of", f"检查基准日{day.isoformat()}不在检查年度{audit.year}年内：按该日判定，请核对",
            f"the audit date {day.isoformat()} is outside the audit year {audit.year}: judged as of that day; check it",
            "warning"))
    rule_ids = frozenset(rule.id for pack in packs for rule in pack.rule)
    waived = load_waivers(waivers, day, waivable_rules(packs)) if waivers is not None else None
    assessment = resolve_scheme(scheme, packs, [load_pack(path) for path in pack_paths()])
    spec = CheckSpec(audit, bundle.catalog, packs, overrides, baseline, waived, str(bundle.root),
                     scheme=assessment)
    values: dict[str, Any] = {name: param.default for pack in packs for name, param in pack.params.items()}
    values.update(overrides)
    info = AuditInfo(audit.jurisdiction, audit.year, day.isoformat(),
                     [{"id": p.pack.id, "version": p.pack.version} for p in packs], dict(sorted(values.items())),
                     build_view(merged_catalog(bundle.catalog)), rule_ids, rule_docs(packs), str(bundle.root),
                     _scheme_info(assessment), blank_sheets(assessment, packs),
                     (assessment.notice if assessment is not None else NoticeSpec()).model_dump(), _team(audit),
                     evidence)
    if baseline is not None:
        bundle.input_errors.extend(baseline_warnings(baseline, audit))
    # parameters, packs and the engine's limits checked whole: any error comes before the report starts
    return Prepared(bundle, spec, info, spec.checker())


def _team(audit: Audit) -> ReportTeam:
    """The inspection team and sign-off of audit.toml's [report] (all blank without one)."""
    given = audit.report
    if given is None:
        return ReportTeam()
    return ReportTeam(given.organised_by or "", given.team_leader or "", tuple(given.team), given.approved_by or "",
                      given.signed_on.isoformat() if given.signed_on else "")


def _scheme_info(scheme: Scheme | None) -> dict[str, str]:
    """The scheme as the report names it (empty: scored as 100 minus deductions, no sheets)."""
    if scheme is None:
        return {}
    return {"id": scheme.scheme.id, "title": scheme.scheme.title, "title_en": scheme.scheme.title_en,
            "basis": scheme.scheme.basis, "basis_en": scheme.scheme.basis_en}


def profile_overrides(values: Overrides, packs: list[Pack]) -> Overrides:
    """A profile may tune packs that are not loaded: those values are skipped; a name no pack knows is an error."""
    loaded = {name for pack in packs for name in pack.params}
    shipped = loaded | {name for path in pack_paths() for name in load_pack(path).params}
    unknown = sorted(key for key in values if key.rpartition(".")[2] not in shipped)
    if unknown:
        raise UsageError(f"profile sets unknown parameter '{unknown[0]}'{did_you_mean(unknown[0], shipped)}")
    return {key: value for key, value in values.items() if key.rpartition(".")[2] in loaded}


def auto_workers(root: Path) -> int:
    """Workers for a bundle: one process for small ones, every core once the streamed files are large."""
    size = sum(path.stat().st_size for kind in kinds().reading("stream") for path in stream_files(root, kind))
    return (os.cpu_count() or 1) if size >= PARALLEL_FROM_BYTES else 1


def worker_count(requested: int | None, root: Path) -> int:
    """--workers N, or automatic when not given."""
    if requested is None:
        return auto_workers(root)
    if requested < 1:
        raise UsageError("--workers must be at least 1")
    return requested


def _streamed_kinds(checker: Checker) -> list[UnitKind]:
    return [kind for kind in kinds().reading("stream") if kind.name in checker.programs]


def unchecked(prepared: Prepared, checker: Checker) -> list[InputError]:
    """One warning for each kind of unit the bundle has records of but no loaded rule applies to (--rules)."""
    warnings = []
    for kind in kinds():
        if kind.name in checker.programs:
            continue
        if kind.reading == "files":
            count = sum(1 for loaded in prepared.bundle.units if loaded.kind == kind.name)
        elif kind.reading == "stream":
            count = sum(1 for item in iter_records(prepared.bundle.root, kind) if isinstance(item, RawRecord))
        else:
            count = 1 if prepared.bundle.has_city else 0
        if count:
            warnings.append(InputError(
                kind.folder, "", "", f"{kind.plural[0]}记录 {count} 条未检查：未加载适用于{kind.label[0]}的规则",
                f"{count} {kind.plural[1]} record(s) not checked: no loaded rule applies to {kind.plural[1]}",
                "warning"))
    return warnings


def _bundle_units(prepared: Prepared, checker: Checker, city: CityCheck) -> Iterator[UnitOutcome]:
    """The units read with the bundle (departments, districts, …), checked here (they are few), each with the gaps
    the city charges to it."""
    for loaded in prepared.bundle.units:
        if loaded.kind in checker.programs:
            yield checker.check(loaded, charged=city.charged.get(loaded.unit.id, ()),
                                context=city.context.get(loaded.unit.id, ()))


def outcomes(prepared: Prepared, workers: int | Executor = 1) -> Iterator[UnitOutcome]:
    """Every unit's outcome in report order: the units read with the bundle, the streamed ones (in the executor's
    workers: a count of local processes, or an Executor), then the city's own findings (the city is checked first:
    the units it charges gaps to are scored with them)."""
    checker = prepared.built_checker()
    yield UnitOutcome(None, tuple(unchecked(prepared, checker)))
    root, streamed, executor = prepared.bundle.root, _streamed_kinds(checker), as_executor(workers)
    if not executor.parallel:
        items = itertools.chain.from_iterable(iter_records(root, kind) for kind in streamed)
        enterprises: Iterator[UnitOutcome] = (check_item(checker, item) for item in items)
    else:  # the workers start now: they check the first enterprises while the city's first pass runs here
        enterprises = _in_workers(prepared, executor, check_task, streamed, (None,))
    city = CityCheck(prepared.bundle, checker, _digests_in_workers(prepared, executor, streamed))
    yield from _bundle_units(prepared, checker, city)
    yield from first_outcomes(enterprises, claimed_ids(prepared.bundle))
    yield from city.outcomes()


def _in_workers(prepared: Prepared, executor: Executor, task: Callable[[list[Task]], list[Done]],
                streamed: list[UnitKind], render_args: tuple[Any, ...]) -> Iterator[Done]:
    """task over the streamed kinds' records, in the executor's workers, in file and line order. The workers are
    given the bundle by its absolute path (a Dask worker's working folder is its own); the report names files as
    the parent does."""
    root = prepared.bundle.root.absolute()
    tasks = itertools.chain.from_iterable(record_tasks(root, kind) for kind in streamed)
    spec = dataclasses.replace(prepared.spec, root=str(root))
    return executor.map(task, tasks, init_worker, (spec, *render_args), describe_tasks, str(root))


def _digests_in_workers(prepared: Prepared, executor: Executor,
                        streamed: list[UnitKind]) -> Callable[[], Iterator[Digested]] | None:
    """On a cluster, the city's first pass over the enterprises is read by the workers too (this process would
    otherwise read every enterprise once more, alone, while they wait); a local pool's workers are already checking
    while this process reads it."""
    if executor.kind != "dask":
        return None
    return lambda: _in_workers(prepared, executor, digest_task, streamed, (None,))


def _own_problems(prepared: Prepared, outcome: UnitOutcome) -> list[InputError]:
    """The bundle's input problems of a unit read with the bundle (a streamed one carries its own)."""
    unit = outcome.report
    if unit is None or kinds().get(unit.kind).reading == "stream":
        return []
    return [e for e in prepared.bundle.input_errors if e.file == unit.file and e.record == unit.id]


def rendered(prepared: Prepared, chosen: Formatter, format_name: str, lang: str,
             workers: int | Executor = 1) -> Iterator[Rendered]:
    """Like outcomes(), but each unit comes rendered: in workers, formatting runs in parallel too (a text format;
    a binary or numbered one is rendered by `chosen` in this process, in report order, from the workers' outcomes)."""
    executor = as_executor(workers)
    if not executor.parallel or chosen.binary or chosen.numbered:
        for outcome in outcomes(prepared, workers):
            yield render(chosen, outcome, _own_problems(prepared, outcome))
        return
    checker = prepared.built_checker()
    yield Rendered("", None, tuple(unchecked(prepared, checker)))
    streamed = _streamed_kinds(checker)
    # the workers start now: they check the first enterprises while the city's first pass runs here
    enterprises = _in_workers(prepared, executor, render_task, streamed,
                              ((format_name, lang), prepared.info, stages.counting()))
    city = CityCheck(prepared.bundle, checker, _digests_in_workers(prepared, executor, streamed))
    for outcome in _bundle_units(prepared, checker, city):
        yield render(chosen, outcome, _own_problems(prepared, outcome))
    yield from first_rendered(enterprises, claimed_ids(prepared.bundle))
    for outcome in city.outcomes():
        yield render(chosen, outcome, _own_problems(prepared, outcome))


def write_report(prepared: Prepared, format_name: str, lang: str, workers: int | Executor,
                 out: TextIO | BinaryIO) -> RunStats:
    """Stream the report: each unit is written as soon as it is checked; memory stays flat. A binary format is
    written whole at the end (out must then be a binary file)."""
    chosen = formatter(format_name, lang)
    head = chosen.begin(prepared.info)
    stats = RunStats.against(prepared.spec.baseline, prepared.info.rule_ids, prepared.info.view, prepared.info.as_of)
    errors = list(prepared.bundle.input_errors)
    text: TextIO | None = None if chosen.binary else cast(TextIO, out)
    if text is not None:
        text.write(head)
    written = False
    for piece in rendered(prepared, chosen, format_name, lang, workers):
        errors.extend(piece.problems)
        stages.add(piece.stages)
        if piece.summary is None:
            continue
        stats.add_unit(piece.summary)
        if text is not None and piece.text:
            text.write((chosen.separator if written else "") + piece.text)
            written = True
    if prepared.spec.waivers is not None:
        errors.extend(prepared.spec.waivers.unused(stats.waivers_used))
    errors = located_problems(sorted(errors, key=report_order), prepared.info.root)
    for error in errors:
        stats.add_input(error)
    chosen.wrote_units = written
    tail = chosen.end(stats, errors)
    if text is not None:
        text.write(tail)
    else:
        cast(BinaryIO, out).write(chosen.finish())
    return stats
