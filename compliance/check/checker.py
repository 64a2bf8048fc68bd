"""Check one unit at a time: facts -> engine -> findings -> score. Built once per process (workers build their own)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from compliance.bundle.load import LoadedUnit, record_label
from compliance.bundle.streams import RawRecord
from compliance.bundle.validate import validate_record
from compliance.check.baseline import Baseline
from compliance.check.evaluate import findings_for_unit
from compliance.check.waivers import Waivers
from compliance.core.problems import InputError
from compliance.engine.compile import Program, build_program
from compliance.engine.session import Engine
from compliance.facts.city import build_city_facts
from compliance.facts.digest import digest_of
from compliance.facts.enterprise import build_enterprise_facts
from compliance.facts.unit import build_unit_facts
from compliance.records.audit import Audit
from compliance.records.catalog import CatalogIndex
from compliance.records.city import EnterpriseDigest
from compliance.records.enterprise import Enterprise
from compliance.report.model import Place, UnitReport
from compliance.report.stats import score
from compliance.rules.pack import Pack
from compliance.rules.params import Overrides, effective_params

UNIT_KINDS = ("department", "district", "enterprise", "city")
_ENGINE: Engine | None = None
_FACT_BUILDERS = {"enterprise": build_enterprise_facts, "city": build_city_facts}


def engine() -> Engine:
    """The process's one engine (one durable Host per process)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE


def build_programs(packs: list[Pack], overrides: Overrides, kinds: tuple[str, ...] = UNIT_KINDS) -> dict[str, Program]:
    """One compiled program per unit kind, with the rules that apply to it."""
    params = effective_params(packs, overrides)
    programs = {}
    files = ", ".join(Path(p.file).name for p in packs)
    for kind in kinds:
        selected = [(rule, pack.pack.id, params[rule.id]) for pack in packs for rule in pack.rule
                    if kind in rule.applies_to]
        if selected:
            programs[kind] = build_program(kind, selected, files)
    return programs


@dataclass(frozen=True)
class UnitOutcome:
    """What checking one record gave: the unit's report (None if the record was unusable) and its input problems."""

    report: UnitReport | None
    problems: tuple[InputError, ...]
    digest: EnterpriseDigest | None = None


class Checker:
    """Compiled programs, catalog and audit: everything needed to check any unit of the bundle."""

    def __init__(self, audit: Audit, catalog: CatalogIndex, packs: list[Pack], overrides: Overrides,
                 baseline: Baseline | None = None, waivers: Waivers | None = None) -> None:
        self.audit = audit
        self.baseline = baseline
        self.waivers = waivers
        self.catalog = catalog
        self.packs = {pack.pack.id: pack for pack in packs}
        self.programs = build_programs(packs, overrides)

    def check(self, loaded: LoadedUnit) -> tuple[UnitReport, list[InputError]]:
        """Facts -> engine -> findings -> score for one validated unit; also the warnings facts raised."""
        program = self.programs[loaded.kind]
        builder = _FACT_BUILDERS.get(loaded.kind, build_unit_facts)
        facts = builder(loaded, self.audit, self.catalog)
        session = engine().run(program, loaded.unit.id, facts.facts)
        findings = findings_for_unit(program, self.packs, facts, session, loaded.file, loaded.line)
        report = UnitReport(loaded.unit.id, loaded.unit.name or loaded.unit.id, loaded.kind, loaded.file, findings)
        if self.waivers is not None:
            report = self.waivers.apply(report)
        if self.baseline is not None:
            report = self.baseline.classify(report)
        report.score = score(report.findings)
        return report, facts.warnings

    def check_raw(self, raw: RawRecord) -> UnitOutcome:
        """Parse (a JSONL line), validate and check one enterprise record; every problem is reported."""
        enterprise, problems = read_enterprise(raw)
        if enterprise is None:
            return UnitOutcome(None, tuple(problems))
        if "enterprise" not in self.programs:
            return UnitOutcome(None, (*problems, _no_ruleset(raw.file, enterprise_label(enterprise.id, raw.line))))
        report, warnings = self.check(LoadedUnit("enterprise", enterprise, raw.file, raw.line))
        digest = digest_of(enterprise, self.catalog)
        report.place = Place(digest.supervisor, digest.district, digest.industry,
                             tuple(digest.categories_in(self.audit.year)))
        return UnitOutcome(report, tuple(problems + warnings), digest)


def read_enterprise(raw: RawRecord) -> tuple[Enterprise | None, list[InputError]]:
    """Parse (a JSONL line) and validate one enterprise record: the model (None if unusable) and the problems."""
    data, error = raw.parse()
    if error is not None:
        return None, [error]
    if not isinstance(data, dict) or not data:
        what = ("记录应为非空的表（对象），未检查", "a record must be a non-empty table (object); not checked")
        return None, [InputError(raw.file, raw.position, "", *what)]
    validated = validate_record(Enterprise, data, raw.file, _enterprise_label(record_label(data, ""), raw))
    return validated.model, [dataclasses.replace(e, line=raw.line or 0) for e in validated.errors]


def _enterprise_label(label: str, raw: RawRecord) -> str:
    return enterprise_label(label, raw.line) if label or raw.line is None else raw.position


def enterprise_label(label: str, line: int | None) -> str:
    """An enterprise's name in errors: its id (or name), with the line of a JSONL file."""
    return f"{label} (line {line})" if line is not None else label


def _no_ruleset(file: str, record: str) -> InputError:
    return InputError(file, record, "", "未加载企业规则集，记录未检查", "no enterprise ruleset is loaded; not checked",
                      "warning")
