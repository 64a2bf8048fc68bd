"""Ruleset loading is strict: unknown keys, duplicate ids, dangling citations and bad conditions name file and rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.core.errors import RulesetError
from compliance.records.catalog import rulesets_dir
from compliance.rules.pack import load_pack

SHIPPED = (rulesets_dir() / "department.toml").read_text(encoding="utf-8")
HEADER = SHIPPED.split("# ----")[0]
RULE = '''
[[rule]]
id = "TEST-ONE-01"
name = "test-rule"
title = "测试"
title_en = "test"
applies_to = ["department"]
severity = "low"
points = 1
require = ["{expr}"]
remediation = "改"
remediation_en = "fix"
{extra}
[[rule.cite]]
source = "{source}"
article = "三（三）"
text = "每季度至少专题研究一次安全生产工作"
verified = true

[[rule.examples]]
name = "p"
expect = "pass"
unit = {{ id = "D", name = "局" }}

[[rule.examples]]
name = "f"
expect = "fail"
unit = {{ id = "D", name = "局" }}
'''


def _write(tmp_path: Path, expr: str = "prl_published", source: str = "S0", extra: str = "", twice: bool = False) -> Path:
    rule = RULE.format(expr=expr, source=source, extra=extra)
    path = tmp_path / "pack.toml"
    path.write_text(HEADER + rule + (rule if twice else ""), encoding="utf-8")
    return path


def test_shipped_packs_load() -> None:
    pack = load_pack(rulesets_dir() / "department.toml")
    assert len(pack.rule) >= 20
    assert len({rule.id for rule in pack.rule}) == len(pack.rule)


def test_a_valid_rule_loads(tmp_path: Path) -> None:
    assert load_pack(_write(tmp_path)).rule[0].id == "TEST-ONE-01"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"expr": "prl_publishd"}, "unknown field or parameter 'prl_publishd' of unit (did you mean 'prl_published'?)"),
    ({"expr": "__import__('os')"}, "unknown function"),
    ({"expr": "prl_published.__class__"}, "not allowed"),
    ({"expr": "[x for x in ()]"}, "not allowed"),
    ({"expr": "prl_published and"}, "syntax error"),
    ({"expr": "prl_revised >= 'x'"}, "cannot compare"),
    ({"expr": "exists(meetng, day > 1)"}, "unknown fact type 'meetng' (did you mean 'meeting'?)"),
    ({"expr": "prl_published or exists(meeting, day > 1)"}, "exists() must be a whole clause"),
    ({"expr": "subject.year > 1"}, "only allowed inside exists()"),
    ({"source": "S9"}, "cite source 'S9' is not in [sources]"),
    ({"extra": "colour = 'red'"}, "colour: unknown key"),
    ({"extra": "for_each = 'leaders'"}, "unknown fact type 'leaders' (did you mean 'leader'?)"),
    ({"twice": True}, "duplicate rule id"),
])
def test_bad_rules_are_rejected_with_file_and_rule(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(RulesetError) as caught:
        load_pack(_write(tmp_path, **kwargs))  # type: ignore[arg-type]
    text = str(caught.value)
    assert text.startswith("invalid ruleset: pack.toml: rule TEST-ONE-01: "), text
    assert message in text


def test_malformed_toml_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[pack\nid=", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_pack(path)
    assert str(caught.value).startswith("invalid ruleset: broken.toml: malformed TOML")
    assert "\n" not in str(caught.value)
