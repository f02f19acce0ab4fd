"""What tells one version of a file from another without reading it, for caches that
keep what a file held while the process runs (a report's page sources, a model's
weights)."""

from __future__ import annotations

import os

FileVersion = tuple[int, int, int, int, int]


def file_version(st: os.stat_result) -> FileVersion:
    """The file's device and inode (a file replaced by a rename is another), size, and
    modification and change times in nanoseconds. Modification time and size alone
    missed a rewrite of the same size whose modification time was set back (rsync -t,
    tar and cp -p set it; so can an editor): the change time moves on every write and
    no one can set it. A rewrite within one tick of the file system's clock (a few
    milliseconds on Linux) can still pass unseen; where that matters and the file is
    small, key by its content (``verdict_model``)."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
