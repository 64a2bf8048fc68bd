"""A real spreadsheet program opens what we write: Debian's LibreOffice Calc (headless) saves each template and the
example city's workbooks again, and what it saved reads back the same."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES

from compliance.bundle.workbook.read import read_workbook
from compliance.bundle.workbook.write import write_workbook
from compliance.records.workbook.layout import layout, layout_kinds

SOFFICE = shutil.which("soffice")
FILLED = {"departments/jtj.xlsx": "department", "enterprises/laojie-xinda.xlsx": "enterprise",
          "enterprises/hengchang.xlsx": "enterprise"}
pytestmark = pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                                reason="needs LibreOffice Calc (Debian: apt-get install libreoffice-calc; .ci/run "
                                       "installs it)")


def _resave(sources: list[Path], tmp_path: Path) -> Path:
    """Each workbook opened and saved again as .xlsx by LibreOffice Calc, into one folder."""
    assert SOFFICE is not None, "CI must have LibreOffice Calc (soffice): .ci/run installs libreoffice-calc"
    out = tmp_path / "resaved"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, sources)], check=True, capture_output=True, timeout=300)
    return out


def test_calc_opens_every_template_and_every_filled_workbook_and_they_read_back(tmp_path: Path) -> None:
    sources = []
    for kind_name in layout_kinds():
        path = tmp_path / "templates" / f"{kind_name}.xlsx"
        path.parent.mkdir(exist_ok=True)
        write_workbook(layout(kind_name), [], path, example=True)
        sources.append(path)
    for number, name in enumerate(FILLED):
        copy = tmp_path / "filled" / f"filled{number}.xlsx"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "example-city" / name, copy)
        sources.append(copy)
    out = _resave(sources, tmp_path)
    for kind_name in layout_kinds():
        read = read_workbook(out / f"{kind_name}.xlsx", kind_name, layout(kind_name))
        assert read.records == ([] if layout(kind_name).many else [{}]), kind_name
        assert {error.message for error in read.errors} == {"示例行，未读取"}, kind_name
        assert {error.sheet for error in read.errors} == {sheet.name for sheet in layout(kind_name).sheets}
    for number, (name, kind_name) in enumerate(FILLED.items()):
        laid = layout(kind_name)
        before = read_workbook(FIXTURES / "example-city" / name, name, laid)
        after = read_workbook(out / f"filled{number}.xlsx", name, laid)
        assert after.errors == [] and len(after.records) == len(before.records) > 0
        assert [laid.model.model_validate(r) for r in after.records] == \
            [laid.model.model_validate(r) for r in before.records], name
