"""JSON Schema of the record models, for submission forms and other tools (docs/records.md describes each field)."""
from __future__ import annotations

from typing import Any

from compliance.records.audit import Audit
from compliance.records.catalog import Catalog
from compliance.records.city import DirectivesFile, StatisticsFile
from compliance.records.kinds import kinds
from compliance.records.registers import AccidentsFile, CommendationsFile

CITY_FILES: dict[str, Any] = {"industries": Catalog, "directives": DirectivesFile, "statistics": StatisticsFile,
                              "accidents": AccidentsFile, "commendations": CommendationsFile}


def bundle_schema() -> dict[str, Any]:
    """One schema document with a definition per kind of bundle file: audit.toml, each kind's records, the city's
    files."""
    folders = [f"{kind.folder}/*" + (f", {kind.folder}*.jsonl" if kind.reading == "stream" else "")
               for kind in kinds() if kind.reading != "city"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "compliance record bundle",
        "description": "Files of a record bundle: audit.toml, " + ", ".join(folders) + ", "
                       + ", ".join(f"city/{name}.toml" for name in CITY_FILES),
        "$defs": {
            "audit": Audit.model_json_schema(),
            **{kind.name: kind.record.model_json_schema() for kind in kinds() if kind.reading != "city"},
            **{name: model.model_json_schema() for name, model in CITY_FILES.items()},
        },
    }
