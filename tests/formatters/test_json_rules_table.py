"""The JSON report's rules table: each rule's texts given once, and every finding's full text (every field a finding
of schema_version 1 had) rebuilt from the finding and its rule in the table."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from compliance.api import Options, check
from compliance.formatters import render
from compliance.report.model import Citation, Finding
from compliance.report.reading import rules_by_id, whole_finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RULE_TEXTS = ("rule_name", "title", "cites", "penalty", "remediation", "deadline")  # moved to the table in version 2
LEFT_OUT = ("severity", "item", "points", "count")  # version 3: given only where not the rule's or the default


def _cite(cite: Citation, lang: str) -> dict[str, Any]:
    return {"source": cite.source, "source_title": cite.title(lang), "article": cite.article, "text": cite.text,
            "verified": cite.verified}


def _full_text(finding: Finding, lang: str) -> dict[str, Any]:
    """What a finding said of its rule in schema_version 1, from the checked finding itself."""
    return {"rule_name": finding.rule_name, "title": finding.text("title", lang),
            "cites": [_cite(cite, lang) for cite in finding.cites],
            "penalty": None if finding.penalty is None else _cite(finding.penalty, lang),
            "remediation": finding.text("remediation", lang), "deadline": finding.text("deadline", lang)}


@pytest.mark.parametrize("evidence", ["gaps", "all"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("options", [Options(), Options(waivers=FIXTURES / "waivers" / "example-city-waivers.toml",
                                                        baseline=FIXTURES / "example-city-2021-report.json")])
def test_every_finding_is_rebuilt_whole_from_the_rules_table(lang: str, options: Options, evidence: str) -> None:
    report = check(FIXTURES / "example-city", options)
    report = dataclasses.replace(report, info=dataclasses.replace(report.info, evidence=evidence))
    document = json.loads(render("json", report, lang))
    rules = rules_by_id(document)
    assert len(rules) == len(document["rules"])  # each rule once
    checked = 0
    for unit, written in zip(report.units, document["units"], strict=True):
        for finding, entry in zip(unit.findings, written["findings"], strict=True):
            assert not set(RULE_TEXTS) & set(entry)  # a rule's texts are not repeated in its findings
            whole = whole_finding(entry, written, rules)
            assert {name: whole[name] for name in RULE_TEXTS} == _full_text(finding, lang)
            assert (whole["rule_id"], whole["status"], whole["severity"], whole["item"], whole["message"],
                    whole["points"], whole["count"]) == (
                finding.rule_id, finding.status, finding.severity, finding.text("item", lang),
                finding.text("message", lang), finding.points, finding.count)
            assert [name in entry for name in LEFT_OUT] == [
                finding.severity != finding.rule.severity, bool(finding.text("item", lang)), bool(finding.points),
                finding.count != 1]  # what is left out is the rule's or the default
            if evidence == "all" or finding.status not in ("pass", "not_applicable"):
                assert whole["evidence"] == {"fact_type": finding.rule.fact_type, **finding.where.evidence(),
                                             **finding.evidence}
            else:
                assert "evidence" not in entry
            checked += 1
    assert checked > 100 and any(rule["penalty"] for rule in rules.values()) and "ENGINE" in rules
    assert any("failed" in entry.get("evidence", {}) for unit in document["units"] for entry in unit["findings"])


def test_the_table_holds_each_rule_once_in_pack_order_before_the_units() -> None:
    report = check(FIXTURES / "example-city")
    text = render("json", report, "zh")
    document = json.loads(text)
    assert [rule["id"] for rule in document["rules"]] == [rule.id for rule in report.info.rules] + ["ENGINE"]
    assert text.index('"rules": [') < text.index('"units": [')  # known before checking: written first
    title = document["rules"][0]["title"]
    assert text.count(json.dumps(title, ensure_ascii=False)) <= 2  # the table (and perhaps a sheet's line), no finding
