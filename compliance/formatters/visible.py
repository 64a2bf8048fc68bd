"""Text shown to a reader never carries a raw control character from the records or their file names: terminal
escape sequences, bidirectional overrides (U+202E) and the like are written visibly escaped (\x1b, \u202e), as are
the characters XML and spreadsheets cannot hold (lone surrogates, U+FFFE, U+FFFF)."""
from __future__ import annotations

import re

_HIDDEN = ("\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069"
           "\ud800-\udfff\ufffe\uffff")
_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(kept: str) -> re.Pattern[str]:
    if kept not in _PATTERNS:
        kept_codes = "".join(f"\\x{ord(char):02x}" for char in kept)
        _PATTERNS[kept] = re.compile(f"(?![{kept_codes}])[{_HIDDEN}]" if kept else f"[{_HIDDEN}]")
    return _PATTERNS[kept]


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, kept: str = "") -> str:
    """text with every hidden or control character but those in kept (say, the formatter's own newlines)
    escaped visibly."""
    pattern = _pattern(kept)
    return pattern.sub(_shown, text) if pattern.search(text) else text
