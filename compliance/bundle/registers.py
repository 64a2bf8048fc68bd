"""Cross-references of the committee office's registers: the units they name are units of the bundle, of the kind
the field asks for, an accident's industry is in the catalog and its dates and counts agree with one another, and a
statistics report can be compared with the accident register. Problems are warnings: every entry is still used (a
gap charged to a unit the bundle does not hold stays with the city)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from compliance.core.problems import InputError, did_you_mean
from compliance.records.catalog import CatalogIndex
from compliance.records.city import StatisticsFile, period_span
from compliance.records.registers import ACCIDENT_LEVELS, Accident, AccidentsFile, CommendationsFile

ACCIDENT_UNITS = {"district": "district", "department": "department", "reported_by": "",
                  "investigated_by": ""}  # field -> kind ("" any)
_KIND_NAMES = {"department": "部门", "district": "区"}
# 条例 art. 3: the level at least the deaths make it (以上 includes the number): 30 especially major, 10 major, 3 larger
_LEVEL_BY_DEATHS = ((30, "especially_major"), (10, "major"), (3, "larger"))


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
        errors.extend(InputError(file, accident.id, f"{path}.{name}", zh, en, "warning")
                      for name, zh, en in _inconsistencies(accident))
    for index, commendation in enumerate(commendations.commendation if commendations else []):
        errors.extend(_unit_ref(f"{folder}/commendations.toml", commendation.id, f"commendation[{index}].unit",
                                commendation.unit, "", units))
    return errors


def _inconsistencies(accident: Accident) -> Iterator[tuple[str, str, str]]:
    """Values of one accident that contradict one another: (field, Chinese, English)."""
    if accident.received_at and accident.reported_at and _naive(accident.reported_at) < _naive(accident.received_at):
        yield "reported_at", "上报时间早于接报时间（received_at），请核对", "reported before it was received (received_at): check both"
    closed = accident.investigation_closed_on
    if closed is not None and closed < accident.occurred_on:
        yield "investigation_closed_on", "事故调查结案日期早于事故发生日期，请核对", "the investigation closed before the accident occurred: check"
    if closed is not None and accident.investigation == "ongoing":
        yield ("investigation", "已载明调查报告提交日期，按已结案处理", "a date the investigation report was submitted is "
               "given: taken as closed")
    if (accident.investigation_extended_days or 0) > 60:
        yield ("investigation_extended_days", "延长期限最长不超过60日（条例第二十九条），按60日计算",
               "an extension is at most 60 days (regulation art. 29): counted as 60")
    yield from _level_below_deaths(accident)
    responsible, handled = accident.responsible_persons, accident.responsible_persons_handled
    if responsible is not None and handled is not None and handled > responsible:
        yield ("responsible_persons_handled", f"已处理人数（{handled}）多于认定的责任人员数（{responsible}），请核对",
               f"more persons handled ({handled}) than held responsible ({responsible}): check")


def _level_below_deaths(accident: Accident) -> Iterator[tuple[str, str, str]]:
    """A level lower than the deaths alone make the accident (条例 art. 3; injuries and losses can only raise it)."""
    if accident.level is None or accident.deaths is None:
        return
    least = next((level for deaths, level in _LEVEL_BY_DEATHS if accident.deaths >= deaths), "general")
    if ACCIDENT_LEVELS[accident.level][0] < ACCIDENT_LEVELS[least][0]:
        zh, en = ACCIDENT_LEVELS[least][1], ACCIDENT_LEVELS[least][2]
        yield ("level", f"死亡{accident.deaths}人，按《生产安全事故报告和调查处理条例》第三条至少为{zh}，请核对事故等级",
               f"{accident.deaths} deaths make it at least a {en} accident (regulation art. 3): check the level")


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)


def statistics_ref_errors(statistics: StatisticsFile | None, units: dict[str, str], year: int,
                          folder: str = "city") -> list[InputError]:
    """A warning for each statistics report with figures that cannot be compared with the accident register: its
    unit is no department or district of the bundle, or its period is not one the tool reads."""
    errors: list[InputError] = []
    for index, report in enumerate(statistics.report if statistics else []):
        if not any(isinstance(getattr(report, name), int) for name in ("accidents", "deaths")):
            continue
        file, path = f"{folder}/statistics.toml", f"report[{index}]"
        if units.get(report.unit or "") not in ("department", "district"):
            errors.append(InputError(file, report.id, f"{path}.unit", "报送单位不是本记录包中的部门或区，报表数字未与事故台账核对",
                                     "the reporting unit is no department or district of this bundle: the figures "
                                     "are not compared with the accident register", "warning"))
        elif period_span(report.period, year) is None:
            errors.append(InputError(file, report.id, f"{path}.period",
                                     f"统计期“{report.period or ''}”无法识别（应为 2022、2022H1、2022Q3、2022M07 或 2022-07），报表数字未与事故台账核对",
                                     f"period '{report.period or ''}' not understood (2022, 2022H1, 2022Q3, 2022M07 or "
                                     "2022-07 expected): the figures are not compared with the accident register",
                                     "warning"))
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
