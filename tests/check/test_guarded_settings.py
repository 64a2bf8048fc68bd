"""Settings files read through the guarded boundary: baselines, profiles, waivers, schemes and packs; each refusal
one line and exit 2, never a traceback, a hang or a flood of memory."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

from compliance.check.baseline import load_baseline
from compliance.cli.main import main
from compliance.core.errors import UsageError

LAST_YEAR = FIXTURES / "example-city-2021-report.json"
DEPARTMENT = 'id = "d1"\nname = "市测试局"\n'


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    return code, err


def test_a_baseline_with_a_bom_is_read_like_records(tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + LAST_YEAR.read_bytes())
    assert load_baseline(with_bom).gaps == load_baseline(LAST_YEAR).gaps


def test_a_baseline_without_units_is_refused(tmp_path: Path) -> None:
    header = {key: value for key, value in json.loads(LAST_YEAR.read_text(encoding="utf-8")).items() if key != "units"}
    path = tmp_path / "no-units.json"
    path.write_text(json.dumps(header, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UsageError, match='no "units" list'):
        load_baseline(path)


@pytest.mark.parametrize(("text", "fragment"), [
    ('{"schema_version": "1", "audit": {"jurisdiction": "x\\ud800", "year": 2021}, "units": []}', "lone surrogate"),
    ('{"schema_version": "1", "audit": {"jurisdiction": "x", "year": 2021}, "units": [' + "[" * 5000 + "]" * 5000
     + "]}", "nested"),
    ('{"schema_version": "1", "audit": {"jurisdiction": "x", "year": 1e999}, "units": []}', "finite"),
])
def test_a_hostile_baseline_is_a_one_line_usage_error(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        load_baseline(path)
    assert fragment in str(refused.value) and "\n" not in str(refused.value)


def test_a_device_is_not_read_as_a_baseline_profile_waivers_or_scheme(
        bundle_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT})
    for option in ("--baseline", "--profile", "--waivers", "--scheme"):
        code, err = _run(capsys, "check", str(root), option, "/dev/zero")
        assert code == 2 and "not a regular file" in err and err.count("\n") == 1, (option, err)


def test_a_bundles_profile_is_a_regular_file_inside_the_bundle(bundle_dir: Any, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text("[params]\nsensitive_meeting_days = 15\n", encoding="utf-8")
    for profile, fragment in ((str(outside), "outside the bundle"), ("../outside.toml", "outside the bundle"),
                              ("/dev/zero", "outside the bundle"), ("zero.toml", "outside the bundle"),
                              ("pipe.toml", "not a regular file")):
        root = bundle_dir({"departments/d1.toml": DEPARTMENT}, f'jurisdiction = "测试市"\nyear = 2022\n'
                                                                f'profile = "{profile}"\n')
        if profile == "zero.toml":
            (root / "zero.toml").symlink_to("/dev/zero")  # a link out of the bundle is outside it
        if profile == "pipe.toml":
            os.mkfifo(root / "pipe.toml")
        code, err = _run(capsys, "check", str(root))
        assert code == 2 and fragment in err, (profile, err)
    root = bundle_dir({"departments/d1.toml": DEPARTMENT, "own.toml": "[params]\nsensitive_meeting_days = 15\n"},
                      'jurisdiction = "测试市"\nyear = 2022\nprofile = "own.toml"\n')
    code = main(["check", str(root), "--format", "json"])
    assert code == 1 and json.loads(capsys.readouterr().out)["audit"]["params"]["sensitive_meeting_days"] == 15


@pytest.mark.parametrize(("option", "text"), [
    ("--waivers", "[[waiver]]\nunit = \"d1\"\nx = " + "[" * 2000 + "]" * 2000 + "\n"),
    ("--waivers", "a" + ".a" * 40_000 + " = 1\n"),
    ("--profile", "[params]\nx = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"),
    ("--profile", "[params]\nsensitive_meeting_days = inf\n"),
    ("--scheme", "a" + ".a" * 40_000 + " = 1\n"),
    ("--rules", "[pack]\nid = \"x\"\nname = " + "[" * 3000 + "]" * 3000 + "\n"),
    ("--rules", "[pack]\nid = \"x\\udc00\"\n"),
])
def test_deep_or_hostile_settings_files_are_one_line_errors(bundle_dir: Any, tmp_path: Path, option: str, text: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT})
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    code, err = _run(capsys, "check", str(root), option, str(path))
    assert code == 2 and err.count("\n") == 1, err


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_an_audit_date_out_of_range_is_a_usage_error(bundle_dir: Any, capsys: pytest.CaptureFixture[str],
                                                     day: str) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT})
    code, err = _run(capsys, "check", str(root), "--as-of", day)
    assert code == 2 and "outside the usable range" in err


def test_a_parameter_too_large_is_a_usage_error(bundle_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT})
    code, err = _run(capsys, "check", str(root), "--param", "sensitive_meeting_days=1" + "0" * 30)
    assert code == 2 and "too large" in err
