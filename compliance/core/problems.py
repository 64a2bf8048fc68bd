"""Input errors: one line each, naming file, record and field, in Chinese and English."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
_CONTROL = ({code: f"\\x{code:02x}" for code in (*range(32), *range(0x7F, 0xA0))} | {10: "\\n", 13: "\\r", 9: "\\t"}
            | {code: f"\\u{code:04x}" for code in (0x61C, 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2066, 0x206A))})
_UNENCODABLE = {code: f"\\u{code:04x}" for code in (*range(0xD800, 0xE000), 0xFFFE, 0xFFFF)}
_CONTROL |= _UNENCODABLE


def printable(text: str) -> str:
    """Lone surrogates and the noncharacters U+FFFE, U+FFFF escaped (\\ud800): any text can then be encoded."""
    return text if text.isascii() else text.translate(_UNENCODABLE)


def one_line(text: str) -> str:
    """Control characters (newlines above all) and bidirectional overrides escaped, so that a message stays on one
    line and reads in its own order on a terminal."""
    return text.translate(_CONTROL)


@dataclass(frozen=True, order=True)
class InputError:
    """A problem with one file, record or field of the bundle; the run goes on."""

    file: str
    record: str
    field: str
    message: str
    message_en: str
    severity: Severity = "error"
    line: int = 0  # the line in the file (a JSON Lines record's, a parser's, or its field's once located); 0 unknown
    column: int = 0
    sheet: str = ""  # in a workbook (.xlsx): the sheet and the cell (C5) of what it is about
    cell: str = ""

    def __post_init__(self) -> None:
        """Whatever the input held, every part of an input error is one line."""
        for name in ("file", "record", "field", "message", "message_en", "sheet", "cell"):
            object.__setattr__(self, name, one_line(getattr(self, name)))

    def text(self, lang: str = "zh") -> str:
        """One line a clerk can act on."""
        where = self.place()
        if self.record:
            where += f" {self.record}" if self.record.startswith("[") else f" [{self.record}]"
        detail = self.detail(lang, cell=False)
        return f"{where} {detail}" if self.field else f"{where}: {detail}"

    def place(self) -> str:
        """The file, and in a workbook its sheet and cell: departments/jtj.xlsx!会议!C5."""
        return "!".join(part for part in (self.file, self.sheet, self.cell) if part)

    def detail(self, lang: str = "zh", cell: bool = True) -> str:
        """The field (in a workbook after its sheet and cell) and what is wrong with it, for a report section that
        already names file and record."""
        label = {"error": ("错误", "error"), "warning": ("警告", "warning")}[self.severity]
        tag = label[1] if lang == "en" else label[0]
        message = self.message_en if lang == "en" else self.message
        where = f"{self.sheet}!{self.cell} " if self.sheet and cell else ""
        return f"{where}{self.field}: {tag}: {message}" if self.field else f"{where}{tag}: {message}"

    def as_dict(self, lang: str = "zh") -> dict[str, str | int]:
        """The JSON report's input_errors entry."""
        return {
            "file": self.file,
            "record": self.record,
            "field": self.field,
            **({"line": self.line} if self.line else {}),
            **({"sheet": self.sheet} if self.sheet else {}),
            **({"cell": self.cell} if self.cell else {}),
            "severity": self.severity,
            "message": self.message_en if lang == "en" else self.message,
            "message_zh": self.message,
            "message_en": self.message_en,
        }


def report_order(error: InputError) -> tuple[str, int, str, str, str]:
    """Input problems as a report lists them: by file, then line (JSON Lines), record and field."""
    return error.file, error.line, error.record, error.field, error.message


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean X?)' for the closest candidate, or ''."""
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def field_path(location: Iterable[str | int]) -> str:
    """('meetings', 2, 'date') -> 'meetings[2].date'."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
