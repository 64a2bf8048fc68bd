"""The library API: check a bundle against rule packs and get a Report (the CLI is a thin layer over this)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from compliance.catalog import rulesets_dir
from compliance.checking import build_programs, engine
from compliance.errors import UsageError
from compliance.load import Bundle, load_bundle
from compliance.params import Overrides
from compliance.pipeline import outcomes, prepare
from compliance.report import Report, sort_findings
from compliance.rules import Pack, load_pack

__all__ = ["Options", "build_programs", "check", "check_bundle", "engine", "load_packs", "pack_paths"]


@dataclass(frozen=True)
class Options:
    """What a check run may be told: which packs, which date, which parameters, how many worker processes."""

    rules: tuple[str, ...] = ()
    as_of: dt.date | None = None
    params: Overrides = field(default_factory=dict)
    profile: str | None = None
    workers: int = 1


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
    params = [name for pack in packs for name in pack.params]
    if len(set(params)) != len(params):
        raise UsageError("two loaded packs declare the same parameter name")
    return packs


def check_bundle(bundle: Bundle, packs: list[Pack], options: Options) -> Report:
    """Check a loaded bundle; the whole report in memory (the CLI streams instead)."""
    prepared = prepare(bundle, packs, options.as_of, options.params, options.profile)
    units = []
    errors = list(bundle.input_errors)
    for outcome in outcomes(prepared, options.workers):
        errors.extend(outcome.problems)
        if outcome.report is not None:
            units.append(sort_findings(outcome.report))
    return Report(prepared.info, units, sorted(errors))


def check(bundle_path: Path | str, options: Options | None = None) -> Report:
    """Load a bundle folder and check it; raises BundleError, RulesetError or UsageError on unusable input."""
    options = options or Options()
    packs = load_packs(options.rules)
    bundle = load_bundle(Path(bundle_path))
    return check_bundle(bundle, packs, options)
