"""Ordered, bounded fan-out to spawned worker processes (each builds its own checker and durable Host)."""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def ordered_map(task: Callable[[list[Item]], list[Result]], items: Iterable[Item], workers: int,
                initializer: Callable[..., None], initargs: tuple[Any, ...], chunk: int = 64,
                window_per_worker: int = 4) -> Iterator[Result]:
    """task over chunks of items in `workers` spawned processes, results in input order.

    At most workers x window_per_worker chunks are in flight, so memory does not grow with the input.
    spawn, not fork: durable-rules' background state does not survive a fork.
    """
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=initializer, initargs=initargs) as pool:
        pending: deque[AsyncResult[list[Result]]] = deque()
        for batch in _chunks(items, chunk):
            pending.append(pool.apply_async(task, (batch,)))
            if len(pending) >= workers * window_per_worker:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
