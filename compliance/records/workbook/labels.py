"""The one table of field labels for workbooks (labels.toml): Chinese and English names, units, choice labels."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_FILE = Path(__file__).with_name("labels.toml")


@dataclass(frozen=True)
class Label:
    """A field's or a choice's names, and the unit its numbers are in ('' for none)."""

    zh: str
    en: str
    unit: str = ""


@functools.cache
def _table() -> dict[str, Any]:
    with open(_FILE, "rb") as handle:
        return tomllib.load(handle)


def field_label(model: str, name: str) -> Label | None:
    """The label of a model's field, or None if the table has none."""
    entry = _table().get(model, {}).get(name)
    return Label(*entry) if entry else None


def choice_labels(model: str, name: str) -> dict[str, Label]:
    """The labels of an enumerated field's codes (code -> label); empty if the table has none."""
    entries = _table().get("choices", {}).get(model, {}).get(name, {})
    return {code: Label(*entry) for code, entry in entries.items()}


def labelled_models() -> tuple[str, ...]:
    """The models the table has labels for."""
    return tuple(name for name in _table() if name != "choices")
