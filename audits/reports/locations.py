"""Where a document lives, for formats that point into files (SARIF, GitHub annotations).

Offsets, lines and columns are true to the file only for UTF-8 text files,
which are audited byte for byte. Text extracted from HTML, decoded from other
encodings or taken from a JSONL record has its own offsets, so those reports
point at the file (or the record's line) rather than at a wrong column.
"""

from __future__ import annotations

import functools
import html
import itertools
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from audits.document import DocumentAudit
from audits.fingerprints import normalise_space

_RECORD = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")
# How the input reader shows a file name's bytes that are not UTF-8 (always >= 0x80).
_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


@dataclass(frozen=True)
class SourceLocation:
    # A path for people and for GitHub (relative to the working directory when
    # inside it, with forward slashes); None for stdin and URLs.
    path: str | None
    # The artifact URI for SARIF; a URL source is its own URI.
    uri: str | None
    # True when the report's lines and columns point into the file itself.
    exact: bool
    # For a record of a JSONL file: the line the record is on.
    record_line: int | None = None

    @property
    def relative(self) -> bool:
        return self.uri is not None and "://" not in self.uri and not self.uri.startswith("/")


def locate(entry: Mapping[str, Any]) -> SourceLocation:
    """The location of a document entry of the JSON report (its ``source`` and ``meta``)."""
    source = str(entry.get("source") or "")
    meta = entry.get("meta") or {}
    # UTF-8 text audited as it was read: the report's lines and columns are its own.
    exact = meta.get("encoding") == "utf-8" and "extracted_from" not in meta
    if not source or source == "stdin":
        return SourceLocation(None, None, exact=bool(source) and exact)
    if "://" in source:
        return SourceLocation(None, web_uri(source), exact=False)
    feed = _feed_file(entry)
    if feed == "stdin":
        return SourceLocation(None, None, exact=False)
    if feed is not None:
        # An entry of a feed file ("news.rss#3") is in that file: "news.rss#3" named a
        # file that does not exist, so code scanning and annotations found none.
        path = display_path(feed)
        return SourceLocation(path, path_uri(path), exact=False)
    record = _RECORD.match(source)
    if record and not Path(source).exists():
        if record["path"] == "stdin":
            return SourceLocation(None, None, exact=False, record_line=int(record["line"]))
        path = display_path(record["path"])
        return SourceLocation(path, path_uri(path), exact=False, record_line=int(record["line"]))
    path = display_path(source)
    return SourceLocation(path, path_uri(path), exact=exact)


_FEED_ENTRY = re.compile(r"^(?P<path>.+)#\d+$")


def _feed_file(entry: Mapping[str, Any]) -> str | None:
    """The feed file an entry of it came from (its source is ``FILE#N``), else None."""
    source = str(entry.get("source") or "")
    feed = _FEED_ENTRY.match(source)
    if feed is None or "entry_index" not in (entry.get("meta") or {}) or "://" in source:
        return None
    return None if Path(source).exists() else feed["path"]


def web_uri(url: str) -> str:
    """A URL as a valid URI reference: what RFC 3986 does not allow (spaces, ``<>``,
    non-ASCII letters as a browser shows them) percent-encoded as UTF-8, escapes
    already there kept, and a ``%`` that starts none encoded itself."""
    url = _STRAY_PERCENT.sub("%25", url)
    return quote(url, safe="!#$%&'()*+,/:;=?@[]~")


_STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")


def display_path(source: str) -> str:
    """Relative to the working directory when inside it, with forward slashes."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except (ValueError, OSError):
            return path.as_posix()
    return path.as_posix().removeprefix("./")


def workspace_path(path: str | None) -> str | None:
    """``path`` (relative to the working directory) relative to the repository root
    in a GitHub Actions job (``GITHUB_WORKSPACE``), where GitHub looks for the files
    that annotations name: a step with ``working-directory: news`` otherwise gave
    ``file=world/a.md`` for ``news/world/a.md`` and the annotation found no file.
    Unchanged outside a job or for a file outside the workspace."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not path or not workspace:
        return path
    try:
        return Path(path).resolve().relative_to(Path(workspace).resolve()).as_posix()
    except (ValueError, OSError):
        return path


def source_root() -> Path:
    """The folder relative artifact URIs start from: the repository root in a GitHub
    Actions job (``GITHUB_WORKSPACE``, which code scanning resolves them against) when
    the working directory is inside it, else the working directory."""
    cwd = Path.cwd().resolve()
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            root = Path(workspace).resolve()
            cwd.relative_to(root)
            return root
        except (ValueError, OSError):
            pass
    return cwd


def rooted_uri(uri: str, root: Path) -> str | None:
    """A URI relative to the working directory made relative to ``root`` (a folder
    that holds the working directory); None when the file lies outside ``root``."""
    prefix = Path.cwd().resolve().relative_to(root).as_posix()
    joined = posixpath.normpath(f"{quote(os.fsencode(prefix), safe='/-._~')}/{uri}")
    return None if joined == ".." or joined.startswith("../") else joined


def path_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative (resolved by the viewer).

    A name whose bytes the reader showed as ``\\xNN`` gets those bytes back, so the
    URI opens the file (``caf%E9.txt``, not ``caf%5Cxe9.txt``)."""
    real = _file_name(path)
    if os.path.isabs(real):
        return Path(real).as_uri()
    return quote(os.fsencode(real), safe="/-._~")


def _file_name(path: str) -> str:
    """The name on disk behind a shown name: its ``\\xNN`` escapes turned back into
    bytes when no file has the shown name and one has the restored name."""
    if not _ESCAPED_BYTE.search(path) or os.path.lexists(path):
        return path
    raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m[1], 16)), path)
    return raw if os.path.lexists(raw) else path


def line_in_source(source: str, encoding: str | None, text: str, occurrence: int = 1) -> int | None:
    """The line of the file ``source`` on which the ``occurrence``-th copy of ``text``
    starts (the last one there when there are fewer), reading the file as its page source:
    character references unescaped and runs of white space matched loosely, since a page
    wraps its lines where the extracted text has a space. None when the file cannot be
    read or ``text`` is not in it as written (markup inside the flagged words)."""
    words = text.split()
    if not words:
        return None
    try:
        stat = os.stat(source)
    except OSError:
        return None
    page = _page_source(source, encoding or "utf-8", stat.st_mtime_ns, stat.st_size)
    if page is None:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    starts = [m.start() for m in itertools.islice(pattern.finditer(page), max(occurrence, 1))]
    return page.count("\n", 0, starts[-1]) + 1 if starts else None


@functools.lru_cache(maxsize=8)
def _page_source(path: str, encoding: str, mtime_ns: int, size: int) -> str | None:
    """The file's text with its character references unescaped line by line, so its line
    numbers stay the file's (a reference never spans a line end); the modification time
    and size in the key make an edited file read afresh."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    try:
        raw = data.decode(encoding, errors="replace")
    except LookupError:
        raw = data.decode("utf-8", errors="replace")
    # Lines as GitHub counts them: at line feeds only (str.splitlines also ends one at
    # U+2028 and form feeds).
    return "\n".join(html.unescape(line) for line in raw.split("\n"))


def copy_number(f: Mapping[str, Any], audit: DocumentAudit) -> int:
    """Which copy of its flagged text in an identical sentence the finding is, counted
    in the text (1 for the first): the same whichever copies the report shows."""
    if f.get("sentence") is None:
        return 1
    sentence = next((s for s in audit.sentences if s.index == f["sentence"]), None)
    if sentence is None:
        return 1
    key = normalise_space(sentence.text)
    text = audit.document.text
    earlier = sum(
        text[s.start : s.end].count(f["text"])
        for s in audit.sentences
        if s.start < sentence.start and normalise_space(s.text) == key
    )
    return 1 + earlier + text[sentence.start : f["start"]].count(f["text"])


def page_line(
    f: Mapping[str, Any],
    entry: Mapping[str, Any],
    audit: DocumentAudit | None,
    occurrence: int | None = None,
) -> int | None:
    """The line of a page (a file whose text was extracted or decoded, so the finding's
    own line is the extracted text's) where the finding's words stand, if found;
    ``occurrence``: the finding's ``copy_number``, when the caller has it."""
    if occurrence is None:
        occurrence = copy_number(f, audit) if audit is not None else 1
    encoding = (entry.get("meta") or {}).get("encoding")
    source = _feed_file(entry) or str(entry.get("source") or "")
    return line_in_source(source, encoding, f["text"], occurrence)
