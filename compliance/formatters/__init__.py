"""Formatter registry: one module per output format, each a Formatter with begin / unit / end.

A formatter renders a report in pieces so the CLI can stream a city of enterprises (and workers can render
their units in parallel): begin(info), then unit(...) for every unit, joined by `separator`, then end(...).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from compliance.core.errors import UsageError
from compliance.core.problems import InputError
from compliance.formatters.visible import visible
from compliance.report.model import AuditInfo, UnitReport
from compliance.report.stats import Report, RunStats
from compliance.report.view import ReportView


class Formatter:
    """Base of every output format."""

    separator = ""  # between two units that both wrote something
    binary = False  # built whole and returned by finish() (a workbook), not streamed as text
    numbered = False  # numbers the units it writes in report order (a notice's 〔2022〕3号): never rendered in workers
    wrote_units = False  # set before end(): whether any unit wrote something (a JSON array then needs a comma)
    # the control characters the format itself writes; every other one (from records, file names) is shown escaped.
    # None: a data format (JSON, SARIF) that keeps values exactly as given, escaped by its own syntax
    kept_controls: str | None = "\n\t"

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang
        self.view = ReportView()  # the run's view, from begin()

    def finish(self) -> bytes:
        """A binary format's file, after end()."""
        raise NotImplementedError

    def begin(self, info: AuditInfo) -> str:
        """Text before the first unit."""
        raise NotImplementedError

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """One unit (with its own input problems)."""
        raise NotImplementedError

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Text after the last unit."""
        raise NotImplementedError


FormatterClass = Callable[[str], Formatter]
_REGISTRY: dict[str, FormatterClass] = {}


def register(name: str) -> Callable[[type[Formatter]], type[Formatter]]:
    """Class decorator: make a formatter available as --format NAME."""
    def add(cls: type[Formatter]) -> type[Formatter]:
        """Register the formatter class (a text medium's output escaped: see compliance.formatters.visible)."""
        if cls.kept_controls is not None:
            for method in ("begin", "unit", "end"):
                setattr(cls, method, _escaping(getattr(cls, method), cls.kept_controls))
        _REGISTRY[name] = cls
        return cls
    return add


def _escaping(method: Callable[..., str], kept: str) -> Callable[..., str]:
    """method, its text with every control character but kept shown escaped."""
    @functools.wraps(method)
    def escaped(self: Formatter, *args: Any) -> str:
        return visible(method(self, *args), kept)
    return escaped


def names() -> list[str]:
    """Registered format names."""
    _load_builtin()
    return sorted(_REGISTRY)


def formatter(name: str, lang: str = "zh") -> Formatter:
    """A formatter by name."""
    _load_builtin()
    if name not in _REGISTRY:
        raise UsageError(f"unknown format '{name}' (available: {', '.join(sorted(_REGISTRY))})")
    return _REGISTRY[name](lang)


def render(name: str, report: Report, lang: str = "zh") -> str:
    """Render a whole in-memory report (a text format)."""
    chosen = formatter(name, lang)
    head = chosen.begin(report.info)
    parts = [part for part in (chosen.unit(unit, report.problems_of(unit)) for unit in report.units) if part]
    chosen.wrote_units = bool(parts)
    return head + chosen.separator.join(parts) + chosen.end(report.stats(), report.input_errors)


def render_bytes(name: str, report: Report, lang: str = "zh") -> bytes:
    """Render a whole in-memory report as a file's bytes (a binary format, or a text one in UTF-8)."""
    chosen = formatter(name, lang)
    if not chosen.binary:
        return render(name, report, lang).encode("utf-8")
    chosen.begin(report.info)
    for unit in report.units:
        chosen.unit(unit, report.problems_of(unit))
    chosen.end(report.stats(), report.input_errors)
    return chosen.finish()


def _load_builtin() -> None:
    from compliance.formatters import (  # noqa: F401  (registration side effect)
        csv_report,
        html,
        json_report,
        junit,
        markdown,
        notice_docx,
        notice_html,
        sarif,
        text,
        xlsx,
    )
