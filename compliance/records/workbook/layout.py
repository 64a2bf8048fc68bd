"""One workbook layout per kind of record, derived from its model: a 基本信息 sheet for the record's own fields
(nested objects flattened to dotted columns), one sheet per list of items (nested lists their own sheets, linked
by the ids of the items above them), each column's field path, labels, unit and type."""
from __future__ import annotations

import datetime as dt
import functools
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import BaseModel, PlainValidator
from pydantic.fields import FieldInfo

from compliance.records.kinds import kinds
from compliance.records.schema import CITY_FILES
from compliance.records.workbook.labels import Label, choice_labels, field_label

ValueKind = Literal["date", "datetime", "bool", "int", "number", "figure", "choice", "text", "int_or_text", "list"]
ROOT_SHEET = ("基本信息", "basic information")
LIST_SEPARATOR = "；"
# fields whose values are codes of the industry catalog (a drop-down of the catalog's entries)
CODE_LISTS: dict[tuple[str, str], str] = {
    ("Supervision", "industry"): "industry", ("Enterprise", "industry"): "industry",
    ("Campaign", "industries"): "industry", ("Accident", "industry"): "industry",
    ("Campaign", "operations"): "operation", ("DangerousOperation", "kind"): "operation",
}


class LayoutError(ValueError):
    """A model that no workbook layout can hold (a field without a label, a nested list under items without ids)."""


@dataclass(frozen=True)
class Column:
    """One column: the field it holds (a dotted path within the sheet's item), its labels, unit and value type."""

    key: str
    label: Label
    kind: ValueKind
    owner: str
    name: str
    required: bool = False
    choices: tuple[tuple[str, Label], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    codes: str = ""  # "industry" or "operation": a code of the catalog
    item: ValueKind | None = None  # a list's items (dates, choices, text), several in one cell
    empty_differs: bool = False  # a list whose absence (None) means something else than an empty list ("无")

    @property
    def parts(self) -> tuple[str, ...]:
        """The field path within the item, as parts."""
        return tuple(self.key.split("."))

    def header(self) -> str:
        """The column's Chinese header: the field's meaning and its unit."""
        return self.label.zh + (f"（{self.label.unit}）" if self.label.unit else "")


@dataclass(frozen=True)
class Link:
    """A column that ties a row to the record (or list item) it belongs to, by that one's id."""

    key: str  # "^id" for the record, "^inspections.id" for an item of the record's inspections
    level: tuple[str, ...]  # the list path of what it links to (() for the record)
    label: Label
    by_position: bool = False  # items without an id: linked by their place among the record's items (1 the first)

    def header(self) -> str:
        """The link column's Chinese header."""
        return self.label.zh


@dataclass(frozen=True)
class Sheet:
    """A sheet: the list it holds (() for the record's own fields), its links and columns."""

    name: str
    name_en: str
    path: tuple[str, ...]
    model: type[BaseModel]
    links: tuple[Link, ...]
    columns: tuple[Column, ...]
    empty_differs: bool = False  # the list may be given empty, which is not the same as not given (no cell holds it)

    def heads(self) -> tuple[Column | Link, ...]:
        """Every column in order: the links first, then the fields."""
        return (*self.links, *self.columns)

    def column(self, key: str) -> Column:
        """A column by its field key."""
        return next(column for column in self.columns if column.key == key)


@dataclass(frozen=True)
class Layout:
    """The workbook of one kind of record: many records (units, enterprises) or one (a city file)."""

    kind: str
    model: type[BaseModel]
    many: bool
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet:
        """A sheet by its name."""
        return next(sheet for sheet in self.sheets if sheet.name == name)


def layout_kinds() -> tuple[str, ...]:
    """Every kind a workbook can hold: each unit kind read from files, then the city's files."""
    return (*(kind.name for kind in kinds() if kind.reading != "city"), *CITY_FILES)


def layout(kind_name: str) -> Layout:
    """The layout of a kind's workbook (unit kinds hold many records; a city file holds one)."""
    if kind_name in CITY_FILES:
        return _layout(kind_name, CITY_FILES[kind_name], False)
    return _layout(kind_name, kinds().get(kind_name).record, True)


@functools.cache
def _layout(kind_name: str, model: type[BaseModel], many: bool) -> Layout:
    sheets: list[Sheet] = []
    root_links = (Link("^id", (), _label(model, "id")),) if many else ()
    _collect(model, (), root_links if many else (), sheets, root=True, many=many)
    names = [sheet.name for sheet in sheets]
    if len(set(names)) != len(names) or any(len(name) > 31 for name in names):
        raise LayoutError(f"{model.__name__}: sheet names must be unique and at most 31 characters: {names}")
    return Layout(kind_name, model, many, tuple(sheets))


def _collect(model: type[BaseModel], path: tuple[str, ...], links: tuple[Link, ...], sheets: list[Sheet],
             root: bool = False, many: bool = True, label: Label | None = None, empty_differs: bool = False) -> None:
    """The sheet of the items of `model` at `path`, then the sheets of the lists within them."""
    columns: list[Column] = []
    nested: list[tuple[str, type[BaseModel], Label, bool]] = []
    _flatten(model, (), columns, nested)
    if root and not many and not columns:
        pass  # a city file: only lists
    else:
        name = label or Label(*ROOT_SHEET)
        sheets.append(Sheet(name.zh, name.en, path, model, links if not root else (), tuple(columns), empty_differs))
    for key, item_model, item_label, item_empty in nested:
        child_links = links
        if not root:
            if "id" in model.model_fields:
                parent = _label(model, "id")
                child_links = (*links, Link(f"^{'.'.join(path)}.id", path, Label("所属" + parent.zh, parent.en)))
            else:
                items = label or Label(*ROOT_SHEET)
                child_links = (*links, Link(f"^{'.'.join(path)}.#", path,
                                            Label(f"所属{items.zh}序号", f"number of the {items.en} row"), True))
        _collect(item_model, (*path, *key.split(".")), child_links, sheets, label=item_label, empty_differs=item_empty)


def _flatten(model: type[BaseModel], prefix: tuple[str, ...], columns: list[Column],
             nested: list[tuple[str, type[BaseModel], Label, bool]]) -> None:
    """The columns of a model's fields (objects flattened to dotted keys); lists of objects noted as nested."""
    for name, info in model.model_fields.items():
        key = ".".join((*prefix, name))
        inner = _bare(info.annotation)
        item = _list_item(inner)
        if item is not None and _model(item) is not None:
            nested.append((key, _model(item) or model, _label(model, name), info.default is None))
        elif _model(inner) is not None:
            _flatten(_model(inner) or model, (*prefix, name), columns, nested)
        else:
            columns.append(_column(model, name, key, info, inner, required=not prefix and info.is_required()))


def _column(model: type[BaseModel], name: str, key: str, info: FieldInfo, annotation: Any, required: bool) -> Column:
    kind = _value_kind(annotation)
    label = _label(model, name)
    minimum = next((m.ge for m in info.metadata if isinstance(m, Ge)), None)
    maximum = next((m.le for m in info.metadata if isinstance(m, Le)), None)
    item = _value_kind(_list_item(_strip_annotated(annotation))) if kind == "list" else None
    choices: tuple[tuple[str, Label], ...] = ()
    if "choice" in (kind, item):
        literal = _strip_annotated(_list_item(_strip_annotated(annotation)) if item else annotation)
        labels = next((found for cls in model.__mro__ if (found := choice_labels(cls.__name__, name))), {})
        choices = tuple((str(code), labels.get(str(code), Label(str(code), str(code)))) for code in get_args(literal))
    empty_differs = kind == "list" and info.default is None
    return Column(key, label, kind, model.__name__, name, required, choices, _number(minimum), _number(maximum),
                  CODE_LISTS.get((model.__name__, name), ""), item, empty_differs)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _label(model: type[BaseModel], name: str) -> Label:
    """A field's label: the model's own, or that of the model it extends."""
    label = next((found for cls in model.__mro__ if (found := field_label(cls.__name__, name)) is not None), None)
    if label is None:
        raise LayoutError(f"{model.__name__}.{name} has no label in compliance/records/workbook/labels.toml")
    return label


def _bare(annotation: Any) -> Any:
    """An annotation without its None alternative."""
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _strip_annotated(annotation: Any) -> Any:
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


def _list_item(annotation: Any) -> Any:
    return get_args(annotation)[0] if get_origin(annotation) is list else None


def _model(annotation: Any) -> type[BaseModel] | None:
    bare = _strip_annotated(annotation)
    return bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None


def _value_kind(annotation: Any) -> ValueKind:
    """The kind of value a column holds, from the field's type."""
    if get_origin(annotation) is Annotated and any(isinstance(m, PlainValidator) for m in get_args(annotation)[1:]):
        return "figure"  # a number or "*" (masked)
    bare = _strip_annotated(annotation)
    if get_origin(bare) is list:
        return "list"
    if get_origin(bare) is Literal:
        return "choice"
    simple: dict[Any, ValueKind] = {dt.date: "date", dt.datetime: "datetime", bool: "bool", int: "int",
                                    float: "number", str: "text"}
    if bare in simple:
        return simple[bare]
    if get_origin(bare) in (Union, types.UnionType) and set(get_args(bare)) - {type(None)} == {int, str}:
        return "int_or_text"  # an article number (102) or its text
    raise LayoutError(f"no workbook column for a field of type {annotation!r}")
