"""The library API: check a bundle against rule packs and get a Report (the CLI is a thin layer over this)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from compliance.bundle.load import Bundle, load_bundle
from compliance.check.baseline import load_baseline
from compliance.check.checker import build_programs, engine
from compliance.check.locations import located_problems
from compliance.check.pipeline import outcomes, prepare
from compliance.core.problems import report_order
from compliance.report.scoring import sort_findings
from compliance.report.stats import Report, used_waivers
from compliance.rules.pack import Pack
from compliance.rules.packs import load_packs, pack_paths
from compliance.rules.params import Overrides

__all__ = ["Options", "build_programs", "check", "check_bundle", "engine", "load_packs", "pack_paths"]


@dataclass(frozen=True)
class Options:
    """What a check run may be told: which packs, which date, which parameters, how many worker processes."""

    rules: tuple[str, ...] = ()
    as_of: dt.date | None = None
    params: Overrides = field(default_factory=dict)
    profile: str | None = None
    workers: int = 1
    baseline: Path | None = None
    waivers: Path | None = None
    scheme: Path | None = None  # the assessment scheme (default: the shipped one, for the shipped packs)
    evidence: str = "gaps"  # what the JSON report's passes and not-applicables carry: "gaps" (none) or "all"


def check_bundle(bundle: Bundle, packs: list[Pack], options: Options) -> Report:
    """Check a loaded bundle; the whole report in memory (the CLI streams instead)."""
    baseline = load_baseline(options.baseline) if options.baseline else None
    prepared = prepare(bundle, packs, options.as_of, options.params, options.profile, baseline, options.waivers,
                       options.scheme, options.evidence)
    units = []
    errors = list(bundle.input_errors)
    for outcome in outcomes(prepared, options.workers):
        errors.extend(outcome.problems)
        if outcome.report is not None:
            units.append(sort_findings(outcome.report))
    if prepared.spec.waivers is not None:
        errors.extend(prepared.spec.waivers.unused({n for unit in units for n in used_waivers(unit.findings)}))
    return Report(prepared.info, units, located_problems(sorted(errors, key=report_order), prepared.info.root), baseline)


def check(bundle_path: Path | str, options: Options | None = None) -> Report:
    """Load a bundle folder and check it; raises BundleError, RulesetError or UsageError on unusable input."""
    options = options or Options()
    packs = load_packs(options.rules)
    bundle = load_bundle(Path(bundle_path))
    return check_bundle(bundle, packs, options)
