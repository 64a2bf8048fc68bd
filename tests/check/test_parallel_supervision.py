"""Workers are supervised: one that dies (killed, or crashed in durable) is a WorkerError naming what was being
checked, never a hang, and no worker outlives the run."""
from __future__ import annotations

import os
import re
import signal
import time

import pytest

from compliance.bundle.streams import LineRange, RawRecord
from compliance.check.parallel import ordered_map
from compliance.check.workers import describe_tasks
from compliance.core.errors import WorkerError


def no_setup() -> None:
    """A worker initializer that does nothing."""


def die_on_three(batch: list[int]) -> list[int]:
    """A task whose worker dies (as on SIGFPE in durable) on item 3."""
    if 3 in batch:
        os.kill(os.getpid(), signal.SIGKILL)
    return [item * 10 for item in batch]


def pid_of_worker(batch: list[int]) -> list[int]:
    """The worker's process id, then a pause (for the test that stops the pool midway)."""
    time.sleep(0.2)
    return [os.getpid()]


def test_a_dead_worker_is_an_error_naming_the_items_in_flight() -> None:
    results: list[int] = []
    started = time.monotonic()
    with pytest.raises(WorkerError) as caught:
        results.extend(ordered_map(die_on_three, range(8), 2, no_setup, (), chunk=1,
                                   describe=lambda batch: f"item {batch[0]}"))
    assert time.monotonic() - started < 60
    message = str(caught.value)
    named = [int(number) for number in re.findall(r"item (\d+)", message)]
    assert "a worker process died" in message and named[0] <= 3 <= named[-1]  # the range in flight holds item 3
    # everything before the range came out, in order, and nothing after (under load the other worker's item in
    # flight may be lost with the pool: then the range starts there)
    assert results == [item * 10 for item in range(named[0])]


def test_the_workers_are_stopped_when_the_consumer_stops() -> None:
    results = ordered_map(pid_of_worker, range(20), 2, no_setup, (), chunk=1)
    pid = next(results)
    results.close()  # as an interrupt unwinding the report does
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def test_what_a_worker_was_checking_is_named_by_file_and_line() -> None:
    lines = LineRange("enterprise", "enterprises.jsonl", "/x/enterprises.jsonl", 0, 100, 65)
    record = RawRecord("enterprise", "enterprises/a.toml", "", None)
    assert describe_tasks([lines]) == "enterprises.jsonl from line 65"
    assert describe_tasks([record, lines]) == "enterprises/a.toml … enterprises.jsonl from line 65"
