"""A text parameter holding a date is read with day(NAME): checked when the pack loads and when it is overridden."""
from __future__ import annotations

import pytest

from compliance.core.dates import day_number
from compliance.core.errors import UsageError
from compliance.rules.conditions import Compare, ConditionError, Const, parse_condition, parse_value
from compliance.rules.packs import load_packs
from compliance.rules.params import effective_params


def test_day_of_a_date_parameter_is_a_day_and_constant_arithmetic_is_decided_at_once() -> None:
    import datetime as dt

    expr = parse_condition("prl_revised >= day(speech_date)", "unit", {"speech_date": "2022-07-01"})
    assert isinstance(expr, Compare) and expr.right == Const(day_number(dt.date(2022, 7, 1)), "day", "speech_date")
    due = parse_value("day(speech_date) + days", "unit", {"speech_date": "2022-07-01", "days": 90}, "day")
    assert due == Const(day_number(dt.date(2022, 9, 29)), "day")


def test_a_parameter_that_is_no_date_is_an_error() -> None:
    with pytest.raises(ConditionError, match="is not a date"):
        parse_condition("prl_revised >= day(name)", "unit", {"name": "soon"})


def test_an_override_of_a_date_parameter_must_be_a_date() -> None:
    packs = load_packs(("department",))
    assert effective_params(packs, {"speech_date": "2022-07-20"})["DEPT-PRL-01"]["speech_date"] == "2022-07-20"
    with pytest.raises(UsageError, match="must be a date"):
        effective_params(packs, {"speech_date": "July"})
