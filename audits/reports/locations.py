"""Where a document lives, for formats that point into files (SARIF, GitHub annotations).

Offsets, lines and columns are true to the file only for UTF-8 text files,
which are audited byte for byte. Text extracted from HTML, decoded from other
encodings or taken from a JSONL record has its own offsets, so those reports
point at the file (or the record's line) rather than at a wrong column.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import os
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from audits.document import LINE_END, DocumentAudit, Sentence, line_start
from audits.errors import InputError
from audits.file_versions import FileVersion, file_version
from audits.fingerprints import normalise_space
from audits.sources.base import MAX_INPUT_BYTES
from audits.sources.fragment import NEVER_TEXT, PAGE_CHROME
from audits.sources.gzipped import read_file
from audits.sources.links import real_path

_RECORD = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")
# A feed entry's source: the feed's, then '#' and the entry's number (from 1).
_FEED_ENTRY = re.compile(r"^(?P<path>.+)#(?P<index>[1-9]\d*)$")
# Where an RSS item or an Atom entry opens, a prefix allowed (<atom:entry>); not
# <items>, RSS 1.0's table of contents.
_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
# What can hold markup that is no element of the feed: CDATA sections and comments.
_OPAQUE = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.S)
_BYTE_LINE_END = re.compile(rb"\r\n?")
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
    # For an entry of a feed file: the first and last lines of its element.
    entry_lines: tuple[int, int] | None = None

    @property
    def line(self) -> int | None:
        """The line that stands for the whole document: its record's, its entry's."""
        return self.entry_lines[0] if self.entry_lines else self.record_line

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
    feed = _FEED_ENTRY.match(source)
    if feed and not Path(source).exists():
        # A feed entry is no file of its own: 'feed.xml#2' as a SARIF artifact and an
        # annotation's file= named a file that is nowhere, so code scanning and pull
        # requests placed its findings nowhere. They point at the entry in the feed.
        if feed["path"] == "stdin":
            return SourceLocation(None, None, exact=False)
        path = display_path(feed["path"])
        lines = entry_span(_file_name(feed["path"]), int(feed["index"]))
        return SourceLocation(path, path_uri(path), exact=False, entry_lines=lines)
    record = _RECORD.match(source)
    if record and not Path(source).exists():
        if record["path"] == "stdin":
            return SourceLocation(None, None, exact=False, record_line=int(record["line"]))
        path = display_path(record["path"])
        return SourceLocation(path, path_uri(path), exact=False, record_line=int(record["line"]))
    path = display_path(source)
    return SourceLocation(path, path_uri(path), exact=exact)


def web_uri(url: str) -> str:
    """A URL as a valid URI reference, as a browser would read it: tabs and line breaks
    dropped (WHATWG strips them, so ``https://x.org/a\\nb`` is ``/ab``, not ``/a%0Ab``);
    a non-ASCII host in punycode (``bücher.de`` is ``xn--bcher-kva.de``, not the
    ``b%C3%BCcher.de`` that no resolver knows); in the rest, what RFC 3986 does not
    allow (spaces, quotes, ``<>``, non-ASCII letters, a second ``#``, ``[]`` outside an
    IPv6 host) percent-encoded as UTF-8, escapes already there kept, and a ``%`` that
    starts none encoded itself."""
    url = _STRAY_PERCENT.sub("%25", _TAB_OR_NEWLINE.sub("", url))
    parts = _URI_PARTS.fullmatch(url)
    if parts is None:  # cannot happen: every group is optional and the last takes all
        return quote(url, safe=_REST_SAFE)
    scheme, authority, rest, fragment = parts.group("scheme", "authority", "rest", "fragment")
    head = (scheme or "") + (_authority_uri(authority) if authority is not None else "")
    tail = quote(rest, safe=_REST_SAFE + "?")
    if fragment is not None:
        tail += "#" + quote(fragment, safe=_REST_SAFE + "?")
    return head + tail


def _authority_uri(authority: str) -> str:
    """``//user@host:port`` with a non-ASCII host in punycode, where IDNA takes it
    (else percent-encoded like the rest), and ``[]`` kept for an IPv6 host."""
    userinfo, at, hostport = authority[2:].rpartition("@")
    host, port = hostport, ""
    if not hostport.startswith("["):
        host, colon, port = hostport.partition(":")
        port = colon + port
    if not host.isascii():
        try:
            # Python's codec is IDNA 2003, which maps ß, ς, ZWJ and ZWNJ to other
            # letters (faß.de to fass.de, another domain); browsers keep them (UTS 46,
            # non-transitional), so such a host stays percent-encoded.
            if _IDNA_DEVIATIONS.intersection(host):
                raise UnicodeError(host)
            encoded = host.encode("idna").decode("ascii")
        except UnicodeError:
            encoded = ""
        if _IDNA_HOST.fullmatch(encoded):
            host = encoded
    userinfo = quote(userinfo, safe="!$%&'()*+,:;=~")
    return "//" + userinfo + at + quote(host + port, safe="!$%&'()*+,:;=[]~")


_TAB_OR_NEWLINE = re.compile("[\t\r\n]")
_STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
# RFC 3986 appendix B: scheme, authority, path and query, fragment (after the first #).
_URI_PARTS = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*:)?(?P<authority>//[^/?#]*)?(?P<rest>[^#]*)(?:#(?P<fragment>.*))?",
    re.DOTALL,
)
# What may stay as it is in a path, query or fragment (and userinfo) besides letters,
# digits and ``_.-``: not ``#`` (a second one), nor ``[]``, which only an IPv6 host holds.
_REST_SAFE = "!$%&'()*+,/:;=@~"
# What a host IDNA wrote may hold: "_" too, which browsers take in a host (UTS 46
# without the STD3 rules, as the WHATWG URL Standard reads hosts).
_IDNA_HOST = re.compile(r"[A-Za-z0-9_.\-]+")
_IDNA_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")


def display_path(source: str) -> str:
    """Relative to the working directory when inside it, with forward slashes."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = real_path(path).relative_to(Path.cwd().resolve())
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
        return real_path(path).relative_to(Path(workspace).resolve()).as_posix()
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


def entry_span(path: str, index: int) -> tuple[int, int] | None:
    """The first and last lines of the ``index``-th item or entry (from 1) of the feed
    file ``path`` (the last: the line before the next one opens, or the file's last);
    None when the file cannot be read or has fewer (a JSON feed)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    starts, total = _entry_lines(path, file_version(stat))
    if index > len(starts):
        return None
    last = starts[index] - 1 if index < len(starts) else total
    return starts[index - 1], max(last, starts[index - 1])


@functools.lru_cache(maxsize=8)
def _entry_lines(path: str, version: FileVersion) -> tuple[tuple[int, ...], int]:
    """The lines the feed's items or entries open on, in order, and the file's number
    of lines (its version in the key, as for ``_page_source``)."""
    try:
        data = _source_bytes(path)
    except (OSError, InputError):
        return (), 0
    # A lone CR ends a line as LF and CRLF do (as in ``LineIndex``).
    data = _BYTE_LINE_END.sub(b"\n", data)
    data = _OPAQUE.sub(lambda m: b"\n" * m.group().count(b"\n"), data)
    starts = tuple(data.count(b"\n", 0, m.start()) + 1 for m in _ENTRY_TAG.finditer(data))
    return starts, data.count(b"\n") + 1


def line_in_source(
    source: str,
    encoding: str | None,
    text: str,
    occurrence: int = 1,
    within: tuple[int, int] | None = None,
) -> int | None:
    """The line of the file ``source`` on which the ``occurrence``-th copy of ``text``
    starts (the last one there when there are fewer), reading the file as its page source:
    character references unescaped and runs of white space matched loosely, since a page
    wraps its lines where the extracted text has a space; only copies that start on the
    lines ``within`` (first, last) count. None when the file cannot be read or ``text``
    is not in it as written (markup inside the flagged words)."""
    lines = copy_lines(source, encoding, text, within)
    return lines[max(min(occurrence, len(lines)), 1) - 1] if lines else None


def copy_lines(
    source: str,
    encoding: str | None,
    text: str,
    within: tuple[int, int] | None = None,
    read_as: str = "",
) -> tuple[int, ...]:
    """The line each copy of ``text`` in the file ``source`` starts on, as
    ``line_in_source`` finds them; with ``read_as`` (a key of ``_TEXT_PARTS`` or of
    ``_NO_TEXT_OPEN``) only the copies where the text was read from: not an HTML
    page's <head>, its scripts, styles, comments, chrome or tag attributes, nor a feed
    entry's other elements."""
    if not text.split():
        return ()
    try:
        stat = os.stat(source)
    except OSError:
        return ()
    lines = _lines_of_copies(source, encoding or "utf-8", file_version(stat), text, read_as)
    if within is not None:
        first, last = within
        lines = tuple(n for n in lines if first <= n <= last)
    return lines


@functools.lru_cache(maxsize=4096)
def _lines_of_copies(
    path: str, encoding: str, version: FileVersion, text: str, read_as: str = ""
) -> tuple[int, ...]:
    """The line each copy of ``text`` in the page source starts on, in one pass: each
    finding searched the page again and counted the lines before every copy up to its
    own, so a long page's many copies of one calque read it over and over."""
    page = (
        _text_source(path, encoding, version, read_as)
        if read_as
        else _page_source(path, encoding, version)
    )
    if page is None:
        return ()
    lines: list[int] = []
    line, counted = 1, 0
    for m in loose_pattern(text).finditer(page):
        line += page.count("\n", counted, m.start())
        counted = m.start()
        lines.append(line)
    return tuple(lines)


def loose_pattern(text: str) -> re.Pattern[str]:
    """``text`` with any run of white space between its words matching any other, as
    a page wraps its lines where the extracted text has a space."""
    return re.compile(r"\s+".join(re.escape(w) for w in text.split()))


# Cached: a page's readings (the page source, and its text parts blanked in each of
# ``_PAGE_READINGS``) each decoded the file afresh (its version in the key, as for
# ``_page_source``).
@functools.lru_cache(maxsize=4)
def _decoded(path: str, encoding: str, version: FileVersion) -> str | None:
    """The file's text, its lines ended by LF: as editors and SARIF count them, ended by
    CRLF, a lone CR or LF (as in ``LineIndex``); not str.splitlines, which also ends
    one at U+2028 and form feeds."""
    try:
        data = _source_bytes(path)
    except (OSError, InputError):
        return None
    try:
        raw = data.decode(encoding, errors="replace")
    except LookupError:
        raw = data.decode("utf-8", errors="replace")
    return "\n".join(LINE_END.split(raw))


def _source_bytes(path: str) -> bytes:
    # As the input was read: page.html.gz's compressed bytes held none of its text,
    # and every SARIF result of a gzipped page or feed fell back to line 1.
    return read_file(path, MAX_INPUT_BYTES)


def _unescaped(raw: str) -> str:
    # Line by line: a character reference never spans a line end.
    return "\n".join(html.unescape(line) for line in raw.split("\n"))


@functools.lru_cache(maxsize=8)
def _page_source(path: str, encoding: str, version: FileVersion) -> str | None:
    """The file's text with its character references unescaped, its line numbers the
    file's; its version (``file_version``) in the key makes an edited file read afresh."""
    raw = _decoded(path, encoding, version)
    return None if raw is None else _unescaped(raw)


# What of a page the text reader takes no text from: the elements it never reads
# (scripts, styles, <noscript>, SVG and its <text>, figure captions; <head> with its
# meta description, og: and JSON-LD copies of the lead, which without its end tag
# ends at <body>), comments; then every tag, whose attributes (alt=, title=) may
# repeat the words. Copies there, counted, made the n-th kept copy the wrong line.
# The page chrome (<nav>, <footer>, <aside>, forms, tables) it leaves out too, unless
# the article is in it (a layout table, an ASP.NET page's <form>): it is blanked in a
# first reading ("html"), and where the copies there are not the text's, a second
# ("html-body") keeps it.
_NO_TEXT_OPEN = {
    "html": re.compile(
        r"<(" + "|".join(sorted(NEVER_TEXT | PAGE_CHROME)) + r")(?=[\s/>])|<!--", re.I
    ),
    "html-body": re.compile(r"<(" + "|".join(sorted(NEVER_TEXT)) + r")(?=[\s/>])|<!--", re.I),
}
# How an HTML page is read, the first whose copies number the text's taken.
_PAGE_READINGS = tuple(_NO_TEXT_OPEN)
_HEAD_CLOSE = re.compile(r"</head\s*>|(?=<body\b)", re.I)
_COMMENT_CLOSE = re.compile("-->")
# Where a tag may open, and what a tag reads past at once: neither a '<' nor a '>'
# nor the '=' a quoted value follows.
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
_TAG_PLAIN = re.compile(r"[^<>=]*")
_SPACES = re.compile(r"\s*")
# A feed entry's elements its text is read from, by its meta's ``text_from``: the
# title (the text opens with it) and the content or the summary.
_TEXT_PARTS = {
    "content": re.compile(
        r"<((?:[A-Za-z_][\w.-]*:)?(?:title|encoded|content))(?=[\s>/])[^<>]*(?<!/)>"
    ),
    "summary": re.compile(
        r"<((?:[A-Za-z_][\w.-]*:)?(?:title|description|summary))(?=[\s>/])[^<>]*(?<!/)>"
    ),
}


_NOT_LINE_END = re.compile(r"[^\n]")


def _blank_tags(raw: str) -> str:
    """``raw`` with its tags blanked, line ends kept (so lines stay the file's).

    A quoted attribute value may hold '>' (alt="a > diplomatic chief"), which ended
    '<[^>]*>' halfway and left the rest of the value as text. A quote opens a value
    only after '=', as in HTML ("don't" in an unquoted value opens none), and only
    where it is closed (an unclosed one is the plain text it is). A '<' outside
    quotes ends a tag that has no '>' before it, and what it read is text."""
    kept: list[str] = []
    done = pos = 0
    size = len(raw)
    # Where a tag that had no end went on from: a tag tried from a '<' inside its
    # quoted values that comes to the same '=' or '<' goes on alike and has none
    # either. A regular expression read '=" <a"' 32,000 times over to the end of the
    # page from each '<a' in the values (192 KB took 15 s); now each once.
    dead: set[int] = set()
    quotes: dict[str, list[int]] = {}

    def closing(quote: str, at: int) -> int:
        if quote not in quotes:
            quotes[quote] = [m.start() for m in re.finditer(quote, raw)]
        found = quotes[quote]
        i = bisect.bisect_left(found, at)
        return found[i] if i < len(found) else -1

    while (start := _TAG_OPEN.search(raw, pos)) is not None:
        at = start.end()
        end = -1
        seen: list[int] = []
        while at < size:
            at = _TAG_PLAIN.match(raw, at).end()  # type: ignore[union-attr]
            if at >= size or at in dead or raw[at] == "<":
                break
            if raw[at] == ">":
                end = at + 1
                break
            seen.append(at)
            value = _SPACES.match(raw, at + 1).end()  # type: ignore[union-attr]
            quote = raw[value] if value < size else ""
            close = closing(quote, value + 1) if quote in ("'", '"') else -1
            at = close + 1 if close >= 0 else at + 1
        if end < 0:
            dead.update(seen)
            pos = start.start() + 1
            continue
        kept += [raw[done : start.start()], _NOT_LINE_END.sub(" ", raw[start.start() : end])]
        done = pos = end
    kept.append(raw[done:])
    return "".join(kept)


def _elements(
    raw: str,
    opener: re.Pattern[str],
    closer: Callable[[str, re.Match[str]], re.Match[str] | None],
) -> Iterator[tuple[re.Match[str], re.Match[str]]]:
    """Each element ``opener`` opens, with the match of its end tag, in one pass: an
    opener without an end tag after it is passed over, and so is every later one of
    the same name (a lazy ``<script.*?</script>`` searched the rest of the page from
    each unclosed one: 64 KB of '<script>' took 2.5 s)."""
    unclosed: set[str] = set()
    pos = 0
    while (m := opener.search(raw, pos)) is not None:
        name = m.group(1) or ""
        end = None if name in unclosed else closer(raw, m)
        if end is None:
            unclosed.add(name)
            pos = m.end()
            continue
        yield m, end
        pos = end.end()


# Elements whose content is raw text, not markup: they end at the first end tag of
# their name, whatever tags their content writes ('<script>document.write("<script
# ...")</script>' is one script; counted as nested, it never ended and every later
# script was read as text).
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "noscript", "iframe", "template", "xmp"}
)
_RAW_TEXT_OPEN = re.compile(r"<(" + "|".join(sorted(_RAW_TEXT)) + r")(?=[\s/>])|<!--", re.I)


def _raw_end(raw: str, m: re.Match[str]) -> re.Match[str] | None:
    """The end of the raw-text element or comment ``m`` opens (or of <head>)."""
    name = (m.group(1) or "").lower()
    if not name:
        return _COMMENT_CLOSE.search(raw, m.end())
    if name == "head":
        return _HEAD_CLOSE.search(raw, m.end())
    return _end_tag_of(name, fold=True).search(raw, m.end())


def _nested_ends(raw: str, name: str) -> dict[int, re.Match[str]]:
    """Where each closed element of ``name`` opens, with its end tag, in one pass:
    elements of its name nest (a table in a table) and an end tag closes the latest
    one open, so a closed table inside one left open is still found (passing over
    the open one and every later one left the closed one's words in); raw-text
    elements and comments are passed over, as the tags they write are none."""
    tags = _open_or_end_tag(name)
    ends: dict[int, re.Match[str]] = {}
    opened: list[int] = []
    unclosed: set[str] = set()
    pos = 0
    tag = tags.search(raw, pos)
    while tag is not None:
        skip = _RAW_TEXT_OPEN.search(raw, pos, tag.start())
        if skip is not None:
            kind = (skip.group(1) or "").lower()
            end = None if kind in unclosed else _raw_end(raw, skip)
            if end is None:
                unclosed.add(kind)
            pos = skip.end() if end is None else end.end()
            if tag.start() < pos:  # the tag was inside what was passed over
                tag = tags.search(raw, pos)
            continue
        if tag.group(1):
            if opened:
                ends[opened.pop()] = tag
        else:
            opened.append(tag.start())
        pos = tag.end()
        tag = tags.search(raw, pos)
    return ends


@functools.lru_cache(maxsize=64)
def _open_or_end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}(?:(?=[\s/])[^<>]*)?>", re.I)


def _blank_no_text(raw: str, read_as: str = "html") -> str:
    """``raw`` with the elements its text is not read from blanked, line ends kept:
    a raw-text one to its first end tag, another to its own end tag, past those of
    the elements of its name inside it; one left open is passed over."""
    kept: list[str] = []
    done = 0
    nested: dict[str, dict[int, re.Match[str]]] = {}
    unclosed: set[str] = set()
    opener = _NO_TEXT_OPEN[read_as]
    while (m := opener.search(raw, done)) is not None:
        name = (m.group(1) or "").lower()
        end: re.Match[str] | None
        if name and name != "head" and name not in _RAW_TEXT:
            if name not in nested:
                nested[name] = _nested_ends(raw, name)
            end = nested[name].get(m.start())
        else:
            # One without its end tag is passed over, and so is every later one of
            # its name (a lazy '<script.*?</script>' searched the rest of the page
            # from each unclosed one: 64 KB of '<script>' took 2.5 s).
            end = None if name in unclosed else _raw_end(raw, m)
            if end is None:
                unclosed.add(name)
        if end is None:
            kept.append(raw[done : m.end()])
            done = m.end()
            continue
        kept += [raw[done : m.start()], _NOT_LINE_END.sub(" ", raw[m.start() : end.end()])]
        done = end.end()
    kept.append(raw[done:])
    return "".join(kept)


def _end_tag(raw: str, m: re.Match[str]) -> re.Match[str] | None:
    return _end_tag_of(m.group(1)).search(raw, m.end())


@functools.lru_cache(maxsize=64)
def _end_tag_of(name: str, fold: bool = False) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}\s*>", re.I if fold else 0)


# Cached: each distinct flagged phrase of a page reads it, in each reading (``read_as``
# in the key: chrome blanked or kept), so 300 phrases re-read a 1.1 MB page 600 times.
@functools.lru_cache(maxsize=16)
def _text_source(path: str, encoding: str, version: FileVersion, read_as: str) -> str | None:
    """The page source as ``_page_source`` reads it, with all but the parts its text
    was read from blanked out, line ends kept."""
    raw = _decoded(path, encoding, version)
    if raw is None:
        return None
    parts = _TEXT_PARTS.get(read_as)
    if parts is None:
        # An HTML page: tags go before references are unescaped ("&lt;b&gt;" is text).
        return _unescaped(_blank_tags(_blank_no_text(raw, read_as)))
    kept: list[str] = []
    done = 0
    for m, end in _elements(raw, parts, _end_tag):
        kept += [_NOT_LINE_END.sub(" ", raw[done : m.end()]), raw[m.end() : end.start()]]
        done = end.start()
    kept.append(_NOT_LINE_END.sub(" ", raw[done:]))
    # An entry's HTML, escaped or in CDATA, is markup once unescaped.
    return _blank_tags(_unescaped("".join(kept)))


class Copies:
    """A document's sentences grouped by their words, read once: counting a finding's
    copy compared its sentence with every sentence of the document, so a long page's
    5,000 findings normalised 25 million sentences."""

    def __init__(self, audit: DocumentAudit) -> None:
        self._text = audit.document.text
        self._starts: dict[str, list[int]] = {}
        groups: dict[str, list[Sentence]] = {}
        for s in sorted(audit.sentences, key=lambda s: s.start):
            groups.setdefault(normalise_space(s.text), []).append(s)
        # Each sentence with those of the same words, in the text's order.
        self._same: dict[int, tuple[Sentence, list[Sentence]]] = {}
        for group in groups.values():
            for s in group:
                self._same.setdefault(s.index, (s, group))

    def sentence(self, index: int) -> Sentence | None:
        """The document's sentence of ``index``."""
        same = self._same.get(index)
        return None if same is None else same[0]

    def number(self, f: Mapping[str, Any]) -> int:
        """Which copy of its flagged text in an identical sentence the finding ``f`` (its
        dict, as the reports have it) is, counted in the text (1 for the first): the
        same whichever copies the report shows."""
        same = self._same.get(f["sentence"]) if f.get("sentence") is not None else None
        if same is None:
            return 1
        sentence, group = same
        text = self._text
        earlier = sum(
            text[s.start : s.end].count(f["text"])
            for s in itertools.takewhile(lambda s: s.start < sentence.start, group)
        )
        return 1 + earlier + text[sentence.start : f["start"]].count(f["text"])

    def in_text(self, probe: str, at: int) -> tuple[int, int]:
        """Which copy of ``probe`` in the whole text (1 for the first) the one at ``at``
        is, and how many copies the text holds, its white space matched loosely, as
        ``copy_lines`` counts the copies in a page's source."""
        starts = self._starts.get(probe)
        if starts is None:
            starts = [m.start() for m in loose_pattern(probe).finditer(self._text)]
            self._starts[probe] = starts
        return max(bisect.bisect_right(starts, at), 1), len(starts)


def page_line(
    f: Mapping[str, Any],
    entry: Mapping[str, Any],
    loc: SourceLocation,
    audit: DocumentAudit | None,
    copies: Copies | None = None,
) -> int | None:
    """The line of a page (a file whose text was extracted or decoded, so the finding's
    own line is the extracted text's) where the finding's words stand, if found, else
    (for a feed entry) the line its entry opens on; ``loc``: the entry's location, as
    the caller has it from ``locate`` (once per document, not once per finding);
    ``copies``: the document's ``Copies``, when the caller has them.

    The words are looked for as the same copy in the page as in the text: the third
    "diplomatic chief" of the article is the page's third. The fingerprint's copy
    number counts identical sentences only, so a calque in three different
    sentences was the page's first copy three times. The page's copies are counted
    where its text was read from (a meta description's copy of the lead is none), and
    when they number other than the text's, the copy is the fingerprint's again:
    the page's copies then are not the text's, and the n-th of them is no better
    than a guess."""
    meta = entry.get("meta") or {}
    encoding = meta.get("encoding")
    source = str(entry.get("source") or "")
    found_probe = _probe(f, audit)
    if found_probe is None:
        return loc.entry_lines[0] if loc.entry_lines else None
    probe = found_probe[0]
    path, within, readings = source, None, ("",)
    if loc.entry_lines is not None:
        feed = _FEED_ENTRY.match(source)
        assert feed is not None  # locate found an entry of a feed file
        text_from = str(meta.get("text_from") or "")
        if text_from and text_from not in _TEXT_PARTS:
            # The article page fetched for the entry (--fetch-articles): its words are
            # in no line of the feed, whose summary's copy of the lead was named (the
            # feed read in the page's encoding, and as a page).
            return loc.entry_lines[0]
        # The copies in the entry's own element: the words of another entry are not its.
        path, within, readings = feed["path"], loc.entry_lines, (text_from,)
    elif str(meta.get("extracted_from") or "").startswith("html"):
        readings = _PAGE_READINGS
    found: int | None = None
    if audit is not None:
        copies = copies if copies is not None else Copies(audit)
        occurrence, count = copies.in_text(*found_probe)
        for read_as in readings:
            lines = copy_lines(path, encoding, probe, within, read_as)
            if len(lines) == count:
                found = lines[occurrence - 1]
                break
        else:
            found = line_in_source(path, encoding, probe, copies.number(f), within)
    else:
        found = line_in_source(path, encoding, probe, 1, within)
    return found or (loc.entry_lines[0] if loc.entry_lines else None)


def _probe(f: Mapping[str, Any], audit: DocumentAudit | None) -> tuple[str, int] | None:
    """What to look for in the page source and where it starts in the text: the
    flagged text, or for one without a letter or digit (T101's ' :', T103's '. .')
    the words before it on its line too, since the first ':' of a page stands in a URL
    or a tag (an annotation on the feed's <link> line); None when there are none."""
    text = str(f.get("text") or "")
    start, end = f.get("start"), f.get("end")
    if any(ch.isalnum() for ch in text):
        return text, start if isinstance(start, int) else 0
    if audit is None or not isinstance(start, int) or not isinstance(end, int):
        return None
    doc = audit.document.text
    first = line_start(doc, start)
    words = [m.start() for m in re.finditer(r"\S+", doc[first:start])]
    if not words:
        return None
    at = first + words[-3 if len(words) > 2 else 0]
    return doc[at:end], at
