"""The committee office's registers: choices with their Chinese terms, bad values and unknown units as input
problems naming file, record and field, and either register alone making a city bundle."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance.bundle.city import city_record
from compliance.bundle.load import load_bundle
from compliance.records.registers import Accident, Commendation

UNITS = {
    "departments/zjj.toml": 'id = "zjj"\nname = "市住房和城乡建设局"\n',
    "districts/xcq.toml": 'id = "xcq"\nname = "西城区"\n',
}


@pytest.mark.parametrize(("written", "code"), [
    ("一般", "general"), ("一般事故", "general"), ("较大", "larger"), ("较大事故", "larger"), ("重大事故", "major"),
    ("特别重大", "especially_major"), ("特别重大事故", "especially_major"), ("Major", "major"),
])
def test_accident_levels_take_their_chinese_terms(written: str, code: str) -> None:
    assert Accident.model_validate({"id": "A", "occurred_on": "2022-06-18", "level": written}).level == code


@pytest.mark.parametrize(("written", "code"), [
    ("及时", "on_time"), ("如实", "on_time"), ("迟报", "late"), ("瞒报", "concealed"), ("隐瞒不报", "concealed"),
    ("谎报", "false"), ("on_time", "on_time"), ("FALSE", "false"),
])
def test_reporting_takes_its_chinese_terms(written: str, code: str) -> None:
    assert Accident.model_validate({"id": "A", "occurred_on": "2022-06-18", "reporting": written}).reporting == code


@pytest.mark.parametrize(("written", "code"), [
    ("调查中", "ongoing"), ("未结案", "ongoing"), ("已结案", "closed"), ("结案", "closed"), ("Closed", "closed"),
])
def test_investigation_takes_its_chinese_terms(written: str, code: str) -> None:
    assert Accident.model_validate({"id": "A", "occurred_on": "2022-06-18", "investigation": written}).investigation == code


def test_reporting_times_are_dates_with_times(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({**UNITS, "city/accidents.toml":
                             '[[accident]]\nid = "A1"\noccurred_on = 2022-06-18\nreceived_at = 2022-06-18T09:40:00\n'
                             'reported_at = "2022-06-18 10:55"\n'
                             '[[accident]]\nid = "A2"\noccurred_on = 2022-06-18\nreceived_at = 2022-06-18\n'
                             'reported_at = "上午十点"\nresponsible_persons = -1\n'})
    bundle = load_bundle(root)
    errors = {e.field for e in bundle.input_errors if e.severity == "error"}
    assert errors == {"accident[1].received_at", "accident[1].reported_at", "accident[1].responsible_persons"}
    assert bundle.accidents is not None
    first = bundle.accidents.accident[0]
    assert (first.received_at, first.reported_at) == (dt.datetime(2022, 6, 18, 9, 40), dt.datetime(2022, 6, 18, 10, 55))


def test_contradictions_in_an_accident_are_warnings(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({**UNITS, "city/accidents.toml":
                             '[[accident]]\nid = "A1"\noccurred_on = 2022-06-18\ninvestigated_by = "xcp"\n'
                             'received_at = 2022-06-18T10:00:00\nreported_at = 2022-06-18T09:00:00\n'
                             'investigation = "调查中"\ninvestigation_closed_on = 2022-06-01\n'
                             'investigation_extended_days = 90\nresponsible_persons = 2\n'
                             'responsible_persons_handled = 3\n'})
    bundle = load_bundle(root)
    assert {(e.record, e.field, e.severity) for e in bundle.input_errors} == {
        ("A1", f"accident[0].{name}", "warning") for name in (
            "investigated_by", "reported_at", "investigation_closed_on", "investigation", "investigation_extended_days",
            "responsible_persons_handled")}


@pytest.mark.parametrize(("level", "deaths", "warned"), [
    ("一般", 2, False), ("一般", 3, True), ("较大", 3, False), ("较大", 10, True), ("重大", 29, False),
    ("重大", 30, True), ("特别重大", 0, False),  # injuries or losses can make any level: only too low is warned of
])
def test_a_level_lower_than_the_deaths_make_it_is_a_warning(bundle_dir, level: str, deaths: int,  # type: ignore[no-untyped-def]
                                                            warned: bool) -> None:
    root: Path = bundle_dir({**UNITS, "city/accidents.toml":
                             f'[[accident]]\nid = "A1"\noccurred_on = 2022-06-18\nlevel = "{level}"\ndeaths = {deaths}\n'})
    errors = [(e.field, e.severity) for e in load_bundle(root).input_errors]
    assert errors == ([("accident[0].level", "warning")] if warned else [])


def test_a_statistics_report_that_cannot_be_set_beside_the_register_is_a_warning(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    statistics = ('[[report]]\nid = "R1"\nunit = "xcq"\nperiod = "1-6月"\naccidents = 2\n'
                  '[[report]]\nid = "R2"\nunit = "city"\nperiod = "2022H1"\ndeaths = 0\n'
                  '[[report]]\nid = "R3"\nunit = "zjj"\nperiod = "2022Q3"\naccidents = 1\n'
                  '[[report]]\nid = "R4"\nunit = "nobody"\nperiod = "2022Q3"\naccidents = "*"\n')
    root: Path = bundle_dir({**UNITS, "city/statistics.toml": statistics, "city/accidents.toml": "# none yet\n"})
    bundle = load_bundle(root)
    assert [(e.record, e.field, e.severity) for e in bundle.input_errors] == [
        ("R1", "report[0].period", "warning"), ("R2", "report[1].unit", "warning")]  # R4 has no figure to compare
    assert "2022H1" in bundle.input_errors[0].message_en
    (root / "city" / "accidents.toml").unlink()
    assert not load_bundle(root).input_errors  # no register to compare with: nothing to warn of


@pytest.mark.parametrize(("written", "code"), [
    ("国家级", "national"), ("国家", "national"), ("省级", "provincial"), ("省", "provincial"), ("市级", "municipal"),
    ("市", "municipal"), ("provincial", "provincial"),
])
def test_commendation_levels_take_their_chinese_terms(written: str, code: str) -> None:
    record = {"id": "C", "unit": "xcq", "title": "先进集体", "issued_on": "2022-11-10", "level": written}
    assert Commendation.model_validate(record).level == code


def test_bad_values_are_input_errors_naming_file_record_and_field(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({**UNITS, "city/accidents.toml":
                             '[[accident]]\nid = "A1"\noccurred_on = 2022-06-18\nlevel = "严重"\ndeaths = -1\n'
                             'reporting = "漏报"\n'
                             '[[accident]]\nid = "A2"\n'})
    bundle = load_bundle(root)
    errors = {(e.file, e.record, e.field) for e in bundle.input_errors if e.severity == "error"}
    assert errors == {("city/accidents.toml", "accidents", f"accident[0].{name}")
                      for name in ("level", "deaths", "reporting")} | {
        ("city/accidents.toml", "accidents", "accident[1].occurred_on")}
    assert bundle.accidents is not None
    kept = bundle.accidents.accident
    assert [(a.id, a.level, a.deaths, a.reporting) for a in kept] == [("A1", None, None, None)]  # A2 left out


def test_a_commendation_needs_unit_title_and_date(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({**UNITS, "city/commendations.toml": '[[commendation]]\nid = "C1"\nlevel = "省级"\n'})
    bundle = load_bundle(root)
    missing = sorted(e.field for e in bundle.input_errors if e.severity == "error")
    assert missing == ["commendation[0].issued_on", "commendation[0].title", "commendation[0].unit"]
    assert bundle.commendations is not None and bundle.commendations.commendation == []


def test_unknown_units_and_industries_are_warnings_and_the_entries_are_kept(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({**UNITS,
                             "city/accidents.toml": '[[accident]]\nid = "A1"\noccurred_on = 2022-06-18\n'
                                                    'district = "xcp"\ndepartment = "xcq"\nreported_by = "nobody"\n'
                                                    'industry = "跳伞"\n'
                                                    '[[accident]]\nid = "A2"\noccurred_on = 2022-07-01\n'
                                                    'district = "xcq"\ndepartment = "zjj"\nreported_by = "zjj"\n'
                                                    'industry = "建设施工"\n',
                             "city/commendations.toml": '[[commendation]]\nid = "C1"\nunit = "yjj"\n'
                                                        'title = "先进集体"\nissued_on = 2022-11-10\n'})
    bundle = load_bundle(root)
    problems = {(e.file, e.record, e.field, e.severity) for e in bundle.input_errors}
    assert problems == {("city/accidents.toml", "A1", f"accident[0].{name}", "warning")
                        for name in ("district", "department", "reported_by", "industry")} | {
        ("city/commendations.toml", "C1", "commendation[0].unit", "warning")}
    by_field = {e.field: e for e in bundle.input_errors}
    assert "did you mean 'xcq'" in by_field["accident[0].district"].message_en
    assert by_field["accident[0].department"].message_en == "'xcq' is a district, not a department; kept as written"
    assert bundle.accidents is not None and bundle.accidents.accident[0].reported_by == "nobody"


@pytest.mark.parametrize("name", ["accidents.toml", "commendations.toml"])
def test_either_register_alone_makes_a_city_bundle(bundle_dir, name: str) -> None:  # type: ignore[no-untyped-def]
    bundle = load_bundle(bundle_dir({**UNITS, f"city/{name}": "# nothing recorded yet\n"}))
    city = city_record(bundle)
    assert bundle.has_city and city is not None
    assert (city.has_accidents, city.has_commendations) == (name == "accidents.toml", name == "commendations.toml")
    assert not bundle.input_errors


def test_a_bundle_without_registers_has_none(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    bundle = load_bundle(bundle_dir({**UNITS, "city/statistics.toml": "# none\n"}))
    city = city_record(bundle)
    assert city is not None and (city.accidents, city.commendations) == ([], [])
    assert (city.has_accidents, city.has_commendations) == (False, False)
