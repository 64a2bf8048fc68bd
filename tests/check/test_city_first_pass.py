"""The city's first pass over the enterprises reads only the fields its digest needs, and gives exactly the digests
the enterprises give when they are checked, broken records included."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES
from conftest import write_bundle as write_bundle_files

from compliance.bundle.load import claimed_ids, load_bundle
from compliance.bundle.streams import RawRecord, iter_records, read_record
from compliance.check.city import digests
from compliance.facts.enterprise import digest
from compliance.records.catalog import merged_catalog
from compliance.records.kinds import kind
from compliance_dev.synth import write_bundle

CATALOG = merged_catalog()


def _full(root: Path) -> list[object]:
    out = []
    for item in iter_records(root, kind("enterprise")):
        if isinstance(item, RawRecord):
            record, _ = read_record(item)
            if record is not None:
                out.append(digest(record, CATALOG))  # type: ignore[arg-type]
    return out


def test_first_pass_digests_equal_the_checked_ones_in_the_example_city() -> None:
    root = FIXTURES / "example-city"
    assert list(digests(root, CATALOG)) == _full(root) and len(_full(root)) == 12


def test_first_pass_digests_equal_the_checked_ones_in_a_synthetic_city(tmp_path: Path) -> None:
    write_bundle(tmp_path, 4, 7, enterprises=300)
    assert list(digests(tmp_path, CATALOG)) == _full(tmp_path)


def test_records_the_check_drops_or_repairs_are_dropped_or_repaired_alike(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    lines = [
        '{"id": "E1", "name": "甲", "supervisor": 7, "district": "A", "hazards": [{"category": "x"}, '
        '{"id": "H2", "category": "阀门", "found_on": "2022-02-30"}, {"id": "H3", "category": 5}]}',
        '{"id": "", "name": "乙"}', '{"name": "丙"}', '{"id": "E4"}', "not json", "[1, 2]", "{}",
        '{"id": "E5", "name": "戊", "industry": "餐饮", "hazards": "none", "workers": [{"name": "no id"}]}',
    ]
    root = bundle_dir({"enterprises.jsonl": "\n".join(lines) + "\n"})
    first = list(digests(root, CATALOG))
    assert first == _full(root) and [d.id for d in first] == ["E1", "E5"]
    assert first[0].supervisor is None and [h.category for h in first[0].hazards] == ["阀门"]
    assert first[1].industry == "catering"


def test_an_enterprise_id_used_twice_contributes_once_to_the_city(tmp_path: Path) -> None:
    lines = [{"id": "e1", "name": "甲", "hazards": [{"id": "h1", "category": "fire", "found_on": "2022-03-01"}]},
             {"id": "e1", "name": "甲二", "hazards": [{"id": "h1", "category": "fire", "found_on": "2022-04-01"}]},
             {"id": "d1", "name": "同名"}, {"id": "e2", "name": "乙"}]
    root = write_bundle_files(tmp_path, {"departments/d1.toml": 'id = "d1"\nname = "局"\n',
                                         "enterprises.jsonl": "".join(json.dumps(line) + "\n" for line in lines)})
    found = list(digests(root, CATALOG, claimed_ids(load_bundle(root))))
    assert [(each.id, each.name) for each in found] == [("e1", "甲"), ("e2", "乙")]
