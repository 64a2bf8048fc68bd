"""Fuzzing the condition language: conditions drawn from its grammar (and hostile values) either load or are one
ConditionError; those that load run through the engine in a subprocess (a crash there would kill pytest) with no
crash, no internal error and no engine error. A bounded budget: a few thousand cases in well under 30 s."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import FIXTURES, write_bundle
from hostile_packs import write_pack
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from compliance.core.errors import RulesetError
from compliance.facts.schema import fact_types
from compliance.rules.conditions import ConditionError, parse_condition
from compliance.rules.pack import load_pack

SUBJECT, JOINED = "enterprise", "worker"
PARSE_CASES, ENGINE_CASES, RULES_PER_PACK = 2_000, 200, 20


def _fields(fact_type: str, kind: str) -> list[str]:
    return sorted(name for name, spec in fact_types()[fact_type].fields.items() if spec.kind == kind)


_NUMBERS = st.one_of(st.sampled_from([0, 1, -1, 2, 100, 10**15, 10**15 + 1, -(10**15), 10**20]),
                     st.integers(-1000, 1000))
_DATES = st.one_of(st.sampled_from(["0001-01-01", "9999-12-31", "2022-02-29", "2022-13-01", "1970-01-01"]),
                   st.dates().map(str))
_TEXTS = st.one_of(st.sampled_from(["", "\\ud800", "\\x00", "a'b", '\\"', "{label}", "%s"]), st.text(max_size=12))


def _values(fact_type: str, subject: bool) -> st.SearchStrategy[str]:
    """A number or date expression: fields, literals, day(), arithmetic on them (division by anything)."""
    names = _fields(fact_type, "int") + _fields(fact_type, "day")
    leaves = [st.sampled_from(names), _NUMBERS.map(str), _DATES.map(lambda day: f'day("{day}")')]
    if subject:
        leaves.append(st.sampled_from(_fields(SUBJECT, "int") + _fields(SUBJECT, "day")).map(lambda n: f"subject.{n}"))
    return st.recursive(st.one_of(*leaves), lambda inner: st.tuples(
        inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"), max_leaves=3)


def _joins() -> st.SearchStrategy[str]:
    """exists(worker, …) or not exists(worker, …)."""
    return st.tuples(st.sampled_from(["", "not "]), _conditions(JOINED, True, 3)).map(
        lambda t: f"{t[0]}exists({JOINED}, {t[1]})")


def _clauses() -> st.SearchStrategy[str]:
    """A clause of a rule: a condition, or a join as a whole clause."""
    return st.one_of(_conditions(SUBJECT, joins=False), _joins())


def _conditions(fact_type: str, subject: bool = False, leaves: int = 6, joins: bool = True) -> st.SearchStrategy[str]:
    """A condition over facts of fact_type (subject.X allowed inside a join)."""
    comparison = st.tuples(_values(fact_type, subject), st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
                           _values(fact_type, subject)).map(" ".join)
    text = st.tuples(st.sampled_from(_fields(fact_type, "str")), st.sampled_from(["==", "!="]),
                     _TEXTS.map(lambda value: json.dumps(value, ensure_ascii=False).replace("\\\\", "\\"))).map(" ".join)
    tests = [comparison, text, st.sampled_from(_fields(fact_type, "bool")),
             st.sampled_from(sorted(fact_types()[fact_type].fields)).map(lambda n: f"present({n})")]
    if not subject:
        tests += [st.tuples(_conditions(JOINED, True, 3), _NUMBERS).map(lambda t: f"count({JOINED}, {t[0]}) >= {t[1]}")]
    if not subject and joins:  # anywhere: the loader refuses an exists() that is not a whole clause
        tests += [_joins()]
    return st.recursive(st.one_of(*tests), lambda inner: st.one_of(
        inner.map(lambda c: f"not ({c})"),
        st.lists(inner, min_size=2, max_size=4).map(lambda cs: "(" + " and ".join(cs) + ")"),
        st.lists(inner, min_size=2, max_size=4).map(lambda cs: "(" + " or ".join(cs) + ")")), max_leaves=leaves)


_TOKENS = [*"()[]{}.,:+-*/<>=!'\"\\_0", " ", "1e9", "not ", " and ", " or ", "headcount", "subject.", "day(",
           "exists(", "count(", "worker", "__class__", "lambda", "**", "if", "True", "9" * 30]
_ANY_TEXT = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)


@settings(max_examples=PARSE_CASES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(_conditions(SUBJECT), _clauses(), _ANY_TEXT))
def test_a_condition_loads_or_is_one_condition_error(text: str) -> None:
    try:
        parse_condition(text, SUBJECT, {})
    except ConditionError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400 + len(text)


def _accepted(count: int, folder: Path) -> list[str]:
    """Generated clauses that load in a pack, for the engine run."""
    found: list[str] = []

    @seed(20221231)
    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(_clauses())
    def collect(text: str) -> None:
        try:
            load_pack(write_pack(folder, [text]))
        except RulesetError:
            return
        found.append(text)
    collect()
    return found


_RUN = textwrap.dedent('''
    import sys
    from pathlib import Path
    from compliance.api import Options, check
    from compliance.core.errors import ComplianceError
    bundle, packs = Path(sys.argv[1]), sys.argv[2:]
    for pack in packs:
        try:
            report = check(bundle, Options(rules=(pack,)))
        except ComplianceError as exc:  # a pack refused as a whole (one line), not a crash
            print("refused", pack, str(exc).replace("\\n", " "))
            continue
        errors = [f.message_en for unit in report.units for f in unit.findings if f.status == "error"]
        print("checked", pack, len(report.units), "ERRORS " + "; ".join(errors) if errors else "")
''')


def _fuzz_bundle(root: Path) -> Path:
    """Three enterprises: a full one, one of zeros (divisors), one with nothing declared."""
    first = json.loads((FIXTURES / "example-city" / "enterprises.jsonl").read_text(encoding="utf-8").splitlines()[0])
    zeros = {"id": "zero", "name": "零", "headcount": 0, "workers": [{"id": "W0", "pre_job_training_hours": 0,
                                                                     "annual_training_hours": 0}]}
    lines = [json.dumps(record, ensure_ascii=False) for record in (first, zeros, {"id": "bare", "name": "空"})]
    return write_bundle(root, {"enterprises.jsonl": "\n".join(lines) + "\n"})


def test_conditions_that_load_run_without_crash_or_error(tmp_path: Path) -> None:
    conditions = _accepted(ENGINE_CASES, tmp_path)
    assert len(conditions) >= ENGINE_CASES // 4
    packs = []
    for start in range(0, len(conditions), RULES_PER_PACK):
        folder = tmp_path / f"pack{start}"
        folder.mkdir()
        packs.append(str(write_pack(folder, conditions[start:start + RULES_PER_PACK])))
    done = subprocess.run([sys.executable, "-c", _RUN, str(_fuzz_bundle(tmp_path / "bundle")), *packs],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"crashed (exit {done.returncode}) after:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert done.stderr == "" and "ERRORS" not in done.stdout, done.stdout + done.stderr
    assert done.stdout.count("\n") == len(packs)
    assert done.stdout.count("checked") >= len(packs) // 2  # most packs run, not only refused
