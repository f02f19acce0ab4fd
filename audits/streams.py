"""The standard streams once their reader has gone (`| head`, `2>&1 | true`)."""

from __future__ import annotations

import os


def point_at_the_null_device(fd: int) -> None:
    """Point ``fd`` (stdout or stderr, whose reader has gone) at the null device, so
    that whatever else is written there goes nowhere instead of failing again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
