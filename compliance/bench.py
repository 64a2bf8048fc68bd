"""Benchmark: check a synthetic bundle in one process and report load, check and engine speed."""
from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from compliance.api import Options, check_bundle, load_packs
from compliance.compile import Program
from compliance.engine import Engine, SessionResult
from compliance.errors import UsageError
from compliance.factcore import Fact
from compliance.load import load_bundle
from compliance.report import Report
from compliance.synth import write_bundle

COLUMNS = ("units", "facts", "load s", "check s", "facts/s", "check s/1k units", "check/load", "engine facts/s",
           "findings")


@dataclass
class EngineMeter:
    """Time spent in Engine.run and the facts asserted through it."""

    seconds: float = 0.0
    facts: int = 0
    sessions: int = 0


@dataclass(frozen=True)
class BenchResult:
    """The figures of one benchmark run."""

    units: int
    facts: int
    load_seconds: float
    check_seconds: float
    engine_seconds: float
    findings: int
    gaps: int
    error_findings: int
    input_errors: int
    input_warnings: int


@contextmanager
def metered_engine() -> Iterator[EngineMeter]:
    """Wrap Engine.run to time it and count the facts it asserts; the original is restored on exit."""
    meter = EngineMeter()
    original = Engine.run

    def run(self: Engine, program: Program, unit_id: str, facts: list[Fact]) -> SessionResult:
        started = time.perf_counter()
        try:
            return original(self, program, unit_id, facts)
        finally:
            meter.seconds += time.perf_counter() - started
            meter.facts += len(facts)
            meter.sessions += 1

    setattr(Engine, "run", run)  # noqa: B010  (mypy forbids assigning to a method)
    try:
        yield meter
    finally:
        setattr(Engine, "run", original)  # noqa: B010


def measure(root: Path) -> BenchResult:
    """Load and check the bundle at root once, timing each stage with perf_counter."""
    with metered_engine() as meter:
        started = time.perf_counter()
        bundle = load_bundle(root)
        loaded = time.perf_counter()
        report = check_bundle(bundle, load_packs(), Options())
        checked = time.perf_counter()
    return _result(report, meter, loaded - started, checked - loaded)


def _result(report: Report, meter: EngineMeter, load_seconds: float, check_seconds: float) -> BenchResult:
    summary = report.summary()
    return BenchResult(summary["units"], meter.facts, load_seconds, check_seconds, meter.seconds,
                       summary["checked"], summary["failed"], summary["errors"], summary["input_errors"],
                       summary["input_warnings"])


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def table(result: BenchResult) -> str:
    """The benchmark figures as a two-line table under COLUMNS."""
    per_1k = result.check_seconds / result.units * 1000 if result.units else 0.0
    ratio = f"{result.check_seconds / result.load_seconds:.2f}" if result.load_seconds > 0 else "-"
    values = (f"{result.units:,}", f"{result.facts:,}", f"{result.load_seconds:.3f}", f"{result.check_seconds:.3f}",
              _rate(result.facts, result.check_seconds), f"{per_1k:.3f}", ratio,
              _rate(result.facts, result.engine_seconds), f"{result.findings:,}")
    widths = [max(len(name), len(value)) for name, value in zip(COLUMNS, values, strict=False)]
    header = "  ".join(name.rjust(width) for name, width in zip(COLUMNS, widths, strict=False))
    row = "  ".join(value.rjust(width) for value, width in zip(values, widths, strict=False))
    return f"{header}\n{row}"


def footer(result: BenchResult) -> str:
    """Engine share of the check time, findings by outcome, and input problems."""
    share = result.engine_seconds / result.check_seconds * 100 if result.check_seconds > 0 else 0.0
    return (f"engine: {result.engine_seconds:.3f} s ({share:.0f}% of check); "
            f"findings: {result.gaps:,} gaps, {result.error_findings:,} errors; "
            f"input: {result.input_errors:,} errors, {result.input_warnings:,} warnings")


@contextmanager
def _bundle_folder(keep: Path | None) -> Iterator[Path]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="compliance-bench-") as folder:
            yield Path(folder)
        return
    if keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        raise UsageError(f"--keep folder must be new or empty: {keep}")
    keep.mkdir(parents=True, exist_ok=True)
    yield keep


def run_bench(units: int, seed: int, keep: Path | None) -> int:
    """Generate a synthetic bundle (kept only if `keep` is given), check it once, print the figures."""
    if units < 1:
        raise UsageError("--units must be at least 1")
    with _bundle_folder(keep) as root:
        started = time.perf_counter()
        write_bundle(root, units, seed)
        generated = time.perf_counter() - started
        print(f"synthetic bundle: {units:,} units, seed {seed}, generated in {generated:.2f} s"
              + (f", kept in {root}" if keep is not None else ""))
        result = measure(root)
    print(table(result))
    print(footer(result))
    return 0
