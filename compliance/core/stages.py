"""Seconds spent per stage of checking (read, validate, facts, durable, findings, render), counted only while the
benchmark has switched the counters on: otherwise each stage boundary costs one test of a global."""
from __future__ import annotations

import time

STAGES = ("read", "validate", "facts", "durable", "findings", "render")

_TOTALS: list[dict[str, float]] = []  # empty: counters off


def switch_on() -> None:
    """Count from now on, from zero (the benchmark and, through it, every worker it starts)."""
    _TOTALS[:] = [dict.fromkeys(STAGES, 0.0)]


def switch_off() -> None:
    """Stop counting."""
    _TOTALS.clear()


def counting() -> bool:
    """Whether the counters are on in this process."""
    return bool(_TOTALS)


def clock() -> float:
    """The time now, when counting (0.0 when not: nothing is read)."""
    return time.perf_counter() if _TOTALS else 0.0


def lap(stage: str, started: float) -> float:
    """Charge the time since `started` to `stage`; the time now, to start the next stage from."""
    if not _TOTALS:
        return 0.0
    now = time.perf_counter()
    _TOTALS[0][stage] += now - started
    return now


def taken() -> tuple[float, ...]:
    """The seconds counted per stage (in STAGES order) since the last call, counters back at zero: what a worker
    sends its parent with each batch of results; empty when not counting."""
    if not _TOTALS:
        return ()
    seconds = tuple(_TOTALS[0][stage] for stage in STAGES)
    _TOTALS[0] = dict.fromkeys(STAGES, 0.0)
    return seconds


def add(seconds: tuple[float, ...]) -> None:
    """Add what another process counted (taken() there: nothing when it was not counting) to this process's
    counters."""
    if _TOTALS and seconds:
        for stage, value in zip(STAGES, seconds, strict=True):
            _TOTALS[0][stage] += value


def totals() -> dict[str, float]:
    """Seconds per stage counted so far (zeros when not counting)."""
    return dict(_TOTALS[0]) if _TOTALS else dict.fromkeys(STAGES, 0.0)
