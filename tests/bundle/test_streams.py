"""Enterprise sources: files and JSON Lines read lazily; a broken line is reported by number, the rest checked."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES

from compliance.api import Options, check
from compliance.bundle.streams import RawRecord, iter_records
from compliance.records.kinds import kind

ENTERPRISE = {"id": "E1", "name": "示例商店", "industry": "commerce", "headcount": 12}


def _line(**changes: object) -> str:
    return json.dumps({**ENTERPRISE, **changes}, ensure_ascii=False)


def test_lines_are_read_one_by_one_in_order(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({"enterprises.jsonl": "\n".join([_line(id="A"), "", _line(id="B")]) + "\n",
                             "enterprises/c.toml": 'id = "C"\nname = "丙"\n'})
    items = list(iter_records(root, kind("enterprise")))
    assert [(r.file, r.line) for r in items if isinstance(r, RawRecord)] == [
        ("enterprises/c.toml", None), ("enterprises.jsonl", 1), ("enterprises.jsonl", 3)]


def test_a_broken_line_is_reported_with_its_number_and_the_rest_is_checked(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    lines = [_line(id="A"), '{"id": "B", "name": "乙"', _line(id="C"), b"\xff\xfe".decode("latin-1"), _line(id="D")]
    root: Path = bundle_dir({"enterprises-01.jsonl": "\n".join(lines) + "\n"})
    (root / "enterprises-01.jsonl").write_bytes(
        b"\n".join(line.encode("utf-8") if index != 3 else b"\xff\xfe" for index, line in enumerate(lines)) + b"\n")
    report = check(root, Options(rules=("enterprise",)))
    assert [u.id for u in report.units] == ["A", "C", "D"]
    broken = [(e.file, e.record) for e in report.input_errors if e.severity == "error"]
    assert broken == [("enterprises-01.jsonl", "line 2"), ("enterprises-01.jsonl", "line 4")]
    messages = [e.message_en for e in report.input_errors if e.record == "line 2"]
    assert messages[0].startswith("line 2: malformed JSON")


def test_a_bad_field_names_the_line_and_the_enterprise(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({"enterprises.jsonl": _line(headcount="many") + "\n"})
    report = check(root, Options(rules=("enterprise",)))
    assert [(e.record, e.field) for e in report.input_errors] == [("E1 (line 1)", "headcount")]
    assert [u.id for u in report.units] == ["E1"]


def test_the_broken_jsonl_fixture() -> None:
    bundle = FIXTURES / "broken" / "jsonl-lines"
    report = check(bundle)
    enterprises = [u.id for u in report.units if u.kind == "enterprise"]
    assert enterprises == ["ok-a", "ok-b", "typo-c", "ok-d"]
    problems = [(e.file, e.record, e.field, e.severity) for e in report.input_errors if e.file == "enterprises.jsonl"]
    assert problems == [("enterprises.jsonl", "line 2", "", "error"), ("enterprises.jsonl", "typo-c (line 4)", "headcount", "error")]


def test_line_ranges_cover_every_line_once(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    from compliance.bundle.streams import LineRange, record_tasks
    lines = [_line(id=f"L{n}") if n % 5 else "" for n in range(1, 23)]
    root: Path = bundle_dir({"enterprises.jsonl": "\n".join(lines) + "\n"})
    ranges = [task for task in record_tasks(root, kind("enterprise"), lines_per_range=4)]
    assert all(isinstance(task, LineRange) for task in ranges) and len(ranges) == 6
    from_ranges = [(r.line, r.text) for task in ranges for r in task.records()]  # type: ignore[union-attr]
    streamed = [(r.line, r.text) for r in iter_records(root, kind("enterprise"))]  # type: ignore[union-attr]
    assert from_ranges == streamed and len(streamed) == 18
