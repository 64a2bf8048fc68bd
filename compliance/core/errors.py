"""Error hierarchy: every error a user can cause has a one-line, actionable message."""
from __future__ import annotations


class ComplianceError(Exception):
    """Base of every error this package raises on purpose."""


class UsageError(ComplianceError):
    """Bad command-line arguments, parameters or profile (exit code 2)."""


class BundleError(ComplianceError):
    """A bundle that cannot be read at all, e.g. no audit.toml (exit code 2)."""


class RulesetError(ComplianceError):
    """A ruleset that breaks the ruleset format; the message names file and rule."""

    def __init__(self, file: str, rule: str | None, message: str) -> None:
        where = f"{file}: rule {rule}" if rule else file
        super().__init__(f"invalid ruleset: {where}: {message}")
        self.file = file
        self.rule = rule


class WorkerError(ComplianceError):
    """A worker process died (killed, or crashed inside the rule engine) while checking records (exit code 2)."""


class OutputError(ComplianceError):
    """The report could not be written: a full disk, a target that is not a regular file (exit code 2)."""
