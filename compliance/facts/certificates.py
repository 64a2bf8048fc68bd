"""Special operators' certificates judged on the days the work was done: in force (issued, not expired) and
reviewed on time (复审: every 3 years within a 6-year term, 《特种作业人员安全技术培训考核管理规定》 arts. 19, 21)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from compliance.core.dates import day_number, from_day_number
from compliance.records.enterprise import Certificate, SpecialOperator

Span = tuple[int, int]  # first and last day (day numbers), both included
REVIEW_YEARS = 3  # art. 21: 特种作业操作证每3年复审1次
TERM_YEARS = 6  # art. 19: 特种作业操作证有效期为6年
_SHOWN_SPANS = 3


@dataclass(frozen=True)
class _Cert:
    """One certificate, the current one or an earlier one, as day numbers."""

    issued: int | None
    expires: int | None
    reviewed: int | None
    extended: bool

    def in_force(self) -> Span | None:
        """The days it was in force (from issue, or from ever, to expiry); None without an expiry date."""
        if self.expires is None:
            return None
        return (self.issued if self.issued is not None else -10**9, self.expires)

    def review_due(self) -> int | None:
        """The day its review fell due: 3 years from issue (or, issue not given, 3 years before the end of its
        6-year term); none while the review period is extended to 6 years (art. 21) or no date is known."""
        if self.extended:
            return None
        if self.issued is not None:
            return day_number(add_years(from_day_number(self.issued), REVIEW_YEARS))
        if self.expires is not None:
            return day_number(add_years(from_day_number(self.expires), REVIEW_YEARS - TERM_YEARS))
        return None


def add_years(date: dt.date, years: int) -> dt.date:
    """The same day so many years later (or earlier); 29 February becomes the 28th."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def work_spans(operator: SpecialOperator, year_start: int, as_of: int) -> tuple[bool, list[Span]]:
    """Whether work dates were given, and the days of the work judged: those of the audit year up to the audit date
    (a period without an end runs to the audit date); no work dates: the audit date alone, as the record lists the
    person as doing the work now."""
    given = bool(operator.worked_on) or operator.work_from is not None or operator.work_to is not None
    if not given:
        return False, [(as_of, as_of)]
    spans = [(day, day) for day in sorted({day_number(d) for d in operator.worked_on}) if year_start <= day <= as_of]
    if operator.work_from is not None or operator.work_to is not None:
        start = max(day_number(operator.work_from) if operator.work_from else year_start, year_start)
        end = min(day_number(operator.work_to) if operator.work_to else as_of, as_of)
        if start <= end:
            spans.append((start, end))
    return True, spans


def _certs(operator: SpecialOperator) -> list[_Cert]:
    def one(item: Certificate | SpecialOperator) -> _Cert:
        if isinstance(item, SpecialOperator):
            dates = (item.certificate_issued_on, item.certificate_expires_on, item.reviewed_on)
            extended = item.review_extended
        else:
            dates = (item.issued_on, item.expires_on, item.reviewed_on)
            extended = item.review_extended
        issued, expires, reviewed = (day_number(d) if d is not None else None for d in dates)
        return _Cert(issued, expires, reviewed, bool(extended))
    return [one(operator), *(one(previous) for previous in operator.previous_certificates)]


def _minus(spans: list[Span], cover: list[Span]) -> list[Span]:
    """The days of spans that no span of cover includes."""
    left = list(spans)
    for first, last in cover:
        out: list[Span] = []
        for start, end in left:
            if end < first or start > last:
                out.append((start, end))
                continue
            if start < first:
                out.append((start, first - 1))
            if end > last:
                out.append((last + 1, end))
        left = out
    return sorted(left)


def _intersect(spans: list[Span], first: int, last: int) -> list[Span]:
    return [(max(start, first), min(end, last)) for start, end in spans if start <= last and end >= first]


def _days(spans: list[Span]) -> int:
    return sum(end - start + 1 for start, end in spans)


def span_text(spans: list[Span]) -> str:
    """Days as ISO dates: '2022-12-01 – 2022-12-31; 2023-01-05', the first few spans and '…' after them."""
    shown = [from_day_number(start).isoformat() if start == end else
             f"{from_day_number(start).isoformat()} – {from_day_number(end).isoformat()}"
             for start, end in spans[:_SHOWN_SPANS]]
    return "; ".join(shown) + ("; …" if len(spans) > _SHOWN_SPANS else "")


def certificate_values(operator: SpecialOperator, year_start: int, as_of: int) -> dict[str, Any]:
    """The special_operator fact's judgement of the certificate on the days worked (docs/records.md)."""
    given, spans = work_spans(operator, year_start, as_of)
    certs = _certs(operator)
    values: dict[str, Any] = {"work_dates": given, "worked": bool(spans)}
    if operator.certificate_no is None or certs[0].expires is None and certs[0].issued is None:
        return values  # no certificate (ENT-OPR-01), or nothing to judge it by: the expiry is missing data
    if certs[0].expires is not None:
        cover = [span for span in (cert.in_force() for cert in certs) if span is not None]
        unlicensed = _minus(spans, cover)
        values.update(unlicensed_days=_days(unlicensed), unlicensed_span=span_text(unlicensed))
    values.update(_review_values(certs, spans))
    return values


def _review_values(certs: list[_Cert], spans: list[Span]) -> dict[str, Any]:
    """When the review fell due, whether the work went on after it, and the days worked before a late review (not
    known, and left out, when a certificate whose review fell due before a day worked gives no review date)."""
    shown_due, worked_after, known = certs[0].review_due(), False, True
    unreviewed: list[Span] = []
    for cert in certs:
        due, term = cert.review_due(), cert.in_force()
        if due is None or term is None:
            continue
        after = _intersect(spans, max(due + 1, term[0]), term[1])
        if not after:
            continue
        if not worked_after:
            shown_due, worked_after = due, True
        if cert.reviewed is None:
            shown_due, known = due, False
            break
        late = _intersect(after, due + 1, cert.reviewed - 1)
        if late and not unreviewed:
            shown_due = due
        unreviewed += late
    values: dict[str, Any] = {"review_due_worked": worked_after, "review_due": shown_due}
    if known:
        values.update(unreviewed_days=_days(unreviewed), unreviewed_span=span_text(sorted(unreviewed)))
    return values
