"""Streamed units whose id an earlier unit of the bundle already has are dropped from the report, each an input
error (they are checked in a worker before the parent, which sees the units in report order, can tell)."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from compliance.bundle.unique import UnitIds
from compliance.check.checker import UnitOutcome
from compliance.check.workers import Rendered


def first_outcomes(outcomes: Iterator[UnitOutcome], ids: UnitIds) -> Iterator[UnitOutcome]:
    """The outcomes, a unit whose id was seen before replaced by the error that says so."""
    for outcome in outcomes:
        report = outcome.report
        error = ids.claim(report.id, report.file, report.line) if report is not None else None
        yield outcome if error is None else UnitOutcome(None, (*outcome.problems, error))


def first_rendered(pieces: Iterator[Rendered], ids: UnitIds) -> Iterator[Rendered]:
    """Units rendered in workers, a unit whose id was seen before replaced by the error that says so."""
    for piece in pieces:
        error = ids.claim(piece.summary.id, *piece.origin) if piece.summary is not None else None
        yield piece if error is None else dataclasses.replace(piece, text="", summary=None,
                                                               problems=(*piece.problems, error))
