"""The Dask executor: the report is byte-identical to a local run with one or two workers (text, JSON and a binary
format), a worker that keeps dying or an unreachable scheduler is one line, and the CLI refuses option mixes."""
from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from conftest import FIXTURES
from distributed import LocalCluster

from compliance.api import load_packs
from compliance.bundle.load import load_bundle
from compliance.check.cluster import roomy_malloc
from compliance.check.executor import Executor
from compliance.check.pipeline import prepare, write_report
from compliance.cli.main import main
from compliance.core.errors import WorkerError
from compliance_dev.synth import write_bundle

ENTERPRISES = 200


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """One LocalCluster of two worker processes (one thread each) for the module, offline, quiet; a task whose
    worker dies once is not retried (the test of a dying worker)."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                             dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                             silence_logs=40)
    try:
        yield local
    finally:
        local.close()


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example city with its enterprise files (TOML, workbooks, JSON Lines) and a few hundred synthetic
    enterprises from the benchmark's generator."""
    root = tmp_path_factory.mktemp("dask") / "city"
    shutil.copytree(FIXTURES / "example-city", root)
    synthetic = root.parent / "synthetic"
    write_bundle(synthetic, 0, seed=5, enterprises=ENTERPRISES, city=False)
    for path in synthetic.glob("enterprises-*.jsonl"):
        shutil.copy(path, root / path.name)
    return root


def _report(root: Path, workers: int | Executor, format_name: str) -> tuple[bytes, int]:
    prepared = prepare(load_bundle(root), load_packs(), None, {}, None)
    binary = format_name == "xlsx"
    out: io.BytesIO | io.StringIO = io.BytesIO() if binary else io.StringIO()
    stats = write_report(prepared, format_name, "zh", workers, out)
    value = out.getvalue()
    return (value if isinstance(value, bytes) else value.encode()), stats.exit_code("low")


@pytest.mark.parametrize("format_name", ["json", "text"])
def test_dask_gives_the_bytes_of_one_and_of_two_local_workers(city: Path, cluster: LocalCluster,
                                                              format_name: str) -> None:
    one = _report(city, 1, format_name)
    two = _report(city, 2, format_name)
    on_dask = _report(city, Executor(2, "dask", cluster.scheduler_address), format_name)
    assert one == two == on_dask
    if format_name == "json":
        assert on_dask[0].count(b'"kind":"enterprise"') >= ENTERPRISES


def test_a_binary_format_rendered_here_from_dask_outcomes_is_the_same_workbook(city: Path,
                                                                               cluster: LocalCluster) -> None:
    on_dask = _report(city, Executor(2, "dask", cluster.scheduler_address), "xlsx")
    assert on_dask == _report(city, 1, "xlsx") and on_dask[0].startswith(b"PK")


def die_on_three(batch: list[int]) -> list[int]:
    """A task whose worker dies (as on SIGSEGV in durable) on item 3."""
    if 3 in batch:
        os.kill(os.getpid(), signal.SIGKILL)
    return [item * 10 for item in batch]


def test_a_task_that_kills_its_worker_is_an_error_naming_it(cluster: LocalCluster, tmp_path: Path) -> None:
    executor = Executor(2, "dask", cluster.scheduler_address)
    results: list[int] = []
    with pytest.raises(WorkerError, match=r"dask workers died .* while checking item \d;") as raised:
        results.extend(executor.map(die_on_three, range(8), _no_setup, (), lambda batch: f"item {batch[0]}",
                                    str(tmp_path)))
    # the scheduler also counts a death against the tasks queued on the same worker (allowed-failures 0 here), so
    # the error may name an item before 3 that shared its worker; the items before the one named are all delivered
    named = int(re.search(r"while checking item (\d)", str(raised.value)).group(1))  # type: ignore[union-attr]
    assert named <= 3 and results == [item * 10 for item in range(named)]


def _no_setup() -> None:
    """A worker setup that does nothing."""


def test_a_worker_that_cannot_see_the_bundle_says_so(cluster: LocalCluster, tmp_path: Path) -> None:
    executor = Executor(2, "dask", cluster.scheduler_address)
    with pytest.raises(WorkerError, match=r"cannot read .*missing: every worker must see the bundle"):
        list(executor.map(_doubled, range(3), _no_setup, (), str, str(tmp_path / "missing")))


def _doubled(batch: list[int]) -> list[int]:
    return [item * 2 for item in batch]


def test_an_unreachable_scheduler_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code = main(["check", str(FIXTURES / "example-city"), "--executor", "dask", "--scheduler",
                     "tcp://127.0.0.1:9"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert re.fullmatch(r"compliance: cannot reach the dask scheduler at tcp://127\.0\.0\.1:9: [^\n]+\n", captured.err)


@pytest.mark.parametrize(("arguments", "said"), [
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --executor dask"),
    (["--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"], "--workers sizes a cluster"),
    (["--executor", "dask", "--scheduler", "somewhere"], "is not a scheduler's address"),
])
def test_option_mixes_are_usage_errors(capsys: pytest.CaptureFixture[str], arguments: list[str], said: str) -> None:
    assert main(["check", str(FIXTURES / "example-city"), *arguments]) == 2
    error = capsys.readouterr().err
    assert error.startswith("compliance: usage error: ") and said in error and error.count("\n") == 1


def test_the_command_starts_its_own_cluster_and_keeps_stderr_clean(tmp_path: Path) -> None:
    local, on_dask = tmp_path / "local.json", tmp_path / "dask.json"
    base = [sys.executable, "-m", "compliance.cli", "check", str(FIXTURES / "example-city"), "--format", "json"]
    subprocess.run([*base, "--output", str(local)], check=False, timeout=300)
    run = subprocess.run([*base, "--executor", "dask", "--workers", "2", "--output", str(on_dask)],
                         capture_output=True, text=True, check=False, timeout=300)
    assert (run.returncode, run.stdout, run.stderr) == (1, "", "")  # gaps found; nothing from dask on stderr
    assert on_dask.read_bytes() == local.read_bytes()


def test_ctrl_c_stops_the_run_and_its_cluster_with_one_line(tmp_path: Path) -> None:
    bundle, output = tmp_path / "bundle", tmp_path / "out" / "report.json"
    write_bundle(bundle, 0, seed=7, enterprises=1500, city=False)
    output.parent.mkdir()
    command = [sys.executable, "-m", "compliance.cli", "check", str(bundle), "--executor", "dask", "--workers", "2",
               "--format", "json", "--output", str(output)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True) as run:
        deadline = time.monotonic() + 120
        while not (output.parent / ".report.json.partial").exists():  # the cluster is up, the report begun
            assert run.poll() is None and time.monotonic() < deadline, "the run ended before it was interrupted"
            time.sleep(0.05)
        os.killpg(run.pid, signal.SIGINT)  # as the terminal's Ctrl-C: the whole process group
        _, errors = run.communicate(timeout=60)
    assert run.returncode == 130
    assert errors.decode() == "compliance: interrupted; no report was written\n"  # nothing from the workers
    assert list(output.parent.iterdir()) == []
    deadline = time.monotonic() + 15
    while _group_alive(run.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(run.pid)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_nanny_started_worker_gets_its_malloc_thresholds_back(cluster: LocalCluster,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from distributed import Client

    with Client(cluster) as client:
        told = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
        undone = client.run(roomy_malloc)
    assert set(told.values()) == {"65536"}  # dask's nanny sets it: durable ran 2-2.4 times slower under it
    assert set(undone.values()) == {True}
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert roomy_malloc() is False  # a process started without it (a local worker) keeps glibc's adaptive defaults


def test_the_local_cluster_started_for_a_run_has_no_profiler_history_to_grow() -> None:
    from distributed import Client

    from compliance.check.cluster import _local_cluster

    started = _local_cluster(1)
    try:
        with Client(started) as client:
            assert set(client.run(lambda: dask.config.get("distributed.worker.profile.enabled")).values()) == {False}
    finally:
        started.close()
