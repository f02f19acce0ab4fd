"""Files known by device and inode: a module of its own, so that the CLI's checks of
where stdout goes need not import every reader (``audits.sources.inputs``)."""

from __future__ import annotations

import os
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
