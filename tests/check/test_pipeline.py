"""The pipeline: streamed, rendered and parallel runs give byte-identical reports."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from compliance.api import check, load_packs
from compliance.bundle.load import load_bundle
from compliance.check.pipeline import prepare, write_report
from compliance.formatters import render
from compliance_dev.synth import write_bundle


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("city")
    write_bundle(root, 6, seed=3)
    for index in range(3):
        (root / f"enterprises-{index}.jsonl").write_text(
            "".join(f'{{"id": "E{index}{n:03d}", "name": "企业{n}", "industry": "commerce", "headcount": {n}}}\n'
                    for n in range(40)), encoding="utf-8")
    return root


def _stream(root: Path, workers: int, format_name: str) -> tuple[str, int]:
    prepared = prepare(load_bundle(root), load_packs(), None, {}, None)
    out = io.StringIO()
    stats = write_report(prepared, format_name, "zh", workers, out)
    return out.getvalue(), stats.exit_code("low")


TEXT_FORMATS = ["csv", "html", "json", "junit", "markdown", "notice", "sarif", "text"]


@pytest.mark.parametrize("format_name", TEXT_FORMATS)
def test_stream_equals_in_memory_render(city: Path, format_name: str) -> None:
    streamed, _ = _stream(city, 1, format_name)
    assert streamed == render(format_name, check(city), "zh")


def test_two_workers_give_the_same_bytes_as_one(city: Path) -> None:
    one, code_one = _stream(city, 1, "json")
    two, code_two = _stream(city, 2, "json")
    assert one == two and code_one == code_two
    assert one.count('"kind":"enterprise"') == 120


@pytest.mark.parametrize("format_name", [name for name in TEXT_FORMATS if name != "json"])
def test_two_workers_give_the_same_bytes_in_every_text_format(city: Path, format_name: str) -> None:
    assert _stream(city, 1, format_name) == _stream(city, 2, format_name)
