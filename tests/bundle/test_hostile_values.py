"""Hostile or broken values in records: each an input error at its file, record and field (and line), the rest of
the record and the following records still checked, never an internal error."""
from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from compliance.bundle.load import load_bundle
from compliance.bundle.streams import validate_streams
from compliance.bundle.validate import validate_record
from compliance.cli.main import main
from compliance.records.audit import Audit
from compliance.records.city import DirectivesFile, StatisticsFile
from compliance.records.kinds import kinds
from compliance.records.registers import AccidentsFile, CommendationsFile

AUDIT = 'jurisdiction = "测试市"\nyear = 2022\n'
DEPARTMENT = 'id = "d1"\nname = "市测试局"\n'


def _problems(root: Path) -> list[tuple[str, str, str, str]]:
    _, problems = validate_streams(load_bundle(root))
    return [(e.file, e.record, e.field, e.message_en) for e in problems if e.severity == "error"]


def _check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["check", str(root), *extra])
    captured = capsys.readouterr()
    assert "internal error" not in captured.err and "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_a_jsonl_number_of_5000_digits_is_an_error_at_its_field(bundle_dir: Any,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['{"id": "e1", "name": "甲", "headcount": ' + "9" * 5000 + '}', '{"id": "e2", "name": "乙"}']
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "enterprises.jsonl": "\n".join(lines) + "\n"})
    assert _problems(root) == [("enterprises.jsonl", "e1 (line 1)", "headcount",
                                "the number is too large (5000 digits); treated as not provided")]
    code, out, _ = _check(root, capsys, "--format", "json")
    assert code == 2
    assert [unit["id"] for unit in json.loads(out)["units"]] == ["d1", "e1", "e2"]


@pytest.mark.parametrize(("field", "unusable"), [("id", True), ("name", True), ("industry", False),
                                                 ("supervisor", False), ("license_no", False)])
def test_a_lone_surrogate_is_an_error_at_its_field(bundle_dir: Any, capsys: pytest.CaptureFixture[str], field: str,
                                                   unusable: bool) -> None:
    record = {"id": "e1", "name": "甲"} | {field: "x\ud800"}
    text = json.dumps(record) + "\n" + json.dumps({"id": "e2", "name": "乙"}) + "\n"
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "enterprises.jsonl": text})
    found = _problems(root)
    assert [(file, where) for file, _, where, _ in found] == [("enterprises.jsonl", field)]
    assert "lone surrogate \\ud800" in found[0][3] and found[0][3].endswith(
        "the record was not checked" if unusable else "treated as not provided")
    code, out, _ = _check(root, capsys, "--format", "json")
    assert code == 2
    assert [unit["id"] for unit in json.loads(out)["units"]] == ["d1", *([] if unusable else ["e1"]), "e2"]


@pytest.mark.parametrize("text", ["\ufffe", "\uffff"])
def test_noncharacters_are_refused(bundle_dir: Any, text: str) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT + f'leaders = [{{id = "l1", name = "{text}"}}]\n'})
    assert [(field, message.split(" at")[0]) for _, _, field, message in _problems(root)] == [
        ("leaders[0].name", f"the text holds the noncharacter \\u{ord(text):04x}")]


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e308", "1" + "0" * 400])
def test_statistics_figures_not_finite_or_too_large_are_input_errors(bundle_dir: Any, value: str,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    statistics = ('[[report]]\nid = "r1"\nunit = "d1"\naccidents = 3\nprev_accidents = 2\n'
                  f"stated_accidents_change_pct = {value}\ndeaths = {value}\n")
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "city/statistics.toml": statistics})
    assert [field for _, _, field, _ in _problems(root)] == ["report[0].deaths", "report[0].stated_accidents_change_pct"]
    code, out, _ = _check(root, capsys)
    assert code == 2 and "汇总" in out


def test_a_statistics_figure_of_text_says_what_it_is(bundle_dir: Any) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT,
                       "city/statistics.toml": '[[report]]\nid = "r1"\naccidents = "三"\n'})
    errors = load_bundle(root).input_errors
    assert [(e.field, e.message) for e in errors] == [
        ("report[0].accidents", "应为数值或 \"*\"（不公开）（实际为 '三'），按未提供处理")]


@pytest.mark.parametrize(("line", "field", "fragment"), [
    ("issued_on = 9999-12-31", "directive[0].issued_on", "outside the usable range"),
    ('issued_on = "0001-01-01"', "directive[0].issued_on", "outside the usable range"),
    ("relay_within_days = 1" + "0" * 400, "directive[0].relay_within_days", "too large"),
])
def test_directive_dates_and_days_out_of_range(bundle_dir: Any, capsys: pytest.CaptureFixture[str], line: str,
                                              field: str, fragment: str) -> None:
    directives = f'[[directive]]\nid = "z1"\nscope = ["d1"]\n{line}\n'
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "city/directives.toml": directives})
    found = _problems(root)
    assert [where for _, _, where, _ in found] == [field] and fragment in found[0][3]
    assert _check(root, capsys)[0] == 2


def _number_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[type[BaseModel], str]]:
    """Every field of a model (and of the models inside it) that holds numbers and never a boolean."""
    found = []
    for name, info in model.model_fields.items():
        kinds_in = _kinds(info.annotation)
        if kinds_in & {int, float} and bool not in kinds_in:
            found.append((model, name))
        for inner in kinds_in:
            if isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not model:
                found.extend(_number_fields(inner, (*prefix, name)))
    return found


def _kinds(annotation: Any) -> set[Any]:
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (list, tuple, typing.Union):
        return {kind for arg in args for kind in _kinds(arg)}
    if typing.get_origin(annotation) is typing.Annotated:
        return _kinds(args[0])
    return {annotation}


MODELS = [kind.record for kind in kinds()] + [Audit, DirectivesFile, StatisticsFile, AccidentsFile, CommendationsFile]
NUMBER_FIELDS = sorted({(model.__name__, name, model) for top in MODELS for model, name in _number_fields(top)},
                       key=lambda entry: entry[:2])


def test_the_models_have_number_fields_to_check() -> None:
    assert len(NUMBER_FIELDS) >= 25  # 28 when this was written: new number fields join the test below


@pytest.mark.parametrize(("model_name", "name", "model"), NUMBER_FIELDS, ids=[f"{m}.{n}" for m, n, _ in NUMBER_FIELDS])
def test_true_is_not_a_number(model_name: str, name: str, model: type[BaseModel]) -> None:
    validated = validate_record(model, {name: True}, "f", "r")
    about = [e for e in validated.errors if e.field == name]
    assert len(about) == 1, validated.errors
    assert "expected a number, got a boolean (true)" in about[0].message_en
    assert "不能是 true 或 false" in about[0].message


def test_year_true_in_audit_toml_is_called_a_boolean(bundle_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT}, 'jurisdiction = "测试市"\nyear = true\n')
    code, _, err = _check(root, capsys)
    assert code == 2 and "year" in err and "true" in err and "数值过小" not in err


def test_a_lone_surrogate_in_audit_toml_jurisdiction_is_an_error(bundle_dir: Any,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT}, 'jurisdiction = "x\\udfff"\nyear = 2022\n')
    code, _, err = _check(root, capsys)  # tomllib refuses the escape itself
    assert code == 2 and err.startswith("compliance:") and err.count("\n") == 1
