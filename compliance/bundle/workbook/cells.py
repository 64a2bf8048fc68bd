"""What clerks really type into a cell, read as the value its column holds: 是/否/√/×, dates as Excel dates or text
(2022-03-01, 2022/3/1, 2022.3.1, 2022年3月1日), numbers stored as text, full-width digits and spaces."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from openpyxl.utils.datetime import from_excel

from compliance.records.workbook.layout import LIST_SEPARATOR, Column

_TRUE = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "对"}
_FALSE = {"否", "×", "✗", "✘", "x", "n", "no", "false", "0", "无", "不是"}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_LIST_SPLIT = re.compile(r"[；;\n]")
_TIME = re.compile(r"(.+?)(?:[T\s]+|(?<=日))(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*(?:[:：分]\s*(\d{1,2})\s*秒?)?\s*分?")
EMPTY_LIST = "无"  # a list given empty, where that is not the same as not given
_MASKED = ("*", "＊")


class CellProblem(Exception):
    """A cell that cannot be read as its column's value: what is wrong, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.zh, self.en = zh, en


def normalised(text: str) -> str:
    """Full-width digits, letters and spaces as their half-width forms; surrounding spaces removed."""
    return unicodedata.normalize("NFKC", text).strip()


def cell_value(value: Any, column: Column) -> Any:
    """The value of a non-blank cell for its column (None when blank); CellProblem when it cannot be read."""
    if isinstance(value, str):
        value = value.strip().strip("\u3000")
        if not value:
            return None
    reader = _READERS[column.kind]
    return reader(value, column)


def _text(value: Any, column: Column) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _excel_serial(value: Any) -> dt.datetime | None:
    """An Excel date serial (a number in a date cell whose format was lost) as its date and time; None otherwise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        converted = from_excel(value)
        if isinstance(converted, dt.datetime):
            return converted
    return None


def _date(value: Any, column: Column) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    serial = _excel_serial(value)
    if serial is not None:
        return serial.date()
    text = normalised(str(value))
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise CellProblem(f"日期格式错误：{text!r} 不是有效日期（可写 2022-03-01、2022/3/1、2022.3.1、2022年3月1日）",
                      f"bad date: {text!r} is not a valid date (write 2022-03-01, 2022/3/1, 2022.3.1 or 2022年3月1日)")


def _datetime(value: Any, column: Column) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    serial = _excel_serial(value)
    if serial is not None:
        return serial
    text = normalised(str(value))
    match = _TIME.fullmatch(text)
    if match:
        try:
            day = _date(match.group(1), column)
            return dt.datetime(day.year, day.month, day.day, int(match.group(2)), int(match.group(3)),
                               int(match.group(4) or 0))
        except (CellProblem, ValueError):
            pass
    raise CellProblem(f"日期时间格式错误：{text!r}（可写 2022-03-01 14:30、2022/3/1 14:30、2022年3月1日14时30分）",
                      f"bad date and time: {text!r} (write 2022-03-01 14:30)")


def _int_or_text(value: Any, column: Column) -> int | str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return _text(value, column)


def _bool(value: Any, column: Column) -> bool:
    if isinstance(value, bool):
        return value
    text = normalised(str(value if not isinstance(value, float) or not value.is_integer() else int(value))).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellProblem(f"应填“是”或“否”（也可写 √/×、Y/N），实际为 {text!r}", f"expected 是 or 否 (yes or no), got {text!r}")


def _number_text(value: Any, column: Column) -> str:
    text = normalised(str(value)).replace(",", "").replace(" ", "")
    if column.label.unit and text.endswith(column.label.unit):
        text = text[:-len(column.label.unit)]
    return text


def _int(value: Any, column: Column) -> int:
    if isinstance(value, bool):
        raise CellProblem(f"应为整数，实际为 {value!r}", f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _number_text(value, column)
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        raise CellProblem(f"应为整数，实际为 {str(value)!r}", f"expected a whole number, got {str(value)!r}")
    return int(number)


def _number(value: Any, column: Column) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else value
    try:
        number = float(_number_text(value, column))
    except ValueError:
        raise CellProblem(f"应为数字，实际为 {str(value)!r}", f"expected a number, got {str(value)!r}") from None
    return int(number) if number.is_integer() else number


def _figure(value: Any, column: Column) -> int | float | str:
    if isinstance(value, str) and normalised(value) in _MASKED:
        return "*"
    try:
        return _number(value, column)
    except CellProblem:
        raise CellProblem(f"应为数字或“*”（不公开），实际为 {str(value)!r}",
                          f"expected a number or '*' (masked), got {str(value)!r}") from None


def _choice(value: Any, column: Column) -> str:
    text = _text(value, column)
    for code, label in column.choices:
        if text in (code, label.zh, label.en):
            return code
    return text  # the model's own aliases (重大 -> major) may still know it; if not, validation says so


def _list(value: Any, column: Column) -> list[Any]:
    """Several values in one cell, separated by ；; each read as the list's items are (dates, choices, text)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return [_READERS[column.item or "text"](value, column)]
    text = _text(value, column)
    if column.empty_differs and normalised(text) == EMPTY_LIST:
        return []
    reader = _READERS[column.item or "text"]
    return [reader(part.strip(), column) for part in _LIST_SPLIT.split(text) if part.strip()]


_READERS = {"text": _text, "date": _date, "datetime": _datetime, "bool": _bool, "int": _int, "number": _number,
            "figure": _figure, "choice": _choice, "int_or_text": _int_or_text, "list": _list}


def written_value(value: Any, column: Column) -> Any:
    """A record's value as written into its column's cell (a choice by its Chinese label, a list joined)."""
    if value is None:
        return None
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "choice":
        return _choice_label(value, column)
    if column.kind == "list":
        if not value:
            return EMPTY_LIST if column.empty_differs else None
        return LIST_SEPARATOR.join(_item_text(item, column) for item in value)
    return value


def _item_text(item: Any, column: Column) -> str:
    if column.item == "choice":
        return str(_choice_label(item, column))
    return item.isoformat() if isinstance(item, dt.date) else str(item)


def _choice_label(code: Any, column: Column) -> Any:
    """A choice's Chinese label, as a clerk picks it from the drop-down (a code the column does not know: itself)."""
    return next((label.zh for known, label in column.choices if known == code), code)
