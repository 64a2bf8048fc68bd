"""Golden files: each text format's report of the example city, byte for byte.

After an intended change of output, regenerate them with:
    COMPLIANCE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formatters/test_golden.py
and review the diff before committing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
BUNDLE = ROOT / "fixtures" / "example-city"
WAIVERS = ROOT / "fixtures" / "waivers" / "example-city-waivers.toml"
LAST_YEAR = ROOT / "fixtures" / "example-city-2021-report.json"
FORMATS = {"text": "txt", "json": "json", "markdown": "md", "csv": "csv", "junit": "junit.xml"}


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_output_equals_the_golden_file(format_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain run, and a run with waivers and last year's report (every optional section present); paths are given
    relative to the checkout, as a user in it would, so that the report does not depend on where it lies."""
    monkeypatch.chdir(ROOT)
    for suffix, extra in (("", []), ("-waivers-baseline", ["--waivers", str(WAIVERS.relative_to(ROOT)),
                                                            "--baseline", str(LAST_YEAR.relative_to(ROOT))])):
        out = tmp_path / f"report{suffix}"
        assert main(["check", str(BUNDLE.relative_to(ROOT)), "--format", format_name, "--output", str(out), *extra]) == 1
        golden = GOLDEN / f"example-city{suffix}.{FORMATS[format_name]}"
        produced = out.read_bytes().replace(str(ROOT).encode(), b"<ROOT>")
        if os.environ.get("COMPLIANCE_UPDATE_GOLDEN"):
            golden.write_bytes(produced)
        assert golden.exists(), f"missing {golden.name}: run COMPLIANCE_UPDATE_GOLDEN=1 pytest {__file__}"
        assert produced == golden.read_bytes(), (
            f"{format_name} output differs from {golden.name}; if intended: COMPLIANCE_UPDATE_GOLDEN=1 pytest {__file__}")
