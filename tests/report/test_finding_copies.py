"""Finding.changed: the copy dataclasses.replace would make, faster, and no field it does not know."""
from __future__ import annotations

import dataclasses

import pytest

from compliance.report.model import Finding, Location, RuleDoc

RULE = RuleDoc("ENT-WRK-01", "training", "enterprise", "三级安全教育", "safety training", "high")
GAP = Finding(RULE, "hongyuan", "fail", "high", "张三：未培训", "Zhang San: not trained",
              Location("enterprises.jsonl", "workers[0].trained", 3), {"values": {"trained": False}},
              item="张三", points=2.0, key="w1")


def test_a_changed_finding_equals_what_replace_makes() -> None:
    changes = {"points": 0.0, "gap": "missing_data", "charged_to": "jtj"}
    changed = GAP.changed(**changes)
    assert changed == dataclasses.replace(GAP, **changes)  # type: ignore[arg-type]
    assert (changed.points, changed.gap, changed.charged_to, changed.item) == (0.0, "missing_data", "jtj", "张三")


def test_the_original_is_left_as_it_was() -> None:
    GAP.changed(status="waived", points=0.0)
    assert (GAP.status, GAP.points) == ("fail", 2.0)


def test_a_field_a_finding_does_not_have_is_refused() -> None:
    with pytest.raises(TypeError, match="no field 'pionts'"):
        GAP.changed(pionts=1.0)
