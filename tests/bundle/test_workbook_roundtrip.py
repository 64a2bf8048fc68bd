"""Every kind of record through a workbook and back, unchanged: random valid records (hypothesis) and every record
of the example city."""
from __future__ import annotations

import datetime as dt
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from compliance.bundle.workbook.read import read_workbook
from compliance.bundle.workbook.write import write_workbook
from compliance.records.workbook.layout import Column, Layout, Sheet, layout, layout_kinds

CITY = FIXTURES / "example-city"
# what a clerk could type in a text cell and get back as written: no spaces around it, no control characters, not
# the template's example mark at the start of a row
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp", "Zs")), min_size=1, max_size=6) \
    .filter(lambda text: not text.startswith("示例") and not text.startswith("~"))
LIST_ITEM = TEXT.filter(lambda text: not {"；", ";"} & set(text))


def _value(column: Column, kind: str | None = None) -> st.SearchStrategy[Any]:
    """A valid value of a column's kind (dates of 1900–2199: what a record may hold and a spreadsheet too; times to
    the second)."""
    low = int(column.minimum) if column.minimum is not None else -10**6
    high = int(column.maximum) if column.maximum is not None else 10**9
    by_kind: dict[str, st.SearchStrategy[Any]] = {
        "text": TEXT, "date": st.dates(dt.date(1900, 3, 1), dt.date(2199, 12, 31)), "bool": st.booleans(), "int": st.integers(low, high),
        "datetime": st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2199, 12, 31)).map(lambda moment: moment.replace(microsecond=0)),
        "number": st.integers(-1000, 1000).map(lambda n: n / 10), "int_or_text": st.integers(0, 999) | TEXT,
        "figure": st.one_of(st.just("*"), st.integers(0, 10**6)),
        "choice": st.sampled_from([code for code, _ in column.choices]) if column.choices else st.nothing()}
    if (kind or column.kind) == "list":
        item = LIST_ITEM if column.item == "text" else _value(column, column.item)
        return st.lists(item, min_size=0 if column.empty_differs else 1, max_size=3)
    return by_kind[kind or column.kind]


def _item(laid: Layout, sheet: Sheet) -> st.SearchStrategy[dict[str, Any]]:
    """An item of a sheet's list (or the record itself): its columns, each given or not, and its lists."""
    fields: dict[str, st.SearchStrategy[Any]] = {column.key: _value(column) if column.required
                                                 else st.none() | _value(column) for column in sheet.columns}
    children = [child for child in laid.sheets if len(child.path) > len(sheet.path)
                and child.path[:len(sheet.path)] == sheet.path
                and not any(other.path and len(sheet.path) < len(other.path) < len(child.path)
                            and child.path[:len(other.path)] == other.path for other in laid.sheets)]
    lists = {child.path[len(sheet.path):]: _items(laid, child) for child in children}
    return st.fixed_dictionaries({**fields, **{".".join(path): items for path, items in lists.items()}}).map(_nest)


def _items(laid: Layout, sheet: Sheet) -> st.SearchStrategy[list[dict[str, Any]]]:
    unique = {"unique_by": lambda item: item["id"]} if "id" in {c.key for c in sheet.columns} else {}
    items = st.lists(_item(laid, sheet), min_size=1 if sheet.empty_differs else 0, max_size=2, **unique)  # type: ignore[arg-type]
    # given empty, a list whose absence means something else cannot be held: it is absent or has items
    return st.none() | items if sheet.empty_differs else items.map(lambda found: found or None)


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """Dotted keys as nested tables; what is not given left out (as a file leaves it out)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        if value is None:
            continue
        node = out
        *parents, name = key.split(".")
        for parent in parents:
            node = node.setdefault(parent, {})
        node[name] = value
    return out


def _records(kind_name: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    laid = layout(kind_name)
    if laid.many:
        return st.lists(_item(laid, laid.sheets[0]), min_size=1, max_size=3, unique_by=lambda record: record["id"])
    tops = {sheet.path[0]: _items(laid, sheet) for sheet in laid.sheets if len(sheet.path) == 1}
    return st.fixed_dictionaries(tops).map(_nest).map(lambda record: [record])


def _valid(kind_name: str, records: list[dict[str, Any]]) -> bool:
    """Whether the model takes the records (its own checks go beyond the types: patterns that compile…)."""
    try:
        for record in records:
            layout(kind_name).model.model_validate(record)
    except ValidationError:
        return False
    return True


def _round_trip(kind_name: str, records: list[dict[str, Any]]) -> tuple[list[BaseModel], list[BaseModel]]:
    laid = layout(kind_name)
    models = [laid.model.model_validate(record) for record in records]
    buffer = io.BytesIO()
    lost = write_workbook(laid, [model.model_dump(exclude_unset=True) for model in models], buffer)
    assert lost == []
    read = read_workbook(buffer, "x.xlsx", laid)  # type: ignore[arg-type]
    assert [error.text() for error in read.errors] == []
    return models, [laid.model.model_validate(record) for record in read.records]


@pytest.mark.parametrize("kind_name", layout_kinds())
def test_random_valid_records_come_back_unchanged(kind_name: str) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(_records(kind_name))
    def run(records: list[dict[str, Any]]) -> None:
        assume(_valid(kind_name, records))
        models, back = _round_trip(kind_name, records)
        assert back == models
        assert [m.model_dump(exclude_unset=True) for m in back] == [m.model_dump(exclude_unset=True) for m in models] \
            or kind_name != "industries"  # a city's industry overlays the catalog by the fields it sets

    run()


def _fixture_records() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for kind_name, folder in (("department", "departments"), ("district", "districts"), ("enterprise", "enterprises")):
        for path in sorted((CITY / folder).iterdir()):
            if path.suffix in (".toml", ".json"):
                data = tomllib.loads(path.read_text(encoding="utf-8")) if path.suffix == ".toml" \
                    else json.loads(path.read_text(encoding="utf-8"))
                out += [(kind_name, path.name, record) for record in (data if isinstance(data, list) else [data])]
    for line in (CITY / "enterprises.jsonl").read_text(encoding="utf-8").splitlines():
        out.append(("enterprise", "enterprises.jsonl", json.loads(line)))
    for path in sorted((CITY / "city").glob("*.toml")):
        out.append((path.stem, path.name, tomllib.loads(path.read_text(encoding="utf-8"))))
    return out


def test_every_record_of_the_example_city_comes_back_unchanged() -> None:
    records = _fixture_records()
    assert len(records) > 20
    for kind_name, name, record in records:
        models, back = _round_trip(kind_name, [record])
        assert back == models, name


def test_a_workbook_says_what_it_cannot_hold(tmp_path: Path) -> None:
    lost = write_workbook(layout("enterprise"), [{"id": "e", "name": "甲", "emergency_plan": {}, "colour": "红"}],
                          tmp_path / "e.xlsx")
    assert lost == ["e: emergency_plan（空表，工作簿中无法表示 / an empty table cannot be held）",
                    "e: colour（未知字段 / unknown field）"]
