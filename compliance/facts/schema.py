"""The fact types the rule engine sees, assembled from the facts module of every unit kind; they type-check rules.

A facts module (named by a unit kind) defines FACT_TYPES, the types it fills, and build(loaded, audit, catalog),
which returns the facts of one unit. It may define digest(record, catalog): what a unit contributes to the city,
and DIGEST_SOURCE: a model of just the fields digest() reads, for the city's first pass over the records.
"""
from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from compliance.facts.base import CALENDAR, FactType, FieldSpec, Kind
from compliance.records.kinds import KindTable, UnitKind, kinds

if TYPE_CHECKING:
    from compliance.bundle.load import LoadedUnit
    from compliance.facts.core import UnitFacts
    from compliance.records.audit import Audit
    from compliance.records.catalog import CatalogIndex
    from compliance.records.city import EnterpriseDigest

__all__ = ["FactModule", "FactType", "FieldSpec", "Kind", "fact_module", "fact_types"]
Builder = Callable[["LoadedUnit", "Audit", "CatalogIndex"], "UnitFacts"]
Digester = Callable[[Any, "CatalogIndex"], "EnterpriseDigest"]


@dataclass(frozen=True)
class FactModule:
    """A unit kind's facts: the types it fills and the functions that fill them."""

    name: str
    types: tuple[FactType, ...]
    build: Builder
    digest: Digester | None = None
    digest_source: type[BaseModel] | None = None  # the few fields digest() reads, for a cheap first pass


@functools.cache
def fact_module(name: str) -> FactModule:
    """The facts module of a unit kind, by its module name; a module that lacks a part fails here, by name."""
    module = importlib.import_module(name)
    types, build = getattr(module, "FACT_TYPES", None), getattr(module, "build", None)
    if not isinstance(types, tuple) or not all(isinstance(t, FactType) for t in types) or not callable(build):
        raise TypeError(f"facts module {name} must define FACT_TYPES (a tuple of FactType) and build()")
    digest, source = getattr(module, "digest", None), getattr(module, "DIGEST_SOURCE", None)
    return FactModule(name, types, build, digest if callable(digest) else None,
                      source if isinstance(source, type) and issubclass(source, BaseModel) else None)


def facts_of(kind: UnitKind) -> FactModule:
    """The facts module of a kind."""
    return fact_module(kind.facts)


def fact_types() -> dict[str, FactType]:
    """Every fact type of the kinds in use, with the calendar fields every fact carries."""
    return _assembled(kinds())


@functools.cache
def _assembled(table: KindTable) -> dict[str, FactType]:
    assembled: dict[str, FactType] = {}
    owners: dict[str, str] = {}
    for module_name in dict.fromkeys(kind.facts for kind in table):
        for fact_type in fact_module(module_name).types:
            if fact_type.name in owners:
                raise TypeError(f"fact type '{fact_type.name}' is defined by {owners[fact_type.name]} and {module_name}")
            owners[fact_type.name] = module_name
            assembled[fact_type.name] = fact_type.with_fields(CALENDAR)
    return assembled
