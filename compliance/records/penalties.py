"""The fines of the Work Safety Law's penalty articles (rulesets/penalties.toml) and article references in records."""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from compliance.records.catalog import rulesets_dir

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"[0-9]+|[零〇一二两三四五六七八九十百]+"
_REFERENCE = re.compile(rf"^第?(?P<article>{_NUMBER})条?(?:第(?P<paragraph>{_NUMBER})款)?"
                        rf"(?:第?[（(]?(?P<item>{_NUMBER})[）)]?项)?$")
_LAW_TITLE = re.compile(r"^《?(中华人民共和国)?安全生产法》?")
LAST_ARTICLE = 119  # the 2021 text has 119 articles


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FineRange(_Strict):
    """A range of fines in yuan (min 0: "…以下") and the words of the law that set it."""

    min: int = Field(default=0, ge=0)
    max: int = Field(gt=0)
    quote: str


class PenaltyArticle(_Strict):
    """One penalty article (or paragraph, or item) of the law and the fines it sets, per party and branch."""

    article: int = Field(ge=1, le=LAST_ARTICLE)
    paragraph: int | None = None
    item: int | None = None
    label: str
    text: str
    party: str
    uncorrected_wording: str = "逾期未改正"
    unit: FineRange | None = None
    unit_uncorrected: FineRange | None = None
    persons: FineRange | None = None
    persons_uncorrected: FineRange | None = None
    note: str = ""

    def unit_max(self, uncorrected: bool) -> int | None:
        """The maximum fine on the party penalised, in the case's branch (or the only branch that fines it)."""
        return _branch(self.unit, self.unit_uncorrected, uncorrected)

    def persons_max(self, uncorrected: bool) -> int | None:
        """The maximum fine on a responsible person, in the case's branch (or the only branch that fines them)."""
        return _branch(self.persons, self.persons_uncorrected, uncorrected)


def _branch(normal: FineRange | None, later: FineRange | None, uncorrected: bool) -> int | None:
    chosen = (later or normal) if uncorrected else (normal or later)
    return chosen.max if chosen is not None else None


class PenaltyTable(_Strict):
    """The table file: its penalty articles."""

    article: list[PenaltyArticle]


@dataclass(frozen=True)
class ArticleRef:
    """A reference to an article of the law, with its paragraph (款) and item (项) when given."""

    article: int
    paragraph: int | None = None
    item: int | None = None

    def label(self) -> str:
        """第九十七条, 第一百零三条第二款, 第一百一十四条第（一）项."""
        out = f"第{chinese_number(self.article)}条"
        if self.paragraph is not None:
            out += f"第{chinese_number(self.paragraph)}款"
        if self.item is not None:
            out += f"第（{chinese_number(self.item)}）项"
        return out


def to_int(text: str) -> int | None:
    """97 or 九十七 (up to 九百九十九) as a whole number; None if it is neither."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in "十百":
            total += (1 if digit is None else digit) * (10 if char == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0)


def chinese_number(number: int) -> str:
    """97 -> 九十七, 102 -> 一百零二, 110 -> 一百一十, 10 -> 十 (for numbers below 1000)."""
    names = "零一二三四五六七八九"
    hundreds, tens, ones = number // 100, number // 10 % 10, number % 10
    out = f"{names[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else names[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (names[ones] if ones else "")


def article_reference(value: int | str) -> ArticleRef | None:
    """An article of the Work Safety Law as a record may write it: 97, "97", "第九十七条", "第一百零三条第二款",
    "第九十七条第（三）项", optionally after 《中华人民共和国安全生产法》; None if it is not one (another law's)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return ArticleRef(value) if 1 <= value <= LAST_ARTICLE else None
    text = re.sub(r"\s", "", value)
    if "《" in text and not _LAW_TITLE.match(text):
        return None
    match = _REFERENCE.match(_LAW_TITLE.sub("", text))
    if match is None:
        return None
    article, paragraph, item = (to_int(part) if part else None for part in match.group("article", "paragraph", "item"))
    if article is None or not 1 <= article <= LAST_ARTICLE or paragraph == 0 or item == 0:
        return None
    return ArticleRef(article, paragraph, item)


@functools.cache
def penalty_table() -> tuple[PenaltyArticle, ...]:
    """The shipped table of penalty articles."""
    with open(rulesets_dir() / "penalties.toml", "rb") as handle:
        return tuple(PenaltyTable.model_validate(tomllib.load(handle)).article)


def find_article(ref: ArticleRef) -> tuple[PenaltyArticle | None, str]:
    """The table's entry for a reference, or None and why (not in the table, or which paragraph or item to name)."""
    entries = [entry for entry in penalty_table() if entry.article == ref.article
               and (ref.paragraph is None or entry.paragraph is None or entry.paragraph == ref.paragraph)
               and (ref.item is None or entry.item is None or entry.item == ref.item)]
    if len(entries) == 1:
        return entries[0], ""
    if entries:
        return None, "、".join(entry.label for entry in entries)
    return None, ""
