"""Reading one bundle file: TOML, JSON or a workbook (.xlsx) parsed, or an input error that says why not; how records are named."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from compliance.bundle.workbook.read import read_workbook
from compliance.core import guard
from compliance.core.problems import InputError, printable
from compliance.records.kinds import kinds
from compliance.records.schema import CITY_FILES
from compliance.records.workbook.layout import layout

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def relative(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to the bundle, with forward slashes (a name that is not UTF-8 shown
    escaped: its bytes come in as lone surrogates, which no report could encode)."""
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        return printable(path.as_posix())


def read_document(path: Path, root: Path, errors: list[InputError]) -> Any:
    """Parse one TOML or JSON file through the guarded boundary; on failure add an input error and return None."""
    name = relative(path, root)
    try:
        text = guard.read_text(path)
    except guard.InputRejected as exc:
        errors.append(InputError(name, "", "", exc.zh, exc.en))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(InputError(name, "", "", f"无法读取文件（需 UTF-8 编码）：{exc}", f"cannot read file (UTF-8 expected): {exc}"))
        return None
    if not text.strip():
        errors.append(InputError(name, "", "", "文件为空，未检查", "empty file, nothing checked"))
        return None
    try:
        return guard.parse(text, "json" if path.suffix.lower() == ".json" else "toml")
    except json.JSONDecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列"
        errors.append(InputError(name, "", "", f"JSON 格式错误（{where}）：{exc.msg}，整个文件未检查",
                                 f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; file not checked",
                                 line=exc.lineno))
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_POSITION.search(str(exc))
        errors.append(InputError(name, "", "", f"TOML 格式错误：{exc}，整个文件未检查", f"malformed TOML: {exc}; file not checked",
                                 line=int(at.group(1)) if at else 0))
    except guard.InputRejected as exc:
        errors.append(InputError(name, "", "", f"{exc.zh}，整个文件未检查", f"{exc.en}; file not checked"))
    return None


def record_label(raw: dict[str, Any], where: str) -> str:
    """How a record is named in errors: its id, else its name, else its position in the file."""
    for key in ("id", "name"):
        value = raw.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return where


def read_records(path: Path, root: Path, errors: list[InputError]) -> list[Any] | None:
    """The records of one file: a TOML or JSON file's record (or list of records), or a workbook's records; None
    (and an input error) if the file cannot be read."""
    if path.suffix == ".xlsx":
        name = relative(path, root)
        kind_name = workbook_kind(name)
        if kind_name is None:
            errors.append(InputError(name, "", "", "不知道此工作簿的记录类别，未读取", "no record kind for this workbook; not read"))
            return None
        read = read_workbook(path, name, layout(kind_name))
        errors.extend(read.errors)
        return read.records
    document = read_document(path, root, errors)
    if document is None:
        return None
    return document if isinstance(document, list) else [document]


def workbook_kind(file: str) -> str | None:
    """The kind of records a bundle's workbook holds, from where it lies: departments/x.xlsx, city/directives.xlsx."""
    folder, _, rest = file.partition("/")
    for kind in kinds():
        if kind.folder == folder and kind.reading != "city" and "/" not in rest:
            return kind.name
        if kind.folder == folder and kind.reading == "city" and rest.removesuffix(".xlsx") in CITY_FILES:
            return rest.removesuffix(".xlsx")
    return None
