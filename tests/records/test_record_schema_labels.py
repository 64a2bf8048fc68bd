"""The record schema (compliance schema): every property of every definition titled in Chinese from labels.toml,
every enumeration a oneOf of labelled consts, and records still valid against it."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema

from compliance.records.base import Record
from compliance.records.schema import bundle_schema, labelled_schema

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _nodes(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in a document, with where it is."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, f"{path}/{index}")


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, node in _nodes(schema):
        if isinstance(node.get("properties"), dict) and not path.endswith("/properties"):
            for name, prop in node["properties"].items():
                yield f"{path}/properties/{name}", prop


def test_every_property_of_every_definition_has_a_chinese_title_and_description_and_english() -> None:
    properties = list(_properties(bundle_schema()))
    assert len(properties) > 200
    untitled = [path for path, prop in properties if not _CHINESE.search(prop.get("title", ""))
                or not _CHINESE.search(prop.get("description", "")) or not prop.get("x-title-en")]
    assert untitled == [], f"add labels to compliance/records/workbook/labels.toml for: {untitled}"


def test_every_enumeration_is_a_oneof_of_consts_each_with_a_chinese_title() -> None:
    nodes = list(_nodes(bundle_schema()))
    assert [path for path, node in nodes if "enum" in node] == []
    choices = [(path, option) for path, node in nodes for option in node.get("oneOf", [])]
    assert len(choices) > 30
    unlabelled = [f"{path}={option.get('const')}" for path, option in choices
                  if "const" not in option or not _CHINESE.search(option.get("title", ""))]
    assert unlabelled == [], f"add choice labels to compliance/records/workbook/labels.toml for: {unlabelled}"


def test_units_and_choice_labels_come_from_the_labels_table() -> None:
    unit = bundle_schema()["$defs"]["department"]
    staff = unit["$defs"]["Enforcement"]["properties"]["staff_actual"]
    assert (staff["title"], staff["x-unit"], staff["x-title-en"]) == ("实有执法人员数", "人", "enforcement staff in post")
    assert staff["description"] == "实有执法人员数（单位：人）"
    form = unit["$defs"]["SafetyCommittee"]["properties"]["form"]["anyOf"][0]["oneOf"]
    assert form == [{"const": "committee", "title": "安委会", "x-title-en": "committee"},
                    {"const": "leading_group", "title": "领导小组", "x-title-en": "leading group"}]


def test_a_field_without_a_label_is_found_by_the_test() -> None:
    class Unlabelled(Record):
        """A model the labels table does not know."""

        colour: str | None = None

    schema = labelled_schema(Unlabelled)
    assert [path for path, prop in _properties(schema) if not _CHINESE.search(prop.get("title", ""))] \
        == ["/properties/colour"]


def test_a_record_validates_against_its_labelled_definition() -> None:
    schema = bundle_schema()
    definition: dict[str, Any] = {**schema["$defs"]["department"], "$schema": schema["$schema"]}
    unit = {"id": "D", "name": "示例局", "safety_committee": {"form": "leading_group"},
            "enforcement": {"staff_actual": 3}}
    jsonschema.Draft202012Validator(definition).validate(unit)
    wrong = {**unit, "safety_committee": {"form": "board"}}
    assert not jsonschema.Draft202012Validator(definition).is_valid(wrong)
