"""Rectification notices (整改通知书), as HTML (--format notice) and as a Word file (--format notice-docx): one per unit
with notice items, in report order and numbered so; their items equal the JSON report's notice fields; the reply
date; English; escaping; byte-identical runs; last year's overdue items marked; the CLI."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest

from compliance.api import Options, check
from compliance.cli.main import main
from compliance.formatters import render, render_bytes, zips
from compliance.formatters.notice_parts import fill, numeral
from compliance.report.stats import Report

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "fixtures" / "example-city"
LAST_YEAR = ROOT / "fixtures" / "example-city-2021-report.json"
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>alert(1)</script> \"&' 局"
ISSUER = "示例市安全生产委员会办公室"
NUMBER = re.compile(r"示例市安委办整改〔2022〕(\d+)号")
ESCALATED = "2022-hongyuan-ENT-HAZ-01-HY-H-2021-017"

Items = list[tuple[str, str]]  # (item id, deadline) of one notice, in order


@pytest.fixture(scope="module")
def report() -> Report:
    return check(BUNDLE)


@pytest.fixture(scope="module")
def expected(report: Report) -> list[tuple[str, Items]]:
    """Per unit with notice items, in report order: its name and its items, as the JSON report has them."""
    document = json.loads(render("json", report))
    notices = [(unit["name"], [(f["notice"]["id"], f["notice"]["deadline"]) for f in unit["findings"]
                               if f["status"] == "fail" and "notice" in f]) for unit in document["units"]]
    return [(name, items) for name, items in notices if items]


@pytest.fixture(scope="module")
def word(report: Report) -> bytes:
    return render_bytes("notice-docx", report)


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return render("notice", report)


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    """The document's paragraphs: (style, text)."""
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def _docx_notices(data: bytes) -> list[tuple[str, Items, Items]]:
    """Per notice: the addressee, its items (id, deadline) as listed, and the rows of its feedback slip."""
    notices: list[tuple[str, Items, Items]] = []
    paragraphs = _paragraphs(data)
    deadline = ""
    for number, (style, text) in enumerate(paragraphs):
        if style == "Heading 1" and text == "安全生产问题整改通知书":
            notices.append((paragraphs[number + 1][1].removesuffix("："), [], []))
        elif text.startswith("整改期限："):
            deadline = text.removeprefix("整改期限：")
        elif text.startswith("通知项编号（销号用）："):
            notices[-1][1].append((text.removeprefix("通知项编号（销号用）："), deadline))
    for notice, table in zip(notices, docx.Document(io.BytesIO(data)).tables, strict=True):
        header, *rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert header == ["序号", "通知项编号", "问题", "整改期限", "整改完成情况", "完成日期", "佐证材料"]
        assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
        assert all(row[4:] == ["", "", ""] for row in rows)  # to fill in
        notice[2].extend((row[1], row[3]) for row in rows)
    return notices


class _Notices(HTMLParser):
    """The HTML notices as a browser's parser sees them: per notice its addressee, item ids and deadlines, and
    every text."""

    def __init__(self) -> None:
        super().__init__()
        self.notices: list[dict[str, Any]] = []
        self.text: list[str] = []
        self._field = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        css = dict(attrs).get("class") or ""
        if tag == "section" and css == "notice":
            self.notices.append({"to": "", "ids": [], "deadlines": [], "slip": []})
        self._field = {"to": "to", "deadline": "deadlines", "item-id": "ids"}.get(css, "")
        if tag == "td" and css == "date":
            self._field = "slip"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self._field:
            return
        if self._field == "to":
            self.notices[-1]["to"] = data.removesuffix("：")
        else:
            self.notices[-1][self._field].append(data)
        self._field = ""


def _html_notices(page: str) -> _Notices:
    parser = _Notices()
    parser.feed(page)
    return parser


def test_one_notice_per_unit_with_gaps_in_report_order(report: Report, expected: list[tuple[str, Items]],
                                                       word: bytes, page: str) -> None:
    names = [name for name, _ in expected]
    assert len(names) == 21 and "市应急管理局" not in names and "示例市恒昌化工有限公司" in names  # its drills
    assert [unit.name for unit in report.units if unit.kind == "city"] == ["示例市"]  # coordination: no notice
    assert [name for name, _, _ in _docx_notices(word)] == names
    assert [notice["to"] for notice in _html_notices(page).notices] == names
    assert not re.search(r"(?:src|href)=\"(?!#)|url\(|@import|<script|<link", page)  # self-contained
    assert "@page { size: A4;" in page and "break-before: page" in page


def test_docx_items_equal_the_json_reports_notice_fields(expected: list[tuple[str, Items]], word: bytes) -> None:
    notices = _docx_notices(word)
    assert [(name, items) for name, items, _ in notices] == expected
    assert [(name, slip) for name, _, slip in notices] == expected


def test_html_items_equal_the_json_reports_notice_fields(expected: list[tuple[str, Items]], page: str) -> None:
    for notice, (name, items) in zip(_html_notices(page).notices, expected, strict=True):
        assert notice["to"] == name
        assert list(zip(notice["ids"], notice["deadlines"], strict=True)) == items
        assert notice["slip"] == [deadline for _, deadline in items]


def test_document_numbers_are_sequential(word: bytes, page: str) -> None:
    in_word = [int(m[1]) for _, text in _paragraphs(word) if (m := NUMBER.fullmatch(text))]
    assert in_word == list(range(1, 22))
    in_page = [int(n) for n in re.findall(r'<p class="number">示例市安委办整改〔2022〕(\d+)号</p>', page)]
    assert in_page == list(range(1, 22))
    slips = [int(m[1]) for _, text in _paragraphs(word) if (m := re.fullmatch(r"通知书文号：" + NUMBER.pattern, text))]
    assert slips == list(range(1, 22))


def test_the_reply_date_is_the_last_deadline_plus_the_reply_days(report: Report, expected: list[tuple[str, Items]],
                                                                word: bytes, page: str) -> None:
    assert report.info.notice["reply_days"] == 5
    closings = [text for _, text in _paragraphs(word) if text.startswith("请于各项期限内完成整改")]
    assert len(closings) == len(expected)
    for closing, (_, items) in zip(closings, expected, strict=True):
        reply = dt.date.fromisoformat(max(deadline for _, deadline in items)) + dt.timedelta(days=5)
        sentence = f"请于各项期限内完成整改，并于{reply.isoformat()}前将整改情况回执及佐证材料报送{ISSUER}。"
        assert closing == sentence
        assert f'<p class="closing">{sentence}</p>' in page
    first = [text for _, text in _paragraphs(word)][:5]
    assert first[:2] == [ISSUER, "示例市安委办整改〔2022〕1号"]
    assert first[4] == ("根据示例市2022年度安全生产责任落实检查（检查基准日：2022-12-31），你单位存在下列问题，"
                        "请按各项所列期限完成整改。")
    assert page.count(f"<p>{ISSUER}</p><p>（盖章）</p><p>2022年12月31日</p>") == 21


def test_an_item_names_the_problem_its_basis_the_remedy_and_the_proof(word: bytes, page: str) -> None:
    texts = [text for _, text in _paragraphs(word)]
    at = texts.index("通知项编号（销号用）：2022-laojie-ENT-GAS-01")
    assert texts[at - 5:at] == [
        "问题：使用燃气但未安装可燃气体报警装置",
        "依据：《中华人民共和国安全生产法》（2021年修正） 第三十六条第四款",
        texts[at - 3], "整改期限：2023-01-07", "佐证材料：整改情况书面报告，附可燃气体报警装置安装情况的证明材料"]
    assert texts[at - 3].startswith("整改要求：") and len(texts[at - 3]) > 10
    assert re.fullmatch(r"[一二三四五六七八九十]+、.+", texts[at - 6])  # the item's numbered heading
    assert "未核实" not in page and "未核实" not in "".join(texts)  # the basis names the article, quotes nothing


def test_units_without_notice_items_get_none(report: Report) -> None:
    quiet = dataclasses.replace(report, units=[u for u in report.units if u.id in ("yjj", "city")])
    assert "安全生产问题整改通知书" not in "".join(t for _, t in _paragraphs(render_bytes("notice-docx", quiet)))
    assert "<p class=\"none\">本次检查无需发出整改通知书。</p>" in render("notice", quiet)
    assert '<section class="notice"' not in render("notice", quiet)


def test_english(report: Report) -> None:
    page = render("notice", report, "en")
    word = render_bytes("notice-docx", report, "en")
    texts = [text for _, text in _paragraphs(word)]
    for shown in ("<h1>Notice to Rectify Work-Safety Problems</h1>", "To: 市城市管理局", "Rectify by: ",
                  "Rectification Feedback Slip", "Filled in by", "(seal)", '<html lang="en">'):
        assert shown in page, shown
    assert "示例市 Work Safety Committee Office" in texts and "To: 市交通运输局" in texts
    assert any(text.startswith("Please rectify each problem by its date, and send the feedback slip") for text in texts)
    labels = ("整改通知书", "整改期限", "佐证材料", "通知项编号", "回执", "盖章", "填报人", "问题：", "依据：", "你单位")
    for words_in_chinese in labels:
        assert words_in_chinese not in page and words_in_chinese not in "".join(texts), words_in_chinese
    header = [cell.text for cell in docx.Document(io.BytesIO(word)).tables[0].rows[0].cells]
    assert header == ["No.", "Item no.", "Problem", "Rectify by", "What was done", "Date done", "Proof attached"]


def test_html_escapes_text_from_the_records(tmp_path: Path, bundle_dir: Callable[[dict[str, str], str], Path]) -> None:
    toml_name = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    bundle = bundle_dir({"departments/x.toml": f'id = "x<&\'>"\nname = "{toml_name}"\n'},
                        'jurisdiction = "<i>测试市</i>"\nyear = 2022\nas_of = 2022-12-31\n')
    out = tmp_path / "n.html"
    assert main(["check", str(bundle), "--format", "notice", "--output", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<i>" not in page
    parser = _html_notices(page)
    assert len(parser.notices) == 1 and parser.notices[0]["to"] == HOSTILE
    assert "<i>测试市</i>安全生产委员会办公室" in parser.text
    assert all(item.startswith("2022-x<&'>-") for item in parser.notices[0]["ids"])
    document = docx.Document(io.BytesIO(render_bytes("notice-docx", check(bundle))))
    assert document.paragraphs[3].text == HOSTILE + "：" and document.paragraphs[0].text.startswith("<i>测试市</i>")


def test_word_holds_any_text(report: Report) -> None:
    """Control characters (which XML cannot hold) are shown escaped; a line break or tab becomes Word's."""
    unit = next(u for u in report.units if u.id == "laojie")
    first = next(f for f in unit.findings if f.notice is not None)
    unit = dataclasses.replace(unit, name="bell\x07 and nul\x00", findings=[
        dataclasses.replace(first, message="line one\nline two\tafter a tab")])
    document = docx.Document(io.BytesIO(render_bytes("notice-docx", dataclasses.replace(report, units=[unit]))))
    texts = [p.text for p in document.paragraphs]
    assert "bell\\x07 and nul\\x00：" in texts
    assert "问题：line one\nline two\tafter a tab" in texts  # python-docx reads w:br and w:tab back as \n and \t


def test_the_same_report_gives_the_same_bytes(report: Report, word: bytes, page: str, tmp_path: Path) -> None:
    """Twice, streamed by the CLI, with two workers: byte-identical, with no time of the run in the Word file."""
    again = check(BUNDLE)
    assert render_bytes("notice-docx", again) == word and render("notice", again) == page
    for workers in ("1", "2"):
        out = tmp_path / f"n{workers}.html"
        assert main(["check", str(BUNDLE), "--format", "notice", "--output", str(out), "--workers", workers]) == 1
        assert out.read_text(encoding="utf-8") == page
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        entries = archive.infolist()
        core = archive.read("docProps/core.xml").decode()
    assert {entry.date_time for entry in entries} == {zips.ZIP_TIME}
    names = [entry.filename for entry in entries]
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    assert "docProps/thumbnail.jpeg" not in names
    assert core.count("2022-12-31T00:00:00Z") == 2 and "python-docx" not in core
    properties = docx.Document(io.BytesIO(word)).core_properties
    assert properties.created == properties.modified == dt.datetime(2022, 12, 31, tzinfo=dt.UTC)


def test_last_years_overdue_items_are_marked() -> None:
    report = check(BUNDLE, Options(baseline=LAST_YEAR))
    texts = [text for _, text in _paragraphs(render_bytes("notice-docx", report))]
    at = texts.index(f"通知项编号（销号用）：{ESCALATED}")
    heading = texts[at - 6]
    assert heading.startswith("五、事故隐患在整改期限内消除，不得逾期未整改") and heading.endswith("【挂牌督办】")
    overdue = texts[texts.index("通知项编号（销号用）：2022-hongyuan-ENT-DOC-02") - 6]
    assert overdue.endswith("【上年通知逾期未整改】")
    page = render("notice", report)
    item = page[:page.index(f'<code class="item-id">{ESCALATED}</code>')]
    item = item[item.rindex('<div class="item">'):]
    assert '<span class="mark escalated">挂牌督办</span>' in item
    assert page.count('<span class="mark escalated">') == 1
    assert page.count('<span class="mark overdue">上年通知逾期未整改</span>') == sum(
        1 for unit in report.units for f in unit.findings if f.overdue == "overdue" and f.notice is not None)
    plain = render("notice", check(BUNDLE))
    assert '<span class="mark' not in plain


def test_cli_writes_the_word_file(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], word: bytes) -> None:
    out = tmp_path / "x.docx"
    assert main(["check", str(BUNDLE), "--format", "notice-docx", "--output", str(out)]) == 1
    assert out.read_bytes() == word and zipfile.is_zipfile(out)
    assert not list(tmp_path.glob(".*.partial"))
    assert main(["check", str(BUNDLE), "--format", "notice-docx"]) == 1  # a binary format to stdout: redirected
    assert capsysbinary.readouterr().out == word


def test_word_layout_a4_new_pages_and_a_table_that_never_splits_rows(word: bytes) -> None:
    document = docx.Document(io.BytesIO(word))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    starts = [p for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert [p.text for p in starts].count(ISSUER) == 20 and [p.text for p in starts].count("整改情况回执") == 21
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert all(row.trPr is not None and row.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for row in rows)
        assert rows[0].trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_numbers_and_templates() -> None:
    assert [numeral(n) for n in (1, 10, 11, 20, 21, 100, 105, 110, 1010)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十", "一千零一十"]
    assert fill("{jurisdiction}安委办整改〔{year}〕{seq}号", jurisdiction="示例市", year=2022, seq=3) == "示例市安委办整改〔2022〕3号"
    assert fill("{jurisdiction}〔{yr}〕{seq}", jurisdiction="甲", seq=1) == "甲〔{yr}〕1"  # a typo is shown, not fatal


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package (/usr/bin/chromium) to render")
def test_chromium_prints_each_notice_and_slip_from_a_new_page(tmp_path: Path, page: str) -> None:
    source, pdf = tmp_path / "n.html", tmp_path / "n.pdf"
    source.write_text(page, encoding="utf-8")
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
               source.as_uri()]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
    assert pages >= 42, pages  # 21 notices, each with its slip on a page of its own
