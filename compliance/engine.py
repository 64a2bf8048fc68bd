"""Run compiled programs in durable-rules: one Host, one session and one batch per unit, nothing dropped."""
from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import durable_rules_engine
from durable.engine import Host, MessageNotHandledException, MessageObservedException

from compliance.compile import CountSpec, Program
from compliance.counting import predicate, sign_of_difference
from compliance.factcore import Fact

_MAX_REKEYS = 5
_IDENTITY = frozenset({"t", "id", "sid"})


class Match(NamedTuple):
    """One firing of a compiled rule: which rule, which outcome, for which subject fact, with which items."""

    rule_id: str
    outcome: str
    clause: int
    subject: str
    items: tuple[str, ...] = ()


@dataclass
class SessionResult:
    """What one unit's session produced: matches (de-duplicated) and engine errors."""

    matches: set[Match] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


class _Host(Host):  # type: ignore[misc]
    """A Host without durable's background dispatch threads.

    Everything here runs synchronously inside assert_facts; the background threads would pick up the same
    pending actions concurrently, which crashed the process (segmentation fault) on large batches.
    """

    def _run(self) -> None:
        return None


class Engine:
    """Owns the process's one durable Host; registers each distinct program once."""

    def __init__(self) -> None:
        self._host: Host | None = None
        self._registered: dict[str, str] = {}
        self._sessions = 0

    @property
    def host(self) -> Host:
        """The process's durable Host, created on first use."""
        if self._host is None:
            self._host = _Host()
        return self._host

    def _ruleset(self, program: Program) -> Any:
        """The durable ruleset of a program, registered on first use (a name can be registered only once)."""
        key = f"durable_ruleset:{id(self)}"
        if key in program.cache:
            return program.cache[key]
        digest = hashlib.sha256(json.dumps(program.definition, sort_keys=True, default=str).encode()).hexdigest()[:16]
        if digest not in self._registered:
            name = f"compliance_{program.name}_{digest}"
            definition = copy.deepcopy(program.definition)
            for rule in definition.values():
                rule["run"] = _never
            self.host.set_rulesets({name: definition})
            self._registered[digest] = name
        program.cache[key] = self.host.get_ruleset(self._registered[digest])
        return program.cache[key]

    def _session_id(self, unit_id: str) -> str:
        """A session id never used before: an abandoned session must never receive facts again."""
        self._sessions += 1
        return f"{unit_id}#{self._sessions}"

    def match(self, ruleset: Any, facts: list[Fact], result: SessionResult) -> None:
        """The durable part: assert the session's batch and run every action it makes ready."""
        _drain(ruleset, ruleset.assert_facts(facts), result)

    def run(self, program: Program, unit_id: str, facts: list[Fact]) -> SessionResult:
        """Assert one unit's facts as one batch (absent sides first) and collect every firing."""
        ruleset = self._ruleset(program)
        sid = self._session_id(unit_id)
        ordered = prepare_facts(program, sid, facts)
        result = SessionResult()
        try:
            self.match(ruleset, ordered, result)
        except MessageObservedException:
            # durable kept the rest of the batch with its actions pending, and deleting that session
            # crashes the process: abandon it and replay the batch fact by fact in a fresh session.
            result.matches.clear()
            sid = self._session_id(unit_id)
            _assert_one_by_one(ruleset, [{**fact, "sid": sid} for fact in ordered], result)
        except MessageNotHandledException as exc:
            # cannot happen with the catch-all pattern; if it does, the session is abandoned like above
            result.errors.append(f"engine rejected the batch: {exc.message[:200]}")
            return result
        ruleset.delete_state(sid)
        return result


def _assert_one_by_one(ruleset: Any, facts: list[Fact], result: SessionResult) -> None:
    """Fallback after a duplicate-hash rejection: re-key the colliding fact, never drop it."""
    for fact in facts:
        for attempt in range(_MAX_REKEYS + 1):
            try:
                _drain(ruleset, ruleset.assert_fact(fact), result)
                break
            except MessageObservedException:
                fact = {**fact, "id": f"{fact['id']}~{attempt + 1}"}
        else:
            result.errors.append(f"fact {fact['id']} rejected as a duplicate {_MAX_REKEYS + 1} times")


_ACTION = re.compile(r'\{"([^"\\]+)":\{')
_SUBJECT = re.compile(r'"s":\{"sid": "(?:[^"\\]|\\.)*", "id": "([^"\\]+)"')
_ITEM = re.compile(r'"x\d+":\{"sid": "(?:[^"\\]|\\.)*", "id": "([^"\\]+)"')


def read_firing(message: str) -> tuple[str, str, tuple[str, ...]]:
    """(action, subject id, joined item ids) of a firing, without decoding every fact in it.

    durable writes the facts back as we asserted them ("sid" then "id" first); a quote inside a value is
    escaped, so these anchored patterns cannot match inside one. Anything else falls back to json.loads.
    """
    action = _ACTION.match(message)
    subject = _SUBJECT.search(message)
    if action is None or (subject is None and not action.group(1).endswith("#none")):
        (name, matched), = json.loads(message).items()
        items = tuple(fact["id"] for alias, fact in matched.items() if alias.startswith("x"))
        return name, matched["s"]["id"] if "s" in matched else "", items
    return action.group(1), subject.group(1) if subject else "", tuple(_ITEM.findall(message))


def _drain(ruleset: Any, state_handle: int, result: SessionResult) -> None:
    """Run every action the assert made ready, synchronously, through durable's C API.

    Our actions only record what matched and never change the session state, so durable's Python action
    machinery (a closure, a promise and a JSON dump of the state per firing) is skipped.
    """
    started = durable_rules_engine.start_action_for_state(ruleset._handle, state_handle)
    if not started:
        return
    ready: str | None = started[1]
    while ready:
        _record(ready, result)
        ready = durable_rules_engine.complete_and_start_action(ruleset._handle, state_handle)


@functools.cache
def _action(action_name: str) -> tuple[str, str, int]:
    """'ENT-WRK-01#fail0' -> ('ENT-WRK-01', 'fail', 0)."""
    rule_id, outcome = action_name.split("#")
    kind = outcome.rstrip("0123456789")
    return rule_id, kind, int(outcome[len(kind):]) if outcome[len(kind):] else -1


def _record(message: str, result: SessionResult) -> None:
    """One firing: which rule and outcome, for which subject, joined with which item."""
    try:
        action_name, subject, items = read_firing(message)
        rule_id, kind, clause = _action(action_name)
        result.matches.add(Match(rule_id, kind, clause, subject, items))
    except Exception as exc:  # a firing must never be lost silently
        result.errors.append(f"cannot read a firing ({type(exc).__name__}: {exc}): {message[:200]}")


def _never(closure: Any) -> None:
    """The catch-all pattern can never complete; it exists so no fact goes unhandled."""


def prepare_facts(program: Program, sid: str, facts: list[Fact]) -> list[Fact]:
    """Add derived fields to the unit's facts; return session copies (only the fields some pattern reads),
    ordered so absent sides come first."""
    by_type: dict[str, list[Fact]] = {}
    for fact in facts:
        by_type.setdefault(fact["t"], []).append(fact)
    for spec in program.derived:
        subjects = by_type.get(spec.subject_type, [])
        if isinstance(spec, CountSpec):
            test, items = predicate(spec.cond), by_type.get(spec.fact_type, [])
            for subject in subjects:
                subject[spec.name] = sum(1 for item in items if test(item, subject))
            continue
        for subject in subjects:
            sign = sign_of_difference(spec.left, spec.right, subject)
            if sign is not None:
                subject[spec.name] = sign
    rank = {fact_type: index for index, fact_type in enumerate(program.type_order)}
    keep = program.matched_names
    session = [{key: value for key, value in fact.items() if key in keep.get(fact["t"], _IDENTITY)} for fact in facts]
    for fact in session:
        fact["sid"] = sid
    return sorted(session, key=lambda fact: rank.get(fact["t"], len(rank)))


def base_id(fact_id: str) -> str:
    """A fact id without the suffix added when re-keyed after a hash collision."""
    return fact_id.split("~", 1)[0]
