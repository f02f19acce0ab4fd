"""Inputs compressed with gzip (``feed.jsonl.gz``, ``page.html.gz``): read as the file
the name has without ``.gz``. A dump kept compressed was refused as 'binary file'."""

from __future__ import annotations

import gzip
import zlib
from typing import BinaryIO

from audits.errors import InputError

SUFFIX = ".gz"
_CHUNK = 1 << 20


def is_gzip_name(name: str) -> bool:
    return name.lower().endswith(SUFFIX) and len(name) > len(SUFFIX)


def inner_name(name: str) -> str:
    """The name of what a ``.gz`` file holds (``feed.jsonl`` for ``feed.jsonl.gz``),
    which says its kind as any other file's name does."""
    return name[: -len(SUFFIX)] if is_gzip_name(name) else name


def read_gzip(fh: BinaryIO, source: str, limit: int) -> bytes:
    """What ``fh`` holds, decompressed a chunk at a time so that a small file which
    decompresses to gigabytes stops at ``limit`` rather than filling memory. A file
    that is no gzip, or is cut short or damaged, fails as that one input."""
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=fh) as unzipped:
            while chunk := unzipped.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputError(
                        source, f"file too large (over {limit} bytes decompressed; limit {limit})"
                    )
                chunks.append(chunk)
    except gzip.BadGzipFile as exc:
        why = str(exc)
        if why.startswith("Not a gzipped file"):
            why = "it does not start as gzip data does"  # Python's words quote the bytes
        raise InputError(source, f"corrupt gzip file ({_first_lower(why)})") from None
    except EOFError:
        raise InputError(
            source, "corrupt gzip file (it ends before its compressed data does: cut short?)"
        ) from None
    except zlib.error as exc:
        raise InputError(source, f"corrupt gzip file ({_first_lower(str(exc))})") from None
    return b"".join(chunks)


def read_file(path: str, limit: int) -> bytes:
    """The bytes of the file ``path`` as it is read as an input: decompressed when its
    name ends ``.gz``. Raises OSError, or InputError for a damaged gzip file."""
    with open(path, "rb") as fh:
        return read_gzip(fh, path, limit) if is_gzip_name(path) else fh.read()


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]
