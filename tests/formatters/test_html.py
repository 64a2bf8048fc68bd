"""The HTML report: escaped, deterministic, equal to its golden files, and rendered by headless Chromium.

After an intended change of output, regenerate the golden files with:
    COMPLIANCE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formatters/test_html.py
(the plain one is also `.venv/bin/compliance check fixtures/example-city --format html --output
tests/golden/example-city.html`) and look at the diff, and at the page in a browser, before committing.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compliance.cli.main import main
from compliance.formatters.html_chart import fitted, text_width

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
BUNDLE = ROOT / "fixtures" / "example-city"
WAIVERS = ROOT / "fixtures" / "waivers" / "example-city-waivers.toml"
LAST_YEAR = ROOT / "fixtures" / "example-city-2021-report.json"
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>alert(1)</script> \"&' 局"


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _html(tmp_path: Path, bundle: Path, *extra: str) -> str:
    out = tmp_path / "report.html"
    assert main(["check", str(bundle), "--format", "html", "--output", str(out), *extra]) in (0, 1)
    return out.read_text(encoding="utf-8")


def test_values_from_records_are_escaped_in_text_attributes_and_svg(
        tmp_path: Path, bundle_dir: Callable[[dict[str, str], str], Path]) -> None:
    toml_name = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    bundle = bundle_dir({"departments/x.toml": f'id = "x<&\'>"\nname = "{toml_name}"\n'},
                        'jurisdiction = "<i>测试市</i>"\nyear = 2022\nas_of = 2022-12-31\n')
    page = _html(tmp_path, bundle)
    assert "<script" not in page and "<i>" not in page
    assert page.count("alert(1)") == page.count("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&#x27; 局") >= 3
    chart = page[page.index('<svg class="chart"'):page.index("</svg>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart
    parser = _Tags()
    parser.feed(page)
    assert "script" not in {tag for tag, _ in parser.tags}
    assert any(HOSTILE in part for part in parser.text)
    sections = [attrs for tag, attrs in parser.tags if tag == "section" and "unit" in (attrs.get("class") or "")]
    assert [s["id"] for s in sections] == ["unit-x%3C%26%27%3E"]
    links = {attrs["href"] for tag, attrs in parser.tags if tag == "a"}
    assert "#unit-x%3C%26%27%3E" in links


def test_the_same_bundle_gives_byte_identical_html(tmp_path: Path) -> None:
    extra = ("--waivers", str(WAIVERS), "--baseline", str(LAST_YEAR))
    first = _html(tmp_path, BUNDLE, *extra)
    assert _html(tmp_path, BUNDLE, *extra, "--workers", "2") == first
    assert '<html lang="zh-CN">' in first and '<meta charset="utf-8">' in first
    english = _html(tmp_path, BUNDLE, "--lang", "en")
    assert '<html lang="en">' in english and "Departments by score" in english and "Districts by score" in english


def test_the_page_is_self_contained_and_printable(tmp_path: Path) -> None:
    page = _html(tmp_path, BUNDLE, "--waivers", str(WAIVERS), "--baseline", str(LAST_YEAR))
    assert not re.search(r"(?:src|href)=\"(?!#)|url\(|@import|<script|<link", page)
    assert "@page { size: A4;" in page and '"Noto Sans CJK SC"' in page and '"Microsoft YaHei"' in page
    assert page.count('<section class="unit') == 23 and page.count('<svg class="chart"') == 3  # departments,
    # districts, the lowest enterprises
    for shown in ("屡查屡犯：上次报告已有", "新发现", "已整改（上次报告的问题本次未再发现）", "未核实", "罚则",
                  '<span class="badge waived">已豁免</span>', "全市汇总", "最常见的隐患类别"):
        assert shown in page, shown


def test_long_chart_labels_are_cut_to_fit() -> None:
    assert text_width("市应急管理局") == 66 and fitted("abc", 100) == "abc"
    cut = fitted("示例市顺达危险货物运输有限公司", 80)
    assert cut.endswith("…") and text_width(cut) <= 80


@pytest.mark.parametrize("suffix", ["", "-waivers-baseline"])
def test_output_equals_the_golden_file(suffix: str, tmp_path: Path) -> None:
    extra = ["--waivers", str(WAIVERS), "--baseline", str(LAST_YEAR)] if suffix else []
    produced = _html(tmp_path, BUNDLE, *extra).encode("utf-8").replace(str(ROOT).encode(), b"<ROOT>")
    golden = GOLDEN / f"example-city{suffix}.html"
    if os.environ.get("COMPLIANCE_UPDATE_GOLDEN"):
        golden.write_bytes(produced)
    hint = f"if intended, regenerate: COMPLIANCE_UPDATE_GOLDEN=1 .venv/bin/pytest {Path(__file__).relative_to(ROOT)}"
    assert golden.exists(), f"missing {golden.name}: {hint}"
    assert produced == golden.read_bytes(), f"HTML output differs from {golden.name}; {hint}"


def _chromium(tmp_path: Path, name: str, *args: str) -> subprocess.Popen[bytes]:
    """Headless Chromium on its own profile, offline and quiet; stdout is kept (--dump-dom)."""
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={tmp_path / f'profile-{name}'}", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package (/usr/bin/chromium) to render")
def test_chromium_renders_the_sections_and_chart_and_prints_pages(tmp_path: Path) -> None:
    url = (tmp_path / "report.html").as_uri()
    _html(tmp_path, BUNDLE, "--baseline", str(LAST_YEAR))
    pdf, png = tmp_path / "r.pdf", tmp_path / "r.png"
    runs = [_chromium(tmp_path, "dom", "--dump-dom", url),
            _chromium(tmp_path, "pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url),
            _chromium(tmp_path, "png", "--window-size=1000,1400", f"--screenshot={png}", url)]
    outputs = []
    try:
        for run in runs:
            out, _ = run.communicate(timeout=60)
            assert run.returncode == 0, run.args
            outputs.append(out.decode("utf-8"))
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
    dom = outputs[0]
    assert dom.count('<section class="unit') == 23 and '<section class="overview" id="summary">' in dom
    assert dom.count('<svg class="chart"') == 3 and dom.count("<rect ") == 22
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
    assert pdf.stat().st_size > 50_000 and pages > 23, pages
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
