"""Waivers (--waivers FILE): an approved, dated exception for a unit's gap under a rule, optionally one item.

A waived gap stays in the report with status "waived" and costs no points; a waiver past its expires_on date no
longer applies and the gap says so. Policy is kept apart from detection: the rules never see waivers.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from compliance.core import guard
from compliance.core.errors import UsageError
from compliance.core.problems import InputError, did_you_mean
from compliance.records.base import Day
from compliance.report.model import Finding, UnitReport


class Waiver(BaseModel):
    """One waiver: every field is required but the item (without one it waives the rule's every gap in the unit)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str = Field(min_length=1)
    rule: str = Field(min_length=1)
    item: str | None = Field(default=None, min_length=1)
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    approved_on: Day
    expires_on: Day
    covers_from: Day | None = None  # the period the waiver covers: its items stay waived after the waiver expires
    covers_to: Day | None = None

    @field_validator("unit", "rule", "item", "reason", "approved_by")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be blank")
        return value.strip() if value is not None else None

    def covers(self, unit_id: str, finding: Finding) -> bool:
        """Is this finding (of this unit) the one waived? A waiver naming a period covers only the items of a period
        inside it (a month, a quarter)."""
        if self.unit != unit_id or self.rule != finding.rule_id:
            return False
        if self.covers_from is not None and self.covers_to is not None and (
                finding.span is None or not (self.covers_from.isoformat() <= finding.span[0]
                                             and finding.span[1] <= self.covers_to.isoformat())):
            return False
        if self.item is None or self.item in (finding.key, finding.item, finding.item_en):
            return True
        return finding.key.startswith(self.item + "/")  # a special operator's key is WORKER/OPERATION

    def as_evidence(self, number: int) -> dict[str, Any]:
        """The waiver as shown beside the finding."""
        return {"number": number, "reason": self.reason, "approved_by": self.approved_by,
                "approved_on": self.approved_on.isoformat(), "expires_on": self.expires_on.isoformat(),
                **({"item": self.item} if self.item else {}),
                **({"covers_from": self.covers_from.isoformat(), "covers_to": self.covers_to.isoformat()}
                   if self.covers_from is not None and self.covers_to is not None else {})}

    @property
    def names_a_period(self) -> bool:
        """Does the waiver cover a period (whose items it waives for good)?"""
        return self.covers_from is not None and self.covers_to is not None


class _WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waiver: list[dict[str, Any]] = []


@dataclass(frozen=True)
class Waivers:
    """The waivers of one file, checked against the audit date."""

    file: str
    waivers: tuple[Waiver, ...]
    as_of: dt.date

    def apply(self, unit: UnitReport) -> UnitReport:
        """Waive the unit's gaps that a waiver in force covers; note expired waivers on the gaps they would cover."""
        unit.findings = [self._applied(unit.id, finding) if finding.status == "fail" else finding
                         for finding in unit.findings]
        return unit

    def _applied(self, unit_id: str, finding: Finding) -> Finding:
        matching = [(number, waiver) for number, waiver in enumerate(self.waivers, start=1)
                    if waiver.covers(unit_id, finding)]
        in_force = [(number, waiver) for number, waiver in matching
                    if waiver.expires_on >= self.as_of or waiver.names_a_period]
        if in_force:
            number, waiver = in_force[0]
            return finding.changed(status="waived", points=0.0,
                                   evidence={**finding.evidence, "waiver": waiver.as_evidence(number)})
        if matching:
            number, waiver = max(matching, key=lambda pair: pair[1].expires_on)
            return finding.changed(evidence={**finding.evidence, "waiver_expired": waiver.as_evidence(number)})
        return finding

    def unused(self, used: Collection[int]) -> list[InputError]:
        """Warnings for waivers in force (or naming a period) that waived nothing (a typo in the unit, rule, item or
        period?), and for waivers
        approved after the audit date (applied all the same: the approval may be recorded late)."""
        warnings = [InputError(self.file, f"waiver {number}", "", f"豁免未匹配任何问题（{waiver.unit} {waiver.rule}）",
                               f"the waiver matched no gap ({waiver.unit} {waiver.rule})", "warning")
                    for number, waiver in enumerate(self.waivers, start=1)
                    if number not in used and (waiver.expires_on >= self.as_of or waiver.names_a_period)]
        warnings += [InputError(self.file, f"waiver {number}", "approved_on",
                                f"豁免批准日期{waiver.approved_on}晚于检查基准日{self.as_of}，仍予适用，请核实",
                                f"approved on {waiver.approved_on}, after the audit date {self.as_of}; applied, please "
                                f"check", "warning")
                     for number, waiver in enumerate(self.waivers, start=1) if waiver.approved_on > self.as_of]
        return warnings


def load_waivers(path: Path, as_of: dt.date, rules: Mapping[str, bool] | None = None) -> Waivers:
    """Read and check a waiver file against the rules run (rule id -> whether it may be waived); any problem is a
    UsageError naming the file, the waiver and the field."""
    problems = lint_waivers(path, rules)
    if problems:
        raise UsageError(problems[0] + (f" (and {len(problems) - 1} more: compliance waivers lint {path})"
                                        if len(problems) > 1 else ""))
    return Waivers(str(path), tuple(waiver for _, waiver in _parsed(path)[0]), as_of)


def lint_waivers(path: Path, rules: Mapping[str, bool] | None = None) -> list[str]:
    """Every problem of a waiver file, one line each ("invalid waivers: FILE: waiver N: ..."): malformed entries,
    unknown rules, rules that may not be waived (rule id -> waivable), periods and dates out of order."""
    rule_ids = rules or {}
    try:
        waivers, problems, entries = _parsed(path)
    except UsageError as exc:
        return [str(exc)]
    prefix = f"invalid waivers: {path}"
    for number, entry in enumerate(entries, start=1):  # rule ids are checked even where other fields are wrong
        rule = entry.get("rule")
        if rule_ids and isinstance(rule, str) and rule.strip() and rule.strip() not in rule_ids:
            where = f"{prefix}: waiver {number} ({entry.get('unit', '')} {rule})"
            problems.append(f"{where}: unknown rule '{rule}'{did_you_mean(rule.strip(), rule_ids)}")
        elif isinstance(rule, str) and rule_ids.get(rule.strip()) is False:
            where = f"{prefix}: waiver {number} ({entry.get('unit', '')} {rule})"
            problems.append(f"{where}: rule {rule.strip()} may not be waived (a statutory duty: no office can excuse it)")
    seen: dict[tuple[str, str, str | None], int] = {}
    for number, waiver in waivers:
        where = f"{prefix}: waiver {number} ({waiver.unit} {waiver.rule})"
        if waiver.expires_on < waiver.approved_on:
            problems.append(f"{where}: expires_on {waiver.expires_on} is before approved_on {waiver.approved_on}")
        if (waiver.covers_from is None) != (waiver.covers_to is None):
            problems.append(f"{where}: covers_from and covers_to go together (the period the waiver covers)")
        elif waiver.covers_from is not None and waiver.covers_to is not None and waiver.covers_to < waiver.covers_from:
            problems.append(f"{where}: covers_to {waiver.covers_to} is before covers_from {waiver.covers_from}")
        key = (waiver.unit, waiver.rule, waiver.item)
        if key in seen:
            problems.append(f"{where}: the same unit, rule and item as waiver {seen[key]}")
        seen.setdefault(key, number)
    return sorted(problems, key=_waiver_number)


def _waiver_number(problem: str) -> int:
    """Problems in the order of the waivers they are about (file-level problems first)."""
    marker = problem.find(": waiver ")
    digits = problem[marker + 9:].split(" ", 1)[0].rstrip(":") if marker >= 0 else ""
    return int(digits) if digits.isdigit() else 0


def _parsed(path: Path) -> tuple[list[tuple[int, Waiver]], list[str], list[dict[str, Any]]]:
    """The valid waivers with their numbers in the file, the problems of the others, and every entry as written."""
    prefix = f"invalid waivers: {path}"
    try:
        document = guard.load(path, "toml")
        entries = _WaiverFile.model_validate(document).waiver
    except OSError as exc:
        raise UsageError(f"{prefix}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{prefix}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{prefix}: malformed TOML: {exc}") from None
    except guard.InputRejected as exc:
        raise UsageError(f"{prefix}: {exc.en}") from None
    except ValidationError:
        raise UsageError(f"{prefix}: the file must hold [[waiver]] tables and nothing else") from None
    waivers: list[tuple[int, Waiver]] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        try:
            waivers.append((number, Waiver.model_validate(entry)))
        except ValidationError as exc:
            label = " ".join(str(entry.get(key, "")) for key in ("unit", "rule")).strip()
            for error in exc.errors(include_url=False):
                field = ".".join(str(part) for part in error["loc"]) or "waiver"
                hint = did_you_mean(field, Waiver.model_fields) if error["type"] == "extra_forbidden" else ""
                problems.append(f"{prefix}: waiver {number}{f' ({label})' if label else ''}: {field}: {error['msg']}{hint}")
    return waivers, problems, entries
