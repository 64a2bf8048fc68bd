"""Validate raw records against the models, repairing field by field so one bad value loses no record."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from compliance.inputs import InputError, did_you_mean, field_path

ModelT = TypeVar("ModelT", bound=BaseModel)

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
    "value_error": "日期无效",
}
_MAX_REPAIRS = 200


@dataclass(frozen=True)
class Validated(Generic[ModelT]):
    """A model built from a raw record (or None if the record itself is unusable) and what was wrong."""

    model: ModelT | None
    errors: list[InputError]


def validate_record(model: type[ModelT], raw: dict[str, Any], file: str, record: str) -> Validated[ModelT]:
    """Validate; drop each offending value (or list item, if it has no usable id) and report it."""
    errors: list[InputError] = []
    for _ in range(_MAX_REPAIRS):
        try:
            built = model.model_validate(raw)
        except ValidationError as exc:
            problems = exc.errors(include_url=False)
            for problem in sorted(problems, key=_location_sort_key, reverse=True):
                errors.append(_as_input_error(problem, file, record))
                if not _drop(raw, tuple(problem["loc"]), problem["type"]):
                    return Validated(None, errors)
            continue
        errors.extend(unknown_fields(built, file, record))
        return Validated(built, errors)
    return Validated(None, errors)


def _location_sort_key(problem: Any) -> tuple[str, ...]:
    return tuple(f"{part:08d}" if isinstance(part, int) else str(part) for part in problem["loc"])


def _drop(raw: Any, location: tuple[Any, ...], error_type: str) -> bool:
    """Remove the value at location (the whole list item if a required field is missing)."""
    if error_type == "missing":
        location = location[:-1]
    if not location:
        return False
    if len(location) >= 2 and isinstance(location[-1], str) and location[-1] in ("id", "name", "code"):
        location = location[:-1]
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


def _as_input_error(problem: Any, file: str, record: str) -> InputError:
    location = tuple(problem["loc"])
    english = str(problem["msg"]).removeprefix("Value error, ")
    chinese = _ZH_BY_TYPE.get(problem["type"], "取值无效")
    seen = problem.get("input")
    if problem["type"] != "missing" and isinstance(seen, (str, int, float, bool)):
        chinese += f"（实际为 {seen!r}）"
        english += f" (got {seen!r})"
    if problem["type"] == "literal_error":
        expected = problem.get("ctx", {}).get("expected", "")
        chinese += f"，允许：{expected}"
    action_zh, action_en = ("，该条目未检查", "; the item was not checked") if _drops_item(location, problem) else ("，按未提供处理", "; treated as not provided")
    return InputError(file, record, field_path(location), chinese + action_zh, english + action_en)


def _drops_item(location: tuple[Any, ...], problem: Any) -> bool:
    last = location[-1] if location else None
    return problem["type"] == "missing" or last in ("id", "name", "code")


def unknown_fields(model: BaseModel, file: str, record: str, prefix: tuple[str | int, ...] = ()) -> list[InputError]:
    """A warning for each field the schema does not know (probably a typo), recursively."""
    warnings: list[InputError] = []
    for name in sorted(model.model_extra or {}):
        hint = did_you_mean(name, type(model).model_fields)
        warnings.append(InputError(
            file, record, field_path(prefix + (name,)),
            f"未知字段，已忽略{hint.replace('did you mean', '是否应为')}",
            f"unknown field, ignored{hint}", "warning"))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            warnings.extend(unknown_fields(value, file, record, prefix + (name,)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    warnings.extend(unknown_fields(item, file, record, prefix + (name, index)))
    return warnings
