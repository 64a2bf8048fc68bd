"""The kinds of unit: one table says, for each, where its records lie, what model they follow, which module builds
its facts, what it is called and where it stands in a report. Every other place reads this table.

A new kind is a record model, a facts module (its fact types and a `build` function) and one entry here, or one
`register()` call from outside the package.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

from compliance.core.problems import did_you_mean
from compliance.records.base import Record
from compliance.records.city import City
from compliance.records.enterprise import Enterprise
from compliance.records.unit import Unit

Reading = Literal["files", "stream", "city"]
Ranking = Literal["table", "lowest", "none"]


class UnitRecord(Protocol):
    """What every unit's record has: an id and a name."""

    @property
    def id(self) -> str:
        """The unit's id."""

    @property
    def name(self) -> str | None:
        """The unit's name."""


@dataclass(frozen=True)
class UnitKind:
    """One kind of unit.

    reading: "files" (a folder of TOML/JSON files, each one unit or a list, checked in the main process),
    "stream" (the folder's files and JSON Lines streams `<folder>*.jsonl` at the bundle root, read lazily and
    checked in worker processes) or "city" (assembled from the city files, checked last).
    ranking: "table" (ranked by score beside the other kinds so ranked), "lowest" (the lowest scores listed),
    "none" (not ranked).
    """

    name: str
    folder: str
    record: type[Record]
    facts: str
    subject: str
    label: tuple[str, str]
    plural: tuple[str, str]
    order: int
    reading: Reading = "files"
    ranking: Ranking = "table"
    linked: tuple[str, str] = ("关联企业", "linked enterprises")  # the enterprises linked to a unit of this kind
    scored: bool = True  # the city's coordination findings are not scored

    def label_in(self, lang: str) -> str:
        """The kind's name in a language (Chinese unless lang is 'en')."""
        return self.label[1] if lang == "en" else self.label[0]


@dataclass(frozen=True)
class KindTable:
    """Every kind, in report order."""

    kinds: tuple[UnitKind, ...]

    def __iter__(self) -> Iterator[UnitKind]:
        return iter(self.kinds)

    def names(self) -> tuple[str, ...]:
        """The kinds' names, in report order."""
        return tuple(kind.name for kind in self.kinds)

    def get(self, name: str) -> UnitKind:
        """A kind by name; an unknown name is a KeyError that says which names are known."""
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(f"unknown unit kind '{name}'{did_you_mean(name, self.names())} (known: {', '.join(self.names())})")

    def reading(self, mode: Reading) -> tuple[UnitKind, ...]:
        """The kinds read in one way, in report order."""
        return tuple(kind for kind in self.kinds if kind.reading == mode)

    def with_kind(self, kind: UnitKind) -> KindTable:
        """This table with one more kind (or a kind of the same name replaced)."""
        others = tuple(k for k in self.kinds if k.name != kind.name)
        return KindTable(tuple(sorted((*others, kind), key=lambda k: (k.order, k.name))))


BUILTIN = KindTable((
    UnitKind("department", "departments", Unit, "compliance.facts.unit", "unit", ("部门", "department"),
             ("部门", "departments"), order=10, linked=("监管企业", "enterprises supervised")),
    UnitKind("district", "districts", Unit, "compliance.facts.unit", "unit", ("区", "district"), ("区", "districts"),
             order=20, linked=("辖区企业", "enterprises in the district")),
    UnitKind("enterprise", "enterprises", Enterprise, "compliance.facts.enterprise", "enterprise",
             ("企业", "enterprise"), ("企业", "enterprises"), order=30, reading="stream", ranking="lowest"),
    UnitKind("city", "city", City, "compliance.facts.city", "city", ("市安委办协调事项", "city coordination"),
             ("市安委办协调事项", "city coordination"), order=40, reading="city", ranking="none", scored=False),
))
_current = [BUILTIN]


def kinds() -> KindTable:
    """The kinds in use in this process."""
    return _current[0]


def kind(name: str) -> UnitKind:
    """One kind by name."""
    return _current[0].get(name)


def install(table: KindTable) -> None:
    """Use this table in this process (a worker takes its parent's)."""
    _current[0] = table


@contextlib.contextmanager
def registered(new: UnitKind) -> Iterator[KindTable]:
    """Use one more kind while the block runs (the table as it was is restored after)."""
    before = _current[0]
    install(before.with_kind(new))
    try:
        yield _current[0]
    finally:
        install(before)
