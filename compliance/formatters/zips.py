"""Zip archives that say nothing of when or where they were written: what makes the OOXML formats (xlsx, docx)
byte-identical run to run."""
from __future__ import annotations

import io
import os
import shutil
import zipfile
from typing import Any

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIRST = "[Content_Types].xml"  # an OOXML package's first entry, by convention


def entry(name: str, size: int = 0) -> zipfile.ZipInfo:
    """A zip entry that says nothing of when or where it was written."""
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.file_size = size  # a sheet of more than 4 GB gets its zip64 header up front
    return info


class StampedZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time (what openpyxl writes goes through writestr and write)."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        """Store data under the name, with the fixed time."""
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(entry(name), data)

    def write(self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        """Copy a file (a write-only sheet's temporary file) in, with the fixed time."""
        info = entry(os.fspath(arcname if arcname is not None else filename), os.path.getsize(filename))
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def restamped(data: bytes) -> bytes:
    """A zip written again with every entry at the fixed time and in a fixed order ([Content_Types].xml, then by
    name), for a library that writes its zip itself with the current time (python-docx)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, StampedZip(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist(), key=lambda name: (name != _FIRST, name)):
            target.writestr(name, source.read(name))
    return out.getvalue()
