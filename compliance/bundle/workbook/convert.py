"""The same records in another form: a TOML, JSON, JSON Lines or workbook file of one kind read, validated and
written as a workbook, TOML or JSON."""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tomli_w

from compliance.bundle.documents import read_records, workbook_kind
from compliance.bundle.validate import validate_record
from compliance.bundle.workbook.read import read_workbook
from compliance.bundle.workbook.write import write_workbook
from compliance.core.errors import UsageError
from compliance.core.problems import InputError
from compliance.records.catalog import CatalogIndex
from compliance.records.workbook.layout import Layout, layout, layout_kinds

Target = Literal["xlsx", "toml", "json"]


@dataclass
class Converted:
    """The converted file's content, the problems of the source, and what the target form cannot hold."""

    content: bytes = b""
    problems: list[InputError] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def kind_of(path: Path, given: str | None) -> str:
    """The kind of records a file holds: given, or from its folder (departments/x.toml) or name (city/directives)."""
    if given is not None:
        if given not in layout_kinds():
            raise UsageError(f"unknown kind '{given}' (known: {', '.join(layout_kinds())})")
        return given
    found = workbook_kind(f"{path.parent.name}/{path.stem}.xlsx")
    if found is None and path.suffix == ".jsonl" and path.name.startswith("enterprises"):
        found = "enterprise"
    if found is None:
        raise UsageError(f"{path}: cannot tell the kind of records from the file's folder; give --kind "
                         f"({', '.join(layout_kinds())})")
    return found


def convert(path: Path, target: Target, kind_name: str, catalog: CatalogIndex | None = None) -> Converted:
    """Read every record of the file, validate it, and write all of them in the target form."""
    laid = layout(kind_name)
    out = Converted()
    raws = _read(path, kind_name, out.problems)
    records = []
    for index, raw in enumerate(raws or []):
        if not isinstance(raw, dict):
            out.problems.append(InputError(path.name, f"[{index}]", "", "记录应为表（对象）", "a record must be a table"))
            continue
        validated = validate_record(laid.model, raw, path.name, str(raw.get("id") or f"[{index}]"))
        out.problems.extend(validated.errors)
        if validated.model is not None:
            records.append(validated.model.model_dump(exclude_unset=True))
    if any(problem.severity == "error" for problem in out.problems):
        return out
    out.content, out.lost = _write(laid, records, target, catalog)
    return out


def _read(path: Path, kind_name: str, problems: list[InputError]) -> list[Any] | None:
    if path.suffix == ".jsonl":
        records = []
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            try:
                records.append(json.loads(line)) if line.strip() else None
            except json.JSONDecodeError as exc:
                problems.append(InputError(path.name, f"line {number}", "", f"JSON 格式错误：{exc.msg}",
                                           f"malformed JSON: {exc.msg}", line=number))
        return records
    if path.suffix == ".xlsx":
        read = read_workbook(path, path.name, layout(kind_name))
        problems.extend(read.errors)
        return read.records
    return read_records(path, path.parent, problems)


def _write(laid: Layout, records: list[dict[str, Any]], target: Target,
           catalog: CatalogIndex | None) -> tuple[bytes, list[str]]:
    if target == "xlsx":
        buffer = io.BytesIO()
        lost = write_workbook(laid, records, buffer, catalog)
        return buffer.getvalue(), lost
    document: Any = records if laid.many and len(records) != 1 else records[0] if records else {}
    if target == "json":
        return (json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n").encode(), []
    if not isinstance(document, dict):
        raise UsageError(f"{len(records)} records: a TOML file holds one record (write --to json, or one file each)")
    return tomli_w.dumps(document).encode(), []
