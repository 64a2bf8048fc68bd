"""JUnit XML for pipelines: a testsuite per unit, a testcase per rule; gaps are failures, engine errors errors,
not-applicable and waived rules skipped. Input errors make one more testsuite. Valid against junit-10.xsd."""
from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from compliance.core.problems import InputError
from compliance.formatters import Formatter, register
from compliance.formatters.visible import visible
from compliance.report.model import AuditInfo, Finding, UnitReport
from compliance.report.stats import RunStats


def _attr(value: object) -> str:
    return quoteattr(_clean(str(value)))


def _text(value: str) -> str:
    return escape(_clean(value))


def _clean(value: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped (nor U+FFFE, U+FFFF): shown escaped (\\x1b)."""
    return visible(value, "\t\n")


@register("junit")
class JunitFormatter(Formatter):
    """Streams one <testsuite> per unit inside <testsuites>."""

    def begin(self, info: AuditInfo) -> str:
        """The XML declaration and the opening of <testsuites>."""
        name = f"compliance {info.jurisdiction} {info.year}"
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name={_attr(name)}>\n'

    def unit(self, unit: UnitReport, problems: Sequence[InputError]) -> str:
        """One testsuite: a testcase per rule checked for the unit."""
        cases = [self._case(unit, list(group)) for _, group in groupby(unit.findings, key=lambda f: f.rule_id)]
        counts = {kind: sum(1 for case_kind, _ in cases if case_kind == kind) for kind in ("failure", "error", "skipped")}
        suite = f"{unit.id} {unit.name}"
        head = (f'  <testsuite name={_attr(suite)} tests="{len(cases)}" '
                f'failures="{counts["failure"]}" errors="{counts["error"]}" skipped="{counts["skipped"]}" '
                f'package={_attr(unit.kind)} file={_attr(unit.file)}>\n')
        score = f"      <property name=\"score\" value=\"{unit.score:g}\"/>\n" if unit.score is not None else ""
        out = f"    <properties>\n{score}    </properties>\n" if score else ""
        return head + out + "".join(text for _, text in cases) + "  </testsuite>\n"

    def _case(self, unit: UnitReport, findings: list[Finding]) -> tuple[str, str]:
        """(outcome, XML) of one rule's testcase."""
        first = findings[0]
        name = f"{first.rule_id} {first.text('title', self.lang)}"
        open_tag = f'    <testcase name={_attr(name)} classname={_attr(f"{unit.kind}.{unit.id}")}>'
        statuses = {f.status for f in findings}
        if "error" in statuses:
            body = self._problem("error", [f for f in findings if f.status == "error"])
            return "error", f"{open_tag}\n{body}    </testcase>\n"
        if "fail" in statuses:
            body = self._problem("failure", [f for f in findings if f.status == "fail"])
            return "failure", f"{open_tag}\n{body}    </testcase>\n"
        if "pass" not in statuses or statuses & {"waived", "pending"}:  # every gap waived, or not yet due: skipped
            reason = self._skip_reason(findings)
            return "skipped", f"{open_tag}\n      <skipped message={_attr(reason)}/>\n    </testcase>\n"
        return "passed", f"{open_tag}</testcase>\n"

    def _problem(self, tag: str, findings: list[Finding]) -> str:
        first = findings[0]
        label = "gap(s)" if self.lang == "en" else "项问题"
        message = f"{len(findings)} {label}: {first.text('message', self.lang)}"
        lines = [f"[{f.severity}] {f.text('message', self.lang)} ({f.location()}){_expired(f, self.lang)}" for f in findings]
        lines += [f"{c.title(self.lang)} {c.article}: {c.text}" for c in first.cites]
        lines.append(first.text("remediation", self.lang))
        return (f"      <{tag} type={_attr(first.severity)} message={_attr(message)}>"
                f"{_text(chr(10).join(lines))}</{tag}>\n")

    def _skip_reason(self, findings: list[Finding]) -> str:
        if any(f.status == "waived" for f in findings):
            reasons = "; ".join(str(f.evidence.get("waiver", {}).get("reason", "")) for f in findings
                                if f.status == "waived")
            return f"waived: {reasons}" if self.lang == "en" else f"已豁免：{reasons}"
        pending = [f.text("message", self.lang) for f in findings if f.status == "pending"]
        if pending:
            return ("pending: " if self.lang == "en" else "待到期：") + "; ".join(pending)
        return "not applicable" if self.lang == "en" else "不适用"

    def end(self, stats: RunStats, input_errors: Sequence[InputError]) -> str:
        """Input problems as one more testsuite (errors fail it, warnings pass with a note), then the close."""
        if not input_errors:
            return "</testsuites>\n"
        failures = sum(1 for e in input_errors if e.severity == "error")
        name = "input problems" if self.lang == "en" else "输入问题"
        cases = []
        for number, error in enumerate(input_errors, start=1):
            label = f"{number} {error.file} {error.record} {error.field}".strip()
            case = f'    <testcase name={_attr(label)} classname="input">'
            if error.severity == "error":
                case += f"\n      <failure type=\"input\" message={_attr(error.detail(self.lang))}/>\n    </testcase>\n"
            else:
                case += f"\n      <system-out>{_text(error.detail(self.lang))}</system-out>\n    </testcase>\n"
            cases.append(case)
        return (f'  <testsuite name={_attr(name)} tests="{len(cases)}" failures="{failures}" errors="0" skipped="0">\n'
                + "".join(cases) + "  </testsuite>\n</testsuites>\n")


def _expired(finding: Finding, lang: str) -> str:
    waiver = finding.evidence.get("waiver_expired")
    if not isinstance(waiver, dict):
        return ""
    if lang == "en":
        return f" [waiver {waiver.get('number')} expired on {waiver.get('expires_on')}]"
    return f"（第{waiver.get('number')}号豁免已于{waiver.get('expires_on')}到期）"

