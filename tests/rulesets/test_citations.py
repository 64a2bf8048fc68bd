"""Every citation is accurate: speech quotes verbatim from the speech, law quotes from the verified texts, and the
quotes of partially verified sources from the text kept of them (still marked unverified)."""
from __future__ import annotations

import pytest
from conftest import ROOT

from compliance.api import load_packs

SOURCES = ROOT / "tests" / "data" / "sources"
SPEECH = (SOURCES / "speech-2022.txt").read_text(encoding="utf-8")
CITATIONS = (SOURCES / "CITATIONS.md").read_text(encoding="utf-8")
LAW = (SOURCES / "work-safety-law-2021-articles.md").read_text(encoding="utf-8")
# sources read only in secondary copies: the text kept of them (tests/data/sources/), where it came from said there
PARTIAL = {source: (SOURCES / name).read_text(encoding="utf-8") for source, name in {
    "S4": "training-provisions-2015-articles.md",
    "S30": "special-operators-provisions-articles.md",
    "GB30871": "gb-30871-scope.md",
}.items()}
CITES = [pytest.param(rule.id, cite, id=f"{rule.id}:{cite.source}:{cite.article}")
         for pack in load_packs() for rule in pack.rule
         for cite in rule.cite + ((rule.penalty,) if rule.penalty else ())]


@pytest.mark.parametrize(("rule_id", "cite"), CITES)
def test_quote_is_verbatim(rule_id: str, cite) -> None:  # type: ignore[no-untyped-def]
    if cite.source == "S0":
        assert cite.text in SPEECH, f"{rule_id}: not verbatim in the speech: {cite.text}"
    elif cite.source == "S1":
        assert cite.verified, f"{rule_id}: every law quote is checked against the full text, so it is verified"
        for piece in cite.text.split("…"):
            assert piece.strip("，。；") in LAW, f"{rule_id}: not in the law text: {piece}"
    else:
        assert not cite.verified, f"{rule_id}: {cite.source} is only partially verified in CITATIONS.md"
        if cite.source in PARTIAL:
            for piece in cite.text.split("…"):
                assert piece.strip("，。；") in PARTIAL[cite.source], f"{rule_id}: not in the text kept: {piece}"


def test_a_partly_verified_quote_is_the_wording_citations_records() -> None:
    """S5 has no full text: its quote must be the secondary source's wording as CITATIONS.md records it."""
    recorded = "".join(CITATIONS.split())
    quotes = [cite for _, cite in (param.values for param in CITES) if cite.source == "S5"]
    assert quotes
    for cite in quotes:
        for piece in cite.text.split("…"):
            assert "".join(piece.split()) in recorded, f"S5 {cite.article}: not the wording recorded: {piece}"


def _speech_section(article: str) -> str:
    """The text of a speech section: 二 (a whole part) or 三（一）… (one numbered paragraph)."""
    parts = {"二": ("二、认清形势", "三、主动担当")}
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
