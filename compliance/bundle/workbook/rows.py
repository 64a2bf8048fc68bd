"""Records laid out as the rows of their workbook's sheets (link columns first), and what a workbook cannot hold."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from compliance.bundle.workbook.cells import written_value
from compliance.core.problems import field_path
from compliance.records.workbook.layout import Layout, Sheet

Row = list[Any]


@dataclass
class SheetRows:
    """Each sheet's rows, and the parts of the records no cell can hold (unknown fields, empty tables)."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)


def sheet_rows(layout: Layout, records: list[dict[str, Any]]) -> SheetRows:
    """The rows of every sheet for these records (plain dicts, as a TOML or JSON file holds them)."""
    out = SheetRows({sheet.name: [] for sheet in layout.sheets})
    for number, record in enumerate(records):
        label = str(record.get("id") or f"[{number}]")
        for sheet in layout.sheets:
            for links, item in _items(record, sheet, layout.many):
                out.rows[sheet.name].append([*links, *(written_value(_get(item, column.parts), column)
                                                       for column in sheet.columns)])
        out.lost.extend(f"{label}: {path}" for path in _unheld(layout, record))
    return out


def _items(record: dict[str, Any], sheet: Sheet, many: bool) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """The items of a sheet's list in a record, with the values of their link columns."""
    if not sheet.path:
        yield [], record
        return
    parents = [link for link in sheet.links if link.level]
    levels = [link.level for link in parents]
    start: list[tuple[list[Any], dict[str, Any]]] = [([record.get("id")] if many else [], record)]
    for depth, level in enumerate([*levels, sheet.path]):
        previous = levels[depth - 1] if depth else ()
        nxt = []
        for links, node in start:
            for position, item in enumerate(_list_at(node, level[len(previous):]), start=1):
                link = position if depth < len(parents) and parents[depth].by_position else item.get("id")
                nxt.append(([*links, link] if level != sheet.path else links, item))
        start = nxt
    yield from start


def _list_at(node: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    value: Any = node
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _get(item: dict[str, Any], parts: tuple[str, ...]) -> Any:
    value: Any = item
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _unheld(layout: Layout, record: dict[str, Any]) -> Iterator[str]:
    """The fields of a record that no cell holds: unknown fields, and tables without a value (a blank row is none)."""
    sheets = {sheet.path for sheet in layout.sheets}
    kept = {sheet.path for sheet in layout.sheets if not sheet.empty_differs}
    columns = {(*sheet.path, *column.parts) for sheet in layout.sheets for column in sheet.columns}
    yield from _walk(record, (), (), sheets, columns, kept)


def _walk(node: dict[str, Any], path: tuple[str, ...], location: tuple[str | int, ...],
          sheets: set[tuple[str, ...]], columns: set[tuple[str, ...]], kept: set[tuple[str, ...]]) -> Iterator[str]:
    for name, value in node.items():
        here, where = (*path, name), (*location, name)
        if value == [] and here in sheets:
            if here not in kept:
                yield f"{field_path(where)}（空列表，工作簿中无法表示 / an empty list cannot be held）"
            continue
        if isinstance(value, dict):
            if not value:
                yield f"{field_path(where)}（空表，工作簿中无法表示 / an empty table cannot be held）"
            yield from _walk(value, here, where, sheets, columns, kept)
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value) and here in sheets:
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _walk(item, here, (*where, index), sheets, columns, kept)
        elif here not in columns:
            yield f"{field_path(where)}（未知字段 / unknown field）"
