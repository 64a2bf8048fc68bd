"""Enterprise record sources: files under enterprises/ and JSON Lines streams, read lazily, one record at a time."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compliance.inputs import InputError
from compliance.load import read_document, relative

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
        try:
            return json.loads(self.text), None
        except json.JSONDecodeError as exc:
            return None, InputError(
                self.file, self.position, "", f"第{self.line}行 JSON 格式错误（第{exc.colno}列）：{exc.msg}，该行未检查",
                f"line {self.line}: malformed JSON at column {exc.colno}: {exc.msg}; the line was not checked")
        except RecursionError:
            return None, InputError(self.file, self.position, "", f"第{self.line}行嵌套过深，该行未检查",
                                    f"line {self.line}: nested too deeply; the line was not checked")


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


def _lines(path: Path, root: Path) -> Iterator[RawRecord | InputError]:
    name = relative(path, root)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield InputError(name, "", "", f"无法读取文件：{exc}", f"cannot read file: {exc}")
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            position = f"line {number}"
            try:
                text = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield InputError(name, position, "", f"第{number}行不是 UTF-8 编码，该行未检查",
                                 f"line {number} is not UTF-8; the line was not checked")
                continue
            if text.strip():
                yield RawRecord(name, position, number, text=text)
