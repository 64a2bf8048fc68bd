"""JSON Schema of the record models, for submission forms and other tools."""
from __future__ import annotations

from typing import Any

from compliance.records.audit import Audit
from compliance.records.catalog import Catalog
from compliance.records.city import DirectivesFile, StatisticsFile
from compliance.records.enterprise import Enterprise
from compliance.records.unit import Unit


def bundle_schema() -> dict[str, Any]:
    """One schema document with a definition per bundle file kind."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "compliance record bundle",
        "description": "Files of a record bundle: audit.toml, departments/*, districts/*, enterprises/* and "
                       "enterprises*.jsonl (one enterprise per line), city/industries.toml, city/directives.toml, "
                       "city/statistics.toml",
        "$defs": {
            "audit": Audit.model_json_schema(),
            "department": Unit.model_json_schema(),
            "district": Unit.model_json_schema(),
            "enterprise": Enterprise.model_json_schema(),
            "industries": Catalog.model_json_schema(),
            "directives": DirectivesFile.model_json_schema(),
            "statistics": StatisticsFile.model_json_schema(),
        },
    }
