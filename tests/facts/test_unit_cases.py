"""A case's fines are judged against its penalty article: the unit's range (or the uncorrected one), the persons'
range, the department's own statement only where no article decides; what cannot be told is said."""
from __future__ import annotations

from typing import Any

from compliance.facts.unit_cases import case_values, judge_case
from compliance.records.unit import EnforcementCase


def _case(**fields: Any) -> EnforcementCase:
    return EnforcementCase.model_validate({"id": "C1", "decided_on": "2022-04-01", **fields})


def test_the_article_decides_the_units_maximum() -> None:
    judged = judge_case(_case(penalty_article="第九十七条", fine_yuan=100000, fine_max_yuan=50000))
    assert (judged.unit_max, judged.top, judged.article) == (100000, True, "第九十七条")
    assert judged.problems and "100,000" in judged.problems[0][1]  # the stated 50,000 differs: a warning


def test_uncorrected_raises_the_maximum_and_persons_are_judged_too() -> None:
    judged = judge_case(_case(penalty_article=97, uncorrected=True, fine_yuan=200000,
                              person_fines=[{"name": "张某", "fine_yuan": 20000}]))
    assert judged.unit_max == 200000 and judged.top is False
    assert judged.below("zh") == "张某2万元（第九十七条上限5万元）"
    assert case_values(judged)["persons_fined"] == 1


def test_without_an_article_the_stated_maximum_is_used_and_persons_cannot_be_judged() -> None:
    judged = judge_case(_case(fine_yuan=30000, fine_max_yuan=30000))
    assert (judged.top, judged.basis_zh, judged.stated) == (True, "部门填报", True)
    below = judge_case(_case(fine_yuan=10000, fine_max_yuan=30000))
    assert below.below("zh") == "单位罚款1万元（部门填报的上限3万元）"
    assert below.below("en") == "the unit's fine 10,000 yuan (max 30,000 yuan, as stated by the department)"
    persons = judge_case(_case(fine_yuan=30000, fine_max_yuan=30000, person_fines=[{"name": "李某", "fine_yuan": 1}]))
    assert persons.judged is False and persons.top is None


def test_an_article_with_no_fixed_fine_falls_back_to_the_statement_with_a_warning() -> None:
    judged = judge_case(_case(penalty_article="第九十五条", person_fines=[{"fine_yuan": 80000}]))
    assert judged.judged is False and "第九十五条" in judged.problems[0][0]
    ambiguous = judge_case(_case(penalty_article="第一百零三条", fine_yuan=10000, fine_max_yuan=50000))
    assert ambiguous.unit_max == 50000 and "第一百零三条第二款" in ambiguous.problems[0][0]


def test_no_fine_is_not_a_fined_case_and_a_fine_above_the_maximum_is_a_warning() -> None:
    assert case_values(judge_case(_case(fine_yuan=0)))["fined"] is False
    over = judge_case(_case(penalty_article="第一百零二条", fine_yuan=80000))
    assert over.top is True and any("超过上限" in zh for zh, _en in over.problems)
