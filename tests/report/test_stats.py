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
