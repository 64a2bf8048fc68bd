"""The command line: sub-commands, exit codes 0/1/2, one-line errors, languages and parameters."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from compliance.cli.main import main
from compliance.report.reading import whole_units

DEPARTMENT = '''id = "D1"
name = "市测试局"
[power_responsibility_list]
revised_on = 2022-03-01
published = false
'''


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def bundle(bundle_dir) -> Path:  # type: ignore[no-untyped-def]
    return bundle_dir({"departments/d1.toml": DEPARTMENT})  # type: ignore[no-any-return]


def test_rules_list_show_and_test(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "list")
    assert code == 0 and "DEPT-MEET-01" in out and "DEPT-ENF-05" in out
    code, out, _ = _run(capsys, "rules", "show", "DEPT-MEET-01")
    assert code == 0 and "每季度至少专题研究一次安全生产工作" in out and "三（三）" in out
    code, out, _ = _run(capsys, "rules", "test", "DEPT-PRL-05")
    assert code == 0 and out.strip().endswith("2 passed, 0 failed")


def test_unknown_rule_is_a_usage_error_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "rules", "show", "DEPT-MEET-1")
    assert code == 2
    assert err.strip() == "compliance: usage error: unknown rule 'DEPT-MEET-1' (did you mean 'DEPT-MEET-01'?)"


def test_schema_is_json_schema_of_the_records(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert "meetings" in schema["$defs"]["department"]["properties"]
    assert "sensitive_periods" in schema["$defs"]["audit"]["properties"]
    assert "special_operators" in schema["$defs"]["enterprise"]["properties"]
    assert "directive" in schema["$defs"]["directives"]["properties"]
    assert "report" in schema["$defs"]["statistics"]["properties"]


def test_check_exit_codes_follow_fail_on(capsys: pytest.CaptureFixture[str], bundle: Path) -> None:
    code, out, _ = _run(capsys, "check", str(bundle))
    assert code == 1 and "DEPT-PRL-05" in out
    code, _, _ = _run(capsys, "check", str(bundle), "--rules", "department", "--fail-on", "critical")
    assert code == 0  # no critical rule fails: no major hazard was found


def test_english_report(capsys: pytest.CaptureFixture[str], bundle: Path) -> None:
    code, out, _ = _run(capsys, "check", str(bundle), "--lang", "en")
    assert code == 1
    assert "Power-and-responsibility list published" in out and "the list has not been published" in out


def test_params_override_and_reject_unknown(capsys: pytest.CaptureFixture[str], bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    code, _, _ = _run(capsys, "check", str(bundle), "--param", "sensitive_meeting_days=10", "--format", "json",
                      "--output", str(target))
    assert code == 1 and json.loads(target.read_text(encoding="utf-8"))["audit"]["params"]["sensitive_meeting_days"] == 10
    code, _, err = _run(capsys, "check", str(bundle), "--param", "sensitive_meeting_day=10")
    assert code == 2 and "did you mean 'sensitive_meeting_days'" in err
    code, _, err = _run(capsys, "check", str(bundle), "--param", "sensitive_meeting_days=many")
    assert code == 2 and "must be int" in err


def test_profile_tightens_parameters(capsys: pytest.CaptureFixture[str], bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    _run(capsys, "check", str(bundle), "--profile", "stricter-province", "--format", "json", "--output", str(target))
    params = json.loads(target.read_text(encoding="utf-8"))["audit"]["params"]
    assert params["top_fine_share_pct"] == 80 and params["min_safety_law_cases"] == 3


def test_unknown_format_and_missing_bundle_are_one_line_errors(capsys: pytest.CaptureFixture[str], bundle: Path,
                                                               tmp_path: Path) -> None:
    code, _, err = _run(capsys, "check", str(bundle), "--format", "pdf")
    assert code == 2 and err.count("\n") == 1 and "unknown format 'pdf'" in err
    code, _, err = _run(capsys, "check", str(tmp_path / "nowhere"))
    assert code == 2 and err.count("\n") == 1 and "bundle folder not found" in err


def test_as_of_keeps_quarters_not_yet_ended_pending(capsys: pytest.CaptureFixture[str], bundle_dir,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    root = bundle_dir({"departments/d1.toml": DEPARTMENT})
    target = tmp_path / "r.json"
    _run(capsys, "check", str(root), "--as-of", "2022-07-15", "--format", "json", "--output", str(target))
    report = json.loads(target.read_text(encoding="utf-8"))
    quarters = {(f["item"], f["status"], f["count"]) for f in whole_units(report)[0]["findings"]
                if f["rule_id"] == "DEPT-MEET-01"}
    assert report["audit"]["as_of"] == "2022-07-15"
    assert quarters == {("2022年第一季度", "fail", 1), ("2022年第二季度", "fail", 1), ("2022年第三季度", "pending", 1),
                        ("2022年第四季度", "pending", 1)}
    pending = [f for f in whole_units(report)[0]["findings"] if f["status"] == "pending"]
    assert {f["evidence"]["due"] for f in pending if f["rule_id"] == "DEPT-MEET-01"} == {"2022-09-30", "2022-12-31"}
    assert all(f["points"] == 0 for f in pending) and report["summary"]["pending"] == len(pending)
    code, _, err = _run(capsys, "check", str(root), "--as-of", "2022-13-01")
    assert code == 2 and "not a date" in err


def test_input_errors_are_named_on_stderr_when_the_report_goes_to_a_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "broken" / "wrong-types"), "--output", str(tmp_path / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("compliance: input error: ") and err.count("\n") == 1


def test_a_failed_run_leaves_no_partial_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compliance.formatters import text

    out = tmp_path / "report.txt"
    out.write_text("last good report", encoding="utf-8")

    def broken(*args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(text.TextFormatter, "end", broken)
    assert main(["check", str(FIXTURES / "example-city"), "--output", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "last good report" and [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_scheme_that_cannot_be_used_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str], bundle: Path,
                                                                 tmp_path: Path) -> None:
    scheme = tmp_path / "scheme.toml"
    scheme.write_text('[scheme]\nid = "x"\ntitle = "x"\ntitle_en = "x"\n', encoding="utf-8")
    code, out, err = _run(capsys, "check", str(bundle), "--scheme", str(scheme))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "assessment scheme scheme.toml: sheet: Field required" in err


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "compliance.cli", "check", str(Path(__file__).resolve().parents[2] /
                                                                     "fixtures" / "example-city")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        errors = process.stderr.read().decode()
        assert process.wait(timeout=120) == 2
    assert errors == ""


def test_evidence_all_gives_the_passes_their_evidence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    reports = {}
    for evidence in ("gaps", "all"):
        target = tmp_path / f"{evidence}.json"
        _run(capsys, "check", str(FIXTURES / "example-city"), "--format", "json", "--evidence", evidence, "--output", str(target))
        reports[evidence] = json.loads(target.read_text(encoding="utf-8"))
    passes = {evidence: [f for u in report["units"] for f in u["findings"] if f["status"] == "pass"]
              for evidence, report in reports.items()}
    assert len(passes["gaps"]) == len(passes["all"]) > 0
    assert not any("evidence" in f for f in passes["gaps"]) and all("evidence" in f for f in passes["all"])
    assert (tmp_path / "gaps.json").stat().st_size < (tmp_path / "all.json").stat().st_size
    code, _, err = _run(capsys, "check", str(FIXTURES / "example-city"), "--evidence", "some")
    assert code == 2 and "--evidence" in err
