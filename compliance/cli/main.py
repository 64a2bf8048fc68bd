"""Command-line interface: a thin layer over compliance.api; exit 0 clean, 1 gaps, 2 usage or input error."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, cast

from compliance import __version__, formatters
from compliance.api import load_packs
from compliance.bundle.load import load_bundle
from compliance.bundle.streams import validate_streams
from compliance.check.baseline import load_baseline
from compliance.check.checker import compile_packs
from compliance.check.pipeline import Prepared, prepare, worker_count, write_report
from compliance.cli import workbooks
from compliance.cli.output import check_output_target, guarded, write_file
from compliance.core.errors import ComplianceError, UsageError
from compliance.core.interrupts import SIGNALS, Interrupted, on_signal
from compliance.core.severity import SEVERITIES
from compliance.core.values import day_problem
from compliance.report.stats import RunStats
from compliance.rules.params import parse_assignments
from compliance.rules.scheme import item_rules, resolve_scheme


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None
    problem = day_problem(day)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem[1])
    return day


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="compliance", description="安全生产责任落实合规检查 / work-safety compliance checker")
    parser.add_argument("--version", action="version", version=f"compliance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check a record bundle and print the gap report")
    check_cmd.add_argument("bundle", type=Path)
    check_cmd.add_argument("--rules", action="append", default=[], metavar="PACK_OR_FILE",
                           help="rule pack id or file (repeatable; default: all shipped packs)")
    check_cmd.add_argument("--as-of", type=_date, help="audit date (default: audit.toml's as_of, else year end)")
    check_cmd.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                           help="override a parameter (NAME or RULE-ID.NAME; repeatable)")
    check_cmd.add_argument("--profile", help="parameter profile: a name under rulesets/profiles/ or a file")
    check_cmd.add_argument("--format", default="text", help="output format: " + ", ".join(formatters.names()))
    check_cmd.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    check_cmd.add_argument("--fail-on", default="low", choices=SEVERITIES,
                           help="exit 1 if a gap of this severity or higher is found (default: low)")
    check_cmd.add_argument("--lang", default="zh", choices=("zh", "en"))
    check_cmd.add_argument("--evidence", default="gaps", choices=("gaps", "all"),
                           help="JSON report: give the evidence of passes and not-applicables too (all), not only "
                                "their count (gaps, the default)")
    check_cmd.add_argument("--baseline", type=Path, metavar="LAST_REPORT.json",
                           help="the last audit's JSON report: mark gaps new or persisting (屡查屡犯), list resolved ones")
    check_cmd.add_argument("--waivers", type=Path, metavar="WAIVERS.toml",
                           help="approved exceptions: a waived gap is reported as waived and costs no points")
    check_cmd.add_argument("--scheme", type=Path, metavar="SCHEME.toml",
                           help="the assessment scheme (考核细则) that prices gaps and makes each unit's sheet "
                                "(default: the shipped one, drawn from the 2022 speech, when only shipped packs run)")
    check_cmd.add_argument("--workers", type=int, help="worker processes for enterprises (default: all cores for "
                                                        "large enterprise files, else 1)")
    validate_cmd = commands.add_parser("validate", help="report input errors of a bundle only")
    validate_cmd.add_argument("bundle", type=Path)
    validate_cmd.add_argument("--lang", default="zh", choices=("zh", "en"))
    schema_cmd = commands.add_parser("schema", help="print the JSON Schema of the record models (or of the report)")
    schema_cmd.add_argument("--report", action="store_true", help="the JSON report's schema instead")
    rules_cmd = commands.add_parser("rules", help="list, show or test the rules")
    rules_sub = rules_cmd.add_subparsers(dest="rules_command", required=True)
    for name in ("list", "show", "test"):
        sub = rules_sub.add_parser(name)
        sub.add_argument("--rules", action="append", default=[], metavar="PACK_OR_FILE")
        if name == "show":
            sub.add_argument("rule_id")
        if name == "test":
            sub.add_argument("rule_ids", nargs="*")
            sub.add_argument("--scheme", type=Path, metavar="SCHEME.toml",
                             help="also run the examples of this scheme's bonus and veto conditions (default: the "
                                  "shipped scheme, when only shipped packs are loaded)")
    waivers_cmd = commands.add_parser("waivers", help="check a waiver file")
    waivers_sub = waivers_cmd.add_subparsers(dest="waivers_command", required=True)
    lint_cmd = waivers_sub.add_parser("lint", help="check a waiver file without running the audit")
    lint_cmd.add_argument("file", type=Path)
    lint_cmd.add_argument("--rules", action="append", default=[], metavar="PACK_OR_FILE",
                          help="the packs whose rule ids the waivers may name (default: all shipped packs)")
    lint_cmd.add_argument("--as-of", type=_date, help="also say which waivers have expired by this date")
    workbooks.add_commands(commands)
    bench_cmd = commands.add_parser("bench", help="benchmark on a synthetic bundle")
    bench_cmd.add_argument("--units", type=int, default=1000, help="departments and districts")
    bench_cmd.add_argument("--enterprises", type=int, default=0, help="enterprises, written as JSON Lines")
    bench_cmd.add_argument("--workers", type=int, help="processes for the parallel run (default: all cores)")
    bench_cmd.add_argument("--seed", type=int, default=1)
    bench_cmd.add_argument("--keep", type=Path, help="write the synthetic bundle here and keep it")
    return parser


def _cmd_check(args: argparse.Namespace) -> int:
    formatters.formatter(args.format, args.lang)  # an unknown format fails before any work
    if args.output:
        check_output_target(args.output)  # a missing folder, a directory, a link or a pipe: before any work
    packs = load_packs(tuple(args.rules))
    bundle = load_bundle(args.bundle)
    baseline = load_baseline(args.baseline) if args.baseline else None
    prepared = prepare(bundle, packs, args.as_of, parse_assignments(args.param), args.profile, baseline,
                       args.waivers, args.scheme, args.evidence)
    workers = worker_count(args.workers, bundle.root)
    binary = formatters.formatter(args.format, args.lang).binary
    if args.output:
        stats = _write_file(prepared, args, workers, binary)
    else:
        out = guarded(sys.stdout.buffer if binary else sys.stdout)
        stats = write_report(prepared, args.format, args.lang, workers, cast(TextIO, out))
        out.flush()
    if stats.first_input_error is not None:  # exit 2: say why on stderr too, the report may have gone to a file
        more = f" (and {stats.input_errors - 1} more, listed in the report)" if stats.input_errors > 1 else ""
        print(f"compliance: input error: {stats.first_input_error.text(args.lang)}{more}", file=sys.stderr)
    elif stats.counts["errors"]:
        print(f"compliance: {stats.counts['errors']} rule engine error(s), listed in the report", file=sys.stderr)
    return stats.exit_code(args.fail_on)


def _write_file(prepared: Prepared, args: argparse.Namespace, workers: int, binary: bool) -> RunStats:
    """Write the report beside --output and move it there when complete (cli/output.py)."""
    return write_file(args.output, binary,
                      lambda out: write_report(prepared, args.format, args.lang, workers, cast(TextIO, out)))


def _cmd_validate(args: argparse.Namespace) -> int:
    records, problems = validate_streams(load_bundle(args.bundle))
    for error in problems:
        print(error.text(args.lang))
    errors = sum(1 for e in problems if e.severity == "error")
    if args.lang == "en":
        print(f"{records} unit records read, {errors} errors, {len(problems) - errors} warnings")
    else:
        print(f"读取单位记录 {records} 条，错误 {errors} 个，警告 {len(problems) - errors} 个")
    return 2 if errors else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from compliance.records.kinds import kinds
    from compliance.records.schema import bundle_schema
    from compliance.report.schema import report_schema

    print(json.dumps(report_schema(kinds().names()) if args.report else bundle_schema(), ensure_ascii=False,
                     indent=2))
    return 0


def _cmd_rules(args: argparse.Namespace) -> int:
    from compliance.cli import rules as rulecli

    packs = load_packs(tuple(args.rules))
    if args.rules_command == "list":
        return rulecli.list_rules(packs)
    if args.rules_command == "show":
        return rulecli.show_rule(packs, args.rule_id)
    scheme = resolve_scheme(args.scheme, packs, load_packs())
    items = [item_rules(scheme)[0]] if scheme is not None else []
    compile_packs([*packs, *items])
    return rulecli.test_rules([*packs, *items], set(args.rule_ids) or None)


def _cmd_waivers(args: argparse.Namespace) -> int:
    from compliance.check.waivers import lint_waivers, load_waivers
    from compliance.rules.pack import waivable_rules

    rules = waivable_rules(load_packs(tuple(args.rules)))
    problems = lint_waivers(args.file, rules)
    for problem in problems:
        print(problem)
    if problems:
        return 2
    waivers = load_waivers(args.file, args.as_of or dt.date.today(), rules).waivers
    expired = [n for n, waiver in enumerate(waivers, start=1) if args.as_of and waiver.expires_on < args.as_of]
    note = f", {len(expired)} expired by {args.as_of} (waiver {', '.join(map(str, expired))})" if expired else ""
    kept = [f"waiver {n} still covers {w.covers_from} to {w.covers_to}" for n, w in enumerate(waivers, start=1)
            if n in expired and w.names_a_period]
    note += f"; {'; '.join(kept)}" if kept else ""
    print(f"{args.file}: {len(waivers)} waivers OK{note}")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from compliance_dev.bench import run_bench

    return int(run_bench(args.units, args.seed, args.keep, args.enterprises, args.workers))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `compliance` command."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed its one-line usage error (or the help)
        return int(exc.code or 0)
    handlers = {"check": _cmd_check, "validate": _cmd_validate, "schema": _cmd_schema, "rules": _cmd_rules,
                "waivers": _cmd_waivers, "bench": _cmd_bench, "template": workbooks.cmd_template,
                "convert": workbooks.cmd_convert}
    previous = {signum: signal.signal(signum, on_signal) for signum in SIGNALS}
    try:
        return _run(handlers[args.command], args)
    except Interrupted as stop:
        name = "interrupted" if stop.signum == signal.SIGINT else "terminated"
        print(f"compliance: {name}; no report was written", file=sys.stderr)
        return 128 + stop.signum
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """A command, its errors each one line on stderr with exit 2."""
    try:
        return handler(args)
    except BrokenPipeError:  # the reader stopped reading (| head): not an error of ours, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 2
    except UsageError as exc:
        print(f"compliance: usage error: {exc}", file=sys.stderr)
    except ComplianceError as exc:
        print(f"compliance: {exc}", file=sys.stderr)
    except Exception as exc:  # never exit 1 ("gaps") or with a traceback on a bug; COMPLIANCE_DEBUG=1 shows it
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        print(f"compliance: internal error, please report it: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
