"""What a worker process does with a stream kind's records: read and validate each, check it, and (when the report
is rendered in parallel) render it. The parent runs the same functions when it checks alone."""
from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compliance.bundle.load import LoadedUnit
from compliance.bundle.streams import LineRange, RawRecord, read_record
from compliance.check.checker import Checker, CheckSpec, UnitOutcome
from compliance.core import stages
from compliance.core.problems import InputError
from compliance.facts.schema import facts_of
from compliance.formatters import Formatter, formatter
from compliance.records.catalog import CatalogIndex
from compliance.records.city import EnterpriseDigest
from compliance.records.kinds import kinds
from compliance.report.model import AuditInfo
from compliance.report.scoring import sort_findings
from compliance.report.stats import UnitSummary

Task = LineRange | RawRecord | InputError
Digested = tuple[str, str, int | None, EnterpriseDigest] | None  # a record's id, file, line and digest for the city
_WORKER: dict[str, Any] = {}


@dataclass(frozen=True)
class Rendered:
    """A unit already rendered by a formatter (in a worker), with what the run statistics need."""

    text: str
    summary: UnitSummary | None
    problems: tuple[InputError, ...]
    origin: tuple[str, int | None] = ("", None)  # the unit's file and line (JSON Lines)
    stages: tuple[float, ...] = ()  # a worker's seconds per stage since its last batch, when the benchmark counts


def check_item(checker: Checker, item: RawRecord | InputError) -> UnitOutcome:
    """One streamed record read, validated and checked (or a problem met while reading records)."""
    if isinstance(item, InputError):
        return UnitOutcome(None, (item,))
    record, problems = read_record(item)
    if record is None:
        return UnitOutcome(None, tuple(problems))
    outcome = checker.check(LoadedUnit(item.kind, record, item.file, item.line))
    return dataclasses.replace(outcome, problems=(*problems, *outcome.problems))


def render(chosen: Formatter | None, outcome: UnitOutcome, own_problems: list[InputError]) -> Rendered:
    """A unit's outcome rendered, with the input problems of its record (those found while reading it, and for a
    unit read with the bundle, those the bundle found)."""
    if outcome.report is None or chosen is None:
        return Rendered("", None, outcome.problems)
    started = stages.clock()
    unit = sort_findings(outcome.report)
    problems = list(outcome.problems) + own_problems
    rendered = Rendered(chosen.unit(unit, problems), UnitSummary.of(unit), outcome.problems, (unit.file, unit.line))
    stages.lap("render", started)
    return rendered


def init_worker(spec: CheckSpec, render_as: tuple[str, str] | None, info: AuditInfo | None = None,
                count_stages: bool = False) -> None:
    """In a spawned worker (or a Dask worker, at its first task of the run): the parent's kinds, then its checker
    (and formatter), built once. The formatter sees the audit as the parent's did (its begin() output is dropped:
    the parent writes it), so units render the same in any process. `count_stages`: the parent counts time per
    stage (the benchmark), so the worker does too (a Dask worker outlives the run: it stops counting otherwise)."""
    if threading.current_thread() is threading.main_thread():  # a Dask worker runs its tasks in a thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops the workers
    if count_stages:
        stages.switch_on()
    else:
        stages.switch_off()
    _WORKER["checker"] = spec.checker()
    _WORKER["formatter"] = formatter(*render_as) if render_as else None
    if _WORKER["formatter"] is not None and info is not None:
        _WORKER["formatter"].begin(info)


def _task_items(tasks: list[Task]) -> Iterator[RawRecord | InputError]:
    for task in tasks:
        if isinstance(task, LineRange):
            yield from task.records()
        else:
            yield task


def describe_tasks(tasks: list[Task]) -> str:
    """What a chunk of tasks is, as an error names it: file and lines (or record)."""
    places = [_place(task) for task in tasks]
    return places[0] if len(places) == 1 else f"{places[0]} … {places[-1]}"


def _place(task: Task) -> str:
    if isinstance(task, LineRange):
        return f"{task.file} from line {task.first_line}"
    if isinstance(task, RawRecord):
        return " ".join(part for part in (task.file, f"line {task.line}" if task.line else task.position) if part)
    return task.file


def digest_task(tasks: list[Task]) -> list[Digested]:
    """Worker task: what each record contributes to the city (its digest, read with only the fields it needs), with
    its id, file and line for the parent to claim ids in order; a record that cannot be read gives None."""
    return [digested(item, _WORKER["checker"].catalog) for item in _task_items(tasks) if isinstance(item, RawRecord)]


def digested(item: RawRecord, catalog: CatalogIndex) -> Digested:
    """One record's digest for the city, read with only the fields it needs (None: not readable, or no digest)."""
    module = facts_of(kinds().get(item.kind))
    if module.digest is None:
        return None
    record, _ = read_record(item, module.digest_source)
    if record is None:
        return None
    return record.id, item.file, item.line, module.digest(record, catalog)


def check_task(tasks: list[Task]) -> list[UnitOutcome]:
    """Worker task: check records (reading a JSONL line range itself)."""
    return [check_item(_WORKER["checker"], item) for item in _task_items(tasks)]


def render_task(tasks: list[Task]) -> list[Rendered]:
    """Worker task: check and render records (reading a JSONL line range itself); the last carries the seconds
    per stage the worker counted since its last batch (when counting)."""
    out = [render(_WORKER["formatter"], check_item(_WORKER["checker"], item), []) for item in _task_items(tasks)]
    seconds = stages.taken()
    if seconds and out:
        out[-1] = dataclasses.replace(out[-1], stages=seconds)
    return out
