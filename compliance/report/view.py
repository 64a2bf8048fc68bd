"""The view a report is rendered through: names and labels resolved once, from the bundle and the kinds in use.

Formatters read the kinds of unit (their names, order and ranking), the bundle's own industry names (a city's
`city/industries.toml` included), the labels of evidence fields and of the record paths evidence points at from
here; they never look below the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from compliance.report.labels import words

if TYPE_CHECKING:
    from compliance.report.model import Location

_SEGMENT = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<index>\d*)\])?$")


@dataclass(frozen=True)
class KindView:
    """A kind of unit as reports show it."""

    name: str
    label: tuple[str, str]
    plural: tuple[str, str]
    order: int
    ranking: str  # "table": ranked by score; "lowest": its lowest scores listed; "none": not ranked
    linked: tuple[str, str] = ("关联企业", "linked enterprises")  # what its linked enterprises are called

    def text(self, lang: str) -> str:
        """The kind's name in a language (Chinese unless lang is 'en')."""
        return self.label[1] if lang == "en" else self.label[0]

    def plural_text(self, lang: str) -> str:
        """The kind's plural in a language."""
        return self.plural[1] if lang == "en" else self.plural[0]

    def linked_text(self, lang: str) -> str:
        """What the enterprises linked to a unit of this kind are called."""
        return self.linked[1] if lang == "en" else self.linked[0]


@dataclass(frozen=True)
class ReportView:
    """Kinds, industry names and field labels for one run (small, and sent to every worker that renders)."""

    kinds: tuple[KindView, ...] = ()
    industries: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (zh, en) names
    fields: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # fact type -> field -> (zh, en)
    paths: dict[str, tuple[str, str]] = field(default_factory=dict)  # record path ("meetings[].date") -> (zh, en)

    def kind(self, name: str) -> KindView:
        """A kind by name (a kind this run does not know is shown by its name, after the others, unranked)."""
        for kind in self.kinds:
            if kind.name == name:
                return kind
        return KindView(name, (name, name), (name, name), 99, "none")

    def kind_label(self, name: str, lang: str) -> str:
        """A kind's name in a language."""
        return self.kind(name).text(lang)

    def order(self, name: str) -> int:
        """A kind's place in reports."""
        return self.kind(name).order

    def ranked(self, ranking: str) -> tuple[KindView, ...]:
        """The kinds ranked in one way, in report order."""
        return tuple(kind for kind in self.kinds if kind.ranking == ranking)

    def industry(self, code: str, lang: str) -> str:
        """An industry's name as the bundle's catalog gives it (an unknown code is shown as written)."""
        names = self.industries.get(code)
        if names is None:
            return code
        return names[1] if lang == "en" else names[0]

    def field_label(self, fact_type: str, name: str, lang: str) -> str:
        """How an evidence field is named beside its value (the field's name if unknown)."""
        labels = self.fields.get(fact_type, {}).get(name)
        if labels is None:
            return name
        return labels[1] if lang == "en" else labels[0]

    def field_path_label(self, path: str, lang: str) -> str:
        """A record path in words, item numbers from 1 (`meetings[2].date` → 会议记录第3条·日期); a segment the
        view does not know is shown by its name."""
        text = words(lang)
        parts: list[str] = []
        prefix = ""
        for segment in path.split("."):
            match = _SEGMENT.match(segment)
            if match is None:
                parts.append(segment)
                prefix += segment + "."
                continue
            name, index = match["name"], match["index"]
            key = prefix + name
            keys = (key, key + "[]") if index is None else (key + "[]", key)
            labels = next((self.paths[k] for k in keys if k in self.paths), (name, name))
            label = labels[1] if lang == "en" else labels[0]
            parts.append(text["item_no"].format(label=label, number=int(index) + 1) if index else label)
            prefix = key + ("." if index is None else "[].")
        return str(text["path_sep"]).join(parts)

    def where(self, location: Location, lang: str) -> str:
        """Where evidence is, for people: the file, its line and the field in words
        (departments/jtj.json 第23行 · 会议记录第3条·日期)."""
        text = words(lang)
        parts = [location.place(), text["line_no"].format(line=location.line) if location.line and not location.sheet else "",
                 self.field_path_label(location.field, lang) if location.field else ""]
        head = " ".join(part for part in parts[:2] if part)
        return str(text["where_sep"]).join(part for part in (head, parts[2]) if part)
