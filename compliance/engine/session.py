"""Run compiled programs in durable-rules: one Host, one session and one batch per unit, nothing dropped."""
from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import durable_rules_engine
from durable.engine import Host, MessageNotHandledException, MessageObservedException

from compliance.core import stages
from compliance.core.errors import RulesetError
from compliance.engine.compile import CountSpec, Program
from compliance.engine.counting import count_into
from compliance.engine.derived import sign_of_difference
from compliance.facts.core import Fact

_MAX_REKEYS = 5
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
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


class Registered(NamedTuple):
    """A program registered with the Host: its durable ruleset and the layout of each action's frames."""

    ruleset: Any
    layouts: dict[str, Layout]

    def assert_facts(self, facts: list[Fact]) -> int:
        """Assert a batch, written compactly (durable writes matched facts back the same way); a state handle."""
        handle: int = self.ruleset._handle_result(
            durable_rules_engine.assert_facts(self.ruleset._handle, _ENCODE(facts)), facts)
        return handle

    def assert_fact(self, fact: Fact) -> int:
        """Assert one fact, written compactly; a state handle."""
        handle: int = self.ruleset._handle_result(
            durable_rules_engine.assert_fact(self.ruleset._handle, _ENCODE(fact)), fact)
        return handle


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

    def _ruleset(self, program: Program) -> Registered:
        """The durable ruleset of a program, registered on first use (a name can be registered only once)."""
        key = f"durable_ruleset:{id(self)}"
        if key in program.cache:
            cached: Registered = program.cache[key]
            return cached
        digest = hashlib.sha256(json.dumps(program.definition, sort_keys=True, default=str).encode()).hexdigest()[:16]
        if digest not in self._registered:
            name = f"compliance_{program.name}_{digest}"
            definition = copy.deepcopy(program.definition)
            for rule in definition.values():
                rule["run"] = _never
                rule["cap"] = _FRAMES_PER_FIRING  # many matches per firing: far fewer trips into Python
            try:
                self.host.set_rulesets({name: definition})
            except Exception as exc:  # durable's own limits, past the ones compile.py checks
                raise RulesetError(program.files or program.name, None,
                                   f"the rule engine cannot hold the rules of {program.name}: {exc}") from None
            self._registered[digest] = name
        registered = Registered(self.host.get_ruleset(self._registered[digest]), frame_layouts(program.definition))
        program.cache[key] = registered
        return registered

    def register(self, program: Program) -> None:
        """Give the program to durable now, so a rule set it cannot hold is an error before any unit is checked."""
        self._ruleset(program)

    def _session_id(self, unit_id: str) -> str:
        """A session id never used before: an abandoned session must never receive facts again.

        It is a counter, not the unit id: durable mishandles a sid with a quote or a backslash in it (deleting
        the session then fails with error 309), and ids come from records.
        """
        self._sessions += 1
        return f"s{self._sessions}"

    def match(self, registered: Registered, facts: list[Fact], result: SessionResult) -> None:
        """The durable part: assert the session's batch and run every action it makes ready."""
        _drain(registered, registered.assert_facts(facts), result)

    def run(self, program: Program, unit_id: str, facts: list[Fact]) -> SessionResult:
        """Assert one unit's facts as one batch (absent sides first) and collect every firing."""
        started = stages.clock()
        registered = self._ruleset(program)
        sid = self._session_id(unit_id)
        ordered = prepare_facts(program, sid, facts)
        result = SessionResult()
        started = stages.lap("facts", started)
        try:
            self._matched(registered, ordered, result, sid, unit_id)
        finally:
            stages.lap("durable", started)
        return result

    def _matched(self, registered: Registered, ordered: list[Fact], result: SessionResult, sid: str,
                 unit_id: str) -> None:
        """Match the session's batch (replayed fact by fact after a duplicate-hash rejection), then end it."""
        try:
            self.match(registered, ordered, result)
        except MessageObservedException:
            # durable kept the rest of the batch with its actions pending, and deleting that session
            # crashes the process: abandon it and replay the batch fact by fact in a fresh session.
            result.matches.clear()
            sid = self._session_id(unit_id)
            _assert_one_by_one(registered, [{**fact, "sid": sid} for fact in ordered], result)
        except MessageNotHandledException as exc:
            # cannot happen with the catch-all pattern; if it does, the session is abandoned like above
            result.errors.append(f"engine rejected the batch: {exc.message[:200]}")
            return
        registered.ruleset.delete_state(sid)


def _assert_one_by_one(registered: Registered, facts: list[Fact], result: SessionResult) -> None:
    """Fallback after a duplicate-hash rejection: re-key the colliding fact, never drop it."""
    for fact in facts:
        for attempt in range(_MAX_REKEYS + 1):
            try:
                _drain(registered, registered.assert_fact(fact), result)
                break
            except MessageObservedException:
                fact = {**fact, "id": f"{fact['id']}~{attempt + 1}"}
        else:
            result.errors.append(f"fact {fact['id']} rejected as a duplicate {_MAX_REKEYS + 1} times")


_FRAMES_PER_FIRING = 1000
_ACTION = re.compile(r'\{"([^"\\]+)":\[')
_FACT_ID = re.compile(r'"id":"([^"\\]*)"')
_FACT_START = '{"sid":'

_new: Callable[[type[Match], tuple[str, str, int, str, tuple[str, ...]]], Match] = tuple.__new__


class Layout(NamedTuple):
    """What every matched frame of one action holds: its facts' aliases in the order durable writes them."""

    rule_id: str
    outcome: str
    clause: int
    aliases: tuple[str, ...]
    needles: tuple[str, ...]  # how each alias is written, to check the order in a message

    def matches(self, ids: list[str]) -> list[Match]:
        """The matches of a firing from its fact ids in order: the frames laid end to end."""
        rule_id, outcome, clause, aliases = self.rule_id, self.outcome, self.clause, self.aliases
        # tuple.__new__ builds the same Match as Match(...) without a Python-level call per match
        if aliases == ("s",):
            return [_new(Match, (rule_id, outcome, clause, subject, ())) for subject in ids]
        if len(aliases) == 2 and aliases[0] == "s" and aliases[1].startswith("x"):
            return [_new(Match, (rule_id, outcome, clause, subject, (item,)))
                    for subject, item in zip(ids[::2], ids[1::2], strict=True)]
        width = len(aliases)
        frames = [ids[start:start + width] for start in range(0, len(ids), width)]
        subject = aliases.index("s") if "s" in aliases else None
        items = [index for index, alias in enumerate(aliases) if alias.startswith("x")]
        return [Match(rule_id, outcome, clause, frame[subject] if subject is not None else "",
                      tuple(frame[index] for index in items)) for frame in frames]

    def written_in_order(self, message: str) -> bool:
        """Whether the first frame writes the aliases in this order (durable writes every frame alike)."""
        if len(self.needles) < 2:
            return True
        positions = [message.find(needle) for needle in self.needles]
        return all(position >= 0 for position in positions) and positions == sorted(positions)


Layouts = dict[str, Layout]


def frame_layouts(definition: dict[str, Any]) -> Layouts:
    """The layout of each action's frames: the aliases of its patterns, less the absent ($not) sides."""
    layouts = {}
    for action, rule in definition.items():
        if "#" not in action:
            continue  # the catch-all, which never fires
        aliases = tuple(alias for pattern in rule["all"] for alias in pattern if not alias.endswith("$not"))
        rule_id, outcome, clause = _action(action)
        layouts[action] = Layout(rule_id, outcome, clause, aliases, tuple(f'"{a}":{_FACT_START}' for a in aliases))
    return layouts


def read_firing(message: str, layouts: Layouts) -> list[Match]:
    """The matches of a batched firing, read without decoding every fact in it.

    Each fact is written back as we asserted it, with exactly one "id" key (a quote inside a value is
    escaped, so the pattern cannot match inside one), so the ids in order are the frames laid end to end.
    Anything unexpected falls back to full JSON decoding.
    """
    action = _ACTION.match(message)
    layout = layouts.get(action.group(1)) if action else None
    if layout is None or not layout.aliases:
        return _decode_firing(message)
    ids = _FACT_ID.findall(message)
    if not ids or len(ids) % len(layout.aliases) or len(ids) != message.count(_FACT_START) \
            or not layout.written_in_order(message):
        return _decode_firing(message)
    return layout.matches(ids)


def _decode_firing(message: str) -> list[Match]:
    """The slow, general reading of a firing: full JSON decoding."""
    (name, matched), = json.loads(message).items()
    rule_id, outcome, clause = _action(name)
    return [Match(rule_id, outcome, clause, frame["s"]["id"] if "s" in frame else "",
                  tuple(fact["id"] for alias, fact in frame.items() if alias.startswith("x")))
            for frame in (matched if isinstance(matched, list) else [matched])]


def _drain(registered: Registered, state_handle: int, result: SessionResult) -> None:
    """Run every action the assert made ready, synchronously, through durable's C API.

    Our actions only record what matched and never change the session state, so durable's Python action
    machinery (a closure, a promise and a JSON dump of the state per firing) is skipped.
    """
    handle, layouts = registered.ruleset._handle, registered.layouts
    started = durable_rules_engine.start_action_for_state(handle, state_handle)
    if not started:
        return
    ready: str | None = started[1]
    while ready:
        _record(ready, layouts, result)
        ready = durable_rules_engine.complete_and_start_action(handle, state_handle)


@functools.cache
def _action(action_name: str) -> tuple[str, str, int]:
    """'ENT-WRK-01#fail0' -> ('ENT-WRK-01', 'fail', 0)."""
    rule_id, outcome = action_name.split("#")
    kind = outcome.rstrip("0123456789")
    return rule_id, kind, int(outcome[len(kind):]) if outcome[len(kind):] else -1


def _record(message: str, layouts: Layouts, result: SessionResult) -> None:
    """One firing: the matches it carries (a firing must never be lost silently)."""
    try:
        result.matches.update(read_firing(message, layouts))
    except Exception as exc:
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
            count_into(spec.name, spec.cond, subjects, by_type.get(spec.fact_type, []))
            continue
        sign_of = sign_of_difference(spec.left, spec.right)
        for subject in subjects:
            sign = sign_of(subject)
            if sign is not None:
                subject[spec.name] = sign
    ranked = [fact_type for fact_type in program.type_order if fact_type in by_type]
    session: list[Fact] = []
    for fact_type in ranked + [fact_type for fact_type in by_type if fact_type not in program.type_order]:
        kept = program.matched_names.get(fact_type, _IDENTITY)
        for fact in by_type[fact_type]:
            copy = {key: value for key, value in fact.items() if key in kept}
            copy["sid"] = sid
            session.append(copy)
    return session


def base_id(fact_id: str) -> str:
    """A fact id without the suffix added when re-keyed after a hash collision."""
    return fact_id.split("~", 1)[0]
