"""Each scored unit's assessment sheet: categories capped at their points, every rule a line (passed ones too),
gaps priced by the scheme, bonus and veto items, grades; the score is the sheet's total."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import FIXTURES

from compliance.api import Options, check
from compliance.report.model import UnitReport
from compliance.report.sheet import Sheet
from compliance.rules.scheme import default_scheme_path

BUNDLE = FIXTURES / "example-city"
DEFAULT = default_scheme_path().read_text(encoding="utf-8")


def _in_department_sheet(items: str) -> str:
    """The default scheme with items added to its department sheet (the first: the district's follows)."""
    district = '[[sheet]]\nkind = "district"'
    return DEFAULT.replace(district, items + "\n" + district)


def _units(options: Options | None = None, bundle: Path = BUNDLE) -> dict[str, UnitReport]:
    return {unit.id: unit for unit in check(bundle, options or Options()).units}


def _sheet(unit: UnitReport) -> Sheet:
    assert unit.sheet is not None
    return unit.sheet


def _scheme(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scheme.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_scored_unit_has_a_sheet_whose_total_is_its_score() -> None:
    for unit in _units().values():
        if unit.kind == "city":
            assert unit.sheet is None and unit.score is None
            continue
        sheet = _sheet(unit)
        assert unit.score == sheet.total == round(sheet.base + sheet.bonus, 2)
        for category in sheet.categories:
            assert 0 <= category.deducted <= category.points
            assert category.deducted == min(category.points, round(sum(line.deducted for line in category.lines), 2))


def test_each_line_counts_its_own_units_findings_though_lines_alike_are_shared() -> None:
    lines_seen, shared = 0, set()
    for unit in _units().values():
        if unit.sheet is None:
            continue
        for line in (line for category in unit.sheet.categories for line in category.lines):
            mine = [f for f in unit.findings if f.rule_id == line.rule_id and f.status == "fail"]
            assert line.breaches == sum(f.count for f in mine if f.gap != "missing_data"), (unit.id, line.rule_id)
            assert line.missing == sum(f.count for f in mine if f.gap == "missing_data"), (unit.id, line.rule_id)
            assert line.deducted == round(min(sum(f.points for f in mine), line.max_points or float("inf")), 2)
            lines_seen += 1
            shared.add(id(line))
    assert len(shared) < lines_seen  # units whose rule came out alike have one line


def test_a_category_stops_at_its_points() -> None:
    whlyj = _units()["whlyj"]  # its power and responsibility list: five gaps worth 11 points in a 10-point category
    duty_lists = next(c for c in _sheet(whlyj).categories if c.id == "duty-lists")
    assert sum(line.deducted for line in duty_lists.lines) == 11
    assert duty_lists.deducted == 10 and duty_lists.score == 0


def test_every_rule_is_a_line_with_its_outcome_passed_ones_included() -> None:
    yjj = _sheet(_units()["yjj"])
    lines = {line.rule_id: line for category in yjj.categories for line in category.lines}
    assert lines["DEPT-LEAD-01"].status == "pass" and lines["DEPT-LEAD-01"].checked >= 1
    assert lines["DEPT-ENF-04"].deducted == 0
    assert {"CITY-DIR-02", "CITY-STAT-01", "CITY-SCOPE-03"} <= set(lines)  # the gaps the city charges to units
    assert yjj.base == 100 and yjj.grade == "优秀"


def test_a_city_gap_charged_to_a_department_costs_it_points_on_its_sheet() -> None:
    jtj = _sheet(_units()["jtj"])  # relayed a directive late (CITY-DIR-02)
    line = next(line for c in jtj.categories for line in c.lines if line.rule_id == "CITY-DIR-02")
    assert line.status == "fail" and line.breaches >= 1 and line.deducted > 0


def test_a_mid_year_sheet_keeps_pending_items_apart() -> None:
    units = _units(Options(as_of=dt.date(2022, 9, 15)))
    line = next(line for c in _sheet(units["jyj"]).categories for line in c.lines if line.rule_id == "DEPT-LEAD-01")
    assert line.pending >= 1 and line.deducted == 0


def test_a_major_hazard_open_past_its_deadline_vetoes_the_enterprise() -> None:
    hongyuan = _sheet(_units()["hongyuan"])
    veto = next(v for v in hongyuan.vetoes if v.id == "VETO-HAZ-OVERDUE")
    assert veto.raised and veto.checked and hongyuan.vetoed
    assert "YJ-H-2022-052" in veto.items[0].item and "仍未整改" in veto.items[0].message
    assert veto.items[0].where.file == "enterprises/hongyuan.toml" and veto.items[0].where.line
    assert hongyuan.grade == "不合格" and hongyuan.total == hongyuan.base  # the points stand; the veto decides


def test_the_scheme_prices_a_rule_and_its_cap(tmp_path: Path) -> None:
    text = DEFAULT.replace('[[sheet.category]]\nid = "duty-lists"',
                           '[[sheet.rule]]\nrule = "DEPT-PRL-05"\npoints = 3\n\n[[sheet.category]]\nid = "duty-lists"')
    whlyj = _units(Options(scheme=_scheme(tmp_path, text)))["whlyj"]
    gap = next(f for f in whlyj.findings if f.rule_id == "DEPT-PRL-05")
    assert gap.status == "fail" and gap.points == 3


def test_a_veto_naming_rules_is_raised_by_their_gaps_and_ranks_the_unit_last(tmp_path: Path) -> None:
    veto = ('\n[[sheet.veto]]\nid = "VETO-LAW"\ntitle = "执法不依据安全生产法"\ntitle_en = "enforcement not under the law"\n'
            'rules = ["DEPT-ENF-03"]\n')
    text = _in_department_sheet(veto)
    report = check(BUNDLE, Options(scheme=_scheme(tmp_path, text)))
    jtj = _sheet(next(u for u in report.units if u.id == "jtj"))
    raised = next(v for v in jtj.vetoes if v.id == "VETO-LAW")
    assert raised.raised and jtj.grade == "不合格"
    departments = next(units for kind, units in report.stats().rankings() if kind.name == "department")
    vetoed = [u.id for u in departments if u.vetoed]
    assert "jtj" in vetoed and [u.id for u in departments[-len(vetoed):]] == vetoed
    assert any((u.score or 0) < jtj.total for u in departments if not u.vetoed)  # after them whatever its points


def test_a_bonus_condition_counts_each_qualifying_record_up_to_its_cap(tmp_path: Path) -> None:
    bonus = '''
[[sheet.bonus]]
id = "BONUS-TOP-FINE"
title = "上限处罚案件"
title_en = "cases fined at the statutory maximum"
for_each = "case"
when = "in_year and top_fine"
points = 1.5
max_points = 2

[[sheet.bonus.examples]]
name = "top fine"
expect = "fail"
unit = { id = "D", name = "d", enforcement = { cases = [{ id = "C1", decided_on = "2022-05-01", fine_yuan = 30000, fine_max_yuan = 30000 }] } }

[[sheet.bonus.examples]]
name = "lower fine"
expect = "not_applicable"
unit = { id = "D", name = "d", enforcement = { cases = [{ id = "C1", decided_on = "2022-05-01", fine_yuan = 3000, fine_max_yuan = 30000 }] } }
'''
    text = _in_department_sheet(bonus)
    jtj = _sheet(_units(Options(scheme=_scheme(tmp_path, text)))["jtj"])  # two 2022 cases at the maximum
    earned = next(b for b in jtj.bonuses if b.id == "BONUS-TOP-FINE")
    assert len(earned.items) == 2 and earned.earned == 2  # 2 × 1.5, capped at 2
    assert jtj.bonus == 2 and jtj.total == jtj.base + 2


def test_a_veto_on_records_not_provided_is_not_checked_and_says_so(tmp_path: Path) -> None:
    veto = ('\n[[sheet.veto]]\nid = "VETO-LAW"\ntitle = "t"\ntitle_en = "t"\nrules = ["DEPT-ENF-03"]\n'
            'needs = "city/nowhere.toml"\n')
    text = _in_department_sheet(veto)
    jtj = _sheet(_units(Options(scheme=_scheme(tmp_path, text)))["jtj"])
    vetoed = next(v for v in jtj.vetoes if v.id == "VETO-LAW")
    assert not vetoed.checked


def test_only_the_packs_run_bring_their_vetoes() -> None:
    report = check(BUNDLE, Options(rules=("department",)))
    assert not any(u.kind == "enterprise" for u in report.units)  # no enterprise session for the veto alone


def test_a_pack_of_ones_own_scores_without_a_sheet_unless_given_a_scheme(tmp_path: Path) -> None:
    pack = (FIXTURES.parent / "rulesets" / "department.toml").read_text(encoding="utf-8")
    own = tmp_path / "own.toml"
    own.write_text(pack.replace('id = "DEPT-PRL-05"', 'id = "OWN-PRL-05"'), encoding="utf-8")
    units = _units(Options(rules=(str(own),)))
    assert units["whlyj"].sheet is None and units["whlyj"].score == 87  # 100 minus its 13 points
    text = DEFAULT.replace('rules = ["DEPT-PRL-*"]', 'rules = ["DEPT-PRL-*", "OWN-*"]')
    with_scheme = _units(Options(rules=(str(own),), scheme=_scheme(tmp_path, text)))
    assert _sheet(with_scheme["whlyj"]).total == 88  # its duty-list gaps stop at the category's 10 points


def test_the_example_city_shows_a_bonus_and_vetoes_from_the_offices_registers() -> None:
    units = _units()
    yjj, zjj, dcq, xcq = (_sheet(units[name]) for name in ("yjj", "zjj", "dcq", "xcq"))
    provincial = next(b for b in yjj.bonuses if b.id == "BONUS-AWD-PROVINCIAL")
    assert provincial.earned == 2 and "全省安全生产工作先进集体" in provincial.items[0].message
    assert yjj.total == 102 and units["yjj"].score == 102  # a bonus may take the total past 100
    larger = next(v for v in zjj.vetoes if v.id == "VETO-ACC-LARGER")  # AC-2022-03 in construction, which it leads
    assert larger.raised and zjj.grade == "不合格" and "AC-2022-03" in larger.items[0].item
    assert next(v for v in xcq.vetoes if v.id == "VETO-ACC-LARGER").raised  # the same accident, in its district
    concealed = next(v for v in dcq.vetoes if v.id == "VETO-ACC-CONCEALED")  # CITY-ACC-01's gap charged to it
    assert concealed.raised and "AC-2022-11" in concealed.items[0].item


def test_vetoes_on_a_register_not_provided_are_not_checked(tmp_path: Path) -> None:
    bundle = tmp_path / "city"
    shutil.copytree(BUNDLE, bundle)
    (bundle / "city" / "accidents.toml").unlink()
    zjj = _sheet(_units(bundle=bundle)["zjj"])
    assert {v.id: v.checked for v in zjj.vetoes} == {"VETO-ACC-LARGER": False, "VETO-ACC-CONCEALED": False}
    assert zjj.grade != "不合格"
