"""Load a record bundle: read every file, validate every record, report what is wrong and go on."""
from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from compliance.bundle.validate import Location, PathOf, validate_record
from compliance.core.errors import BundleError
from compliance.core.problems import InputError, did_you_mean, field_path
from compliance.records.audit import Audit
from compliance.records.catalog import Catalog
from compliance.records.city import City, DirectivesFile, StatisticsFile
from compliance.records.enterprise import Enterprise
from compliance.records.unit import Unit

UnitKind = Literal["department", "district", "enterprise", "city"]
CityFileT = TypeVar("CityFileT", Catalog, DirectivesFile, StatisticsFile)
UNIT_FOLDERS: dict[str, UnitKind] = {"departments": "department", "districts": "district"}
_RECORD_SUFFIXES = (".toml", ".json")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_KNOWN_ENTRIES = ("audit.toml", "departments", "districts", "enterprises", "city")


@dataclass(frozen=True)
class LoadedUnit:
    """A validated department, district, enterprise or city and where it came from (line: in a JSONL file)."""

    kind: UnitKind
    unit: Unit | Enterprise | City
    file: str
    line: int | None = None


@dataclass
class Bundle:
    """Everything read from a bundle folder."""

    root: Path
    audit: Audit
    units: list[LoadedUnit] = field(default_factory=list)
    catalog: Catalog = field(default_factory=Catalog)
    input_errors: list[InputError] = field(default_factory=list)
    records_read: int = 0
    has_city: bool = False
    industries_file: bool = False
    directives: DirectivesFile | None = None
    statistics: StatisticsFile | None = None


def load_bundle(root: Path) -> Bundle:
    """Read audit.toml (required) and every record file; bad files become input errors."""
    if not root.is_dir():
        raise BundleError(f"记录包不存在或不是文件夹 / bundle folder not found: {root}")
    audit_path = root / "audit.toml"
    if not audit_path.is_file():
        raise BundleError(f"{audit_path}: 缺少 audit.toml / every bundle needs an audit.toml")
    errors: list[InputError] = []
    raw_audit = read_document(audit_path, root, errors)
    if not isinstance(raw_audit, dict):
        raise BundleError(_errors_text(errors, "audit.toml: 应为键值表 / must be a table of keys and values"))
    validated = validate_record(Audit, raw_audit, "audit.toml", "audit")
    errors.extend(validated.errors)
    if validated.model is None:
        raise BundleError(_errors_text(validated.errors, "audit.toml: invalid"))
    bundle = Bundle(root=root, audit=validated.model, input_errors=errors)
    _load_units(bundle)
    _note_strays(bundle)
    _load_catalog(bundle)
    _load_city(bundle)
    _check_unit_ids(bundle)
    bundle.input_errors.sort()
    return bundle


def _errors_text(errors: list[InputError], fallback: str) -> str:
    """Every error of an unusable audit.toml, on one line."""
    return "; ".join(e.text() for e in errors if e.severity == "error") or fallback


def relative(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to the bundle, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_document(path: Path, root: Path, errors: list[InputError]) -> Any:
    """Parse one TOML or JSON file; on failure add an input error and return None."""
    name = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(InputError(name, "", "", f"无法读取文件（需 UTF-8 编码）：{exc}", f"cannot read file (UTF-8 expected): {exc}"))
        return None
    if not text.strip():
        errors.append(InputError(name, "", "", "文件为空，未检查", "empty file, nothing checked"))
        return None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return tomllib.loads(text)
    except json.JSONDecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列"
        errors.append(InputError(name, "", "", f"JSON 格式错误（{where}）：{exc.msg}，整个文件未检查",
                                 f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; file not checked",
                                 line=exc.lineno))
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_POSITION.search(str(exc))
        errors.append(InputError(name, "", "", f"TOML 格式错误：{exc}，整个文件未检查", f"malformed TOML: {exc}; file not checked",
                                 line=int(at.group(1)) if at else 0))
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        errors.append(InputError(name, "", "", f"文件无法解析：{reason}，整个文件未检查", f"cannot parse file: {reason}; file not checked"))
    return None


def _record_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in _RECORD_SUFFIXES)


def _load_units(bundle: Bundle) -> None:
    for folder, kind in UNIT_FOLDERS.items():
        for path in _record_files(bundle.root / folder):
            document = read_document(path, bundle.root, bundle.input_errors)
            if document is None:
                continue
            records = document if isinstance(document, list) else [document]
            for index, raw in enumerate(records):
                _load_unit(bundle, kind, relative(path, bundle.root), raw, index if len(records) > 1 else None)


def _load_unit(bundle: Bundle, kind: UnitKind, file: str, raw: Any, index: int | None) -> None:
    bundle.records_read += 1
    where = f"[{index}]" if index is not None else ""
    if not isinstance(raw, dict):
        bundle.input_errors.append(InputError(file, where, "", "记录应为表（对象），未检查", "a record must be a table (object); not checked"))
        return
    if not raw:
        bundle.input_errors.append(InputError(file, where, "", "记录没有任何字段，未检查", "the record has no fields; not checked"))
        return
    record = record_label(raw, where)
    validated = validate_record(Unit, raw, file, record)
    bundle.input_errors.extend(validated.errors)
    if validated.model is None:
        if not validated.errors:
            bundle.input_errors.append(InputError(file, record, "", "记录无法使用，未检查", "unusable record; not checked"))
        return
    bundle.input_errors.extend(cross_reference_errors(validated.model, file, validated.path))
    bundle.units.append(LoadedUnit(kind, validated.model, file))


def record_label(raw: dict[str, Any], where: str) -> str:
    """How a record is named in errors: its id, else its name, else its position in the file."""
    for key in ("id", "name"):
        value = raw.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return where


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
    for list_name in ("leaders", "meetings", "inspections", "campaigns", "submissions"):
        ids = [item.id for item in getattr(unit, list_name)]
        errors.extend(_duplicate_ids(file, unit.id, (list_name,), ids, path))
    if unit.enforcement is not None:
        ids = [case.id for case in unit.enforcement.cases]
        errors.extend(_duplicate_ids(file, unit.id, ("enforcement", "cases"), ids, path))
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


def _note_strays(bundle: Bundle) -> None:
    """Files and folders that no stage reads are warned about (a misspelt folder would lose every record in it)."""
    for path in sorted(bundle.root.iterdir()):
        if path.name.startswith(".") or path.name in _KNOWN_ENTRIES or _is_enterprise_lines(path):
            continue
        if path.is_dir() or path.suffix in (*_RECORD_SUFFIXES, ".jsonl"):
            hint = did_you_mean(path.name, _KNOWN_ENTRIES)
            bundle.input_errors.append(InputError(
                relative(path, bundle.root), "", "", f"未知的文件或文件夹，未读取{hint.replace('did you mean', '是否应为')}",
                f"unknown file or folder, not read{hint}", "warning"))
    for folder in UNIT_FOLDERS:
        for path in _stray_files(bundle.root / folder):
            bundle.input_errors.append(InputError(
                relative(path, bundle.root), "", "", "不是 .toml 或 .json 文件，未读取",
                "not a .toml or .json file; not read", "warning"))


def _is_enterprise_lines(path: Path) -> bool:
    return path.is_file() and path.name.startswith("enterprises") and path.suffix == ".jsonl"


def _stray_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir()
                          if not p.name.startswith(".") and not (p.is_file() and p.suffix in _RECORD_SUFFIXES))


def _check_unit_ids(bundle: Bundle) -> None:
    first_file: dict[str, str] = {}
    kept = []
    for loaded in bundle.units:
        if loaded.unit.id in first_file:
            bundle.input_errors.append(InputError(
                loaded.file, loaded.unit.id, "id",
                f"单位 id 与 {first_file[loaded.unit.id]} 重复，本记录未检查",
                f"unit id already used by {first_file[loaded.unit.id]}; this record was not checked"))
            continue
        first_file[loaded.unit.id] = loaded.file
        kept.append(loaded)
    bundle.units = kept


def _load_catalog(bundle: Bundle) -> None:
    catalog = _city_file(bundle, bundle.root / "city" / "industries.toml", Catalog, "industries")
    if catalog is not None:
        bundle.catalog = catalog
        bundle.industries_file = True


def _load_city(bundle: Bundle) -> None:
    """city/directives.toml and city/statistics.toml; any city file makes the bundle a city's (city rules run)."""
    folder = bundle.root / "city"
    bundle.has_city = any((folder / name).is_file() for name in ("industries.toml", "directives.toml", "statistics.toml"))
    bundle.directives = _city_file(bundle, folder / "directives.toml", DirectivesFile, "directives")
    bundle.statistics = _city_file(bundle, folder / "statistics.toml", StatisticsFile, "statistics")


def _city_file(bundle: Bundle, path: Path, model: type[CityFileT], label: str) -> CityFileT | None:
    if not path.is_file():
        return None
    document = read_document(path, bundle.root, bundle.input_errors)
    if not isinstance(document, dict):
        if document is not None:
            bundle.input_errors.append(InputError(relative(path, bundle.root), "", "", "文件应为键值表，未检查",
                                                  "the file must be a table of keys and values; not checked"))
        return None
    validated = validate_record(model, document, relative(path, bundle.root), label)
    bundle.input_errors.extend(validated.errors)
    return validated.model
