"""Nothing read vanishes: entries of a unit folder that are not read are warned about, an empty stream is warned
about, a bundle of no unit is an input error, a unit id used twice is an error and the later record not checked."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from compliance.bundle.load import load_bundle
from compliance.bundle.streams import validate_streams
from compliance.cli.main import main

DEPARTMENT = 'id = "d1"\nname = "市测试局"\n'


def _found(root: Path) -> list[tuple[str, str, str, str, str]]:
    _, problems = validate_streams(load_bundle(root))
    return [(e.file, e.record, e.field, e.severity, e.message_en) for e in problems]


def test_entries_of_enterprises_that_are_not_read_are_warned_about(bundle_dir: Any) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "enterprises/ok.toml": 'id = "e1"\nname = "甲"\n',
                       "enterprises/UP.TOML": 'id = "e2"\nname = "乙"\n', "enterprises/x.toml/inner.toml": ""})
    folder = root / "enterprises"
    (folder / "dangling.toml").symlink_to(folder / "nowhere.toml")
    (folder / "loop.jsonl").symlink_to(folder / "loop.jsonl")
    os.mkfifo(folder / "pipe.jsonl")
    assert [(file, severity, message) for file, _, _, severity, message in _found(root)] == [
        ("enterprises/UP.TOML", "warning", "the suffix must be lower-case .toml; not read"),
        ("enterprises/dangling.toml", "warning", "a symbolic link to nothing (dangling, or a loop); not read"),
        ("enterprises/loop.jsonl", "warning", "a symbolic link to nothing (dangling, or a loop); not read"),
        ("enterprises/pipe.jsonl", "warning", "not a regular file (a device or a pipe); not read"),
        ("enterprises/x.toml", "warning", "a folder (subfolders are not read); not read")]


def test_an_empty_enterprises_jsonl_is_warned_about(bundle_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "enterprises.jsonl": "\n  \n"})
    assert _found(root) == [("enterprises.jsonl", "", "", "warning", "the file is empty: no record in it")]
    for workers in ("1", "2"):
        assert main(["check", str(root), "--workers", workers, "--lang", "en"]) == 1
        assert "enterprises.jsonl: warning: the file is empty: no record in it" in capsys.readouterr().out


@pytest.mark.parametrize("units", [{}, {"enterprises.jsonl": ""}, {"departmens/d1.toml": DEPARTMENT}])
def test_a_bundle_of_no_unit_is_an_input_error(bundle_dir: Any, capsys: pytest.CaptureFixture[str],
                                               units: dict[str, str]) -> None:
    root = bundle_dir(units)
    assert main(["check", str(root), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert "the bundle holds no unit record" in captured.err and "no gap" not in captured.out.lower()
    assert main(["validate", str(root)]) == 2


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_enterprise_id_used_twice_is_an_error_and_the_later_record_not_checked(
        bundle_dir: Any, capsys: pytest.CaptureFixture[str], workers: str) -> None:
    lines = [{"id": "e1", "name": "甲"}, {"id": "e1", "name": "甲二"}, {"id": "d1", "name": "同名"},
             {"id": "t1", "name": "丙"}, {"id": "e3", "name": "丁"}]
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "enterprises/t.toml": 'id = "t1"\nname = "丙"\n',
                       "enterprises.jsonl": "".join(json.dumps(line) + "\n" for line in lines)})
    expected = [("enterprises.jsonl", "e1 (line 2)", "id", "error", "unit id already used by enterprises.jsonl line 1; "
                 "this record was not checked"),
                ("enterprises.jsonl", "d1 (line 3)", "id", "error", "unit id already used by departments/d1.toml; "
                 "this record was not checked"),
                ("enterprises.jsonl", "t1 (line 4)", "id", "error", "unit id already used by enterprises/t.toml; "
                 "this record was not checked")]
    assert _found(root) == expected
    assert main(["check", str(root), "--format", "json", "--workers", workers]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [(unit["id"], unit["name"]) for unit in report["units"]] == [
        ("d1", "市测试局"), ("t1", "丙"), ("e1", "甲"), ("e3", "丁")]
    assert [(e["file"], e["record"], e["field"]) for e in report["input_errors"]] == [row[:3] for row in expected]


def test_duplicate_worker_and_hazard_ids_are_warned_about_as_meeting_ids_are(bundle_dir: Any) -> None:
    enterprise = {"id": "e1", "name": "甲",
                  "workers": [{"id": "w1", "name": "张"}, {"id": "w1", "name": "李"}],
                  "hazards": [{"id": "h1"}, {"id": "h2"}, {"id": "h1"}]}
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "enterprises.jsonl": json.dumps(enterprise) + "\n"})
    assert [(field, severity) for _, _, field, severity, message in _found(root)
            if "duplicate id" in message] == [("workers[1].id", "warning"), ("hazards[2].id", "warning")]
