"""Reading the run's standard input, which a job may have started without."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable

from audits.errors import InputError
from audits.sources.gzipped import read_capped, read_gzip_bytes, read_stream, too_large_stream

# The names a shell user gives the process's own stdin as a path.
_STDIN_PATHS = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0", "/proc/thread-self/fd/0")
_SLASHES = re.compile("/{2,}")


def read_stdin(limit: int, *, gunzip: bool = False) -> bytes:
    """All of stdin, as bytes, up to ``limit``: over it, stdin is refused once
    ``limit`` + 1 bytes are read, as a file over it is (a pipe of gigabytes was read
    whole first). With ``gunzip``, stdin that opens as gzip data does is decompressed
    as it is read, up to ``limit`` once decompressed too (``read_stream``). A job
    started with stdin closed (`<&-`, some schedulers) has none: `-` stopped the run
    on 'internal error: AttributeError', where it is an input that cannot be read,
    as a missing file is."""
    stream = sys.stdin
    if stream is None:
        raise InputError("stdin", "cannot read: stdin is closed")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text stream standing in for stdin
            data = stream.read(limit + 1).encode("utf-8")
            if len(data) > limit:
                raise InputError("stdin", too_large_stream(limit))
            return read_gzip_bytes(data, "stdin", limit) if gunzip else data
        if gunzip:
            return read_stream(buffer, "stdin", limit)
        return read_capped(buffer, "stdin", limit)
    except (OSError, ValueError) as exc:  # ValueError: a stream closed in this process
        raise InputError("stdin", f"cannot read ({getattr(exc, 'strerror', None) or exc})") from exc


def stdin_aliases(names: Iterable[str]) -> list[str]:
    """The distinct names among ``names`` (paths, not ``-``) that read this process's
    stdin: /dev/stdin and its kin, or a pipe, terminal or socket that stdin is (a FIFO
    named as a path while it is also redirected to stdin). A regular file that stdin
    was redirected from is a file: naming it twice reads it twice, each time whole."""
    try:
        ours = os.fstat(0)
    except OSError:
        ours = None
    found = []
    for name in dict.fromkeys(names):
        if is_stdin_path(name) or (
            ours is not None
            and not stat.S_ISREG(ours.st_mode)
            and not stat.S_ISDIR(ours.st_mode)
            and _same_file(name, ours)
        ):
            found.append(name)
    return found


def is_stdin_path(name: str) -> bool:
    """Whether ``name`` spells one of ``_STDIN_PATHS``: normpath keeps the two leading
    slashes of //dev/stdin (POSIX), and /proc/<own pid>/fd/0 is /proc/self/fd/0; either
    read a file that stdin was redirected from twice, as two documents."""
    path = os.path.normpath(_SLASHES.sub("/", name))
    return path in _STDIN_PATHS or path == f"/proc/{os.getpid()}/fd/0"


def _same_file(name: str, ours: os.stat_result) -> bool:
    try:
        st = os.stat(name)
    except (OSError, ValueError):  # a URL, a glob, a missing file, a NUL in the name
        return False
    return (st.st_dev, st.st_ino) == (ours.st_dev, ours.st_ino)
