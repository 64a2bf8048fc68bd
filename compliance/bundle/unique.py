"""Unit ids are unique across the whole bundle (departments, districts, every enterprise file and stream): the first
record of an id is checked, a later one is an input error and not checked (waivers and baselines match by id)."""
from __future__ import annotations

from compliance.core.problems import InputError


def where(file: str, line: int | None) -> str:
    """A record's place as an error names it: its file, and line in a JSON Lines file."""
    return f"{file} line {line}" if line else file


class UnitIds:
    """The ids claimed so far, each with the place of its first record: its file (by number) and line packed in one
    integer, since a province's enterprise ids are all held for the run."""

    def __init__(self) -> None:
        self._first: dict[str, int] = {}
        self._files: dict[str, int] = {}

    def claim(self, unit_id: str, file: str, line: int | None = None) -> InputError | None:
        """None if the id is new (it is now claimed), else the error for this later record of it."""
        place = self._first.get(unit_id)
        if place is None:
            number = self._files.setdefault(file, len(self._files))
            self._first[unit_id] = number << 40 | (line or 0)
            return None
        first = where(next(name for name, index in self._files.items() if index == place >> 40), place & (1 << 40) - 1)
        record = f"{unit_id} (line {line})" if line else unit_id
        return InputError(file, record, "id", f"单位 id 与 {first} 重复，本记录未检查",
                          f"unit id already used by {first}; this record was not checked", line=line or 0)
