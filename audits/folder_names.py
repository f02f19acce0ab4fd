"""Whether a path given for a file names a folder instead: one test and one wording
for every file setting and flag (`--history`, `-o`, `outputs`, `--write-baseline`,
`--baseline`, `--config`, `verdict_model`), however the path was given."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from audits.home_folder import SEPARATORS, expand_home


def name_too_long(path: str | os.PathLike[str]) -> bool:
    """Whether the system refuses ``path`` as too long (a name over the folder's limit,
    255 bytes on most file systems), which pathlib's checks raise as an OSError: asked
    before a file is made, so that the one line says so rather than an internal error."""
    try:
        os.lstat(path)
    except OSError as exc:
        return exc.errno == errno.ENAMETOOLONG
    return False


def ends_in_separator(path: str | os.PathLike[str]) -> bool:
    # A path that ends in a separator names a folder, there or not: Path drops it,
    # and `--history state/` made a file named state.
    return os.fspath(path).endswith(SEPARATORS)


def rebased(value: str, base: Path | None, setting: str, where: str = "") -> str:
    """``value`` with ``~`` as the home folder and, where ``base`` is given (the folder
    of the config file that set it), relative to it; a trailing separator is kept, so
    what takes the path can refuse a folder: `outputs = ["reports/"]` lost its `/` here
    and wrote the report to a file named reports. ``setting`` and ``where`` name it in
    the error for a ``~user`` that is no home folder (``expand_home``)."""
    path = Path(expand_home(value, setting, where))
    if base is not None and not path.is_absolute():
        path = base / path
    return str(path) + (value[-1] if ends_in_separator(value) and path.name else "")


def names_a_folder(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` names a folder, not a file (it is one, or it ends in a separator);
    None when it may name a file."""
    raw = os.fspath(path)
    # os.path's check: pathlib's raises for a name the system refuses (too long), which
    # ended the run in an internal error instead of the write's own refusal.
    if os.path.isdir(raw):
        return "it is a directory"
    if ends_in_separator(raw):
        return f"it names a directory (it ends in {raw[-1]})"
    return None


def folder_refusal(subject: str, path: str | os.PathLike[str], example: str = "") -> str | None:
    """The one line that refuses ``path`` for a file (`cannot write --write-baseline
    'nodir/': it names a directory (it ends in /); name a file in it`), or None. Where
    the name without its separator is a file (`--history h.sqlite/`), the line says to
    drop the separator: it suggested h.sqlite/history.sqlite, in a folder that cannot be."""
    why = names_a_folder(path)
    if why is None:
        return None
    raw = os.fspath(path)
    if ends_in_separator(raw) and Path(raw).exists() and not Path(raw).is_dir():
        return f"{subject}: it ends in {raw[-1]}, but {Path(raw)} is a file; drop the {raw[-1]}"
    return f"{subject}: {why}; name a file in it{f', such as {example}' if example else ''}"


def refuse_a_separator(subject: str, path: str | os.PathLike[str]) -> str | None:
    """The line of ``folder_refusal`` for a file to read whose name ends in a separator
    (`--baseline state.json/`, `--config nodir/`), else None: Path dropped the
    separator, so a file so named was read as if it had none, and a missing one was
    "no such file", where the same name for --history or -o is refused as a folder.
    An existing folder is left to the read, which names it so."""
    return folder_refusal(subject, path) if ends_in_separator(path) else None
