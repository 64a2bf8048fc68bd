"""JSON Schema of the record models, for submission forms and other tools (docs/records.md describes each field):
every field titled in Chinese from the one labels table, every enumeration's codes labelled."""
from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from compliance.records.audit import Audit
from compliance.records.catalog import Catalog
from compliance.records.city import DirectivesFile, StatisticsFile
from compliance.records.kinds import kinds
from compliance.records.registers import AccidentsFile, CommendationsFile
from compliance.records.workbook.labels import Label, choice_labels, common_choice_labels, field_label

CITY_FILES: dict[str, Any] = {"industries": Catalog, "directives": DirectivesFile, "statistics": StatisticsFile,
                              "accidents": AccidentsFile, "commendations": CommendationsFile}


def bundle_schema() -> dict[str, Any]:
    """One schema document with a definition per kind of bundle file: audit.toml, each kind's records, the city's
    files."""
    folders = [f"{kind.folder}/*" + (f", {kind.folder}*.jsonl" if kind.reading == "stream" else "")
               for kind in kinds() if kind.reading != "city"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "安全生产履职记录包",
        "description": "记录包的文件：audit.toml、各类单位的记录和市级文件",
        "x-title-en": "compliance record bundle",
        "x-description-en": "Files of a record bundle: audit.toml, " + ", ".join(folders) + ", "
                            + ", ".join(f"city/{name}.toml" for name in CITY_FILES),
        "$defs": {
            "audit": labelled_schema(Audit),
            **{kind.name: labelled_schema(kind.record) for kind in kinds() if kind.reading != "city"},
            **{name: labelled_schema(model) for name, model in CITY_FILES.items()},
        },
    }


def labelled_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON Schema with every property labelled (title and description in Chinese, x-title-en,
    x-description-en, x-unit) and every enumeration a oneOf of const + title."""
    return model.model_json_schema(schema_generator=_LabelledSchema)


class _LabelledSchema(GenerateJsonSchema):
    """Pydantic's schema generator, labelling each model's properties as it writes them."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """The model's schema, its properties labelled from labels.toml."""
        value = super().model_schema(schema)
        model = schema["cls"]
        properties = value.get("properties", {})
        for name, info in model.model_fields.items():
            key = info.alias or name
            if key in properties:  # a copy: pydantic shares one dict among fields of the same type
                properties[key] = copy.deepcopy(properties[key])
                _label_property(properties[key], model, name)
        return value


def _label_property(prop: dict[str, Any], model: type[BaseModel], name: str) -> None:
    """Title, describe and label the choices of one property (a field without a label keeps pydantic's title)."""
    label = _inherited(model, lambda cls: field_label(cls, name))
    if label is not None:
        prop.update(_texts(label))
    choices = common_choice_labels() | (_inherited(model, lambda cls: choice_labels(cls, name) or None) or {})
    _label_choices(prop, choices)


def _inherited(model: type[BaseModel], find: Any) -> Any:
    """What find() gives for the model or, failing that, the model it extends."""
    return next((found for cls in model.__mro__ if (found := find(cls.__name__)) is not None), None)


def _texts(label: Label) -> dict[str, str]:
    """A field's title and description in Chinese and English, with its unit."""
    texts = {"title": label.zh, "description": label.zh + (f"（单位：{label.unit}）" if label.unit else ""),
             "x-title-en": label.en, "x-description-en": label.en + (f" (unit: {label.unit})" if label.unit else "")}
    return texts | ({"x-unit": label.unit} if label.unit else {})


def _label_choices(node: dict[str, Any], labels: dict[str, Label]) -> None:
    """Turn every enum (or single const) under a property into a oneOf of const + title, labels from the table."""
    if "enum" in node or "const" in node:
        codes = node.pop("enum", None) or [node.pop("const")]
        node["oneOf"] = [_choice(code, labels) for code in codes]
        return
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for option in node.get(key, []):
            _label_choices(option, labels)
    if isinstance(node.get("items"), dict):
        _label_choices(node["items"], labels)


def _choice(code: Any, labels: dict[str, Label]) -> dict[str, Any]:
    """One labelled choice (a code without a label is titled by itself: the schema test names it)."""
    label = labels.get(str(code))
    return {"const": code, "title": label.zh if label else str(code), "x-title-en": label.en if label else str(code)}
