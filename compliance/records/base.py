"""What every record model shares: unknown fields kept (and warned about), frozen values, ISO dates, choices
with Chinese aliases."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


def _iso_date(value: Any) -> Any:
    """Accept a TOML date or an ISO 'YYYY-MM-DD' string only (not numbers, not free text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a valid date (YYYY-MM-DD)") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {type(value).__name__}")


Day = Annotated[dt.date, BeforeValidator(_iso_date)]


def _iso_datetime(value: Any) -> Any:
    """Accept a TOML date-time or an ISO 'YYYY-MM-DDTHH:MM[:SS]' string ('T' or a space); a date alone has no time."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a valid date and time (YYYY-MM-DDTHH:MM)") from None
        if len(value.strip()) > 10:
            return moment
    raise ValueError(f"expected a date and time (YYYY-MM-DDTHH:MM), got {value!r}")


Moment = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]


def choice(aliases: dict[str, str]) -> BeforeValidator:
    """Accept a code in any case, or its everyday Chinese term (重大 -> major), before the enum is checked."""
    def normalise(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip()
        return aliases.get(text, text.lower())
    return BeforeValidator(normalise)


class Record(BaseModel):
    """Base: unknown fields are kept (and reported as warnings by the loader), never rejected."""

    model_config = ConfigDict(extra="allow", frozen=True)
