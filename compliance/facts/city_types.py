"""Fact types of the city session (市级): industries in scope, lead departments, directive relays, statistics,
hazard categories across enterprises."""
from __future__ import annotations

from compliance.facts.base import FactType
from compliance.facts.base import field as _f

CITY_FACT_TYPES: tuple[FactType, ...] = (
    FactType("city", "全市", "city", {
        "name": _f("str", "城市", "city"),
    }),
    FactType("scope_industry", "在管行业领域", "industry in scope", {
        "code": _f("str", "行业代码", "industry code", "code"),
        "name": _f("str", "行业", "industry", "name"),
        "key": _f("bool", "重点行业", "key industry", "key"),
        "new_business_form": _f("bool", "新业态", "new business form", "new_business_form", ("新业态", "new business form")),
    }),
    FactType("lead", "牵头监管部门", "lead department", {
        "unit": _f("str", "部门", "department"),
        "unit_name": _f("str", "部门名称", "department name"),
        "industry": _f("str", "牵头行业", "industry led", "supervises"),
        "industry_name": _f("str", "牵头行业名称", "industry led"),
        "in_scope": _f("bool", "属于在管行业领域", "an industry in the city's scope"),
    }, about=("industry", "industry_name")),
    FactType("relay", "文件传达", "directive relay", {
        # paths are relative to the unit's relay record (directive[i].relays[j]), or to the scope list without one
        "directive": _f("str", "文件编号", "directive id"),
        "title": _f("str", "文件", "directive"),
        "unit": _f("str", "传达单位", "relaying unit", "unit"),
        "unit_name": _f("str", "单位名称", "unit name"),
        "issued": _f("day", "印发日期", "the issue date"),
        "deadline": _f("day", "传达期限", "the relay deadline"),
        "due_passed": _f("bool", "传达期限已到", "the relay deadline has passed"),
        "listed": _f("bool", "传达记录", "the unit's relay record", "", ("有传达记录", "relay recorded")),
        "received": _f("day", "接收日期", "the date received", "received_on"),
        "relayed": _f("day", "传达日期", "the date relayed", "relayed_on"),
        "supervised": _f("int", "监管企业数", "enterprises supervised"),
        "unrelayed": _f("int", "未传达到的监管企业数", "supervised enterprises not reached", "enterprises"),
        "unrelayed_ids": _f("str", "未传达到的企业", "enterprises not reached", "enterprises"),
    }, about=("directive", "title")),
    FactType("stat_report", "统计报表", "statistics report", {
        "report_id": _f("str", "报表编号", "report id", "id"),
        "unit": _f("str", "报送单位", "reporting unit", "unit"),
        "unit_name": _f("str", "报送单位名称", "reporting unit's name", "unit"),
        "period": _f("str", "统计期", "period", "period"),
        "due": _f("day", "报送期限", "the due date", "due_on"),
        "submitted": _f("day", "报送日期", "the submission date", "submitted_on"),
        "due_passed": _f("bool", "期限已到", "deadline has passed", "due_on"),
    }, about=("report_id", "period")),
    FactType("stat_figure", "统计数字", "statistics figure", {
        "report_id": _f("str", "报表编号", "report id"),
        "unit": _f("str", "报送单位", "reporting unit"),
        "period": _f("str", "统计期", "period"),
        "figure": _f("str", "数字项", "figure"),
        "figure_name": _f("str", "数字项名称", "figure name"),
        "due": _f("day", "报送期限", "the report's due date", "due_on"),
        "due_passed": _f("bool", "报送期限已到", "the report is due"),
        "submitted": _f("bool", "已报送", "the report is submitted"),
        "state": _f("str", "填报情况", "state"),
        "value": _f("str", "填报值", "value given"),
    }, about=("report_id", "period")),
    FactType("stat_change", "同比变化", "year-on-year change", {
        "report_id": _f("str", "报表编号", "report id"),
        "unit": _f("str", "报送单位", "reporting unit"),
        "period": _f("str", "统计期", "period"),
        "measure": _f("str", "指标", "measure"),
        "measure_name": _f("str", "指标名称", "measure name"),
        "current": _f("int", "本期数", "this period", "{measure}"),
        "previous": _f("int", "上年同期数", "same period last year", "prev_{measure}"),
        "stated_change": _f("int", "填报的同比增减数", "stated change", "stated_{measure}_change"),
        "stated_pct_x10": _f("int", "填报的同比增减百分比×10", "stated change in percent × 10",
                             "stated_{measure}_change_pct"),
        "stated_pct": _f("str", "填报的同比增减百分比", "stated change in percent", "stated_{measure}_change_pct"),
        # for messages only: what the counts give (the rules compare the counts themselves)
        "computed_change": _f("int", "按本期和上年同期数计算的增减数", "change computed from the counts"),
        "computed_pct": _f("str", "按本期和上年同期数计算的百分比", "percentage computed from the counts"),
    }, about=("report_id", "period")),
    FactType("hazard_category", "隐患类别", "hazard category", {
        "category": _f("str", "隐患类别", "hazard category"),
        "enterprises": _f("int", "发现该类隐患的企业数", "enterprises where found"),
        "districts": _f("int", "涉及区数", "districts"),
        "industries": _f("int", "涉及行业数", "industries"),
        "district_names": _f("str", "涉及的区", "districts involved"),
        "industry_names": _f("str", "涉及的行业", "industries involved"),
        "examples": _f("str", "企业（示例）", "enterprises (examples)"),
    }),
)
