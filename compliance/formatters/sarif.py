"""SARIF 2.1.0 log: every rule run as a reportingDescriptor, every gap, error or waived gap as a result.

Streamed like the JSON report: begin() writes the log up to the opening of the results, unit() a unit's results
(one compact line each), end() the invocation with the input problems. Locations point into the bundle's files
(relative to %SRCROOT%, the working directory, when the bundle lies under it) at the line of the field, found by
compliance.check.locations.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from compliance import __version__
from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.report.labels import words
from compliance.report.model import AuditInfo, Citation, Finding, Location, RuleDoc, UnitReport
from compliance.report.stats import RunStats

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
FINGERPRINT = "complianceGap/v1"
RESULT_STATUSES = ("fail", "error", "waived")
@dataclass(frozen=True)
class _Context:
    """What results need of the audit: the bundle folder (to read line numbers), each rule's index, and where the
    bundle lies relative to the working directory (a pipeline runs from its repository's root)."""

    root: str
    rule_index: dict[str, int]
    prefix: str | None  # the bundle's path under the working directory ("submitted/"), None if outside it

    @classmethod
    def of(cls, info: AuditInfo) -> _Context:
        """The context of an audit."""
        bundle, here = Path(info.root).resolve(), Path.cwd().resolve()
        prefix = bundle.relative_to(here).as_posix() + "/" if bundle.is_relative_to(here) else None
        return cls(info.root, {rule.id: number for number, rule in enumerate(info.rules)},
                   None if prefix is None else prefix.removeprefix("./"))

    def artifact(self, file: str) -> dict[str, str]:
        """A bundle file as a SARIF artifactLocation: relative to %SRCROOT% (the working directory) when the bundle
        lies under it, as code-scanning services expect, else an absolute file URI. A file named outside the bundle
        (a waiver file, a baseline report) is taken as the user gave it."""
        path = Path(file)
        if path.is_absolute() or (not (Path(self.root) / file).exists() and path.exists()):
            here, full = Path.cwd().resolve(), path.resolve()
            if full.is_relative_to(here):
                return {"uri": quote(full.relative_to(here).as_posix()), "uriBaseId": "%SRCROOT%"}
            return {"uri": full.as_uri()}
        if self.prefix is not None:
            return {"uri": quote(self.prefix + file), "uriBaseId": "%SRCROOT%"}
        return {"uri": (Path(self.root).resolve() / file).as_uri()}


def _dump(value: Any, indent: int) -> str:
    """Pretty JSON nested `indent` spaces deep."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)


def _md(text: str) -> str:
    """Text safe inside Markdown."""
    return "".join("\\" + char if char in "\\`*_[]<>|" else char for char in text)


def _source(cite: Citation, lang: str) -> str:
    """'《…》 第二十八条（未核实）'."""
    return f"{cite.title(lang)} {cite.article}{'' if cite.verified else words(lang)['unverified']}"


def _quotes(rule: RuleDoc) -> list[tuple[str, Citation]]:
    """The rule's requirements and its penalty, each with its label."""
    return [("basis", cite) for cite in rule.cites] + ([("penalty", rule.penalty)] if rule.penalty else [])


def help_text(rule: RuleDoc, lang: str) -> str:
    """A rule's help as plain text: title, every requirement and the penalty quoted verbatim, the remedy."""
    labels = words(lang)
    lines = [rule.text("title", lang)]
    lines += [f"{labels[label]}{labels['sep']}{_source(cite, lang)}：“{cite.text}”" for label, cite in _quotes(rule)]
    lines.append(f"{labels['fix']}{labels['sep']}{rule.text('remediation', lang)}")
    return "\n".join(lines)


def help_markdown(rule: RuleDoc, lang: str) -> str:
    """A rule's help as Markdown: each quote a block quote under its source."""
    labels = words(lang)
    parts = [f"**{_md(rule.text('title', lang))}**"]
    for label, cite in _quotes(rule):
        parts.append(f"**{labels[label]}**{labels['sep']}{_md(_source(cite, lang))}\n\n> {_md(cite.text)}")
    parts.append(f"**{labels['fix']}**{labels['sep']}{_md(rule.text('remediation', lang))}")
    return "\n\n".join(parts)


INPUT_RULE = "INPUT"


def _input_rule(lang: str) -> dict[str, Any]:
    """The descriptor of input problems: a record, field or file that could not be read or checked as written."""
    text = ("input problem: a record, field or file that could not be read or checked as written" if lang == "en"
            else "输入问题：记录、字段或文件无法按所写内容读取或检查")
    return {"id": INPUT_RULE, "name": "input-problem", "shortDescription": {"text": text},
            "fullDescription": {"text": text}, "defaultConfiguration": {"level": "error"},
            "properties": {"severity": "input", "pack": "input", "tags": ["input"]}}


def rule_descriptor(rule: RuleDoc, lang: str) -> dict[str, Any]:
    """One rule as a SARIF reportingDescriptor."""
    title = rule.text("title", lang)
    sources = words(lang)["clause_sep"].join(_source(cite, lang) for cite in rule.cites)
    full = f"{title} ({words('en')['basis']}: {sources})" if lang == "en" else f"{title}（{words('zh')['basis']}：{sources}）"
    return {"id": rule.id, "name": rule.name, "shortDescription": {"text": title},
            "fullDescription": {"text": full if sources else title},
            "help": {"text": help_text(rule, lang), "markdown": help_markdown(rule, lang)},
            "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
            "properties": {"severity": rule.severity, "pack": rule.pack, "tags": [rule.pack]}}


def _message(finding: Finding, lang: str) -> str:
    """The finding's message, led by its item's label when the message does not name it."""
    message, item = finding.text("message", lang), finding.text("item", lang)
    if item and item not in message:
        return f"{item}{words(lang)['sep']}{message}"
    return message


def _physical(context: _Context, file: str, line: int | None, column: int | None, sheet: str = "",
              cell: str = "") -> dict[str, Any]:
    """A physicalLocation in the bundle, with a region when the line is known (none without a file); in a workbook
    the region is the cell's row and column, its sheet and name (C5) in the region's properties."""
    if not file:
        return {}
    physical: dict[str, Any] = {"artifactLocation": context.artifact(file)}
    if line:
        physical["region"] = {"startLine": line}
        if column:
            physical["region"]["startColumn"] = column
        if sheet:
            physical["region"]["properties"] = {"sheet": sheet, "cell": cell}
    return {"physicalLocation": physical}


def _justification(waiver: Any, lang: str) -> str:
    """Why a gap is waived: the reason, then the waiver's number, approval and validity (as far as recorded)."""
    if not isinstance(waiver, dict):
        return ""
    *parts, joiner, wrap = words(lang)["justification"]
    needed = (("number",), ("approved_by", "approved_on"), ("expires_on",))
    details = joiner.join(part.format(**waiver) for part, keys in zip(parts, needed, strict=True)
                          if all(waiver.get(key) for key in keys))
    reason = str(waiver.get("reason", ""))
    return reason + wrap.format(details) if details else reason


def _properties(unit: UnitReport, finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"unit_id": unit.id, "unit_name": unit.name, "unit_kind": unit.kind,
                           "severity": finding.severity, "points": finding.points}
    if finding.gap:
        out["gap"] = finding.gap
    if finding.notice is not None:
        out["notice"] = {"id": finding.notice.id, "deadline": finding.notice.deadline}
    if finding.history:
        out["history"] = finding.history
    if finding.severity_before:
        out["severity_before"] = finding.severity_before
    return out


@register("sarif")
class SarifFormatter(Formatter):
    """SARIF 2.1.0 for code-scanning tools: one run, the bundle's files as artifacts."""

    kept_controls = None  # data: values exactly as given, control characters escaped by JSON itself

    separator = ","

    def __init__(self, lang: str = "zh") -> None:
        super().__init__(lang)
        self._context: _Context | None = None

    @property
    def context(self) -> _Context:
        """The audit's context, from begin() (a worker's formatter is begun too, with the parent's audit info)."""
        if self._context is None:
            raise RuntimeError("the SARIF formatter renders units only after begin()")
        return self._context

    def begin(self, info: AuditInfo) -> str:
        """The log and the run up to the opening of its results."""
        self._context = _Context.of(info)
        driver = {"name": "compliance", "semanticVersion": __version__,
                  "rules": [rule_descriptor(rule, self.lang) for rule in info.rules] + [_input_rule(self.lang)]}
        base = Path.cwd().resolve().as_uri().rstrip("/") + "/"
        audit = {"jurisdiction": info.jurisdiction, "year": info.year, "as_of": info.as_of,
                 "rulesets": info.rulesets, "params": info.params, "lang": self.lang}
        return (f'{{\n  "$schema": "{SCHEMA_URI}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n'
                f'      "tool": {_dump({"driver": driver}, 6)},\n'
                f'      "originalUriBaseIds": {_dump({"%SRCROOT%": {"uri": base}}, 6)},\n'
                f'      "language": "{words(self.lang)["language"]}",\n      "columnKind": "unicodeCodePoints",\n'
                f'      "properties": {_dump({"audit": audit}, 6)},\n      "results": [')

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """The unit's gaps, errors and waived gaps, one result a line ('' if none)."""
        seen: dict[str, int] = {}
        results = []
        for finding in unit.findings:
            if finding.status in RESULT_STATUSES:
                results.append(self.result(unit, finding, seen))
        return ",".join("\n        " + json.dumps(result, ensure_ascii=False, separators=(",", ":"))
                        for result in results)

    def result(self, unit: UnitReport, finding: Finding, seen: dict[str, int]) -> dict[str, Any]:
        """One SARIF result; `seen` keeps the unit's fingerprints unique."""
        key = "/".join(part for part in (unit.id, finding.rule_id, finding.key or finding.item) if part)
        seen[key] = seen.get(key, 0) + 1
        out: dict[str, Any] = {"ruleId": finding.rule_id}
        if finding.rule_id in self.context.rule_index:
            out["ruleIndex"] = self.context.rule_index[finding.rule_id]
        out |= {"level": "error" if finding.status == "error" else LEVELS.get(finding.severity, "warning"),
                "message": {"text": _message(finding, self.lang)}, "locations": [self.location(unit, finding)],
                "partialFingerprints": {FINGERPRINT: key if seen[key] == 1 else f"{key}#{seen[key]}"},
                "properties": _properties(unit, finding)}
        if finding.status == "waived":
            out["suppressions"] = [{"kind": "external",
                                    "justification": _justification(finding.evidence.get("waiver", {}), self.lang)}]
        return out

    def location(self, unit: UnitReport, finding: Finding) -> dict[str, Any]:
        """Where the evidence is: the file and line of its field, and the unit and field by name."""
        where: Location = finding.where
        field, file = where.field, where.file or unit.file
        logical = [{"name": unit.id, "fullyQualifiedName": unit.id, "kind": "object"}]
        if field:
            logical.append({"name": field, "fullyQualifiedName": f"{unit.id}.{field}", "kind": "property"})
        return {**_physical(self.context, file, where.line, where.column, where.sheet, where.cell),
                "logicalLocations": logical}

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """The input problems as results too (so a pipeline annotates a record that could not be read), close the
        results; the invocation, with the input problems as notifications and the counts."""
        problems = [self.input_result(error) for error in input_errors]
        lines = "".join(("," if self.wrote_units or number else "") + "\n        "
                        + json.dumps(problem, ensure_ascii=False, separators=(",", ":"))
                        for number, problem in enumerate(problems))
        invocation: dict[str, Any] = {"executionSuccessful": True}
        if input_errors:
            invocation["toolExecutionNotifications"] = [self.notification(error) for error in input_errors]
        invocation["properties"] = {"summary": stats.summary()}
        return f'{lines}\n      ],\n      "invocations": {_dump([invocation], 6)}\n    }}\n  ]\n}}\n'

    def input_result(self, error: InputError) -> dict[str, Any]:
        """An input problem as a result of the INPUT rule, at its line."""
        note = self.notification(error)
        result: dict[str, Any] = {"ruleId": INPUT_RULE, "ruleIndex": len(self.context.rule_index),
                                  "level": "error" if error.severity == "error" else "warning",
                                  "message": note["message"]}
        if "locations" in note:
            result["locations"] = note["locations"]
        result["partialFingerprints"] = {FINGERPRINT: f"{error.file}|{error.record}|{error.field}|{error.message}"}
        return result

    def notification(self, error: InputError) -> dict[str, Any]:
        """An input problem, located in its file (at its line when known)."""
        where = _physical(self.context, error.file, error.line, error.column, error.sheet, error.cell)
        out: dict[str, Any] = {"level": error.severity, "message": {"text": error.text(self.lang)}}
        if where:
            out["locations"] = [where]
        details = {key: value for key, value in (("record", error.record), ("field", error.field)) if value}
        if details:
            out["properties"] = details
        return out
