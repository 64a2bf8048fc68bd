"""Output escaped for its medium: no raw control character (terminal escapes, bidirectional overrides) from the
records or their file names reaches a text, Markdown, HTML or CSV report; XLSX and JUnit XML hold any of them."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from compliance.cli.main import main

HIDDEN = ("\x1b", "\u202e", "\x07", "\x9b", "\u2066", "\ufffe", "\uffff")
NAME = "\x1b[31m红\u202e局\x07\x9b\u2066"
FILE = "departments/\x1b]0;x\x07\u202e\ufffe.json"


@pytest.fixture
def hostile(bundle_dir: Any) -> Path:
    department = {"id": "d\x1b1", "name": NAME, "leaders": [{"id": "l1", "name": "\u202e张"}]}
    return bundle_dir({FILE: json.dumps(department), "departments/plain.toml": 'id = "d2"\nname = "局"\nx = 1\n'})  # type: ignore[no-any-return]


@pytest.mark.parametrize("format_name", ["text", "markdown", "html", "csv", "notice", "junit"])
def test_no_raw_control_character_reaches_a_text_report(hostile: Path, capsys: pytest.CaptureFixture[str],
                                                         format_name: str) -> None:
    assert main(["check", str(hostile), "--format", format_name]) in (1, 2)
    out = capsys.readouterr().out
    assert not [char for char in HIDDEN if char in out]
    assert "\\x1b" in out and "\\u202e" in out


def test_json_keeps_the_values_as_given(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(hostile), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert NAME in [unit["name"] for unit in report["units"]]


def test_junit_xml_is_well_formed(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(hostile), "--format", "junit"])
    tree = etree.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert tree.tag == "testsuites"


def test_xlsx_holds_any_character(hostile: Path, tmp_path: Path) -> None:
    output = tmp_path / "r.xlsx"
    assert main(["check", str(hostile), "--format", "xlsx", "--output", str(output)]) in (1, 2)
    workbook = load_workbook(io.BytesIO(output.read_bytes()), read_only=True)
    cells = [str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not [char for char in HIDDEN if any(char in cell for cell in cells)]
    assert any("\\u202e" in cell for cell in cells)


@pytest.mark.parametrize("format_name", ["text", "json", "sarif", "html", "csv", "junit", "markdown"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(bundle_dir: Any, capsys: pytest.CaptureFixture[str],
                                                       format_name: str) -> None:
    root = bundle_dir({})
    (root / "departments").mkdir()
    (root / "departments").joinpath(b"\xff.toml".decode("utf-8", "surrogateescape")).write_text(
        'id = "d1"\nname = "局"\n', encoding="utf-8")
    assert main(["check", str(root), "--format", format_name]) == 1
    captured = capsys.readouterr()
    assert "internal error" not in captured.err and ("\\udcff" in captured.out or "%5Cudcff" in captured.out)


def test_the_input_error_line_on_stderr_is_escaped_too(bundle_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = bundle_dir({"departments/d.json": json.dumps({"id": "d\u202e1", "name": "局", "leaders": "\x1b[2J"})})
    assert main(["check", str(root)]) == 2
    err = capsys.readouterr().err
    assert "\\u202e" in err and "\\x1b" in err and not [char for char in HIDDEN if char in err]
