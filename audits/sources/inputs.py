"""From command-line paths to Documents: files, directories, globs and stdin."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from audits.document import Document
from audits.errors import InputError
from audits.sources.base import InputFailure
from audits.sources.html import read_html
from audits.sources.jsonl import read_jsonl
from audits.sources.sniff import EXTENSION_KINDS, KINDS, sniff_kind
from audits.sources.text import read_text

STDIN = "-"
# Refuse inputs this large: an article dump bigger than this is almost surely a mistake.
MAX_INPUT_BYTES = 512 * 1024 * 1024

Reader = Callable[[bytes, str], Iterable[Document | InputFailure]]


def _one(reader: Callable[[bytes, str], Document]) -> Reader:
    def read(data: bytes, source: str) -> Iterator[Document | InputFailure]:
        try:
            yield reader(data, source)
        except InputError as exc:
            yield InputFailure(source, exc.reason)

    return read


READERS: dict[str, Reader] = {
    "text": _one(read_text),
    "html": _one(read_html),
    "jsonl": read_jsonl,
}


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputFailure]:
    """Each argument as files to read, in a stable order; failures for what matches nothing."""
    for arg in paths:
        if arg == STDIN:
            yield STDIN
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                exts = " ".join(sorted(EXTENSION_KINDS))
                yield InputFailure(arg, f"directory holds no article files ({exts})")
            yield from found
        elif path.exists():
            yield arg
        elif any(ch in arg for ch in "*?["):
            matches = sorted(m for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not matches:
                yield InputFailure(arg, "no files match this pattern")
            yield from matches
        else:
            yield InputFailure(arg, "no such file or directory")


def _walk(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in EXTENSION_KINDS:
                yield str(Path(dirpath) / name)


def read_inputs(
    paths: Iterable[str],
    kind: str | None = None,
    stdin: bytes | None = None,
) -> Iterator[Document | InputFailure]:
    """Every article behind ``paths``; an unreadable one becomes an InputFailure."""
    if kind is not None and kind not in KINDS:
        raise InputError(kind, f"unknown input kind; choose one of {', '.join(KINDS)}")
    for item in expand_paths(paths):
        if isinstance(item, InputFailure):
            yield item
            continue
        source = "stdin" if item == STDIN else item
        try:
            data = _read_bytes(item, stdin)
        except InputError as exc:
            yield InputFailure(source, exc.reason)
            continue
        if not data.strip():
            yield InputFailure(source, "empty input: no text to audit")
            continue
        yield from READERS[kind or _kind_of(item, data)](data, source)


def _kind_of(item: str, data: bytes) -> str:
    by_name = EXTENSION_KINDS.get(Path(item).suffix.lower()) if item != STDIN else None
    return by_name or sniff_kind(data)


def _read_bytes(item: str, stdin: bytes | None) -> bytes:
    if item == STDIN:
        return stdin if stdin is not None else sys.stdin.buffer.read()
    try:
        size = os.path.getsize(item)
        if size > MAX_INPUT_BYTES:
            raise InputError(item, f"file too large ({size} bytes; limit {MAX_INPUT_BYTES})")
        with open(item, "rb") as fh:
            return fh.read()
    except IsADirectoryError as exc:
        raise InputError(item, "is a directory") from exc
    except PermissionError as exc:
        raise InputError(item, "permission denied") from exc
    except OSError as exc:
        raise InputError(item, f"cannot read ({exc.strerror or exc})") from exc
