"""Cross-references inside a department's or district's record: committee heads and meeting chairs are leaders of
the unit, ids in a list are unique. Problems are warnings: every item is still checked."""
from __future__ import annotations

from pydantic import BaseModel

from compliance.bundle.validate import Location, PathOf, nested_fields
from compliance.core.problems import InputError, did_you_mean, field_path
from compliance.records.unit import Unit


def cross_reference_errors(unit: Unit, file: str, path: PathOf = field_path) -> list[InputError]:
    """Committee heads and meeting chairs must be leaders of the unit; ids must be unique.

    path maps a location in the model to the field path as submitted (items may have been dropped).
    """
    errors: list[InputError] = []
    committee = unit.safety_committee
    if committee is not None and committee.head is not None:
        head = unit.leader(committee.head)
        where = path(("safety_committee", "head"))
        if head is None:
            errors.append(_dangling(file, unit, where, committee.head))
        elif head.id != committee.head:
            errors.append(InputError(file, unit.id, where, f"应填写领导 id：已按姓名匹配到领导 '{head.id}'",
                                     f"a leader id is expected: matched leader '{head.id}' by name", "warning"))
    for index, meeting in enumerate(unit.meetings):
        if meeting.chaired_by is not None and unit.leader(meeting.chaired_by) is None:
            errors.append(_dangling(file, unit, path(("meetings", index, "chaired_by")), meeting.chaired_by))
    return errors + duplicate_item_ids(unit, file, unit.id, path)


def duplicate_item_ids(record: BaseModel, file: str, label: str, path: PathOf = field_path,
                       location: Location = ()) -> list[InputError]:
    """A warning for each item of a list (leaders, meetings, workers, hazards… any list of items with an id, at any
    depth of the record) whose id an earlier item of the same list has."""
    errors: list[InputError] = []
    for name in nested_fields(type(record)):  # only fields that can hold items: the rest have no ids to compare
        value = getattr(record, name)
        if isinstance(value, BaseModel):
            errors.extend(duplicate_item_ids(value, file, label, path, location + (name,)))
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            if "id" in type(value[0]).model_fields:
                errors.extend(_duplicate_ids(file, label, location + (name,), [item.id for item in value], path))
            for index, item in enumerate(value):
                errors.extend(duplicate_item_ids(item, file, label, path, location + (name, index)))
    return errors


def _dangling(file: str, unit: Unit, field_name: str, value: str) -> InputError:
    hint = did_you_mean(value, [leader.id for leader in unit.leaders] + [leader.name for leader in unit.leaders if leader.name])
    return InputError(file, unit.id, field_name,
                      f"'{value}' 不是本单位 leaders 中任何领导的 id 或姓名，按非本单位领导处理{hint.replace('did you mean', '是否应为')}",
                      f"'{value}' is neither the id nor the name of a leader of this unit; treated as not a leader{hint}",
                      "warning")


def _duplicate_ids(file: str, record: str, list_location: Location, ids: list[str], path: PathOf) -> list[InputError]:
    seen: set[str] = set()
    errors = []
    for index, item_id in enumerate(ids):
        if item_id in seen:
            errors.append(InputError(file, record, path(list_location + (index, "id")), f"id '{item_id}' 重复，该条目仍逐条检查",
                                     f"duplicate id '{item_id}'; each item is still checked", "warning"))
        seen.add(item_id)
    return errors
