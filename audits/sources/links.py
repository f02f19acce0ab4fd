"""Symbolic links that lead to no file: why each cannot be read, as one line.

A walk or a glob that met one (an archive's link after its mount went away, a
git-annex file not fetched, two links pointing at each other) skipped it without a
word, as pathlib reads a link it cannot follow as no file, and the run's gate passed
on the rest; named, it was 'no such file or directory', though the name is there.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def dead_link(path: str) -> str | None:
    """Why the link ``path`` leads to no file, or None when ``path`` is no link or its
    target is there (a target that cannot be reached for want of permission is the
    reader's to report, as for any file)."""
    try:
        target = os.readlink(path)
    except (OSError, ValueError):
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"a loop of links: its target {target} leads back through links, never to a file"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if os.path.islink(os.path.join(os.path.dirname(path), target)):
                # A chain: the target is there, a link that leads on to no file.
                return f"broken link: its target {target} is a link that leads to no file"
            return f"broken link: its target {target} does not exist"
    return None


def real_path(path: str | os.PathLike[str]) -> Path:
    """``path`` with its links followed, as ``Path.resolve`` follows them, except that a
    link that loops is followed as far as it goes: pathlib raises RuntimeError for it
    (Python 3.11), an 'internal error' for a document the run reports as unreadable."""
    return Path(os.path.realpath(path))
