"""Drills period by period: listed drills count by kind; the older last_drill_on is one drill of unknown kind and,
alone, the whole record from its day on; what the records cannot tell has no count."""
from __future__ import annotations

import datetime as dt

from compliance.core.dates import day_number
from compliance.facts.drills import ON_SITE, PLAN_DRILLS, DrillRecord, drill_record
from compliance.records.enterprise import EmergencyPlan

H1 = (day_number(dt.date(2022, 1, 1)), day_number(dt.date(2022, 6, 30)))
H2 = (day_number(dt.date(2022, 7, 1)), day_number(dt.date(2022, 12, 31)))
YEAR = (H1[0], H2[1])


def _record(**plan: object) -> DrillRecord:
    return drill_record(EmergencyPlan.model_validate({"issued_on": "2021-01-01", **plan}))


def test_listed_drills_count_by_kind_and_chinese_kinds_are_understood() -> None:
    record = _record(drills=[{"date": "2022-03-01", "kind": "现场处置"}, {"date": "2022-05-01", "kind": "综合应急预案演练"},
                             {"date": "2022-09-01", "kind": "专项"}])
    assert (record.count(*H1), record.count(*H1, ON_SITE), record.count(*H1, PLAN_DRILLS)) == (2, 1, 1)
    assert (record.count(*H2), record.count(*H2, ON_SITE)) == (1, 0)  # a listed record is whole: none on site
    assert record.count(*YEAR, PLAN_DRILLS) == 2 and record.last() == day_number(dt.date(2022, 9, 1))


def test_a_drill_without_its_kind_cannot_tell_the_kind_counts() -> None:
    record = _record(drills=[{"date": "2022-03-01"}])
    assert (record.count(*H1), record.count(*H1, ON_SITE), record.count(*H2, ON_SITE)) == (1, None, 0)


def test_the_older_last_drill_on_alone() -> None:
    before = _record(last_drill_on="2021-12-31")  # nothing after it: none in 2022
    assert (before.count(*H1), before.count(*H2), before.count(*YEAR, PLAN_DRILLS)) == (0, 0, 0)
    inside = _record(last_drill_on="2022-08-10")  # the first half cannot be told; the second has a drill of no kind
    assert (inside.count(*H1), inside.count(*H1, ON_SITE)) == (None, None)
    assert (inside.count(*H2), inside.count(*H2, ON_SITE)) == (1, None)


def test_last_drill_on_beside_listed_drills_is_one_more_drill_unless_listed() -> None:
    listed = [{"date": "2022-03-01", "kind": "on_site"}]
    assert _record(drills=listed, last_drill_on="2022-03-01").count(*YEAR) == 1  # the same drill
    extra = _record(drills=listed, last_drill_on="2022-10-01")  # a drill of unknown kind; the list is the record
    assert (extra.count(*H2), extra.count(*H2, ON_SITE), extra.count(*H1, ON_SITE)) == (1, None, 1)


def test_no_plan_no_drill() -> None:
    record = drill_record(None)
    assert (record.count(*H1), record.last()) == (0, None)
