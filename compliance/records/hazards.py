"""The controlled list of hazard categories (隐患类别) and how a record's free text is mapped to it: the same hazard
written two ways (燃气软管老化, 燃气胶管老化) is one category when the city compares categories."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import field_validator

from compliance.records.base import Record


class HazardCategory(Record):
    """An entry of the hazard category list: a code, a name, other names, and patterns that recognise free text."""

    code: str
    name: str = ""
    name_en: str = ""
    aliases: list[str] = []
    patterns: list[str] = []  # regular expressions searched in a record's text, in the list's order

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"'{pattern}' is not a regular expression: {exc}") from None
        return patterns


@dataclass(frozen=True)
class HazardMatch:
    """What a record's hazard category text is on the list: the category's code and name, or the text as written
    (mapped False) when no entry recognises it."""

    code: str
    name: str
    mapped: bool


@dataclass(frozen=True)
class HazardCategories:
    """The list, indexed: exact names first (code, name, alias), then the patterns in the list's order."""

    entries: dict[str, HazardCategory] = field(default_factory=dict)
    _exact: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list, init=False, repr=False, compare=False)
    _seen: dict[str, HazardMatch] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for code, entry in self.entries.items():
            for name in (code, code.lower(), entry.name, *entry.aliases):
                if name:
                    self._exact.setdefault(_normal(name), code)
            self._patterns.extend((re.compile(pattern), code) for pattern in entry.patterns)

    def match(self, text: str) -> HazardMatch:
        """The category a record's text belongs to; the text itself (trimmed) when no entry recognises it."""
        if text in self._seen:
            return self._seen[text]
        key = _normal(text)
        code = self._exact.get(key) or self._exact.get(key.lower()) or next(
            (code for pattern, code in self._patterns if pattern.search(key)), None)
        entry = self.entries.get(code) if code else None
        found = HazardMatch(entry.code, entry.name or entry.code, True) if entry else HazardMatch(key, key, False)
        if len(self._seen) < 10_000:  # a city's categories repeat: remember them, within bounds
            self._seen[text] = found
        return found

    def name(self, text: str) -> str:
        """The name a category is grouped and shown under."""
        return self.match(text).name


def _normal(text: str) -> str:
    """Text compared: trimmed, inner white space removed (全角 spaces too)."""
    return re.sub(r"\s+", "", text)
