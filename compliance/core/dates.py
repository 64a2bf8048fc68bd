"""Calendar helpers: dates as day numbers, quarters and half years of the audit year, Chinese labels."""
from __future__ import annotations

import datetime as dt

_EPOCH = dt.date(1970, 1, 1)
QUARTER_NAMES_ZH = ("第一季度", "第二季度", "第三季度", "第四季度")


def day_number(value: dt.date) -> int:
    """Days since 1970-01-01: the form in which dates enter the rule engine."""
    return (value - _EPOCH).days


def from_day_number(day: int) -> dt.date:
    """Inverse of day_number."""
    return _EPOCH + dt.timedelta(days=day)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter (1-4) of a year."""
    first_month = 3 * (quarter - 1) + 1
    start = dt.date(year, first_month, 1)
    if quarter == 4:
        end = dt.date(year, 12, 31)
    else:
        end = dt.date(year, first_month + 3, 1) - dt.timedelta(days=1)
    return start, end


def quarter_label(year: int, quarter: int, lang: str = "zh") -> str:
    """'2022年第二季度' or '2022 Q2'."""
    if lang == "en":
        return f"{year} Q{quarter}"
    return f"{year}年{QUARTER_NAMES_ZH[quarter - 1]}"


def half_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    """First and last day of a half year (1: January–June, 2: July–December)."""
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))


def half_label(year: int, half: int, lang: str = "zh") -> str:
    """'2022年上半年' or '2022 H1'."""
    if lang == "en":
        return f"{year} H{half}"
    return f"{year}年{'上' if half == 1 else '下'}半年"
