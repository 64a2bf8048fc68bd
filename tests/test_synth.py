"""The synthetic bundle generator: deterministic, valid, varied, and its TOML writer round-trips."""
from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from compliance.api import check
from compliance.load import load_bundle
from compliance.serialize import to_json, to_toml
from compliance.synth import write_bundle

UNITS = 40


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    write_bundle(tmp_path / "a", UNITS, 7)
    write_bundle(tmp_path / "b", UNITS, 7)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_different_seed_gives_different_bundle(tmp_path: Path) -> None:
    write_bundle(tmp_path / "a", UNITS, 7)
    write_bundle(tmp_path / "b", UNITS, 8)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_layout_departments_districts_toml_and_json(tmp_path: Path) -> None:
    write_bundle(tmp_path, UNITS, 1)
    files = _files(tmp_path)
    assert "audit.toml" in files
    departments = [name for name in files if name.startswith("departments/")]
    districts = [name for name in files if name.startswith("districts/")]
    assert (len(departments), len(districts)) == (34, 6)
    assert {name.rsplit(".", 1)[1] for name in departments + districts} == {"toml", "json"}


def test_bundle_loads_without_input_errors(tmp_path: Path) -> None:
    write_bundle(tmp_path, UNITS, 2)
    bundle = load_bundle(tmp_path)
    assert [e for e in bundle.input_errors if e.severity == "error"] == []
    assert bundle.records_read == len(bundle.units) == UNITS
    assert bundle.audit.year == 2022 and bundle.audit.as_of == dt.date(2022, 12, 31)
    assert len(bundle.audit.sensitive_periods) == 2


def test_units_are_within_the_specified_ranges(tmp_path: Path) -> None:
    write_bundle(tmp_path, UNITS, 3)
    for loaded in load_bundle(tmp_path).units:
        unit = loaded.unit
        assert 4 <= len(unit.leaders) <= 8
        assert [leader.role for leader in unit.leaders].count("principal") == 1
        assert [leader.role for leader in unit.leaders].count("in_charge") == 1
        assert 4 <= len(unit.meetings) <= 10 and 3 <= len(unit.divisions) <= 8
        assert 1 <= len(unit.supervises) <= 4 and 1 <= len(unit.campaigns) <= 3
        assert 3 <= len(unit.inspections) <= 15 and 2 <= len(unit.submissions) <= 6
        assert all(len(inspection.hazards_found) <= 4 for inspection in unit.inspections)
        if unit.enforcement is not None:
            assert 5 <= len(unit.enforcement.cases) <= 30


def test_bundle_checks_without_error_findings(tmp_path: Path) -> None:
    write_bundle(tmp_path, UNITS, 4)
    report = check(tmp_path)
    statuses = {finding.status for unit in report.units for finding in unit.findings}
    assert "error" not in statuses
    assert {"pass", "fail"} <= statuses
    assert report.summary()["units"] == UNITS


def test_toml_writer_round_trips_awkward_values() -> None:
    document = {
        "plain": "安全生产", "quotes": 'say "hi" \\ back', "controls": "tab\there\nnew\rcr\b\f\x01\x1f\x7f end",
        "unicode": "密室逃脱/剧本杀 \u2028 😀", "empty": "", "number": -42, "big": 10**15, "flag": False,
        "ratio": 0.25, "tiny": 1e-07, "day": dt.date(2022, 2, 28), "strings": ["a", "b\"c"], "nothing": [],
        "dotted.key": 1, "spaced key": "x", "": "empty key", "中文键": "值",
        "table": {"inner": {"deep": True}, "items": [{"id": "x", "sub": [{"k": 1}, {"k": 2}]}, {"id": "y"}]},
        "mixed": [1, "two", {"three": 3}],
    }
    assert tomllib.loads(to_toml(document)) == document


def test_writers_leave_out_none_values() -> None:
    document = {"id": "D", "missing": None, "nested": {"kept": 1, "gone": None}, "rows": [{"a": None, "b": 2}]}
    expected = {"id": "D", "nested": {"kept": 1}, "rows": [{"b": 2}]}
    assert tomllib.loads(to_toml(document)) == expected
    assert to_json(document).startswith("{\n") and '"gone"' not in to_json(document)
