"""Where findings and input problems point: the line and column of their field in the bundle's TOML and JSON files (a workbook's sheet and cell),
found once here so that every format shows the same place (a JSON Lines record's line is known when it is read)."""
from __future__ import annotations

import dataclasses

from compliance.bundle.locate import Position, locate
from compliance.core.problems import InputError
from compliance.report.model import Finding


def located(findings: list[Finding], root: str, unit_id: str) -> list[Finding]:
    """The findings, each with the line (and column) of its field when its file is a TOML or JSON file of the bundle."""
    if not root:
        return findings
    out = []
    for finding in findings:
        where = finding.where
        if where.line is None and where.file and not where.file.endswith(".jsonl"):
            position = locate(root, where.file, where.field, unit_id)
            if position is not None:
                where = dataclasses.replace(where, line=position.line, column=position.column, sheet=position.sheet,
                                            cell=position.cell)
                finding = finding.changed(where=where)
        out.append(finding)
    return out


def problem_position(error: InputError, root: str) -> Position | None:
    """Where an input problem is: its field (or record) in its file, or the line a parser named; None for a problem
    with a whole file."""
    record = error.record.split(" (line")[0]
    if error.file.endswith(".jsonl") or error.field or record:
        return locate(root, error.file, error.field, record, error.line or None)
    return Position(error.line) if error.line else None


def located_problems(errors: list[InputError], root: str) -> list[InputError]:
    """The input problems with the line and column of what they are about, where that can be found."""
    out = []
    for error in errors:
        if error.sheet:  # a workbook's reader already named its sheet and cell
            out.append(error)
            continue
        position = problem_position(error, root)
        if position is None:
            out.append(dataclasses.replace(error, line=0, column=0))
        else:
            out.append(dataclasses.replace(error, line=position.line, column=position.column or 0, sheet=position.sheet,
                                           cell=position.cell))
    return out
