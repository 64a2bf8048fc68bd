"""City files: the catalog overlay, masked figures, input errors with file, record and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.api import check
from compliance.bundle.load import load_bundle
from compliance.records.catalog import Catalog, merged_catalog
from compliance.records.city import period_span

AUDIT = 'jurisdiction = "测试市"\nyear = 2022\nas_of = 2022-12-31\n'


def test_a_city_entry_overlays_only_the_fields_it_writes() -> None:
    catalog = merged_catalog(Catalog.model_validate({"industry": [{"code": "gas", "in_scope": True, "key": False}]}))
    gas = catalog.industries["gas"]
    assert (gas.name, gas.art24, gas.art27, gas.key) == ("燃气", True, True, False)


def test_masked_figures_are_kept_and_bad_ones_are_input_errors(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({
        "audit.toml": AUDIT, "departments/d1.toml": 'id = "D1"\nname = "局"\n',
        "city/statistics.toml": '[[report]]\nid = "R1"\nunit = "D1"\naccidents = "*"\ndeaths = "约5"\n'
                                'injuries = "＊"\n',
    })
    bundle = load_bundle(root)
    assert bundle.statistics is not None
    report = bundle.statistics.report[0]
    assert (report.accidents, report.deaths, report.injuries) == ("*", None, "*")
    errors = [(e.file, e.field) for e in bundle.input_errors if e.severity == "error"]
    assert errors == [("city/statistics.toml", "report[0].deaths")]


def test_unknown_directive_fields_are_warnings_and_the_city_is_still_checked(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({
        "audit.toml": AUDIT,
        "city/directives.toml": '[[directive]]\nid = "W1"\nissued_on = 2022-03-01\nscope = ["D1"]\n'
                                'relay_within_day = 5\n',
    })
    report = check(root)
    warnings = [e.field for e in report.input_errors if e.severity == "warning"]
    assert "directive[0].relay_within_day" in warnings
    city = [unit for unit in report.units if unit.kind == "city"]
    assert len(city) == 1
    missing = {f.rule_id for f in city[0].findings if f.status == "fail"}
    assert {"CITY-DIR-01", "CITY-SCOPE-01", "CITY-STAT-05"} <= missing


@pytest.mark.parametrize(("period", "span"), [
    ("2022", ("2022-01-01", "2022-12-31")), ("2022H1", ("2022-01-01", "2022-06-30")), ("h2", ("2022-07-01", "2022-12-31")),
    ("2021Q1", ("2021-01-01", "2021-03-31")), ("Q4", ("2022-10-01", "2022-12-31")), ("2022M02", ("2022-02-01", "2022-02-28")),
    ("2022-07", ("2022-07-01", "2022-07-31")), (" 2022 H1 ", ("2022-01-01", "2022-06-30")),
    ("2022Q5", None), ("2022H3", None), ("M13", None), ("2022-00", None), ("-07", None), ("上半年", None), ("", None),
    (None, None),
])
def test_a_statistics_period_is_read_as_its_first_and_last_day(period: str | None,
                                                                span: tuple[str, str] | None) -> None:
    found = period_span(period, 2022)
    assert (tuple(day.isoformat() for day in found) if found else None) == span
