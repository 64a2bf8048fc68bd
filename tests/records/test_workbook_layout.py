"""Workbook layouts: every model field has a label, every kind a layout, every list a sheet, every choice a label."""
from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic import BaseModel

from compliance.records.kinds import UnitKind, kinds, registered
from compliance.records.schema import CITY_FILES
from compliance.records.unit import Unit
from compliance.records.workbook.labels import choice_labels, field_label, labelled_models
from compliance.records.workbook.layout import LayoutError, layout, layout_kinds


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """A model and every model its fields hold, by name."""
    seen[model.__name__] = model
    for info in model.model_fields.values():
        for inner in _inner(info.annotation):
            if inner.__name__ not in seen:
                _models(inner, seen)
    return seen


def _inner(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for argument in get_args(annotation) for found in _inner(argument)]


def _all_models() -> dict[str, type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}
    roots = [kind.record for kind in kinds() if kind.reading != "city"] + list(CITY_FILES.values())
    for model in roots:
        _models(model, seen)
    return seen


def test_every_field_of_every_record_model_has_a_label() -> None:
    missing = [f"{name}.{field}" for name, model in sorted(_all_models().items())
               for field in model.model_fields if field_label(name, field) is None]
    assert missing == [], f"add these to compliance/records/workbook/labels.toml: {missing}"


def test_the_label_table_names_only_fields_that_exist() -> None:
    models = _all_models()
    stale = [name for name in labelled_models() if name not in models]
    assert stale == []


def test_every_choice_of_every_enumeration_has_a_chinese_label() -> None:
    unlabelled = [f"{sheet.model.__name__}.{column.key}={code}" for kind_name in layout_kinds()
                  for sheet in layout(kind_name).sheets for column in sheet.columns if column.kind == "choice"
                  for code, label in column.choices if label.zh == code]
    assert unlabelled == []
    assert choice_labels("Meeting", "kind")["dedicated_safety"].zh == "安全生产专题会议"


def test_a_unit_workbook_has_its_basic_sheet_and_a_sheet_per_list_linked_by_the_unit_id() -> None:
    laid = layout("department")
    names = [sheet.name for sheet in laid.sheets]
    assert names[0] == "基本信息" and {"领导班子", "会议", "执法案件", "专项整治", "报送", "检查发现隐患"} <= set(names)
    meeting = laid.sheet("会议")
    assert [link.key for link in meeting.links] == ["^id"] and meeting.links[0].header() == "单位编号"
    assert meeting.column("date").kind == "date" and meeting.column("kind").kind == "choice"
    hazards = laid.sheet("检查发现隐患")
    assert [link.key for link in hazards.links] == ["^id", "^inspections.id"]
    basic = laid.sheet("基本信息")
    assert basic.column("enforcement.staff_required").kind == "int"
    assert basic.column("enforcement.staff_required").minimum == 0
    assert basic.column("power_responsibility_list.published").kind == "bool"


def test_an_enterprise_workbook_has_the_clerks_sheets_and_units_and_codes() -> None:
    laid = layout("enterprise")
    assert {"从业人员", "特种作业人员", "隐患", "安全风险"} <= {sheet.name for sheet in laid.sheets}
    basic = laid.sheet("基本信息")
    assert basic.column("industry").codes == "industry"
    assert basic.column("safety_costs.extracted_yuan").header() == "本年度安全生产费用提取额（元）"
    assert basic.column("id").required and not basic.column("headcount").required
    assert laid.sheet("危险作业").column("kind").codes == "operation"


def test_city_files_hold_one_record_of_lists() -> None:
    for name in CITY_FILES:
        laid = layout(name)
        assert not laid.many and all(sheet.path for sheet in laid.sheets)
    relays = layout("directives").sheet("传达贯彻")
    assert [link.key for link in relays.links] == ["^directive.id"]
    assert layout("statistics").sheet("统计报表").column("accidents").kind == "figure"


def test_sheet_names_fit_excel() -> None:
    for kind_name in layout_kinds():
        names = [sheet.name for sheet in layout(kind_name).sheets]
        assert len(set(names)) == len(names) and all(0 < len(name) <= 31 for name in names)


class _Township(Unit):
    """A registered kind whose model has a field the label table does not know."""

    grid_members: int | None = None


def test_a_field_without_a_label_is_named_when_its_layout_is_built() -> None:
    kind = UnitKind("township", "townships", _Township, "compliance.facts.unit", "unit", ("乡镇", "township"),
                    ("乡镇", "townships"), order=25)
    with registered(kind), pytest.raises(LayoutError, match="_Township.grid_members"):
        layout("township")
