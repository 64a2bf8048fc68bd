"""Words about notice items the formats share: the dated deadline of a gap (or of a rule's gaps)."""
from __future__ import annotations

from collections.abc import Sequence

from compliance.report.labels import words
from compliance.report.model import Finding


def deadline_text(findings: Sequence[Finding], lang: str) -> str:
    """The dates to rectify by (2023-01-07), with what the rule says (立即): every gap now has a date."""
    dates = sorted({f.notice.deadline for f in findings if f.notice is not None})
    said = findings[0].text("deadline", lang) if findings else ""
    if not dates:
        return said
    shown = str(words(lang)["comma"]).join(dates)
    return shown + (str(words(lang)["paren"]).format(said) if said else "")
