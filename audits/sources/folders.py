"""Folders an input names that cannot be read through: each is an unreadable input.

``os.walk`` and ``glob`` skip such a folder without a word, so a CI job whose news/2024
folder lost its permissions audited the rest of the collection and passed its gate.
Two permissions are needed to find a folder's articles: read, to list its names, and
search (the x bit), to reach any file by its name. A folder with read but no search
permission was the quiet one: it lists, so nothing failed, but none of its files could
be opened or even checked for being a file (pathlib raised, an 'internal error').
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath


@dataclass(frozen=True)
class UnreadFolder:
    """A folder whose files could not all be found, and why, as one line."""

    folder: str
    reason: str


def unread_folder(exc: OSError, folder: str | None = None, *, listing: bool = True) -> UnreadFolder:
    """``exc``, met listing ``folder`` (default: the error's file name) or, when not
    ``listing``, reaching its entries, as an UnreadFolder."""
    why = "permission denied" if isinstance(exc, PermissionError) else exc.strerror or str(exc)
    what = "cannot list this folder" if listing else "cannot reach the files in this folder"
    return UnreadFolder(str(exc.filename) if folder is None else folder, f"{what} ({why.lower()})")


def folder_error(folder: str, *, lists: bool = True) -> UnreadFolder | None:
    """Why the files in ``folder`` cannot all be found, or None: it cannot be listed
    (checked only when ``lists``) or its entries cannot be reached."""
    try:
        if lists:
            with os.scandir(folder):
                pass
    except OSError as exc:
        return unread_folder(exc, folder)
    try:
        # Resolving 'folder/.' needs search permission on the folder, as reaching any
        # of its files does; the folder's own stat does not.
        os.stat(os.path.join(folder, os.curdir))
    except OSError as exc:
        return unread_folder(exc, folder, listing=False)
    return None


def has_magic(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def unreadable_glob_folders(pattern: str) -> list[UnreadFolder]:
    """The folders a glob had to look into and could not: glob skips them without a
    word, where a walk of the folder above them names them as unreadable inputs.

    glob lists the folders that match the pattern up to each part with a wildcard (all
    the folders under it, for '**': each is listed), and looks a name without one up in
    the folders the parts before it matched ('*/2024/b.txt' looks up 2024 in every
    folder, then b.txt in each 2024 found): a folder it lists needs read and search
    permission, one it only looks a name up in needs search permission alone. Each
    folder is opened again here, which costs no second reading of its entries."""
    parts = Path(pattern).parts
    listed: set[str] = set()
    searched: set[str] = set()
    for i, part in enumerate(parts):
        if has_magic(part):
            heads = [parts[:i], parts[: i + 1]] if part == "**" else [parts[:i]]
            into = listed
        elif any(has_magic(each) for each in parts[:i]):
            heads, into = [parts[:i]], searched
        else:
            continue
        for head in heads:
            into.update(_folders(head))
    errors = []
    for folder in sorted(listed | searched):
        if (error := folder_error(folder, lists=folder in listed)) is not None:
            errors.append(error)
    return errors


def _folders(head: tuple[str, ...]) -> set[str]:
    """The folders the first parts of a pattern match ('.' for none)."""
    prefix = os.path.join(*head) if head else os.curdir
    found = glob.glob(prefix, recursive=True) if has_magic(prefix) else [prefix]
    return {f.rstrip(os.sep) or f for f in found if os.path.isdir(f)}


def inside_any(path: str, folders: Iterable[str]) -> bool:
    """Whether ``path`` lies in one of ``folders`` (as glob spells both)."""
    pure = PurePath(path)
    return any(pure.is_relative_to(folder) for folder in folders)
