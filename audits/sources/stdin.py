"""Reading the run's standard input, which a job may have started without."""

from __future__ import annotations

import sys

from audits.errors import InputError


def read_stdin() -> bytes:
    """All of stdin, as bytes. A job started with stdin closed (`<&-`, some schedulers)
    has none: `-` stopped the run on 'internal error: AttributeError', where it is an
    input that cannot be read, as a missing file is."""
    stream = sys.stdin
    if stream is None:
        raise InputError("stdin", "cannot read: stdin is closed")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text stream standing in for stdin
            return stream.read().encode("utf-8")
        return buffer.read()
    except (OSError, ValueError) as exc:  # ValueError: a stream closed in this process
        raise InputError("stdin", f"cannot read ({getattr(exc, 'strerror', None) or exc})") from exc
