"""validate_record: repair field by field, report each problem once at the path it was submitted at."""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from compliance.bundle.load import cross_reference_errors
from compliance.bundle.validate import Locator, validate_record
from compliance.core.problems import InputError
from compliance.records.audit import Audit
from compliance.records.catalog import Catalog
from compliance.records.enterprise import Enterprise
from compliance.records.unit import Unit


def unit(**fields: Any) -> dict[str, Any]:
    """A minimal raw department record with these fields added."""
    return {"id": "u", "name": "单位", **fields}


def fields_of(errors: list[InputError]) -> list[tuple[str, str]]:
    """(field, severity) of each error, in order."""
    return [(error.field, error.severity) for error in errors]


@pytest.mark.parametrize(("raw", "field", "says"), [
    (unit(enforcement={"staff_actual": "many"}), "enforcement.staff_actual", "valid integer"),
    (unit(enforcement={"staff_actual": -1}), "enforcement.staff_actual", "greater than or equal to 0"),
    (unit(meetings="weekly"), "meetings", "valid list"),
    (unit(meetings=[{"id": "m", "kind": "weekly"}]), "meetings[0].kind", "'dedicated_safety'"),
    (unit(leaders=[{"id": "l", "role": "boss"}]), "leaders[0].role", "'principal'"),
    (unit(leaders=[{"id": "l", "name": 42}]), "leaders[0].name", "valid string"),
    (unit(power_responsibility_list={"published": "maybe"}), "power_responsibility_list.published", "valid boolean"),
    (unit(power_responsibility_list={"legal_bases": "安全生产法"}), "power_responsibility_list.legal_bases", "valid list"),
    (unit(meetings=[{"id": "m", "date": "2022-02-30"}]), "meetings[0].date", "not a valid date"),
    (unit(meetings=[{"id": "m", "date": 20220230}]), "meetings[0].date", "got int"),
    (unit(campaigns=[{"id": "c", "name": 3}]), "campaigns[0].name", "valid string"),
    (unit(safety_committee=["x"]), "safety_committee", "valid dictionary"),
])
def test_a_bad_optional_value_is_dropped_alone(raw: dict[str, Any], field: str, says: str) -> None:
    validated = validate_record(Unit, raw, "f.toml", "u")
    assert validated.model is not None
    assert fields_of(validated.errors) == [(field, "error")]
    assert says in validated.errors[0].message_en
    assert validated.errors[0].message_en.endswith("; treated as not provided")
    assert validated.errors[0].message.endswith("，按未提供处理")


def test_the_rest_of_the_item_survives() -> None:
    raw = unit(leaders=[{"id": "l", "name": 42, "role": "principal"}], meetings=[{"id": "m", "kind": "x", "date": "2022-03-01"}])
    model = validate_record(Unit, raw, "f", "u").model
    assert model is not None
    assert (model.leaders[0].id, model.leaders[0].name, model.leaders[0].role) == ("l", None, "principal")
    assert (model.meetings[0].kind, model.meetings[0].date) == (None, dt.date(2022, 3, 1))


@pytest.mark.parametrize(("raw", "field"), [
    (unit(leaders=[{"name": "无编号"}, {"id": "l2"}]), "leaders[0].id"),
    (unit(leaders=[{"id": 5}, {"id": "l2"}]), "leaders[0].id"),
    (unit(leaders=["l1", {"id": "l2"}]), "leaders[0]"),
    (unit(divisions=[{"is_safety_division": True}, {"name": "l2"}]), "divisions[0].name"),
])
def test_an_item_without_a_usable_required_field_is_dropped_once(raw: dict[str, Any], field: str) -> None:
    validated = validate_record(Unit, raw, "f", "u")
    assert validated.model is not None
    assert fields_of(validated.errors) == [(field, "error")]
    assert validated.errors[0].message_en.endswith("; the item was not checked")
    assert validated.errors[0].message.endswith("，该条目未检查")
    kept = validated.model.leaders or validated.model.divisions
    assert len(kept) == 1


@pytest.mark.parametrize(("raw", "fields"), [
    ({"name": "无编号"}, ["id"]),
    ({"id": 42, "name": "x"}, ["id"]),
    ({"id": "", "name": "x"}, ["id"]),
    ({"id": "a"}, ["name"]),
    ({"leaders": [{"id": "l", "role": "boss"}]}, ["id", "leaders[0].role", "name"]),
])
def test_a_record_without_usable_id_or_name_is_rejected_with_every_problem_once(raw: dict[str, Any],
                                                                               fields: list[str]) -> None:
    validated = validate_record(Unit, raw, "f", "x")
    assert validated.model is None
    assert [error.field for error in validated.errors] == fields
    assert all(error.severity == "error" for error in validated.errors)
    assert any(error.message_en.endswith("; the record was not checked") for error in validated.errors)


def test_two_problems_in_one_item_drop_that_item_only() -> None:
    raw = unit(divisions=[{"is_safety_division": "x"}, {"name": "d2", "is_safety_division": True}],
               leaders=[{"id": 5, "role": "boss"}, {"id": "l2", "role": "principal"}])
    validated = validate_record(Unit, raw, "f", "u")
    assert validated.model is not None
    assert fields_of(validated.errors) == [("divisions[0].is_safety_division", "error"), ("divisions[0].name", "error"),
                                           ("leaders[0].id", "error"), ("leaders[0].role", "error")]
    assert [(d.name, d.is_safety_division) for d in validated.model.divisions] == [("d2", True)]
    assert [(leader.id, leader.role) for leader in validated.model.leaders] == [("l2", "principal")]


def test_paths_are_as_submitted_after_earlier_items_are_dropped() -> None:
    raw = unit(leaders=[{"name": "甲"}, {"id": "l2", "rol": "x"}],
               meetings=[{"date": "2022-01-01"}, {"id": "m2"}, {"id": "m3", "topics": ["a", 7], "chaired_by": "l9"}],
               inspections=[{"id": "i1", "hazards_found": [{"level": "major"}, {"id": "h2", "levle": "general"}]}])
    validated = validate_record(Unit, raw, "f", "u")
    assert validated.model is not None
    assert fields_of(validated.errors) == [
        ("inspections[0].hazards_found[0].id", "error"), ("leaders[0].id", "error"), ("meetings[0].id", "error"),
        ("meetings[2].topics[1]", "error"),
        ("leaders[1].rol", "warning"), ("inspections[0].hazards_found[1].levle", "warning")]
    assert validated.model.meetings[1].topics == ["a"]
    assert validated.path(("meetings", 1, "chaired_by")) == "meetings[2].chaired_by"
    crossed = cross_reference_errors(validated.model, "f", validated.path)
    assert fields_of(crossed) == [("meetings[2].chaired_by", "warning")]


def test_locator_maps_back_to_the_submitted_positions() -> None:
    locator = Locator({"a": [{"x": 1}, {"x": 2}, {"y": [3, 4]}]})
    del locator.record["a"][0]
    assert locator.original(("a", 1, "y", 1)) == ("a", 2, "y", 1)
    assert locator.original(("a", 0, "x")) == ("a", 1, "x")
    assert locator.original(("a", 5, "z")) == ("a", 5, "z")
    assert locator.path(("b",)) == "b"


def test_the_submitted_record_is_not_modified() -> None:
    raw = unit(leaders=[{"name": "甲"}, {"id": "l2", "role": "boss"}], enforcement={"staff_actual": "many"})
    before = copy.deepcopy(raw)
    validate_record(Unit, raw, "f", "u")
    assert raw == before


def test_unknown_fields_are_warnings_with_a_hint_in_both_languages() -> None:
    validated = validate_record(Unit, unit(meetngs=[], leaders=[{"id": "l", "rol": "x"}], zzz=1), "f", "u")
    assert validated.model is not None
    assert fields_of(validated.errors) == [("meetngs", "warning"), ("zzz", "warning"), ("leaders[0].rol", "warning")]
    assert validated.errors[0].message_en == "unknown field, ignored (did you mean 'meetings'?)"
    assert validated.errors[0].message == "未知字段，已忽略 (是否应为 'meetings'?)"
    assert validated.errors[1].message_en == "unknown field, ignored"


def test_messages_are_one_line_and_name_the_value_once() -> None:
    raw = unit(meetings=[{"id": "m", "date": "2022-13-01\nTraceback"}], leaders=[{"id": "l", "role": "boss"}])
    errors = validate_record(Unit, raw, "departments/a.toml", "u").errors
    for error in errors:
        for text in (error.message, error.message_en, error.text("zh"), error.text("en")):
            assert "\n" not in text
    date_error = next(error for error in errors if error.field == "meetings[0].date")
    assert date_error.message_en.count("2022-13-01") == 1
    assert date_error.text("en").startswith("departments/a.toml [u] meetings[0].date: error: ")
    assert "'boss'" in next(error for error in errors if error.field == "leaders[0].role").message


def test_odd_keys_and_ids_stay_on_one_line() -> None:
    errors = validate_record(Unit, unit(**{"a\nb": 1, "c\u2028d": 2}), "f", "u\r\nv").errors
    assert [(error.record, error.field) for error in errors] == [("u\\r\\nv", "a\\nb"), ("u\\r\\nv", "c\\u2028d")]
    assert all(len(error.text().splitlines()) == 1 for error in errors)


def test_deep_nesting_is_an_error_at_its_depth_and_the_record_is_kept() -> None:
    nested: Any = []
    for _ in range(5000):
        nested = [nested]
    validated = validate_record(Unit, unit(x=nested), "f", "u")
    assert validated.model is not None
    assert fields_of(validated.errors) == [("x" + "[0]" * 64, "error"), ("x", "warning")]


@pytest.mark.parametrize(("raw", "usable", "fields"), [
    ({"jurisdiction": "测试市", "year": "abc"}, False, ["year"]),
    ({"jurisdiction": "测试市", "year": 2022, "as_of": "2022-02-30"}, True, ["as_of"]),
    ({"jurisdiction": "测试市", "year": 2022, "sensitive_periods": [{"start": "2022-10-01"}]}, True,
     ["sensitive_periods[0].name"]),
])
def test_audit_records(raw: dict[str, Any], usable: bool, fields: list[str]) -> None:
    validated = validate_record(Audit, raw, "audit.toml", "audit")
    assert (validated.model is not None) == usable
    assert [error.field for error in validated.errors] == fields


def test_catalog_entry_without_code_is_dropped() -> None:
    validated = validate_record(Catalog, {"industry": [{"name": "无代码"}, {"code": "gas", "name": "燃气"}]},
                                "city/industries.toml", "industries")
    assert validated.model is not None and [i.code for i in validated.model.industry] == ["gas"]
    assert fields_of(validated.errors) == [("industry[0].code", "error")]


def test_one_unknown_business_mode_leaves_the_whole_list_unknown() -> None:
    raw = {"id": "E", "name": "企业", "business_modes": ["经营", "仓库"]}
    result = validate_record(Enterprise, raw, "e.toml", "E")
    assert result.model is not None and result.model.business_modes is None  # not ["trading"]: a storer is not a trader
    assert fields_of(result.errors) == [("business_modes", "error")] and "仓库" in result.errors[0].message_en
    good = validate_record(Enterprise, {**raw, "business_modes": ["批发", "储存"]}, "e.toml", "E").model
    assert good is not None and good.business_modes == ["trading", "storage"]
