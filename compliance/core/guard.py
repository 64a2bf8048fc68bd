"""The guarded input boundary: every TOML, JSON and JSON Lines input is read and parsed here, within limits checked
before parsing (regular files only, size, nesting depth, dotted-key length), and its values checked after
(compliance.core.values): a hostile or broken file is an input error, never a crash, a hang or a flood of memory."""
from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any, BinaryIO, Literal

from compliance.core.problems import field_path, one_line
from compliance.core.values import MAX_DEPTH, OversizedNumber, bad_values

Syntax = Literal["toml", "json"]

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # one TOML or JSON file (a JSON Lines file is read a line at a time)
MAX_LINE_BYTES = 16 * 1024 * 1024  # one JSON Lines record
MAX_KEY_PARTS = 64  # parts of one dotted TOML key: a.b.c is 3 (tomllib needs memory quadratic in them)
MAX_INT_DIGITS = 4000  # below Python's own limit of int conversion (4,300 digits)


class InputRejected(ValueError):
    """An input refused at the boundary: why, in Chinese and English (one line each)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = one_line(zh)
        self.en = one_line(en)
        super().__init__(self.en)


def read_text(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """A regular file's UTF-8 text (a BOM is dropped), read only if at most limit bytes; OSError and
    UnicodeDecodeError pass through for the caller to word."""
    with open_regular(path) as handle:
        data: bytes = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data.decode("utf-8-sig")


def open_regular(path: Path) -> BinaryIO:
    """A binary handle on a regular file (no device, FIFO or folder: they could be read forever or block)."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise InputRejected("不是普通文件（设备、管道或文件夹），未读取", "not a regular file (a device, a pipe or a folder); not read")
    return open(path, "rb")


def _too_large(limit: int) -> InputRejected:
    megabytes = limit // (1024 * 1024)
    return InputRejected(f"文件超过 {megabytes} MB，未读取", f"larger than {megabytes} MB; not read")


def parse(text: str, syntax: Syntax) -> Any:
    """Parse a TOML text whose depth and key lengths were checked first, or a JSON text (its parser's time and
    memory are linear, its depth bounded by Python's limit; compliance.core.values refuses depth beyond MAX_DEPTH);
    TOMLDecodeError and JSONDecodeError pass through, every other refusal is an InputRejected."""
    if syntax == "toml":
        check_shape(text)
    try:
        if syntax == "json":
            return json.loads(text, parse_int=_json_int, parse_constant=float)
        return tomllib.loads(text)
    except RecursionError:
        raise InputRejected("嵌套过深", "nested too deeply") from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError):
        raise
    except ValueError as exc:  # a TOML integer beyond Python's conversion limit
        raise InputRejected(f"数值无法读取：{exc}", f"a value cannot be read: {exc}") from None


def load(path: Path, syntax: Syntax | None = None, limit: int = MAX_DOCUMENT_BYTES) -> Any:
    """A whole TOML or JSON file of settings (profile, scheme, pack, waivers…), read, parsed and its values checked:
    the first value no input may hold is an InputRejected naming its field. Decode errors pass through."""
    return checked(parse(read_text(path, limit), syntax or ("json" if path.suffix.lower() == ".json" else "toml")))


def checked(data: Any) -> Any:
    """data, if it holds no value an input may not hold; else an InputRejected naming the first such field."""
    bad = bad_values(data)
    if bad:
        where = field_path(bad[0].location) or "(root)"
        raise InputRejected(f"{where}：{bad[0].zh}", f"{where}: {bad[0].en}")
    return data


def parse_line(text: str, limit: int = MAX_LINE_BYTES) -> Any:
    """One JSON Lines record, within the limits of a line."""
    if len(text) > limit:
        raise InputRejected(f"该行超过 {limit // (1024 * 1024)} MB", f"the line is larger than {limit // (1024 * 1024)} MB")
    return parse(text, "json")


def _json_int(digits: str) -> int | OversizedNumber:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        return OversizedNumber(digits)
    return int(digits)


def check_shape(text: str) -> None:
    """Refuse a TOML text nested deeper than MAX_DEPTH or with a dotted key of more than MAX_KEY_PARTS parts, by a
    scan that skips strings and comments (tomllib's memory grows with the square of a dotted key's parts)."""
    bare = _TOML_SKIPPED.sub('""', text)
    depth = dots = 0
    for token in _STRUCTURE.findall(bare):
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InputRejected(f"嵌套超过 {MAX_DEPTH} 层", f"nested more than {MAX_DEPTH} levels deep")
        elif token in "]}":
            depth -= 1
        if token == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                raise InputRejected(f"键名超过 {MAX_KEY_PARTS} 段", f"a dotted key of more than {MAX_KEY_PARTS} parts")
        elif token != ".":
            dots = 0


_TOML_SKIPPED = re.compile(r'"""(?:[^\\]|\\.)*?""""?"?|\'\'\'.*?\'\'\'\'?\'?|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*',
                           re.DOTALL)
_STRUCTURE = re.compile(r"[\[\]{}.=,\n]")
