"""Parameters: pack defaults, overridden by a profile file, then by --param NAME=VALUE (or RULE-ID.NAME=VALUE)."""
from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from compliance.core import guard
from compliance.core.errors import UsageError
from compliance.core.problems import did_you_mean
from compliance.core.values import number_problem
from compliance.records.catalog import rulesets_dir
from compliance.rules.conditions import ConditionError, value_kind
from compliance.rules.pack import Pack

Overrides = dict[str, Any]


def parse_value(text: str) -> int | bool | str:
    """'30' -> 30, 'true' -> True, anything else stays text."""
    stripped = text.strip()
    if stripped.lower() in ("true", "false"):
        return stripped.lower() == "true"
    try:
        return int(stripped)
    except ValueError:
        return stripped


def parse_assignments(assignments: list[str]) -> Overrides:
    """['name=30', 'DEPT-MEET-02.name=20'] -> {'name': 30, 'DEPT-MEET-02.name': 20}."""
    out: Overrides = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param needs NAME=VALUE, got '{assignment}'")
        out[name.strip()] = parse_value(value)
        problem = number_problem(out[name.strip()])
        if problem is not None:
            raise UsageError(f"--param {name.strip()}: {problem[1]}")
    return out


def profile_path(name_or_path: str) -> Path:
    """A profile given as a file path, or by name from rulesets/profiles/."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return path
    return rulesets_dir() / "profiles" / f"{name_or_path}.toml"


def bundle_profile_path(root: Path, name_or_path: str) -> Path:
    """The profile a bundle's audit.toml names: a shipped one by name, or a file inside the bundle (a path is
    relative to the bundle and may not leave it)."""
    if "/" not in name_or_path and "\\" not in name_or_path and not name_or_path.endswith(".toml"):
        return rulesets_dir() / "profiles" / f"{name_or_path}.toml"
    path = (root / name_or_path).resolve()
    if not path.is_relative_to(root.resolve()):
        raise UsageError(f"audit.toml: profile: '{name_or_path}' lies outside the bundle; a bundle's profile is a "
                         "shipped profile's name or a file inside the bundle (--profile may name any file)")
    return path


def load_profile(name_or_path: str | Path) -> Overrides:
    """The [params] table of a profile file."""
    path = name_or_path if isinstance(name_or_path, Path) else profile_path(name_or_path)
    try:
        document = guard.load(path, "toml")
    except FileNotFoundError:
        known = sorted(p.stem for p in (rulesets_dir() / "profiles").glob("*.toml"))
        raise UsageError(f"profile not found: {name_or_path} (known: {', '.join(known) or 'none'})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"invalid profile {path}: cannot read it as UTF-8 text: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"invalid profile {path}: {exc}") from None
    except guard.InputRejected as exc:
        raise UsageError(f"invalid profile {path}: {exc.en}") from None
    params = document.get("params", {})
    if not isinstance(params, dict) or set(document) - {"params", "profile"}:
        raise UsageError(f"invalid profile {path}: expected a [params] table (and optional [profile])")
    return params


def _is_date(value: Any) -> bool:
    """Is a parameter value a date written YYYY-MM-DD (a date parameter, read with day(NAME) in conditions)?"""
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def effective_params(packs: list[Pack], overrides: Overrides) -> dict[str, dict[str, Any]]:
    """Parameter values per rule id, after applying overrides; unknown names or wrong kinds are usage errors."""
    known = {name: param.default for pack in packs for name, param in pack.params.items()}
    rule_ids = {rule.id for pack in packs for rule in pack.rule}
    for key, value in overrides.items():
        rule_id, _, name = key.rpartition(".")
        if rule_id and rule_id not in rule_ids:
            raise UsageError(f"unknown rule in parameter '{key}'{did_you_mean(rule_id, rule_ids)}")
        if name not in known:
            raise UsageError(f"unknown parameter '{name}'{did_you_mean(name, known)}")
        try:
            kind = value_kind(value)
        except ConditionError as exc:
            raise UsageError(f"parameter '{key}': {exc}") from None
        if kind != value_kind(known[name]):
            raise UsageError(f"parameter '{key}' must be {value_kind(known[name])}, got {value!r}")
        if _is_date(known[name]) and not _is_date(value):
            raise UsageError(f"parameter '{key}' must be a date (YYYY-MM-DD), got {value!r}")
    result: dict[str, dict[str, Any]] = {}
    for pack in packs:
        for rule in pack.rule:
            values = {name: param.default for name, param in pack.params.items()}
            values.update({k: v for k, v in overrides.items() if "." not in k and k in values})
            values.update({k.rpartition(".")[2]: v for k, v in overrides.items() if k.rpartition(".")[0] == rule.id})
            result[rule.id] = values
    return result
