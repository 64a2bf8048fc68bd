"""Audit history (--baseline LAST_REPORT.json): each gap is new or persisting (屡查屡犯, severity raised one
level); the last report's gaps not found again in a unit checked this time are resolved.

Gaps are matched by unit id, rule id and the failing item's key (its id, or a period within the year such as
"Q2"), never by file name, so records may move between files from one audit to the next.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from compliance.core.errors import UsageError
from compliance.core.problems import InputError
from compliance.records.audit import Audit
from compliance.report.model import Finding, UnitReport
from compliance.rules.pack import SEVERITIES

GapKey = tuple[str, str]  # (rule id, item key)
_MAX_LISTED = 200


@dataclass(frozen=True)
class PastGap:
    """A gap of the last report."""

    unit: str
    unit_name: str
    rule_id: str
    key: str
    item: str
    title: str
    severity: str

    def as_dict(self) -> dict[str, str]:
        """As listed under baseline.resolved in the JSON report."""
        return {"unit": self.unit, "unit_name": self.unit_name, "rule_id": self.rule_id, "key": self.key,
                "item": self.item, "title": self.title, "severity": self.severity}


@dataclass(frozen=True)
class Baseline:
    """The last report's gaps by unit, and what that report was."""

    file: str
    jurisdiction: str
    year: int | None
    as_of: str
    gaps: dict[str, dict[GapKey, PastGap]]

    def classify(self, unit: UnitReport) -> UnitReport:
        """Mark the unit's gaps new or persisting; a persisting gap's severity is raised one level."""
        past = self.gaps.get(unit.id, {})
        unit.findings = [_classified(finding, (finding.rule_id, finding.key) in past) if finding.status == "fail"
                         else finding for finding in unit.findings]
        return unit

    def describe(self) -> dict[str, Any]:
        """The last report as named in this one."""
        return {"file": self.file, "jurisdiction": self.jurisdiction, "year": self.year, "as_of": self.as_of}


def raised(severity: str) -> str:
    """One severity level up (critical stays critical)."""
    return SEVERITIES[min(SEVERITIES.index(severity) + 1, len(SEVERITIES) - 1)]


def _classified(finding: Finding, persisting: bool) -> Finding:
    if not persisting:
        return dataclasses.replace(finding, history="new")
    if raised(finding.severity) == finding.severity:
        return dataclasses.replace(finding, history="persisting")  # critical already: flagged, not raised
    return dataclasses.replace(finding, history="persisting", severity=raised(finding.severity),
                               severity_before=finding.severity)


@dataclass
class BaselineTally:
    """Counts new and persisting gaps as units stream by; what is left of the last report's gaps is resolved."""

    baseline: Baseline
    rules: frozenset[str] = frozenset()  # the rules this run checked; gaps of others are not re-checked
    new: int = 0
    persisting: int = 0
    seen: set[str] = field(default_factory=set)
    matched: dict[str, set[GapKey]] = field(default_factory=dict)

    def add(self, unit_id: str, gaps: tuple[tuple[str, str, str], ...]) -> None:
        """One checked unit's gaps as (rule id, key, history); a waived gap is still there, so never resolved."""
        self.seen.add(unit_id)
        for rule_id, key, history in gaps:
            if history == "waived":
                self.matched.setdefault(unit_id, set()).add((rule_id, key))
            elif history == "persisting":
                self.persisting += 1
                self.matched.setdefault(unit_id, set()).add((rule_id, key))
            else:
                self.new += 1

    def resolved(self) -> list[PastGap]:
        """Gaps of the last report, in units checked again, that were not found this time."""
        return [gap for unit_id in sorted(self.seen & set(self.baseline.gaps))
                for gap_key, gap in sorted(self.baseline.gaps[unit_id].items())
                if gap_key not in self.matched.get(unit_id, set()) and self._rechecked(unit_id, gap.rule_id)]

    def _rechecked(self, unit_id: str, rule_id: str) -> bool:
        return unit_id in self.seen and (not self.rules or rule_id in self.rules)

    def not_rechecked(self) -> int:
        """Gaps of the last report in units or rules this run did not check (neither resolved nor persisting)."""
        return sum(1 for unit_id, gaps in self.baseline.gaps.items() for gap in gaps.values()
                   if not self._rechecked(unit_id, gap.rule_id))

    def as_dict(self) -> dict[str, Any]:
        """The baseline section of the JSON report (resolved gaps listed, up to a limit)."""
        resolved = self.resolved()
        return {**self.baseline.describe(), "new": self.new, "persisting": self.persisting,
                "resolved_count": len(resolved), "resolved": [gap.as_dict() for gap in resolved[:_MAX_LISTED]],
                "not_rechecked": self.not_rechecked()}


def baseline_warnings(baseline: Baseline, audit: Audit) -> list[InputError]:
    """A last report of another jurisdiction, or of a later audit year, is compared all the same, with a warning."""
    warnings = []
    if baseline.jurisdiction != audit.jurisdiction:
        warnings.append(InputError(
            baseline.file, "audit", "jurisdiction",
            f"上次报告的检查对象是“{baseline.jurisdiction}”，不是“{audit.jurisdiction}”：仍按单位编号比较",
            f"the last report is of '{baseline.jurisdiction}', not '{audit.jurisdiction}'; compared by unit id anyway",
            "warning"))
    if baseline.year is not None and baseline.year >= audit.year:
        warnings.append(InputError(
            baseline.file, "audit", "year", f"上次报告的检查年度（{baseline.year}）不早于本次（{audit.year}）",
            f"the last report's audit year ({baseline.year}) is not before this one ({audit.year})", "warning"))
    return warnings


def load_baseline(path: Path) -> Baseline:
    """Read the gaps of a JSON report written by this tool (schema_version 1), a unit at a time."""
    try:
        with open(path, encoding="utf-8") as handle:
            header, units = _read(handle)
    except OSError as exc:
        raise UsageError(f"--baseline: cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--baseline: {path} is not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"--baseline: {path} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except ValueError as exc:
        raise UsageError(f"--baseline: {path} is not a JSON report of this tool: {exc}") from None
    audit = header["audit"]
    return Baseline(str(path), audit["jurisdiction"], audit["year"], str(audit.get("as_of", "")), units)


def _read(handle: TextIO) -> tuple[dict[str, Any], dict[str, dict[GapKey, PastGap]]]:
    """The report's header and gaps. The tool writes one unit per line, so a city's report is read line by line;
    any other layout of the same JSON is read whole."""
    try:
        return _read_by_line(handle)
    except ValueError:
        handle.seek(0)
        document = json.load(handle)
        return _checked_header(document), _gaps_of(document.get("units", []))


def _read_by_line(handle: TextIO) -> tuple[dict[str, Any], dict[str, dict[GapKey, PastGap]]]:
    head: list[str] = []
    for line in handle:
        if line.strip() == '"units": [':
            header = _checked_header(json.loads("".join(head) + '"units": []}'))
            return header, _gaps_of(_unit_lines(handle))
        head.append(line)
    raise ValueError("not written one unit per line")


def _checked_header(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("schema_version") != "1":
        raise ValueError('"schema_version": "1" expected')
    audit = document.get("audit")
    if not isinstance(audit, dict) or not isinstance(audit.get("jurisdiction"), str) \
            or not isinstance(audit.get("year"), int):
        raise ValueError('an "audit" section with jurisdiction and year expected')
    return document


def _unit_lines(lines: Iterator[str] | TextIO) -> Iterator[dict[str, Any]]:
    for line in lines:
        text = line.strip().rstrip(",")
        if text.startswith("]"):
            return
        yield json.loads(text)  # not a whole unit on the line: ValueError, and the file is read whole instead
    raise ValueError("the units array does not end")


def _gaps_of(units: Any) -> dict[str, dict[GapKey, PastGap]]:
    if not isinstance(units, (list, Iterator)):
        raise ValueError('"units" must be a list')
    gaps: dict[str, dict[GapKey, PastGap]] = {}
    for number, unit in enumerate(units, start=1):
        if not isinstance(unit, dict) or not isinstance(unit.get("id"), str) \
                or not isinstance(unit.get("findings"), list):
            raise ValueError(f"unit {number} is not an object with an id and a list of findings")
        for finding in unit["findings"]:
            if not isinstance(finding, dict) or not isinstance(finding.get("rule_id"), str):
                raise ValueError(f"unit {unit['id']}: a finding without a rule_id")
            if finding.get("status") != "fail":
                continue
            if finding.get("severity") not in SEVERITIES:
                raise ValueError(f"unit {unit['id']}, rule {finding['rule_id']}: unknown severity "
                                 f"{finding.get('severity')!r}")
            key = str(finding.get("key", finding.get("item", "")))
            gap = PastGap(unit["id"], str(unit.get("name", "")), finding["rule_id"], key,
                          str(finding.get("item", "")), str(finding.get("title", "")), finding["severity"])
            gaps.setdefault(gap.unit, {})[(gap.rule_id, key)] = gap
    return gaps
