"""The synthetic bundle generator: deterministic, valid, varied (enterprises too), and its writers round-trip."""
from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from compliance.api import Options, check
from compliance.bundle.load import load_bundle
from compliance.records.enterprise import Enterprise
from compliance.records.unit import Unit
from compliance_dev import synth_enterprises
from compliance_dev.serialize import to_json, to_json_line, to_toml
from compliance_dev.synth import write_bundle

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
        assert isinstance(unit, Unit)
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
    assert report.summary()["units"] == UNITS + 1  # and the city


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


# ---- enterprises ----

ENTERPRISES = 50


def _lines(root: Path) -> list[str]:
    return [line for path in sorted(root.glob("enterprises-*.jsonl")) for line in path.read_text("utf-8").splitlines()]


def _no_extra(model: BaseModel) -> bool:
    """No unknown field anywhere in the record, nested records included."""
    if model.model_extra:
        return False
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel) and not _no_extra(item):
                return False
    return True


def _enterprises(root: Path) -> list[Enterprise]:
    return [Enterprise.model_validate(json.loads(line)) for line in _lines(root)]


def test_enterprises_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    for jsonl in (True, False):
        write_bundle(tmp_path / f"a{jsonl}", 10, 5, enterprises=30, jsonl=jsonl)
        write_bundle(tmp_path / f"b{jsonl}", 10, 5, enterprises=30, jsonl=jsonl)
        assert _files(tmp_path / f"a{jsonl}") == _files(tmp_path / f"b{jsonl}")
    write_bundle(tmp_path / "c", 10, 6, enterprises=30)
    assert _lines(tmp_path / "c") != _lines(tmp_path / "aTrue")


def test_enterprises_leave_the_unit_files_unchanged(tmp_path: Path) -> None:
    write_bundle(tmp_path / "units", 10, 5)
    write_bundle(tmp_path / "both", 10, 5, enterprises=5)
    both = _files(tmp_path / "both")
    assert {name: both[name] for name in _files(tmp_path / "units")} == _files(tmp_path / "units")
    assert sorted(set(both) - set(_files(tmp_path / "units"))) == ["enterprises-0001.jsonl"]


def test_jsonl_and_toml_modes_hold_the_same_enterprises(tmp_path: Path) -> None:
    write_bundle(tmp_path / "lines", 10, 9, enterprises=20)
    write_bundle(tmp_path / "files", 10, 9, enterprises=20, jsonl=False)
    toml_files = sorted((tmp_path / "files" / "enterprises").glob("*.toml"))
    assert [path.name for path in toml_files] == [f"E{number:06d}.toml" for number in range(1, 21)]
    assert not list((tmp_path / "files").glob("*.jsonl")) and not (tmp_path / "lines" / "enterprises").exists()
    from_toml = [Enterprise.model_validate(tomllib.loads(path.read_text("utf-8"))) for path in toml_files]
    assert from_toml == _enterprises(tmp_path / "lines")


def test_jsonl_files_are_split_and_lines_are_compact_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synth_enterprises, "LINES_PER_FILE", 7)
    write_bundle(tmp_path, 0, 3, enterprises=30)
    files = sorted(tmp_path.glob("enterprises-*.jsonl"))
    assert [path.name for path in files] == [f"enterprises-{index:04d}.jsonl" for index in range(1, 6)]
    assert [len(path.read_bytes().splitlines()) for path in files] == [7, 7, 7, 7, 2]
    lines = _lines(tmp_path)
    assert [json.loads(line)["id"] for line in lines] == [f"E{number:06d}" for number in range(1, 31)]
    assert all(path.read_bytes().endswith(b"}\n") for path in files)
    assert not any("\\u" in line or ", " in line or '": ' in line for line in lines)
    write_bundle(tmp_path / "exact", 0, 3, enterprises=14)
    assert len(list((tmp_path / "exact").glob("enterprises-*.jsonl"))) == 2


def test_every_enterprise_line_is_a_valid_record_without_unknown_fields(tmp_path: Path) -> None:
    write_bundle(tmp_path, 20, 11, enterprises=ENTERPRISES)
    lines = _lines(tmp_path)
    assert len(lines) == ENTERPRISES
    for line in lines:
        enterprise = Enterprise.model_validate(json.loads(line))
        assert _no_extra(enterprise)
        assert enterprise.principal is None or _no_extra(enterprise.principal)


def test_enterprises_refer_to_the_bundle_units(tmp_path: Path) -> None:
    write_bundle(tmp_path / "with", 20, 12, enterprises=ENTERPRISES)
    districts = {path.stem for path in (tmp_path / "with" / "districts").iterdir()}
    departments = {path.stem for path in (tmp_path / "with" / "departments").iterdir()}
    enterprises = _enterprises(tmp_path / "with")
    assert {e.district for e in enterprises} <= districts and {e.supervisor for e in enterprises} <= departments
    write_bundle(tmp_path / "alone", 0, 12, enterprises=10)
    assert all(e.district is None and e.supervisor is None for e in _enterprises(tmp_path / "alone"))


def test_enterprise_mix_is_realistic(tmp_path: Path) -> None:
    write_bundle(tmp_path, 10, 13, enterprises=ENTERPRISES)
    enterprises = _enterprises(tmp_path)
    workers = [worker for e in enterprises for worker in e.workers]
    assert {worker.employment for worker in workers} == {"regular", "temporary", "dispatched", "intern"}
    assert all(5 <= len(e.workers) <= 40 for e in enterprises if (e.headcount or 5) >= 5)
    assert 0.1 < sum(w.hired_on is not None and w.hired_on.year == 2022 for w in workers) / len(workers) < 0.4
    assert {"commerce", "catering", "manufacturing"} <= {e.industry for e in enterprises}
    assert sum(5 <= (e.headcount or 0) <= 150 for e in enterprises) > ENTERPRISES * 0.7
    assert all(1 <= len(e.regulations) <= 6 for e in enterprises if e.regulations)
    assert all(2 <= len(e.hazards) <= 14 and 6 <= len(e.self_inspections) <= 14 for e in enterprises)
    hazards = [hazard for e in enterprises for hazard in e.hazards]
    assert {hazard.level for hazard in hazards} == {"general", "major"}
    assert any(hazard.rectified_on is None for hazard in hazards)
    operators = [(e, operator) for e in enterprises for operator in e.special_operators]
    assert operators and all(op.worker in {w.id for w in e.workers} for e, op in operators)
    assert any(e.dangerous_operations for e in enterprises) and any(e.insurance for e in enterprises)
    assert all(e.uses_gas is not None for e in enterprises if e.industry in ("catering", "commerce"))
    drills = [drill for e in enterprises if e.emergency_plan for drill in e.emergency_plan.drills]
    assert {drill.kind for drill in drills} == {"comprehensive", "special", "on_site"}
    assert any(e.emergency_plan.last_drill_on for e in enterprises if e.emergency_plan)  # the older contract too


def test_about_half_the_enterprises_have_gaps_and_rules_go_both_ways(tmp_path: Path) -> None:
    write_bundle(tmp_path, 0, 14, enterprises=200)
    report = check(tmp_path, Options(rules=("enterprise",)))
    assert [(e.file, e.severity) for e in report.input_errors] == [("city", "warning")]  # no city pack loaded
    assert report.summary()["errors"] == 0
    gapped = sum(any(f.status == "fail" for f in unit.findings) for unit in report.units)
    assert len(report.units) == 200 and 70 <= gapped <= 130
    statuses: dict[str, set[str]] = {}
    for unit in report.units:
        for finding in unit.findings:
            statuses.setdefault(finding.rule_id, set()).add(finding.status)
    both = [rule for rule, seen in statuses.items() if {"pass", "fail"} <= seen]
    assert len(both) >= len(statuses) - 2, sorted(set(statuses) - set(both))


def test_json_line_is_compact_utf8_without_none() -> None:
    document = {"id": "E1", "name": "示例餐馆", "gone": None, "day": dt.date(2022, 1, 2), "rows": [{"a": None, "b": [1]}]}
    assert to_json_line(document) == '{"id":"E1","name":"示例餐馆","day":"2022-01-02","rows":[{"b":[1]}]}\n'
