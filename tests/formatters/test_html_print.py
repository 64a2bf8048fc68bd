"""The HTML report as a printed, signed document: a cover with the team and the contents, evidence in words, the
sources' verification in an appendix only, a sign-off block, and page numbers when Chromium prints it to PDF."""
from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from compliance.cli.main import main
from compliance.records.audit import ReportSignoff

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "fixtures" / "example-city"
CHROMIUM = Path("/usr/bin/chromium")
TEAM = ("示例市安全生产委员会办公室", "周立新", "陈晓梅", "刘建国", "王海燕", "赵德明")


def _report(tmp_path: Path, bundle: Path, fmt: str = "html", *extra: str) -> str:
    out = tmp_path / f"report.{fmt}"
    assert main(["check", str(bundle), "--format", fmt, "--output", str(out), *extra]) in (0, 1)
    return out.read_text(encoding="utf-8")


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_the_cover_names_the_audit_its_scheme_its_team_and_the_contents(tmp_path: Path) -> None:
    page = _report(tmp_path, BUNDLE)
    cover = _between(page, '<header class="cover">', "</header>")
    for shown in ("安全生产责任落实合规检查报告", "示例市 · 2022年度", "2022-12-31", "department 1.0.0",
                  "<dt>考核细则</dt><dd>安全生产工作年度考核细则（默认方案）（default-2022）</dd>",
                  "<dt>检查组织单位</dt><dd>示例市安全生产委员会办公室</dd>", "<dt>检查组组长</dt><dd>周立新</dd>",
                  "<dt>检查组成员</dt><dd>陈晓梅、刘建国、王海燕</dd>"):
        assert shown in cover, shown
    contents = _between(page, '<nav class="contents"', "</nav>")
    for shown in ("部门（8）", "区（2）", "企业（12）", "市安委办协调事项（1）", '<a href="#unit-jtj">市交通运输局</a>',
                  '<a href="#unit-laojie">', '<a href="#summary">', '<a href="#sources">', '<a href="#signoff">'):
        assert shown in contents, shown
    assert contents.count('<a href="#unit-') == 23


def test_the_report_ends_with_the_sign_off_names_printed_beside_blank_lines(tmp_path: Path) -> None:
    page = _report(tmp_path, BUNDLE)
    sign = page[page.index('<section class="sign" id="signoff">'):]
    assert sign.index("</section>") < sign.index("</main>") and sign.count("<section") == 1  # nothing after it
    for label, name in (("检查组组长（签字）", "周立新"), ("检查组成员（签字）", "陈晓梅"), ("审核（签字）", "赵德明")):
        assert f'<th>{label}</th><td class="name">{name}</td><td class="blank"></td>' in sign
    assert all(name in sign for name in TEAM) and sign.count('class="blank"') == 5
    assert "<th>日期</th>" in sign and "2023年1月10日" in sign


def test_without_a_report_table_the_sign_off_has_blank_lines_and_the_cover_no_team(
        tmp_path: Path, bundle_dir: Callable[[dict[str, str], str], Path]) -> None:
    bundle = bundle_dir({"departments/x.toml": 'id = "x"\nname = "某局"\n'},
                        'jurisdiction = "测试市"\nyear = 2022\n')
    page = _report(tmp_path, bundle)
    assert "检查组组长</dt>" not in page and "检查组织单位" not in page
    sign = page[page.index('<section class="sign"'):]
    assert '<th>检查组组长（签字）</th><td class="name"></td><td class="blank"></td>' in sign
    assert sign.count('class="blank"') == 3 and '<td class="name blank" colspan="2">　　　　年　　月　　日</td>' in sign


def test_the_new_audit_fields_are_documented() -> None:
    text = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    audit = _between(text, "## `audit.toml`", "## `departments/`")
    assert "| `report` | table |" in audit
    for name in ReportSignoff.model_fields:
        assert f"| `report.{name}` |" in audit, name


def test_unverified_quotes_are_named_in_the_appendix_only(tmp_path: Path) -> None:
    page = _report(tmp_path, BUNDLE)
    body, appendix = page[page.index("</style>"):].split('<section class="sources" id="sources">')
    assert "未核实" not in body and "unverified" not in body
    assert "《生产经营单位安全培训规定》" in body  # its quotes are still shown with the gaps, unflagged
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"status (\w+)\">(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>",
                      appendix)
    by_source = {title: (status, shown, unchecked) for title, status, shown, _articles, unchecked in rows}
    assert by_source["《生产经营单位安全培训规定》"] == ("unverified", "未核实", "第二条、第九条、第十三条")
    assert by_source["《特种作业人员安全技术培训考核管理规定》"][:2] == ("unverified", "未核实")
    assert by_source["《中华人民共和国安全生产法》（2021年修正）"][:2] == ("verified", "已核实")
    assert by_source["2022年全市安全生产工作会议讲话"][2] == "—"
    english = _report(tmp_path, BUNDLE, "html", "--lang", "en")
    assert "(unverified)" not in english and ">unverified</td>" in english


def test_evidence_names_fields_in_words_and_only_json_like_formats_keep_paths(tmp_path: Path) -> None:
    html, text, markdown = (_report(tmp_path, BUNDLE, fmt) for fmt in ("html", "text", "markdown"))
    for report in (html, text, markdown):
        assert "会议记录第" in report and "检查记录第2条·发现隐患第1条·编号" in report
        assert "hazards_found[" not in report and "meetings[" not in report
    assert "departments/zjj.toml 第154行 · 检查记录第2条·发现隐患第1条·编号" in html
    for fmt in ("json", "sarif", "csv"):
        assert "inspections[1].hazards_found[0].id" in _report(tmp_path, BUNDLE, fmt), fmt


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package (/usr/bin/chromium) to print")
def test_chromium_prints_an_unnumbered_cover_then_numbered_pages(tmp_path: Path) -> None:
    _report(tmp_path, BUNDLE)
    pdf = tmp_path / "report.pdf"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
               (tmp_path / "report.html").as_uri()]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True)
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    count = len(pages)
    assert count > 23
    assert "安全生产责任落实合规检查报告" in pages[0] and "目录" in pages[0] and "周立新" in pages[0]
    assert re.search(r"\d+ / \d+", pages[0]) is None  # the cover: no page number
    assert f"2 / {count}" in pages[1] and "汇总" in pages[1]  # the summary starts page 2
    assert all(f"{number} / {count}" in text for number, text in enumerate(pages[1:], start=2))
    assert any("依据核实情况" in page for page in pages[-2:])  # the appendix, then the sign-off block unsplit
    assert "检查组组长（签字）" in pages[-1] and "赵德明" in pages[-1]
