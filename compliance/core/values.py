"""What a parsed input may hold: valid Unicode text, finite numbers of a sane size, dates of a sane range. Each
value that may not is found with its location, so the reader reports it at its field and checks the rest."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 64  # tables and arrays (and the parts of a dotted key) nested in one another
MAX_MAGNITUDE = 10**15  # no count, amount, hour or percentage of a record comes near it
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
_NONCHARACTERS = ("\ufffe", "\uffff")
_BAD_TEXT = re.compile("[\ud800-\udfff\ufffe\uffff]")
Location = tuple[str | int, ...]


class OversizedNumber(str):
    """A JSON integer too long to convert: kept as its digits, to be reported at its field."""


@dataclass(frozen=True)
class BadValue:
    """A value refused at its location (a key refused is located at itself), in Chinese and English."""

    location: Location
    zh: str
    en: str


def text_problem(text: str) -> tuple[str, str] | None:
    """Why a text may not be used (a lone surrogate, U+FFFE or U+FFFF), or None."""
    if text.isascii():
        return None
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return (f"文本含有无效的 Unicode 字符（孤立代理 \\u{ord(char):04x}，第{index + 1}个字符）",
                    f"the text holds invalid Unicode (a lone surrogate \\u{ord(char):04x} at character {index + 1})")
        if char in _NONCHARACTERS:
            return (f"文本含有非字符 \\u{ord(char):04x}（第{index + 1}个字符）",
                    f"the text holds the noncharacter \\u{ord(char):04x} at character {index + 1}")
    return None


def day_problem(day: dt.date) -> tuple[str, str] | None:
    """Why a date may not be used (outside 1900-01-01…2199-12-31, where date arithmetic stays safe), or None."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return (f"日期 {day.isoformat()} 超出可用范围（{FIRST_DAY.year}–{LAST_DAY.year}年）",
            f"the date {day.isoformat()} is outside the usable range ({FIRST_DAY.year}–{LAST_DAY.year})")


def number_problem(value: Any) -> tuple[str, str] | None:
    """Why a number may not be used (not finite, or beyond ±10^15), or None."""
    if isinstance(value, OversizedNumber):
        return (f"数值过大（{len(value.lstrip('-'))} 位数字）", f"the number is too large ({len(value.lstrip('-'))} digits)")
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"数值无效（{value!r}）", f"not a finite number ({value!r})"
    if isinstance(value, (int, float)) and abs(value) > MAX_MAGNITUDE:
        shown = f"{value:.3g}" if isinstance(value, float) else f"{len(str(abs(value)))} 位"
        shown_en = f"{value:.3g}" if isinstance(value, float) else f"{len(str(abs(value)))} digits"
        return f"数值过大（绝对值超过 10^15，实际为 {shown}）", f"the number is too large (beyond ±10^15, got {shown_en})"
    return None


def _problem(value: Any) -> tuple[str, str] | None:
    if isinstance(value, str):
        return number_problem(value) if isinstance(value, OversizedNumber) else text_problem(value)
    if isinstance(value, dt.date):
        return day_problem(value)
    if isinstance(value, (int, float)):
        return number_problem(value)
    return None


def bad_values(data: Any) -> list[BadValue]:
    """Every value (and key) of a parsed document that may not be used, with its location, in document order
    (a value nested deeper than MAX_DEPTH is one of them)."""
    return [] if _all_fine(data) else list(_walk(data))


def _all_fine(data: Any) -> bool:
    """The quick look that almost every record passes: no location is kept (_walk finds them if this fails)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    pop, push, search = stack.pop, stack.append, _BAD_TEXT.search
    while stack:
        node, depth = pop()
        if depth > MAX_DEPTH:
            return False
        is_dict = type(node) is dict
        if is_dict and not all(type(key) is str and (key.isascii() or not search(key)) for key in node):
            return False
        for value in node.values() if is_dict else node:
            kind = type(value)
            if kind is str:
                if not value.isascii() and search(value):
                    return False
            elif kind is dict or kind is list:
                push((value, depth + 1))
            elif kind is int or kind is float:
                if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:  # NaN fails every comparison
                    return False
            elif kind is dt.date:
                if not FIRST_DAY <= value <= LAST_DAY:
                    return False
            elif kind is not bool and value is not None:
                return False
    return True


def _walk(data: Any) -> Iterator[BadValue]:
    stack: list[tuple[Location, Any]] = [((), data)]
    while stack:
        location, node = stack.pop()
        if len(location) > MAX_DEPTH and isinstance(node, (dict, list)):
            yield BadValue(location, f"嵌套超过 {MAX_DEPTH} 层", f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(node, dict):
            children = list(node.items())
            for key, _ in children:
                problem = _problem(key) if isinstance(key, str) else None
                if problem is not None:
                    yield BadValue(location + (key,), *_about_key(problem))
            stack.extend((location + (key,), child) for key, child in reversed(children)
                         if not isinstance(key, str) or text_problem(key) is None)
        elif isinstance(node, list):
            stack.extend((location + (index,), child) for index, child in reversed(list(enumerate(node))))
        else:
            problem = _problem(node)
            if problem is not None:
                yield BadValue(location, *problem)


def _about_key(problem: tuple[str, str]) -> tuple[str, str]:
    return f"字段名{problem[0]}", f"a field name: {problem[1]}"
