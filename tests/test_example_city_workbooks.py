"""The example city keeps a department and three enterprises as workbooks (departments/jtj.xlsx,
enterprises/hengchang.xlsx, enterprises/laojie-xinda.xlsx); their TOML and JSON twins in tests/data/example-city-twins/
give the same findings, and the workbooks' findings point at their sheets and cells."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

from compliance.cli.main import main
from compliance.report.reading import whole_units

TWINS = ROOT / "tests" / "data" / "example-city-twins"
WORKBOOKS = ("departments/jtj.xlsx", "enterprises/hengchang.xlsx", "enterprises/laojie-xinda.xlsx")
PLACE = ("file", "line", "column", "sheet", "cell")


def _report(bundle: Path, out: Path) -> dict[str, Any]:
    main(["check", str(bundle), "--format", "json", "--output", str(out)])
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def _findings(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each unit's findings, without where in which file they are."""
    return [(unit["id"], [{**finding, "evidence": {k: v for k, v in finding.get("evidence", {}).items()
                                                   if k not in PLACE}}
                          for finding in unit["findings"]]) for unit in whole_units(report)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    """The example city's report, and that of the same city with the workbooks' twins instead."""
    root = tmp_path_factory.mktemp("twins")
    twin_city = root / "example-city"
    shutil.copytree(FIXTURES / "example-city", twin_city)
    for workbook in WORKBOOKS:
        (twin_city / workbook).unlink()
    shutil.copytree(TWINS, twin_city, dirs_exist_ok=True)
    return _report(FIXTURES / "example-city", root / "workbooks.json"), _report(twin_city, root / "twins.json")


def test_the_workbooks_and_their_twins_give_the_same_findings(reports: tuple[dict[str, Any], dict[str, Any]]) -> None:
    workbooks, twins = reports
    assert _findings(workbooks) == _findings(twins)
    assert workbooks["summary"] == twins["summary"] and workbooks["input_errors"] == twins["input_errors"]
    units = {unit["id"]: unit["file"] for unit in workbooks["units"]}
    assert (units["jtj"], units["hengchang"], units["laojie"], units["xinda"]) == (
        "departments/jtj.xlsx", "enterprises/hengchang.xlsx", "enterprises/laojie-xinda.xlsx",
        "enterprises/laojie-xinda.xlsx")


def test_the_workbooks_findings_point_at_sheets_and_cells(reports: tuple[dict[str, Any], dict[str, Any]]) -> None:
    workbooks, _ = reports
    failed = [finding["evidence"] for unit in whole_units(workbooks) if unit["id"] in ("jtj", "xinda")
              for finding in unit["findings"] if finding["status"] == "fail"]
    assert failed and all(evidence.get("sheet") and evidence.get("cell") for evidence in failed
                          if evidence.get("file", "").endswith(".xlsx"))
    sheets = {evidence["sheet"] for evidence in failed if "sheet" in evidence}
    assert {"基本信息", "领导班子", "隐患", "从业人员"} <= sheets


def test_the_city_files_as_workbooks_give_the_same_findings_at_their_cells(
        reports: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path) -> None:
    city = tmp_path / "example-city"
    shutil.copytree(FIXTURES / "example-city", city)
    for toml in sorted((city / "city").glob("*.toml")):
        assert main(["convert", str(toml), "--to", "xlsx"]) == 0
        toml.unlink()
    report = _report(city, tmp_path / "r.json")
    assert _findings(report) == _findings(reports[0]) and report["summary"] == reports[0]["summary"]
    files = {finding.get("evidence", {}).get("file") for unit in whole_units(report) for finding in unit["findings"]}
    assert {"city/directives.xlsx", "city/statistics.xlsx", "city/accidents.xlsx"} <= files
    assert not {file for file in files if file and file.startswith("city/") and file.endswith(".toml")}
