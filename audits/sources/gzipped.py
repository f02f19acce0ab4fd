"""Inputs compressed with gzip (``feed.jsonl.gz``, ``page.html.gz``): read as the file
the name has without ``.gz``. A dump kept compressed was refused as 'binary file'."""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from typing import BinaryIO, Protocol

from audits.errors import InputError

SUFFIX = ".gz"
_CHUNK = 1 << 20
_MAGIC = b"\x1f\x8b"


def is_gzip_name(name: str) -> bool:
    return name.lower().endswith(SUFFIX) and len(name) > len(SUFFIX)


def inner_name(name: str) -> str:
    """The name of what a ``.gz`` file holds (``feed.jsonl`` for ``feed.jsonl.gz``),
    which says its kind as any other file's name does."""
    return name[: -len(SUFFIX)] if is_gzip_name(name) else name


def read_gzip(fh: BinaryIO, source: str, limit: int) -> bytes:
    """What ``fh`` (which must seek) holds, decompressed a chunk at a time so that a
    small file which decompresses to gigabytes stops at ``limit`` rather than filling
    memory. A file that is no gzip, or is cut short or damaged, fails as that one
    input."""
    # Whether it opens as gzip data does: Python says 'Not a gzipped file' for a file
    # that is none and for bytes after a complete stream alike.
    at = fh.tell()
    starts_as_gzip = fh.read(2) == _MAGIC
    fh.seek(at)
    return _decompressed(fh, source, limit, starts_as_gzip=starts_as_gzip)


class _Readable(Protocol):
    """What GzipFile reads its compressed bytes from (typeshed's ``_ReadableFileobj``):
    a file, or a ``_CappedStream``."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, /) -> object: ...


def _decompressed(fh: _Readable, source: str, limit: int, *, starts_as_gzip: bool) -> bytes:
    """``read_gzip``'s reading, where whether ``fh`` opens as gzip data does is known."""
    # One buffer grown in place (as read_capped's): chunks kept and then joined held
    # the decompressed data twice at the peak.
    out = io.BytesIO()
    total = 0
    try:
        with gzip.GzipFile(fileobj=fh) as unzipped:
            while chunk := unzipped.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputError(source, f"too large once decompressed (limit {limit} bytes)")
                out.write(chunk)
    except gzip.BadGzipFile as exc:
        raise InputError(
            source, f"corrupt gzip file ({_bad_gzip(str(exc), starts_as_gzip)})"
        ) from None
    except EOFError:
        raise InputError(
            source, "corrupt gzip file (it ends before its compressed data does: cut short?)"
        ) from None
    except zlib.error as exc:
        raise InputError(source, f"corrupt gzip file ({_first_lower(str(exc))})") from None
    return out.getvalue()


def read_stream(fh: BinaryIO, source: str, limit: int) -> bytes:
    """What the stream ``fh`` holds (stdin, a pipe), decompressed as it is read when it
    opens as gzip data does, for a stream has no name to say so. Read whole first and
    then decompressed, gzip near the limit held its compressed copy beside the
    decompressed one (1 GiB and more at the 512 MiB limit): one copy is held now.
    Over ``limit`` as it comes or once decompressed, or damaged, it fails in one line."""
    opening = _opening(fh)
    if opening[:2] != _MAGIC:
        return read_capped(fh, source, limit, opening=opening)
    stream = _CappedStream(fh, opening, source, limit)
    return _decompressed(stream, source, limit, starts_as_gzip=True)


def _opening(fh: BinaryIO) -> bytes:
    """The stream's first two bytes, or fewer at its end, read without waiting on a
    terminal for more than one read gives (a line) unless it opens as gzip's does."""
    read1 = getattr(fh, "read1", fh.read)
    opening: bytes = read1(2)
    if opening == _MAGIC[:1]:
        opening += read1(1)
    return opening


class _CappedStream:
    """The compressed bytes of a stream whose opening was read already, handed to
    GzipFile a read at a time and counted: over ``limit`` the stream is refused as
    read_capped refuses one, having read at most one byte over it."""

    mode = "rb"

    def __init__(self, fh: BinaryIO, opening: bytes, source: str, limit: int) -> None:
        self._fh, self._opening, self._source, self._limit = fh, opening, source, limit
        self._total = len(opening)

    def read(self, size: int = -1) -> bytes:
        if self._opening:
            wanted = len(self._opening) if size < 0 else size
            given, self._opening = self._opening[:wanted], self._opening[wanted:]
            return given
        room = self._limit + 1 - self._total
        chunk = self._fh.read(room if size < 0 else min(size, room))
        self._total += len(chunk)
        if self._total > self._limit:
            raise InputError(self._source, too_large_stream(self._limit))
        return chunk

    def seek(self, offset: int, /) -> int:
        # GzipFile seeks its file only to go back (its own seek, or rewind), which
        # reading a stream through never asks; a pipe cannot.
        raise io.UnsupportedOperation("a stream read once cannot seek")


def head(path: str, size: int) -> bytes:
    """The first ``size`` bytes of the file ``path`` as it is read as an input
    (decompressed when its name ends ``.gz``). Raises OSError, for a damaged gzip file
    too, which the reader then names in its own words."""
    with open(path, "rb") as fh:
        if not is_gzip_name(path):
            return fh.read(size)
        try:
            with gzip.GzipFile(fileobj=fh) as unzipped:
                return unzipped.read(size)
        except (EOFError, zlib.error) as exc:
            raise OSError(str(exc)) from exc


def read_gzip_bytes(data: bytes, source: str, limit: int) -> bytes:
    """``data`` decompressed when it opens as gzip data does, else as it is: for stdin,
    which has no name to say so (`audit - < feed.jsonl.gz`). No text starts with these
    two bytes (an ASCII control character, then a byte no UTF-8 character starts with),
    so none is taken for gzip."""
    if not opens_as_gzip(data):
        return data
    return read_gzip(io.BytesIO(data), source, limit)


def opens_as_gzip(data: bytes) -> bool:
    return data.startswith(_MAGIC)


def _bad_gzip(why: str, starts_as_gzip: bool) -> str:
    if why.startswith("Not a gzipped file"):  # Python's words quote the bytes
        if starts_as_gzip:
            return "data after the end of its gzip stream"
        return "it does not start as gzip data does"
    if why.startswith("CRC check failed"):
        return "its checksum does not match what it holds: damaged?"
    return _first_lower(why)


def read_file(path: str, limit: int, *, sniff_gzip: bool = False) -> bytes:
    """The bytes of the file ``path`` as it is read as an input: decompressed when its
    name ends ``.gz``, or with ``sniff_gzip`` when it opens as gzip data does (a path
    to stdin or a pipe, whose name cannot say so); over ``limit`` bytes (on disk, as
    it comes, or once decompressed) it is refused. Raises OSError, or InputError for
    a file too large or a damaged gzip file. audit and compare read through this one
    function, so a file is refused by one limit in one wording (compare kept a lower
    one of its own)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise InputError(path, f"file too large ({size} bytes; limit {limit} bytes)")
        if is_gzip_name(path):
            return read_gzip(fh, path, limit)
        if sniff_gzip:
            return read_stream(fh, path, limit)
        # A pipe or a device (/dev/stdin, `<(zcat ...)`) says size 0: read to the limit.
        return read_capped(fh, path, limit)


def read_capped(fh: BinaryIO, source: str, limit: int, *, opening: bytes = b"") -> bytes:
    """What ``fh`` holds, never more than ``limit`` + 1 bytes read: a stream has no size
    to check first, and a 5 GB pipe was read whole into memory before anything was
    refused. One copy of it is held at the peak: chunks kept and then joined took twice
    its size (1 GiB for a file at the 512 MiB limit). ``opening`` is what was read of
    it already (``read_stream`` looking for gzip's magic bytes)."""
    # A regular file says its size: one read of that size fills one buffer. A file that
    # grew since (a log being written) goes on as a stream does.
    size = _regular_size(fh)
    if size and opening:
        # Read again in the one read rather than joined to it, a copy of the whole.
        fh.seek(-len(opening), io.SEEK_CUR)
        opening = b""
    first = fh.read(min(size, limit) + 1) if size else opening
    if size and len(first) <= min(size, limit):
        return first
    # A stream grows one buffer in place (BytesIO reallocates; getvalue hands it over
    # without a copy), a chunk at a time.
    out = io.BytesIO()
    out.write(first)
    total = len(first)
    del first
    while total <= limit:
        want = min(_CHUNK, limit + 1 - total)
        chunk = fh.read(want)
        out.write(chunk)
        total += len(chunk)
        # A buffered read is short only at the end: a terminal's Ctrl-D is an end
        # once, and reading on waited for a second one.
        if len(chunk) < want:
            break
    if total > limit:
        raise InputError(source, too_large_stream(limit))
    return out.getvalue()


def _regular_size(fh: BinaryIO) -> int:
    """The size of the regular file ``fh`` reads, else 0 (a pipe, a device, a terminal)."""
    try:
        st = os.fstat(fh.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


def too_large_stream(limit: int) -> str:
    """A stream over the limit, close to the words a file over it has ('file too
    large (N bytes; ...)'): its size is not known, as it was not read to its end."""
    return f"too large (over {limit} bytes; limit {limit} bytes)"


def _first_lower(text: str) -> str:
    # Not an acronym's first letter: 'CRC check failed' read 'cRC check failed'.
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]
