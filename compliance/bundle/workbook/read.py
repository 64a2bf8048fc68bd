"""Read a workbook of records (openpyxl read-only, cached values of formulas): the same raw records as the TOML
version, where each value came from (sheet and cell), and every cell or row that could not be read."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from compliance.bundle.workbook.cells import CellProblem, cell_value, normalised
from compliance.core.problems import InputError, Severity, did_you_mean, field_path
from compliance.records.workbook.layout import Column, Layout, Link, Sheet

Key = tuple[str | int, ...]
HEADER_ROWS_SEARCHED = 6
GUIDE_SHEETS = ("填表说明", "选项")
EXAMPLE_MARK = "示例"  # column A of a template's example row
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Cell:
    """Where a value was: sheet, cell (C5), row and column."""

    sheet: str
    cell: str
    row: int
    column: int


@dataclass
class WorkbookRecords:
    """The records of a workbook, each with the cells its values came from, and the problems met reading it."""

    records: list[dict[str, Any]] = field(default_factory=list)
    cells: list[dict[Key, Cell]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


@dataclass
class _Pending:
    """A cell problem waiting for its record's label (known once every row is read)."""

    record: int
    location: Key
    problem: CellProblem
    cell: Cell


def read_workbook(path: Path, name: str, layout: Layout) -> WorkbookRecords:
    """Every record of the workbook at path (shown as name) laid out as `layout`; problems name sheet and cell."""
    out = WorkbookRecords()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, BadZipFile, KeyError, ValueError) as exc:
        out.errors.append(InputError(name, "", "", f"无法读取工作簿（需 .xlsx 格式）：{exc}，整个文件未检查",
                                     f"cannot read the workbook (.xlsx expected): {exc}; file not checked"))
        return out
    try:
        _Reader(name, layout, out).read(book)
    finally:
        book.close()
    return out


class _Reader:
    """One workbook's sheets read in layout order (a parent list before the lists within its items)."""

    def __init__(self, name: str, layout: Layout, out: WorkbookRecords) -> None:
        self.name, self.layout, self.out = name, layout, out
        self.pending: list[_Pending] = []
        self.by_id: dict[str, int] = {}
        if not layout.many:
            out.records.append({})
            out.cells.append({})

    def read(self, book: Any) -> None:
        """Read the layout's sheets present in the book; warn of the sheets it does not know."""
        known = {sheet.name for sheet in self.layout.sheets}
        for title in book.sheetnames:
            if title not in known and title not in GUIDE_SHEETS:
                self.out.errors.append(_at(self.name, "", "", (f"未知的工作表“{title}”，未读取{_zh_hint(title, known)}",
                                           f"unknown sheet '{title}', not read{did_you_mean(title, known)}"),
                                           title, 0, 0, "warning"))
        for sheet in self.layout.sheets:
            if sheet.name in book.sheetnames:
                self._sheet(sheet, book[sheet.name].iter_rows(values_only=True))
        for pending in self.pending:
            self.out.errors.append(self._cell_error(pending))
        order = {sheet.name: number for number, sheet in enumerate(self.layout.sheets)}
        self.out.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.line, e.column))

    def _sheet(self, sheet: Sheet, rows: Iterator[tuple[Any, ...]]) -> None:
        head = [list(row) for _, row in zip(range(HEADER_ROWS_SEARCHED), rows, strict=False)]
        found = _header(sheet, head)
        if found is None:
            self.out.errors.append(_at(self.name, "", "", (f"工作表“{sheet.name}”找不到表头（列名），该表未读取",
                                       f"sheet '{sheet.name}': no header row found; the sheet was not read"),
                                       sheet.name, 1, 1))
            return
        header_row, columns = found
        self._unknown_columns(sheet, head[header_row - 1], columns, header_row)
        missing = [link for link in sheet.links if link not in columns.values()]
        if missing:
            self.out.errors.append(_at(self.name, "", "", (
                f"工作表“{sheet.name}”缺少列“{missing[0].header()}”，该表未读取",
                f"sheet '{sheet.name}' lacks the column '{missing[0].label.en}'; the sheet was not read"),
                sheet.name, header_row, 1))
            return
        start = header_row + (1 if header_row < len(head) and _is_key_row(sheet, head[header_row]) else 0)
        for number, row in enumerate((*head[start:], *rows), start=start + 1):
            if not any(_blank(value) is not None for value in row):
                continue
            if row and isinstance(row[0], str) and row[0].strip().startswith(EXAMPLE_MARK):
                self.out.errors.append(_at(self.name, "", "", ("示例行，未读取", "an example row, not read"),
                                           sheet.name, number, 1, "warning"))
                continue
            self._row(sheet, columns, number, row)

    def _unknown_columns(self, sheet: Sheet, header: list[Any], columns: dict[int, Column | Link], row: int) -> None:
        known = [column.header() for column in sheet.columns]
        for index, value in enumerate(header):
            if _blank(value) is not None and index not in columns:
                text = str(value).strip()
                self.out.errors.append(_at(self.name, "", "", (
                    f"未知的列“{text}”，已忽略{_zh_hint(text, known)}",
                    f"unknown column '{text}', ignored{did_you_mean(text, known)}"), sheet.name, row, index + 1,
                    "warning"))

    def _row(self, sheet: Sheet, columns: dict[int, Column | Link], number: int, row: Sequence[Any]) -> None:
        """One data row: the item it holds, put under the record (and item) its link columns name."""
        links = {col.key: (_link_text(row, index), index) for index, col in columns.items() if isinstance(col, Link)}
        if not sheet.path:
            record = self._new_record(row, columns)
            target: dict[str, Any] = self.out.records[record]
            location: Key = ()
        else:
            placed = self._place(sheet, links, number)
            if placed is None:
                return
            record, target, location = placed
        cells = self.out.cells[record]
        cells[location] = Cell(sheet.name, f"A{number}", number, 1)
        for index, column in columns.items():
            if isinstance(column, Link) or index >= len(row) or _blank(row[index]) is None:
                continue
            cell = Cell(sheet.name, f"{get_column_letter(index + 1)}{number}", number, index + 1)
            where = (*location, *column.parts)
            cells[where] = cell
            try:
                value = cell_value(row[index], column)
            except CellProblem as problem:
                self.pending.append(_Pending(record, where, problem, cell))
                continue
            _put(target, column.parts, value)

    def _new_record(self, row: Any, columns: dict[int, Column | Link]) -> int:
        self.out.records.append({})
        self.out.cells.append({})
        index = len(self.out.records) - 1
        ident = next((_link_text(row, i) for i, col in columns.items() if isinstance(col, Column) and col.key == "id"), "")
        if ident and ident not in self.by_id:
            self.by_id[ident] = index
        return index

    def _place(self, sheet: Sheet, links: dict[str, tuple[str, int]],
               number: int) -> tuple[int, dict[str, Any], Key] | None:
        """The record and the list a row's item joins, from its link columns; an error at the row if none."""
        record = 0
        if self.layout.many:
            ident, index = links["^id"]
            if ident not in self.by_id:
                self._row_error(sheet, number, index, ident, f"编号“{ident}”在基本信息表中没有",
                                f"id '{ident}' is not in the 基本信息 sheet")
                return None
            record = self.by_id[ident]
        node: Any = self.out.records[record]
        location: Key = ()
        depth = 0
        for link in sheet.links:
            if not link.level:
                continue
            ident, index = links[link.key]
            items = _get(node, link.level[depth:])
            location += (*link.level[depth:],)
            position = _position(items, ident, link.by_position)
            if position is None:
                self._row_error(sheet, number, index, ident, f"{link.header()}“{ident}”不存在",
                                f"{link.label.en} '{ident}' does not exist")
                return None
            node, location, depth = items[position], (*location, position), len(link.level)
        items = _get(node, sheet.path[depth:], create=True)
        location += (*sheet.path[depth:], len(items))
        items.append({})
        return record, items[-1], location

    def _row_error(self, sheet: Sheet, number: int, index: int, ident: str, zh: str, en: str) -> None:
        self.out.errors.append(_at(self.name, ident, "", (f"{zh}，该行未读取", f"{en}; the row was not read"),
                                   sheet.name, number, index + 1))

    def _cell_error(self, pending: _Pending) -> InputError:
        raw = self.out.records[pending.record]
        label = _record_label(raw, pending.record, len(self.out.records))
        return _at(self.name, label, field_path(pending.location), (pending.problem.zh + "，按未提供处理",
                   pending.problem.en + "; treated as not provided"), pending.cell.sheet, pending.cell.row,
                   pending.cell.column)


def _at(name: str, record: str, field: str, text: tuple[str, str], sheet: str, row: int, column: int,
        severity: Severity = "error") -> InputError:
    """An input problem at a cell of a sheet (row and column 1-based; column 0: the whole row, named at A)."""
    cell = f"{get_column_letter(max(column, 1))}{row}" if row else ""
    return InputError(name, record, field, text[0], text[1], severity, row, column, sheet, cell)


def _position(items: list[Any], ident: str, by_position: bool) -> int | None:
    """Which item a link names: by its id, or by its place among the record's items (1 the first)."""
    if by_position:
        number = int(ident) - 1 if ident.isdigit() else -1
        return number if 0 <= number < len(items) else None
    return next((i for i, item in enumerate(items) if isinstance(item, dict) and normalised(str(item.get("id"))) == ident),
                None)


def _record_label(raw: dict[str, Any], index: int, count: int) -> str:
    for key in ("id", "name"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return f"[{index}]" if count > 1 else ""


def _header(sheet: Sheet, head: list[list[Any]]) -> tuple[int, dict[int, Column | Link]] | None:
    """The header row (1-based) and which column holds what: the row among the first few that names most columns."""
    names: dict[str, Column | Link] = {}
    for column in sheet.heads():
        for text in (column.header(), column.label.zh, column.key):
            names.setdefault(_header_text(text), column)
    best: tuple[int, dict[int, Column | Link]] | None = None
    for number, row in enumerate(head, start=1):
        found = {index: names[_header_text(value)] for index, value in enumerate(row)
                 if _blank(value) is not None and _header_text(value) in names}
        if found and (best is None or len(found) > len(best[1])):
            best = (number, found)
    return best


def _is_key_row(sheet: Sheet, row: list[Any]) -> bool:
    """Whether a row under the header is the template's row of field keys."""
    keys = {column.key for column in sheet.heads()}
    texts = [str(value).strip() for value in row if _blank(value) is not None]
    return bool(texts) and all(text in keys for text in texts)


def _header_text(value: Any) -> str:
    return _SPACES.sub("", normalised(str(value))).lstrip("*")


def _blank(value: Any) -> Any:
    """None for an empty cell (or one holding only spaces), else the value."""
    if value is None or (isinstance(value, str) and not value.strip().strip("\u3000")):
        return None
    return value


def _link_text(row: Any, index: int) -> str:
    value = row[index] if index < len(row) else None
    if _blank(value) is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalised(str(value))


def _get(node: dict[str, Any], path: tuple[str, ...], create: bool = False) -> list[Any]:
    for part in path[:-1]:
        node = node.setdefault(part, {}) if create else node.get(part, {})
    items = node.setdefault(path[-1], []) if create else node.get(path[-1], [])
    return items if isinstance(items, list) else []


def _put(target: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _zh_hint(name: str, candidates: Any) -> str:
    return did_you_mean(name, candidates).replace("did you mean", "是否应为")
