"""The `compliance rules` sub-commands: list, show and test rules."""
from __future__ import annotations

from compliance.check.examples import run_examples
from compliance.core.errors import UsageError
from compliance.core.problems import did_you_mean
from compliance.rules.pack import Pack, Rule


def list_rules(packs: list[Pack]) -> int:
    """One line per rule: id, severity, points, applies to, title."""
    for pack in packs:
        for rule in pack.rule:
            print(f"{rule.id:<16} {rule.severity:<8} {rule.points:>4g}  {','.join(rule.applies_to):<20} {rule.title}")
    return 0


def _find(packs: list[Pack], rule_id: str) -> tuple[Pack, Rule]:
    for pack in packs:
        for rule in pack.rule:
            if rule.id == rule_id:
                return pack, rule
    ids = [rule.id for pack in packs for rule in pack.rule]
    raise UsageError(f"unknown rule '{rule_id}'{did_you_mean(rule_id, ids)}")


def show_rule(packs: list[Pack], rule_id: str) -> int:
    """Everything about one rule, as an official would want to read it."""
    pack, rule = _find(packs, rule_id)
    print(f"{rule.id} ({rule.name})  {rule.title} / {rule.title_en}")
    print(f"  pack: {pack.pack.id} {pack.pack.version}; applies to: {', '.join(rule.applies_to)}; "
          f"severity: {rule.severity}; points: {rule.points:g}" + (f" (max {rule.max_points:g})" if rule.max_points else ""))
    print(f"  for each: {rule.for_each}" + (f"; when: {rule.when}" if rule.when else "") + f"; if none: {rule.if_none}")
    if rule.na_message:
        print(f"  not applicable: {rule.na_message}")
    for clause in rule.require:
        print(f"  require: {clause.expr}")
    used = {name: param for name, param in pack.params.items()
            if any(name in text for text in [rule.when or ""] + [c.expr for c in rule.require])}
    for name, param in used.items():
        print(f"  param {name} = {param.default!r}: {param.description}")
    for cite in rule.cite:
        flag = "" if cite.verified else " (unverified)"
        print(f"  cite: {pack.sources[cite.source].title} {cite.article}{flag}: “{cite.text}”")
    if rule.penalty is not None:
        flag = "" if rule.penalty.verified else " (unverified)"
        print(f"  penalty: {pack.sources[rule.penalty.source].title} {rule.penalty.article}{flag}: “{rule.penalty.text}”")
    print(f"  remediation: {rule.remediation}")
    for example in rule.examples:
        print(f"  example ({example.expect}): {example.name}")
    return 0


def test_rules(packs: list[Pack], rule_ids: set[str] | None) -> int:
    """Run the rules' examples; exit 1 if any gives an unexpected result."""
    if rule_ids:
        for rule_id in sorted(rule_ids):
            _find(packs, rule_id)
    results = run_examples(packs, rule_ids)
    failed = [r for r in results if not r.ok]
    for result in results:
        mark = "ok  " if result.ok else "FAIL"
        print(f"{mark} {result.rule_id:<16} {result.example} (expected {result.expected}, got {result.actual})")
        if not result.ok and result.detail:
            print(f"       {result.detail}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0
