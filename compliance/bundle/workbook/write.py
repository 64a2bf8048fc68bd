"""Write records, or a blank template, as a workbook: Chinese headers over a row of field keys, frozen and
protected, drop-downs for enumerations, yes/no and catalog codes, date and whole-number cells checked, a 填表说明
sheet and a 选项 sheet of the allowed values."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from compliance.bundle.workbook.cells import written_value
from compliance.bundle.workbook.guide import OPTIONS_SHEET, OptionList, guide_rows, option_lists, option_ranges
from compliance.bundle.workbook.rows import Row, sheet_rows
from compliance.records.catalog import CatalogIndex
from compliance.records.workbook.layout import Column, Layout, Link, Sheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
KEY_FONT = Font(color="808080", size=8)
EXAMPLE_FONT = Font(color="808080", italic=True)
DATA_ROWS = 2000  # how far down a template's checks and drop-downs reach
FIXED_TIME = dt.datetime(2022, 1, 1)


def write_workbook(layout: Layout, records: list[dict[str, Any]], target: str | Path | IO[bytes],
                   catalog: CatalogIndex | None = None, example: bool = False) -> list[str]:
    """Write the records (plain dicts) laid out as `layout`; with `example`, a template's example rows. Returns the
    parts of the records no cell can hold (unknown fields, empty tables)."""
    book = Workbook()
    book.remove(book.active)
    laid = sheet_rows(layout, records)
    options = option_lists(layout, catalog)
    ranges = option_ranges(options)
    for sheet in layout.sheets:
        rows = _example_rows(sheet) if example else laid.rows[sheet.name]
        _write_sheet(book.create_sheet(sheet.name), sheet, rows, ranges, example)
    _write_guide(book, layout, options)
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = "compliance"
    book.save(target)
    return laid.lost


def _write_sheet(ws: Worksheet, sheet: Sheet, rows: list[Row], ranges: dict[str, str],
                 example: bool) -> None:
    heads: list[Column | Link] = list(sheet.heads())
    for index, head in enumerate(heads, start=1):
        _header_cells(ws, index, head)
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(40, 2 * len(head.header()) + 2))
    for number, row in enumerate(rows, start=3):
        for index, value in enumerate(row, start=1):
            _data_cell(ws, number, index, value, heads[index - 1], example)
    ws.freeze_panes = "A3"
    _protect(ws, len(heads))
    _validations(ws, sheet, ranges)


def _header_cells(ws: Worksheet, index: int, head: Column | Link) -> None:
    required = isinstance(head, Link) or head.required
    title = ws.cell(1, index, ("*" if required else "") + head.header())
    title.font, title.fill = Font(bold=True), HEADER_FILL
    title.alignment = Alignment(wrap_text=True, vertical="center")
    title.comment = Comment(_comment(head), "compliance", width=260, height=110)
    key = ws.cell(2, index, head.key)
    key.font, key.fill = KEY_FONT, HEADER_FILL


def _comment(head: Column | Link) -> str:
    if isinstance(head, Link):
        return f"{head.label.zh} / {head.label.en}\n字段 field: {head.key}\n本行所属记录的编号 / the id this row belongs to"
    kind = {"date": "日期 date", "bool": "是/否 yes/no", "int": "整数 whole number", "number": "数字 number",
            "figure": "数字或 * number or *", "choice": "下拉选择 choose", "text": "文本 text",
            "list": "多项用“；”分隔 items separated by ；", "datetime": "日期和时间 date and time",
            "int_or_text": "数字或文本 number or text"}[head.kind]
    unit = f"\n单位 unit: {head.label.unit}" if head.label.unit else ""
    return f"{head.label.zh} / {head.label.en}\n字段 field: {head.key}\n类型 type: {kind}{unit}"


def _data_cell(ws: Worksheet, row: int, column: int, value: Any, head: Column | Link, example: bool) -> None:
    if value is None:
        return
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a text starting with "=" stays text, never a formula
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if example:
        cell.font = EXAMPLE_FONT


def _protect(ws: Worksheet, width: int) -> None:
    """The two header rows locked (no password: against slips, not people); every other cell open."""
    unlocked = Protection(locked=False)
    for index in range(1, width + 1):
        ws.column_dimensions[get_column_letter(index)].protection = unlocked
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.protection = unlocked
    protection = ws.protection
    protection.sheet = True
    for name in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(protection, name, False)


def _validations(ws: Worksheet, sheet: Sheet, ranges: dict[str, str]) -> None:
    offset = len(sheet.links)
    for index, column in enumerate(sheet.columns, start=offset + 1):
        validation = _validation(column, ranges)
        if validation is None:
            continue
        letter = get_column_letter(index)
        validation.add(f"{letter}3:{letter}{DATA_ROWS}")
        ws.add_data_validation(validation)
        if column.kind in ("date", "datetime"):
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd" + (" hh:mm" if column.kind == "datetime" else "")


def _validation(column: Column, ranges: dict[str, str]) -> DataValidation | None:
    """The check of a column's cells: a drop-down, a date, a whole number in range; warnings, never a block (a
    clerk's 2022年3月1日 or a city's own industry code is still read)."""
    prompt = column.header()
    if column.kind in ("date", "datetime"):
        found = DataValidation("date", operator="greaterThanOrEqual", formula1="DATE(1990,1,1)")
        found.error = "请填写日期，如 2022-03-01 / a date, e.g. 2022-03-01"
    elif column.kind == "int":
        low = int(column.minimum) if column.minimum is not None else -2147483648
        high = int(column.maximum) if column.maximum is not None else 2147483647
        found = DataValidation("whole", operator="between", formula1=str(low), formula2=str(high))
        found.error = f"请填写 {low} 到 {high} 的整数 / a whole number from {low} to {high}"
    elif column.kind == "bool":
        found = DataValidation("list", formula1='"是,否"')
        found.error = "请填写“是”或“否” / 是 (yes) or 否 (no)"
    elif column.kind == "choice" or (column.codes and column.kind == "text"):
        name = f"{column.owner}.{column.name}" if column.kind == "choice" else column.codes
        if name not in ranges:
            return None
        found = DataValidation("list", formula1=ranges[name])
        found.error = "请从下拉列表选择 / choose from the list"
    else:
        return None
    found.errorStyle, found.showErrorMessage, found.errorTitle = "warning", True, prompt
    found.promptTitle, found.prompt, found.showInputMessage = prompt[:32], column.label.en[:255], True
    return found


def _example_rows(sheet: Sheet) -> list[Row]:
    """A template's example row: column A starts with 示例, so that a filled template's example is never read."""
    values = [_example_value(column, first=not sheet.links and index == 0) for index, column in enumerate(sheet.columns)]
    return [[*(["示例"] * len(sheet.links)), *values]]


def _example_value(column: Column, first: bool) -> Any:
    if first or column.key == "id":
        return "示例"
    if column.kind == "int":
        return int(column.minimum) if column.minimum is not None else 1
    if column.kind == "choice":
        return written_value(column.choices[0][0], column)
    examples: dict[str, Any] = {"date": dt.date(2022, 3, 1), "datetime": dt.datetime(2022, 3, 1, 14, 30), "bool": True,
                                "int_or_text": 1, "figure": 0, "number": 0,
                                "list": [f"{column.label.zh}1", f"{column.label.zh}2"]}
    if column.kind in examples:
        return written_value(examples[column.kind], column)
    return f"（{column.label.zh}）"


def _write_guide(book: Workbook, layout: Layout, options: dict[str, OptionList]) -> None:
    guide = book.create_sheet("填表说明", 0)
    for row in guide_rows(layout):
        guide.append(row)
    guide.column_dimensions["A"].width = 16
    for letter in "BCDEF":
        guide.column_dimensions[letter].width = 28
    guide.column_dimensions["G"].width = 60
    for cell in guide[1]:
        cell.font = Font(bold=True, size=14)
    lists = book.create_sheet(OPTIONS_SHEET)
    index = 1
    for name in sorted(options):
        option = options[name]
        for offset, (title, values) in enumerate(((option.title, option.values), ("名称", option.names))):
            if offset and not option.names:
                continue
            lists.cell(1, index + offset, title).font = Font(bold=True)
            for number, value in enumerate(values, start=2):
                lists.cell(number, index + offset, value).data_type = "s"
            lists.column_dimensions[get_column_letter(index + offset)].width = 18
        index += 2 if option.names else 1
    lists.protection.sheet = True
