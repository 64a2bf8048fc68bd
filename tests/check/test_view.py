"""The report's view reads record paths in words: lists and sections by name, items numbered from 1, fields by
their fact types' labels; what it does not know stays as written."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from compliance.check.view import path_labels
from compliance.facts.schema import fact_types
from compliance.report.model import Location
from compliance.report.view import ReportView

DOCS = Path(__file__).resolve().parents[2] / "docs"
VIEW = ReportView(paths=path_labels(tuple(fact_types().values())))
# paths evidence writes that are no field of a record: the city's view across enterprises, and two fact types whose
# field source repeats the list their items come from
NOT_RECORD_FIELDS = {"enterprises[]", "enterprises[].hazards", "supervises[].supervises"}


@pytest.mark.parametrize(("path", "zh", "en"), [
    ("inspections[1].hazards_found[0].id", "检查记录第2条·发现隐患第1条·编号", "inspection no. 2 › hazard found no. 1 › id"),
    ("meetings[2].date", "会议记录第3条·日期", "meeting no. 3 › date"),
    ("workers[3].training_passed_on", "从业人员第4条·安全培训考核合格日期", "worker no. 4 › the date the training was passed"),
    ("enforcement.staff_actual", "执法信息·实有执法人员数", "enforcement › the number of enforcement staff in post"),
    ("principal.assessed_on", "主要负责人·考核合格日期", "principal › the date the principal passed the assessment"),
    ("directive[0].relays[1].relayed_on", "下发文件第1条·传达记录第2条·传达日期", "directive no. 1 › relay no. 2 › the date relayed"),
    ("report[1].stated_deaths_change", "统计报表第2条·同比增减人数（死亡）", "statistics report no. 2 › stated change in deaths"),
    ("meetings", "会议记录", "meeting"),
])
def test_record_paths_read_in_words(path: str, zh: str, en: str) -> None:
    assert VIEW.field_path_label(path, "zh") == zh
    assert VIEW.field_path_label(path, "en") == en


def test_an_unknown_segment_is_shown_by_its_name() -> None:
    assert VIEW.field_path_label("meetings[0].minutes", "zh") == "会议记录第1条·minutes"
    assert VIEW.field_path_label("ledger[4].x", "zh") == "ledger第5条·x"
    assert VIEW.field_path_label("odd[a]", "zh") == "odd[a]"
    assert ReportView().field_path_label("meetings[2].date", "zh") == "meetings第3条·date"


def test_where_names_the_file_its_line_and_the_field_in_words() -> None:
    where = Location("departments/jtj.json", "meetings[2].date", 23)
    assert VIEW.where(where, "zh") == "departments/jtj.json 第23行 · 会议记录第3条·日期"
    assert VIEW.where(where, "en") == "departments/jtj.json line 23 · meeting no. 3 › date"
    assert VIEW.where(Location("enterprises.jsonl", "", 6), "zh") == "enterprises.jsonl 第6行"
    assert VIEW.where(Location("departments/x.toml", "divisions"), "zh") == "departments/x.toml · 处室"
    assert VIEW.where(Location(), "zh") == ""


def test_every_labelled_path_is_a_documented_record_field() -> None:
    documented = set(re.findall(r"^\| `([^`]+)` \|", (DOCS / "records.md").read_text(encoding="utf-8"), re.MULTILINE))
    unknown = {path for path in VIEW.paths if path not in documented and path.removesuffix("[]") not in documented}
    assert unknown == NOT_RECORD_FIELDS


def test_every_zh_label_is_in_words() -> None:
    assert all(re.search(r"[a-z_]", zh) is None for zh, _en in VIEW.paths.values())
