"""Special operators' certificates: judged on the days worked, earlier certificates covering their own days."""
from __future__ import annotations

import datetime as dt

from compliance.core.dates import day_number
from compliance.facts.certificates import add_years, certificate_values, span_text
from compliance.records.enterprise import SpecialOperator

YEAR_START, AS_OF = day_number(dt.date(2022, 1, 1)), day_number(dt.date(2022, 12, 31))


def _values(**fields: object) -> dict[str, object]:
    operator = SpecialOperator.model_validate({"worker": "W", "certificate_no": "T2", **fields})
    return certificate_values(operator, YEAR_START, AS_OF)


def test_add_years_turns_29_february_into_the_28th() -> None:
    assert add_years(dt.date(2020, 2, 29), 3) == dt.date(2023, 2, 28)
    assert add_years(dt.date(2024, 9, 1), -3) == dt.date(2021, 9, 1)


def test_span_text_shows_three_spans_then_an_ellipsis() -> None:
    days = [day_number(dt.date(2022, 3, d)) for d in (1, 5, 9, 12)]
    assert span_text([(days[0], days[0] + 1), (days[1], days[1])]) == "2022-03-01 – 2022-03-02; 2022-03-05"
    assert span_text([(day, day) for day in days]).endswith("2022-03-09; …")


def test_an_earlier_certificate_covers_the_days_it_was_in_force() -> None:
    renewed = {"certificate_issued_on": "2022-04-01", "certificate_expires_on": "2028-04-01",
               "work_from": "2022-02-01", "work_to": "2022-05-31"}
    alone = _values(**renewed)
    assert (alone["unlicensed_days"], alone["unlicensed_span"]) == (59, "2022-02-01 – 2022-03-31")
    gap = _values(**renewed, previous_certificates=[{"no": "T1", "issued_on": "2016-03-01", "expires_on": "2022-03-01",
                                                     "reviewed_on": "2019-02-20"}])
    assert (gap["unlicensed_days"], gap["unlicensed_span"]) == (30, "2022-03-02 – 2022-03-31")


def test_a_late_review_counts_the_days_worked_before_it() -> None:
    late = _values(certificate_issued_on="2019-03-01", certificate_expires_on="2025-03-01", reviewed_on="2022-03-11",
                   worked_on=["2022-02-28", "2022-03-02", "2022-03-10", "2022-03-11"])
    assert (late["review_due_worked"], late["unreviewed_days"], late["unreviewed_span"]) == (
        True, 2, "2022-03-02; 2022-03-10")
    assert late["review_due"] == day_number(dt.date(2022, 3, 1))


def test_an_extended_review_period_has_no_review_due() -> None:
    extended = _values(certificate_issued_on="2019-03-01", certificate_expires_on="2025-03-01", review_extended=True)
    assert extended["review_due_worked"] is False and extended["unreviewed_days"] == 0
