"""Rule packs: the shipped ones by id, or files; loaded strictly and checked for clashes between packs."""
from __future__ import annotations

from pathlib import Path

from compliance.core.errors import UsageError
from compliance.records.catalog import DATA_FILES, rulesets_dir
from compliance.rules.pack import Pack, load_pack


def pack_paths(specs: tuple[str, ...] = ()) -> list[Path]:
    """Rule packs by file path or by id of a shipped pack; all shipped packs when none are named."""
    shipped = {path.stem: path for path in sorted(rulesets_dir().glob("*.toml")) if path.stem not in DATA_FILES}
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
