"""Waivers: a waived gap stays visible and costs nothing; an expired one no longer applies; bad files stop the run."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from compliance.api import Options, check
from compliance.cli.main import main

BUNDLE = FIXTURES / "example-city"
WAIVERS = FIXTURES / "waivers" / "example-city-waivers.toml"
GOOD = '''[[waiver]]
unit = "jtj"
rule = "DEPT-ENF-03"
reason = "划转"
approved_by = "市安委办"
approved_on = 2022-07-01
expires_on = 2023-06-30
'''


def test_waived_gaps_stay_visible_cost_nothing_and_expired_ones_still_count() -> None:
    plain = {u.id: u for u in check(BUNDLE).units}
    waived = {u.id: u for u in check(BUNDLE, Options(waivers=WAIVERS)).units}
    statuses = {(u, f.rule_id, f.item): f.status for u in ("jtj", "cgj", "xcq")
                for f in waived[u].findings if f.rule_id in ("DEPT-ENF-03", "DEPT-SUB-01", "DEPT-MEET-02")}
    assert statuses[("jtj", "DEPT-ENF-03", "")] == "waived"
    assert statuses[("cgj", "DEPT-SUB-01", "上半年安全生产工作总结")] == "waived"
    assert statuses[("xcq", "DEPT-MEET-02", "国庆节")] == "fail"  # its waiver expired 2022-11-30
    expired = [f for f in waived["xcq"].findings if f.rule_id == "DEPT-MEET-02" and f.status == "fail"]
    assert [f.evidence["waiver_expired"]["expires_on"] for f in expired] == ["2022-11-30"]
    assert waived["jtj"].score == plain["jtj"].score + 2
    assert waived["xcq"].score == plain["xcq"].score


def test_a_waiver_of_a_period_keeps_its_items_waived_after_it_expires() -> None:
    """宏远's July-August shutdown: the waiver expired on 09-30, but the months it covers stay waived at year end."""
    hongyuan = next(u for u in check(BUNDLE, Options(waivers=WAIVERS)).units if u.id == "hongyuan")
    months = {f.item: (f.status, f.evidence.get("waiver", {}).get("covers_to")) for f in hongyuan.findings
              if f.rule_id == "ENT-INS-01" and f.status in ("fail", "waived")}
    assert months == {"2022年7月": ("waived", "2022-08-31"), "2022年8月": ("waived", "2022-08-31")}


def test_a_period_waiver_covers_only_the_items_inside_its_period(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(GOOD.replace('unit = "jtj"\nrule = "DEPT-ENF-03"', 'unit = "hongyuan"\nrule = "ENT-INS-01"')
                    + "covers_from = 2022-07-15\ncovers_to = 2022-08-31\n", encoding="utf-8")
    hongyuan = next(u for u in check(BUNDLE, Options(waivers=path)).units if u.id == "hongyuan")
    months = {f.item: f.status for f in hongyuan.findings if f.rule_id == "ENT-INS-01" and f.status != "pass"}
    assert months == {"2022年7月": "fail", "2022年8月": "waived"}  # July is only half inside the period


def test_a_waiver_for_one_item_leaves_the_others() -> None:
    units = {u.id: u for u in check(BUNDLE, Options(waivers=WAIVERS)).units}
    cgj = [(f.rule_id, f.status) for f in units["cgj"].findings if f.rule_id == "DEPT-SUB-01"]
    assert sorted(cgj) == [("DEPT-SUB-01", "pass"), ("DEPT-SUB-01", "waived")]


@pytest.mark.parametrize("rule", ["ENT-OPR-01", "ENT-WRK-01"])
def test_a_statutory_duty_of_an_enterprise_cannot_be_waived(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            rule: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(GOOD.replace('unit = "jtj"\nrule = "DEPT-ENF-03"', f'unit = "chengjian3"\nrule = "{rule}"'),
                    encoding="utf-8")
    assert main(["check", str(BUNDLE), "--waivers", str(path)]) == 2
    assert f"rule {rule} may not be waived" in capsys.readouterr().err
    assert main(["waivers", "lint", str(path)]) == 2
    assert "may not be waived (a statutory duty" in capsys.readouterr().out


def test_a_waiver_that_matches_nothing_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(GOOD.replace('unit = "jtj"', 'unit = "jtjj"'), encoding="utf-8")
    report = check(BUNDLE, Options(waivers=path))
    assert [(e.record, e.severity) for e in report.input_errors if e.file == str(path)] == [("waiver 1", "warning")]


def test_waived_gaps_do_not_fail_the_threshold(tmp_path: Path) -> None:
    """The departments' only critical gap is zjj's major hazard without a case: waived, --fail-on critical passes."""
    path = tmp_path / "w.toml"
    path.write_text(GOOD.replace('"jtj"', '"zjj"').replace("DEPT-ENF-03", "DEPT-ENF-05"), encoding="utf-8")
    run = ["check", str(BUNDLE), "--rules", "department", "--fail-on", "critical", "--output", str(tmp_path / "r.txt")]
    assert main(run) == 1
    assert main([*run, "--waivers", str(path)]) == 0


@pytest.mark.parametrize(("text", "message"), [
    ("not toml [", "malformed TOML"),
    ("[[waivers]]\nunit = 1\n", "[[waiver]] tables"),
    (GOOD.replace('reason = "划转"\n', ""), "waiver 1 (jtj DEPT-ENF-03): reason: Field required"),
    (GOOD.replace("expires_on = 2023-06-30", "expires_on = 2022-06-30"), "is before approved_on"),
    (GOOD.replace("DEPT-ENF-03", "DEPT-ENF-3"), "unknown rule 'DEPT-ENF-3' (did you mean 'DEPT-ENF-03'"),
    (GOOD + GOOD, "the same unit, rule and item as waiver 1"),
    (GOOD.replace('reason = "划转"', 'reason = "划转"\nnote = "x"'), "note: Extra inputs are not permitted"),
    (GOOD.replace('approved_by = "市安委办"', 'approved_by = "  "'), "approved_by: "),
    (GOOD + "covers_from = 2022-07-01\n", "covers_from and covers_to go together"),
    (GOOD + "covers_from = 2022-07-01\ncovers_to = 2022-06-30\n", "covers_to 2022-06-30 is before covers_from"),
])
def test_a_malformed_waiver_file_stops_the_run_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             text: str, message: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(BUNDLE), "--waivers", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "invalid waivers" in err
    assert main(["waivers", "lint", str(path)]) == 2
    assert message in capsys.readouterr().out


def test_lint_accepts_the_example_and_names_expired_waivers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["waivers", "lint", str(WAIVERS), "--as-of", "2022-12-31"]) == 0
    assert ("4 waivers OK, 2 expired by 2022-12-31 (waiver 3, 4); waiver 3 still covers 2022-07-01 to 2022-08-31"
            in capsys.readouterr().out)


def test_items_are_named_by_their_record_ids(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(GOOD.replace('"jtj"', '"cgj"').replace("DEPT-ENF-03", "DEPT-SUB-01")
                    .replace('rule = "DEPT-SUB-01"', 'rule = "DEPT-SUB-01"\nitem = "CG-S2"')
                    + GOOD.replace('"jtj"', '"zjj"').replace("DEPT-ENF-03", "DEPT-ENF-05")
                    .replace('rule = "DEPT-ENF-05"', 'rule = "DEPT-ENF-05"\nitem = "ZJ-H-2022-031"'), encoding="utf-8")
    report = check(BUNDLE, Options(waivers=path))
    waived = {(u.id, f.rule_id) for u in report.units for f in u.findings if f.status == "waived"}
    assert waived == {("cgj", "DEPT-SUB-01"), ("zjj", "DEPT-ENF-05")}
    assert not [e for e in report.input_errors if e.file == str(path)]


def test_a_waiver_approved_after_the_audit_date_applies_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(GOOD.replace("approved_on = 2022-07-01", "approved_on = 2023-05-01"), encoding="utf-8")
    report = check(BUNDLE, Options(waivers=path))
    assert [(e.field, e.severity) for e in report.input_errors if e.file == str(path)] == [("approved_on", "warning")]
    assert any(f.status == "waived" for u in report.units if u.id == "jtj" for f in u.findings)


def test_lint_names_unknown_rules_and_misspelt_fields_of_an_invalid_waiver(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.toml"
    path.write_text(GOOD.replace("DEPT-ENF-03", "DEPT-ENF-3").replace("approved_by", "aproved_by"), encoding="utf-8")
    assert main(["waivers", "lint", str(path)]) == 2
    out = capsys.readouterr().out
    assert "did you mean 'approved_by'" in out and "did you mean 'DEPT-ENF-03'" in out
