"""Turn the city record (and what was seen of every enterprise) into the city session's facts."""
from __future__ import annotations

import dataclasses
from typing import Any

from compliance.bundle.load import LoadedUnit
from compliance.facts.city_aggregate import CityAggregate, aggregate_of
from compliance.facts.city_registers import add_register_checks, add_registers, report_label
from compliance.facts.city_types import CITY_FACT_TYPES
from compliance.facts.core import AuditContext, FactMeta, UnitFacts
from compliance.facts.core import day_or_none as _day
from compliance.records.audit import Audit
from compliance.records.catalog import CatalogIndex
from compliance.records.city import City, Directive, StatisticsReport

INDUSTRIES_FILE = "city/industries.toml"
DIRECTIVES_FILE = "city/directives.toml"
STATISTICS_FILE = "city/statistics.toml"
FACT_TYPES = CITY_FACT_TYPES
_FIGURES = {"accidents": ("事故起数", "accidents"), "deaths": ("死亡人数", "deaths"), "injuries": ("受伤人数", "injuries"),
            "prev_accidents": ("上年同期事故起数", "accidents last year"),
            "prev_deaths": ("上年同期死亡人数", "deaths last year"),
            "prev_injuries": ("上年同期受伤人数", "injuries last year")}
_STATED = {"stated_accidents_change": ("同比增减起数", "stated change in accidents"),
           "stated_accidents_change_pct": ("同比增减百分比（事故）", "stated change in accidents (%)"),
           "stated_deaths_change": ("同比增减人数（死亡）", "stated change in deaths"),
           "stated_deaths_change_pct": ("同比增减百分比（死亡）", "stated change in deaths (%)")}
REPORT_FIGURES: dict[str, tuple[str, str]] = {**_FIGURES, **_STATED}  # a statistics report's figures, by field


def build(loaded: LoadedUnit, audit: Audit, catalog: CatalogIndex) -> UnitFacts:
    """Every fact of the city session, the enterprises taken from the record (as a rule's example writes them)."""
    city = loaded.unit
    assert isinstance(city, City)
    return build_with(loaded, audit, catalog, aggregate_of(city, audit, catalog))


def build_with(loaded: LoadedUnit, audit: Audit, catalog: CatalogIndex, aggregate: CityAggregate) -> UnitFacts:
    """Every fact of the city session, with what was seen of every enterprise (folded in as they streamed by)."""
    context = AuditContext(audit, catalog)
    city = loaded.unit
    assert isinstance(city, City)
    out = UnitFacts(city.id, context.calendar())
    out.add("city", 0, {"name": city.name, "accident_register": city.has_accidents,
                        "commendation_register": city.has_commendations},
            FactMeta("", city.name or city.id, city.name or city.id))
    _industries(out, city, catalog)
    _leads(out, city, catalog)
    names = {unit.id: unit.name or unit.id for unit in city.units}
    for index, directive in enumerate(city.directives):
        _relays(out, index, directive, aggregate, names, context)
    for index, report in enumerate(city.reports):
        _statistics(out, index, report, names, context)
    _categories(out, aggregate, names, catalog)
    add_registers(out, city, names, context)
    add_register_checks(out, city, names, context)
    _read_from(out, city)
    return out


def _read_from(out: UnitFacts, city: City) -> None:
    """Evidence in the file each city file was read from (city/directives.xlsx rather than .toml)."""
    moved = {f"city/{name}.toml": file for name, file in city.files.items()}
    for key, meta in out.meta.items():
        if meta.file in moved:
            out.meta[key] = dataclasses.replace(meta, file=moved[meta.file])


def _industries(out: UnitFacts, city: City, catalog: CatalogIndex) -> None:
    for index, industry in enumerate(city.industries):
        name = industry.name or catalog.industry_name(industry.code)
        out.add("scope_industry", index, {"code": industry.code, "name": name, "key": industry.key,
                                          "new_business_form": industry.new_business_form},
                FactMeta(f"industry[{index}]", name, catalog.industry_name(industry.code, "en"), INDUSTRIES_FILE,
                         key=industry.code))


def _leads(out: UnitFacts, city: City, catalog: CatalogIndex) -> None:
    """Lead roles of departments: a district (or any other kind of unit) leads its territory, not an industry of
    the city."""
    count = 0
    in_scope = {industry.code for industry in city.industries}
    for unit in city.units:
        if unit.kind != "department":
            continue
        for position, supervision in enumerate(unit.supervises):
            if supervision.role != "lead":
                continue
            code = catalog.industry_code(supervision.industry) or supervision.industry
            name = catalog.industry_name(code)
            label = f"{unit.name or unit.id}：{name}"
            out.add("lead", count, {"unit": unit.id, "unit_name": unit.name or unit.id, "industry": code,
                                    "industry_name": name, "in_scope": code in in_scope},
                    FactMeta(f"supervises[{position}]", label, f"{unit.id}: {code}", unit.file or None, key=code))
            count += 1


def _relays(out: UnitFacts, index: int, directive: Directive, aggregate: CityAggregate, names: dict[str, str],
            context: AuditContext) -> None:
    relays = {relay.unit: (position, relay) for position, relay in enumerate(directive.relays)}
    issued = _day(directive.issued_on)
    deadline = issued + directive.relay_within_days if issued is not None and directive.relay_within_days is not None else None
    for unit in directive.scope:
        position, relay = relays.get(unit, (None, None))
        coverage = aggregate.coverage.get((directive.id, unit))
        values: dict[str, Any] = {
            "directive": directive.id, "title": directive.title, "unit": unit, "unit_name": names.get(unit, unit),
            "issued": issued, "deadline": deadline, "due_passed": deadline is not None and context.as_of > deadline,
            "listed": relay is not None,
        }
        if relay is not None:
            values.update({"received": _day(relay.received_on), "relayed": _day(relay.relayed_on)})
        if coverage is not None:
            values.update({"supervised": coverage.supervised, "unrelayed": coverage.unrelayed,
                           "unrelayed_ids": "、".join(coverage.examples) + ("等" if coverage.unrelayed > len(coverage.examples) else "")})
        path = f"directive[{index}].relays[{position}]" if position is not None else f"directive[{index}]"
        label = f"{directive.title or directive.id}：{names.get(unit, unit)}"
        out.add("relay", f"{index}.{unit}", values,
                FactMeta(path, label, f"{directive.id}: {unit}", DIRECTIVES_FILE, key=f"{directive.id}/{unit}"))


def _statistics(out: UnitFacts, index: int, report: StatisticsReport, names: dict[str, str],
                context: AuditContext) -> None:
    unit_name = names.get(report.unit, report.unit) if report.unit else None
    label, key, period = report_label(report, names, context)
    due = _day(report.due_on)
    due_passed = due is not None and context.as_of > due
    out.add("stat_report", index, {
        "report_id": report.id, "unit": report.unit, "unit_name": unit_name or report.id, "period": report.period,
        "due": due,
        "submitted": _day(report.submitted_on), "due_passed": due_passed,
    }, FactMeta(f"report[{index}]", f"报表{label}", f"report {label}", STATISTICS_FILE, key=key, period=period))
    for name, (zh, en) in {**_FIGURES, **_STATED}.items():
        value = getattr(report, name)
        if name in _STATED and value is None:
            continue  # a stated change is optional; when given it must not be masked
        state = "missing" if value is None else "masked" if value == "*" else "given"
        out.add("stat_figure", f"{index}.{name}", {
            "report_id": report.id, "unit": report.unit, "period": report.period, "figure": name, "figure_name": zh,
            "state": state, "due": due,
            "due_passed": due_passed, "submitted": report.submitted_on is not None,
            "value": None if value is None else str(value),
        }, FactMeta(f"report[{index}].{name}", f"报表{label}的{zh}", f"report {label}: {en}", STATISTICS_FILE,
                    key=f"{key}/{name}", period=period))
    for measure, zh in (("accidents", "事故起数"), ("deaths", "死亡人数")):
        _change(out, index, report, measure, zh, label, key, period)


def _change(out: UnitFacts, index: int, report: StatisticsReport, measure: str, zh: str, label: str, key: str,
            period: str) -> None:
    def number(name: str) -> int | None:
        value = getattr(report, name)
        return value if isinstance(value, int) else None
    pct = getattr(report, f"stated_{measure}_change_pct")
    current, previous = number(measure), number(f"prev_{measure}")
    computed = current - previous if current is not None and previous is not None else None
    out.add("stat_change", f"{index}.{measure}", {
        "report_id": report.id, "unit": report.unit, "period": report.period, "measure": measure, "measure_name": zh,
        "current": current, "previous": previous,
        "stated_change": number(f"stated_{measure}_change"),
        "stated_pct_x10": round(pct * 10) if isinstance(pct, (int, float)) else None,
        "stated_pct": None if pct is None or pct == "*" else f"{pct:g}%",
        "computed_change": computed,
        "computed_pct": f"{computed * 100 / previous:+.1f}%" if computed is not None and previous else None,
    }, FactMeta(f"report[{index}]", f"报表{label}的{zh}同比", f"report {label}: {measure}",
                STATISTICS_FILE, key=f"{key}/{measure}", period=period))


def _categories(out: UnitFacts, aggregate: CityAggregate, names: dict[str, str], catalog: CatalogIndex) -> None:
    for category_name, category in sorted(aggregate.categories.items()):
        out.add("hazard_category", category_name, {
            "category": category_name, "enterprises": category.enterprises,
            "districts": len(category.districts), "industries": len(category.industries),
            "district_names": "、".join(names.get(d, d) for d in sorted(category.districts)),
            "industry_names": "、".join(catalog.industry_name(i) for i in sorted(category.industries)),
            "examples": "、".join(category.examples) + ("等" if category.enterprises > len(category.examples) else ""),
        }, FactMeta("enterprises[].hazards", f"隐患类别“{category_name}”", f"hazard category '{category_name}'",
                    key=category_name))
