"""The guarded input boundary: limits checked before parsing, regular files only, values checked after."""
from __future__ import annotations

import datetime as dt
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from compliance.core import guard
from compliance.core.values import MAX_DEPTH, bad_values


def test_a_long_dotted_toml_key_is_refused_before_tomllib_sees_it() -> None:
    text = "a" + ".a" * 32_000 + " = 1\n"  # tomllib took 4 GB for this
    tracemalloc.start()
    with pytest.raises(guard.InputRejected) as refused:
        guard.parse(text, "toml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "dotted key of more than 64 parts" in refused.value.en
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize("text", [
    "[" + "a." * 70 + "a]\n",  # a table header
    "x = {" + "a." * 70 + "a = 1}\n",  # inside an inline table
    "x = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "x = " + "{a = " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1) + "\n",
])
def test_toml_depth_and_key_parts_are_limited(text: str) -> None:
    with pytest.raises(guard.InputRejected):
        guard.parse(text, "toml")


@pytest.mark.parametrize("text", [
    'x = "' + "." * 500 + "[" * 500 + '"\n',  # inside strings: not structure
    "x = '" + "." * 500 + "'\n",
    'x = """\n' + "a.b." * 200 + '\n"""\n',
    "x = '''" + "[{" * 200 + "'''\n",
    "# " + "[." * 500 + "\nx = 1\n",
    "x = [" + "1.5, " * 500 + "]\n",  # floats have a dot each, commas end each
    'a.b.c = 1\n[d.e]\nf = 1979-05-27T07:32:00.999\n',
])
def test_what_only_looks_deep_passes(text: str) -> None:
    guard.parse(text, "toml")


def test_json_numbers_too_long_to_convert_are_kept_for_their_field() -> None:
    data = guard.parse('{"a": ' + "9" * 5000 + ', "b": 1e400, "c": NaN, "d": 2}', "json")
    assert [(bad.location, bad.en.split(" (")[0]) for bad in bad_values(data)] == [
        (("a",), "the number is too large"), (("b",), "not a finite number"), (("c",), "not a finite number")]


def test_a_toml_integer_beyond_pythons_limit_is_refused() -> None:
    with pytest.raises(guard.InputRejected):
        guard.parse("x = " + "9" * 5000 + "\n", "toml")


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    with pytest.raises(guard.InputRejected) as refused:
        guard.read_text(Path("/dev/zero"))
    assert "not a regular file" in refused.value.en
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(guard.InputRejected):  # opening a FIFO would block
        guard.read_text(fifo)
    with pytest.raises(guard.InputRejected):
        guard.read_text(tmp_path)


def test_size_is_limited_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"x": "a" * 2000}), encoding="utf-8")
    with pytest.raises(guard.InputRejected) as refused:
        guard.read_text(big, limit=1024)
    assert "larger than" in refused.value.en
    with pytest.raises(guard.InputRejected):
        guard.parse_line("[" + "1," * 1000 + "1]", limit=100)


def test_a_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(b"\xef\xbb\xbfx = 1\n")
    assert guard.load(path) == {"x": 1}


@pytest.mark.parametrize(("data", "location", "fragment"), [
    ({"a": "x\ud800y"}, ("a",), "lone surrogate \\ud800 at character 2"),
    ({"a": ["ok", "\uffff"]}, ("a", 1), "noncharacter \\uffff"),
    ({"a\udc00": 1}, ("a\udc00",), "a field name"),
    ({"a": {"b": float("inf")}}, ("a", "b"), "not a finite number"),
    ({"a": 10**16}, ("a",), "too large"),
    ({"a": -1e308}, ("a",), "too large"),
    ({"a": dt.date(9999, 12, 31)}, ("a",), "outside the usable range"),
    ({"a": dt.datetime(1, 1, 1, 0, 0)}, ("a",), "outside the usable range"),
])
def test_values_no_input_may_hold_are_found_at_their_location(data: object, location: tuple[object, ...],
                                                              fragment: str) -> None:
    found = bad_values(data)
    assert [bad.location for bad in found] == [location]
    assert fragment in found[0].en


def test_sane_values_pass() -> None:
    assert bad_values({"a": [1, 2.5, -(10**15), True, None, "中文 \u00e9", dt.date(2022, 1, 1)], "b": {"c": []}}) == []


def test_settings_files_name_the_field_of_a_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[params]\nx = nan\n", encoding="utf-8")
    with pytest.raises(guard.InputRejected) as refused:
        guard.load(path)
    assert refused.value.en.startswith("params.x: not a finite number")
