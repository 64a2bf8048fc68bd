"""Serialize record documents as TOML or JSON (the bundle formats), deterministically."""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Mapping
from json.encoder import encode_basestring as _json_string
from typing import Any


def to_json(document: Mapping[str, Any]) -> str:
    """JSON text of a document: None values left out, dates as 'YYYY-MM-DD', one list item per line."""
    lines = []
    for key, value in _prune(document).items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {_json(item)}" for item in value)
            lines.append(f"  {_json(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {_json(key)}: {_json(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n" if lines else "{}\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _prune(item) if isinstance(item, (dict, list)) else item
                for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_prune(item) if isinstance(item, (dict, list)) else item for item in value]
    return value


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default)


def to_json_line(document: Mapping[str, Any]) -> str:
    """One compact JSON Lines record with its newline: None values left out, dates as 'YYYY-MM-DD', UTF-8 kept."""
    return _LINE_ENCODER.encode(_prune(document)) + "\n"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def to_toml(document: Mapping[str, Any]) -> str:
    """TOML text of a document of tables, arrays, strings, ints, floats, bools and dates (None = left out)."""
    lines: list[str] = []
    _table(lines, "", document)
    return "\n".join(lines).lstrip("\n") + "\n"


def _table(lines: list[str], path: str, table: Mapping[str, Any]) -> None:
    nested = []
    for key, value in table.items():
        kind = type(value)
        if kind is str:
            lines.append(f"{toml_key(key)} = {toml_string(value)}")
        elif value is None:
            continue
        elif kind is dict or (kind is list and value and _all_tables(value)):
            nested.append((key, value))
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    for key, value in nested:
        header = f"{path}.{toml_key(key)}" if path else toml_key(key)
        if type(value) is dict:
            lines += ("", f"[{header}]")
            _table(lines, header, value)
            continue
        for item in value:
            lines += ("", f"[[{header}]]")
            _table(lines, header, item)


def _all_tables(items: list[Any]) -> bool:
    return type(items[0]) is dict and all(type(item) is dict for item in items)


@functools.lru_cache(maxsize=4096)
def toml_key(key: str) -> str:
    """A bare key where TOML allows one, else a quoted key."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_string(text: str) -> str:
    """A TOML basic string with quotes, backslashes and control characters escaped."""
    quoted: str = _json_string(text)  # JSON's escapes are all valid TOML escapes; TOML also bars DEL
    return quoted.replace("\x7f", "\\u007F") if "\x7f" in text else quoted


def toml_value(value: Any) -> str:
    """An inline TOML value."""
    kind = type(value)
    if kind is str:
        return toml_string(value)
    if kind is int:
        return str(value)
    if kind is dt.date:
        return dt.date.isoformat(value)
    if kind is list:
        return "[" + ", ".join(map(toml_value, value)) + "]"
    return _toml_other(value)


def _toml_other(value: Any) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _toml_float(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, Mapping):
        pairs = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + pairs + " }" if pairs else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)
