"""A workbook's 填表说明 (how to fill it in, sheet by sheet and column by column) and its lists of allowed values."""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from compliance.records.catalog import CatalogIndex
from compliance.records.workbook.layout import Column, Layout, Link

OPTIONS_SHEET = "选项"
_KINDS = {"date": "日期", "bool": "是/否", "int": "整数", "number": "数字", "figure": "数字或 *（不公开）",
          "choice": "下拉选择", "text": "文本", "list": "多项，用“；”分隔", "datetime": "日期和时间（2022-03-01 14:30）",
          "int_or_text": "数字或文本"}
GENERAL = (
    "每个工作表第1行是列名（带 * 的必填），第2行是字段名（程序读取用，请勿修改），从第3行起每行一条记录。",
    "第3行灰色斜体的“示例”行只作示范：A列以“示例”开头的行不会被读取，可以删除，也可以保留。",
    "日期可填 Excel 日期，也可写 2022-03-01、2022/3/1、2022.3.1 或 2022年3月1日；是/否可写 是、否、√、×、Y、N。",
    "数字可以是文本格式的数字，全角数字也可以；不填的格表示“未提供”。多项（如议题、覆盖行业）用“；”分隔。",
    "基本信息以外的表，每行用第一列的编号指明所属的单位或企业（与基本信息表的编号一致）；下级表再用“所属…编号”指明所属条目。",
    "填好后放入记录包相应文件夹（departments/、districts/、enterprises/、city/），运行 compliance check；错误会指明 文件!工作表!单元格。",
)


@dataclass(frozen=True)
class OptionList:
    """Allowed values of a drop-down (codes or Chinese labels), with their names beside them where useful."""

    title: str
    values: tuple[str, ...]
    names: tuple[str, ...] = ()


def option_lists(layout: Layout, catalog: CatalogIndex | None) -> dict[str, OptionList]:
    """Every drop-down list the layout's columns use: each enumeration's labels, the catalog's codes."""
    out: dict[str, OptionList] = {}
    for sheet in layout.sheets:
        for column in sheet.columns:
            if column.kind == "choice":
                out[f"{column.owner}.{column.name}"] = OptionList(
                    column.label.zh, tuple(label.zh for _, label in column.choices))
            elif column.codes and catalog is not None:
                entries = catalog.industries if column.codes == "industry" else catalog.operations
                out[column.codes] = OptionList(
                    "行业代码" if column.codes == "industry" else "作业代码", tuple(entries),
                    tuple(entry.name or code for code, entry in entries.items()))
    return out


def option_ranges(options: dict[str, OptionList]) -> dict[str, str]:
    """Each list's cell range on the 选项 sheet (each list one column; a list with names takes two)."""
    ranges: dict[str, str] = {}
    index = 1
    for name in sorted(options):
        letter = get_column_letter(index)
        ranges[name] = f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(options[name].values) + 1}"
        index += 2 if options[name].names else 1
    return ranges


def guide_rows(layout: Layout) -> list[list[str]]:
    """The rows of the 填表说明 sheet."""
    rows: list[list[str]] = [[f"填表说明：{layout.kind}"], *([line] for line in GENERAL), [],
                             ["工作表", "列名", "字段", "类型", "单位", "必填", "说明 / English"]]
    for sheet in layout.sheets:
        for head in sheet.heads():
            rows.append([sheet.name, head.header(), head.key, *_described(head)])
    return rows


def _described(head: Column | Link) -> list[str]:
    if isinstance(head, Link):
        return ["文本", "", "是", f"所属记录的编号 / {head.label.en} of the row's record"]
    allowed = "；".join(label.zh for _, label in head.choices)
    note = f"可选：{allowed}" if allowed else ""
    if head.codes:
        note = f"{'行业' if head.codes == 'industry' else '作业'}代码，见“{OPTIONS_SHEET}”表"
    if head.minimum is not None or head.maximum is not None:
        low = "" if head.minimum is None else f"{head.minimum:g}"
        high = "" if head.maximum is None else f"{head.maximum:g}"
        note = f"范围 {low}–{high}"
    return [_KINDS[head.kind], head.label.unit, "是" if head.required else "", f"{note} / {head.label.en}".strip(" /")]
