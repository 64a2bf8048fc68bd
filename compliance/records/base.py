"""What every record model shares: unknown fields kept (and warned about), frozen values, ISO dates, choices
with Chinese aliases."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Annotated, Any, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from compliance.core.values import day_problem


def _iso_date(value: Any) -> Any:
    """Accept a TOML date or an ISO 'YYYY-MM-DD' string only (not numbers, not free text)."""
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, str):
        return _in_range(_parsed(value, dt.date.fromisoformat, "date (YYYY-MM-DD)"))
    raise PydanticCustomError("date_type", "expected a date (YYYY-MM-DD), got {kind}", {"kind": type(value).__name__})


def _parsed(text: str, parse: Callable[[str], Any], shape: str) -> Any:
    """An ISO date or date-time read from text, or the input error that says it is not one."""
    try:
        return parse(text.strip())
    except ValueError:
        raise PydanticCustomError("date_invalid", "'{value}' is not a valid {shape}",
                                  {"value": text, "shape": shape}) from None


def _in_range(day: dt.date) -> dt.date:
    problem = day_problem(day)
    if problem is not None:
        raise PydanticCustomError("date_range", problem[1])
    return day


Day = Annotated[dt.date, BeforeValidator(_iso_date)]


def _iso_datetime(value: Any) -> Any:
    """Accept a TOML date-time or an ISO 'YYYY-MM-DDTHH:MM[:SS]' string ('T' or a space); a date alone has no time."""
    if isinstance(value, dt.datetime):
        _in_range(value.date())
        return value
    if isinstance(value, str):
        moment = _parsed(value, dt.datetime.fromisoformat, "date and time (YYYY-MM-DDTHH:MM)")
        if len(value.strip()) > 10:
            _in_range(moment.date())
            return moment
    raise PydanticCustomError("date_type", "expected a date and time (YYYY-MM-DDTHH:MM), got {value}",
                              {"value": repr(value)})


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

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_number(cls, value: Any, info: ValidationInfo) -> Any:
        """true and false are not numbers (pydantic would take true for 1)."""
        if isinstance(value, bool) or (isinstance(value, list) and any(isinstance(item, bool) for item in value)):
            if info.field_name is not None and _wants_number(cls, info.field_name):
                raise PydanticCustomError("bool_for_number", "expected a number, got a boolean ({value})",
                                          {"value": str(value).lower()})
        return value


@functools.cache
def _wants_number(model: type[BaseModel], name: str) -> bool:
    """Whether a field holds numbers (int or float, or a list of them) and never a boolean."""
    def kinds(annotation: Any) -> set[Any]:
        return {annotation} | {kind for argument in get_args(annotation) for kind in kinds(argument)}
    found = kinds(model.model_fields[name].annotation)
    return bool(found & {int, float}) and bool not in found
