"""Severities of a gap, lowest first, and the statuses a finding can have."""
from __future__ import annotations

from typing import Literal

Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
Status = Literal["fail", "pass", "not_applicable", "waived", "error", "pending"]
STATUSES: tuple[str, ...] = ("fail", "error", "waived", "pending", "not_applicable", "pass")


def rank(severity: str) -> int:
    """0 for low up to 3 for critical."""
    return SEVERITIES.index(severity)


def raised(severity: str) -> str:
    """One severity level up (critical stays critical)."""
    return SEVERITIES[min(rank(severity) + 1, len(SEVERITIES) - 1)]
