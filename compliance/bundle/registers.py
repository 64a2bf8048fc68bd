"""Cross-references of the committee office's registers: the units they name are units of the bundle, of the kind
the field asks for, and an accident's industry is in the catalog. Problems are warnings: every entry is still used
(a gap charged to a unit the bundle does not hold stays with the city)."""
from __future__ import annotations

from collections.abc import Iterator

from compliance.core.problems import InputError, did_you_mean
from compliance.records.catalog import CatalogIndex
from compliance.records.registers import AccidentsFile, CommendationsFile

ACCIDENT_UNITS = {"district": "district", "department": "department", "reported_by": ""}  # field -> kind ("" any)
_KIND_NAMES = {"department": "部门", "district": "区"}


def register_ref_errors(accidents: AccidentsFile | None, commendations: CommendationsFile | None,
                        units: dict[str, str], catalog: CatalogIndex, folder: str = "city") -> list[InputError]:
    """A warning for each unit id the registers name that is no unit of the bundle (units: id -> kind), or a unit
    of another kind than the field asks for, and for each accident industry not in the catalog."""
    errors: list[InputError] = []
    for index, accident in enumerate(accidents.accident if accidents else []):
        file, path = f"{folder}/accidents.toml", f"accident[{index}]"
        for name, kind in ACCIDENT_UNITS.items():
            value = getattr(accident, name)
            if value is not None:
                errors.extend(_unit_ref(file, accident.id, f"{path}.{name}", value, kind, units))
        if accident.industry is not None and catalog.industry_code(accident.industry) is None:
            errors.append(InputError(file, accident.id, f"{path}.industry",
                                     f"未知行业代码 '{accident.industry}'（不在行业目录中）",
                                     f"unknown industry code '{accident.industry}' (not in the catalog)", "warning"))
    for index, commendation in enumerate(commendations.commendation if commendations else []):
        errors.extend(_unit_ref(f"{folder}/commendations.toml", commendation.id, f"commendation[{index}].unit",
                                commendation.unit, "", units))
    return errors


def _unit_ref(file: str, record: str, field: str, value: str, kind: str, units: dict[str, str]) -> Iterator[InputError]:
    """The problem with one unit id, if any."""
    if value not in units:
        hint = did_you_mean(value, units)
        yield InputError(file, record, field,
                         f"'{value}' 不是本记录包中任何单位（部门、区）的 id，按所填内容保留{hint.replace('did you mean', '是否应为')}",
                         f"'{value}' is the id of no unit (department, district) of this bundle; kept as written{hint}",
                         "warning")
    elif kind and units[value] != kind:
        actual, expected = _KIND_NAMES.get(units[value], units[value]), _KIND_NAMES.get(kind, kind)
        yield InputError(file, record, field, f"'{value}' 是{actual}，不是{expected}，按所填内容保留",
                         f"'{value}' is a {units[value]}, not a {kind}; kept as written", "warning")
