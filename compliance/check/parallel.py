"""Ordered, bounded fan-out to spawned worker processes (each builds its own checker and durable Host), supervised:
a worker that dies is an error naming what was being checked, never a hang; on any exit the workers are stopped."""
from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from compliance.core.errors import WorkerError
from compliance.core.interrupts import deferred

Item = TypeVar("Item")
Result = TypeVar("Result")


def ordered_map(task: Callable[[list[Item]], list[Result]], items: Iterable[Item], workers: int,
                initializer: Callable[..., None], initargs: tuple[Any, ...], chunk: int = 64,
                window_per_worker: int = 4, describe: Callable[[list[Item]], str] = str) -> Iterator[Result]:
    """task over chunks of items in `workers` spawned processes, results in input order.

    The workers start, and the first chunks are sent to them, when this is called, not when the first result is
    asked for: they start up and check while the caller does its own work first (the city's first pass).
    At most workers x window_per_worker chunks are in flight, so memory does not grow with the input.
    spawn, not fork: durable-rules' background state does not survive a fork. A worker that dies raises
    WorkerError naming the chunks in flight (`describe` says what a chunk is); the workers are stopped however
    the loop ends (an error, an interrupt, the consumer stopping).
    """
    results = _ordered(task, items, workers, initializer, initargs, chunk, window_per_worker, describe)
    if next(results) is not _STARTED:  # the workers are started; closing the results stops them
        raise AssertionError("ordered_map: the pool did not start")
    return results


_STARTED: Any = object()  # what _ordered yields once its first chunks are in flight


def _ordered(task: Callable[[list[Item]], list[Result]], items: Iterable[Item], workers: int,
             initializer: Callable[..., None], initargs: tuple[Any, ...], chunk: int, window_per_worker: int,
             describe: Callable[[list[Item]], str]) -> Iterator[Result]:
    """ordered_map's results, after one _STARTED once the first window of chunks is in flight."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs)
    pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()
    window = workers * window_per_worker
    try:
        batches = _chunks(items, chunk)
        for batch in itertools.islice(batches, window - 1):
            _submit(pool, pending, task, batch)
        yield _STARTED
        for batch in batches:
            _submit(pool, pending, task, batch)
            yield from _result(pending, describe)
        while pending:
            yield from _result(pending, describe)
    finally:
        with deferred():
            stop(pool)


def _submit(pool: ProcessPoolExecutor, pending: deque[tuple[list[Item], Future[list[Result]]]],
            task: Callable[[list[Item]], list[Result]], batch: list[Item]) -> None:
    with deferred():  # submitting may start a worker: not to be cut off halfway
        pending.append((batch, pool.submit(task, batch)))


def _result(pending: deque[tuple[list[Item], Future[list[Result]]]],
            describe: Callable[[list[Item]], str]) -> list[Result]:
    """The next chunk's results, in order; a dead worker is a WorkerError naming what was in flight."""
    try:
        return pending[0][1].result()
    except BrokenProcessPool:
        batches = [batch for batch, _ in pending]
        first, last = describe(batches[0]), describe(batches[-1])
        where = first if first == last else f"{first} … {last}"
        raise WorkerError(f"a worker process died (killed, or crashed in the rule engine) while checking {where}; "
                          "nothing was reported for these records") from None
    finally:
        pending.popleft()


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's processes now: end those running (before the pool lets go of what a starting one still
    reads) and reap them, then cancel what is queued and wait for the pool's own thread."""
    processes: list[Any] = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
    pool.shutdown(wait=True, cancel_futures=True)  # its manager thread ended too: nothing left for exit to wake


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
