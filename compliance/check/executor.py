"""Where the enterprise checks run: this machine's process pool (`local`, the default) or a Dask cluster (`dask`: a
LocalCluster started for the run, or an existing scheduler); either way results come back in input order."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from compliance.check.parallel import ordered_map
from compliance.core.errors import UsageError

Item = TypeVar("Item")
Result = TypeVar("Result")
EXECUTORS = ("local", "dask")
ADDRESS = re.compile(r"(?:[a-z]+://)?(?:\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]]+):\d{1,5}")


@dataclass(frozen=True)
class Executor:
    """How a run fans out: `workers` local processes, or Dask (`scheduler`: an existing one's address; None: a
    LocalCluster of `workers` processes on this machine)."""

    workers: int = 1
    kind: str = "local"
    scheduler: str | None = None
    client: Any = field(default=None, compare=False, repr=False)  # a Dask client, while running() holds it

    @property
    def parallel(self) -> bool:
        """Whether units go to worker processes (a Dask run always does, even with one worker)."""
        return self.kind == "dask" or self.workers > 1

    def map(self, task: Callable[[list[Item]], list[Result]], items: Iterable[Item],
            initializer: Callable[..., None], initargs: tuple[Any, ...],
            describe: Callable[[list[Item]], str], bundle: str) -> Iterator[Result]:
        """task over items, one item per call, in the executor's workers; results in input order, at most a few
        items per worker in flight (`bundle`: the folder every worker reads)."""
        if self.kind == "dask":
            from compliance.check.cluster import cluster_map  # dask is imported only by runs that use it

            return cluster_map(task, items, self, initializer, initargs, describe, bundle)
        return ordered_map(task, items, self.workers, initializer, initargs, chunk=1, describe=describe)


@contextmanager
def running(executor: Executor) -> Iterator[Executor]:
    """The executor ready for a run: a Dask one connects to its scheduler (or starts its local cluster) now, so a
    scheduler that cannot be reached is an error before the report's first byte; closed when the run ends."""
    if executor.kind != "dask" or executor.client is not None:
        yield executor
        return
    from compliance.check.cluster import connected

    with connected(executor) as client:
        yield replace(executor, client=client)


def as_executor(workers: int | Executor) -> Executor:
    """A worker count (the library's `workers=`) as the local executor of that many processes."""
    return workers if isinstance(workers, Executor) else Executor(workers)


def check_options(kind: str, scheduler: str | None, workers: int | None) -> None:
    """--executor, --scheduler and --workers checked together, before any work."""
    if kind not in EXECUTORS:
        raise UsageError(f"--executor must be one of {', '.join(EXECUTORS)}, not '{kind}'")
    if scheduler is not None and kind != "dask":
        raise UsageError("--scheduler needs --executor dask (the local executor runs on this machine)")
    if scheduler is not None and not ADDRESS.fullmatch(scheduler):
        raise UsageError(f"--scheduler '{scheduler}' is not a scheduler's address: give [PROTOCOL://]HOST:PORT, such as "
                         "tcp://10.0.0.5:8786 (`dask scheduler` prints it)")
    if scheduler is not None and workers is not None:
        raise UsageError("--workers sizes a cluster started for the run; with --scheduler the cluster's own workers "
                         "run")
