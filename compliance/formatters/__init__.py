"""Formatter registry: each output format is one small module with a render(report, lang) function."""
from __future__ import annotations

from collections.abc import Callable

from compliance.errors import UsageError
from compliance.report import Report

Renderer = Callable[[Report, str], str]
_REGISTRY: dict[str, Renderer] = {}


def register(name: str) -> Callable[[Renderer], Renderer]:
    """Decorator: make a renderer available as --format NAME."""
    def add(renderer: Renderer) -> Renderer:
        """Register the renderer."""
        _REGISTRY[name] = renderer
        return renderer
    return add


def names() -> list[str]:
    """Registered format names."""
    _load_builtin()
    return sorted(_REGISTRY)


def render(name: str, report: Report, lang: str = "zh") -> str:
    """Render a report in a registered format."""
    _load_builtin()
    if name not in _REGISTRY:
        raise UsageError(f"unknown format '{name}' (available: {', '.join(sorted(_REGISTRY))})")
    return _REGISTRY[name](report, lang)


def _load_builtin() -> None:
    from compliance.formatters import json_report, text  # noqa: F401  (registration side effect)
