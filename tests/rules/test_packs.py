"""Packs and profiles: a profile may tune packs that are not loaded, but not name parameters nobody has."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.check.pipeline import profile_overrides
from compliance.core.errors import UsageError
from compliance.rules.packs import load_packs


def test_profile_values_for_packs_not_loaded_are_skipped() -> None:
    values = {"sensitive_meeting_days": 15, "gas_alarm_test_days": 182}
    assert profile_overrides(values, load_packs(("department",))) == {"sensitive_meeting_days": 15}


def test_profile_with_an_unknown_parameter_is_refused() -> None:
    with pytest.raises(UsageError, match="did you mean 'gas_alarm_test_days'"):
        profile_overrides({"gas_alarm_test_day": 1}, load_packs(("department",)))


def test_two_packs_cannot_declare_the_same_parameter(tmp_path: Path) -> None:
    from compliance.records.catalog import rulesets_dir
    copy = tmp_path / "copy.toml"
    text = (rulesets_dir() / "department.toml").read_text(encoding="utf-8")
    copy.write_text(text.replace('id = "department"', 'id = "copy"', 1).replace('id = "DEPT-', 'id = "COPY-'),
                    encoding="utf-8")
    with pytest.raises(UsageError, match="same parameter"):
        load_packs(("department", str(copy)))
