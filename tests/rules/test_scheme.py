"""Assessment schemes load strictly and are checked against the packs: every rule that can cost points is in a
category, categories add up, grades descend, items name what they need."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.api import load_packs
from compliance.rules.scheme import SchemeError, bind, default_scheme_path, item_rules, load_scheme, resolve_scheme

PACKS = load_packs()
EXAMPLES = ''.join(f'[[sheet.bonus.examples]]\nname = "{expect}"\nkind = "city"\nexpect = "{expect}"\n'
                   'unit = { commendations = [] }\n' for expect in ("fail", "not_applicable"))
MINIMAL = '''
[scheme]
id = "t"
title = "测试方案"
title_en = "test scheme"

[[sheet]]
kind = "district"
title = "区考核表"
title_en = "district sheet"
points = 100

[[sheet.category]]
id = "all"
title = "全部"
title_en = "all"
points = 60
rules = ["DEPT-*"]

[[sheet.category]]
id = "city"
title = "市级事项"
title_en = "city matters"
points = 40
rules = ["CITY-*"]
'''


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scheme.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_scheme_binds_to_the_shipped_packs() -> None:
    scheme = load_scheme(default_scheme_path())
    bind(scheme, PACKS)
    assert {sheet.kind for sheet in scheme.sheet} == {"department", "district", "enterprise"}
    for sheet in scheme.sheet:
        assert sum(category.points for category in sheet.category) == sheet.points == 100


def test_a_rule_goes_to_the_category_with_the_most_specific_pattern(tmp_path: Path) -> None:
    text = MINIMAL.replace('rules = ["CITY-*"]', 'rules = ["CITY-*", "DEPT-MEET-01"]')
    sheet = load_scheme(_write(tmp_path, text)).sheet[0]
    assert sheet.category_of("DEPT-MEET-01").id == "city"  # type: ignore[union-attr]
    assert sheet.category_of("DEPT-MEET-02").id == "all"  # type: ignore[union-attr]
    assert sheet.category_of("ENT-HAZ-01") is None


@pytest.mark.parametrize(("change", "message"), [
    (('points = 40', 'points = 30'), "add up to 90"),
    (('rules = ["CITY-*"]', 'rules = ["CITY-DIR-*"]'), "rule CITY-SCOPE-03 is in no category"),
    (('kind = "district"', 'kind = "township"'), "unknown unit kind"),
    (('id = "city"', 'id = "all"'), "duplicate id 'all'"),
    (('title_en = "all"', 'title_en = "all"\nweight = 3'), "unknown key"),
])
def test_a_broken_scheme_is_one_line_naming_what_is_wrong(tmp_path: Path, change: tuple[str, str],
                                                           message: str) -> None:
    path = _write(tmp_path, MINIMAL.replace(*change, 1))
    with pytest.raises(SchemeError, match=message) as caught:
        bind(load_scheme(path), PACKS)
    assert "\n" not in str(caught.value)


def test_a_priced_or_vetoing_rule_must_exist(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[sheet.rule]]\nrule = "DEPT-MEET-09"\npoints = 3\n'
    with pytest.raises(SchemeError, match="unknown rule DEPT-MEET-09"):
        bind(load_scheme(_write(tmp_path, text)), PACKS)


def test_grades_go_down_to_zero(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[sheet.grade]]\nname = "合格"\nname_en = "pass"\nmin = 60\n'
    with pytest.raises(SchemeError, match="grades go from the highest"):
        load_scheme(_write(tmp_path, text))


def test_a_condition_item_needs_examples(tmp_path: Path) -> None:
    text = MINIMAL + ('\n[[sheet.veto]]\nid = "VETO-X"\ntitle = "x"\ntitle_en = "x"\nfor_each = "case"\n'
                      'when = "fine_yuan > 0"\n')
    with pytest.raises(SchemeError, match="at least two examples"):
        load_scheme(_write(tmp_path, text))


def test_an_item_over_another_kinds_facts_needs_charge_to(tmp_path: Path) -> None:
    example = ('\n[[sheet.veto.examples]]\nname = "{0}"\nkind = "enterprise"\nexpect = "{0}"\n'
               'unit = {{ id = "E", name = "e" }}\n')
    text = MINIMAL + ('\n[[sheet.veto]]\nid = "VETO-X"\ntitle = "x"\ntitle_en = "x"\n'
                      'for_each = "enterprise_hazard"\nwhen = \'level == "major"\'\n'
                      + example.format("pass") + example.format("fail"))
    with pytest.raises(SchemeError, match="not in a district's records"):
        item_rules(load_scheme(_write(tmp_path, text)))


def test_a_missing_or_malformed_scheme_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="cannot read"):
        load_scheme(tmp_path / "nowhere.toml")
    with pytest.raises(SchemeError, match="malformed TOML"):
        load_scheme(_write(tmp_path, "[scheme\n"))


def test_a_pack_of_ones_own_has_no_default_scheme(tmp_path: Path) -> None:
    own = PACKS[0].model_copy(update={"rule": (PACKS[0].rule[0].model_copy(update={"id": "OWN-01"}),)})
    assert resolve_scheme(None, [own], PACKS) is None
    assert resolve_scheme(None, PACKS, PACKS) is not None


@pytest.mark.parametrize(("items", "message"), [
    ('[[sheet.veto]]\nid = "VETO-X"\ntitle = "x"\ntitle_en = "x"\nrules = ["ENT-OPR-01"]\n',
     "rule ENT-OPR-01 never finds a gap in a district"),
    ('[[sheet.bonus]]\nid = "BONUS-X"\ntitle = "x"\ntitle_en = "x"\nfor_each = "commendation"\nwhen = "in_year"\n'
     'charge_to = ["unt"]\n' + EXAMPLES, "charge_to 'unt' is not a text field of commendation"),
    ('[[sheet.bonus]]\nid = "BONUS-X"\ntitle = "x"\ntitle_en = "x"\nfor_each = "commendation"\nwhen = "levle == 1"\n'
     'charge_to = ["unit"]\n' + EXAMPLES, "BONUS-X: when: .*levle"),
])
def test_an_item_that_could_never_count_is_an_error(tmp_path: Path, items: str, message: str) -> None:
    with pytest.raises(SchemeError, match=message):
        bind(load_scheme(_write(tmp_path, MINIMAL + "\n" + items)), PACKS)


def test_a_sheet_for_the_city_or_a_veto_grade_not_among_the_grades_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="not scored"):
        load_scheme(_write(tmp_path, MINIMAL.replace('kind = "district"', 'kind = "city"')))
    grades = '\nveto_grade = "差"\n\n[[sheet.grade]]\nname = "合格"\nname_en = "pass"\nmin = 0\n'
    with pytest.raises(SchemeError, match="veto_grade '差' is not one of the grades"):
        load_scheme(_write(tmp_path, MINIMAL.replace('points = 100\n', 'points = 100' + grades, 1)))
