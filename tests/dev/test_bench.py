"""The benchmark runs end to end on a small synthetic bundle (no timing assertions)."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.core import stages
from compliance.core.errors import UsageError
from compliance.core.stages import STAGES
from compliance.engine.session import Engine
from compliance_dev.bench import measure, report, run_bench
from compliance_dev.synth import write_bundle


def test_run_bench_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bench(4, 1, None, enterprises=30, workers=1, dask=False) == 0
    out = capsys.readouterr().out
    for label in ("load + validate", "check, 1 process", "check/load", "s per 1,000 enterprises",
                  "facts/s per core", "durable assert+actions", "durable/check", "end to end, JSON, 1 proc",
                  "enterprises/s", "KB per enterprise", "peak memory", "0 engine errors"):
        assert label in out
    by_stage = [line for line in out.splitlines() if line.strip().startswith("by stage")]
    assert len(by_stage) == 2
    for stage in ("read", "validate", "facts", "durable", "findings"):
        assert all(f" {stage} " in line for line in by_stage)
    assert " render " in by_stage[1] and " render " not in by_stage[0]  # the check alone writes no report


def test_run_bench_keeps_the_bundle_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keep = tmp_path / "kept"
    assert run_bench(6, 2, keep, enterprises=5, workers=1, dask=False) == 0
    assert (keep / "audit.toml").is_file() and list(keep.glob("enterprises-*.jsonl"))
    capsys.readouterr()


def test_run_bench_refuses_a_non_empty_keep_folder_and_an_empty_bundle(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        run_bench(5, 1, tmp_path)
    with pytest.raises(UsageError):
        run_bench(0, 1, None)


def test_measure_counts_every_fact_and_stage_and_restores_the_engine(tmp_path: Path) -> None:
    original_run = Engine.run
    write_bundle(tmp_path, 3, 5, enterprises=12)
    figures = measure(tmp_path, 1)
    assert figures.summary["units"] == 16 and figures.summary["errors"] == 0  # 3 units, 12 enterprises, the city
    assert figures.engine.facts > 0 and figures.report_bytes > 0
    assert all(figures.check_split[stage] > 0 for stage in STAGES if stage != "render")
    assert sum(figures.check_split.values()) <= figures.check_seconds
    assert Engine.run is original_run and not stages.counting()


def test_workers_send_their_stage_counts_to_the_parent(tmp_path: Path) -> None:
    write_bundle(tmp_path, 0, 5, enterprises=40)
    figures = measure(tmp_path, 2)
    assert all(figures.parallel_split[stage] > 0 for stage in STAGES)
    assert figures.parallel_split["durable"] > figures.check_split["durable"] / 4  # not the parent's few units only


def test_dask_workers_send_their_stage_counts_and_the_run_is_one_more_line(tmp_path: Path) -> None:
    write_bundle(tmp_path, 0, 5, enterprises=40)
    figures = measure(tmp_path, 2, dask=True)
    assert all(figures.dask_split[stage] > 0 for stage in STAGES)  # counted in the workers: the parent checks none
    assert figures.dask_split["durable"] > figures.check_split["durable"] / 4
    lines = report(figures).splitlines()
    dask = next(n for n, line in enumerate(lines) if line.startswith("end to end, JSON, dask"))
    assert "units/s" in lines[dask] and "the local run's" in lines[dask] and "LocalCluster of 2" in lines[dask]
    assert lines[dask + 1].strip().startswith("by stage, all procs read")


def test_the_counters_are_off_outside_the_benchmark() -> None:
    assert not stages.counting() and stages.clock() == 0.0 and stages.lap("read", 0.0) == 0.0
    assert stages.taken() == () and set(stages.totals().values()) == {0.0}
