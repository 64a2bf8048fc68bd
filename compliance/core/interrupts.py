"""SIGINT and SIGTERM as an exception that unwinds the run (workers stopped, no partial report), deferred while a
worker process is being started (a worker cut off in its start prints a traceback)."""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_STATE: dict[str, int] = {"deferring": 0, "pending": 0}
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The run was stopped by a signal; the exit code is 128 + its number (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def on_signal(signum: int, frame: FrameType | None) -> None:
    """The handler: raise Interrupted now, or when the deferred section ends."""
    for other in SIGNALS:
        signal.signal(other, signal.SIG_IGN)  # a second signal while unwinding changes nothing
    if _STATE["deferring"]:
        _STATE["pending"] = signum
        return
    raise Interrupted(signum)


@contextmanager
def deferred() -> Iterator[None]:
    """A section a signal may not cut in two; the signal is raised as Interrupted when it ends."""
    _STATE["deferring"] += 1
    try:
        yield
    finally:
        _STATE["deferring"] -= 1
        pending, _STATE["pending"] = _STATE["pending"], 0
        if pending and not _STATE["deferring"]:
            raise Interrupted(pending)
