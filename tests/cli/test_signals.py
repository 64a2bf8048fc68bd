"""SIGINT and SIGTERM end a run cleanly: one line on stderr, exit 130 or 143, no traceback, the workers stopped and
no partial report left."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, write_bundle


def _large_bundle(root: Path, copies: int = 600) -> Path:
    """The example city's first enterprise many times over, so that checking takes a while in two workers."""
    first = json.loads((FIXTURES / "example-city" / "enterprises.jsonl").read_text(encoding="utf-8").splitlines()[0])
    lines = [json.dumps({**first, "id": f"e{index:04d}"}, ensure_ascii=False) for index in range(copies)]
    return write_bundle(root, {"enterprises.jsonl": "\n".join(lines) + "\n"})


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGINT, 130, "interrupted"),
                                                       (signal.SIGTERM, 143, "terminated")])
def test_a_signal_ends_the_run_cleanly(tmp_path: Path, signum: int, code: int, said: str) -> None:
    bundle = _large_bundle(tmp_path / "bundle")
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    command = [sys.executable, "-m", "compliance.cli", "check", str(bundle), "--workers", "2", "--format", "json",
               "--output", str(output)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        deadline = time.monotonic() + 120
        while not (output.parent / ".report.json.partial").exists() or len(_children(process.pid)) < 2:
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before it was signalled"
            time.sleep(0.05)
        workers = _children(process.pid)
        process.send_signal(signum)
        _, errors = process.communicate(timeout=60)
    assert process.returncode == code
    assert errors.decode() == f"compliance: {said}; no report was written\n"
    assert list(output.parent.iterdir()) == []
    deadline = time.monotonic() + 10  # the workers are ended; the resource tracker ends when it sees the parent go
    while [pid for pid in workers if _running(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not [pid for pid in workers if _running(pid)]


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False
