"""The JSON report follows its published schema (schema_version 1), in both languages, broken input included."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from compliance.api import check
from compliance.formatters import render
from compliance.formatters.report_schema import REPORT_SCHEMA

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize("bundle", ["example-city", "broken/wrong-types", "broken/malformed-toml"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_validates_against_schema(bundle: str, lang: str) -> None:
    report = json.loads(render("json", check(FIXTURES / bundle), lang))
    jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(report)
    assert report["audit"]["lang"] == lang


def test_schema_itself_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)
