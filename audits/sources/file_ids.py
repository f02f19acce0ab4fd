"""Files known by device and inode, and the files a run writes: a module of its own, so
that the CLI's checks of where stdout goes and of what a report must not overwrite need
not import every reader (``audits.sources.inputs``)."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class FileId:
    """A file known by device and inode rather than by a name: the file a shell
    redirected stdout or stderr into (`audit site > site/r.txt`) has no path the run
    can see."""

    device: int
    inode: int

    def __post_init__(self) -> None:
        # A FUSE or SMB mount gives 0 to every file: such an id would stand for every
        # file on its device, and a walk would leave them all out.
        if not self.inode:
            raise ValueError(f"a file id needs an inode number, not inode 0 (device {self.device})")

    @classmethod
    def of(cls, st: os.stat_result) -> FileId | None:
        """None for a file with no inode number, which no FileId stands for."""
        return cls(st.st_dev, st.st_ino) if st.st_ino else None


def file_id(path: str) -> FileId | None:
    try:
        return FileId.of(os.stat(path))
    except OSError:
        return None


@dataclass(frozen=True)
class WrittenFiles:
    """The files a run writes, resolved: what its walks and globs leave out, and the
    glob matches a report may replace. Only a name that could resolve
    to one is resolved (its own name is a skipped name, or it is a link; a folder link
    above it keeps its name): resolving every walked file made a walk about 3x slower.

    ``ids``: files known by device and inode, which no resolving of names finds: the
    file stdout was redirected into. Only when there are such files does each walked or
    globbed file cost one stat more than the walk's own checks (the usual CI run,
    `audit site > report.json`, is one)."""

    resolved: frozenset[str]
    names: frozenset[str]
    ids: frozenset[FileId] = frozenset()

    @classmethod
    def of(cls, files: Collection[str | FileId]) -> WrittenFiles:
        paths = [f for f in files if isinstance(f, str)]
        resolved = frozenset(os.path.realpath(p) for p in paths)
        ids = {f for f in files if isinstance(f, FileId)}
        return cls(resolved, frozenset(os.path.basename(r) for r in resolved), frozenset(ids))

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        if self._named(path):
            return True
        return bool(self.ids) and file_id(path) in self.ids

    def _named(self, path: str) -> bool:
        if not self.resolved:
            return False
        if os.path.basename(path) not in self.names and not os.path.islink(path):
            return False
        return os.path.realpath(path) in self.resolved
