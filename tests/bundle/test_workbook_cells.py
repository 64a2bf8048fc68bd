"""What clerks type, read as each column's value."""
from __future__ import annotations

import datetime as dt

import pytest

from compliance.bundle.workbook.cells import CellProblem, cell_value, written_value
from compliance.records.workbook.layout import layout

MEETING = layout("department").sheet("会议")
BASIC = layout("department").sheet("基本信息")
STATS = layout("statistics").sheet("统计报表")
ENTERPRISE = layout("enterprise").sheet("基本信息")


@pytest.mark.parametrize("typed", ["2022-03-01", "2022/3/1", "2022.3.1", "2022年3月1日", "２０２２年３月１日",
                                   " 2022-3-01 ", "20220301", dt.datetime(2022, 3, 1), dt.date(2022, 3, 1), 44621])
def test_dates_as_clerks_type_them(typed: object) -> None:
    assert cell_value(typed, MEETING.column("date")) == dt.date(2022, 3, 1)


@pytest.mark.parametrize("typed", ["2022-13-01", "三月一日", "2022-02-30", True])
def test_a_date_that_is_not_one_says_how_to_write_it(typed: object) -> None:
    with pytest.raises(CellProblem, match="日期格式错误"):
        cell_value(typed, MEETING.column("date"))


@pytest.mark.parametrize(("typed", "value"), [("是", True), ("√", True), ("Y", True), ("y", True), (True, True),
                                               ("否", False), ("×", False), ("N", False), (0, False), ("　是　", True)])
def test_yes_and_no(typed: object, value: bool) -> None:
    assert cell_value(typed, BASIC.column("power_responsibility_list.published")) is value


def test_something_else_is_not_yes_or_no() -> None:
    with pytest.raises(CellProblem, match="是.*否"):
        cell_value("也许", BASIC.column("power_responsibility_list.published"))


@pytest.mark.parametrize(("typed", "value"), [("12", 12), ("１２", 12), (12.0, 12), ("1,200", 1200), ("12人", 12),
                                               (" 7 ", 7)])
def test_whole_numbers_stored_as_text_or_full_width(typed: object, value: int) -> None:
    assert cell_value(typed, ENTERPRISE.column("headcount")) == value


@pytest.mark.parametrize("typed", ["12.5", "十二", 12.5])
def test_a_number_that_is_not_whole_is_a_problem(typed: object) -> None:
    with pytest.raises(CellProblem, match="整数"):
        cell_value(typed, ENTERPRISE.column("headcount"))


def test_blank_cells_are_not_provided_and_text_is_kept_as_typed() -> None:
    assert cell_value("  ", MEETING.column("chaired_by")) is None
    assert cell_value(1001, MEETING.column("id")) == "1001"
    assert cell_value(1001.0, MEETING.column("id")) == "1001"
    assert cell_value("=A1", MEETING.column("id")) == "=A1"


def test_choices_by_code_or_chinese_label_and_lists_split() -> None:
    kind = MEETING.column("kind")
    assert cell_value("安全生产专题会议", kind) == "dedicated_safety" == cell_value("dedicated_safety", kind)
    assert cell_value("另一种", kind) == "另一种"  # left to the model, which reports it
    assert cell_value("议题一；议题二;议题三\n议题四", MEETING.column("topics")) == ["议题一", "议题二", "议题三", "议题四"]
    assert written_value(["a", "b"], MEETING.column("topics")) == "a；b"
    assert written_value("dedicated_safety", kind) == "安全生产专题会议"


def test_masked_figures() -> None:
    column = STATS.column("accidents")
    assert cell_value("＊", column) == "*" and cell_value("3", column) == 3 and cell_value(-19.4, column) == -19.4
    with pytest.raises(CellProblem, match=r"\*"):
        cell_value("不详", column)


def test_dates_and_times_lists_of_dates_and_choices_and_article_numbers() -> None:
    accident = layout("accidents").sheet("生产安全事故").column("received_at")
    moment = dt.datetime(2022, 3, 1, 14, 30)
    for typed in ("2022-03-01 14:30", "2022/3/1 14:30:00", "2022年3月1日14时30分", moment):
        assert cell_value(typed, accident) == moment
    with pytest.raises(CellProblem, match="日期时间"):
        cell_value("2022-03-01", accident)
    operator = layout("enterprise").sheet("特种作业人员")
    assert cell_value("2022/3/1；2022年3月2日", operator.column("worked_on")) == [dt.date(2022, 3, 1), dt.date(2022, 3, 2)]
    modes = layout("enterprise").sheet("基本信息").column("business_modes")
    assert cell_value("储存；经营", modes) == ["storage", "trading"] and cell_value("无", modes) == []
    assert written_value([], modes) == "无" and written_value(["storage"], modes) == "储存"
    article = layout("department").sheet("执法案件").column("penalty_article")
    assert cell_value(102.0, article) == 102 and cell_value("第一百零二条", article) == "第一百零二条"


def test_items_without_ids_link_their_own_items_by_place() -> None:
    previous = layout("enterprise").sheet("以前的操作证")
    assert [(link.key, link.by_position, link.header()) for link in previous.links] == [
        ("^id", False, "企业编号"), ("^special_operators.#", True, "所属特种作业人员序号")]
