"""A unit's findings priced and summed into its assessment sheet by the scheme's sheet for its kind."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from compliance.check.evaluate import MISSING_DATA as MISSING
from compliance.check.evaluate import rule_doc
from compliance.facts.schema import fact_types
from compliance.records.kinds import kinds
from compliance.report.model import Finding, RuleDoc
from compliance.report.sheet import (
    LineStatus,
    Sheet,
    SheetBonus,
    SheetCategory,
    SheetLine,
    SheetVeto,
    Trigger,
    Weighting,
)
from compliance.rules.pack import Pack, Rule
from compliance.rules.scheme import Item, ItemRole, Pricing, Scheme, SheetSpec, item_rules, scored_rules

_LINES_KEPT = 10_000  # sheet lines kept to be shared between units (a line is a few hundred bytes)


@dataclass(frozen=True)
class _Line:
    """A rule as the sheet scores it: its doc, and what an item costs."""

    doc: RuleDoc
    points: float
    max_points: float | None
    missing_points: float
    pricing: Pricing | None
    weights: tuple[Weighting, ...] = ()
    list_points: float | None = None


class SheetPlan:
    """One kind's sheet, bound to the loaded rules: prices gaps and sums a unit's findings into its sheet."""

    def __init__(self, scheme_id: str, spec: SheetSpec, packs: list[Pack],
                 item_roles: dict[str, tuple[str, ItemRole, str]], root: str, loaded: set[str]) -> None:
        self.scheme_id = scheme_id
        self.spec = spec
        self.lines = {rule.id: _line_of(spec, pack, rule) for pack, rule in scored_rules(spec, packs)}
        self.categories = {category.id: [rule_id for rule_id in self.lines if spec.category_of(rule_id) is category]
                           for category in spec.category}  # worked out once: sheets are made per unit
        self.items = {rule_id: item_id for rule_id, (kind, _, item_id) in item_roles.items() if kind == spec.kind}
        self.matched = set(self.items.values())  # the condition items the engine runs in this configuration
        self.loaded = loaded
        self.root = Path(root) if root else None
        self.city_checked = False
        self._lines_made: dict[tuple[str, LineStatus, int, int, int, int, int, float], SheetLine] = {}

    def price(self, finding: Finding) -> Finding:
        """A gap's points and severity as this sheet sets them. Missing data (资料缺失) has the sheet's severity for
        it and costs the missing-data price per item; a list given not at all costs the rule's whole cap, so that
        leaving records out never scores better than recording items that fail. A breach costs the first matching
        weight, else the sheet's (or the rule's) points per item."""
        line = self.lines.get(finding.rule_id)
        if finding.status != "fail" or line is None:
            return finding
        missing_list = self.spec.missing.list_points
        if finding.no_items and finding.gap == MISSING and missing_list is not None:
            points = missing_list
        elif finding.no_items:
            points = _cap_or(line)
        elif finding.gap == MISSING:
            points = line.missing_points
        else:
            points = self._weighted(line, finding)
        severity = self.spec.missing.severity if finding.gap == MISSING else finding.severity
        if points == finding.points and severity == finding.severity:
            return finding  # priced as the rule prices it: the finding as it is
        return finding.changed(points=points, severity=severity)

    def price_all(self, findings: list[Finding]) -> list[Finding]:
        """Every finding priced; a declaration missing costs the unit once, however many rules needed it."""
        charged: set[str] = set()
        priced = []
        for finding in (self.price(f) for f in findings):
            if finding.status == "fail" and finding.gap == MISSING and not finding.no_items and finding.where.field:
                if finding.where.field in charged:
                    finding = finding.changed(points=0.0)
                charged.add(finding.where.field)
            priced.append(finding)
        return priced

    def _weighted(self, line: _Line, finding: Finding) -> float:
        """The first weight the item matches; where a field it is priced by is not declared (a hazard of unknown
        level), the dearest it could be, so that leaving a field out never costs less."""
        about = finding.evidence.get("about", {})
        weights = line.pricing.weight if line.pricing else ()
        possible = [w for w in weights if all(about.get(name) in (value, None) for name, value in w.match.items())]
        if any(about.get(name) is None for weight in possible for name in weight.match):
            return max([line.points] + [weight.points for weight in possible])
        return possible[0].points if possible else line.points

    def sheet(self, findings: Iterable[Finding], triggers: Iterable[Finding], context: Iterable[Finding] = (),
              city_checked: bool = False) -> Sheet:
        """The unit's sheet from its (priced, waived) findings, the scheme items its records triggered, and the
        missing data of the office's registers about it (`context`: not its gaps, but a veto they might decide is
        待核实, not 未触发)."""
        by_rule: dict[str, list[Finding]] = {}
        for finding in findings:
            by_rule.setdefault(finding.rule_id, []).append(finding)
        undecided: dict[str, list[Finding]] = {}
        for finding in context:
            undecided.setdefault(finding.rule_id, []).append(finding)
        by_item: dict[str, list[Finding]] = {}
        for finding in triggers:
            if finding.status == "fail" and finding.rule_id in self.items:
                by_item.setdefault(self.items[finding.rule_id], []).append(finding)
        self.city_checked = city_checked  # a city rule with nothing about the unit did not apply to it
        categories = tuple(self._category(c.id, by_rule) for c in self.spec.category)
        bonuses = tuple(self._bonus(item, by_item.get(item.id, [])) for item in self.spec.bonus)
        vetoes = tuple(self._veto(item, by_item.get(item.id, []), by_rule, undecided) for item in self.spec.veto)
        spec = self.spec
        sheet = Sheet(self.scheme_id, spec.title, spec.title_en, spec.points, categories, bonuses,
                      spec.bonus_max, vetoes)
        grade, grade_en = spec.grade_of(sheet.total, sheet.vetoed)
        return dataclasses.replace(sheet, grade=grade, grade_en=grade_en)

    def _category(self, category_id: str, by_rule: dict[str, list[Finding]]) -> SheetCategory:
        category = next(c for c in self.spec.category if c.id == category_id)
        lines = tuple(self._line(rule_id, self.lines[rule_id], by_rule.get(rule_id, []))
                      for rule_id in self.categories[category_id])
        deducted = min(sum(line.deducted for line in lines), category.points)
        return SheetCategory(category.id, category.title, category.title_en, category.points, round(deducted, 2), lines)

    def _line(self, rule_id: str, line: _Line, findings: list[Finding]) -> SheetLine:
        counts = {"fail": 0, "missing": 0, "pending": 0, "waived": 0, "pass": 0, "not_applicable": 0}
        points = 0.0
        for finding in findings:
            if finding.status == "fail":
                counts["missing" if finding.gap == MISSING else "fail"] += finding.count
                points += finding.points
            elif finding.status in counts:
                counts[finding.status] += finding.count
        cap = line.max_points
        deducted = round(min(points, cap) if cap else points, 2)
        checked = counts["fail"] + counts["missing"] + counts["pending"] + counts["waived"] + counts["pass"]
        status = _status(counts, bool(findings), line.doc.charged and self.city_checked)
        made = (rule_id, status, checked, counts["fail"], counts["missing"], counts["pending"], counts["waived"], deducted)
        found = self._lines_made.get(made)
        if found is None:  # lines are values: units whose rule came out alike share one (most do)
            if len(self._lines_made) >= _LINES_KEPT:
                self._lines_made.clear()
            found = self._lines_made[made] = SheetLine(
                rule_id, line.doc.title, line.doc.title_en, line.points, cap, line.missing_points, status, checked,
                counts["fail"], counts["missing"], counts["pending"], counts["waived"], deducted, line.weights,
                line.list_points)
        return found

    def _bonus(self, item: Item, found: list[Finding]) -> SheetBonus:
        earning, unknown = _split(found)
        earned = item.points * sum(f.count for f in earning)
        if item.max_points is not None:
            earned = min(earned, item.max_points)
        return SheetBonus(item.id, item.title, item.title_en, item.points, item.max_points, round(earned, 2),
                          tuple(_trigger(f) for f in earning), self._checked(item), tuple(_trigger(f) for f in unknown))

    def _veto(self, item: Item, found: list[Finding], by_rule: dict[str, list[Finding]],
              undecided: dict[str, list[Finding]]) -> SheetVeto:
        """Raised by a breach its condition or rules find; 待核实 where only missing data stands in the way."""
        gaps = [f for rule_id in item.rules for f in by_rule.get(rule_id, []) if f.status == "fail"]
        raising, unknown = _split(found + gaps)
        unknown += [f for rule_id in item.rules for f in undecided.get(rule_id, [])]
        return SheetVeto(item.id, item.title, item.title_en, tuple(_trigger(f) for f in raising),
                         self._checked(item), tuple(_trigger(f) for f in unknown))

    def _checked(self, item: Item) -> bool:
        """Was the item checked: its condition matched (or its rules loaded), and the records it reads provided (a
        veto on a register that is not there is not checked, and says so)?"""
        ran = item.id in self.matched if item.for_each else any(rule in self.loaded for rule in item.rules)
        return ran and (not item.needs or self.root is None or (self.root / item.needs).is_file())


def _line_of(spec: SheetSpec, pack: Pack, rule: Rule) -> _Line:
    """A rule's scoring standard in this sheet: the sheet's pricing where it has one, else the rule's own."""
    pricing = spec.pricing(rule.id)
    points = pricing.points if pricing and pricing.points is not None else rule.points
    cap = pricing.max_points if pricing and pricing.max_points is not None else rule.max_points
    missing = pricing.missing_points if pricing and pricing.missing_points is not None else spec.missing.points
    weights = tuple(Weighting(w.label or _described(w.match, rule, "zh"), w.label_en or _described(w.match, rule, "en"),
                              w.points) for w in (pricing.weight if pricing else ()))
    over_list = not rule.whole_unit and rule.if_none in ("fail", "missing")
    whole = cap if cap else points
    list_points = (spec.missing.list_points if spec.missing.list_points is not None and rule.if_none == "missing"
                   else whole) if over_list else None
    return _Line(rule_doc(rule, pack), points, cap, missing, pricing, weights, list_points)


def _described(match: dict[str, str | int | bool], rule: Rule, lang: str) -> str:
    """A weight's match as the standard names it when the scheme gives no label: 隐患等级=major、…=是."""
    fields = fact_types()[rule.for_each].fields
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    parts = []
    for name, value in match.items():
        label = (fields[name].zh if lang == "zh" else fields[name].en) if name in fields else name
        shown = (yes if value else no) if isinstance(value, bool) else str(value)
        parts.append(f"{label}={shown}")
    return ("、" if lang == "zh" else ", ").join(parts)


def _split(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Breaches, and findings of missing data (which decide nothing either way)."""
    return [f for f in findings if f.gap != MISSING], [f for f in findings if f.gap == MISSING]


def _cap_or(line: _Line) -> float:
    return line.max_points if line.max_points else line.points


def _status(counts: dict[str, int], any_finding: bool, city_ran: bool) -> LineStatus:
    if not any_finding:
        return "not_applicable" if city_ran else "not_checked"
    if counts["fail"] or counts["missing"]:
        return "fail"
    statuses: tuple[LineStatus, ...] = ("pending", "waived", "pass")
    return next((status for status in statuses if counts[status]), "not_applicable")


def _trigger(finding: Finding) -> Trigger:
    item = finding.item or finding.rule.title
    return Trigger(item, finding.item_en or finding.rule.title_en, finding.message, finding.message_en, finding.where)


class Assessment:
    """The scheme in effect for a run: its condition items as an extra pack (those whose session kind has loaded
    rules: --rules department runs no enterprise veto), and one sheet plan per kind it scores."""

    def __init__(self, scheme: Scheme, packs: list[Pack], root: str = "") -> None:
        self.scheme = scheme
        in_use = {kind for pack in packs for rule in pack.rule for kind in rule.applies_to}
        pack, roles = item_rules(scheme)
        active = [rule for rule in pack.rule if set(rule.applies_to) <= in_use]
        self.item_pack = pack.model_copy(update={"rule": tuple(active)})
        self.item_rules = frozenset(rule.id for rule in active)
        roles = {rule_id: role for rule_id, role in roles.items() if rule_id in self.item_rules}
        loaded = {rule.id for pack in packs for rule in pack.rule}
        self.plans = {spec.kind: SheetPlan(scheme.scheme.id, spec, packs, roles, root, loaded)
                      for spec in scheme.sheet}

    def plan(self, kind: str) -> SheetPlan | None:
        """The sheet plan of a kind of unit, if the scheme scores it."""
        return self.plans.get(kind)


def blank_sheets(scheme: Scheme | None, packs: list[Pack]) -> tuple[tuple[str, Sheet], ...]:
    """Per kind the scheme scores (in the kinds' order), its sheet with nothing checked: the standard a report
    states once."""
    if scheme is None:
        return ()
    plans = Assessment(scheme, packs).plans
    return tuple((kind.name, plans[kind.name].sheet([], [])) for kind in kinds() if kind.name in plans)
