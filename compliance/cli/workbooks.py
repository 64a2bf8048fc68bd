"""The `compliance template` and `compliance convert` sub-commands: workbooks for the people who keep the records."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from compliance.bundle.load import load_bundle
from compliance.bundle.workbook.convert import convert, kind_of
from compliance.bundle.workbook.write import write_workbook
from compliance.core.errors import UsageError
from compliance.records.catalog import CatalogIndex, merged_catalog
from compliance.records.workbook.layout import layout, layout_kinds


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The template and convert sub-commands."""
    template = commands.add_parser("template", help="write a blank workbook (Excel/WPS) to fill in records of a kind")
    template.add_argument("kind", help="one of: " + ", ".join(layout_kinds()))
    template.add_argument("--bundle", type=Path, help="offer this bundle's own industries (city/industries.toml) too")
    template.add_argument("--output", type=Path, help="the .xlsx file (default: KIND.xlsx)")
    converter = commands.add_parser("convert", help="the same records in another form (xlsx, toml, json)")
    converter.add_argument("file", type=Path)
    converter.add_argument("--to", required=True, choices=("xlsx", "toml", "json"))
    converter.add_argument("--kind", help="the kind of records (default: from the file's folder or name)")
    converter.add_argument("--bundle", type=Path, help="a workbook's drop-downs offer this bundle's industries too")
    converter.add_argument("--output", type=Path, help="the file to write (default: FILE with the new suffix)")


def _catalog(bundle: Path | None) -> CatalogIndex:
    return merged_catalog(load_bundle(bundle).catalog if bundle is not None else None)


def cmd_template(args: argparse.Namespace) -> int:
    """Write a kind's template."""
    if args.kind not in layout_kinds():
        raise UsageError(f"unknown kind '{args.kind}' (known: {', '.join(layout_kinds())})")
    output: Path = args.output or Path(f"{args.kind}.xlsx")
    write_workbook(layout(args.kind), [], output, _catalog(args.bundle), example=True)
    print(f"{output}: {args.kind} 模板 / template")
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert a file of records; exit 2 (nothing written) if its records have input errors."""
    source: Path = args.file
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    kind_name = kind_of(source, args.kind)
    result = convert(source, args.to, kind_name, _catalog(args.bundle))
    for problem in result.problems:
        print(problem.text(), file=sys.stderr)
    if any(problem.severity == "error" for problem in result.problems):
        print("compliance: input errors: nothing written / 有输入错误，未转换", file=sys.stderr)
        return 2
    for lost in result.lost:
        print(f"compliance: warning: not held by the workbook / 工作簿中无法表示: {lost}", file=sys.stderr)
    output: Path = args.output or source.with_suffix(f".{args.to}")
    if output.resolve() == source.resolve():
        raise UsageError(f"{output}: would overwrite the source; give --output")
    partial = output.with_name(f".{output.name}.partial")
    partial.write_bytes(result.content)
    os.replace(partial, output)
    print(f"{output}: {kind_name}")
    return 0
