"""A unit's findings priced and summed into its assessment sheet by the scheme's sheet for its kind."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from compliance.check.evaluate import MISSING_DATA as MISSING
from compliance.check.evaluate import rule_doc
from compliance.records.kinds import kinds
from compliance.report.model import Finding, RuleDoc
from compliance.report.sheet import LineStatus, Sheet, SheetBonus, SheetCategory, SheetLine, SheetVeto, Trigger
from compliance.rules.pack import Pack, Rule
from compliance.rules.scheme import Item, ItemRole, Pricing, Scheme, SheetSpec, item_rules, scored_rules


@dataclass(frozen=True)
class _Line:
    """A rule as the sheet scores it: its doc, and what an item costs."""

    doc: RuleDoc
    points: float
    max_points: float | None
    missing_points: float
    pricing: Pricing | None


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
        return dataclasses.replace(finding, points=points, severity=severity)

    def price_all(self, findings: list[Finding]) -> list[Finding]:
        """Every finding priced; a declaration missing costs the unit once, however many rules needed it."""
        charged: set[str] = set()
        priced = []
        for finding in (self.price(f) for f in findings):
            if finding.status == "fail" and finding.gap == MISSING and not finding.no_items and finding.where.field:
                if finding.where.field in charged:
                    finding = dataclasses.replace(finding, points=0.0)
                charged.add(finding.where.field)
            priced.append(finding)
        return priced

    def _weighted(self, line: _Line, finding: Finding) -> float:
        about = finding.evidence.get("about", {})
        for weight in line.pricing.weight if line.pricing else ():
            if all(about.get(name) == value for name, value in weight.match.items()):
                return weight.points
        return line.points

    def sheet(self, findings: Iterable[Finding], triggers: Iterable[Finding]) -> Sheet:
        """The unit's sheet from its (priced, waived) findings and the scheme items its records triggered."""
        by_rule: dict[str, list[Finding]] = {}
        for finding in findings:
            by_rule.setdefault(finding.rule_id, []).append(finding)
        by_item: dict[str, list[Finding]] = {}
        for finding in triggers:
            if finding.status == "fail" and finding.rule_id in self.items:
                by_item.setdefault(self.items[finding.rule_id], []).append(finding)
        categories = tuple(self._category(c.id, by_rule) for c in self.spec.category)
        bonuses = tuple(self._bonus(item, by_item.get(item.id, [])) for item in self.spec.bonus)
        vetoes = tuple(self._veto(item, by_item.get(item.id, []), by_rule) for item in self.spec.veto)
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
        deducted = min(points, cap) if cap else points
        checked = sum(counts[key] for key in ("fail", "missing", "pending", "waived", "pass"))
        return SheetLine(rule_id, line.doc.title, line.doc.title_en, line.points, cap, line.missing_points,
                         _status(counts, bool(findings)), checked, counts["fail"], counts["missing"], counts["pending"],
                         counts["waived"], round(deducted, 2))

    def _bonus(self, item: Item, found: list[Finding]) -> SheetBonus:
        earned = item.points * sum(f.count for f in found)
        if item.max_points is not None:
            earned = min(earned, item.max_points)
        return SheetBonus(item.id, item.title, item.title_en, item.points, item.max_points, round(earned, 2),
                          tuple(_trigger(f) for f in found), self._checked(item))

    def _veto(self, item: Item, found: list[Finding], by_rule: dict[str, list[Finding]]) -> SheetVeto:
        gaps = [f for rule_id in item.rules for f in by_rule.get(rule_id, []) if f.status == "fail"]
        return SheetVeto(item.id, item.title, item.title_en, tuple(_trigger(f) for f in found + gaps),
                         self._checked(item))

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
    return _Line(rule_doc(rule, pack), points, cap, missing, pricing)


def _cap_or(line: _Line) -> float:
    return line.max_points if line.max_points else line.points


def _status(counts: dict[str, int], any_finding: bool) -> LineStatus:
    if not any_finding:
        return "not_checked"
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
