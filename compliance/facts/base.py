"""Building blocks of the fact schema: fields with kinds and labels, fact types, calendar fields."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["int", "day", "str", "bool"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a fact: its kind, its labels and the record field it comes from."""

    kind: Kind
    zh: str
    en: str
    source: str = ""  # the record field, relative to the fact's path ("/name": from the record's root); "{name}" is
    # replaced by the fact's value
    shown_zh: str = ""
    shown_en: str = ""
    declared: bool = False  # a declaration the records must make: its absence is missing data (资料缺失), not a "no"

    def shown(self, lang: str) -> str:
        """How the field is named beside its value in evidence (a yes/no field reads as a statement)."""
        if lang == "en":
            return self.shown_en or self.en
        return self.shown_zh or self.zh


@dataclass(frozen=True)
class FactType:
    """A kind of fact: one per unit, per list item, or per period; every type also has the CALENDAR fields."""

    name: str
    zh: str
    en: str
    fields: dict[str, FieldSpec]
    path: str = ""  # the list in the record its items come from ("workers"); the type's name when not given
    about: tuple[str, ...] = ()  # the fields that say which item a finding is about (a directive's id and title)

    @property
    def list_path(self) -> str:
        """Where in the record the items of this type are listed (evidence of a rule over all of them)."""
        return self.path or self.name

    def with_fields(self, more: dict[str, FieldSpec]) -> FactType:
        """The same type with more fields (those of the calendar, or an enterprise's categories)."""
        return FactType(self.name, self.zh, self.en, {**self.fields, **more}, self.path, self.about)


def field(kind: Kind, zh: str, en: str, source: str = "", shown: tuple[str, str] = ("", ""),
          declared: bool = False) -> FieldSpec:
    """A field spec: kind, Chinese and English labels, source path, optional labels beside values, and whether it
    is a declaration whose absence is missing data."""
    return FieldSpec(kind, zh, en, source, *shown, declared=declared)


CALENDAR: dict[str, FieldSpec] = {
    "year": field("int", "检查年度", "audit year"),
    "year_start": field("day", "年度起始日", "first day of the audit year"),
    "year_end": field("day", "年度截止日", "last day of the audit year"),
    "as_of": field("day", "检查基准日", "audit date"),
}
