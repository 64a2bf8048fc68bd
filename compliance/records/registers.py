"""Registers the committee office (市安委办) keeps: production-safety accidents (生产安全事故台账) and
commendations of units (表彰奖励)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from compliance.records.base import Day, Moment, Record, choice

AccidentLevel = Annotated[Literal["general", "larger", "major", "especially_major"], choice({
    "一般": "general", "一般事故": "general", "较大": "larger", "较大事故": "larger", "重大": "major",
    "重大事故": "major", "特别重大": "especially_major", "特别重大事故": "especially_major"})]
Reporting = Annotated[Literal["on_time", "late", "concealed", "false"], choice({
    "及时": "on_time", "如实": "on_time", "及时如实": "on_time", "迟报": "late", "瞒报": "concealed",
    "隐瞒不报": "concealed", "谎报": "false"})]
Investigation = Annotated[Literal["ongoing", "closed"], choice({
    "调查中": "ongoing", "未结案": "ongoing", "已结案": "closed", "结案": "closed", "调查结束": "closed"})]
CommendationLevel = Annotated[Literal["national", "provincial", "municipal"], choice({
    "国家级": "national", "国家": "national", "省级": "provincial", "省": "provincial", "市级": "municipal",
    "市": "municipal"})]
ACCIDENT_LEVELS = {"general": (1, "一般事故", "general"), "larger": (2, "较大事故", "larger"),
                   "major": (3, "重大事故", "major"), "especially_major": (4, "特别重大事故", "especially major")}
COMMENDATION_LEVELS = {"municipal": (1, "市级", "municipal"), "provincial": (2, "省级", "provincial"),
                       "national": (3, "国家级", "national")}


class Accident(Record):
    """A production-safety accident (生产安全事故), how it was reported upward (安全生产法 art. 84; 条例 arts. 10–11),
    investigated (条例 arts. 19, 29) and its responsible persons handled (条例 art. 32)."""

    id: str = Field(min_length=1)
    occurred_on: Day
    level: AccidentLevel | None = None
    deaths: int | None = Field(default=None, ge=0)
    injuries: int | None = Field(default=None, ge=0)
    industry: str | None = None
    district: str | None = None
    department: str | None = None
    enterprise: str | None = None
    reported_by: str | None = None
    reported_on: Day | None = None
    reporting: Reporting | None = None
    received_at: Moment | None = None
    reported_at: Moment | None = None
    investigated_by: str | None = None
    investigation: Investigation | None = None
    investigation_closed_on: Day | None = None
    investigation_extended_days: int | None = Field(default=None, ge=0)
    appraisal_days: int | None = Field(default=None, ge=0)
    responsible_persons: int | None = Field(default=None, ge=0)
    responsible_persons_handled: int | None = Field(default=None, ge=0)


class AccidentsFile(Record):
    """city/accidents.toml."""

    accident: list[Accident] = []


class Commendation(Record):
    """A commendation or award (表彰奖励) to a department or district."""

    id: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    title: str = Field(min_length=1)
    level: CommendationLevel | None = None
    issued_by: str | None = None
    issued_on: Day


class CommendationsFile(Record):
    """city/commendations.toml."""

    commendation: list[Commendation] = []
