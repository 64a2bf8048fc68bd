"""The JSON report follows its published schema (schema_version 1), in both languages, broken input included."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from compliance.api import Options, check
from compliance.formatters import render
from compliance.records.kinds import kinds
from compliance.report.schema import report_schema

REPORT_SCHEMA = report_schema(kinds().names())

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize("bundle", ["example-city", "broken/wrong-types", "broken/malformed-toml"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_validates_against_schema(bundle: str, lang: str) -> None:
    report = json.loads(render("json", check(FIXTURES / bundle), lang))
    jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(report)
    assert report["audit"]["lang"] == lang


def test_schema_itself_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)


def test_report_with_a_baseline_validates_and_has_every_section() -> None:
    report = json.loads(render("json", check(FIXTURES / "example-city",
                                             Options(baseline=FIXTURES / "example-city-2021-report.json")), "zh"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(report)
    assert report["baseline"]["resolved_count"] == 3 and report["baseline"]["past"] > 0
    assert report["city_summary"]["units"] == {"city": 1, "department": 8, "district": 2, "enterprise": 12}
    assert report["city_summary"]["top_hazard_categories"][0] == {"category": "燃气软管（胶管）老化破损", "enterprises": 3}
