"""Synthetic city files for the benchmark: industries in scope, directives with their relays, statistics."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from compliance_dev.serialize import to_toml

YEAR = 2022
DIRECTIVES = 4
UNITS_PER_DIRECTIVE = 20
REPORTS = 40


def write_city(root: Path, seed: int, units: list[str], industries: tuple[str, ...]) -> None:
    """city/industries.toml, directives.toml and statistics.toml, from their own seeded stream."""
    rng = random.Random(f"city-{seed}")
    folder = root / "city"
    folder.mkdir(exist_ok=True)
    (folder / "industries.toml").write_bytes(to_toml({"industry": [{"code": code} for code in industries]}).encode())
    directives = [_directive(rng, number, units) for number in range(1, DIRECTIVES + 1)]
    (folder / "directives.toml").write_bytes(to_toml({"directive": directives}).encode())
    reports = [_report(rng, unit) for unit in units[:REPORTS]]
    (folder / "statistics.toml").write_bytes(to_toml({"report": reports}).encode())


def _directive(rng: random.Random, number: int, units: list[str]) -> dict[str, Any]:
    issued = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(330))
    scope = sorted(rng.sample(units, min(UNITS_PER_DIRECTIVE, len(units))))
    relays = []
    for unit in scope:
        if rng.random() < 0.05:
            continue  # no record
        relay: dict[str, Any] = {"unit": unit, "received_on": issued + dt.timedelta(days=rng.randrange(3))}
        if rng.random() < 0.9:
            relay["relayed_on"] = issued + dt.timedelta(days=rng.randrange(14))
        relays.append(relay)
    return {"id": f"W-{YEAR}-{number:02d}", "title": f"安全生产工作部署（合成）第{number}号", "issued_by": "市安委会",
            "issued_on": issued, "scope": scope, "relay_within_days": 10, "relays": relays}


def _report(rng: random.Random, unit: str) -> dict[str, Any]:
    previous, current = rng.randrange(1, 40), rng.randrange(0, 40)
    change = current - previous
    stated = change if rng.random() < 0.9 else change + 1
    report: dict[str, Any] = {
        "id": f"ST-{YEAR}H1-{unit}", "unit": unit, "period": f"{YEAR}H1", "due_on": dt.date(YEAR, 7, 10),
        "submitted_on": dt.date(YEAR, 7, 10) + dt.timedelta(days=rng.randrange(-5, 3)),
        "accidents": current if rng.random() < 0.95 else "*", "deaths": rng.randrange(0, 5),
        "injuries": rng.randrange(0, 10), "prev_accidents": previous, "prev_deaths": rng.randrange(0, 5),
        "prev_injuries": rng.randrange(0, 10), "stated_accidents_change": stated,
        "stated_accidents_change_pct": round(change * 100 / previous, 1),
    }
    return report
