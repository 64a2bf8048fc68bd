"""A unit's rectification notice (整改通知书) in words, built once and laid out by the HTML and the Word formats:
its number, addressee, items (problem, basis, what to do, deadline, proof, item id) and the dates to reply by."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from compliance.report.labels import term, words
from compliance.report.model import AuditInfo, Finding, UnitReport
from compliance.report.notice import NoticeItem

_DIGITS = "零一二三四五六七八九"
_POWERS = ("", "十", "百", "千")


class _Template(dict[str, Any]):
    """Values for a scheme's template: a placeholder it does not know is left as written, never an error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **values: Any) -> str:
    """A scheme's template ({jurisdiction}, {year}, {seq}) with its values."""
    return template.format_map(_Template(values))


def numeral(number: int) -> str:
    """A number in Chinese numerals, as an official document numbers its items (一, 十二, 一百零五)."""
    if not 0 < number < 10_000:
        return str(number)
    parts: list[str] = []
    zero = False
    for place, digit in zip(range(len(str(number)) - 1, -1, -1), map(int, str(number)), strict=True):
        if digit == 0:
            zero = True
            continue
        parts.append(("零" if zero and parts else "") + _DIGITS[digit] + _POWERS[place])
        zero = False
    shown = "".join(parts)
    return shown[1:] if shown.startswith("一十") else shown


@dataclass(frozen=True)
class NoticeEntry:
    """One item of a notice: what is wrong, on what basis, what to do, by when, with what proof, and its id."""

    number: str  # 一、 (1. in English)
    heading: str  # the rule's title, with the item if any
    problem: str  # the finding's message
    basis: str  # the first cite's source and article ("" when the rule cites none)
    fix: str  # the rule's remediation
    deadline: str  # ISO date
    proof: str  # what to submit (佐证材料)
    id: str  # the item's id, by which next year's audit closes it (销号)
    overdue: str  # "overdue", "escalated" (挂牌督办) or ""
    mark: str  # the overdue state in words


@dataclass(frozen=True)
class Notice:
    """A unit's notice, every word in the report's language."""

    seq: int
    unit_id: str
    unit_name: str
    issuer: str
    number: str  # the document number (文号)
    addressee: str
    opening: str
    entries: tuple[NoticeEntry, ...]
    reply_by: str  # ISO date: the latest deadline plus the scheme's reply days
    closing: str
    signed_on: str  # the audit date, as the notice is dated


def noticed(unit: UnitReport) -> list[tuple[Finding, NoticeItem]]:
    """The unit's gaps that are items of its notice, each with its item (the city's coordination findings never
    are)."""
    return [(f, f.notice) for f in unit.findings if f.status == "fail" and f.notice is not None]


def reply_date(deadlines: list[str], reply_days: int) -> str:
    """The day the feedback slip is due: the latest item deadline plus the reply days."""
    return (dt.date.fromisoformat(max(deadlines)) + dt.timedelta(days=reply_days)).isoformat()


def dated(iso: str, lang: str) -> str:
    """A date as a notice is dated (2022年12月31日)."""
    day = dt.date.fromisoformat(iso)
    return str(words(lang)["notice_date"].format(year=day.year, month=day.month, day=day.day, iso=iso))


def issuer(info: AuditInfo, lang: str) -> str:
    """Who issues the notices, in a language (the scheme's [notice] issued_by)."""
    said = info.notice.get("issued_by_en" if lang == "en" else "issued_by") or info.notice.get("issued_by", "")
    return fill(str(said), jurisdiction=info.jurisdiction, year=info.year)


def _basis(finding: Finding, lang: str) -> str:
    """The first requirement the rule cites: its source and article (the quote is in the report)."""
    if not finding.cites:
        return ""
    cite = finding.cites[0]
    if not cite.article:
        return cite.title(lang)
    return str(words(lang)["notice_basis_line"].format(title=cite.title(lang), article=cite.article))


def _entry(number: int, finding: Finding, notice: NoticeItem, lang: str) -> NoticeEntry:
    text = words(lang)
    item = finding.text("item", lang)
    return NoticeEntry(text["notice_number"].format(zh=numeral(number), n=number),
                       finding.text("title", lang) + (text["paren"].format(item) if item else ""),
                       finding.text("message", lang), _basis(finding, lang), finding.text("remediation", lang),
                       notice.deadline, notice.text(lang), notice.id, finding.overdue,
                       term("overdue", finding.overdue, lang) if finding.overdue else "")


def build(info: AuditInfo, unit: UnitReport, items: list[tuple[Finding, NoticeItem]], seq: int, lang: str) -> Notice:
    """The notice of a unit with gaps, numbered seq in the audit's series."""
    text = words(lang)
    entries = tuple(_entry(number, finding, notice, lang) for number, (finding, notice) in enumerate(items, start=1))
    by = issuer(info, lang)
    reply = reply_date([entry.deadline for entry in entries], int(info.notice.get("reply_days", 0)))
    return Notice(seq, unit.id, unit.name, by,
                  fill(str(info.notice.get("number", "{seq}")), jurisdiction=info.jurisdiction, year=info.year, seq=seq),
                  text["notice_to"].format(name=unit.name),
                  text["notice_opening"].format(jurisdiction=info.jurisdiction, year=info.year, as_of=info.as_of),
                  entries, reply, text["notice_closing"].format(reply=reply, issuer=by), dated(info.as_of, lang))


class Numbering:
    """Notices in report order, numbered 1, 2, 3… over the units that get one."""

    def __init__(self, info: AuditInfo, lang: str) -> None:
        self.info, self.lang = info, lang
        self.issued = 0

    def notice(self, unit: UnitReport) -> Notice | None:
        """The unit's notice, with the next number; None for a unit with no notice item."""
        items = noticed(unit)
        if not items:
            return None
        self.issued += 1
        return build(self.info, unit, items, self.issued, self.lang)
