"""Whether a path given for a file names a folder instead: one test and one wording
for `--history`, `--write-baseline` and `-o`, however the path was given."""

from __future__ import annotations

import os
from pathlib import Path

# A path that ends in one of these names a folder, there or not: Path drops it, and
# `--history state/` made a file named state.
SEPARATORS = tuple(s for s in (os.sep, os.altsep) if s)


def names_a_folder(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` names a folder, not a file (it is one, or it ends in a separator);
    None when it may name a file."""
    raw = os.fspath(path)
    if Path(raw).is_dir():
        return "it is a directory"
    if raw.endswith(SEPARATORS):
        return f"it names a directory (it ends in {raw[-1]})"
    return None


def folder_refusal(subject: str, path: str | os.PathLike[str], example: str = "") -> str | None:
    """The one line that refuses ``path`` for a file (`cannot write --write-baseline
    'nodir/': it names a directory (it ends in /); name a file in it`), or None."""
    why = names_a_folder(path)
    if why is None:
        return None
    return f"{subject}: {why}; name a file in it{f', such as {example}' if example else ''}"
