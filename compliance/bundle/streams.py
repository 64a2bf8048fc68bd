"""Enterprise record sources: files under enterprises/ and JSON Lines streams, read lazily, one record at a time."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from compliance.bundle.load import read_document, relative
from compliance.core.problems import InputError

ENTERPRISE_FOLDER = "enterprises"


@dataclass(frozen=True)
class RawRecord:
    """One enterprise as read, not yet parsed (JSONL) or validated: small enough to hand to a worker."""

    file: str
    position: str
    line: int | None = None
    text: str | None = None
    data: Any = None

    def parse(self) -> tuple[Any, InputError | None]:
        """The record's data, parsing a JSONL line if needed; a broken line gives an error naming its number."""
        if self.text is None:
            return self.data, None
        line = self.line or 0
        try:
            return json.loads(self.text.rstrip("\r\n")), None
        except json.JSONDecodeError as exc:
            return None, InputError(
                self.file, self.position, "", f"第{line}行 JSON 格式错误（第{exc.colno}列）：{exc.msg}，该行未检查",
                f"line {line}: malformed JSON at column {exc.colno}: {exc.msg}; the line was not checked", line=line)
        except RecursionError:
            return None, InputError(self.file, self.position, "", f"第{line}行嵌套过深，该行未检查",
                                    f"line {line}: nested too deeply; the line was not checked", line=line)


def enterprise_files(root: Path) -> list[Path]:
    """enterprises/*.toml|json|jsonl, then enterprises*.jsonl at the bundle root, each in name order."""
    folder = root / ENTERPRISE_FOLDER
    inside = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".toml", ".json", ".jsonl")) \
        if folder.is_dir() else []
    at_root = sorted(p for p in root.glob("enterprises*.jsonl") if p.is_file())
    return inside + at_root


def iter_enterprise_records(root: Path) -> Iterator[RawRecord | InputError]:
    """Every enterprise record of the bundle, in file and line order; unreadable files give one error each."""
    for path in enterprise_files(root):
        if path.suffix == ".jsonl":
            yield from _lines(path, root)
        else:
            yield from _document(path, root)


def _document(path: Path, root: Path) -> Iterator[RawRecord | InputError]:
    errors: list[InputError] = []
    document = read_document(path, root, errors)
    yield from errors
    if document is None:
        return
    name = relative(path, root)
    records = document if isinstance(document, list) else [document]
    for index, data in enumerate(records):
        yield RawRecord(name, f"[{index}]" if len(records) > 1 else "", data=data)


def _open(path: Path, name: str) -> BinaryIO | InputError:
    """A JSONL file opened for reading, or the error that says why it cannot be read."""
    try:
        return open(path, "rb")
    except OSError as exc:
        return InputError(name, "", "", f"无法读取文件：{exc}", f"cannot read file: {exc}")


def _lines(path: Path, root: Path) -> Iterator[RawRecord | InputError]:
    name = relative(path, root)
    handle = _open(path, name)
    if isinstance(handle, InputError):
        yield handle
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            yield from _line_record(name, number, raw_line)


def _line_record(name: str, number: int, raw_line: bytes) -> Iterator[RawRecord | InputError]:
    """One JSONL line as a record (blank lines are skipped; a line that is not UTF-8 is an error)."""
    position = f"line {number}"
    try:
        text = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        yield InputError(name, position, "", f"第{number}行不是 UTF-8 编码，该行未检查",
                         f"line {number} is not UTF-8; the line was not checked", line=number)
        return
    if text.strip():
        yield RawRecord(name, position, number, text=text)


@dataclass(frozen=True)
class LineRange:
    """Lines [first_line, ...) of a JSONL file between two byte offsets: what a worker reads by itself."""

    file: str
    path: str
    start: int
    end: int
    first_line: int

    def records(self) -> Iterator[RawRecord | InputError]:
        """The records of the range, read and decoded here (in the worker)."""
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            data = handle.read(self.end - self.start)
        for offset, raw_line in enumerate(data.splitlines(keepends=True)):
            yield from _line_record(self.file, self.first_line + offset, raw_line)


def line_ranges(path: Path, root: Path, lines_per_range: int) -> Iterator[LineRange | InputError]:
    """Cut a JSONL file into ranges of whole lines; only newlines are counted here, nothing is decoded."""
    name = relative(path, root)
    handle = _open(path, name)
    if isinstance(handle, InputError):
        yield handle
        return
    with handle:
        start, line, count, position = 0, 1, 0, 0
        for raw_line in handle:
            position += len(raw_line)
            count += 1
            if count == lines_per_range:
                yield LineRange(name, str(path), start, position, line)
                start, line, count = position, line + count, 0
        if count:
            yield LineRange(name, str(path), start, position, line)


def enterprise_tasks(root: Path, lines_per_range: int = 64) -> Iterator[LineRange | RawRecord | InputError]:
    """Enterprise records for workers: JSONL files as line ranges (the worker reads them), other files as records."""
    for path in enterprise_files(root):
        if path.suffix == ".jsonl":
            yield from line_ranges(path, root, lines_per_range)
        else:
            yield from _document(path, root)
