"""Every citation is accurate: speech quotes verbatim from the speech, law and regulation quotes from the verified
full texts of their articles, and from the article cited; the quotes of partially verified sources from the text kept
of them (still marked unverified)."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT

from compliance.api import load_packs

SOURCES = ROOT / "tests" / "data" / "sources"
SPEECH = (SOURCES / "speech-2022.txt").read_text(encoding="utf-8")
CITATIONS = (SOURCES / "CITATIONS.md").read_text(encoding="utf-8")
LAW = "\n".join((SOURCES / name).read_text(encoding="utf-8")
                for name in ("work-safety-law-2021-articles.md", "work-safety-law-2021-penalties.md"))
# a source's title (a part of it, as a pack names it) -> the full text of the articles the packs cite: verified
FULL_TEXTS = {
    "中华人民共和国安全生产法": LAW,
    "生产安全事故报告和调查处理条例": (SOURCES / "accident-report-investigation-regulation-2007-articles.md").read_text(
        encoding="utf-8"),
    "生产安全事故应急条例": (SOURCES / "emergency-regulation-2019-articles.md").read_text(encoding="utf-8"),
}
# sources read only in secondary copies, by title: the text kept of them (tests/data/sources/), where it came from
# said there
PARTIAL = {name: (SOURCES / file).read_text(encoding="utf-8") for name, file in {
    "生产经营单位安全培训规定": "training-provisions-2015-articles.md",
    "特种作业人员安全技术培训考核管理规定": "special-operators-provisions-articles.md",
    "GB 30871": "gb-30871-scope.md",
    "生产安全事故应急预案管理办法": "emergency-plan-measures-2019-art33-partial.md",
}.items()}
CITES = [pytest.param(rule.id, cite, pack.sources[cite.source].title, id=f"{rule.id}:{cite.source}:{cite.article}")
         for pack in load_packs() for rule in pack.rule
         for cite in rule.cite + ((rule.penalty,) if rule.penalty else ())]


def _text_of(title: str, texts: dict[str, str]) -> str | None:
    """The kept text of the regulation a source's title names, if any."""
    return next((text for name, text in texts.items() if name in title), None)


def _pieces_in(text: str, quote: str) -> list[str]:
    """The pieces of a quote (split at its elisions …) that are not in the text."""
    return [piece for piece in quote.split("…") if piece.strip("，。；") not in text]


@pytest.mark.parametrize(("rule_id", "cite", "title"), CITES)
def test_quote_is_verbatim(rule_id: str, cite, title: str) -> None:  # type: ignore[no-untyped-def]
    full = _text_of(title, FULL_TEXTS)
    if cite.source == "S0":
        assert cite.text in SPEECH, f"{rule_id}: not verbatim in the speech: {cite.text}"
    elif full is not None:
        assert cite.verified, f"{rule_id}: every quote of {title} is checked against its full text, so it is verified"
        assert not _pieces_in(full, cite.text), f"{rule_id}: not in the text of {title}: {_pieces_in(full, cite.text)}"
    else:
        assert not cite.verified, f"{rule_id}: {cite.source} is only partially verified in CITATIONS.md"
        kept = _text_of(title, PARTIAL)
        for piece in cite.text.split("…") if kept is not None else ():
            assert piece.strip("，。；") in kept, f"{rule_id}: not in the text kept of {title}: {piece}"


def test_each_full_text_names_where_it_was_copied_from() -> None:
    for text in FULL_TEXTS.values():
        assert "LawRefBook/Laws" in text


_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零]+条")


REGULATIONS = ("生产安全事故报告和调查处理条例", "生产安全事故应急条例")  # texts kept article by article


@pytest.mark.parametrize(("rule_id", "cite", "title"), [
    param for param in CITES if any(name in param.values[2] for name in REGULATIONS)])
def test_regulation_quotes_are_in_the_article_cited(rule_id: str, cite, title: str) -> None:  # type: ignore[no-untyped-def]
    found = _ARTICLE.match(cite.article)
    assert found, f"{rule_id}: '{cite.article}' names no article"
    articles = re.split(r"\n\n(?=第[一二三四五六七八九十百零]+条 )", _text_of(title, FULL_TEXTS) or "")
    article = next((text for text in articles if text.startswith(found.group(0) + " ")), "")
    assert article, f"{rule_id}: {found.group(0)} is not among the articles kept"
    for piece in cite.text.split("…"):
        assert piece.strip("，。；") in article, f"{rule_id}: not in {found.group(0)}: {piece}"


def test_a_partly_verified_quote_is_the_wording_citations_records() -> None:
    """The cost 办法 (S5) has no full text: its quote must be the secondary source's wording as CITATIONS.md records it."""
    recorded = "".join(CITATIONS.split())
    quotes = [cite for _, cite, title in (param.values for param in CITES)
              if cite.source == "S5" and "企业安全生产费用提取和使用管理办法" in title]
    assert quotes
    for cite in quotes:
        for piece in cite.text.split("…"):
            assert "".join(piece.split()) in recorded, f"S5 {cite.article}: not the wording recorded: {piece}"


def _speech_section(article: str) -> str:
    """The text of a speech section: 一, 二 (a whole part), 三 (the opening of part 三, before its numbered
    paragraphs) or 三（一）… (one numbered paragraph)."""
    parts = {"一": ("一、提高站位", "二、认清形势"), "二": ("二、认清形势", "三、主动担当"), "三": ("三、主动担当", "（一）")}
    if article in parts:
        start, end = parts[article]
        return SPEECH.split(start)[1].split(end)[0]
    heading = article.removeprefix("三")
    paragraph = SPEECH.split("三、主动担当")[1].split(heading)[1]
    return heading + paragraph.split("\n")[0]


def test_speech_quotes_are_in_the_section_cited() -> None:
    for pack in load_packs():
        for rule in pack.rule:
            for cite in rule.cite:
                if cite.source == "S0":
                    assert cite.text in _speech_section(cite.article), f"{rule.id}: not in section {cite.article}"
