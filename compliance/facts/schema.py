"""The fact types the rule engine sees, assembled: fields, kinds and labels, used to type-check rules."""
from __future__ import annotations

from compliance.facts.base import CALENDAR, FactType, FieldSpec, Kind
from compliance.facts.city_types import CITY_FACT_TYPES
from compliance.facts.enterprise_types import ENTERPRISE_CONTEXT, ENTERPRISE_FACT_TYPES
from compliance.facts.unit_types import UNIT_FACT_TYPES

__all__ = ["FACT_TYPES", "FactType", "FieldSpec", "Kind"]

FACT_TYPES: dict[str, FactType] = {t.name: t for t in UNIT_FACT_TYPES + ENTERPRISE_FACT_TYPES + CITY_FACT_TYPES}
for _type in FACT_TYPES.values():
    _type.fields.update(CALENDAR)
for _type in ENTERPRISE_FACT_TYPES:
    _type.fields.update(ENTERPRISE_CONTEXT)
