"""Run statistics: counting, ranking (bounded for enterprises), exit codes."""
from __future__ import annotations

from compliance.check.view import build_view
from compliance.records.catalog import merged_catalog
from compliance.report.stats import RunStats, UnitSummary

VIEW = build_view(merged_catalog())

COUNTS = {"passed": 1, "failed": 0, "waived": 0, "not_applicable": 0, "errors": 0}


def _enterprise(unit_id: str, score: float, name: str = "x") -> UnitSummary:
    return UnitSummary(unit_id, name, "enterprise", score, dict(COUNTS), -1)


def test_enterprises_with_the_same_id_and_score_do_not_break_the_ranking() -> None:
    stats = RunStats(view=VIEW)
    for index in range(30):
        stats.add_unit(_enterprise("A", 90.0, name=f"n{index}"))
    ranking = stats.ranking()
    assert len(ranking) == 20 and {u.id for u in ranking} == {"A"}


def test_the_lowest_scores_are_kept() -> None:
    stats = RunStats(view=VIEW)
    for index in range(100):
        stats.add_unit(_enterprise(f"E{index:03d}", float(index)))
    assert [u.score for u in stats.ranking()] == [float(i) for i in range(20)]
    assert stats.enterprises == 100 and stats.units == 100


def test_the_units_of_a_kind_are_listed_in_report_order_while_all_are_kept() -> None:
    stats = RunStats(view=VIEW)
    stats.add_unit(UnitSummary("d2", "局二", "department", 80.0, dict(COUNTS), -1))
    stats.add_unit(UnitSummary("d1", "局一", "department", 90.0, dict(COUNTS), -1))
    for index, score in enumerate((70.0, 95.0, 60.0)):
        stats.add_unit(_enterprise(f"E{index}", score))
    assert [u.id for u in stats.listed("department")] == ["d2", "d1"]
    assert [u.id for u in stats.listed("enterprise")] == ["E0", "E1", "E2"]
    assert stats.listed("city") == [] and stats.listed("district") == []
    for index in range(3, 21):
        stats.add_unit(_enterprise(f"E{index}", 50.0))
    assert stats.listed("enterprise") is None  # 21 checked, the 20 lowest kept: not all of them
