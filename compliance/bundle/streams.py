"""Records of the stream kinds (enterprises): files under the kind's folder and JSON Lines streams, read lazily, one
record at a time, so that a city's enterprises never sit in memory; each validated where it is checked."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from pydantic import BaseModel

from compliance.bundle.crossref import duplicate_item_ids
from compliance.bundle.documents import read_records, record_label, relative
from compliance.bundle.load import Bundle, claimed_ids, has_content, stream_files
from compliance.bundle.validate import validate_record
from compliance.core import guard, stages
from compliance.core.problems import InputError
from compliance.records.kinds import UnitKind, UnitRecord, kind, kinds


@dataclass(frozen=True)
class RawRecord:
    """One record as read, not yet parsed (JSONL) or validated: small enough to hand to a worker."""

    kind: str
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
            return guard.parse_line(self.text.rstrip("\r\n")), None
        except json.JSONDecodeError as exc:
            return None, InputError(
                self.file, self.position, "", f"第{line}行 JSON 格式错误（第{exc.colno}列）：{exc.msg}，该行未检查",
                f"line {line}: malformed JSON at column {exc.colno}: {exc.msg}; the line was not checked", line=line)
        except guard.InputRejected as exc:
            return None, InputError(self.file, self.position, "", f"第{line}行{exc.zh}，该行未检查",
                                    f"line {line}: {exc.en}; the line was not checked", line=line)


def iter_records(root: Path, unit_kind: UnitKind) -> Iterator[RawRecord | InputError]:
    """Every record of a stream kind, in file and line order; unreadable files give one error each."""
    for path in stream_files(root, unit_kind):
        if path.suffix == ".jsonl":
            yield from _empty_stream(path, root)
            yield from _lines(path, root, unit_kind.name)
        else:
            yield from _document(path, root, unit_kind.name)


def _empty_stream(path: Path, root: Path) -> Iterator[InputError]:
    """A warning for a JSON Lines file with no record (its records may have been lost on the way)."""
    if not has_content(path):
        yield InputError(relative(path, root), "", "", "文件为空，没有任何记录", "the file is empty: no record in it",
                         "warning")


def _document(path: Path, root: Path, kind_name: str) -> Iterator[RawRecord | InputError]:
    errors: list[InputError] = []
    records = read_records(path, root, errors)
    yield from errors
    if records is None:
        return
    name = relative(path, root)
    for index, data in enumerate(records):
        yield RawRecord(kind_name, name, f"[{index}]" if len(records) > 1 else "", data=data)


def _open(path: Path, name: str) -> BinaryIO | InputError:
    """A JSONL file opened for reading, or the error that says why it cannot be read."""
    try:
        return guard.open_regular(path)
    except guard.InputRejected as exc:
        return InputError(name, "", "", exc.zh, exc.en)
    except OSError as exc:
        return InputError(name, "", "", f"无法读取文件：{exc}", f"cannot read file: {exc}")


def _lines(path: Path, root: Path, kind_name: str) -> Iterator[RawRecord | InputError]:
    name = relative(path, root)
    handle = _open(path, name)
    if isinstance(handle, InputError):
        yield handle
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            yield from _line_record(kind_name, name, number, raw_line)


def _line_record(kind_name: str, name: str, number: int, raw_line: bytes) -> Iterator[RawRecord | InputError]:
    """One JSONL line as a record (blank lines are skipped; a line that is not UTF-8 is an error)."""
    position = f"line {number}"
    try:
        text = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        yield InputError(name, position, "", f"第{number}行不是 UTF-8 编码，该行未检查",
                         f"line {number} is not UTF-8; the line was not checked", line=number)
        return
    if text.strip():
        yield RawRecord(kind_name, name, position, number, text=text)


@dataclass(frozen=True)
class LineRange:
    """Lines [first_line, ...) of a JSONL file between two byte offsets: what a worker reads by itself."""

    kind: str
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
            yield from _line_record(self.kind, self.file, self.first_line + offset, raw_line)


def line_ranges(path: Path, root: Path, lines_per_range: int, kind_name: str) -> Iterator[LineRange | InputError]:
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
                yield LineRange(kind_name, name, str(path), start, position, line)
                start, line, count = position, line + count, 0
        if count:
            yield LineRange(kind_name, name, str(path), start, position, line)


def record_tasks(root: Path, unit_kind: UnitKind,
                 lines_per_range: int = 64) -> Iterator[LineRange | RawRecord | InputError]:
    """A stream kind's records for workers: JSONL files as line ranges (the worker reads them), other files as
    records."""
    for path in stream_files(root, unit_kind):
        if path.suffix == ".jsonl":
            yield from _empty_stream(path, root)
            yield from line_ranges(path, root, lines_per_range, unit_kind.name)
        else:
            yield from _document(path, root, unit_kind.name)


def read_record(raw: RawRecord, model: type[BaseModel] | None = None) -> tuple[UnitRecord | None, list[InputError]]:
    """Parse (a JSONL line) and validate one record of its kind (or against `model`, a part of it): the model (None
    if unusable) and the problems."""
    started = stages.clock()
    data, error = raw.parse()
    started = stages.lap("read", started)
    if error is not None:
        return None, [error]
    if not isinstance(data, dict) or not data:
        what = ("记录应为非空的表（对象），未检查", "a record must be a non-empty table (object); not checked")
        return None, [InputError(raw.file, raw.position, "", *what)]
    label = record_label(data, "")
    record = line_label(label, raw.line) if label or raw.line is None else raw.position
    validated = validate_record(model or kind(raw.kind).record, data, raw.file, record)
    if validated.model is not None and model is None:
        validated.errors.extend(duplicate_item_ids(validated.model, raw.file, record, validated.path))
    problems = [dataclasses.replace(e, line=raw.line or 0) for e in validated.errors]
    stages.lap("validate", started)
    return cast(UnitRecord | None, validated.model), problems


def line_label(label: str, line: int | None) -> str:
    """A streamed record's name in errors: its id (or name), with the line of a JSONL file."""
    return f"{label} (line {line})" if line is not None else label


def validate_streams(bundle: Bundle) -> tuple[int, list[InputError]]:
    """Read and validate every streamed record of a loaded bundle (what `compliance validate` does): how many
    records the bundle holds in all, and every input problem, the bundle's own first."""
    records, problems = bundle.records_read, list(bundle.input_errors)
    ids = claimed_ids(bundle)
    for stream_kind in kinds().reading("stream"):
        for item in iter_records(bundle.root, stream_kind):
            if isinstance(item, InputError):
                problems.append(item)
                continue
            records += 1
            record, found = read_record(item)
            problems.extend(found)
            duplicate = ids.claim(record.id, item.file, item.line) if record is not None else None
            problems.extend([duplicate] if duplicate is not None else [])
    return records, problems
