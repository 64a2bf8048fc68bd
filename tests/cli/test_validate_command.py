"""`compliance validate` and `compliance check` on broken bundles: one line per problem, exit 2, no traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, write_bundle

from compliance.bundle.load import load_bundle
from compliance.bundle.streams import iter_records, read_record
from compliance.cli.main import main
from compliance.core.problems import InputError
from compliance.records.kinds import kind

BROKEN = FIXTURES / "broken"
BUNDLES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())
GOOD = (BROKEN / "wrong-types" / "departments" / "good.toml").read_text(encoding="utf-8")
GOOD_DISTRICT = (BROKEN / "wrong-types" / "districts" / "good.toml").read_text(encoding="utf-8")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh process, as a pipeline would."""
    return subprocess.run([sys.executable, "-m", "compliance.cli", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], says: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr and no traceback."""
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("compliance: ") and "Traceback" not in result.stderr
    assert says in result.stderr


@pytest.fixture
def clean_bundle(tmp_path: Path) -> Path:
    """A bundle with one valid department and one valid district."""
    return write_bundle(tmp_path / "clean", {"departments/good.toml": GOOD, "districts/good.toml": GOOD_DISTRICT})


@pytest.mark.parametrize("command", ["validate", "check"])
@pytest.mark.parametrize(("setup", "says"), [("missing-folder", "bundle folder not found"),
                                             ("no-audit", "needs an audit.toml"),
                                             ("bad-year", "audit.toml [audit] year: 错误: 应为整数"),
                                             ("malformed-audit", "audit.toml: 错误: TOML 格式错误")])
def test_unusable_bundle_exits_2_with_one_line(tmp_path: Path, command: str, setup: str, says: str) -> None:
    root = tmp_path / "bundle"
    if setup != "missing-folder":
        write_bundle(root, {"departments/good.toml": GOOD})
    if setup == "no-audit":
        (root / "audit.toml").unlink()
    audits = {"bad-year": 'jurisdiction = "测试市"\nyear = "abc"\n', "malformed-audit": "year = 2022-02-30\n"}
    if setup in audits:
        (root / "audit.toml").write_text(audits[setup], encoding="utf-8")
    assert_one_line_error(run(command, root), says)


def _enterprise_problems(root: Path) -> list[InputError]:
    """What validating the bundle's enterprise records reports (they are read lazily, after the loader)."""
    problems: list[InputError] = []
    for item in iter_records(root, kind("enterprise")):
        problems.extend([item] if isinstance(item, InputError) else read_record(item)[1])
    return problems


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", BUNDLES)
def test_validate_prints_one_line_per_problem(capsys: Any, name: str, lang: str) -> None:
    errors = load_bundle(BROKEN / name).input_errors + _enterprise_problems(BROKEN / name)
    code = main(["validate", "--lang", lang, str(BROKEN / name)])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[:-1] == [error.text(lang) for error in errors]
    assert len(lines) == len(errors) + 1  # and a summary line
    assert err == ""
    assert code == (2 if any(error.severity == "error" for error in errors) else 0)


def test_validate_exit_codes_of_the_broken_bundles(capsys: Any) -> None:
    codes = {name: main(["validate", str(BROKEN / name)]) for name in BUNDLES}
    capsys.readouterr()
    assert codes == {name: 0 if name == "unknown-fields" else 2 for name in BUNDLES}


def test_validate_summary_counts(capsys: Any) -> None:
    main(["validate", "--lang", "en", str(BROKEN / "missing-id")])
    assert capsys.readouterr().out.splitlines()[-1] == "5 unit records read, 3 errors, 1 warnings"


def test_validate_clean_bundle_exits_0(capsys: Any, clean_bundle: Path) -> None:
    assert main(["validate", str(clean_bundle)]) == 0
    assert capsys.readouterr().out.splitlines() == ["读取单位记录 2 条，错误 0 个，警告 0 个"]


@pytest.mark.parametrize(("name", "units", "planted"), [
    ("wrong-types", {"jtj", "dq", "wt", "ws"}, ("departments/types.toml", "wt", "meetings[1].kind")),
    ("missing-id", {"jtj", "dq", "mi"}, ("departments/noid.toml", "市水务局", "id")),
    ("malformed-toml", {"jtj", "dq"}, ("departments/bad.toml", "", "")),
])
def test_check_reports_valid_units_and_input_errors(name: str, units: set[str], planted: tuple[str, str, str]) -> None:
    result = run("check", "--format", "json", BROKEN / name)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert {unit["id"] for unit in report["units"]} == units
    assert all(unit["findings"] for unit in report["units"])
    for error in report["input_errors"]:
        assert {"file", "record", "field", "message"} <= error.keys()
        assert "\n" not in error["message"]
    assert planted in {(e["file"], e["record"], e["field"]) for e in report["input_errors"]}
    assert report["summary"]["input_errors"] >= 1


def test_check_input_errors_in_english() -> None:
    result = run("check", "--format", "json", "--lang", "en", BROKEN / "impossible-dates")
    errors = json.loads(result.stdout)["input_errors"]
    dates = [e for e in errors if (e["file"], e["field"]) == ("departments/dates.toml", "meetings[0].date")]
    assert len(dates) == 1 and dates[0]["message"].startswith("'2022-13-01' is not a valid date")
