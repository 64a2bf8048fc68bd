"""Where a field of a record sits in its bundle file: the line and column of a field path in TOML or JSON, the
sheet and cell in a workbook.

Reports point into the submitted files (SARIF regions). The standard parsers give no positions, so each file is
scanned here once (cached) into a map from value paths (keys and array indices) to positions. A path not in the
file falls back to its nearest ancestor that is, then to line 1; an unreadable file gives no position.
"""
from __future__ import annotations

import functools
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from compliance.bundle.documents import workbook_kind
from compliance.bundle.workbook.read import read_workbook
from compliance.core import guard
from compliance.records.workbook.layout import layout

Key = tuple[str | int, ...]
_FIELD_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n\r#]")
_JSON_SCALAR_END = re.compile(r"[,\]}\s]")


class Position(NamedTuple):
    """A 1-based line, and a 1-based column in code points (None when only the line is known); in a workbook the
    row and column of the cell, with its sheet and name (C5)."""

    line: int
    column: int | None = None
    sheet: str = ""
    cell: str = ""


def locate(root: str, file: str, field_path: str, unit_id: str = "", line: int | None = None) -> Position | None:
    """The position of `field_path` in the bundle file `file` (relative to `root`), or None if the file is unreadable.

    A JSON Lines record's position is its line, given by the caller; a JSON file holding a list of units is searched
    in the unit whose id (or else name) is `unit_id`.
    """
    if file.endswith(".jsonl"):
        return Position(line) if line else None
    index = _index(root, file)
    if index is None:
        return None
    return index.find(field_parts(field_path), unit_id)


def field_parts(field_path: str) -> Key:
    """'workers[1].training_passed_on' -> ('workers', 1, 'training_passed_on')."""
    return tuple(int(number) if number else name for number, name in _FIELD_PART.findall(field_path))


@dataclass
class _Index:
    """Positions of the values of one file; a list of units also keeps which index holds which unit."""

    positions: dict[Key, Position]
    units: dict[str, int] = field(default_factory=dict)
    is_list: bool = False

    def find(self, parts: Key, unit_id: str) -> Position:
        """The position of the path, or of its nearest ancestor in the file, or line 1."""
        prefix: Key = ()
        if self.is_list:
            if unit_id not in self.units:
                return self.positions.get((), Position(1))
            prefix = (self.units[unit_id],)
        full = prefix + parts
        for size in range(len(full), -1, -1):
            if full[:size] in self.positions:
                return self.positions[full[:size]]
        return Position(1)


@functools.lru_cache(maxsize=32)
def _index(root: str, file: str) -> _Index | None:
    """Scan a bundle file once per run (reports point into the same file many times)."""
    if file.endswith(".xlsx"):
        return _workbook_index(Path(root), file)
    try:
        text = guard.read_text(Path(root) / file)
    except (OSError, UnicodeDecodeError, ValueError):  # guard.InputRejected too
        return None
    if file.endswith(".json"):
        return _json_index(text)
    if file.endswith(".toml"):
        scanner = _TomlScanner(text)
        scanner.run()
        return _Index(scanner.positions())
    return None


def _workbook_index(root: Path, file: str) -> _Index | None:
    """The cells of a workbook's records: each record's values by field path, the record at its first cell."""
    kind_name = workbook_kind(file)
    if kind_name is None:
        return None
    read = read_workbook(root / file, file, layout(kind_name))
    index = _Index({}, is_list=layout(kind_name).many)
    for number, (record, cells) in enumerate(zip(read.records, read.cells, strict=True)):
        prefix: Key = (number,) if index.is_list else ()
        index.positions.update({prefix + key: Position(cell.row, cell.column, cell.sheet, cell.cell)
                                for key, cell in cells.items()})
        index.units[f"[{number}]"] = number
        for key in ("name", "id"):  # an id wins over a name
            if isinstance(record.get(key), str):
                index.units[record[key]] = number
    first = next((position for key, position in index.positions.items() if len(key) <= 1), None)
    if first is not None:
        index.positions.setdefault((), first)
    return index


def _json_index(text: str) -> _Index:
    scanner = _JsonScanner(text)
    value = scanner.run()
    index = _Index(scanner.positions())
    if isinstance(value, list):
        index.is_list = True
        for key in ("name", "id"):  # an id wins over a name
            index.units.update({unit[key]: number for number, unit in reversed(list(enumerate(value)))
                                if isinstance(unit, dict) and isinstance(unit.get(key), str)})
    return index


class _Scanner:
    """Common ground of the two scanners: the text, a cursor, and the offsets found for each path."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.offsets: dict[Key, int] = {}

    def peek(self, size: int = 1) -> str:
        """The next characters ('' at the end)."""
        return self.text[self.pos:self.pos + size]

    def mark(self, path: Key, offset: int) -> None:
        """Remember where a path starts (its first mention wins)."""
        self.offsets.setdefault(path, offset)

    def skip(self, characters: str) -> None:
        """Move past any of these characters."""
        while self.pos < len(self.text) and self.text[self.pos] in characters:
            self.pos += 1

    def positions(self) -> dict[Key, Position]:
        """Offsets as lines and columns."""
        starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        out = {}
        for path, offset in self.offsets.items():
            line = bisect_right(starts, offset)
            out[path] = Position(line, offset - starts[line - 1] + 1)
        return out

    def string(self) -> str:
        """A quoted string (basic or literal, single- or multi-line); its value, escapes decoded where possible."""
        quote = self.peek()
        delimiter = quote * 3 if self.peek(3) == quote * 3 else quote
        start = self.pos
        self.pos += len(delimiter)
        while self.pos < len(self.text) and not self.text.startswith(delimiter, self.pos):
            if self.text[self.pos] == "\n" and len(delimiter) == 1:
                break
            self.pos += 2 if quote == '"' and self.text[self.pos] == "\\" else 1
        self.pos += len(delimiter)
        for _ in range(2 if len(delimiter) == 3 else 0):
            if self.peek() == quote:  # up to two quotes may end a multi-line string's content
                self.pos += 1
        return _decoded(self.text[start:self.pos], quote, len(delimiter))


def _decoded(token: str, quote: str, width: int) -> str:
    inner = token[width:-width] if len(token) >= 2 * width else token[width:]
    if quote == "'" or "\\" not in inner:
        return inner
    try:
        decoded: str = json.loads(f'"{inner}"')
    except ValueError:
        return inner
    return decoded


class _TomlScanner(_Scanner):
    """TOML: tables, arrays of tables (indexed per array), dotted and quoted keys, inline tables and arrays."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.counts: dict[Key, int] = {}

    def run(self) -> None:
        """Scan every statement; a malformed part ends the scan with what was found before it."""
        table: Key = ()
        try:
            while True:
                self.blank()
                if self.pos >= len(self.text):
                    return
                start = self.pos
                if self.peek() == "[":
                    table = self.header()
                else:
                    self.keyval(table)
                if self.pos == start:
                    return
        except (IndexError, ValueError, RecursionError):
            return

    def blank(self, newlines: bool = True) -> None:
        """Skip spaces and comments (and newlines)."""
        while self.pos < len(self.text):
            self.skip(" \t\r\n" if newlines else " \t")
            if self.peek() != "#":
                return
            end = self.text.find("\n", self.pos)
            self.pos = len(self.text) if end < 0 else end

    def header(self) -> Key:
        """[table] or [[array.of.tables]]: the concrete path of the table that follows."""
        start = self.pos
        array = self.peek(2) == "[["
        self.pos += 2 if array else 1
        keys = self.keys("]")
        self.pos += 2 if array else 1
        path = self.resolve(keys[:-1]) + keys[-1:]
        self.mark(path, start)
        if array:
            number = self.counts.get(path, 0)
            self.counts[path] = number + 1
            path += (number,)
            self.mark(path, start)
        return path

    def resolve(self, keys: Key) -> Key:
        """A table's parents: a parent that is an array of tables means its last element so far."""
        path: Key = ()
        for key in keys:
            path += (key,)
            if path in self.counts:
                path += (self.counts[path] - 1,)
        return path

    def keys(self, stop: str) -> Key:
        """A dotted key up to `stop`: its parts (bare or quoted)."""
        parts: list[str] = []
        while True:
            self.blank(newlines=False)
            if self.peek() in "\"'" and self.peek():
                parts.append(self.string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise ValueError("no key")
                parts.append(match.group())
                self.pos = match.end()
            self.blank(newlines=False)
            if self.peek() != ".":
                break
            self.pos += 1
        if self.peek() != stop[0]:
            raise ValueError("key not closed")
        return tuple(parts)

    def keyval(self, table: Key) -> None:
        """key = value, in a table or an inline table; the key (and each dotted prefix) starts where the key does."""
        start = self.pos
        keys = self.keys("=")
        self.pos += 1
        for size in range(1, len(keys) + 1):
            self.mark(table + keys[:size], start)
        self.blank(newlines=False)
        self.value(table + keys)

    def value(self, path: Key) -> None:
        """A value: strings, arrays (each item at its own line) and inline tables are walked; scalars skipped."""
        first = self.peek()
        if first in "\"'" and first:
            self.string()
        elif first == "[":
            self.items(path)
        elif first == "{":
            self.inline_table(path)
        else:
            match = _SCALAR_END.search(self.text, self.pos)
            self.pos = len(self.text) if match is None else match.start()

    def items(self, path: Key) -> None:
        """An inline array, on one line or several."""
        self.pos += 1
        number = 0
        while True:
            self.blank()
            if self.peek() in "]":
                self.pos += 1
                return
            self.mark(path + (number,), self.pos)
            self.value(path + (number,))
            number += 1
            self.blank()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise ValueError("array not closed")

    def inline_table(self, path: Key) -> None:
        """{ key = value, ... } (newlines tolerated, as TOML 1.1 allows)."""
        self.pos += 1
        while True:
            self.blank()
            if self.peek() in "}":
                self.pos += 1
                return
            self.keyval(path)
            self.blank()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise ValueError("inline table not closed")


class _JsonScanner(_Scanner):
    """JSON: every object member at its key, every array item at its first character."""

    def run(self) -> Any:
        """The file's value (for the ids of a list of units); a malformed part ends the scan."""
        try:
            self.skip(" \t\r\n")
            self.mark((), self.pos)
            return self.value(())
        except (IndexError, ValueError, RecursionError):
            return None

    def value(self, path: Key) -> Any:
        """One value, its members and items marked."""
        self.skip(" \t\r\n")
        first = self.peek()
        if first == "{":
            return self.members(path)
        if first == "[":
            return self.items(path)
        if first == '"':
            return self.string()
        match = _JSON_SCALAR_END.search(self.text, self.pos)
        end = len(self.text) if match is None else match.start()
        if end == self.pos:
            raise ValueError("no value")
        token, self.pos = self.text[self.pos:end], end
        return json.loads(token)

    def members(self, path: Key) -> dict[str, Any]:
        """An object."""
        out: dict[str, Any] = {}
        self.pos += 1
        while True:
            self.skip(" \t\r\n,")
            if self.peek() in "}":
                self.pos += 1
                return out
            start = self.pos
            if self.peek() != '"':
                raise ValueError("no key")
            key = self.string()
            self.mark(path + (key,), start)
            self.skip(" \t\r\n")
            if self.peek() != ":":
                raise ValueError("no colon")
            self.pos += 1
            out[key] = self.value(path + (key,))

    def items(self, path: Key) -> list[Any]:
        """An array."""
        out: list[Any] = []
        self.pos += 1
        while True:
            self.skip(" \t\r\n,")
            if self.peek() in "]":
                self.pos += 1
                return out
            self.mark(path + (len(out),), self.pos)
            out.append(self.value(path + (len(out),)))
