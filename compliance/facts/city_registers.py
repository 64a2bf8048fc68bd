"""Facts of the committee office's registers: one per accident (生产安全事故台账) and per commendation (表彰奖励)."""
from __future__ import annotations

from compliance.facts.core import AuditContext, FactMeta, UnitFacts
from compliance.facts.core import day_or_none as _day
from compliance.records.catalog import CatalogIndex
from compliance.records.city import City
from compliance.records.registers import ACCIDENT_LEVELS, COMMENDATION_LEVELS, Accident, Commendation

ACCIDENTS_FILE = "city/accidents.toml"
COMMENDATIONS_FILE = "city/commendations.toml"


def add_registers(out: UnitFacts, city: City, names: dict[str, str], context: AuditContext) -> None:
    """A fact per accident and per commendation in the registers."""
    for index, accident in enumerate(city.accidents):
        _accident(out, index, accident, names, context)
    for index, commendation in enumerate(city.commendations):
        _commendation(out, index, commendation, names, context)


def _accident(out: UnitFacts, index: int, accident: Accident, names: dict[str, str], context: AuditContext) -> None:
    catalog: CatalogIndex = context.catalog
    industry = (catalog.industry_code(accident.industry) or accident.industry) if accident.industry else None
    rank, level_zh, level_en = ACCIDENT_LEVELS.get(accident.level or "", (None, "", ""))
    day = _day(accident.occurred_on)
    out.add("accident", index, {
        "accident_id": accident.id, "day": day, "in_year": _by_audit_date(context, day),
        "level": accident.level, "level_rank": rank, "deaths": accident.deaths, "injuries": accident.injuries,
        "industry": industry, "industry_name": catalog.industry_name(industry) if industry else None,
        "district": accident.district, "district_name": _name(names, accident.district),
        "department": accident.department, "department_name": _name(names, accident.department),
        "enterprise": accident.enterprise,
        "reported_by": accident.reported_by, "reported_by_name": _name(names, accident.reported_by),
        "reported": _day(accident.reported_on), "reporting": accident.reporting,
    }, FactMeta(f"accident[{index}]", f"{accident.occurred_on.isoformat()}{level_zh or '生产安全事故'}（{accident.id}）",
                f"{level_en + ' ' if level_en else ''}accident {accident.id} of {accident.occurred_on.isoformat()}",
                ACCIDENTS_FILE, key=accident.id))


def _commendation(out: UnitFacts, index: int, commendation: Commendation, names: dict[str, str],
                  context: AuditContext) -> None:
    rank, level_zh, level_en = COMMENDATION_LEVELS.get(commendation.level or "", (None, "", ""))
    issued = _day(commendation.issued_on)
    unit_name = _name(names, commendation.unit)
    out.add("commendation", index, {
        "commendation_id": commendation.id, "unit": commendation.unit, "unit_name": unit_name,
        "title": commendation.title, "level": commendation.level, "level_rank": rank,
        "issued_by": commendation.issued_by, "issued": issued, "in_year": _by_audit_date(context, issued),
    }, FactMeta(f"commendation[{index}]", f"{unit_name}：{commendation.title}{f'（{level_zh}）' if level_zh else ''}",
                f"{commendation.unit}: {commendation.title}{f' ({level_en})' if level_en else ''}",
                COMMENDATIONS_FILE, key=commendation.id))


def _name(names: dict[str, str], unit: str | None) -> str | None:
    """A unit's name (its id when the bundle does not hold it), or None for no unit."""
    return names.get(unit, unit) if unit else None


def _by_audit_date(context: AuditContext, day: int | None) -> bool | None:
    """In the audit year and on or before the audit date: a mid-year check knows nothing of what came later."""
    in_year = context.in_year(day)
    return in_year if not in_year or day is None else day <= context.as_of
