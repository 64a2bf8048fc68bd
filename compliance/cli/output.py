"""Where the report goes: --output checked before any work, written beside it and moved in place when whole; stdout
guarded so a full disk is one line and a closed pipe ends quietly."""
from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

from compliance.core.errors import OutputError, UsageError

Written = TypeVar("Written")


def check_output_target(output: Path) -> None:
    """--output must name a regular file (new or existing) in an existing folder: anything else is a usage error
    now, before checking begins."""
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"--output {output}: the folder {folder} does not exist")
    if output.is_dir():
        raise UsageError(f"--output {output} is a directory: name a file")
    _refuse_special(output, UsageError)


def _refuse_special(output: Path, error: type[UsageError] | type[OutputError]) -> None:
    """A symlink, FIFO, device or socket at the target is never replaced nor written through."""
    try:
        mode = os.lstat(output).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        kind = "a symbolic link" if stat.S_ISLNK(mode) else "a directory" if stat.S_ISDIR(mode) else \
            "a pipe" if stat.S_ISFIFO(mode) else "not a regular file"
        raise error(f"--output {output} is {kind}: refusing to replace it; name a regular file")


def write_file(output: Path, binary: bool, write: Callable[[GuardedStream], Written]) -> Written:
    """Write the report beside output and move it there when complete: a failed or interrupted run leaves no
    partial report (and an earlier report at that path stays as it was)."""
    partial = output.with_name(f".{output.name}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write {partial}: {exc.strerror or exc}") from None
    try:
        with open(descriptor, "wb") if binary else open(descriptor, "w", encoding="utf-8") as out:
            target = GuardedStream(out, str(output))
            result = write(target)
            target.flush()
        _refuse_special(output, OutputError)
        try:
            os.replace(partial, output)
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return result


def guarded(stream: IO[Any], name: str = "standard output") -> GuardedStream:
    """stream, with a write error (a full disk) turned into one OutputError; a closed pipe stays BrokenPipeError."""
    return GuardedStream(stream, name)


class GuardedStream:
    """A writable stream whose errors say what could not be written."""

    def __init__(self, stream: IO[Any], name: str) -> None:
        self.stream = stream
        self.name = name

    def write(self, data: Any) -> int:
        """Write through; a failure is an OutputError naming the target."""
        try:
            return int(self.stream.write(data))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write the report to {self.name}: {exc.strerror or exc}") from None

    def flush(self) -> None:
        """Flush through, with the same errors as write()."""
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write the report to {self.name}: {exc.strerror or exc}") from None
