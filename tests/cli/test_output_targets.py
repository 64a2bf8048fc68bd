"""Where the report goes: a bad --output is a usage error before checking begins, a link or a pipe at the target is
never replaced, usage errors come before the first byte on stdout, a full disk is one line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from compliance.cli.main import main
from compliance.cli.output import write_file
from compliance.core.errors import OutputError

CITY = str(FIXTURES / "example-city")


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", CITY, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking must not begin: loading the bundle fails the test."""
    from compliance.cli import main as cli

    def refuse(*args: object) -> None:
        raise AssertionError("the bundle was loaded before the output was checked")
    monkeypatch.setattr(cli, "load_bundle", refuse)


def _make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _make_link(path: Path) -> Path:
    path.symlink_to(path.with_name("elsewhere.json"))
    return path


def _make_dir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.usefixtures("no_checking")
@pytest.mark.parametrize(("target", "said"), [
    (lambda folder: folder / "missing" / "r.json", "the folder"),
    (lambda folder: _make_dir(folder / "r.json"), "is a directory"),
    (lambda folder: _make_fifo(folder / "r.json"), "is a pipe: refusing to replace it"),
    (lambda folder: _make_link(folder / "r.json"), "is a symbolic link: refusing to replace it"),
])
def test_a_bad_output_target_is_a_usage_error_before_checking(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                             target, said: str) -> None:  # type: ignore[no-untyped-def]
    path: Path = target(tmp_path)
    code, out, err = _check(capsys, "--format", "json", "--output", str(path))
    assert (code, out) == (2, "")
    assert err.startswith("compliance: usage error: --output ") and said in err and err.count("\n") == 1


def test_a_link_that_appears_while_checking_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"

    def write(out: object) -> None:
        target.symlink_to(tmp_path / "elsewhere.txt")  # put there after the check at the start
    with pytest.raises(OutputError, match="is a symbolic link: refusing to replace it"):
        write_file(target, False, write)
    assert target.is_symlink() and [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_a_usage_error_comes_before_any_byte_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _check(capsys, "--format", "json", "--param", "no_such_param=1")
    assert (code, out) == (2, "")
    assert err == "compliance: usage error: unknown parameter 'no_such_param'\n"


def test_a_pack_error_comes_before_any_byte_on_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from hostile_packs import write_pack

    pack = write_pack(tmp_path, [" or ".join(f"headcount == {r * 60 + v}" for v in range(60)) for r in range(12)])
    code, out, err = _check(capsys, "--format", "json", "--rules", str(pack))
    assert (code, out) == (2, "")
    assert err.startswith("compliance: invalid ruleset: hostile.toml: rule HOST-R-") and err.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("format_name", ["text", "xlsx"])
def test_a_full_disk_is_one_line(format_name: str) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run([sys.executable, "-m", "compliance.cli", "check", CITY, "--format", format_name],
                              stdout=full, stderr=subprocess.PIPE, timeout=300, check=False)
    assert done.returncode == 2
    assert done.stderr.decode() == "compliance: cannot write the report to standard output: No space left on device\n"


def test_a_closed_pipe_ends_quietly() -> None:
    reader, writer = os.pipe()
    with subprocess.Popen([sys.executable, "-m", "compliance.cli", "check", CITY, "--format", "json"],
                          stdout=writer, stderr=subprocess.PIPE) as process:
        os.close(writer)
        os.read(reader, 100)  # as `| head -c 100` does
        os.close(reader)
        assert process.stderr is not None
        errors = process.stderr.read().decode()
        assert process.wait(timeout=300) == 2
    assert errors == ""
