"""Loading broken bundles: every planted problem is reported once, with file, record and field; valid units go on."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

from compliance.bundle.load import Bundle, LoadedUnit, load_bundle, record_label
from compliance.core.errors import BundleError
from compliance.core.problems import InputError

BROKEN = FIXTURES / "broken"
VALID_UNITS = {"jtj", "dq"}  # departments/good.toml and districts/good.toml, in every broken bundle
CJK = re.compile(r"[\u4e00-\u9fff]")

# bundle -> (ids of the units loaded, planted problems as (file, record, field, severity, part of message_en))
EXPECTED: dict[str, tuple[set[str], list[tuple[str, str, str, str, str]]]] = {
    "malformed-toml": (set(), [
        ("departments/bad.json", "", "", "error", "malformed JSON at line 1, column 39"),
        ("departments/bad.toml", "", "", "error", "malformed TOML"),
    ]),
    "wrong-types": ({"wt", "ws"}, [
        ("departments/types.toml", "wt", "enforcement.staff_actual", "error", "(got 'many'); treated as not provided"),
        ("departments/types.toml", "wt", "leaders[0].role", "error", "(got 'boss'); treated as not provided"),
        ("departments/types.toml", "wt", "meetings[1].kind", "error", "(got 'weekly'); treated as not provided"),
        ("departments/types.toml", "wt", "power_responsibility_list.published", "error", "(got 'maybe')"),
        ("districts/shapes.json", "ws", "leaders[0].name", "error", "(got 42); treated as not provided"),
        ("districts/shapes.json", "ws", "meetings", "error", "valid list"),
        ("districts/shapes.json", "ws", "safety_committee", "error", "(got 'yes'); treated as not provided"),
    ]),
    "impossible-dates": ({"id1", "id2"}, [
        ("departments/dates.toml", "id1", "leaders[0].duty_list_issued_on", "error", "'2022-02-30' is not a valid date"),
        ("departments/dates.toml", "id1", "meetings[0].date", "error", "'2022-13-01' is not a valid date"),
        ("departments/dates.toml", "id1", "meetings[1].date", "error", "expected a date (YYYY-MM-DD), got int"),
        ("departments/dates.toml", "id1", "safety_committee.established_on", "error", "'2021-04-31' is not a valid date"),
        ("districts/dates.json", "id2", "meetings[0].date", "error", "'2022-02-29' is not a valid date"),
        ("districts/dates.json", "id2", "submissions[0].submitted_on", "error", "got bool"),
    ]),
    "dangling-references": ({"dr"}, [
        ("departments/dangling.toml", "dr", "meetings[1].chaired_by", "warning", "'ghost' is neither the id nor the name of a leader"),
        ("departments/dangling.toml", "dr", "meetings[2].id", "warning", "duplicate id 'dr-m1'"),
        ("departments/dangling.toml", "dr", "safety_committee.head", "warning", "'nobody' is neither the id nor the name of a leader"),
        ("departments/duplicate.toml", "dr", "id", "error", "already used by departments/dangling.toml"),
    ]),
    "empty-files": ({"el1"}, [
        ("departments/blank.json", "", "", "error", "empty file"),
        ("departments/comments-only.toml", "", "", "error", "no fields"),
        ("departments/empty.toml", "", "", "error", "empty file"),
        ("departments/list.json", "[1]", "", "error", "must be a table"),
    ]),
    "unknown-fields": ({"uf"}, [
        ("departments/typos.toml", "uf", "leaders[0].rol", "warning", "did you mean 'role'?"),
        ("departments/typos.toml", "uf", "meetngs", "warning", "did you mean 'meetings'?"),
        ("departments/typos.toml", "uf", "remarks", "warning", "unknown field, ignored"),
        ("departments/typos.toml", "uf", "safety_committee.haed", "warning", "did you mean 'head'?"),
    ]),
    "missing-id": ({"mi"}, [
        ("departments/leader-noid.toml", "mi", "leaders[0].id", "error", "Field required; the item was not checked"),
        ("departments/leader-noid.toml", "mi", "leaders[1].titel", "warning", "did you mean 'title'?"),
        ("departments/noid.toml", "市水务局", "id", "error", "Field required; the record was not checked"),
        ("districts/noname.json", "mn", "name", "error", "Field required; the record was not checked"),
    ]),
    # enterprise lines are read when checked, not when loading: see tests/test_sources.py
    "jsonl-lines": (set(), []),
}
BUNDLES = sorted(EXPECTED)
# bundle -> how many unit records were read but rejected (each with an error)
REJECTED = {"malformed-toml": 0, "wrong-types": 0, "impossible-dates": 0, "dangling-references": 1,
            "empty-files": 2, "unknown-fields": 0, "missing-id": 2, "jsonl-lines": 0}


def load(name: str) -> Bundle:
    """Load one of the broken fixture bundles."""
    return load_bundle(BROKEN / name)


def unit(bundle: Bundle, unit_id: str) -> Any:
    """The loaded unit with this id."""
    found: list[LoadedUnit] = [loaded for loaded in bundle.units if loaded.unit.id == unit_id]
    assert len(found) == 1, unit_id
    return found[0].unit


def where(error: InputError) -> tuple[str, str, str, str]:
    """File, record, field and severity of an input error."""
    return error.file, error.record, error.field, error.severity


def test_every_broken_bundle_is_covered() -> None:
    assert sorted(path.name for path in BROKEN.iterdir() if path.is_dir()) == BUNDLES


@pytest.mark.parametrize("name", BUNDLES)
def test_valid_units_are_loaded(name: str) -> None:
    bundle = load(name)
    assert {loaded.unit.id for loaded in bundle.units} == VALID_UNITS | EXPECTED[name][0]
    good = unit(bundle, "jtj")
    assert [m.id for m in good.meetings] == ["jtj-m1", "jtj-m2", "jtj-m3", "jtj-m4"]
    assert good.safety_committee.head == "jtj-l1"


@pytest.mark.parametrize("name", BUNDLES)
def test_each_planted_problem_is_reported_exactly_once(name: str) -> None:
    expected = [problem[:4] for problem in EXPECTED[name][1]]
    assert [where(error) for error in load(name).input_errors] == sorted(expected)


@pytest.mark.parametrize(("name", "problem"), [(name, problem) for name in BUNDLES for problem in EXPECTED[name][1]],
                         ids=lambda value: value if isinstance(value, str) else f"{value[0]}:{value[2]}")
def test_message_says_what_is_wrong(name: str, problem: tuple[str, str, str, str, str]) -> None:
    matching = [error for error in load(name).input_errors if where(error) == problem[:4]]
    assert len(matching) == 1
    assert problem[4] in matching[0].message_en


@pytest.mark.parametrize("name", BUNDLES)
def test_messages_are_one_line_in_chinese_and_english(name: str) -> None:
    for error in load(name).input_errors:
        assert CJK.search(error.message), error
        assert re.search(r"[A-Za-z]{3}", error.message_en) and not CJK.search(error.message_en), error
        for text in (error.message, error.message_en, error.text("zh"), error.text("en")):
            assert "\n" not in text and "Traceback" not in text and "Error(" not in text, text
        assert error.text("zh").startswith(error.file)


@pytest.mark.parametrize("name", BUNDLES)
def test_every_record_read_is_checked_or_reported(name: str) -> None:
    bundle = load(name)
    assert bundle.records_read == len(bundle.units) + REJECTED[name]


def test_wrong_types_drop_only_the_bad_value() -> None:
    bundle = load("wrong-types")
    wt = unit(bundle, "wt")
    assert (wt.leaders[0].id, wt.leaders[0].role) == ("wt-l1", None)
    assert [(m.id, m.kind) for m in wt.meetings] == [("wt-m1", "dedicated_safety"), ("wt-m2", None)]
    assert wt.meetings[1].date == dt.date(2022, 6, 10)
    assert (wt.enforcement.staff_required, wt.enforcement.staff_actual, wt.enforcement.staff_trained) == (5, None, 4)
    assert wt.power_responsibility_list.published is None
    assert wt.power_responsibility_list.revised_on == dt.date(2022, 3, 1)
    ws = unit(bundle, "ws")
    assert (ws.meetings, ws.safety_committee) == ([], None)
    assert [(leader.id, leader.name, leader.role) for leader in ws.leaders] == [("ws-l1", None, "principal")]
    assert ws.supervises[0].industry == "gas"


def test_impossible_dates_are_treated_as_not_provided() -> None:
    bundle = load("impossible-dates")
    id1 = unit(bundle, "id1")
    assert [m.date for m in id1.meetings] == [None, None, dt.date(2022, 6, 15)]
    assert id1.leaders[0].duty_list_issued_on is None
    assert id1.leaders[0].annual_task_list_issued_on == dt.date(2022, 2, 10)
    assert id1.safety_committee.established_on is None
    id2 = unit(bundle, "id2")
    assert [m.date for m in id2.meetings] == [None, dt.date(2022, 5, 20)]
    assert id2.submissions[0].submitted_on is None and id2.submissions[0].due_on == dt.date(2022, 7, 10)


def test_dangling_references_keep_the_unit_and_the_first_of_two_files() -> None:
    bundle = load("dangling-references")
    dr = [loaded for loaded in bundle.units if loaded.unit.id == "dr"]
    assert [loaded.file for loaded in dr] == ["departments/dangling.toml"]
    assert [m.id for m in dr[0].unit.meetings] == ["dr-m1", "dr-m2", "dr-m1"]
    assert dr[0].unit.safety_committee.head == "nobody"


def test_unknown_fields_keep_the_record() -> None:
    uf = unit(load("unknown-fields"), "uf")
    assert uf.meetings == [] and uf.leaders[0].role is None and uf.safety_committee.head is None
    assert uf.safety_committee.form == "committee"


def test_leader_without_id_is_dropped_and_others_kept() -> None:
    mi = unit(load("missing-id"), "mi")
    assert [leader.id for leader in mi.leaders] == ["mi-l2"]
    assert mi.safety_committee.head == "mi-l2" and mi.meetings[0].chaired_by == "mi-l2"


def test_positions_are_as_submitted_after_an_item_is_dropped(bundle_dir: Any) -> None:
    root = bundle_dir({"departments/a.toml": """
id = "a"
name = "甲"
[[leaders]]
name = "无编号"
[[leaders]]
id = "a-l2"
[[meetings]]
date = 2022-01-05
[[meetings]]
id = "a-m2"
chaired_by = "ghost"
[[meetings]]
id = "a-m3"
chaired_by = "a-l2"
[[meetings]]
id = "a-m2"
kind = "weekly"
tpoics = ["x"]
"""})
    found = {(e.field, e.severity) for e in load_bundle(root).input_errors}
    assert found == {("leaders[0].id", "error"), ("meetings[0].id", "error"), ("meetings[1].chaired_by", "warning"),
                     ("meetings[3].kind", "error"), ("meetings[3].id", "warning"), ("meetings[3].tpoics", "warning")}


def test_unparsable_files_are_input_errors(bundle_dir: Any) -> None:
    root = bundle_dir({"departments/huge.json": '{"id": "h", "name": "h", "x": ' + "1" * 5000 + "}",
                       "departments/huge.toml": 'id = "t"\nname = "t"\nx = ' + "1" * 5000 + "\n",
                       "departments/deep.json": "[" * 100_000 + "]" * 100_000,
                       "departments/gbk.toml": "",
                       "districts/ok.toml": 'id = "ok"\nname = "好"\n'})
    (root / "departments" / "gbk.toml").write_bytes('id = "g"\nname = "市应急局"\n'.encode("gbk"))
    bundle = load_bundle(root)
    # the JSON number too long to read is an error at its field, the rest of its record still checked
    assert [loaded.unit.id for loaded in bundle.units] == ["h", "ok"]
    assert [(e.file, e.field, e.severity) for e in bundle.input_errors] == [
        ("departments/deep.json", "", "error"), ("departments/gbk.toml", "", "error"),
        ("departments/huge.json", "x", "error"), ("departments/huge.toml", "", "error")]
    assert "UTF-8" in bundle.input_errors[1].message_en


def test_deeply_nested_values_are_input_errors_at_their_field(bundle_dir: Any) -> None:
    root = bundle_dir({"departments/a.json": '{"id": "a", "name": "a", "x": ' + "[" * 900 + "]" * 900 + "}",
                       "departments/b.json": '{"id": "b", "name": "b", "x": ' + "[" * 60 + "]" * 60 + "}",
                       "departments/c.toml": 'id = "c"\nname = "c"\nx = ' + "[" * 65 + "]" * 65 + "\n"})
    bundle = load_bundle(root)
    assert [loaded.unit.id for loaded in bundle.units] == ["a", "b"]
    found = [(e.file, e.field[:4], e.severity) for e in bundle.input_errors]
    assert found == [("departments/a.json", "x", "warning"), ("departments/a.json", "x[0]", "error"),
                     ("departments/b.json", "x", "warning"), ("departments/c.toml", "", "error")]
    assert all("nested more than 64 levels deep" in e.message_en for e in bundle.input_errors if e.severity == "error")


def test_files_and_folders_that_are_not_read_are_warned_about(bundle_dir: Any) -> None:
    root = bundle_dir({"departmens/a.toml": 'id = "a"\nname = "甲"\n', "departments/b.yaml": "id: b\n",
                       "departments/sub/c.toml": 'id = "c"\nname = "丙"\n', "departments/.hidden": "",
                       "notes.md": "readme", "extra.toml": "x = 1\n"})
    found = [(e.file, e.severity, e.message_en) for e in load_bundle(root).input_errors]
    assert [(file, severity) for file, severity, _ in found] == [
        ("audit.toml", "error"), ("departmens", "warning"), ("departments/b.yaml", "warning"),
        ("departments/sub", "warning"), ("extra.toml", "warning")]
    assert "no unit record" in found[0][2]
    assert "did you mean 'departments'?" in found[1][2]


def test_record_label_prefers_id_then_name_then_position() -> None:
    assert record_label({"id": "a", "name": "甲"}, "") == "a"
    assert record_label({"id": 7}, "") == "7"
    assert record_label({"id": " ", "name": "甲"}, "[2]") == "甲"
    assert record_label({"id": True}, "[2]") == "[2]"


@pytest.mark.parametrize(("setup", "says"), [("missing-folder", "bundle folder not found"),
                                             ("no-audit", "needs an audit.toml"), ("audit-is-folder", "needs an audit.toml")])
def test_unusable_bundle_raises_one_line_bundle_error(tmp_path: Path, setup: str, says: str) -> None:
    root = tmp_path / "bundle"
    if setup != "missing-folder":
        root.mkdir()
    if setup == "audit-is-folder":
        (root / "audit.toml").mkdir()
    with pytest.raises(BundleError, match=says) as raised:
        load_bundle(root)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(("audit", "fields"), [
    ('jurisdiction = "测试市"\nyear = "abc"\n', ["year"]),
    ('jurisdiction = 5\nyear = 1066\n', ["year", "jurisdiction"]),
    ("year = 2022\n", ["jurisdiction"]),
    ('jurisdiction = "测试市"\nyear = 2022\nas_of = 2022-13-01\n', []),
    ("[1, 2]\n", []),
    ("", []),
])
def test_unusable_audit_raises_one_line_bundle_error(bundle_dir: Any, audit: str, fields: list[str]) -> None:
    root = bundle_dir({"departments/good.toml": (BROKEN / "wrong-types/departments/good.toml").read_text("utf-8")})
    (root / "audit.toml").write_text(audit, encoding="utf-8")
    with pytest.raises(BundleError) as raised:
        load_bundle(root)
    message = str(raised.value)
    assert "\n" not in message and message.startswith("audit.toml")
    for name in fields:
        assert f"audit.toml [audit] {name}:" in message


def test_audit_optional_field_error_is_reported_and_the_run_goes_on(bundle_dir: Any) -> None:
    root = bundle_dir({"departments/a.toml": 'id = "a"\nname = "甲"\n'},
                      'jurisdiction = "测试市"\nyear = 2022\nas_of = "2022-02-30"\nprofle = "strict"\n')
    bundle = load_bundle(root)
    assert bundle.audit.as_of is None
    assert [where(e) for e in bundle.input_errors] == [("audit.toml", "audit", "as_of", "error"),
                                                       ("audit.toml", "audit", "profle", "warning")]
