"""The library API: check a bundle against rule packs and get a Report (the CLI is a thin layer over this)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.catalog import CatalogIndex, merged_catalog, rulesets_dir
from compliance.compile import Program, build_program
from compliance.engine import Engine
from compliance.enterprise_facts import build_enterprise_facts
from compliance.errors import UsageError
from compliance.evaluate import findings_for_unit
from compliance.facts import build_unit_facts
from compliance.findings import UnitReport
from compliance.load import Bundle, LoadedUnit, load_bundle
from compliance.params import Overrides, effective_params, load_profile
from compliance.report import Report, score, sort_units
from compliance.rules import Pack, load_pack

UNIT_KINDS = ("department", "district", "enterprise")
_ENGINE: Engine | None = None


def engine() -> Engine:
    """The process's one engine (one durable Host per process)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE


@dataclass(frozen=True)
class Options:
    """What a check run may be told: which packs, which date, which parameter overrides."""

    rules: tuple[str, ...] = ()
    as_of: dt.date | None = None
    params: Overrides = field(default_factory=dict)
    profile: str | None = None


def pack_paths(specs: tuple[str, ...] = ()) -> list[Path]:
    """Rule packs by file path or by id of a shipped pack; all shipped packs when none are named."""
    shipped = {path.stem: path for path in sorted(rulesets_dir().glob("*.toml")) if path.stem != "catalog"}
    if not specs:
        return list(shipped.values())
    paths = []
    for spec in specs:
        path = Path(spec)
        if path.is_file():
            paths.append(path)
        elif spec in shipped:
            paths.append(shipped[spec])
        else:
            raise UsageError(f"rule pack not found: {spec} (shipped: {', '.join(shipped)})")
    return paths


def load_packs(specs: tuple[str, ...] = ()) -> list[Pack]:
    """Load and strictly check the named (or all shipped) packs."""
    packs = [load_pack(path) for path in pack_paths(specs)]
    ids = [pack.pack.id for pack in packs]
    rule_ids = [rule.id for pack in packs for rule in pack.rule]
    if len(set(ids)) != len(ids) or len(set(rule_ids)) != len(rule_ids):
        raise UsageError("the same pack or rule id is loaded twice; name each pack once")
    return packs


def build_programs(packs: list[Pack], overrides: Overrides, kinds: tuple[str, ...] = UNIT_KINDS) -> dict[str, Program]:
    """One compiled program per unit kind, with the rules that apply to it."""
    params = effective_params(packs, overrides)
    programs = {}
    for kind in kinds:
        selected = [(rule, pack.pack.id, params[rule.id]) for pack in packs for rule in pack.rule if kind in rule.applies_to]
        if selected:
            programs[kind] = build_program(kind, selected, ", ".join(Path(p.file).name for p in packs))
    return programs


def check_unit(program: Program, packs: dict[str, Pack], loaded: LoadedUnit, bundle: Bundle,
               catalog: CatalogIndex) -> UnitReport:
    """Facts -> engine -> findings -> score for one unit."""
    builder = build_enterprise_facts if loaded.kind == "enterprise" else build_unit_facts
    facts = builder(loaded, bundle.audit, catalog)
    bundle.input_errors.extend(facts.warnings)
    session = engine().run(program, loaded.unit.id, facts.facts)
    findings = findings_for_unit(program, packs, facts, session, loaded.file)
    caps = {rule_id: compiled.rule.max_points for rule_id, compiled in program.rules.items()}
    return UnitReport(loaded.unit.id, loaded.unit.name, loaded.kind, loaded.file, findings, score(findings, caps))


def check_bundle(bundle: Bundle, packs: list[Pack], options: Options) -> Report:
    """Check a loaded bundle."""
    if options.as_of is not None:
        bundle.audit = bundle.audit.model_copy(update={"as_of": options.as_of})
    overrides: Overrides = {}
    profile = options.profile or bundle.audit.profile
    if profile:
        overrides.update(load_profile(profile))
    overrides.update(options.params)
    programs = build_programs(packs, overrides)
    by_id = {pack.pack.id: pack for pack in packs}
    catalog = merged_catalog(bundle.catalog)
    units = [check_unit(programs[loaded.kind], by_id, loaded, bundle, catalog)
             for loaded in bundle.units if loaded.kind in programs]
    audit = bundle.audit
    as_of = audit.as_of or dt.date(audit.year, 12, 31)
    return Report(audit.jurisdiction, audit.year, as_of.isoformat(),
                  [{"id": p.pack.id, "version": p.pack.version} for p in packs], sort_units(units),
                  sorted(bundle.input_errors), _param_summary(packs, overrides))


def _param_summary(packs: list[Pack], overrides: Overrides) -> dict[str, Any]:
    values: dict[str, Any] = {name: param.default for pack in packs for name, param in pack.params.items()}
    values.update(overrides)
    return dict(sorted(values.items()))


def check(bundle_path: Path | str, options: Options | None = None) -> Report:
    """Load a bundle folder and check it; raises BundleError, RulesetError or UsageError on unusable input."""
    options = options or Options()
    packs = load_packs(options.rules)
    bundle = load_bundle(Path(bundle_path))
    return check_bundle(bundle, packs, options)
