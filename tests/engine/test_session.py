"""The engine: one session per unit, absent sides first, nothing dropped even with thousands of similar facts."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from compliance.api import Options, build_programs, check, engine, load_packs
from compliance.engine import session as engine_module
from compliance.engine.compile import Program
from compliance.engine.session import Match, prepare_facts

PACKS = load_packs(("department",))


def _program(*rule_ids: str) -> Program:
    pack = PACKS[0]
    selected = pack.model_copy(update={"rule": tuple(r for r in pack.rule if r.id in rule_ids)})
    return build_programs([selected], {}, ("department",))["department"]


def _meetings_toml(count: int) -> str:
    rows = [f'[[meetings]]\nid = "M{index:05d}"\ndate = 2022-05-10\nkind = "dedicated_safety"\nchaired_by = "L1"\n'
            for index in range(count)]
    return 'id = "D1"\nname = "市测试局"\n[[leaders]]\nid = "L1"\nrole = "principal"\n' + "\n".join(rows)


def test_thousands_of_near_identical_facts_lose_none(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({"departments/d1.toml": _meetings_toml(3000)})
    report = check(root, Options(rules=("department",)))
    findings = [f for f in report.units[0].findings if f.rule_id == "DEPT-MEET-03"]
    assert [(f.status, f.count, f.evidence["checked"]) for f in findings] == [("pass", 3000, 3000)]
    assert not [f for f in report.units[0].findings if f.status == "error"]


def test_absent_side_is_asserted_before_the_facts_that_test_it() -> None:
    program = _program("DEPT-ENF-05", "DEPT-MEET-01", "DEPT-LEAD-01")
    order = program.type_order
    assert order.index("case") < order.index("hazard")
    assert order.index("meeting") < order.index("quarter")
    assert order.index("leader") < order.index("unit")
    facts = [{"id": "hazard:0", "t": "hazard"}, {"id": "case:0", "t": "case"}, {"id": "unit:0", "t": "unit"}]
    types = [fact["t"] for fact in prepare_facts(program, "D1", facts)]
    assert types.index("case") < types.index("hazard") < types.index("unit")


def test_facts_no_rule_mentions_are_handled_by_the_catch_all() -> None:
    program = _program("DEPT-PRL-05")
    facts = [{"id": "unit:0", "t": "unit", "prl_published": True},
             {"id": "division:0", "t": "division", "name": "办公室"}]
    result = engine().run(program, "D-catch", facts)
    assert result.errors == []
    assert {(m.rule_id, m.outcome) for m in result.matches} == {("DEPT-PRL-05", "pass")}


def test_duplicate_keys_are_re_keyed_not_dropped() -> None:
    program = _program("DEPT-MEET-03")
    study = {"t": "safety_study", "kind": "dedicated_safety", "chaired_by_leader": True}
    facts = [{"id": "unit:0", "t": "unit"}, {"id": "safety_study:0", **study}, {"id": "safety_study:0", **study, "day": 1}]
    result = engine().run(program, "D-dup", facts)
    subjects = {m.subject for m in result.matches if m.rule_id == "DEPT-MEET-03" and m.outcome == "pass"}
    assert subjects == {"safety_study:0", "safety_study:0~1"}
    assert result.errors == []


def test_sessions_are_deleted_so_many_units_run_on_one_ruleset() -> None:
    program = _program("DEPT-PRL-05")
    for index in range(1500):
        result = engine().run(program, f"U{index}", [{"id": "unit:0", "t": "unit", "prl_published": index % 2 == 0}])
        outcome = "pass" if index % 2 == 0 else "fail"
        assert {m.outcome for m in result.matches} == {outcome}


def test_a_rejected_batch_is_an_error_not_a_crash() -> None:
    program = _program("DEPT-PRL-05")
    unmatched = Program(program.name + "-no-catch-all", program.rules,
                        {k: v for k, v in program.definition.items() if k != "__catch_all__"}, program.type_order,
                        program.derived, matched_names=program.matched_names)
    result = engine().run(unmatched, "D-reject", [{"id": "unit:0", "t": "unit"}, {"id": "x:0", "t": "division"}])
    assert result.errors and result.errors[0].startswith("engine rejected the batch")


def test_batched_firings_read_fast_exactly_as_json_decoding_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    readings: list[tuple[list[Match], list[Match]]] = []
    fast_read, decode = engine_module.read_firing, engine_module._decode_firing

    def compare(message: str, layouts: engine_module.Layouts) -> list[Match]:
        fast = fast_read(message, layouts)
        readings.append((fast, decode(message)))
        return fast

    monkeypatch.setattr(engine_module, "read_firing", compare)
    monkeypatch.setattr(engine_module, "_decode_firing", _no_fallback)
    report = check(FIXTURES / "example-city", Options(workers=1))
    assert not [f for unit in report.units for f in unit.findings if f.status == "error"]
    batched = [fast for fast, _ in readings if len(fast) > 1]
    joined = [fast for fast, _ in readings if any(match.items for match in fast)]
    assert batched and joined, "the example city has firings of many frames and of joins"
    for fast, decoded in readings:
        assert fast == decoded


def _no_fallback(message: str) -> list[Match]:
    raise AssertionError(f"fell back to JSON decoding: {message[:200]}")


def test_a_firing_in_an_unexpected_shape_is_decoded_as_json() -> None:
    layouts = engine_module.frame_layouts({"R-1#ok0": {"all": [{"s": {}}, {"x0": {}}]}})
    spaced = '{"R-1#ok0":[{"s":{"sid": "u#1", "id": "a:0"},"x0":{"sid": "u#1", "id": "b:0"}}]}'
    reordered = '{"R-1#ok0":[{"x0":{"sid":"u#1","id":"b:0"},"s":{"sid":"u#1","id":"a:0"}}]}'
    for message in (spaced, reordered):
        assert engine_module.read_firing(message, layouts) == [Match("R-1", "ok", 0, "a:0", ("b:0",))]
    unknown = '{"R-2#pass":{"s":{"sid":"u#1","id":"a:1"}}}'
    assert engine_module.read_firing(unknown, layouts) == [Match("R-2", "pass", -1, "a:1", ())]


def test_unit_ids_with_quotes_and_backslashes_are_checked(bundle_dir) -> None:  # type: ignore[no-untyped-def]
    root: Path = bundle_dir({"departments/d1.toml": 'id = "D\\"1\\\\x"\nname = "引号\\"局"\n'})
    report = check(root, Options(rules=("department",)))
    assert [unit.id for unit in report.units] == ['D"1\\x']
    assert not [f for f in report.units[0].findings if f.status == "error"]
