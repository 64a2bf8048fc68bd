"""The contracts in docs/ are true: every documented field of a bundle file and of the JSON report exists in the
models and the schemas, every field of those is documented, and the reports written hold no undocumented field."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from compliance.api import Options, check
from compliance.formatters import render
from compliance.records.kinds import kinds
from compliance.records.schema import bundle_schema
from compliance.report.schema import report_schema

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FIXTURES = ROOT / "fixtures"
_SECTION = re.compile(r"^## .*\(schema: (.+)\)\s*$")
_ROW = re.compile(r"^\| `([^`]+)` \|")
# maps whose keys are names from the records or rules (parameter names, rule ids, fact fields), not report fields
FREE_MAPS = ("audit.params", "units[].deductions", "units[].findings[].evidence.values",
             "units[].findings[].evidence.context", "units[].findings[].evidence.params",
             "units[].findings[].evidence.about", "city_summary.units", "city_summary.rankings",
             "city_summary.gaps_by_rule", "city_summary.gaps_by_industry")


def documented(page: Path) -> dict[str, set[str]]:
    """The field paths of each section of a page ("" for a page without schema sections)."""
    fields: dict[str, set[str]] = {}
    section = ""
    for line in page.read_text(encoding="utf-8").splitlines():
        heading = _SECTION.match(line)
        if heading:
            section = heading.group(1)
        row = _ROW.match(line)
        if row:
            fields.setdefault(section, set()).add(row.group(1))
    return fields


def schema_paths(schema: dict[str, Any], defs: dict[str, Any], prefix: str = "") -> set[str]:
    """Every field path a JSON schema describes: nested objects with dots, list items with []."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    paths: set[str] = set()
    for option in schema.get("anyOf", []):
        if "$ref" in option or option.get("type") in ("object", "array"):
            paths |= schema_paths(option, defs, prefix)
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        paths |= {path} | schema_paths(sub, defs, path)
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, dict):
        paths |= schema_paths(items, defs, prefix + "[]")
    return paths


def test_every_bundle_file_kind_is_documented_field_by_field() -> None:
    definitions = bundle_schema()["$defs"]
    sections = documented(DOCS / "records.md")
    covered = {name.strip("` ") for section in sections for name in section.split(",")}
    assert covered == set(definitions)
    for section, fields in sections.items():
        for name in (part.strip("` ") for part in section.split(",")):
            model = definitions[name]
            assert fields == schema_paths(model, model.get("$defs", {})), name


def test_every_report_field_is_documented_and_every_documented_field_is_in_the_schema() -> None:
    schema = report_schema(kinds().names())
    assert documented(DOCS / "report.md")[""] == schema_paths(schema, {})


def _paths(value: Any, prefix: str = "") -> set[str]:
    """The field paths a report document holds (free-form maps not walked into)."""
    if prefix in FREE_MAPS:
        return set()
    if isinstance(value, dict):
        return {path for key, item in value.items()
                for path in {f"{prefix}.{key}" if prefix else key} | _paths(item, f"{prefix}.{key}" if prefix else key)}
    if isinstance(value, list):
        return {path for item in value for path in _paths(item, prefix + "[]")}
    return set()


@pytest.mark.parametrize("options", [Options(), Options(waivers=FIXTURES / "waivers" / "example-city-waivers.toml",
                                                        baseline=FIXTURES / "example-city-2021-report.json")])
def test_the_reports_written_hold_only_documented_fields(options: Options) -> None:
    report = json.loads(render("json", check(FIXTURES / "example-city", options), "zh"))
    broken = json.loads(render("json", check(FIXTURES / "broken" / "wrong-types"), "en"))
    undocumented = (_paths(report) | _paths(broken)) - documented(DOCS / "report.md")[""]
    assert not undocumented


_MODEL = re.compile(r"^### .*\(model: (\w+)\)\s*$")


def test_every_scheme_key_is_documented_and_every_documented_key_is_in_the_model() -> None:
    from compliance.rules import scheme

    sections: dict[str, set[str]] = {}
    model = ""
    for line in (DOCS / "assessment.md").read_text(encoding="utf-8").splitlines():
        heading = _MODEL.match(line)
        if heading:
            model = heading.group(1)
        row = _ROW.match(line)
        if row and model:
            sections.setdefault(model, set()).add(row.group(1))
    for name, keys in sections.items():
        fields = set(getattr(scheme, name).model_fields) - {"file"}
        assert keys == fields, name
    assert set(sections) == {"SchemeInfo", "NoticeSpec", "SheetSpec", "Category", "Pricing", "Weight", "Missing",
                             "Grade", "Item"}


def test_every_declaration_is_named_in_the_records_contract() -> None:
    from compliance.facts.schema import fact_types

    text = (DOCS / "records.md").read_text(encoding="utf-8")
    section = text[text.index("**Declarations and missing data.**"):text.index("- **Bad values**")]
    named = set(re.findall(r"`([^`]+)`", section))
    for fact_type in fact_types().values():
        for spec in fact_type.fields.values():
            if spec.declared:
                source = spec.source.lstrip("/")  # a field of the record's root
                assert any(name == source or name.endswith("." + source) or name.endswith("]." + source)
                           for name in named), (fact_type.name, spec.source)
