"""The assessment sheet (考核表) in the human formats: text, markdown, html and xlsx, in Chinese and English.

A hand-made sheet (two categories, a line of every status, a bonus earned and one not, a veto raised, one clear and
one not checked) on one unit; the reports without sheets are the golden files (tests/golden), unchanged."""
from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pytest

from compliance.formatters import render, render_bytes, xlsx
from compliance.report.model import AuditInfo, Finding, Location, RuleDoc, UnitReport
from compliance.report.sheet import Sheet, SheetBonus, SheetCategory, SheetLine, SheetVeto, Trigger
from compliance.report.stats import Report
from compliance.report.view import ReportView

HOSTILE = "<script>alert(1)</script> \"&' 局"

LEADERSHIP = SheetCategory("lead", "组织领导", "Leadership", 20, 3, (
    SheetLine("DEPT-LEAD-01", "领导班子成员职责清单", "Duty lists of the leaders", 2, 6, 1, "pass", checked=3),
    SheetLine("DEPT-LEAD-02", "年度任务清单", "Annual task lists", 2, 6, 1, "fail", checked=5, breaches=1, missing=1,
              pending=1, waived=1, deducted=3),
    SheetLine("DEPT-MEET-01", "每季度专题研究", "A dedicated meeting every quarter", 4, 16, 0, "pending", checked=1,
              pending=1),
))
ENFORCEMENT = SheetCategory("enf", "安全执法", "Enforcement", 40, 5, (
    SheetLine("DEPT-ENF-01", "执法人员配齐", "Enforcement staff in post", 3, None, 0, "waived", checked=1, waived=1),
    SheetLine("DEPT-ENF-02", "执法人员培训", "Enforcement staff trained", 2, None, 0, "not_applicable"),
    SheetLine("DEPT-ENF-03", "依法处罚", "Cases under the law", 2, None, 0, "not_checked"),
    SheetLine("DEPT-ENF-04", "顶格处罚", "Fines at the maximum", 2.5, 10, 0, "fail", checked=4, breaches=2, deducted=5),
))
SHEET = Sheet(
    "department-2022", "2022年度部门安全生产工作考核表", "Work-safety assessment of departments, 2022", 60,
    (LEADERSHIP, ENFORCEMENT),
    bonuses=(SheetBonus("model", "创建安全生产示范单位", "Model unit", 1, 3, 1,
                        (Trigger("示范点甲", "Site A", "市级示范", "a city model site"),)),
             SheetBonus("award", "获得上级表彰", "Commended by the province", 2, None, 0)),
    bonus_max=5,
    vetoes=(SheetVeto("accident", "发生较大及以上生产安全事故", "A major accident", (
        Trigger("2022年5月事故", "May 2022 accident", "死亡3人", "3 deaths", Location("departments/cgj.toml", "x", 3)),)),
            SheetVeto("conceal", "瞒报谎报事故", "An accident concealed", checked=False),
            SheetVeto("fraud", "弄虚作假", "Falsified records")),
    grade="不合格", grade_en="fail")
RULE = RuleDoc("DEPT-LEAD-02", "annual-task-list", "department", "年度任务清单", "Annual task lists", "high",
               remediation="补齐任务清单。", remediation_en="Write the lists.", points=2)


def _report(sheet: Sheet | None = SHEET, name: str = "市城市管理局", findings: int = 0) -> Report:
    info = AuditInfo("测试市", 2022, "2022-12-31", [{"id": "department", "version": "1"}], {}, ReportView())
    gaps = [Finding(RULE, "cgj", "fail", "high", f"缺少第{n}份", f"list {n} missing", item=f"第{n}份", points=2, order=n)
            for n in range(findings)]
    return Report(info, [UnitReport("cgj", name, "department", "departments/cgj.toml", gaps, 87.5, sheet=sheet)], [])


def _other_unit(report: Report) -> Report:
    """The report with a second unit, unscored and without a sheet (as the city's coordination findings)."""
    plain = UnitReport("city", "市安委办", "city", "city", [], None)
    return Report(report.info, [*report.units, plain], [])


# text

def test_text_shows_each_category_the_bonus_the_vetoes_and_the_total() -> None:
    block = render("text", _report())
    for line in ("  2022年度部门安全生产工作考核表", "  组织领导 17/20", "  安全执法 35/40（1项未检查）",
                 "  加分 +1（创建安全生产示范单位 +1：示范点甲）", "  一票否决：发生较大及以上生产安全事故（2022年5月事故）",
                 "  一票否决：瞒报谎报事故（未核查）", "  总分 53  等次 不合格【一票否决】"):
        assert f"\n{line}\n" in block, line
    assert "弄虚作假" not in block  # a veto checked and not raised: nothing to say in the compact block


def test_text_in_english() -> None:
    text = render("text", _report(), "en")
    for line in ("  Work-safety assessment of departments, 2022", "  Leadership 17/20",
                 "  Enforcement 35/40 (1 not checked)", "  Bonus +1 (Model unit +1: Site A)", "  Veto: A major accident (May 2022 accident)",
                 "  Veto: An accident concealed (not checked)", "  Total 53  Grade fail [vetoed]"):
        assert f"\n{line}\n" in text, line


def test_text_without_a_veto_shows_the_grade_alone() -> None:
    sheet = Sheet("s", "考核表", "Sheet", 20, (LEADERSHIP,), grade="良好", grade_en="good")
    text = render("text", _report(sheet))
    assert "\n  总分 17  等次 良好\n" in text and "一票否决" not in text and "加分" not in text


@pytest.mark.parametrize("format_name", ["text", "markdown", "html"])
def test_a_unit_without_a_sheet_shows_none(format_name: str) -> None:
    text = render(format_name, _other_unit(_report()))
    tail = text[text.index("市安委办"):]
    assert "考核表" not in tail and "总分" not in tail and "sheet" not in tail
    assert text.count("总分") == 1


# markdown

def test_markdown_table_with_subtotals_then_bonus_veto_total_and_grade() -> None:
    text = render("markdown", _report())
    assert "### 考核表：2022年度部门安全生产工作考核表\n\n| 考核项目 | 考核内容 | 评分标准 | 扣分 | 得分 |\n" in text
    assert "| 组织领导（20分） | `DEPT-LEAD-01` 领导班子成员职责清单 | 每项扣2分，最多扣6分；资料缺失每项扣1分 | 0 | |" in text
    assert "|  | `DEPT-LEAD-02` 年度任务清单 | 每项扣2分，最多扣6分；资料缺失每项扣1分 | 3 | |" in text
    assert "|  | **小计** | | **3** | **17** |" in text and "|  | **小计** | | **5** | **35** |" in text
    for line in ("- 加分项：创建安全生产示范单位 +1（每项加1分，最多加3分） — 示范点甲：市级示范",
                 "- 加分项：获得上级表彰 +0（每项加2分）", "- 一票否决：发生较大及以上生产安全事故：**否决**（2022年5月事故：死亡3人）",
                 "- 一票否决：瞒报谎报事故：**未核查**", "- 一票否决：弄虚作假：**未触发**", "- 基础得分 52（满分 60）",
                 "- 加分 +1（上限 5）", "- **总分 53**", "- **等次 不合格** **【一票否决】**"):
        assert f"\n{line}\n" in text, line


def test_markdown_in_english() -> None:
    text = render("markdown", _report(), "en")
    assert "| Category | Item assessed | Scoring standard | Deducted | Score |" in text
    assert "| Leadership (20 points) | `DEPT-LEAD-01` Duty lists of the leaders | −2 per item, at most −6; missing data −1 per" \
           " item | 0 | |" in text
    assert "|  | **Subtotal** | | **5** | **35** |" in text
    for line in ("- Veto: A major accident: **vetoed** (May 2022 accident: 3 deaths)", "- Veto: Falsified records: **not raised**",
                 "- Bonus items: Model unit +1 (+1 per item, at most +3) — Site A: a city model site",
                 "- Base score 52 (out of 60)", "- Bonus +1 (at most 5)", "- **Total 53**", "- **Grade fail** **[vetoed]**"):
        assert f"\n{line}\n" in text, line


def test_markdown_escapes_the_sheets_text() -> None:
    sheet = Sheet("s", HOSTILE, HOSTILE, 20, (LEADERSHIP,), vetoes=(SheetVeto("v", "否决项", "veto", (
        Trigger(HOSTILE, HOSTILE, "|x|", "|x|"),)),))
    text = render("markdown", _report(sheet))
    assert "<script>" not in text and "&lt;script&gt;" in text and "\\|x\\|" in text


# html

class _Page(HTMLParser):
    """Start tags with their attributes, and the text of every element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _sheet_html(page: str) -> str:
    return page[page.index('<section class="sheet">'):page.index("</section>", page.index('<section class="sheet">'))]


def test_html_sheet_table_with_subtotals_bonus_veto_totals_and_sign_off() -> None:
    page = render("html", _report())
    sheet = _sheet_html(page)
    assert page.index('<section class="sheet">') > page.index('<p class="counts">')  # after the unit's heading
    assert '<h3 class="sheet-title">2022年度部门安全生产工作考核表</h3>' in sheet
    assert "<b>被考核单位</b>：市城市管理局（cgj）" in sheet
    assert "<th>考核项目</th><th>考核内容</th><th>评分标准</th><th>检查情况</th><th class=\"n\">扣分</th>" in sheet
    assert '<th class="group" rowspan="4">组织领导<span class="pts">20分</span></th>' in sheet
    assert '<th class="group" rowspan="5">安全执法<span class="pts">40分</span></th>' in sheet
    for shown in ('<span class="rid">DEPT-LEAD-02</span>年度任务清单', "每项扣2分，最多扣6分；资料缺失每项扣1分",
                  "检查5项，问题1项，资料缺失1项，待到期1项，豁免1项", "检查3项，均符合", "检查1项，待到期1项",
                  "检查1项，豁免1项", '<td class="found not_applicable">不适用</td>',
                  '<td class="found not_checked">未检查</td>', "每项扣2.5分，最多扣10分",
                  "小计：得分 17（分值 20 − 扣分 3）", "小计：得分 35（分值 40 − 扣分 5）",
                  '<th class="group" rowspan="2">加分项</th>', "每项加1分，最多加3分", "<li>示范点甲：市级示范</li>",
                  '<td class="n">+1</td>', '<th class="group" rowspan="3">一票否决</th>', "出现即一票否决",
                  "<li>2022年5月事故：死亡3人</li>", '<td class="n veto raised">否决</td>',
                  '<td class="n veto unchecked">未核查</td>', '<td class="n veto clear">未触发</td>',
                  '<th colspan="4">基础得分（满分 60）</th><td class="n">52</td>',
                  '<th colspan="4">加分（上限 5）</th><td class="n">+1</td>',
                  '<tr class="total"><th colspan="4">总分</th><td class="n">53</td>',
                  '<tr class="grade"><th colspan="4">等次</th><td class="n">不合格 <span class="veto-mark">一票否决</span>',
                  "<span>被考核单位负责人（签字）</span><span class=\"blank\"></span>",
                  "<span>考核组负责人（签字）</span>", "<span>日期</span>"):
        assert shown in sheet, shown


def test_html_sheet_prints_whole_rows_each_sheet_on_new_pages() -> None:
    sheet = str(render("html", _report()))  # the sheet's styles are in the head
    assert "table.sheet tr, table.sheet tbody.totals, .signoff { break-inside: avoid;" in sheet
    media = sheet[sheet.index("@media print {"):]
    assert "section.sheet { order: -1; break-before: page;" in media and "break-after: page;" in media


def test_html_in_english() -> None:
    sheet = _sheet_html(render("html", _report(), "en"))
    for shown in ("<b>Assessed unit</b>: 市城市管理局 (cgj)", "<th>Category</th><th>Item assessed</th>",
                  "Leadership<span class=\"pts\">20 points</span>", "−2 per item, at most −6; missing data −1 per item",
                  "checked 5, breaches 1, missing data 1, pending 1, waived 1", "checked 3, all passed",
                  "not applicable", "not checked", "Subtotal: score 35 (40 − 5 deducted)", "+1 per item, at most +3",
                  "<li>May 2022 accident: 3 deaths</li>", ">vetoed</td>", ">not raised</td>",
                  "Base score (out of 60)", "Bonus (at most 5)", ">Total</th>", 'fail <span class="veto-mark">vetoed</span>',
                  "Head of the assessed unit (signature)", "Head of the assessment team (signature)", "<span>Date</span>"):
        assert shown in sheet, shown


def test_html_escapes_the_sheets_text() -> None:
    sheet = Sheet("s", HOSTILE, HOSTILE, 20, (SheetCategory("c", HOSTILE, HOSTILE, 20, 0, (
        SheetLine("R<1>", HOSTILE, HOSTILE, 1, None, 0, "pass", checked=1),)),),
        bonuses=(SheetBonus("b", HOSTILE, HOSTILE, 1, None, 1, (Trigger(HOSTILE, HOSTILE, HOSTILE, HOSTILE),)),),
        vetoes=(SheetVeto("v", HOSTILE, HOSTILE, (Trigger(HOSTILE, HOSTILE, HOSTILE, HOSTILE),)),),
        grade=HOSTILE)
    page = render("html", _report(sheet, name=HOSTILE))
    assert "<script" not in page and "R&lt;1&gt;" in page
    parser = _Page()
    parser.feed(page)
    assert "script" not in {tag for tag, _ in parser.tags}
    assert sum(HOSTILE in part for part in parser.text) >= 8


# xlsx

def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(data: bytes, title: str = "考核表") -> list[tuple[Any, ...]]:
    return [tuple(row) for row in _book(data)[title].iter_rows(values_only=True)]


def test_xlsx_sheet_rows_lines_subtotals_bonus_veto_and_totals() -> None:
    data = render_bytes("xlsx", _other_unit(_report()))
    assert _book(data).sheetnames == ["汇总", "问题", "考核表", "输入问题"]
    rows = _rows(data)
    assert rows[0] == ("单位编号", "单位名称", "考核项目", "分值", "规则编号", "考核内容", "每项扣分", "最多扣分",
                       "资料缺失每项扣分", "检查项数", "问题项数", "资料缺失项数", "待到期项数", "豁免项数", "扣分", "得分",
                       "状态", "说明")
    assert rows[2] == ("cgj", "市城市管理局", "组织领导", 20, "DEPT-LEAD-02", "年度任务清单", 2, 6, 1, 5, 1, 1, 1, 1, 3,
                       None, "问题", None)
    assert rows[4][:6] == ("cgj", "市城市管理局", "组织领导", 20, None, "小计") and rows[4][14:16] == (3, 17)
    assert [row[16] for row in rows[5:9]] == ["豁免", "不适用", "未检查", "问题"]
    assert rows[9][5] == "小计" and rows[9][14:16] == (5, 35)
    assert rows[10][2:8] == ("加分项", None, "model", "创建安全生产示范单位", 1, 3)
    assert (rows[10][15], rows[10][17]) == (1, "示范点甲：市级示范")
    assert [(row[2], row[4], row[16], row[17]) for row in rows[12:15]] == [
        ("一票否决", "accident", "否决", "2022年5月事故：死亡3人"), ("一票否决", "conceal", "未核查", None),
        ("一票否决", "fraud", "未触发", None)]
    assert [(row[2], row[3], row[7], row[15]) for row in rows[15:18]] == [
        ("基础得分", 60, None, 52), ("加分", None, 5, 1), ("总分", None, None, 53)]
    assert rows[18] == ("cgj", "市城市管理局", "等次", *(None,) * 13, "一票否决", "不合格")
    assert len(rows) == 19  # the unit without a sheet has no row


def test_xlsx_in_english() -> None:
    data = render_bytes("xlsx", _report(), "en")
    assert _book(data).sheetnames == ["Summary", "Findings", "Assessment sheets", "Input errors"]
    rows = _rows(data, "Assessment sheets")
    assert rows[0][:6] == ("Unit ID", "Unit name", "Category", "Category points", "Rule ID", "Item assessed")
    assert rows[1][2] == "Leadership" and rows[1][5] == "Duty lists of the leaders" and rows[1][16] == "passed"
    assert [row[2] for row in rows[-4:]] == ["Base score", "Bonus", "Total", "Grade"]
    assert rows[-1][16:] == ("vetoed", "fail")


def test_xlsx_sheet_comes_after_every_findings_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first sheet's rows come before the findings overflow; the assessment sheets still follow the findings,
    and go on to a next sheet at the row limit too."""
    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)
    later = UnitReport("yjj", "市应急管理局", "department", "departments/yjj.toml",
                       [Finding(RULE, "yjj", "fail", "high", f"缺少第{n}份", f"list {n}", points=2) for n in range(6)])
    report = _report()
    data = render_bytes("xlsx", Report(report.info, [*report.units, later], []))
    book = _book(data)
    assert book.sheetnames == ["汇总", "问题", "问题(2)", "考核表", "考核表(2)", "考核表(3)", "考核表(4)", "考核表(5)",
                               "输入问题"]
    assert sum(book[name].max_row - 1 for name in book.sheetnames if name.startswith("考核表")) == 18
    assert all(book[name]["A1"].value == "单位编号" and book[name].freeze_panes == "A2" and
               book[name].print_title_rows == "$1:$1" for name in book.sheetnames[1:-1])
