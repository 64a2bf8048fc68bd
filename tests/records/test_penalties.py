"""The penalty table is the law's text: every entry quoted verbatim, every range stated by its own words, each
branch where the law puts it; article references are read in the forms records use."""
from __future__ import annotations

import pytest
from conftest import ROOT

from compliance.records.penalties import (
    ArticleRef,
    FineRange,
    PenaltyArticle,
    article_reference,
    chinese_number,
    find_article,
    penalty_table,
    to_int,
)

LAW = (ROOT / "tests" / "data" / "sources" / "work-safety-law-2021-penalties.md").read_text(encoding="utf-8")
ENTRIES = [pytest.param(entry, id=entry.label) for entry in penalty_table()]


def _yuan(amount: int) -> str:
    """An amount as the law writes it: 100000 -> 十万元, 2000000 -> 二百万元, 10000000 -> 一千万元."""
    assert amount % 10000 == 0, amount
    tens_of_thousands = amount // 10000
    if tens_of_thousands >= 1000:
        return f"{chinese_number(tens_of_thousands // 1000)}千万元"
    return f"{chinese_number(tens_of_thousands)}万元"


def _wording(fine: FineRange) -> str:
    if fine.min == 0:
        return f"处{_yuan(fine.max)}以下的罚款"
    return f"{_yuan(fine.min)}以上{_yuan(fine.max)}以下的罚款"


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_text_is_verbatim_in_the_law(entry: PenaltyArticle) -> None:
    heading = f"第{chinese_number(entry.article)}条 "
    assert heading in LAW, entry.label
    article = LAW.split(heading, 1)[1].split("\n第", 1)[0]
    for piece in entry.text.split("…"):
        assert piece in article, f"{entry.label}: not in the article: {piece}"


@pytest.mark.parametrize("entry", ENTRIES)
def test_each_range_is_stated_by_its_quote_in_its_branch(entry: PenaltyArticle) -> None:
    ranges = {"unit": entry.unit, "unit_uncorrected": entry.unit_uncorrected, "persons": entry.persons,
              "persons_uncorrected": entry.persons_uncorrected}
    turn = entry.text.find(entry.uncorrected_wording)
    for name, fine in ranges.items():
        if fine is None:
            continue
        assert fine.quote in entry.text, f"{entry.label} {name}: quote not in the text"
        assert _wording(fine) in fine.quote, f"{entry.label} {name}: {_wording(fine)} not in {fine.quote}"
        assert fine.min < fine.max
        where = entry.text.find(fine.quote) if not name.endswith("uncorrected") else entry.text.rfind(fine.quote)
        if name.endswith("uncorrected"):
            assert 0 <= turn <= where, f"{entry.label} {name}: not after {entry.uncorrected_wording}"
        else:
            assert turn == -1 or where < turn, f"{entry.label} {name}: not before {entry.uncorrected_wording}"
        if name.startswith("persons") and entry.party == "生产经营单位":
            assert "直接负责的主管人员和其他直接责任人员" in fine.quote


def test_the_ranges_the_brief_names() -> None:
    """Art. 97: up to 100,000; uncorrected 100,000–200,000, persons 20,000–50,000 (and the others' maxima)."""
    art97 = find_article(ArticleRef(97))[0]
    assert art97 is not None
    assert (art97.unit_max(False), art97.unit_max(True), art97.persons_max(True)) == (100000, 200000, 50000)
    assert art97.persons_max(False) == 50000  # it fines persons only when uncorrected: that branch is the only one
    maxima = {number: find_article(ArticleRef(number))[0] for number in (99, 101, 102, 109)}
    assert {n: (e.unit_max(False), e.unit_max(True)) for n, e in maxima.items() if e} == {
        99: (50000, 200000), 101: (100000, 200000), 102: (50000, 50000), 109: (100000, 200000)}
    assert maxima[102] is not None and maxima[102].persons_max(True) == 100000


def test_every_entry_is_unique_and_placeable() -> None:
    keys = [(entry.article, entry.paragraph, entry.item) for entry in penalty_table()]
    assert len(keys) == len(set(keys))
    for entry in penalty_table():
        ref = ArticleRef(entry.article, entry.paragraph, entry.item)
        assert find_article(ref)[0] == entry
        assert ref.label() in (entry.label, entry.label.replace("第一款第（", "第（"))


@pytest.mark.parametrize(("text", "expected"), [
    (97, ArticleRef(97)), ("97", ArticleRef(97)), ("第97条", ArticleRef(97)), ("九十七", ArticleRef(97)),
    ("第九十七条", ArticleRef(97)), ("第一百零二条", ArticleRef(102)), ("第一百一十条", ArticleRef(110)),
    ("《中华人民共和国安全生产法》第九十七条第（三）项", ArticleRef(97, None, 3)),
    ("安全生产法第一百零三条第二款", ArticleRef(103, 2)), ("第一百一十四条第一款第（一）项", ArticleRef(114, 1, 1)),
    ("第 九十九 条", ArticleRef(99)),
    ("《中华人民共和国特种设备安全法》第八十四条", None), ("第二百条", None), ("0", None), ("罚款", None), (True, None),
])
def test_article_references_in_the_forms_records_use(text: int | str, expected: ArticleRef | None) -> None:
    assert article_reference(text) == expected


def test_numbers_both_ways() -> None:
    for number in range(1, 200):
        assert to_int(chinese_number(number)) == number
    assert [chinese_number(n) for n in (10, 19, 100, 102, 110, 114)] == ["十", "十九", "一百", "一百零二", "一百一十",
                                                                       "一百一十四"]


def test_an_article_with_several_fines_needs_its_paragraph_or_item() -> None:
    entry, candidates = find_article(ArticleRef(103))
    assert entry is None and candidates == "第一百零三条第一款、第一百零三条第二款"
    assert find_article(ArticleRef(114, None, 2))[0] is not None
    assert find_article(ArticleRef(103, 3)) == (None, "")  # ¶3 is not in the table
    assert find_article(ArticleRef(10)) == (None, "")
