"""Errors a user can hit. Each message says what went wrong and what to do.

The CLI prints them as one line and exits with status 2; the engine raises
them instead of printing so library users can handle them.
"""

from __future__ import annotations


class MtauditError(Exception):
    """Base class: a problem the user can fix, with a one-line message."""


class InputError(MtauditError):
    """An input could not be read as an article (missing, binary, empty, malformed)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ConfigError(MtauditError):
    """A configuration file or option is invalid."""


class UsageError(MtauditError):
    """A command-line request that cannot be carried out as given."""


class LayerOutOfRangeError(UsageError, ValueError):
    """A hidden-state layer the language model has not (``scorer.score``'s
    ``pool_layers``). A ValueError too, as it was before it was a UsageError, so that a
    caller that caught ValueError still catches it."""


class OutputError(MtauditError):
    """A report file that cannot be written (full disk, no permission, a directory)."""


class ModelError(MtauditError):
    """The language model could not be found or loaded."""


class BaselineError(UsageError):
    """A baseline report that cannot be read or is not an mtaudit JSON report."""


class HistoryError(UsageError):
    """A history database that cannot be opened, read or written."""


def read_reason(exc: BaseException) -> str:
    """Why a file could not be read, in words ('is a directory', 'permission denied',
    'not UTF-8: byte 0xe9 at position 26'), where Python's own text held its errno, the
    path again and the codec ("[Errno 21] Is a directory: 'd'", "'utf-8' codec can't
    decode byte 0xe9 in position 26: invalid continuation byte")."""
    if isinstance(exc, UnicodeDecodeError):
        # The codec tried: a byte-order mark makes a baseline UTF-16, not UTF-8.
        name = "UTF-8" if exc.encoding.startswith("utf-8") else exc.encoding.upper()
        if "truncated" in exc.reason or "unexpected end" in exc.reason:
            return f"not {name}: it ends inside a character"
        if not 0 <= exc.start < len(exc.object):
            return f"not {name}"
        return f"not {name}: byte 0x{exc.object[exc.start]:02x} at position {exc.start}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return first_line(exc)


def first_line(exc: BaseException) -> str:
    """An exception as one short line for a one-line error: its message's first line,
    or its type's name when it has no message."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
