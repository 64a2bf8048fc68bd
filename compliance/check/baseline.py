"""Reading the last audit's JSON report (--baseline): its gaps by unit, rule and item key, a unit at a time."""
from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from compliance.core import guard
from compliance.core.errors import UsageError
from compliance.core.problems import InputError
from compliance.core.severity import SEVERITIES
from compliance.records.audit import Audit
from compliance.report.history import Baseline, GapKey, PastGap


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
    """Read the gaps of a JSON report written by this tool (schema_version 1, 2 or 3), a unit at a time."""
    try:
        with io.TextIOWrapper(guard.open_regular(path), encoding="utf-8-sig") as handle:
            header, units = _read(handle, path)
    except guard.InputRejected as exc:
        raise UsageError(f"--baseline: {path}: {exc.en}") from None
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


def _read(handle: TextIO, path: Path) -> tuple[dict[str, Any], dict[str, dict[GapKey, PastGap]]]:
    """The report's header and gaps. The tool writes one unit per line, so a city's report is read line by line;
    any other layout of the same JSON is read whole (within the guard's limits)."""
    try:
        return _read_by_line(handle)
    except guard.InputRejected:
        raise
    except ValueError:
        document = guard.load(path, "json")
        if not isinstance(document, dict) or "units" not in document:
            raise ValueError('no "units" list: not a whole report') from None
        header = _checked_header(document)
        return header, _gaps_of(document["units"], _rules_by_id(header))


def _read_by_line(handle: TextIO) -> tuple[dict[str, Any], dict[str, dict[GapKey, PastGap]]]:
    head: list[str] = []
    for line in handle:
        if line.strip() == '"units": [':
            header = _checked_header(_parsed("".join(head) + '"units": []}'))
            return header, _gaps_of(_unit_lines(handle), _rules_by_id(header))
        head.append(line)
    raise ValueError("not written one unit per line")


def _checked_header(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("schema_version") not in ("1", "2", "3"):
        raise ValueError('"schema_version": "1", "2" or "3" expected')
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
        yield _parsed(text)  # not a whole unit on the line: ValueError, and the file is read whole instead
    raise ValueError("the units array does not end")


def _parsed(text: str) -> Any:
    """A piece of the report parsed by the guard, with values no input may hold refused."""
    return guard.checked(guard.parse_line(text))


# reports written before periods carried their year keyed a quarter or month without it ("Q3", "M07")
_LEGACY_PERIOD = re.compile(r"^(Q[1-4]|M(0[1-9]|1[0-2]))$")


def _rules_by_id(header: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The rules table by rule id (schema_version 2 and 3; a version 1 report gives each rule's texts per finding,
    a version 3 report a finding's severity only where it is not its rule's)."""
    rules = header.get("rules", [])
    if not isinstance(rules, list):
        raise ValueError('"rules" must be a list')
    return {str(rule["id"]): rule for rule in rules if isinstance(rule, dict) and "id" in rule}


def _gaps_of(units: Any, rules: dict[str, dict[str, Any]]) -> dict[str, dict[GapKey, PastGap]]:
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
            rule = rules.get(finding["rule_id"], {})
            severity = finding.get("severity", rule.get("severity"))
            if severity not in SEVERITIES:
                raise ValueError(f"unit {unit['id']}, rule {finding['rule_id']}: unknown severity {severity!r}")
            key = str(finding.get("key", finding.get("item", "")))
            period = str(finding.get("period") or (key if _LEGACY_PERIOD.match(key) else ""))
            notice: dict[str, Any] = finding["notice"] if isinstance(finding.get("notice"), dict) else {}
            gap = PastGap(unit["id"], str(unit.get("name", "")), finding["rule_id"], key,
                          str(finding.get("item", "")), str(finding.get("title", rule.get("title", ""))),
                          severity, period,
                          str(notice.get("id", "")), str(notice.get("deadline", "")), _major(finding))
            gaps.setdefault(gap.unit, {})[(gap.rule_id, key)] = gap
    return gaps


def _major(finding: dict[str, Any]) -> bool:
    """Is the gap about a major hazard (重大事故隐患): its item's level, as the evidence gives it?"""
    evidence: dict[str, Any] = finding["evidence"] if isinstance(finding.get("evidence"), dict) else {}
    return any(isinstance(evidence.get(part), dict) and evidence[part].get("level") == "major"
               for part in ("about", "values", "context"))
