"""Validate raw records against the models, repairing field by field so one bad value loses no record."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from compliance.core.problems import InputError, did_you_mean, field_path, one_line
from compliance.core.values import BadValue, bad_values

ModelT = TypeVar("ModelT", bound=BaseModel)
Location = tuple[str | int, ...]
PathOf = Callable[[Location], str]

_ZH_BY_TYPE = {
    "missing": "缺少必填字段",
    "literal_error": "取值不在允许范围内",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "list_type": "应为列表",
    "model_type": "应为表（对象）",
    "dict_type": "应为表（对象）",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "value_error": "取值无效",
    "date_invalid": "日期无效",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_range": "日期超出可用范围（1900–2199年）",
    "bool_for_number": "应为数值，不能是 true 或 false",
    "figure_type": "应为数值或 \"*\"（不公开）",
    "float_type": "应为数值",
    "float_parsing": "应为数值",
}
_ACTIONS = {
    "value": ("，按未提供处理", "; treated as not provided"),
    "item": ("，该条目未检查", "; the item was not checked"),
    "record": ("，该记录未检查", "; the record was not checked"),
}
_MAX_REPAIRS = 200


class Locator:
    """Maps a location in the repaired copy of a record back to where it was in the submitted record."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.record, self._origins = _copy_with_origins(raw)

    def original(self, location: Location) -> Location:
        """Where the value now at location was submitted (list items shift when an earlier one is dropped)."""
        node: Any = self.record
        found: Location = ()
        for depth, part in enumerate(location):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return found + location[depth:]
            found = self._origins.get(id(node), found + (part,)) if isinstance(node, (dict, list)) else found + (part,)
        return found

    def path(self, location: Location) -> str:
        """The submitted field path of a location, e.g. 'leaders[1].role'."""
        return field_path(self.original(location))


def _copy_with_origins(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[int, Location]]:
    """Copy every dict and list of raw (iteratively: depth is no limit) and note each one's location."""
    root = dict(raw)
    origins: dict[int, Location] = {}
    stack: list[tuple[Any, Location]] = [(root, ())]
    while stack:
        node, location = stack.pop()
        origins[id(node)] = location
        for key in list(node.keys() if isinstance(node, dict) else range(len(node))):
            child = node[key]
            if isinstance(child, (dict, list)):
                node[key] = dict(child) if isinstance(child, dict) else list(child)
                stack.append((node[key], location + (key,)))
    return root, origins


@dataclass(frozen=True)
class Validated(Generic[ModelT]):
    """A model built from a raw record (or None if the record itself is unusable) and what was wrong."""

    model: ModelT | None
    errors: list[InputError]
    locator: Locator | None = field(default=None, compare=False, repr=False)

    def path(self, location: Location) -> str:
        """Field path, as submitted, of a location in the model."""
        return self.locator.path(location) if self.locator is not None else field_path(location)


def validate_record(model: type[ModelT], raw: dict[str, Any], file: str, record: str) -> Validated[ModelT]:
    """Validate raw (never modified); drop each offending value (or the item a required field belongs to), report it.
    Values no record may hold (invalid Unicode, numbers not finite or too large, dates out of range) go first."""
    bad = bad_values(raw)
    if bad:
        return _validate_repairing(model, raw, file, record, bad)
    try:
        built = model.model_validate(raw)
    except ValidationError:
        return _validate_repairing(model, raw, file, record, bad)
    return Validated(built, unknown_fields(built, file, record))


def _validate_repairing(model: type[ModelT], raw: dict[str, Any], file: str, record: str,
                        bad: list[BadValue]) -> Validated[ModelT]:
    """Repair a copy of raw, pass by pass, until it validates or the record itself proves unusable."""
    locator = Locator(raw)
    errors: list[InputError] = []
    if bad and not _drop_bad_values(model, locator, bad, errors, file, record):
        return Validated(None, errors, locator)
    for _ in range(_MAX_REPAIRS):
        try:
            built = model.model_validate(locator.record)
        except ValidationError as exc:
            if not _repair(model, locator, exc, errors, file, record):
                return Validated(None, errors, locator)
            continue
        errors.extend(unknown_fields(built, file, record, path=locator.path))
        return Validated(built, errors, locator)
    return Validated(None, errors, locator)


def _drop_bad_values(model: type[BaseModel], locator: Locator, bad: list[BadValue], errors: list[InputError],
                     file: str, record: str) -> bool:
    """Report and drop the values no record may hold; False if the record itself is unusable."""
    targets: set[Location] = set()
    for value in bad:
        target = _drop_target(model, value.location, "")
        action_zh, action_en = _ACTIONS[_action(target)]
        errors.append(InputError(file, record, locator.path(value.location), value.zh + action_zh, value.en + action_en))
        targets.add(target)
    return _drop(locator, targets)


def _action(target: Location) -> str:
    return "record" if not target else "item" if isinstance(target[-1], int) else "value"


def _repair(model: type[BaseModel], locator: Locator, exc: ValidationError, errors: list[InputError],
            file: str, record: str) -> bool:
    """Report every problem of one validation pass, then drop them; False if the record itself is unusable."""
    targets: set[Location] = set()
    for problem in sorted(exc.errors(include_url=False), key=lambda p: _sort_key(tuple(p["loc"]))):
        location = tuple(problem["loc"])
        target = _drop_target(model, location, problem["type"])
        errors.append(_as_input_error(problem, file, record, locator.path(location), _action(target)))
        targets.add(target)
    return _drop(locator, targets)


def _drop(locator: Locator, targets: set[Location]) -> bool:
    """Drop every target from the repaired copy; False if one of them is the record itself."""
    if () in targets:
        return False
    # last first, so that dropping a list item shifts no position still to be dropped
    return all(_delete(locator.record, target) for target in sorted(targets, key=_sort_key, reverse=True))


def _sort_key(location: Location) -> tuple[str, ...]:
    return tuple(f"{part:08d}" if isinstance(part, int) else str(part) for part in location)


def _drop_target(model: type[BaseModel], location: Location, error_type: str) -> Location:
    """What to drop: the bad value, or the item (or record) that holds it if the field is required."""
    if error_type == "missing" or _is_required(model, location):
        return location[:-1]
    return location


def _is_required(model: type[BaseModel], location: Location) -> bool:
    """Whether location names a required field (id, name, ...) of its model."""
    if not location or isinstance(location[-1], int):
        return False
    info = _field_info(model, location)
    return info is not None and info.is_required()


def _field_info(model: type[BaseModel], location: Location) -> FieldInfo | None:
    current: type[BaseModel] | None = model
    info = None
    for part in location:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        current = _inner_model(info.annotation)
    return info


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model in an annotation such as Leader, list[Leader] or Leader | None."""
    if get_origin(annotation) is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _delete(raw: Any, location: Location) -> bool:
    """Remove the value at location; False if it is not there."""
    parent: Any = raw
    for part in location[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        del parent[location[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _as_input_error(problem: Any, file: str, record: str, path: str, action: str) -> InputError:
    english = one_line(str(problem["msg"]).removeprefix("Value error, "))
    chinese = _ZH_BY_TYPE.get(problem["type"], "取值无效")
    seen = problem.get("input")
    if problem["type"] != "missing" and isinstance(seen, (str, int, float, bool)):
        chinese += f"（实际为 {seen!r}）"
        if repr(seen) not in english:
            english += f" (got {seen!r})"
    if problem["type"] == "literal_error":
        expected = problem.get("ctx", {}).get("expected", "")
        chinese += f"，允许：{expected}"
    action_zh, action_en = _ACTIONS[action]
    return InputError(file, record, path, chinese + action_zh, english + action_en)


@functools.cache
def nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold other models (the only ones worth walking for unknown keys)."""
    def holds_model(annotation: Any) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return True
        return any(holds_model(arg) for arg in get_args(annotation))
    return tuple(name for name, info in model.model_fields.items() if holds_model(info.annotation))


def unknown_fields(model: BaseModel, file: str, record: str, prefix: Location = (),
                   path: PathOf = field_path) -> list[InputError]:
    """A warning for each field the schema does not know (probably a typo), recursively."""
    warnings: list[InputError] = []
    for name in sorted(model.model_extra or {}):
        hint = did_you_mean(name, type(model).model_fields)
        warnings.append(InputError(
            file, record, path(prefix + (name,)),
            f"未知字段，已忽略{hint.replace('did you mean', '是否应为')}",
            f"unknown field, ignored{hint}", "warning"))
    for name in nested_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            warnings.extend(unknown_fields(value, file, record, prefix + (name,), path))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    warnings.extend(unknown_fields(item, file, record, prefix + (name, index), path))
    return warnings
