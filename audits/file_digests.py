"""One digest over the bytes of several files, for what is kept or reused only while
the files that made it are unchanged (the engine's code and data, the calque lexicons)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol


class _Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...


def add_files(digest: _Hash, paths: Iterable[Path], name: Callable[[Path], str]) -> None:
    """Feed each file of ``paths``, in that order, to ``digest``: its ``name`` and
    length, then its bytes. The length bounds each file, so no two sets of files
    (one's end moved into the next one's name) feed the same bytes. OSError where a
    file cannot be read."""
    for path in paths:
        data = path.read_bytes()
        digest.update(f"\0{name(path)} {len(data)}\0".encode())
        digest.update(data)
