"""Report files are written atomically: the whole report, or nothing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from audits.errors import UsageError


def write_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same directory and a rename.

    A reader never sees a half-written report, and a failure leaves any previous
    report in place.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"cannot write {target}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
