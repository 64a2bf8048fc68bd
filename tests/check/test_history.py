"""Two consecutive audits: a periodic obligation's miss is keyed with its period, a past period's miss is past
(neither resolved nor persisting), and the obligation persists (屡查屡犯) when the unit misses any period again."""
from __future__ import annotations

import json
from pathlib import Path

from compliance.api import Options, check
from compliance.cli.main import main

LEADER = '[[leaders]]\nid = "L1"\nrole = "principal"\n'


def _department(unit_id: str, year: int, quarters: tuple[int, ...]) -> str:
    meetings = "".join(f'[[meetings]]\nid = "M{q}"\ndate = {year}-{3 * q:02d}-15\nkind = "dedicated_safety"\n'
                       f'chaired_by = "L1"\n' for q in quarters)
    return f'id = "{unit_id}"\nname = "{unit_id}局"\n{LEADER}{meetings}'


def _bundle(root: Path, year: int, quarters: dict[str, tuple[int, ...]]) -> Path:
    root.mkdir(parents=True)
    (root / "audit.toml").write_text(f'jurisdiction = "测试市"\nyear = {year}\n', encoding="utf-8")
    (root / "departments").mkdir()
    for unit_id, held in quarters.items():
        (root / "departments" / f"{unit_id}.toml").write_text(_department(unit_id, year, held), encoding="utf-8")
    return root


def test_two_consecutive_years_of_quarterly_meetings(tmp_path: Path) -> None:
    last = _bundle(tmp_path / "2021", 2021, {"d1": (1, 2, 4), "d2": (1, 3, 4), "d3": (1, 2, 3, 4)})
    report_2021 = tmp_path / "2021.json"
    assert main(["check", str(last), "--rules", "department", "--format", "json", "--output", str(report_2021)]) == 1
    gaps_2021 = {(u["id"], f["key"], f.get("period")) for u in json.loads(report_2021.read_text(encoding="utf-8"))["units"]
                 for f in u["findings"] if f["status"] == "fail" and f["rule_id"] == "DEPT-MEET-01"}
    assert gaps_2021 == {("d1", "2021-Q3", "2021-Q3"), ("d2", "2021-Q2", "2021-Q2")}

    this = _bundle(tmp_path / "2022", 2022, {"d1": (1, 3, 4), "d2": (1, 2, 3, 4), "d3": (1, 2, 4)})
    report = check(this, Options(rules=("department",), baseline=report_2021))
    meetings = {(u.id, f.key, f.history) for u in report.units for f in u.findings
                if f.status == "fail" and f.rule_id == "DEPT-MEET-01"}
    # d1 missed a quarter again (Q2 this time): the same obligation failed again, 屡查屡犯; d3 missed one for the
    # first time: new. The 2021 quarters are neither resolved nor compared with 2022's.
    assert meetings == {("d1", "2022-Q2", "persisting"), ("d3", "2022-Q3", "new")}
    tally = report.stats().tally
    assert tally is not None
    assert [gap for gap in tally.resolved() if gap.rule_id == "DEPT-MEET-01"] == []
    assert tally.past() == 2  # d1's 2021-Q3 and d2's 2021-Q2: past periods, never rectified


def test_a_report_written_before_periods_carried_their_year_reads_as_periodic(tmp_path: Path) -> None:
    this = _bundle(tmp_path / "2022", 2022, {"d1": (1, 3, 4)})
    legacy = {"schema_version": "1", "audit": {"jurisdiction": "测试市", "year": 2021, "as_of": "2021-12-31"},
              "units": [{"id": "d1", "name": "d1局", "findings": [
                  {"rule_id": "DEPT-MEET-01", "status": "fail", "severity": "high", "key": "Q3", "item": "2021年第三季度"}]}]}
    baseline = tmp_path / "legacy.json"
    baseline.write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    report = check(this, Options(rules=("department",), baseline=baseline))
    assert {(f.key, f.history) for f in report.units[0].findings if f.rule_id == "DEPT-MEET-01" and f.status == "fail"} \
        == {("2022-Q2", "persisting")}
    tally = report.stats().tally
    assert tally is not None and tally.resolved() == [] and tally.past() == 1
