"""Facts of the committee office's registers: one per accident (生产安全事故台账: how it was reported, investigated and
its responsible persons handled) and per commendation (表彰奖励)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from compliance.facts.core import AuditContext, FactMeta, UnitFacts
from compliance.facts.core import day_or_none as _day
from compliance.records.catalog import CatalogIndex
from compliance.records.city import City, StatisticsReport, period_span
from compliance.records.registers import ACCIDENT_LEVELS, COMMENDATION_LEVELS, Accident, Commendation

ACCIDENTS_FILE = "city/accidents.toml"
COMMENDATIONS_FILE = "city/commendations.toml"
STATISTICS_FILE = "city/statistics.toml"
MEASURES = {"accidents": ("事故起数", "accidents"), "deaths": ("死亡人数", "deaths")}
ATTRIBUTION = {"department": ("department", "行业监管部门为"), "district": ("district", "发生在")}  # kind -> field, words
INVESTIGATION_DAYS = 60  # 条例 art. 29: the report within 60 days of the accident, extended by at most 60 more
MAX_EXTENSION_DAYS = 60


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
        **_timing(accident), **_investigation(accident, day, names, context.as_of),
    }, FactMeta(f"accident[{index}]", f"{accident.occurred_on.isoformat()}{level_zh or '生产安全事故'}（{accident.id}）",
                f"{level_en + ' ' if level_en else ''}accident {accident.id} of {accident.occurred_on.isoformat()}",
                ACCIDENTS_FILE, key=accident.id))


def _timing(accident: Accident) -> dict[str, Any]:
    """How long the reporting unit took to report upward, in minutes, when the register gives both times."""
    received, reported = accident.received_at, accident.reported_at
    if received is None or reported is None:
        return {"received_time": _time(received), "reported_time": _time(reported)}
    if (received.tzinfo is None) != (reported.tzinfo is None):  # one with an offset, one without: read both as local
        received, reported = received.replace(tzinfo=None), reported.replace(tzinfo=None)
    return {"received_time": _time(received), "reported_time": _time(reported),
            "report_minutes": -int((received - reported).total_seconds() // 60)}  # begun minutes: 2h 0m 1s is 121


def _time(moment: dt.datetime | None) -> str | None:
    """A date-time as shown in messages (to the minute)."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else None


def _investigation(accident: Accident, day: int | None, names: dict[str, str], as_of: int) -> dict[str, Any]:
    """Who answers for the investigation, its state and deadline, and the responsible persons handled.

    The investigation is the government's where the accident occurred, by level (条例 art. 19 ¶2): a general accident
    the county-level one's (a district of the city), a larger one the city's; the register's investigated_by (the
    government or the department it authorised) says otherwise. The report is due 60 days after the accident, plus
    an approved extension (at most 60 days) and the days of technical appraisal (条例 arts. 29, 27). A report
    submitted after the audit date is not known on it: the investigation was still going on."""
    unit = accident.investigated_by or (accident.district if accident.level == "general" else None)
    closed = _day(accident.investigation_closed_on)
    state: str | None = "closed" if closed is not None else accident.investigation
    if closed is not None and closed > as_of:
        closed, state = None, "ongoing"
    extension = min(accident.investigation_extended_days or 0, MAX_EXTENSION_DAYS)
    due = day + INVESTIGATION_DAYS + extension + (accident.appraisal_days or 0) if day is not None else None
    return {
        "investigation_unit": unit, "investigation_unit_name": _name(names, unit), "investigation_state": state,
        "investigation_closed": closed, "investigation_due": due, "investigation_extended_days": extension or None,
        "appraisal_days": accident.appraisal_days or None,
        "persons_responsible": accident.responsible_persons, "persons_handled": accident.responsible_persons_handled,
    }


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


def report_label(report: StatisticsReport, names: dict[str, str], context: AuditContext) -> tuple[str, str, str]:
    """A statistics report's label, key and period as audits are compared ("2022H1"; a bare "H1" is of the audit
    year: a report of a past period can never be corrected into a good one)."""
    unit_name = names.get(report.unit, report.unit) if report.unit else None
    label = f"{unit_name or ''} {report.period or report.id}".strip()
    period = (report.period or "").strip()
    if period and not re.match(r"^\d{4}", period):
        period = f"{context.audit.year}{period}"
    return label, f"{report.unit or report.id}/{period or report.id}", period


def add_register_checks(out: UnitFacts, city: City, names: dict[str, str], context: AuditContext) -> None:
    """A fact per statistics report and measure (accidents, deaths): the figure reported beside what the accident
    register holds for the same unit and period. A department's report is compared with the accidents of the
    industries it supervises (the register's department), a district's with the accidents that occurred in it (the
    register's district); a report of a period not understood, or of no department or district of the bundle, is
    not compared (the loader warns of it), nor is a report submitted after the audit date, nor anything without an
    accident register."""
    if not (city.has_accidents or city.accidents):
        return
    kinds = {unit.id: unit.kind for unit in city.units}
    for index, report in enumerate(city.reports):
        attribution = ATTRIBUTION.get(kinds.get(report.unit or "", ""))
        span = period_span(report.period, context.audit.year)
        submitted = _day(report.submitted_on)
        if attribution is None or span is None or (submitted is not None and submitted > context.as_of):
            continue  # not comparable, or submitted after the audit date: not known on it
        counted = _counted(city, report, attribution[0], span, context)
        label, key, period = report_label(report, names, context)
        unit_name = names.get(report.unit or "", report.unit)
        for measure, (zh, en) in MEASURES.items():
            figure = getattr(report, measure)
            count = len(counted) if measure == "accidents" else sum(accident.deaths or 0 for accident in counted)
            out.add("stat_register", f"{index}.{measure}", {
                "report_id": report.id, "unit": report.unit, "unit_name": unit_name, "period": report.period,
                "measure": measure, "measure_name": zh, "reported": figure if isinstance(figure, int) else None,
                "register": count, "register_ids": "、".join(accident.id for accident in counted) or "无",
                "attributed": f"{attribution[1]}{unit_name}",
            }, FactMeta(f"report[{index}]", f"报表{label}的{zh}（与事故台账核对）",
                        f"report {label}: {en} against the accident register", STATISTICS_FILE,
                        key=f"{key}/{measure}/register", period=period))


def _counted(city: City, report: StatisticsReport, field: str, span: tuple[dt.date, dt.date],
             context: AuditContext) -> list[Accident]:
    """The register's accidents of the report's unit and period, up to its submission and the audit date."""
    last = min(filter(None, (span[1], report.submitted_on, context.audit.as_of)))
    return [accident for accident in city.accidents
            if getattr(accident, field) == report.unit and span[0] <= accident.occurred_on <= last]
