"""The JSON report follows its published schema (schema_version 3), in both languages, broken input included."""
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


@pytest.mark.parametrize("evidence", ["gaps", "all"])
def test_passes_carry_their_evidence_only_when_asked(evidence: str) -> None:
    report = json.loads(render("json", check(FIXTURES / "example-city", Options(evidence=evidence)), "zh"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(report)
    findings = [finding for unit in report["units"] for finding in unit["findings"]]
    settled = [finding for finding in findings if finding["status"] in ("pass", "not_applicable")]
    acted_on = [finding for finding in findings if finding["status"] not in ("pass", "not_applicable")]
    assert report["audit"]["evidence"] == evidence and settled and acted_on
    assert all("evidence" in finding for finding in acted_on)
    assert all(("evidence" in finding) == (evidence == "all") for finding in settled)


def test_a_gap_without_its_evidence_does_not_validate() -> None:
    report = json.loads(render("json", check(FIXTURES / "example-city"), "zh"))
    gap = next(finding for unit in report["units"] for finding in unit["findings"] if finding["status"] == "fail")
    del gap["evidence"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
