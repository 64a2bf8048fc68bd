"""The engine's limits over a whole program (every pack of a kind together): past them a pack is a one-line error
naming the rule that went over, never durable's hang or error code; what durable refuses anyway is a RulesetError."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hostile_packs import write_pack

from compliance.check.checker import compile_packs
from compliance.core.errors import RulesetError
from compliance.engine.compile import Program
from compliance.engine.session import Engine
from compliance.rules import limits
from compliance.rules.pack import load_pack


def test_many_distinct_tests_on_one_fact_type_name_the_rule_past_the_limit(tmp_path: Path) -> None:
    conditions = [" or ".join(f"headcount == {rule * 60 + value}" for value in range(60)) for rule in range(12)]
    pack = load_pack(write_pack(tmp_path, conditions))  # each rule is within the pack's own limits
    with pytest.raises(RulesetError) as caught:
        compile_packs([pack])  # what `rules test` and `check` do first
    text = str(caught.value)
    assert text.startswith("invalid ruleset: hostile.toml: rule HOST-R-") and "\n" not in text
    assert f"in more than {limits.ENGINE_TESTS} different ways" in text


def test_what_durable_refuses_is_a_ruleset_error_not_a_crash() -> None:
    same = {f"r{index}": {"all": [{"s": {"t": "enterprise"}}]} for index in range(300)}  # durable error 108
    program = Program("enterprise", {}, same, [], files="hostile.toml")
    with pytest.raises(RulesetError, match=r"^invalid ruleset: hostile.toml: the rule engine cannot hold the rules"):
        Engine().register(program)


def test_the_shipped_packs_compile_whole() -> None:
    from compliance.rules.packs import load_packs

    compile_packs(load_packs())


def test_constant_arithmetic_and_a_zero_divisor_run_cleanly(tmp_path: Path) -> None:
    """These crashed durable (segfault, SIGFPE): now folded at load, or worked out before matching, where a zero
    divisor makes the comparison false as a missing field does. Run in a subprocess: a crash must not kill pytest."""
    pack = write_pack(tmp_path, ["1 + 1 < headcount", "headcount > 10 / headcount",
                                 "headcount * 2 >= 4 / (headcount - 0)", 'headcount > 0 or industry == "{label"',
                                 "1 < headcount * 2"],
                      message="", fail_unit='{ id = "E", name = "e", headcount = 0, industry = "x" }')
    done = subprocess.run([sys.executable, "-m", "compliance.cli", "rules", "test", "--rules", str(pack)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout + done.stderr
    assert done.stdout.endswith("10 passed, 0 failed\n")
