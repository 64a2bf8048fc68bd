"""Enforcement cases judged against the law's fines (上限处罚、顶格处理): the maximum of each fine, unit and persons."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.core.problems import InputError
from compliance.records.penalties import PenaltyArticle, article_reference, find_article
from compliance.records.unit import EnforcementCase


@dataclass(frozen=True)
class Fine:
    """One fine of a case: on whom, how much, and the most the law allows."""

    who_zh: str
    who_en: str
    amount: int | None
    limit: int | None
    basis: str = ""  # the article the maximum is from (第九十七条), or "" for the department's own statement
    person: bool = False

    def below(self, lang: str) -> str:
        """单位罚款1万元（第九十七条上限10万元）, or "" when the fine is at its maximum or a figure is unknown."""
        if self.amount is None or self.limit is None or self.amount >= self.limit:
            return ""
        if lang == "en":
            basis = self.basis or "as stated by the department"
            return f"{self.who_en} {_yuan(self.amount, lang)} (max {_yuan(self.limit, lang)}, {basis})"
        return f"{self.who_zh}{_yuan(self.amount, lang)}（{self.basis or '部门填报的'}上限{_yuan(self.limit, lang)}）"


@dataclass
class CaseJudgement:
    """One case's fines and their maxima: whether every fine is known and at its maximum."""

    article: str | None = None  # the penalty article's label, when the table has it
    basis_zh: str = ""  # where the maximum comes from: the article, or the department's own statement
    basis_en: str = ""
    stated: bool = False  # the unit's maximum is the department's own statement (fine_max_yuan), not the law's
    unit_max: int | None = None
    fines: list[Fine] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # warnings (zh, en)

    @property
    def fined(self) -> bool:
        """Has the case a fine on the unit or on anyone?"""
        return bool(self.fines)

    @property
    def judged(self) -> bool:
        """Is every fine's amount and maximum known?"""
        return self.fined and all(fine.amount is not None and fine.limit is not None for fine in self.fines)

    @property
    def top(self) -> bool | None:
        """Is every fine at its maximum (None when a fine or a maximum is unknown)?"""
        if not self.judged:
            return None
        return not any(fine.below("zh") for fine in self.fines)

    def below(self, lang: str) -> str:
        """The fines below their maximum, e.g. 单位罚款1万元（上限10万元）."""
        return ("、" if lang == "zh" else ", ").join(filter(None, (fine.below(lang) for fine in self.fines)))


def _yuan(amount: int | None, lang: str) -> str:
    if amount is None:
        return "?"
    if lang == "en":
        return f"{amount:,} yuan"
    return f"{amount // 10000}万元" if amount % 10000 == 0 and amount else f"{amount}元"


def judge_case(case: EnforcementCase) -> CaseJudgement:
    """The maximum of each of a case's fines: from its penalty article (the table), else the department's own
    statement (fine_max_yuan) for the unit's fine, said so."""
    out = CaseJudgement()
    entry = _entry(case, out)
    uncorrected = bool(case.uncorrected)
    if entry is not None:
        out.article, out.basis_zh, out.basis_en = entry.label, f"《安全生产法》{entry.label}", f"Work Safety Law {entry.label}"
        out.unit_max = entry.unit_max(uncorrected)
        if out.unit_max is None and case.fine_max_yuan is not None:
            _stated(case.fine_max_yuan, out)
    elif case.fine_max_yuan is not None:
        _stated(case.fine_max_yuan, out)
    if case.fine_yuan:
        out.fines.append(Fine("单位罚款", "the unit's fine", case.fine_yuan, out.unit_max,
                              "" if out.stated else out.article or ""))
        _check_against_statement(case, entry, out)
    persons_max = entry.persons_max(uncorrected) if entry is not None else None
    for person in case.person_fines:
        if person.fine_yuan != 0:
            name = person.name or person.title
            out.fines.append(Fine(name or "责任人", name or "a responsible person", person.fine_yuan, persons_max,
                                  entry.label if entry is not None else "", True))
    return out


def _stated(maximum: int, out: CaseJudgement) -> None:
    out.unit_max, out.stated, out.basis_zh, out.basis_en = maximum, True, "部门填报", "as stated by the department"


def _entry(case: EnforcementCase, out: CaseJudgement) -> PenaltyArticle | None:
    """The table's entry for the case's penalty article; a reference the table cannot place is a warning."""
    if case.penalty_article is None:
        return None
    ref = article_reference(case.penalty_article)
    if ref is None:
        return None
    entry, candidates = find_article(ref)
    if entry is not None and (entry.unit is not None or entry.unit_uncorrected is not None or entry.persons is not None
                              or entry.persons_uncorrected is not None):
        return entry
    if candidates:
        out.problems.append((f"{ref.label()}有多个罚则（{candidates}），请写明款、项",
                             f"{ref.label()} has several penalties ({candidates}): name the paragraph or item"))
    else:
        note = f"（{entry.note}）" if entry is not None and entry.note else ""
        out.problems.append((f"{ref.label()}不是罚款数额固定的罚则{note}，以部门填报的上限（fine_max_yuan）为准",
                             f"{ref.label()} sets no fixed fine; the maximum stated (fine_max_yuan) is used"))
    return None


def _check_against_statement(case: EnforcementCase, entry: PenaltyArticle | None, out: CaseJudgement) -> None:
    """A stated maximum that differs from the article's, or a fine above the maximum, is worth a warning."""
    if entry is not None and case.fine_max_yuan is not None and out.unit_max is not None \
            and case.fine_max_yuan != out.unit_max and not out.stated:
        out.problems.append((f"填报的上限{_yuan(case.fine_max_yuan, 'zh')}与{entry.label}的上限"
                             f"{_yuan(out.unit_max, 'zh')}不一致，以法定上限为准",
                             f"the maximum stated ({_yuan(case.fine_max_yuan, 'en')}) differs from {entry.label}'s "
                             f"({_yuan(out.unit_max, 'en')}); the law's is used"))
    if case.fine_yuan is not None and out.unit_max is not None and case.fine_yuan > out.unit_max:
        out.problems.append((f"罚款{_yuan(case.fine_yuan, 'zh')}超过上限{_yuan(out.unit_max, 'zh')}",
                             f"the fine of {_yuan(case.fine_yuan, 'en')} exceeds the maximum of "
                             f"{_yuan(out.unit_max, 'en')}"))


def case_values(judgement: CaseJudgement) -> dict[str, Any]:
    """The fields of a case fact that DEPT-ENF-04 reads."""
    return {
        "article": judgement.article, "fine_max": judgement.unit_max,
        "persons_fined": sum(1 for fine in judgement.fines if fine.person),
        "fined": judgement.fined, "judged": judgement.judged if judgement.fined else None, "top_fine": judgement.top,
    }


def case_warnings(file: str, unit_id: str, index: int, judgement: CaseJudgement) -> list[InputError]:
    """The judgement's problems as warnings on the case's penalty article."""
    return [InputError(file, unit_id, f"enforcement.cases[{index}].penalty_article", zh, en, "warning")
            for zh, en in judgement.problems]
