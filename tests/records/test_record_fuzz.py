"""Fuzzing the record boundary: records generated from the record models (every field valid, broken or hostile:
lone surrogates, noncharacters, terminal escapes, NaN, infinities, huge numbers, booleans, dates out of range, deep
nesting, unknown fields), each read from a JSON line, validated, checked by every shipped rule and rendered. A
bounded budget (about 2,000 records) runs in CI; no record may give an internal error."""
from __future__ import annotations

import datetime as dt
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import BaseModel

from compliance.bundle.load import Bundle, LoadedUnit
from compliance.bundle.streams import RawRecord, read_record
from compliance.bundle.validate import validate_record
from compliance.check.checker import Checker, UnitOutcome
from compliance.check.pipeline import prepare
from compliance.formatters import Formatter, formatter
from compliance.records.audit import Audit
from compliance.records.catalog import merged_catalog
from compliance.records.city import DirectivesFile, StatisticsFile
from compliance.records.kinds import kinds
from compliance.records.registers import AccidentsFile, CommendationsFile
from compliance.rules.packs import load_packs

HOSTILE_TEXT = ["\ud800", "a\udfffb", "\ufffe", "\uffff", "\x1b[31m", "\u202e", "\x00", "", " ", "*", "＊",
                "9999-12-31", "0001-01-01", "2022-02-30", "x" * 300]
HOSTILE_NUMBERS: list[Any] = [True, False, float("nan"), float("inf"), -float("inf"), 1e308, -(10**20), 10**16,
                              2**63, -1, 0, 0.5, "12", None]
DEEP: Any = functools.reduce(lambda inner, _: [inner], range(100), [])
ANYTHING = st.one_of(st.sampled_from([*HOSTILE_TEXT, *HOSTILE_NUMBERS, DEEP, {}, [], {"x": 1}]),
                     st.text(max_size=8), st.integers())
STREAMED = [kind for kind in kinds() if kind.reading in ("files", "stream")]
CITY_FILES = [Audit, DirectivesFile, StatisticsFile, AccidentsFile, CommendationsFile]


def _valid(annotation: Any) -> st.SearchStrategy[Any]:
    """Values that fit an annotation (a model: a dict for it), or None when there is no such value to make."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _valid(args[0])
    if origin is typing.Literal:
        return st.sampled_from(args)
    if isinstance(annotation, types.UnionType) or origin is typing.Union:
        return st.one_of([_valid(arg) for arg in args])
    if origin in (list, tuple):
        return st.lists(_field(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(st.text(max_size=5), ANYTHING, max_size=2)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return record(annotation)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=12), bool: st.booleans(), int: st.integers(-5, 500),
        float: st.floats(-1e6, 1e6, allow_nan=False), dt.date: st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31))
        .map(dt.date.isoformat), type(None): st.none()}
    return simple.get(annotation, ANYTHING)


def _field(annotation: Any) -> st.SearchStrategy[Any]:
    """A field's value: mostly one that fits, sometimes anything at all."""
    return st.one_of(_valid(annotation), _valid(annotation), _valid(annotation), ANYTHING)


@functools.cache
def record(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Records of a model, built from its fields: required ones mostly present, optional ones often, unknown ones
    now and then."""
    required = {name: _field(info.annotation) for name, info in model.model_fields.items() if info.is_required()}
    optional = {name: _field(info.annotation) for name, info in model.model_fields.items() if not info.is_required()}
    unknown = st.dictionaries(st.sampled_from(["\ud800", "extra", "\x1bkey", "a" * 50]), ANYTHING, max_size=1)
    return st.builds(lambda given, more, extra: {**given, **more, **extra},
                     st.fixed_dictionaries({}, optional=required) if required else st.just({}),
                     st.fixed_dictionaries({}, optional=optional), unknown)


@functools.cache
def _checker() -> Checker:
    return Checker(Audit(jurisdiction="测试市", year=2022), merged_catalog(), load_packs(), {})


def _render(formats: tuple[Formatter, ...], outcome: UnitOutcome) -> None:
    for chosen in formats:
        assert outcome.report is not None
        text = chosen.unit(outcome.report, list(outcome.problems))
        text.encode("utf-8")  # nothing unencodable
        if chosen is formats[-1]:
            etree.fromstring(f"<testsuites>{text}</testsuites>".encode())


def _as_json_line(data: dict[str, Any]) -> str:
    return json.dumps(data, default=str)  # NaN and infinities written as JSON's extensions, as a careless tool would


@settings(max_examples=450, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(STREAMED).flatmap(lambda kind: st.tuples(st.just(kind.name), record(kind.record))))
def test_any_unit_record_is_checked_or_reported_never_an_internal_error(case: tuple[str, dict[str, Any]]) -> None:
    kind_name, data = case
    raw = RawRecord(kind_name, "fuzz.jsonl", "line 1", 1, text=_as_json_line(data))
    unit, problems = read_record(raw)
    for problem in problems:
        assert "\n" not in problem.text() and problem.file == "fuzz.jsonl"
        problem.text().encode("utf-8")
    if unit is None:
        assert any(problem.severity == "error" for problem in problems)
        return
    outcome = _checker().check(LoadedUnit(kind_name, unit, "fuzz.jsonl", 1))
    assert outcome.report is not None
    _render(_formats(), outcome)


@functools.cache
def _formats() -> tuple[Formatter, ...]:
    """The text media, begun with an audit's info (junit last: its units are parsed as XML)."""
    bundle = Bundle(root=Path("."), audit=Audit(jurisdiction="测试市", year=2022))
    info = prepare(bundle, load_packs(), None, {}, None).info
    chosen = tuple(formatter(name, "zh") for name in ("text", "markdown", "html", "csv", "junit"))
    for each in chosen:
        each.begin(info)
    return chosen


@settings(max_examples=1600, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from([kind.record for kind in STREAMED] + CITY_FILES).flatmap(
    lambda model: st.tuples(st.just(model), record(model))))
def test_any_record_validates_or_is_reported_field_by_field(case: tuple[type[BaseModel], dict[str, Any]]) -> None:
    model, data = case
    validated = validate_record(model, data, "fuzz.toml", "r")
    for problem in validated.errors:
        assert "\n" not in problem.text()
        problem.text().encode("utf-8")
    assert validated.model is not None or any(problem.severity == "error" for problem in validated.errors)
