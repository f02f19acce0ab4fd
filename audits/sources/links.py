"""Symbolic links that lead to no file: why each cannot be read, as one line.

A walk or a glob that met one (an archive's link after its mount went away, a
git-annex file not fetched, two links pointing at each other) skipped it without a
word, as pathlib reads a link it cannot follow as no file, and the run's gate passed
on the rest; named, it was 'no such file or directory', though the name is there.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path
from typing import Literal

from audits.bidi_controls import is_bidi_control
from audits.noncharacters import is_noncharacter
from audits.sources.stdin import is_stdin_path


def dead_link(path: str, *, named: bool = True) -> str | None:
    """Why the link ``path`` leads to no file, or None when ``path`` is no link or its
    target is there (a target that cannot be reached for want of permission is the
    reader's to report, as for any file). ``named``: the user named ``path``, where
    a walk or a glob found it (see ``loop_line``)."""
    try:
        raw = os.readlink(path)
    except (OSError, ValueError):
        return None
    target = escaped_controls(raw)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"it is {loop_line(path, target=raw, named=named)}"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if os.path.islink(os.path.join(os.path.dirname(path), raw)):
                # A chain: the target is there, a link that leads on to no file.
                return f"broken link: its target {target} is a link that leads to no file"
            return f"broken link: its target {target} does not exist"
    return None


def not_a_file_link(path: str) -> str | None:
    """The target of the link ``path`` (as the link says it, and where a chain of links
    ends: 'b.txt, which leads to /dev/null') when it leads to a
    directory, a device or a pipe, not a file; else None. An error about such an input
    names it: `dirlink.txt: is a directory` and `notes.txt: empty input` (a link to
    /dev/null) spoke of a name that reads as a file. stdin by a path (/dev/stdin leads
    on to /proc/self/fd/0) is left alone by its name, whatever stdin is: from
    /dev/null (cron, CI) its realpath is no /proc path, and its error named the link."""
    if is_stdin_path(path):
        return None
    try:
        raw = os.readlink(path)
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # no link, or one that leads nowhere: dead_link's
        return None
    end = os.path.realpath(path)
    if stat.S_ISREG(mode) or end.startswith(("/proc/", "/dev/fd/")):
        return None
    if not os.path.islink(os.path.join(os.path.dirname(path), raw)):
        return escaped_controls(raw)
    # A chain: its next link reads as a file again, so where it ends is named too.
    return f"{escaped_controls(raw)}, which leads to {escaped_controls(end)}"


def real_path(path: str | os.PathLike[str]) -> Path:
    """``path`` with its links followed, as ``Path.resolve`` follows them, except that a
    link that loops is followed as far as it goes: pathlib raises RuntimeError for it
    (Python 3.11), an 'internal error' for a document the run reports as unreadable."""
    return Path(os.path.realpath(path))


def loops(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a link that leads back through links, never to a file."""
    if not os.path.islink(path):
        return False
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def loop_above(path: str | os.PathLike[str]) -> str | None:
    """Why no folder ``path`` can be made or opened when it, or a folder above it, is a
    link that loops (``dl/r.json`` beside ``dl -> dl``), else None: such a folder was
    'directory dl does not exist', where dl is there."""
    for folder in (Path(path), *Path(path).parents):
        if loops(folder):
            return f"{folder} is {loop_line(folder, 'folder')}"
    return None


def loop_line(
    path: str | os.PathLike[str],
    what: Literal["file", "folder"] = "file",
    target: str | None = None,
    *,
    named: bool = True,
) -> str:
    """A link that loops, in the one wording that an input, a report, a history and a
    folder above either are refused in (each had its own); the caller names the
    subject (``it is ...``). ``target`` is the link's own, read by the caller already,
    else it is read here. ``named``: whether the user named the link; one that a walk
    or a glob found was told to 'name another file', as if it had been."""
    raw = os.readlink(path) if target is None else target
    remedy = f"name another {what}" if named else f"point it at a {what}"
    return (
        f"a link that loops (its target {escaped_controls(raw)} leads back through "
        f"links, never to a {what}); remove the link or {remedy}"
    )


def escaped_controls(text: str) -> str:
    """``text`` with each control or line-breaking character written as an escape
    (``\\n``, ``\\t``, ``\\x1b``, ``\\u2028``), and so each backslash doubled, as
    a history's job is pasted back (``pasted_name``): a link whose target held a newline
    broke its one-line error in two. Text without one is returned as it is."""
    if not any(is_control(c) for c in text):
        return text
    return "".join(escaped_char(c) for c in text)


def is_control(c: str) -> bool:
    """A control character, a line or paragraph separator, a bidi control or a
    noncharacter: one that breaks a line of text, that a terminal acts on (a U+202E
    reverses the rest of the line), or that it draws as it likes. The reports show
    each of them as a symbol (labels.printable), which no shell reads back as the
    character: a job's name holding one is pasted back in $'...' with escapes."""
    if unicodedata.category(c) in ("Cc", "Zl", "Zp"):
        return True
    return is_bidi_control(c) or is_noncharacter(c)


def escaped_char(c: str, quote: str = "") -> str:
    """``c`` as an escape where it is a backslash, one of ``quote`` or a control
    character (see ``escaped_controls``), else as it is."""
    if c == "\\" or c in quote:
        return "\\" + c
    if not is_control(c):
        return c
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if c in named:
        return named[c]
    # \xHH is one byte to bash's $'...', not a character: past ASCII, \uHHHH, and
    # past the BMP \UHHHHHHHH (\u takes four digits: \u1fffe is U+1FFF and an e).
    if ord(c) < 0x80:
        return f"\\x{ord(c):02x}"
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
