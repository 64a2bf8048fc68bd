"""The SARIF log: valid SARIF 2.1.0, results at the lines of their fields, stable ids, the golden example city."""
from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openpyxl.utils import get_column_letter

from compliance.api import Options, check, load_packs
from compliance.bundle.load import load_bundle
from compliance.check.pipeline import prepare, write_report
from compliance.cli.main import main
from compliance.formatters import formatter, render
from compliance.records.workbook.layout import layout
from compliance.report.stats import Report

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS.parent / "fixtures"
CITY = FIXTURES / "example-city"
SCHEMA = json.loads((TESTS / "data" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GOLDEN = TESTS / "golden" / "example-city.sarif"
REGENERATE = f"compliance check fixtures/example-city --format sarif --output {GOLDEN.relative_to(TESTS.parent)}"
_BASE_URI = re.compile(r'("%SRCROOT%": \{\s*"uri": )"file://[^"]*"')
ROOT = TESTS.parent


@pytest.fixture(autouse=True)
def _from_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the checkout's root, as a pipeline runs from its repository's: paths are relative to it."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def report() -> Report:
    return check(CITY)


@pytest.fixture(scope="module")
def logs(report: Report) -> dict[str, dict[str, Any]]:
    return {lang: json.loads(render("sarif", report, lang)) for lang in ("zh", "en")}


def _results(log: dict[str, Any], **properties: str) -> list[dict[str, Any]]:
    return [r for r in log["runs"][0]["results"]
            if all(r.get("properties", {}).get(key) == value for key, value in properties.items())]


def _region(result: dict[str, Any]) -> dict[str, int]:
    region: dict[str, int] = result["locations"][0]["physicalLocation"]["region"]
    return region


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The line of the n-th line containing needle, found without the locator."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, start=1) if needle in line][occurrence - 1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_log_validates_against_the_sarif_schema(logs: dict[str, dict[str, Any]], lang: str) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(logs[lang])
    run = logs[lang]["runs"][0]
    assert logs[lang]["version"] == "2.1.0" and run["language"] == ("en-US" if lang == "en" else "zh-CN")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.resolve().as_uri() + "/"


def test_only_gaps_are_results_with_rule_ids_of_the_driver(logs: dict[str, dict[str, Any]], report: Report) -> None:
    run = logs["zh"]["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in report.info.rules] + ["INPUT"]
    gaps = sum(1 for unit in report.units for f in unit.findings if f.status in ("fail", "error", "waived"))
    inputs = [result for result in run["results"] if result["ruleId"] == "INPUT"]
    assert len(run["results"]) - len(inputs) == gaps == 142
    assert len(inputs) == len(report.input_errors) == 1  # a hazard category on no list (qingshiling)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_fingerprints_are_unique(logs: dict[str, dict[str, Any]]) -> None:
    keys = [r["partialFingerprints"]["complianceGap/v1"] for r in logs["zh"]["runs"][0]["results"]]
    assert len(keys) == len(set(keys))
    assert "chengjian3/ENT-WRK-01/CJ-102" in keys and "laojie/ENT-INS-01/2022-M07" in keys


def test_rule_help_quotes_requirements_and_penalty(logs: dict[str, dict[str, Any]]) -> None:
    rules = {rule["id"]: rule for rule in logs["zh"]["runs"][0]["tool"]["driver"]["rules"]}
    worker = rules["ENT-WRK-01"]
    assert worker["defaultConfiguration"]["level"] == "error" and worker["properties"]["severity"] == "critical"
    assert "未经安全生产教育和培训合格的从业人员，不得上岗作业" in worker["help"]["text"]
    assert "罚则：《中华人民共和国安全生产法》（2021年修正） 第九十七条" in worker["help"]["text"]
    assert "**罚则**：" in worker["help"]["markdown"]
    assert any("（未核实）" in rule["help"]["text"] for rule in rules.values())
    english = {rule["id"]: rule for rule in logs["en"]["runs"][0]["tool"]["driver"]["rules"]}
    assert "(unverified)" in english["ENT-TRN-01"]["help"]["text"]
    assert english["ENT-WRK-01"]["shortDescription"]["text"] != worker["shortDescription"]["text"]


def test_toml_field_finding_points_at_its_key(logs: dict[str, dict[str, Any]]) -> None:
    cgj = CITY / "departments" / "cgj.toml"
    staff = _results(logs["zh"], unit_id="cgj")
    by_rule = {r["ruleId"]: r for r in staff}
    assert _region(by_rule["DEPT-ENF-01"]) == {"startLine": _line_of(cgj, "staff_actual ="), "startColumn": 1}
    assert _region(by_rule["DEPT-SUB-01"])["startLine"] == _line_of(cgj, "submitted_on =", 2)
    assert _region(by_rule["DEPT-PRL-02"])["startLine"] == _line_of(cgj, "legal_bases =")
    location = by_rule["DEPT-SUB-01"]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "fixtures/example-city/departments/cgj.toml",
                                                                "uriBaseId": "%SRCROOT%"}
    assert [logical["name"] for logical in location["logicalLocations"]] == ["cgj", "submissions[1].submitted_on"]


def test_json_workbook_and_nested_toml_findings(logs: dict[str, dict[str, Any]]) -> None:
    published = {r["ruleId"]: r for r in _results(logs["zh"], unit_id="swj")}["DEPT-PRL-05"]
    assert _region(published)["startLine"] == _line_of(CITY / "departments" / "swj.json", '"published"')
    lead = {r["ruleId"]: r for r in _results(logs["zh"], unit_id="jtj")}["DEPT-LEAD-02"]  # jtj.xlsx: the cell
    heads = [head.key for head in layout("department").sheet("领导班子").heads()]
    column = heads.index("annual_task_list_issued_on") + 1
    assert _region(lead) == {"startLine": 5, "startColumn": column,
                             "properties": {"sheet": "领导班子", "cell": f"{get_column_letter(column)}5"}}
    relays = [r for r in _results(logs["zh"], unit_id="jtj") if r["ruleId"] == "CITY-DIR-02"]  # charged to jtj
    directives = CITY / "city" / "directives.toml"
    assert _region(relays[0])["startLine"] == _line_of(directives, "relayed_on = 2022-05-05")


def test_jsonl_finding_gets_its_record_line(logs: dict[str, dict[str, Any]]) -> None:
    lines = (CITY / "enterprises.jsonl").read_text(encoding="utf-8").splitlines()
    record_line = {json.loads(line)["id"]: number for number, line in enumerate(lines, start=1)}
    located = [r for r in logs["zh"]["runs"][0]["results"]
               if r["locations"][0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
               == "fixtures/example-city/enterprises.jsonl"]
    gaps = [result for result in located if result["ruleId"] != "INPUT"]
    assert len(gaps) == 35
    for result in gaps:
        assert _region(result) == {"startLine": record_line[result["properties"]["unit_id"]]}
    assert [_region(result) for result in located if result["ruleId"] == "INPUT"] == [
        {"startLine": record_line["qingshiling"]}]  # its hazard category is on no list: a warning at its line


def test_waived_and_error_findings(report: Report) -> None:
    unit = next(u for u in report.units if u.id == "cgj")
    gap = next(f for f in unit.findings if f.rule_id == "DEPT-ENF-01")
    waiver = {"number": "W-1", "reason": "编制已报批", "approved_by": "市安委办", "approved_on": "2022-10-01",
              "expires_on": "2023-06-30"}
    waived = dataclasses.replace(gap, status="waived", evidence={**gap.evidence, "waiver": waiver})
    broken = dataclasses.replace(gap, rule=dataclasses.replace(gap.rule, id="DEPT-ENF-02"), status="error", severity="low")
    passed = next(f for f in unit.findings if f.status == "pass")
    sarif = formatter("sarif", "zh")
    sarif.begin(report.info)
    text = sarif.unit(dataclasses.replace(unit, findings=[waived, broken, passed]), [])
    first, second = (json.loads(line.rstrip(",")) for line in text.strip().splitlines())
    assert first["suppressions"] == [{"kind": "external", "justification":
                                      "编制已报批（第W-1号豁免，市安委办于2022-10-01批准，有效期至2023-06-30）"}]
    assert second["level"] == "error" and "suppressions" not in second
    english = formatter("sarif", "en")
    english.begin(report.info)
    brief = dataclasses.replace(waived, evidence={"waiver": {"reason": "approved", "expires_on": "2023-06-30"}})
    result = json.loads(english.unit(dataclasses.replace(unit, findings=[brief]), []))
    assert result["suppressions"][0]["justification"] == "approved (until 2023-06-30)"


def test_waivers_and_baseline_of_the_example_city() -> None:
    options = Options(waivers=FIXTURES / "waivers" / "example-city-waivers.toml",
                      baseline=FIXTURES / "example-city-2021-report.json")
    log = json.loads(render("sarif", check(CITY, options), "zh"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    waived = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["DEPT-SUB-01", "DEPT-ENF-03", "ENT-INS-01", "ENT-INS-01"]
    assert all(r["suppressions"][0]["justification"] for r in waived)
    persisting = [r["properties"] for r in results if r.get("properties", {}).get("history") == "persisting"]
    assert persisting and all(p.get("severity_before") or p["severity"] == "critical" for p in persisting)


def test_input_problems_become_notifications() -> None:
    log = json.loads(render("sarif", check(FIXTURES / "broken" / "jsonl-lines"), "en"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    lines = [n["locations"][0]["physicalLocation"]["region"]["startLine"]
             for n in invocation["toolExecutionNotifications"]]
    assert lines == [2, 4]
    inputs = [r for r in log["runs"][0]["results"] if r["ruleId"] == "INPUT"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in inputs] == [2, 4]
    assert {r["level"] for r in inputs} == {"error"}
    log = json.loads(render("sarif", check(FIXTURES / "broken" / "wrong-types"), "zh"))
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    staff = next(n for n in notes if n["properties"].get("field") == "enforcement.staff_actual")
    path = ROOT / staff["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert staff["level"] == "error"
    assert staff["locations"][0]["physicalLocation"]["region"]["startLine"] == _line_of(path, "staff_actual")


def test_workers_write_the_same_bytes() -> None:
    outputs = []
    for workers in (1, 2):
        out = io.StringIO()
        write_report(prepare(load_bundle(CITY), load_packs(), None, {}, None), "sarif", "zh", workers, out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]


def test_golden_example_city(tmp_path: Path) -> None:
    """The CLI's log equals tests/golden/example-city.sarif byte for byte (but for the bundle's absolute URI)."""
    written = tmp_path / "city.sarif"
    assert main(["check", str(CITY), "--format", "sarif", "--output", str(written)]) == 1
    current = _BASE_URI.sub(r'\1"file:///SRCROOT/"', written.read_text(encoding="utf-8"))
    golden = _BASE_URI.sub(r'\1"file:///SRCROOT/"', GOLDEN.read_text(encoding="utf-8"))
    assert current == golden, f"the SARIF log changed; if that is intended, regenerate it: {REGENERATE}"


def test_a_bundle_outside_the_working_directory_gets_absolute_file_uris(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    log = json.loads(render("sarif", check(CITY), "zh"))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"].startswith(CITY.resolve().as_uri() + "/") and "uriBaseId" not in location


def test_a_toml_syntax_error_is_a_result_at_its_line(tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    (bundle / "departments").mkdir(parents=True)
    (bundle / "audit.toml").write_text('jurisdiction = "测试市"\nyear = 2022\n', encoding="utf-8")
    (bundle / "departments" / "x.toml").write_text('id = "X"\nname = "局"\nheadcount = = 3\n', encoding="utf-8")
    log = json.loads(render("sarif", check(bundle), "en"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    inputs = [r for r in log["runs"][0]["results"] if r["ruleId"] == "INPUT"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in inputs] == [3]
