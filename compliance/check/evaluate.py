"""Turn the engine's firings for one unit into findings: one per rule and item, with evidence."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compliance.core.dates import from_day_number
from compliance.core.severity import Status
from compliance.engine.compile import (
    CompareSpec,
    CompiledClause,
    CompiledRule,
    CountSpec,
    DerivedSpec,
    Program,
    undeclared_fields,
)
from compliance.engine.derived import value_of
from compliance.engine.session import Match, SessionResult, base_id
from compliance.facts.base import FieldSpec
from compliance.facts.core import Fact, FactMeta, UnitFacts
from compliance.facts.schema import fact_types
from compliance.report.model import ENGINE_RULE, Citation, Finding, Location, RuleDoc
from compliance.rules.conditions import Expr, compared_fields, fields_of
from compliance.rules.pack import Cite, Pack, Rule

MISSING_DATA = "missing_data"
_ALONE: dict[str, Status] = {"pass": "pass", "na": "not_applicable"}  # a lone firing that settles a per-item rule


class _Formatter(dict[str, str]):
    """Placeholder values for message templates; an unknown placeholder stays visible, never crashes."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Placeholders(_Formatter):
    """A failing item's values for its messages, each shown only when a template names it (most name one or two of
    the item's fields): the rule's parameters and the item's label are given; the item's fields are looked up."""

    def __init__(self, given: dict[str, str], fact: Fact, fields: dict[str, FieldSpec]) -> None:
        super().__init__(given)
        self.fact, self.fields = fact, fields

    def __missing__(self, key: str) -> str:
        spec = self.fields.get(key)
        if spec is None:
            return "{" + key + "}"
        value = self[key] = _template_value(self.fact.get(key), spec.kind)
        return value


def findings_for_unit(program: Program, packs: dict[str, Pack], facts: UnitFacts, session: SessionResult,
                      file: str, line: int | None = None) -> list[Finding]:
    """Every rule of the program, for every subject fact: exactly one finding, or an error finding."""
    by_subject: dict[tuple[str, str], list[Match]] = {}
    for match in session.matches:
        by_subject.setdefault((match.rule_id, base_id(match.subject)), []).append(match)
    by_type: dict[str, list[Fact]] = {}
    for fact in facts.facts:
        by_type.setdefault(fact["t"], []).append(fact)
    out: list[Finding] = []
    unit = _Unit(facts, file, line)
    for builder in _builders(program, packs):
        rule = builder.rule
        subjects = by_type.get(rule.for_each, [])
        tally: dict[tuple[str, Status], int] = {}
        unknown = False  # some item might apply, were it declared: "no item applies" cannot be said
        for order, fact in enumerate(subjects):
            result = builder.for_subject(unit, fact, by_subject.get((rule.id, fact["id"]), []), order)
            charged = str(fact.get(rule.charge_to, "")) if rule.charge_to else ""
            if isinstance(result, Finding):
                unknown = unknown or "undeclared" in result.evidence
                out.append(result.changed(charged_to=charged) if charged else result)
            else:
                tally[(charged, result)] = tally.get((charged, result), 0) + 1
        for (charged, status), count in sorted(tally.items(), key=lambda item: (item[0][0], item[0][1] != "pass")):
            out.append(builder.aggregate(unit, status, count, len(subjects), charged))
        no_item_applies = not rule.whole_unit and bool(by_subject.get((rule.id, "")))
        if no_item_applies and not unknown and (rule.if_none in ("fail", "missing") or not subjects):
            out.append(builder.for_none(unit, len(subjects)))
    for error in session.errors:
        out.append(_engine_error(facts.unit_id, error))
    return out


@dataclass(frozen=True)
class _Unit:
    """The unit being reported on: its facts (with provenance) and its file."""

    facts: UnitFacts
    file: str
    line: int | None = None

    def where(self, file: str | None, field: str) -> Location:
        """The evidence's location: file (and line of a JSON Lines file) and field path."""
        if file and file != self.file or self.line is None:
            return Location(file or self.file, field)
        return Location(self.file, field, self.line)


def _builders(program: Program, packs: dict[str, Pack]) -> list[_Builder]:
    """One finding builder per rule, made once per program (their plans do not depend on the unit)."""
    if "builders" not in program.cache:
        program.cache["builders"] = [_Builder(compiled, packs[compiled.pack_id], program.derived)
                                     for compiled in program.rules.values()]
    builders: list[_Builder] = program.cache["builders"]
    return builders


def _engine_error(unit_id: str, error: str) -> Finding:
    return Finding(ENGINE_RULE, unit_id, "error", "critical", f"规则引擎错误：{error}", f"rule engine error: {error}")


def _display(value: Any, kind: str) -> Any:
    """A fact value as shown in evidence: day numbers back to ISO dates."""
    if kind == "day" and isinstance(value, int):
        return from_day_number(value).isoformat()
    return value


def _derived_inputs(expr: Expr | None, derived: list[DerivedSpec]) -> set[str]:
    """Names of the fields (derived ones included, transitively) a matched expression depends on."""
    names = set(fields_of(expr))
    for spec in reversed(derived):
        if spec.name in names and isinstance(spec, CompareSpec):
            names.update(fields_of(spec.left) + fields_of(spec.right))
    return names


def _template_value(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(_display(value, kind))


class _Builder:
    """Builds the findings of one compiled rule; what it reads of the rule is worked out once."""

    def __init__(self, compiled: CompiledRule, pack: Pack, derived: list[DerivedSpec]) -> None:
        self.compiled = compiled
        self.rule = compiled.rule
        self.subject = fact_types()[self.rule.for_each]
        self.fields = self.subject.fields
        self.when_fields = fields_of(compiled.when)
        self.own_fields = {c.index: compared_fields(c.expr) for c in compiled.clauses}
        self.join_clauses = {c.index for c in compiled.clauses if c.join is not None}
        self.needs_pass = len(self.join_clauses) < len(compiled.clauses)
        self.tested_fields = {c.index: fields_of(c.expr) for c in compiled.clauses}
        self.read_fields = {c.index: fields_of(c.expr) + fields_of(c.expr, "subject") for c in compiled.clauses}
        counts = [spec for spec in derived if isinstance(spec, CountSpec)]
        self.clause_counts = {c.index: [s for s in counts if s.name in _derived_inputs(c.match, derived)]
                              for c in compiled.clauses}
        self.when_counts = [s for s in counts if s.name in _derived_inputs(compiled.when_match, derived)]
        self.doc = rule_doc(self.rule, pack)
        self.param_texts = {name: str(value) for name, value in compiled.params.items()}
        self.whole_unit = self.rule.whole_unit  # read per item: worked out once
        self.counted_alone = not self.whole_unit and not self.join_clauses and self.needs_pass

    def for_subject(self, unit: _Unit, fact: Fact, matches: list[Match], order: int) -> Finding | Status:
        """The finding for this rule and item, from what the engine reported about it.

        A failure (or an error) is a finding of its own; a pass or a not-applicable of a per-item rule is only
        counted here (aggregate() makes one finding of them), so a city of enterprises stays readable.
        """
        if len(matches) == 1 and self.counted_alone:  # the common case: one firing, a pass or a not-applicable
            alone = _ALONE.get(matches[0].outcome)
            if alone is not None:
                return alone
        meta = unit.facts.meta[fact["id"]]
        outcomes = {match.outcome for match in matches}
        confirmed = {match.clause for match in matches if match.outcome == "ok"}
        if not self.needs_pass and confirmed:
            outcomes.add("pass")  # a rule of joins only: the "#ok" firings are the confirmation
        if "pass" in outcomes and not self.join_clauses <= confirmed:
            outcomes.discard("pass")  # its own conditions hold, but a join was not confirmed
        if len(outcomes & {"fail", "pend", "pass"}) > 1:
            return self._error(unit, meta, order, "同一条目的结果互相矛盾（" + "、".join(sorted(outcomes)) + "）",
                               "the engine reported contradictory results: " + ", ".join(sorted(outcomes)))
        for outcome in ("fail", "pend"):
            if outcome in outcomes:
                failed = sorted({m.clause for m in matches if m.outcome == outcome})
                finding = self._failure(unit, fact, meta, [self.compiled.clauses[i] for i in failed], matches, order)
                return finding if outcome == "fail" else self._pending(finding, fact)
        if "miss" in outcomes and not outcomes & {"pass", "fail", "pend"}:  # it might apply, were it declared
            return self._undeclared(unit, fact, meta, order)
        status: Status | None = "pass" if "pass" in outcomes else "not_applicable" if "na" in outcomes else None
        if status is None:
            return self._error(unit, meta, order, "规则引擎未对该条目给出结果", "the engine gave no result for this item")
        if not self.whole_unit:
            return status
        message = ("符合要求", "requirement met") if status == "pass" else (
            self.rule.na_message or "不适用", self.rule.na_message_en or "not applicable")
        return self._finding(unit, status, meta, order, *message, *self._evidence(unit, fact, meta, []))

    def aggregate(self, unit: _Unit, status: Status, count: int, order: int, charged: str = "") -> Finding:
        """One finding for the items of a per-item rule that passed (or did not apply): of one unit answerable for
        them, when the rule charges its items to units."""
        subject = self.subject
        if status == "pass":
            message, message_en = f"{count}项{subject.zh}符合要求", f"{count} {subject.en} item(s) meet the requirement"
        else:
            message, message_en = f"{count}项{subject.zh}不适用", f"{count} {subject.en} item(s) not applicable"
            if self.rule.na_message:
                message += f"：{self.rule.na_message}"
                message_en += f": {self.rule.na_message_en or self.rule.na_message}"
        meta = FactMeta(subject.list_path, "", "")
        evidence = {"fact_type": self.rule.for_each, "checked": count}
        return self._finding(unit, status, meta, order, message, message_en, unit.where(None, meta.path), evidence,
                             count, charged)

    def for_none(self, unit: _Unit, order: int) -> Finding:
        """The finding when no item of the rule's subject type applies (order = how many items there are).

        A gap for want of any record costs the rule's whole deduction (max_points), so that leaving the
        records out never scores better than recording items that fail.
        """
        subject_type = self.subject
        status: Status = "fail" if self.rule.if_none in ("fail", "missing") else (
            "pass" if self.rule.if_none == "pass" else "not_applicable")
        if status == "fail":
            message = self.rule.none_message or f"未提供{subject_type.zh}记录"
            message_en = self.rule.none_message_en or f"no {subject_type.en} record provided"
        else:
            message = self.rule.none_message or f"无适用的{subject_type.zh}"
            message_en = self.rule.none_message_en or f"no applicable {subject_type.en}"
        meta = FactMeta(subject_type.list_path, "", "")
        actual = f"{order}项均不适用" if order else "无"
        evidence = {"expected": f"至少一项适用的{subject_type.zh}", "actual": actual}
        finding = self._finding(unit, status, meta, order, message, message_en, unit.where(None, meta.path), evidence)
        if status == "fail":
            finding = finding.changed(points=self.rule.max_points or self.rule.points, no_items=True,
                                          gap=MISSING_DATA if self.rule.if_none == "missing" else "breach")
        return finding

    def _failure(self, unit: _Unit, fact: Fact, meta: FactMeta, clauses: list[CompiledClause], matches: list[Match],
                 order: int) -> Finding:
        labels, labels_en = self._placeholders(fact, meta.label_zh), self._placeholders(fact, meta.label_en)
        messages, messages_en, missing_all = [], [], []
        undeclared = True  # every clause failed for want of a declaration only: missing data, not a breach
        for clause in clauses:
            missing = [name for name in self.own_fields[clause.index] if name not in fact]
            missing_all.extend(missing)
            absent = [name for name in self.tested_fields[clause.index] if name not in fact]
            if absent and not missing and not clause.message and clause.missing_message:
                missing = absent  # a present() test failed: the clause's missing_message says what is absent
            undeclared = undeclared and bool(missing) and all(self.fields[name].declared for name in missing)
            if missing and clause.missing_message:
                messages.append(clause.missing_message.format_map(labels))
                messages_en.append((clause.missing_message_en or clause.missing_message).format_map(labels_en))
            elif missing:
                specs = [self.fields[name] for name in missing]
                messages.append(f"{meta.label_zh + '：' if meta.label_zh and not self.whole_unit else ''}"
                                f"未提供{'、'.join(spec.zh for spec in specs)}")
                messages_en.append(f"{meta.label_en + ': ' if meta.label_en and not self.whole_unit else ''}"
                                   f"missing: {', '.join(spec.en for spec in specs)}")
            else:
                text = clause.text.replace("{", "{{").replace("}", "}}")  # the condition's own braces are text
                messages.append((clause.message or f"{{label}}不符合：{text}").format_map(labels))
                messages_en.append((clause.message_en or f"{{label}} fails: {text}").format_map(labels_en))
        where, evidence = self._evidence(unit, fact, meta, clauses, missing_all)
        items = sorted({item for m in matches if m.outcome == "fail" for item in m.items})
        if items:
            evidence["items"] = [_item_ref(unit, item) for item in items]
        finding = self._finding(unit, "fail", meta, order, "；".join(dict.fromkeys(messages)),
                                "; ".join(dict.fromkeys(messages_en)), where, evidence)
        return finding.changed(gap=MISSING_DATA) if undeclared else finding

    def _undeclared(self, unit: _Unit, fact: Fact, meta: FactMeta, order: int) -> Finding:
        """The rule might apply to the item, but a declaration it needs to tell is missing: missing data (资料缺失),
        never "not applicable"."""
        names = [name for name in undeclared_fields(self.compiled) if name not in fact]
        specs = [self.fields[name] for name in names]
        prefix, prefix_en = (meta.label_zh + "：", meta.label_en + ": ") if not self.whole_unit else ("", "")
        message = f"{prefix}未申报{'、'.join(spec.zh for spec in specs)}，无法判定是否适用本条要求"
        message_en = (f"{prefix_en}{', '.join(spec.en for spec in specs)} not declared: cannot tell whether the "
                      "requirement applies")
        where, evidence = self._evidence(unit, fact, meta, [], names)
        evidence["undeclared"] = names
        finding = self._finding(unit, "fail", meta, order, message, message_en, where, evidence)
        return finding.changed(gap=MISSING_DATA)

    def _pending(self, finding: Finding, fact: Fact) -> Finding:
        """A failing item whose deadline is after the audit date: not a gap yet, shown with its deadline."""
        due = value_of(self.compiled.due)(fact, fact) if self.compiled.due is not None else None
        date = from_day_number(due).isoformat() if isinstance(due, int) else ""
        label, label_en = (f"{finding.item}：", f"{finding.item_en or finding.item}: ") if finding.item else ("", "")
        return finding.changed(
            status="pending", points=0.0, key="", period="", evidence={**finding.evidence, "due": date},
            message=f"{label}尚未到期（期限{date}），届时仍未做到即为问题",
            message_en=f"{label_en}not yet due (by {date}); a gap if still not done by then")

    def _placeholders(self, fact: Fact, label: str) -> _Placeholders:
        """The values a message template may name: the item's fields, the rule's parameters, the item's label."""
        return _Placeholders({**self.param_texts, "label": label}, fact, self.fields)

    def _evidence(self, unit: _Unit, fact: Fact, meta: FactMeta, clauses: list[CompiledClause],
                  missing: list[str] | None = None) -> tuple[Location, dict[str, Any]]:
        fields = self.fields
        shown = clauses or list(self.compiled.clauses)
        names = list(dict.fromkeys(name for clause in shown for name in self.read_fields[clause.index]))
        values: dict[str, Any] = {name: _display(fact.get(name), fields[name].kind) for name in names if name in fields}
        values.update({spec.text: fact[spec.name] for clause in shown for spec in self.clause_counts[clause.index]
                       if spec.name in fact})
        context: dict[str, Any] = {name: _display(fact.get(name), fields[name].kind)
                                   for name in self.when_fields if name in fields and name not in values}
        context.update({spec.text: fact[spec.name] for spec in self.when_counts if spec.name in fact})
        compared_first = [n for clause in clauses for n in self.own_fields[clause.index] + self.read_fields[clause.index]]
        clause_fields = [n for n in dict.fromkeys(compared_first) if n in fields and fields[n].source]
        focus = (missing or clause_fields)[:1]
        source = _source_path(fields[focus[0]].source, fact) if focus else ""
        if not focus and not meta.path and clauses:
            source = next((fact_types()[spec.fact_type].list_path for clause in clauses
                           for spec in self.clause_counts[clause.index]), "")
        # a source from the record's root ("/industry": a category of the whole unit) is not under the item's path
        path = source[1:] if source.startswith("/") else ".".join(part for part in (meta.path, source) if part)
        evidence: dict[str, Any] = {"fact_type": self.rule.for_each, "values": values}
        if self.subject.about:
            evidence["about"] = {name: _display(fact.get(name), fields[name].kind) for name in self.subject.about}
        if context:
            evidence["context"] = context
        if clauses:
            evidence["expected"] = [clause.text for clause in clauses]
            params = {name: value for name, value in self.compiled.params.items()
                      if any(name in clause.text for clause in clauses)}
            if params:
                evidence["params"] = params
        if missing:
            evidence["missing"] = [fields[name].source.lstrip("/") or name for name in missing if name in fields]
        return unit.where(meta.file, path), evidence

    def _error(self, unit: _Unit, meta: FactMeta, order: int, message: str, message_en: str) -> Finding:
        return self._finding(unit, "error", meta, order, message, message_en, unit.where(meta.file, meta.path), {})

    def _finding(self, unit: _Unit, status: Status, meta: FactMeta, order: int, message: str, message_en: str,
                 where: Location, evidence: dict[str, Any], count: int = 1, charged: str = "") -> Finding:
        rule, itemised = self.rule, not self.whole_unit
        return Finding(self.doc, unit.facts.unit_id, status, rule.severity, message, message_en, where, evidence,
                       item=meta.label_zh if itemised else "", item_en=meta.label_en if itemised else "",
                       points=rule.points if status == "fail" else 0.0, order=order, count=count, charged_to=charged,
                       gap="breach" if status == "fail" else "",
                       key=meta.item_key() if itemised and status == "fail" else "",
                       period=meta.period if itemised and status == "fail" else "",
                       span=_span(meta.span) if itemised and status == "fail" else None)


def _source_path(source: str, fact: Fact) -> str:
    """A field's source path in the record, its placeholders ({index}…) filled from the fact."""
    if "{" not in source:
        return source
    return source.format_map(_Formatter({key: str(value) for key, value in fact.items()}))


def _span(days: tuple[int, int] | None) -> tuple[str, str] | None:
    return None if days is None else (from_day_number(days[0]).isoformat(), from_day_number(days[1]).isoformat())


def rule_doc(rule: Rule, pack: Pack) -> RuleDoc:
    """A rule as reports describe it, its quotes resolved against the pack's sources."""
    return RuleDoc(rule.id, rule.name, pack.pack.id, rule.title, rule.title_en, rule.severity,
                   tuple(_citation(pack, cite) for cite in rule.cite),
                   _citation(pack, rule.penalty) if rule.penalty else None, rule.remediation, rule.remediation_en,
                   rule.deadline, rule.deadline_en, rule.summary, rule.summary_en, rule.points, rule.max_points,
                   bool(rule.charge_to), rule.proof, rule.proof_en, tuple(clause.expr for clause in rule.require),
                   rule.for_each)


def rule_docs(packs: list[Pack]) -> tuple[RuleDoc, ...]:
    """Every rule of the packs as reports describe it."""
    return tuple(rule_doc(rule, pack) for pack in packs for rule in pack.rule)


def _citation(pack: Pack, cite: Cite) -> Citation:
    source = pack.sources[cite.source]
    return Citation(cite.source, source.title, source.title_en or source.title, cite.article, cite.text, cite.verified)


def _item_ref(unit: _Unit, fact_id: str) -> dict[str, str]:
    meta = unit.facts.meta[base_id(fact_id)]
    return {"field": meta.path, "item": meta.label_zh}
