"""Not yet due is not a gap: an obligation whose deadline is after the audit date is pending, shown with its
deadline, counted apart, costs no points and never fails --fail-on; once the deadline has passed it is judged."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import FIXTURES

from compliance.api import Options, check
from compliance.cli.main import main
from compliance.formatters import render

BUNDLE = FIXTURES / "example-city"
MID_YEAR = dt.date(2022, 9, 15)


def _statuses(as_of: dt.date | None) -> dict[tuple[str, str, str], tuple[str, str]]:
    report = check(BUNDLE, Options(as_of=as_of))
    return {(u.id, f.rule_id, f.item): (f.status, str(f.evidence.get("due", ""))) for u in report.units
            for f in u.findings if f.status in ("fail", "pending")}


def test_a_mid_year_self_check_keeps_what_is_not_yet_due_pending() -> None:
    mid_year, year_end = _statuses(MID_YEAR), _statuses(None)
    for key, due in [(("jyj", "DEPT-LEAD-01", "曹俊（副局长）"), "2022-12-31"),  # duty list 年底前
                     (("scjgj", "DEPT-MEET-01", "2022年第四季度"), "2022-12-31"),  # the Q4 meeting
                     (("dcq", "DEPT-SUB-01", "2022年度安全生产约谈及挂牌督办情况"), "2022-12-20"),  # a later submission
                     (("jyj", "CITY-DIR-02", "关于做好国庆节及党的二十大期间安全防范工作的通知：市教育局"), "2022-09-25")]:
        assert mid_year[key] == ("pending", due), key
        assert year_end[key][0] == "fail", key  # the same obligation, judged once its deadline has passed


def test_pending_costs_nothing_and_never_fails_the_run(tmp_path: Path) -> None:
    report = check(BUNDLE, Options(as_of=MID_YEAR))
    pending = [f for u in report.units for f in u.findings if f.status == "pending"]
    assert pending and all(f.points == 0 and f.key == "" for f in pending)
    summary = report.summary()
    assert summary["pending"] == len(pending) and summary["failed"] == sum(
        1 for u in report.units for f in u.findings if f.status == "fail")
    out = tmp_path / "r.json"
    assert main(["check", str(BUNDLE), "--as-of", "2022-09-15", "--format", "json", "--output", str(out),
                 "--fail-on", "critical"]) in (0, 1)
    document = json.loads(out.read_text(encoding="utf-8"))
    shown = [f for u in document["units"] for f in u["findings"] if f["status"] == "pending"]
    assert len(shown) == len(pending) and all(f["evidence"]["due"] for f in shown)


def test_a_unit_with_only_pending_obligations_passes_every_fail_on(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    department = ('id = "D1"\nname = "市测试局"\n[[leaders]]\nid = "L1"\nrole = "principal"\n'
                  'duty_list_issued_on = 2022-02-01\n')
    root = bundle_dir({"departments/d1.toml": department})
    report = check(root, Options(rules=("department",), as_of=dt.date(2022, 3, 1)))
    lead = [f for f in report.units[0].findings if f.rule_id == "DEPT-LEAD-02"]
    assert [(f.status, f.evidence["due"]) for f in lead] == [("pending", "2022-12-31")]
    text = render("text", report, "zh")
    assert "[待到期] DEPT-LEAD-02" in text and "尚未到期（期限2022-12-31）" in text
