"""Reading one bundle file: TOML, JSON or a workbook (.xlsx) parsed, or an input error that says why not; how records are named."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from compliance.bundle.workbook.read import read_workbook
from compliance.core.problems import InputError
from compliance.records.kinds import kinds
from compliance.records.schema import CITY_FILES
from compliance.records.workbook.layout import layout

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def relative(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to the bundle, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_document(path: Path, root: Path, errors: list[InputError]) -> Any:
    """Parse one TOML or JSON file; on failure add an input error and return None."""
    name = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(InputError(name, "", "", f"无法读取文件（需 UTF-8 编码）：{exc}", f"cannot read file (UTF-8 expected): {exc}"))
        return None
    if not text.strip():
        errors.append(InputError(name, "", "", "文件为空，未检查", "empty file, nothing checked"))
        return None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return tomllib.loads(text)
    except json.JSONDecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列"
        errors.append(InputError(name, "", "", f"JSON 格式错误（{where}）：{exc.msg}，整个文件未检查",
                                 f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; file not checked",
                                 line=exc.lineno))
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_POSITION.search(str(exc))
        errors.append(InputError(name, "", "", f"TOML 格式错误：{exc}，整个文件未检查", f"malformed TOML: {exc}; file not checked",
                                 line=int(at.group(1)) if at else 0))
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        errors.append(InputError(name, "", "", f"文件无法解析：{reason}，整个文件未检查", f"cannot parse file: {reason}; file not checked"))
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
