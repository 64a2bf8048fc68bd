"""Benchmark on a synthetic bundle: load, one-process check, end to end with the JSON report, each split by stage
(read, validate, facts, durable, findings, render) within the run; report size and memory."""
from __future__ import annotations

import io
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.api import load_packs
from compliance.bundle.load import load_bundle
from compliance.bundle.streams import validate_streams
from compliance.check.executor import Executor, running
from compliance.check.pipeline import outcomes, prepare, write_report
from compliance.core import stages
from compliance.core.errors import UsageError
from compliance.engine.session import Engine
from compliance.report.stats import RunStats, UnitSummary
from compliance_dev.synth import write_bundle


@dataclass
class Meter:
    """Time and facts through one engine method."""

    seconds: float = 0.0
    facts: int = 0


@dataclass
class Figures:
    """Everything one benchmark run measured."""

    units: int = 0
    enterprises: int = 0
    generate_seconds: float = 0.0
    load_seconds: float = 0.0
    check_seconds: float = 0.0
    engine: Meter = field(default_factory=Meter)
    check_split: dict[str, float] = field(default_factory=dict)  # seconds per stage of the one-process check
    parallel_seconds: float = 0.0
    parallel_split: dict[str, float] = field(default_factory=dict)  # seconds per stage, every process added up
    dask_seconds: float = 0.0  # the same on a Dask LocalCluster of `workers` processes (0: not run)
    dask_start_seconds: float = 0.0  # starting that cluster, apart
    dask_split: dict[str, float] = field(default_factory=dict)
    report_bytes: int = 0
    workers: int = 1
    summary: dict[str, int] = field(default_factory=dict)
    peak_mb: float = 0.0
    worker_peak_mb: float = 0.0


@contextmanager
def metered(method: str, meter: Meter, facts_of: Callable[[tuple[Any, ...]], int]) -> Iterator[Meter]:
    """Time every call of Engine.<method> and count the facts it is given; restored on exit."""
    original = getattr(Engine, method)

    def timed(self: Engine, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(self, *args)
        finally:
            meter.seconds += time.perf_counter() - started
            meter.facts += facts_of(args)

    setattr(Engine, method, timed)
    try:
        yield meter
    finally:
        setattr(Engine, method, original)


def _load_and_validate(root: Path) -> float:
    """Seconds to read and validate every record (what `compliance validate` does)."""
    started = time.perf_counter()
    validate_streams(load_bundle(root))
    return time.perf_counter() - started


def _check_one_process(root: Path, figures: Figures) -> None:
    """Check in this process, consuming outcomes as they come (nothing kept), engine metered, stages counted."""
    with metered("run", figures.engine, lambda args: len(args[2])), _counted() as split:
        started = time.perf_counter()
        prepared = prepare(load_bundle(root), load_packs(), None, {}, None)
        stats = RunStats.against(None, prepared.info.rule_ids, prepared.info.view)
        for outcome in outcomes(prepared, 1):
            if outcome.report is not None:
                stats.add_unit(UnitSummary.of(outcome.report))
            for error in outcome.problems:
                stats.add_input(error)
        figures.check_seconds = time.perf_counter() - started
    figures.check_split = split
    figures.summary = stats.summary()


@contextmanager
def _counted() -> Iterator[dict[str, float]]:
    """Count seconds per stage while inside; the dict yielded holds them on exit."""
    split: dict[str, float] = {}
    stages.switch_on()
    try:
        yield split
    finally:
        split.update(stages.totals())
        stages.switch_off()


class _Discard(io.TextIOBase):
    """Counts the bytes (UTF-8) a report would write, keeps nothing."""

    written = 0

    def write(self, text: str) -> int:
        """Drop the text."""
        self.written += len(text.encode())
        return len(text)


def _check_end_to_end(root: Path, figures: Figures) -> None:
    """The CLI's own job with the chosen workers: read, validate, check and stream the JSON report, stages counted
    in every process."""
    figures.parallel_seconds, figures.parallel_split, figures.report_bytes = _end_to_end(root, figures.workers)


def _check_on_dask(root: Path, figures: Figures) -> None:
    """The same on a Dask LocalCluster of as many processes, timed once it has started (its start apart)."""
    started = time.perf_counter()
    with running(Executor(figures.workers, "dask")) as executor:
        figures.dask_start_seconds = time.perf_counter() - started
        figures.dask_seconds, figures.dask_split, _ = _end_to_end(root, executor)


def _end_to_end(root: Path, workers: int | Executor) -> tuple[float, dict[str, float], int]:
    """Seconds, seconds per stage (every process) and report bytes of one run writing the JSON report."""
    sink = _Discard()
    with _counted() as split:
        started = time.perf_counter()
        prepared = prepare(load_bundle(root), load_packs(), None, {}, None)
        write_report(prepared, "json", "zh", workers, sink)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    return seconds, split, sink.written


def measure(root: Path, workers: int, dask: bool = False) -> Figures:
    """All figures for the bundle at root (`dask`: also the end-to-end run on a Dask LocalCluster)."""
    figures = Figures(workers=workers)
    figures.load_seconds = _load_and_validate(root)
    _check_one_process(root, figures)
    figures.units = figures.summary["units"]
    _check_end_to_end(root, figures)
    if dask:
        _check_on_dask(root, figures)
    figures.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures.worker_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return figures


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def split_line(split: dict[str, float], total: float | None = None) -> str:
    """Seconds per stage and each one's share of `total` (what no stage counted is `other`), or of the stages'
    sum when no total is given (processes in parallel: their wall time is not a sum)."""
    counted = sum(split.values())
    whole = counted if total is None else total
    if whole <= 0:
        return "-"
    parts = [f"{stage} {seconds:.2f} s {seconds / whole:.0%}" for stage, seconds in split.items() if seconds]
    if total is not None:
        parts.append(f"other {total - counted:.2f} s {(total - counted) / whole:.0%}")
    return " · ".join(parts)


def report(figures: Figures) -> str:
    """The figures, one per line."""
    f = figures
    counted = max(f.enterprises or f.units, 1)
    per_1k = f.check_seconds / counted * 1000
    durable = f.check_split.get("durable", 0.0)
    whole = f.parallel_seconds if f.workers == 1 else None  # in workers: shares of every process's counted seconds
    lines = [
        f"units checked          {f.units:,} ({f.enterprises:,} enterprises); facts {f.engine.facts:,}",
        f"generate               {f.generate_seconds:.2f} s",
        f"load + validate        {f.load_seconds:.2f} s",
        f"check, 1 process       {f.check_seconds:.2f} s   check/load {f.check_seconds / f.load_seconds:.2f}   "
        f"{per_1k:.2f} s per 1,000 {'enterprises' if f.enterprises else 'units'}",
        f"  by stage             {split_line(f.check_split, f.check_seconds)}",
        f"  durable/check        {durable / f.check_seconds:.2f} (target >= 0.50)   "
        f"durable assert+actions {_rate(f.engine.facts, durable)} facts/s per core",
        f"end to end, JSON, {f.workers} proc{'s' if f.workers > 1 else ' '} {f.parallel_seconds:.2f} s   "
        f"{_rate(counted, f.parallel_seconds)} {'enterprises' if f.enterprises else 'units'}/s   "
        f"x{f.check_seconds / f.parallel_seconds:.2f} the 1-process check (which writes no report)",
        f"  by stage, {'all procs' if f.workers > 1 else '1 proc   '} {split_line(f.parallel_split, whole)}",
        *_dask_lines(f, counted),
        f"report (JSON)          {f.report_bytes:,} bytes, {f.report_bytes / counted / 1024:.1f} KB per "
        f"{'enterprise' if f.enterprises else 'unit'}",
    ]
    lines.append(f"peak memory            {f.peak_mb:.0f} MB this process, {f.worker_peak_mb:.0f} MB largest worker")
    s = f.summary
    lines.append(f"results                {s.get('failed', 0):,} gaps, {s.get('passed', 0):,} passes, "
                 f"{s.get('errors', 0):,} engine errors, {s.get('input_errors', 0):,} input errors")
    return "\n".join(lines)


def _dask_lines(f: Figures, counted: int) -> list[str]:
    """The Dask run's line and its split by stage (none when it did not run)."""
    if not f.dask_seconds:
        return []
    return [f"end to end, JSON, dask {f.dask_seconds:.2f} s   {_rate(counted, f.dask_seconds)} "
            f"{'enterprises' if f.enterprises else 'units'}/s   time x{f.dask_seconds / f.parallel_seconds:.2f} the "
            f"local run's (LocalCluster of {f.workers} proc{'s' if f.workers > 1 else ''}, started in "
            f"{f.dask_start_seconds:.2f} s apart)",
            f"  by stage, all procs {split_line(f.dask_split)}"]


@contextmanager
def _bundle_folder(keep: Path | None) -> Iterator[Path]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="compliance-bench-") as folder:
            yield Path(folder)
        return
    if keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        raise UsageError(f"--keep needs a new or empty folder: {keep}")
    keep.mkdir(parents=True, exist_ok=True)
    yield keep


def run_bench(units: int, seed: int, keep: Path | None, enterprises: int = 0, workers: int | None = None,
              dask: bool = True) -> int:
    """Generate a synthetic bundle, measure it (`dask`: on a Dask LocalCluster too) and print the figures."""
    if units < 0 or enterprises < 0 or units + enterprises < 1:
        raise UsageError("the benchmark needs at least one unit or enterprise")
    chosen = workers or os.cpu_count() or 1
    with _bundle_folder(keep) as root:
        started = time.perf_counter()
        write_bundle(root, units, seed, enterprises=enterprises)
        generated = time.perf_counter() - started
        figures = measure(root, chosen, dask)
    figures.generate_seconds = generated
    figures.enterprises = enterprises
    print(f"synthetic bundle: {units:,} departments/districts and {enterprises:,} enterprises (JSONL), seed {seed}")
    print(report(figures))
    return 0
