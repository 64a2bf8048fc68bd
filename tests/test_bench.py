"""The benchmark runs end to end on a small synthetic bundle (no timing assertions)."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.bench import COLUMNS, measure, metered_engine, run_bench
from compliance.engine import Engine
from compliance.errors import UsageError
from compliance.synth import write_bundle


def test_run_bench_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bench(20, 1, None) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.lstrip().startswith("units"))
    for name in ("units", "facts", "load s", "check s", "facts/s", "check s/1k units", "check/load",
                 "engine facts/s", "findings"):
        assert name in header
    assert any(line.startswith("engine:") for line in lines)


def test_run_bench_keeps_the_bundle_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keep = tmp_path / "kept"
    assert run_bench(20, 2, keep) == 0
    assert (keep / "audit.toml").is_file()
    assert len(list(keep.glob("departments/*"))) + len(list(keep.glob("districts/*"))) == 20
    assert str(keep) in capsys.readouterr().out


def test_run_bench_refuses_a_non_empty_keep_folder(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        run_bench(5, 1, tmp_path)
    with pytest.raises(UsageError):
        run_bench(0, 1, None)


def test_measure_counts_facts_and_findings(tmp_path: Path) -> None:
    write_bundle(tmp_path, 10, 3)
    result = measure(tmp_path)
    assert result.units == 10
    assert result.facts > 10 * 50
    assert result.findings > 0 and result.error_findings == 0 and result.input_errors == 0
    assert len(COLUMNS) == 9


def test_engine_wrapper_is_removed_afterwards() -> None:
    original = Engine.run
    with metered_engine():
        assert Engine.run is not original
    assert Engine.run is original
