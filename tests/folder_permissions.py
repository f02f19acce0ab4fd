"""A folder's permissions as the kernel enforces them for a user who is not root."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest


def without_search_permission(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The kernel's answer for a folder that may be listed but not searched (mode 644:
    no x bit), which root, who runs some CI jobs, never gets: its names can be read,
    but nothing inside it can be reached, not even to see whether it is a file."""
    real = {name: getattr(os, name) for name in ("stat", "lstat", "scandir")}

    def inside(path: object) -> bool:
        given = os.fspath(path)  # type: ignore[call-overload]
        full = Path(os.path.abspath(given))  # 'news/2024/.' is news/2024, reached through it
        return full.is_relative_to(folder) and (full != folder or given.endswith(os.sep + "."))

    def denying(name: str) -> object:
        def call(path: object = ".", *args: object, **kwargs: object) -> object:
            if not isinstance(path, int) and inside(path):
                raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[call-overload]
            return real[name](path, *args, **kwargs)

        return call

    for name in real:
        monkeypatch.setattr(os, name, denying(name))
    # Opening a file inside is refused too: a reader that opens and fstat()s (as the
    # gzip-aware one does) never calls stat on the path.
    real["open"] = builtins.open
    monkeypatch.setattr(builtins, "open", denying("open"))
