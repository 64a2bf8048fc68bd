"""The benchmark runs end to end on a small synthetic bundle (no timing assertions)."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.core.errors import UsageError
from compliance.engine.session import Engine
from compliance_dev.bench import measure, run_bench
from compliance_dev.synth import write_bundle


def test_run_bench_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bench(4, 1, None, enterprises=30, workers=1) == 0
    out = capsys.readouterr().out
    for label in ("load + validate", "check, 1 process", "check/load", "s per 1,000 enterprises",
                  "facts/s per core", "durable assert+actions", "peak memory", "0 engine errors"):
        assert label in out


def test_run_bench_keeps_the_bundle_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keep = tmp_path / "kept"
    assert run_bench(6, 2, keep, enterprises=5, workers=1) == 0
    assert (keep / "audit.toml").is_file() and list(keep.glob("enterprises-*.jsonl"))
    capsys.readouterr()


def test_run_bench_refuses_a_non_empty_keep_folder_and_an_empty_bundle(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        run_bench(5, 1, tmp_path)
    with pytest.raises(UsageError):
        run_bench(0, 1, None)


def test_measure_counts_every_fact_once_and_restores_the_engine(tmp_path: Path) -> None:
    original_run, original_match = Engine.run, Engine.match
    write_bundle(tmp_path, 3, 5, enterprises=12)
    figures = measure(tmp_path, 1)
    assert figures.summary["units"] == 16 and figures.summary["errors"] == 0  # 3 units, 12 enterprises, the city
    assert figures.engine.facts == figures.durable.facts > 0
    assert Engine.run is original_run and Engine.match is original_match
