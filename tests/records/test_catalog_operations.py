"""Which key operations an industry's lead must cover is catalog data: the shipped lists, the defaults without one,
and a city's own list."""
from __future__ import annotations

from compliance.records.catalog import Catalog, Industry, merged_catalog

NINE = ["hot_work", "confined_space", "blind_plate", "work_at_height", "lifting", "temporary_power", "excavation",
        "road_closure", "maintenance"]


def test_every_key_industry_ships_a_list_of_known_key_operations() -> None:
    catalog = merged_catalog()
    for code, entry in catalog.industries.items():
        if entry.key:
            assert entry.key_operations, code
            assert catalog.key_operations(code) == [op for op in NINE if op in catalog.key_operations(code)]
            assert set(entry.key_operations) <= set(NINE), code
    assert catalog.key_operations("hazardous_chemicals") == NINE
    assert not {"blind_plate", "road_closure"} & set(catalog.key_operations("special_equipment"))


def test_without_a_list_a_key_industry_needs_all_nine_and_another_none() -> None:
    city = Catalog(industry=[Industry(code="ports", name="港口", key=True), Industry(code="gas", key_operations=None)])
    catalog = merged_catalog(city)
    assert catalog.key_operations("ports") == NINE
    assert catalog.key_operations("education") == [] and catalog.key_operations("unknown") == []


def test_a_city_list_in_names_overlays_the_shipped_one() -> None:
    city = Catalog.model_validate({"industry": [{"code": "fire_safety", "key_operations": ["动火作业", "有限空间", "爆破作业", "x"]}]})
    assert merged_catalog(city).key_operations("fire_safety") == ["hot_work", "confined_space", "blasting"]
