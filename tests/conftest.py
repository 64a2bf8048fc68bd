"""Shared test helpers: paths to fixtures and a bundle writer."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def write_bundle(root: Path, units: dict[str, str], audit: str | None = None) -> Path:
    """Write audit.toml and files (relative path -> text) into root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "audit.toml").write_text(audit or 'jurisdiction = "测试市"\nyear = 2022\nas_of = 2022-12-31\n', encoding="utf-8")
    for relative, text in units.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Any:
    """A function writing a bundle under tmp_path."""
    def make(units: dict[str, str], audit: str | None = None) -> Path:
        return write_bundle(tmp_path / "bundle", units, audit)
    return make
