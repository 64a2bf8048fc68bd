"""Run each rule's examples: a minimal unit through the real pipeline, checked against the expected status."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from compliance.bundle.load import LoadedUnit
from compliance.bundle.validate import validate_record
from compliance.check.checker import Checker
from compliance.check.evaluate import MISSING_DATA
from compliance.records.audit import Audit
from compliance.records.catalog import merged_catalog
from compliance.records.kinds import UnitRecord, kinds
from compliance.rules.pack import Example, Pack, Rule

EXAMPLE_AUDIT: dict[str, Any] = {"jurisdiction": "示例市", "year": 2022, "as_of": dt.date(2022, 12, 31)}
_CHECKERS: dict[tuple[object, ...], Checker] = {}


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example."""

    rule_id: str
    example: str
    expected: str
    actual: str
    detail: str

    @property
    def ok(self) -> bool:
        """Did the rule give the expected status?"""
        return self.expected == self.actual


def rule_status(statuses: list[str]) -> str:
    """A rule's overall status for a unit: any error, else any fail, else any pending, else any pass, else not
    applicable."""
    for status in ("error", "fail", "pending", "pass"):
        if status in statuses:
            return status
    return "not_applicable"


def run_example(pack: Pack, rule: Rule, example: Example) -> ExampleResult:
    """Check the example unit with this one rule, defaults for every parameter but those the example sets."""
    audit = Audit.model_validate({**EXAMPLE_AUDIT, **example.audit})
    model = kinds().get(example.kind).record
    validated = validate_record(model, dict(example.unit), "example", str(example.unit.get("id", "")))
    if validated.model is None or any(e.severity == "error" for e in validated.errors):
        detail = "; ".join(e.text("en") for e in validated.errors) or "invalid example unit"
        return ExampleResult(rule.id, example.name, example.expect, "error", detail)
    single = pack.model_copy(update={"rule": (rule,)})
    checker = _checker(audit, single, example.params)
    unit = checker.check(LoadedUnit(example.kind, cast(UnitRecord, validated.model), "example")).report
    assert unit is not None
    actual = rule_status([f.status for f in unit.findings])
    if actual == "fail" and all(f.gap == MISSING_DATA for f in unit.findings if f.status == "fail"):
        actual = "missing"  # a gap of missing data (资料缺失), told apart from a breach
    detail = "; ".join(f"{f.status}: {f.message_en}" for f in unit.findings if f.status != "pass")
    return ExampleResult(rule.id, example.name, example.expect, actual, detail)


def _checker(audit: Audit, pack: Pack, params: dict[str, Any]) -> Checker:
    """A checker for one single-rule pack, reused for the rule's other examples with the same audit and parameters."""
    key = (audit.model_dump_json(), pack.rule[0].id, pack.pack.id, kinds(), repr(sorted(params.items())))
    if key not in _CHECKERS:
        _CHECKERS[key] = Checker(audit, merged_catalog(), [pack], dict(params))
    return _CHECKERS[key]


def run_examples(packs: list[Pack], rule_ids: set[str] | None = None) -> list[ExampleResult]:
    """Every example of every rule (or of the named rules)."""
    return [run_example(pack, rule, example)
            for pack in packs for rule in pack.rule if rule_ids is None or rule.id in rule_ids
            for example in rule.examples]
