"""The enterprise checks on a Dask cluster (dask.distributed): a LocalCluster started for the run, or an existing
scheduler. Each worker process is given the run's setup once (a WorkerPlugin) and builds its own checker and durable
Host at its first task, as a local worker does (workers.init_worker); tasks read their byte ranges from the bundle
on the disk every worker shares; results come back in input order, a bounded number in flight."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar

import dask
import psutil
from distributed import Client, Future, KilledWorker, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from compliance.core.errors import ComplianceError, WorkerError
from compliance.core.interrupts import SIGNALS, deferred

if TYPE_CHECKING:
    from compliance.check.executor import Executor

Item = TypeVar("Item")
Result = TypeVar("Result")
WINDOW_PER_WORKER = 4  # tasks in flight per worker thread, as the local pool's window
POLL_SECONDS = 2.0  # how often a wait looks at the scheduler connection and the workers
NO_WORKER_SECONDS = 120.0  # a run with no worker for this long stops with an error (a cluster that lost them all)
_RUNS: dict[str, tuple[Callable[..., None], tuple[Any, ...], str]] = {}  # on a worker: each run's setup
_CURRENT: dict[str, str] = {}  # on a worker: the run whose checker the worker holds


class RunSetup(WorkerPlugin):
    """A run's setup for every worker of the cluster (and any that joins later): the initializer, its arguments and
    the bundle folder the worker must see; the worker builds from them at its first task of the run."""

    def __init__(self, token: str, initializer: Callable[..., None], initargs: tuple[Any, ...], bundle: str) -> None:
        self.token = token
        self.setup_args = (initializer, initargs, bundle)

    def setup(self, worker: Any) -> None:
        """Keep the run's setup on the worker (building the checker waits for the task thread: durable is used by
        one thread)."""
        _RUNS[self.token] = self.setup_args
        roomy_malloc()

    def teardown(self, worker: Any) -> None:
        """Forget the run."""
        _RUNS.pop(self.token, None)
        if _CURRENT.get("token") == self.token:
            _CURRENT.clear()


def roomy_malloc() -> bool:
    """Undo, in a worker its nanny started, what dask's MALLOC_TRIM_THRESHOLD_ does to glibc (whether it did it: a
    glibc process started with that variable). Setting it also fixes glibc's mmap threshold at 128 KiB, so durable's
    C engine mapped and unmapped its buffers for every enterprise and ran 2-2.4 times slower than in a local worker
    (durable 44% of a Dask worker's time against 27%). Both thresholds are set near the ceilings glibc's own
    adaptive defaults reach."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: the variable means nothing there
        return False
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)) and bool(libc.mallopt(_M_TRIM_THRESHOLD, 64 << 20))


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def run_task(token: str, task: Callable[[list[Item]], list[Result]], batch: list[Item]) -> list[Result]:
    """On a Dask worker: the run's checker built once per worker process (workers.init_worker), then the task."""
    if _CURRENT.get("token") != token:
        if token not in _RUNS:
            raise WorkerError(f"the dask worker on {socket.gethostname()} was not given this run's setup; "
                              "was it restarted mid-run? run the check again")
        initializer, initargs, bundle = _RUNS[token]
        if not os.path.isdir(bundle):
            raise WorkerError(_unreadable(bundle))
        initializer(*initargs)
        _CURRENT["token"] = token
    try:
        return task(batch)
    except OSError as exc:
        raise WorkerError(_unreadable(str(exc.filename or exc))) from None


def _unreadable(path: str) -> str:
    return (f"the dask worker on {socket.gethostname()} cannot read {path}: every worker must see the bundle at the "
            "same path (a shared disk)")


def cluster_map(task: Callable[[list[Item]], list[Result]], items: Iterable[Item], executor: Executor,
                initializer: Callable[..., None], initargs: tuple[Any, ...], describe: Callable[[list[Item]], str],
                bundle: str) -> Iterator[Result]:
    """task over items (one per Dask task) on the executor's cluster, results in input order; the cluster (when
    started here) and the run's setup on the workers are gone however the loop ends."""
    with connected(executor) as client:
        token = f"compliance-{uuid.uuid4().hex}"
        with deferred():
            client.register_plugin(RunSetup(token, initializer, initargs, bundle), name=token)
        try:
            yield from _ordered(client, token, task, items, describe, executor.scheduler or "the local cluster")
        finally:
            with deferred(), suppress(Exception):
                client.unregister_worker_plugin(token)


def _ordered(client: Client, token: str, task: Callable[[list[Item]], list[Result]], items: Iterable[Item],
             describe: Callable[[list[Item]], str], scheduler: str) -> Iterator[Result]:
    """Submit items in order, at most WINDOW_PER_WORKER per worker thread ahead of the one being read."""
    window = max(1, sum(client.nthreads().values())) * WINDOW_PER_WORKER
    pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()
    try:
        for item in items:
            batch = [item]
            pending.append((batch, client.submit(run_task, token, task, batch, pure=False)))
            if len(pending) >= window:
                yield from _result(client, pending, describe, scheduler)
        while pending:
            yield from _result(client, pending, describe, scheduler)
    finally:
        with deferred(), suppress(Exception):
            client.cancel([future for _, future in pending])


def _result(client: Client, pending: deque[tuple[list[Item], Future[list[Result]]]],
            describe: Callable[[list[Item]], str], scheduler: str) -> list[Result]:
    """The next task's results; a task that killed its workers, a lost scheduler or no worker left is a
    WorkerError naming what was being checked."""
    batch, future = pending.popleft()
    alone_since: float | None = None
    while True:
        try:
            result: list[Result] = future.result(timeout=POLL_SECONDS)
            return result
        except TimeoutError:
            alone_since = _still_served(client, alone_since, describe(batch), scheduler)
        except KilledWorker:
            raise WorkerError(f"dask workers died (killed, out of memory, or crashed in the rule engine) while "
                              f"checking {describe(batch)}; nothing was reported for these records") from None
        except CancelledError:
            raise WorkerError(f"lost the dask scheduler ({scheduler}) while checking {describe(batch)}; "
                              "no report was written") from None


def _still_served(client: Client, alone_since: float | None, where: str, scheduler: str) -> float | None:
    """While waiting: an error if the scheduler is gone or no worker has been there for NO_WORKER_SECONDS; the time
    since the workers went missing (None: they are there)."""
    if client.status not in ("running", "connecting"):
        raise WorkerError(f"lost the dask scheduler ({scheduler}) while checking {where}; no report was written")
    if client.scheduler_info().get("workers"):
        return None
    now = time.monotonic()
    if alone_since is not None and now - alone_since > NO_WORKER_SECONDS:
        raise WorkerError(f"no dask worker has been connected to {scheduler} for "
                          f"{NO_WORKER_SECONDS:.0f} s while checking {where}; start workers with `dask worker`")
    return alone_since if alone_since is not None else now


@contextmanager
def connected(executor: Executor) -> Iterator[Client]:
    """The executor's client (when running() gave it one), else a client of the scheduler at --scheduler or of a
    LocalCluster of --workers processes (one thread each: durable is not thread-safe) started here; what was
    started here is closed on exit. Dask's log lines stay off stderr meanwhile."""
    if executor.client is not None:
        yield executor.client
        return
    with _quiet_logs(), _started(executor) as client:
        yield client


@contextmanager
def _started(executor: Executor) -> Iterator[Client]:
    cluster: LocalCluster | None = None
    client: Client | None = None
    try:
        with deferred():  # starting processes: not to be cut off halfway
            if executor.scheduler is None:
                cluster = _local_cluster(executor.workers)
            client = _connect(executor.scheduler or cluster.scheduler_address)  # type: ignore[union-attr]
        yield client
    finally:
        with deferred():
            if client is not None:
                with suppress(Exception):
                    client.close()
            if cluster is not None:
                with suppress(Exception):
                    cluster.close()


def dask_setup(worker: Any) -> None:
    """Preloaded in each worker process of a local cluster as it starts: the terminal's Ctrl-C reaches the whole
    process group, and the run's own process stops the cluster (a worker would print a traceback)."""
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


def _started_cluster() -> LocalCluster:
    return LocalCluster(n_workers=0, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, silence_logs=logging.ERROR,
                        preload=[__name__])


def _local_cluster(workers: int) -> LocalCluster:
    """A scheduler on this machine, then its worker processes: no dashboard, and the scheduler's small HTTP server
    (health and metrics) on a free port of 127.0.0.1, not 8787 (another run may hold it). The workers' statistical
    profiler is off: no one reads it here, and its history grew a worker by about 15 MB per 20,000 enterprises."""
    with dask.config.set({"distributed.worker.profile.enabled": False}):  # read by each worker's nanny
        try:
            cluster = _started_cluster()
        except Exception as exc:
            raise ComplianceError(f"could not start a local dask cluster: {_first_line(exc)}") from None
        try:
            _spawn(cluster, workers)
        except BaseException:
            cluster.close()
            raise
    return cluster


def _spawn(cluster: LocalCluster, workers: int) -> None:
    """Start the worker processes with SIGINT ignored, which they inherit (a handler would not be inherited): the
    terminal's Ctrl-C reaches the whole process group, and a worker would print a traceback; this process stops
    them. Only while they are being spawned: a Ctrl-C in that instant is lost."""
    before = _spawned()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        cluster.scale(workers)
        deadline = time.monotonic() + NO_WORKER_SECONDS
        while len(_spawned() - before) < workers:
            if time.monotonic() > deadline:
                raise ComplianceError(f"could not start {workers} local dask worker processes within "
                                      f"{NO_WORKER_SECONDS:.0f} s")
            time.sleep(0.02)
    finally:
        signal.signal(signal.SIGINT, previous)


def _spawned() -> set[int]:
    """The process ids of this process's children started by multiprocessing's spawn (as dask's nannies start
    workers)."""
    found = set()
    for child in psutil.Process().children():
        with suppress(psutil.Error):
            if "multiprocessing.spawn" in " ".join(child.cmdline()):
                found.add(child.pid)
    return found


def _connect(address: str) -> Client:
    """A client of the scheduler at address; one that cannot be reached is one line naming it (dask's connect
    timeout, distributed.comm.timeouts.connect, default 30 s)."""
    try:
        client = Client(address, set_as_default=False)
    except Exception as exc:
        raise ComplianceError(f"cannot reach the dask scheduler at {address}: {_first_line(exc)} "
                              "(is `dask scheduler` running there, and the port open?)") from None
    try:
        client.wait_for_workers(1, timeout=NO_WORKER_SECONDS)
    except Exception:
        client.close()
        raise ComplianceError(f"no dask worker joined the scheduler at {address} within {NO_WORKER_SECONDS:.0f} s; "
                              "start workers with `dask worker ADDRESS`") from None
    return client


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """Dask's own log lines (start, stop, retries, reconnects) kept off stderr: the report's stderr stays the
    checker's, whose one line says what went wrong. Dask sets levels on its loggers one by one (distributed.client,
    distributed.scheduler, …), so each is raised, and restored on exit."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
               if name == "distributed" or name.startswith("distributed.")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
