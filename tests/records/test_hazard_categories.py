"""The hazard category list: free text mapped to a category by code, name, alias or pattern, in the list's order;
text on no list kept as written and warned about; a city's entries overlay and extend the shipped list."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from compliance.bundle.load import LoadedUnit, load_bundle
from compliance.bundle.streams import RawRecord, iter_records, read_record
from compliance.facts.enterprise import build as build_enterprise_facts
from compliance.facts.enterprise import digest
from compliance.records.audit import Audit
from compliance.records.catalog import Catalog, default_catalog, merged_catalog
from compliance.records.enterprise import Enterprise
from compliance.records.hazards import HazardCategories, HazardCategory
from compliance.records.kinds import kinds
from compliance_dev.synth import HAZARD_CATEGORIES

CATALOG = merged_catalog()


@pytest.mark.parametrize(("text", "code"), [
    ("燃气软管老化", "gas_hose"), ("燃气胶管老化", "gas_hose"), (" 燃气 胶管老化 ", "gas_hose"),
    ("液化气橡胶管龟裂", "gas_hose"), ("gas_hose", "gas_hose"), ("GAS_HOSE", "gas_hose"),
    ("燃气软管（胶管）老化破损", "gas_hose"), ("疏散通道堆放杂物", "evacuation"), ("消防通道堵塞", "evacuation"),
    ("喷漆房未设置可燃气体报警装置", "gas_alarm"), ("中压调压箱锈蚀", "gas_facility"),
    ("危险化学品重大危险源未实现在线监测监控", "major_hazard_source"), ("危化品储存不规范", "hazchem_storage"),
    ("危险货物运输车辆gps失效", "vehicle_monitoring"),
])
def test_free_text_is_mapped_to_its_category(text: str, code: str) -> None:
    found = CATALOG.hazards.match(text)
    assert (found.code, found.mapped) == (code, True)
    assert found.name == CATALOG.hazards.entries[code].name


def test_text_on_no_list_is_kept_as_written_without_white_space() -> None:
    found = CATALOG.hazards.match(" 边坡台阶 高度超过设计要求")
    assert (found.code, found.name, found.mapped) == ("边坡台阶高度超过设计要求", "边坡台阶高度超过设计要求", False)


def test_the_first_entry_whose_pattern_matches_wins_and_a_whole_name_before_any_pattern() -> None:
    hazards = HazardCategories({"a": HazardCategory(code="a", name="甲", patterns=["燃气"]),
                                "b": HazardCategory(code="b", name="乙", aliases=["燃气软管"], patterns=["软管"])})
    assert hazards.name("燃气软管破损") == "甲"  # both patterns match: the first entry's
    assert hazards.name("燃气软管") == "乙"  # an alias, whole, before any pattern


def test_a_name_maps_to_itself_so_mapping_twice_changes_nothing() -> None:
    for entry in default_catalog().hazard:
        assert CATALOG.hazards.match(entry.name).code == entry.code


def test_the_shipped_list_knows_the_categories_the_synthetic_bundles_and_the_example_city_write() -> None:
    assert [text for text in HAZARD_CATEGORIES if not CATALOG.hazards.match(text).mapped] == []
    written: set[str] = set()
    for item in iter_records(FIXTURES / "example-city", kinds().get("enterprise")):
        if isinstance(item, RawRecord):
            record, _ = read_record(item, Enterprise)
            if isinstance(record, Enterprise):
                written |= {hazard.category for hazard in record.hazards if hazard.category}
    unmapped = sorted(text for text in written if not CATALOG.hazards.match(text).mapped)
    assert unmapped == ["边坡台阶高度超过设计要求"]  # the mine's slope: planted, the warning is shown


def test_a_city_adds_aliases_to_a_shipped_category_and_categories_of_its_own() -> None:
    catalog = merged_catalog(Catalog.model_validate({"hazard": [
        {"code": "gas_hose", "aliases": ["胶皮管老化"]},
        {"code": "slope", "name": "露天矿边坡隐患", "patterns": ["边坡台阶"]}]}))
    assert catalog.hazards.match("胶皮管老化").code == "gas_hose"
    assert catalog.hazards.entries["gas_hose"].name == CATALOG.hazards.entries["gas_hose"].name  # overlaid, not replaced
    assert catalog.hazards.match("燃气软管老化").code == "gas_hose"  # the shipped aliases are replaced only if written
    assert catalog.hazards.name("边坡台阶高度超过设计要求") == "露天矿边坡隐患"


def test_a_pattern_that_is_not_a_regular_expression_is_an_input_error(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({"city/industries.toml": '[[hazard]]\ncode = "x"\nname = "某类"\npatterns = ["(未闭合"]\n',
                             "departments/d1.toml": 'id = "d1"\nname = "局"\n'})
    bundle = load_bundle(root)
    assert [(e.file, e.field, e.severity) for e in bundle.input_errors] == [
        ("city/industries.toml", "hazard[0].patterns", "error")]


def test_an_enterprise_hazard_carries_its_category_and_its_text_and_unlisted_text_is_a_warning() -> None:
    enterprise = Enterprise.model_validate({"id": "E", "name": "企业", "hazards": [
        {"id": "H1", "category": "燃气胶管老化"}, {"id": "H2", "category": "阀门锈蚀"}]})
    built = build_enterprise_facts(LoadedUnit("enterprise", enterprise, "e.jsonl", 3), Audit(jurisdiction="测", year=2022),
                                   CATALOG)
    facts = {fact["id"]: fact for fact in built.facts}
    assert (facts["enterprise_hazard:0"]["category"], facts["enterprise_hazard:0"]["category_text"]) == (
        "燃气软管（胶管）老化破损", "燃气胶管老化")
    assert facts["enterprise_hazard:1"]["category"] == "阀门锈蚀"
    assert [(w.record, w.field, w.line, w.severity) for w in built.warnings] == [
        ("E (line 3)", "hazards[1].category", 3, "warning")]
    assert [hazard.category for hazard in digest(enterprise, CATALOG).hazards] == ["燃气软管（胶管）老化破损", "阀门锈蚀"]
