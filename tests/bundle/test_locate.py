"""Field paths to lines: TOML tables, arrays of tables, inline arrays, dotted and quoted keys; JSON; fallbacks."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.bundle.locate import Position, field_parts, locate

TOML = '''# a comment with [brackets] and key = "value"
id = "d1"
name = "市测试局"
note = """several
lines with ] and [[x]]
"""
supervises = [
  { industry = "gas", role = "lead" },
  { industry = "ebike_charging",
    role = "lead" },
]
legal_bases = ["《安全生产法》",
  "《城镇燃气管理条例》"]
power.revised_on = 2022-06-01
"quoted key" = 1

[enforcement]
staff_actual = 18  # trailing comment

[[enforcement.cases]]
id = "C1"

[[enforcement.cases]]
id = "C2"
fine_yuan = 100

[[directive]]
id = "W1"

[[directive.relays]]
unit = "a"

[[directive]]
id = "W2"

[[directive.relays]]
unit = "b"

[[directive.relays]]
unit = "c"
relayed_on = 2022-05-05

[directive.meta]
note = 'literal \\ string'
'literal key' = true
'''


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing needle, found without the locator."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "d.toml").write_text(TOML, encoding="utf-8")
    return tmp_path


def test_field_parts() -> None:
    assert field_parts("workers[1].training_passed_on") == ("workers", 1, "training_passed_on")
    assert field_parts("directive[0].relays[2].enterprises") == ("directive", 0, "relays", 2, "enterprises")
    assert field_parts("") == ()


@pytest.mark.parametrize(("field", "needle", "occurrence"), [
    ("name", 'name = "市测试局"', 1),
    ("enforcement.staff_actual", "staff_actual = 18", 1),
    ("enforcement", "[enforcement]", 1),
    ("enforcement.cases", "[[enforcement.cases]]", 1),
    ("enforcement.cases[1]", "[[enforcement.cases]]", 2),
    ("enforcement.cases[1].fine_yuan", "fine_yuan = 100", 1),
    ("directive[1].relays[1].relayed_on", "relayed_on = 2022-05-05", 1),
    ("directive[1].relays[0].unit", 'unit = "b"', 1),
    ("directive[1].meta.note", "note = 'literal", 1),
    ("directive[1].meta.literal key", "'literal key' = true", 1),
    ("supervises[0].industry", '{ industry = "gas"', 1),
    ("supervises[1]", '{ industry = "ebike_charging"', 1),
    ("supervises[1].role", 'role = "lead" },', 2),
    ("legal_bases[1]", "《城镇燃气管理条例》", 1),
    ("power.revised_on", "power.revised_on", 1),
    ("power", "power.revised_on", 1),
    ("quoted key", '"quoted key" = 1', 1),
])
def test_toml_paths(root: Path, field: str, needle: str, occurrence: int) -> None:
    found = locate(str(root), "d.toml", field)
    assert found is not None and found.line == _line_of(TOML, needle, occurrence)


def test_toml_columns_point_at_the_key_or_item(root: Path) -> None:
    assert locate(str(root), "d.toml", "name") == Position(_line_of(TOML, "name = "), 1)
    line = _line_of(TOML, '{ industry = "gas"')
    assert locate(str(root), "d.toml", "supervises[0]") == Position(line, 3)
    assert locate(str(root), "d.toml", "supervises[0].role") == Position(line, 23)


def test_missing_path_falls_back_to_the_nearest_ancestor(root: Path) -> None:
    relays = locate(str(root), "d.toml", "directive[1].relays[0].received_on")
    assert relays is not None and relays.line == _line_of(TOML, "[[directive.relays]]", 2)
    case = locate(str(root), "d.toml", "enforcement.cases[5].id")
    assert case is not None and case.line == _line_of(TOML, "[[enforcement.cases]]")
    assert locate(str(root), "d.toml", "meetings") == Position(1)
    assert locate(str(root), "d.toml", "") == Position(1)


JSON = '''{
  "id": "j1",
  "name": "say \\"[hi]\\" {",
  "leaders": [
    {"id": "l1", "role": "principal"},
    {"id": "l2",
     "role": "other",
     "topics": ["a", "b",
                "c"]}
  ],
  "safety_committee": {"head": "l1"},
  "count": -1.5e3, "ok": true, "none": null
}
'''

JSON_LIST = '''[
  {"id": "u1", "name": "一",
   "meetings": [{"id": "m1"}]},
  {"id": "u2", "name": "二",
   "meetings": [
     {"id": "m2"},
     {"id": "m3", "date": "2022-01-01"}
   ]},
  {"name": "无编号",
   "leaders": []}
]
'''


@pytest.mark.parametrize(("field", "needle", "occurrence"), [
    ("name", '"name": "say', 1),
    ("leaders", '"leaders": [', 1),
    ("leaders[1]", '{"id": "l2"', 1),
    ("leaders[1].role", '"role": "other"', 1),
    ("leaders[1].topics[2]", '"c"', 1),
    ("safety_committee.head", '"head": "l1"', 1),
    ("ok", '"ok": true', 1),
    ("leaders[1].duty_list_issued_on", '{"id": "l2"', 1),
    ("meetings", "{", 1),
])
def test_json_paths(tmp_path: Path, field: str, needle: str, occurrence: int) -> None:
    (tmp_path / "j.json").write_text(JSON, encoding="utf-8")
    found = locate(str(tmp_path), "j.json", field)
    assert found is not None and found.line == _line_of(JSON, needle, occurrence)


def test_json_column(tmp_path: Path) -> None:
    (tmp_path / "j.json").write_text(JSON, encoding="utf-8")
    assert locate(str(tmp_path), "j.json", "leaders[0].role") == Position(5, 18)


@pytest.mark.parametrize(("unit", "field", "needle"), [
    ("u2", "meetings[1].date", '"date": "2022-01-01"'),
    ("u2", "", '{"id": "u2"'),
    ("u1", "meetings[0]", '[{"id": "m1"}]'),
    ("u1", "leaders", '{"id": "u1"'),
    ("无编号", "leaders", '"leaders": []'),  # a record without an id is found by its name
    ("u9", "meetings", "["),  # an unknown unit: the file's start
])
def test_json_list_of_units(tmp_path: Path, unit: str, field: str, needle: str) -> None:
    (tmp_path / "units.json").write_text(JSON_LIST, encoding="utf-8")
    found = locate(str(tmp_path), "units.json", field, unit)
    assert found is not None and found.line == _line_of(JSON_LIST, needle)


def test_json_lines_use_the_record_line(tmp_path: Path) -> None:
    assert locate(str(tmp_path), "enterprises.jsonl", "workers[0]", "e1", 7) == Position(7)
    assert locate(str(tmp_path), "enterprises.jsonl", "workers[0]", "e1", None) is None


def test_unreadable_or_broken_files_never_raise(tmp_path: Path) -> None:
    assert locate(str(tmp_path), "absent.toml", "a") is None
    (tmp_path / "folder.toml").mkdir()
    assert locate(str(tmp_path), "folder.toml", "a") is None
    (tmp_path / "latin.json").write_bytes(b'{"a": "\xe9"}')
    assert locate(str(tmp_path), "latin.json", "a") is None
    (tmp_path / "broken.toml").write_text('a = 1\nb = [1, 2\nc = "x\n[t\n', encoding="utf-8")
    assert locate(str(tmp_path), "broken.toml", "a") == Position(1, 1)
    assert locate(str(tmp_path), "broken.toml", "c") == Position(1)
    (tmp_path / "broken.json").write_text('{"a": 1,\n "b": {"c": [1, \n', encoding="utf-8")
    assert locate(str(tmp_path), "broken.json", "b.c[0]") == Position(2, 14)
    assert locate(str(tmp_path), "broken.json", "b.c[1]") == Position(2, 8)
    assert locate(str(tmp_path), "audit.yaml", "a") is None


def test_a_file_is_parsed_once(tmp_path: Path) -> None:
    from compliance.bundle.locate import _index
    (tmp_path / "d.toml").write_text(TOML, encoding="utf-8")
    before = _index.cache_info()
    for field in ("name", "enforcement.staff_actual", "directive[1].relays[1].unit"):
        locate(str(tmp_path), "d.toml", field)
    after = _index.cache_info()
    assert after.misses - before.misses == 1 and after.hits - before.hits == 2
