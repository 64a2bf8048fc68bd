"""Every citation is accurate: speech quotes verbatim from the speech, law quotes from the verified texts."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.api import load_packs

SOURCES = Path(__file__).parent / "data" / "sources"
SPEECH = (SOURCES / "speech-2022.txt").read_text(encoding="utf-8")
CITATIONS = (SOURCES / "CITATIONS.md").read_text(encoding="utf-8")
LAW_SECTION = CITATIONS.split("## S1")[1].split("## S2")[0]
CITES = [pytest.param(rule.id, cite, id=f"{rule.id}:{cite.source}:{cite.article}")
         for pack in load_packs() for rule in pack.rule for cite in rule.cite]


@pytest.mark.parametrize(("rule_id", "cite"), CITES)
def test_quote_is_verbatim(rule_id: str, cite) -> None:  # type: ignore[no-untyped-def]
    if cite.source == "S0":
        assert cite.text in SPEECH, f"{rule_id}: not verbatim in the speech: {cite.text}"
    elif cite.source == "S1" and cite.verified:
        for piece in cite.text.split("…"):
            assert piece.strip("，。") in LAW_SECTION, f"{rule_id}: not in the verified law text: {piece}"


def test_speech_sections_cited_exist() -> None:
    headings = {"三（一）": "（一）修改完善", "三（二）": "（二）制定“两个清单”", "三（三）": "（三）加强组织领导",
                "三（四）": "（四）严格安全生产执法", "三（五）": "（五）开展安全生产专项整治"}
    cited = {cite.article for pack in load_packs() for rule in pack.rule for cite in rule.cite if cite.source == "S0"}
    for article in cited:
        assert headings[article] in SPEECH
        section = SPEECH.split(headings[article])[1].split("\n")[0]
        quotes = [c.text for p in load_packs() for r in p.rule for c in r.cite if c.source == "S0" and c.article == article]
        for quote in quotes:
            assert quote in headings[article] + section, f"{quote} is not in section {article}"
