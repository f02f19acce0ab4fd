"""Report files are written atomically: the whole report, or nothing."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from audits.errors import UsageError


def write_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same directory and a rename.

    A reader never sees a half-written report, and a failure leaves any previous
    report in place. The file gets the permissions a plain write would give it: the
    previous report's, or the umask's for a new one (a temporary file is private).
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
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Reading the umask means setting it; /proc avoids that race where it exists.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
