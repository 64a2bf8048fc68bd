"""Load a record bundle: read every file, validate every record, report what is wrong and go on.

The records of "files" kinds (departments, districts, …) are read here; "stream" kinds (enterprises) are read
lazily by compliance.bundle.streams; the city's files are read here and the city assembled by compliance.bundle.city.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from compliance.bundle.crossref import cross_reference_errors
from compliance.bundle.documents import read_document, read_records, record_label, relative
from compliance.bundle.registers import register_ref_errors, statistics_ref_errors
from compliance.bundle.unique import UnitIds
from compliance.bundle.validate import validate_record
from compliance.core import guard
from compliance.core.errors import BundleError
from compliance.core.problems import InputError, did_you_mean
from compliance.records.audit import Audit
from compliance.records.catalog import Catalog, merged_catalog
from compliance.records.city import DirectivesFile, StatisticsFile
from compliance.records.kinds import UnitKind, UnitRecord, kinds
from compliance.records.registers import AccidentsFile, CommendationsFile
from compliance.records.unit import Unit

CityFileT = TypeVar("CityFileT", Catalog, DirectivesFile, StatisticsFile, AccidentsFile, CommendationsFile)
RECORD_SUFFIXES = (".toml", ".json", ".xlsx")
STREAM_SUFFIXES = (*RECORD_SUFFIXES, ".jsonl")
CITY_FILES = ("industries", "directives", "statistics", "accidents", "commendations")
CITY_SUFFIXES = (".toml", ".xlsx")


@dataclass(frozen=True)
class LoadedUnit:
    """A validated unit of some kind and where it came from (line: in a JSONL file)."""

    kind: str
    unit: UnitRecord
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
    accidents: AccidentsFile | None = None
    commendations: CommendationsFile | None = None


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
    _check_has_units(bundle)
    _check_register_refs(bundle)
    bundle.input_errors.sort()
    return bundle


def _errors_text(errors: list[InputError], fallback: str) -> str:
    """Every error of an unusable audit.toml, on one line."""
    return "; ".join(e.text() for e in errors if e.severity == "error") or fallback


def _record_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in RECORD_SUFFIXES
                          and not is_lock_file(p))


def _load_units(bundle: Bundle) -> None:
    for kind in kinds().reading("files"):
        for path in _record_files(bundle.root / kind.folder):
            records = read_records(path, bundle.root, bundle.input_errors)
            if records is None:
                continue
            for index, raw in enumerate(records):
                _load_unit(bundle, kind, relative(path, bundle.root), raw, index if len(records) > 1 else None)


def _load_unit(bundle: Bundle, kind: UnitKind, file: str, raw: Any, index: int | None) -> None:
    """One record of a file: validated against its kind's model, or reported."""
    bundle.records_read += 1
    where = f"[{index}]" if index is not None else ""
    if not isinstance(raw, dict):
        bundle.input_errors.append(InputError(file, where, "", "记录应为表（对象），未检查", "a record must be a table (object); not checked"))
        return
    if not raw:
        bundle.input_errors.append(InputError(file, where, "", "记录没有任何字段，未检查", "the record has no fields; not checked"))
        return
    record = record_label(raw, where)
    validated = validate_record(kind.record, raw, file, record)
    bundle.input_errors.extend(validated.errors)
    if validated.model is None:
        if not validated.errors:
            bundle.input_errors.append(InputError(file, record, "", "记录无法使用，未检查", "unusable record; not checked"))
        return
    if isinstance(validated.model, Unit):
        bundle.input_errors.extend(cross_reference_errors(validated.model, file, validated.path))
    bundle.units.append(LoadedUnit(kind.name, cast(UnitRecord, validated.model), file))


def is_lock_file(path: Path) -> bool:
    """Excel's and WPS's owner file of an open workbook (~$name.xlsx): not a record file, never read."""
    return path.name.startswith("~$")


def known_entries() -> tuple[str, ...]:
    """What a bundle's root may hold: audit.toml and the folder of every kind of unit."""
    return ("audit.toml", *(kind.folder for kind in kinds()))


def is_stream_file(path: Path, kind: UnitKind) -> bool:
    """A JSON Lines stream of a stream kind at the bundle's root (enterprises*.jsonl)."""
    return kind.reading == "stream" and path.is_file() and path.name.startswith(kind.folder) and path.suffix == ".jsonl"


def _note_strays(bundle: Bundle) -> None:
    """Files and folders that no stage reads are warned about (a misspelt folder would lose every record in it)."""
    known = known_entries()
    for path in sorted(bundle.root.iterdir()):
        if path.name.startswith(".") or path.name in known or any(is_stream_file(path, kind) for kind in kinds()):
            continue
        if path.is_dir() or path.suffix in STREAM_SUFFIXES:
            hint = did_you_mean(path.name, known)
            bundle.input_errors.append(InputError(
                relative(path, bundle.root), "", "", f"未知的文件或文件夹，未读取{hint.replace('did you mean', '是否应为')}",
                f"unknown file or folder, not read{hint}", "warning"))
    for kind in kinds():
        if kind.reading == "city":
            continue
        suffixes = STREAM_SUFFIXES if kind.reading == "stream" else RECORD_SUFFIXES
        for path in _stray_files(bundle.root / kind.folder, suffixes):
            bundle.input_errors.append(InputError(relative(path, bundle.root), "", "", *_why_not_read(path, suffixes),
                                                  "warning"))


def _why_not_read(path: Path, suffixes: tuple[str, ...]) -> tuple[str, str]:
    """Why an entry of a unit folder is not read, in Chinese and English."""
    if path.is_symlink() and not path.exists():
        return "符号链接指向不存在的文件（或循环链接），未读取", "a symbolic link to nothing (dangling, or a loop); not read"
    if path.is_dir():
        return "是文件夹（不读取子文件夹），未读取", "a folder (subfolders are not read); not read"
    if path.exists() and not path.is_file():
        return "不是普通文件（设备或管道），未读取", "not a regular file (a device or a pipe); not read"
    if path.suffix.lower() in suffixes:
        return f"扩展名应为小写 {path.suffix.lower()}，未读取", f"the suffix must be lower-case {path.suffix.lower()}; not read"
    names = " 或 ".join(suffixes)
    return f"不是 {names} 文件，未读取", f"not a {' or '.join(suffixes)} file; not read"


def _stray_files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir()
                          if not p.name.startswith(".") and not is_lock_file(p)
                          and not (p.is_file() and p.suffix in suffixes))


def stream_files(root: Path, unit_kind: UnitKind) -> list[Path]:
    """<folder>/*.toml|json|jsonl|xlsx, then <folder>*.jsonl at the bundle root, each in name order."""
    folder = root / unit_kind.folder
    inside = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in STREAM_SUFFIXES and not is_lock_file(p)) \
        if folder.is_dir() else []
    at_root = sorted(p for p in root.iterdir() if is_stream_file(p, unit_kind))
    return inside + at_root


def has_content(path: Path) -> bool:
    """Whether a file holds anything but white space (read only up to its first other byte)."""
    try:
        with guard.open_regular(path) as handle:
            while chunk := handle.read(65536):
                if chunk.strip():
                    return True
    except (OSError, guard.InputRejected):
        return True  # not readable: its reader says why
    return False


def _check_has_units(bundle: Bundle) -> None:
    """A bundle with no unit file at all is an input error: "no gap" would say that something was checked (a unit
    file that could not be read has its own error)."""
    if any(True for kind in kinds().reading("files") for _ in _record_files(bundle.root / kind.folder)) \
            or any(has_content(path) for kind in kinds().reading("stream") for path in stream_files(bundle.root, kind)):
        return
    folders = [kind.folder for kind in kinds() if kind.reading != "city"]
    bundle.input_errors.append(InputError(
        "audit.toml", "", "", f"记录包中没有任何单位记录（{'、'.join(folders)}），未检查任何单位",
        f"the bundle holds no unit record ({', '.join(folders)}); no unit was checked"))


def _check_unit_ids(bundle: Bundle) -> None:
    ids, kept = UnitIds(), []
    for loaded in bundle.units:
        error = ids.claim(loaded.unit.id, loaded.file)
        if error is None:
            kept.append(loaded)
        else:
            bundle.input_errors.append(error)
    bundle.units = kept


def claimed_ids(bundle: Bundle) -> UnitIds:
    """The ids of the units read with the bundle, claimed: a streamed unit may not reuse one."""
    ids = UnitIds()
    for loaded in bundle.units:
        ids.claim(loaded.unit.id, loaded.file)
    return ids


def city_folder(root: Path) -> Path:
    """Where the city's files are."""
    return root / kinds().reading("city")[0].folder if kinds().reading("city") else root / "city"


def _load_catalog(bundle: Bundle) -> None:
    catalog = _city_file(bundle, city_folder(bundle.root), Catalog, "industries")
    if catalog is not None:
        bundle.catalog = catalog
        bundle.industries_file = True


def _load_city(bundle: Bundle) -> None:
    """The city's directives, statistics and registers; any city file makes the bundle a city's (city rules run)."""
    folder = city_folder(bundle.root)
    bundle.has_city = any((folder / f"{name}{suffix}").is_file() for name in CITY_FILES for suffix in CITY_SUFFIXES)
    bundle.directives = _city_file(bundle, folder, DirectivesFile, "directives")
    bundle.statistics = _city_file(bundle, folder, StatisticsFile, "statistics")
    bundle.accidents = _city_file(bundle, folder, AccidentsFile, "accidents")
    bundle.commendations = _city_file(bundle, folder, CommendationsFile, "commendations")


def _check_register_refs(bundle: Bundle) -> None:
    """The units and industries the registers name are the bundle's, and the statistics can be compared with the
    accident register (warnings: the entries are still used)."""
    units = {loaded.unit.id: loaded.kind for loaded in bundle.units}
    folder = relative(city_folder(bundle.root), bundle.root)
    if bundle.accidents is not None:
        bundle.input_errors.extend(statistics_ref_errors(bundle.statistics, units, bundle.audit.year, folder))
    if bundle.accidents is None and bundle.commendations is None:
        return
    catalog = merged_catalog(bundle.catalog)
    bundle.input_errors.extend(register_ref_errors(bundle.accidents, bundle.commendations, units, catalog, folder))


def city_file(folder: Path, name: str) -> Path | None:
    """A city file: city/NAME.toml, else city/NAME.xlsx (None if neither is there)."""
    return next((folder / f"{name}{suffix}" for suffix in CITY_SUFFIXES if (folder / f"{name}{suffix}").is_file()), None)


def _city_file(bundle: Bundle, folder: Path, model: type[CityFileT], label: str) -> CityFileT | None:
    path = city_file(folder, label)
    if path is None:
        return None
    if path.suffix == ".toml" and (folder / f"{label}.xlsx").is_file():
        bundle.input_errors.append(InputError(
            relative(folder / f"{label}.xlsx", bundle.root), "", "", f"已有 {label}.toml，本工作簿未读取",
            f"{label}.toml is there too; this workbook was not read", "warning"))
    if path.suffix == ".xlsx":
        records = read_records(path, bundle.root, bundle.input_errors)
        document = records[0] if records else None
    else:
        document = read_document(path, bundle.root, bundle.input_errors)
    if not isinstance(document, dict):
        if document is not None:
            bundle.input_errors.append(InputError(relative(path, bundle.root), "", "", "文件应为键值表，未检查",
                                                  "the file must be a table of keys and values; not checked"))
        return None
    validated = validate_record(model, document, relative(path, bundle.root), label)
    bundle.input_errors.extend(validated.errors)
    return validated.model
