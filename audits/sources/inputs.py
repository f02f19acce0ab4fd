"""From command-line arguments to Documents: files, directories, globs, stdin and URLs.

Local inputs are read in order. URLs (given directly, listed in a file of
URLs, or linked from summary-only feed entries with ``fetch_articles``) are
fetched concurrently in rounds; each result lands where its input stood, so
the report's order never depends on network timing. Every input ends as
Documents or as an InputFailure with a reason; nothing raises.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits.document import Document
from audits.document_ids import UniqueIds
from audits.errors import InputError, UsageError, read_reason
from audits.sources.base import (
    FEED_META_KEYS,
    MAX_INPUT_BYTES,
    UNDATED_KEPT,
    UNDATED_RECORD_KEPT,
    ArticleRequest,
    EmptyInput,
    FeedOptions,
    InputFailure,
)
from audits.sources.dates import from_rfc3339, parse_since, read_older_than
from audits.sources.decode import LONE_SURROGATE, decode_declared
from audits.sources.file_ids import FileId, WrittenFiles
from audits.sources.folders import (
    UnreadFolder,
    folder_error,
    has_magic,
    inside_any,
    unread_folder,
    unreadable_glob_folders,
)
from audits.sources.gzipped import (
    head,
    inner_name,
    is_gzip_name,
    read_file,
    read_gzip_bytes,
)
from audits.sources.http_settings import HTTP_DOWNGRADE_KEY, HttpSettings
from audits.sources.jsonl import read_jsonl
from audits.sources.links import dead_link, not_a_file_link, real_path
from audits.sources.own_reports import own_report
from audits.sources.sniff import (
    EXTENSION_KINDS,
    JSON_DOCUMENT,
    JSON_LINES_TYPES,
    KINDS,
    NOT_ARTICLES_JSON,
    SNIFFED_EXTENSIONS,
    WALKED_EXTENSIONS,
    is_feed,
    is_json_feed,
    looks_like_url_list,
    sniff_kind,
    url_list_lines,
)
from audits.sources.stdin import read_stdin, stdin_aliases
from audits.sources.text import document_from_text, read_text

if TYPE_CHECKING:
    from audits.config import AuditConfig
    from audits.sources.feed import FeedItem
    from audits.sources.http import Fetcher, FetchError, FetchResult

STDIN = "-"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HTTP_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.I)
_HTTP_SCHEME = re.compile(r"^https?://", re.I)
# Content types that settle what a response is when its bytes look like plain text.
_TYPE_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+json": "feed",
    **dict.fromkeys(JSON_LINES_TYPES, "jsonl"),
    # XML that is not a page is read as a feed, so the user hears "not a feed".
    "application/xml": "feed",
    "text/xml": "feed",
}

Reader = Callable[[bytes, str], Iterable[Document | InputFailure]]
# How much of an .xml or .json file a walk reads to tell whether it is a feed.
_FEED_HEAD = 65536


# The feed and page readers load feedparser and trafilatura with a score of modules of
# their own, a fifth of a second and more: imported when a feed or a page is read,
# not for every text file audited.
def read_feed(data: bytes, source: str, **kwargs: Any) -> list[FeedItem]:
    from audits.sources.feed import read_feed as read

    return read(data, source, **kwargs)


def read_html(data: bytes, source: str, **kwargs: Any) -> Document:
    from audits.sources.html import read_html as read

    return read(data, source, **kwargs)


def may_refresh(data: bytes) -> bool:
    from audits.sources.html import may_refresh as may

    return may(data)


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


@dataclass(frozen=True)
class ReadOptions:
    """How to read a run's inputs: a forced kind, feed selection, HTTP limits."""

    kind: str | None = None
    feed: FeedOptions = field(default_factory=FeedOptions)
    http: HttpSettings = field(default_factory=HttpSettings)

    @classmethod
    def from_config(cls, config: AuditConfig | None, kind: str | None = None) -> ReadOptions:
        if config is None:
            return cls(kind=kind)
        return cls(
            kind=kind or config.input_kind,
            feed=FeedOptions(
                max_entries=config.max_entries,
                since=parse_since(config.since, tz=config.tz) if config.since else None,
                fetch_articles=config.fetch_articles,
            ),
            http=HttpSettings.from_config(config),
        )


@dataclass
class _Fetch:
    """A URL whose body is still to be read; ``lists`` says whether it may be a URL list.

    ``trusted``: the user named it (on the command line or in a file of URLs). One
    listed by a list that was itself fetched is the server's word, no more trusted
    than a link inside a feed."""

    url: str
    kind: str | None
    lists: bool
    trusted: bool = True
    # The https-to-http hop the list that names it was fetched through, if any
    # (``Downgrade.as_meta()``): what it reads came by way of that list.
    downgrade: dict[str, str] | None = None


_Node = Document | InputFailure | EmptyInput | _Fetch | ArticleRequest
# How a URL is to be read: its URL, its kind, and whether a list of URLs it serves is followed.
_Reading = tuple[str, str | None, bool]


def is_url(arg: str) -> bool:
    return bool(_SCHEME.match(arg))


def expand_paths(
    paths: Iterable[str], skip: Collection[str | FileId] = ()
) -> Iterator[str | InputFailure]:
    """Each argument as files or URLs to read, in a stable order, each file once.

    A file a folder walk or a glob finds is left out when it is one of ``skip`` (the
    files this run writes: paths, compared by resolved path, which also holds for a
    file not yet written and one reached through a link, and ``FileId``s, files known
    only by device and inode, such as the one stdout was redirected into): `audit site
    -o site/r.md` read its own report from the second run on, and `audit site >
    site/r.txt` read the empty file the shell had made. A file named as an argument is
    never left out.

    What matches nothing becomes an InputFailure. A file reached twice (a folder and a
    file in it, `news/ news/a.txt`; `a.txt ./a.txt`; overlapping globs; a link beside
    its target) is read where it is first named: it was audited twice, as ``a#2``, and
    S520 flagged the file as a near-duplicate of itself, failing `--fail-on S520`.
    A file a walk reached that an argument also names or globs is read as that argument
    reads it (named > globbed > walked, by file, not by spelling), where the walk
    reached it: `news news/links.txt` skipped the list a walk does not follow, though
    the user named it, and `news/links.txt news` fetched it.
    """
    items = list(_expand(paths, WrittenFiles.of(skip)))
    identities = [_file_identity(i) if _is_file_name(i) else None for i in items]
    # Each file's strongest mark among its names (named > globbed > walked): the name
    # read is the first, its mark the strongest, whatever either's spelling.
    strongest: dict[object, str] = {}
    for item, identity in zip(items, identities, strict=True):
        if not isinstance(item, str) or identity is None:
            continue
        if identity not in strongest or _strength(item) > _strength(strongest[identity]):
            strongest[identity] = item
    seen: set[object] = set()
    for item, identity in zip(items, identities, strict=True):
        if identity is not None and isinstance(item, str):
            if identity in seen:
                continue
            seen.add(identity)
            best = strongest[identity]
            if isinstance(best, _Named) and not isinstance(item, _Named):
                item = _Named(item)
            elif isinstance(best, _Globbed) and not isinstance(item, _Globbed):
                item = _Globbed(item, best.root)
        yield item


_WALKED, _GLOBBED, _NAMED = range(3)


def _strength(item: str) -> int:
    if isinstance(item, _Named):
        return _NAMED
    return _GLOBBED if isinstance(item, _Globbed) else _WALKED


def _is_file_name(item: str | InputFailure) -> bool:
    return isinstance(item, str) and item != STDIN and not is_url(item)


def _file_identity(path: str) -> object:
    """What makes two names one file: the same device and inode, size and modification
    time. Any doubt keeps both names: a name that cannot be looked at (the reader then
    says why) or a file with no inode number (a FUSE or SMB mount, or a Windows volume
    without file ids, gives 0 to every file) is told apart by its resolved path, and
    size and mtime guard against file ids that are not unique (ReFS before Python 3.12)
    or an inode reused during the run. A dropped file is silent; a duplicate is not."""
    try:
        st = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    if st.st_ino == 0:
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _expand(paths: Iterable[str], skip: WrittenFiles) -> Iterator[str | InputFailure]:
    for arg in paths:
        if arg == STDIN:
            yield STDIN
            continue
        if is_url(arg):
            # An http(s) URL without a host, or with a space in it, is the fetcher's to
            # name: it was "only http:// and https:// are fetched".
            if _HTTP_SCHEME.match(arg):
                yield arg
            else:
                yield InputFailure(arg, "unsupported URL: only http:// and https:// are fetched")
            continue
        path = Path(arg)
        try:
            # A link that leads to no file is there: the reader says why it cannot be read.
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except OSError:  # a folder on its way cannot be searched
            is_dir, exists = False, not has_magic(arg)  # the reader, or the glob, says why
        if is_dir:
            unread: list[UnreadFolder] = []
            found = sorted(f for f in _walk(path, unread) if f not in skip)
            yield from _unread_folders(unread)
            if not found and not unread:
                yield _no_article_files(arg)
            yield from (_Walked(f, arg) for f in found)
        elif exists:
            yield _Named(arg)
        elif has_magic(arg):
            unread = unreadable_glob_folders(arg)
            # What the glob found in a folder it could not list (a name looked up in
            # it) is left out with the rest of that folder: the folder is the
            # unreadable input, as when its parent is walked, whatever the pattern.
            unlisted = [each.folder for each in unread]
            matches = sorted(
                m
                for m in glob.glob(arg, recursive=True)
                if not inside_any(m, unlisted) and _may_be_file(Path(m)) and m not in skip
            )
            yield from _unread_folders(unread)
            if not matches and not unread:
                yield InputFailure(arg, "no files match this pattern")
            yield from (_Globbed(m, arg) for m in matches)
        else:
            yield InputFailure(arg, "no such file or directory")


class _Walked(str):
    """A file a folder walk found, not named nor matched by a glob: auditing a folder
    never touches the network, so a list of URLs found so is not followed. ``root``:
    the folder argument whose walk found it."""

    root: str

    def __new__(cls, path: str, root: str) -> _Walked:
        walked = super().__new__(cls, path)
        walked.root = root
        return walked


class _Globbed(_Walked):
    """A file a glob matched (``root``: the pattern): read as named, a list of URLs
    too, but left out when it is an old report of mtaudit's."""


class _Named(str):
    """A file an argument names (not a folder it walks, nor a glob): read whatever it
    is, an old report or a list of URLs, as the user asked."""


def _no_article_files(folder: str) -> InputFailure:
    exts = " ".join(sorted(WALKED_EXTENSIONS | SNIFFED_EXTENSIONS))
    reason = f"directory holds no article files ({exts}, or any of these ending .gz)"
    return InputFailure(folder, _through_link(folder, reason))


def _walk(root: Path, unread: list[UnreadFolder]) -> Iterator[str]:
    """The article files under ``root``; a folder that cannot be listed or searched goes
    to ``unread`` (os.walk skipped one it could not list without a word: a job whose
    news/2024 folder lost its permissions audited the rest and passed)."""

    def unlisted(exc: OSError) -> None:
        unread.append(unread_folder(exc))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
        if (error := folder_error(dirpath, lists=False)) is not None:
            unread.append(error)  # listed, but none of its entries can be reached
            dirnames.clear()
            continue
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if not name.startswith(".") and _reads_file(path):
                yield str(path)


def _unread_folders(errors: list[UnreadFolder]) -> Iterator[InputFailure]:
    for each in sorted(errors, key=lambda e: e.folder):
        yield InputFailure(each.folder, each.reason)


def is_walked_file(path: Path, root: Path) -> bool:
    """Whether a walk of the folder ``root`` reads ``path`` as an input: the walk leaves
    out hidden files and everything in a hidden folder (``site/.reports/a.md``)."""
    try:
        inside = real_path(path).relative_to(real_path(root)).parts
    except (ValueError, OSError):
        return False
    return not any(part.startswith(".") for part in inside) and _reads_file(path)


def _reads_file(path: Path) -> bool:
    """Whether the walk reads a file it meets (a named pipe, socket or device is
    skipped: reading it could block forever)."""
    if not _may_be_file(path):
        return False
    # A gzipped file is taken as the file its name has without .gz, as when it is named;
    # beside that file it is its compressed copy (index.html.gz for gzip_static), which
    # counted every finding twice.
    inner = inner_name(path.name)
    if inner != path.name and _may_be_file(path.with_name(inner)):
        return False
    suffix = Path(inner).suffix.lower()
    return suffix in WALKED_EXTENSIONS or (suffix in SNIFFED_EXTENSIONS and _holds_feed(path))


def _may_be_file(path: Path) -> bool:
    """Whether ``path`` is a file, or may be one that cannot be looked at (a link into
    a folder that cannot be searched, a link that leads to no file): the reader then
    says why it cannot be read, where pathlib raised PermissionError, an 'internal
    error', or skipped the link without a word."""
    try:
        return path.is_file() or dead_link(str(path)) is not None
    except OSError:
        return True


def _holds_feed(path: Path) -> bool:
    """An .xml or .json file in a directory is read only when it is a feed (an .xml.gz
    or .json.gz one when what it holds is). XML says so in its root element; a JSON
    Feed may say so at its end, so the whole of a .json file is looked at, up to the
    input limit the reader has."""
    is_json = Path(inner_name(path.name)).suffix.lower() == ".json"
    try:
        data = head(str(path), MAX_INPUT_BYTES if is_json else _FEED_HEAD)
    except OSError:
        return True  # let the reader report why it cannot be read
    return is_feed(data[:_FEED_HEAD]) or (is_json and is_json_feed(data))


PathArg = str | os.PathLike[str]


def path_list(paths: PathArg | Iterable[PathArg], caller: str = "read_inputs") -> list[str]:
    """``paths`` as a list of strings; one path on its own is one path.

    A bare string used to be read letter by letter: each letter a missing file, and
    "/" a walk of the whole disk."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if paths is None or isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise UsageError(f"{caller} takes a path or a list of paths, not {type(paths).__name__}")
    names = []
    for path in paths:
        if not isinstance(path, str | os.PathLike):
            raise UsageError(f"{caller}: {path!r:.60} is not a path (a str or a Path)")
        names.append(os.fspath(path))
    if names.count(STDIN) > 1:
        # The second read would find stdin empty and report "empty input" for it.
        raise UsageError("- (stdin) is named more than once; stdin can be read only once")
    return names


def check_stdin_read_once(names: list[str]) -> None:
    """Refuse stdin named twice, as ``-`` and as a path (``- /dev/stdin``): the second
    read found a pipe empty ("empty input") or a terminal waiting, and a file that
    stdin was redirected from was read twice, as two documents of one text. Paths
    alone (``/dev/stdin /dev/fd/0``) are left to the device-and-inode dedup, which
    reads them once; only ``-`` is never deduplicated."""
    if STDIN not in names:
        return
    aliases = stdin_aliases(n for n in names if n != STDIN)
    if aliases:
        shown = " and ".join(printable_name(n) for n in [STDIN, *aliases])
        raise UsageError(
            f"stdin is named more than once ({shown}); stdin can be read only once: name it once"
        )


def read_inputs(
    paths: PathArg | Iterable[PathArg],
    kind: str | None = None,
    stdin: bytes | None = None,
    *,
    config: AuditConfig | None = None,
    empty: list[EmptyInput] | None = None,
    skip: Collection[str | FileId] = (),
) -> Iterator[Document | InputFailure]:
    """Every article behind ``paths`` (one path or several); an unreadable one becomes
    an InputFailure. An input that holds no article and is not wrong (a valid feed with
    no entries) yields nothing and is added to ``empty``, for the caller to tell.
    ``skip``: files a folder walk or a glob leaves out (what the run writes, stdout's
    file among them as a FileId)."""
    names = path_list(paths)
    if stdin is None:
        check_stdin_read_once(names)
    if kind is not None and kind not in KINDS:
        raise InputError(kind, f"unknown input kind; choose one of {', '.join(KINDS)}")
    return _read(names, kind, stdin, config, [] if empty is None else empty, skip)


def _read(
    paths: list[str],
    kind: str | None,
    stdin: bytes | None,
    config: AuditConfig | None,
    empty: list[EmptyInput],
    skip: Collection[str | FileId],
) -> Iterator[Document | InputFailure]:
    options = ReadOptions.from_config(config, kind)
    nodes: list[_Node] = []
    # Each walked folder: whether all its walk found were files it leaves out.
    only_left_out: dict[str, bool] = {}
    patterns: set[str] = set()  # the roots above that are globs
    for item in expand_paths(paths, skip):
        if isinstance(item, InputFailure):
            nodes.append(item)
        elif item != STDIN and is_url(item):
            nodes.append(_Fetch(item, options.kind, lists=True))
        else:
            root = item.root if isinstance(item, _Walked) else None
            named = item == STDIN or isinstance(item, _Named)
            walked = root is not None and not isinstance(item, _Globbed)
            globbed = isinstance(item, _Globbed)
            item = str(item)  # a plain name from here on, whoever found it
            read = _read_local(item, stdin, options, named=named, walked=walked)
            if root is not None:
                if globbed:
                    patterns.add(root)
                skipped = all(isinstance(n, _LeftOut) for n in read)
                only_left_out[root] = only_left_out.get(root, True) and skipped
            nodes.extend(read)
    # A folder of nothing but lists and old reports holds no article files, as one of
    # nothing but feeds.urls does: it exited 0 having audited nothing, and a CI job passed.
    nodes.extend(
        InputFailure(root, _NO_MATCHED_ARTICLES) if root in patterns else _no_article_files(root)
        for root, only in only_left_out.items()
        if only
    )
    if any(isinstance(n, _Fetch | ArticleRequest) for n in nodes):
        # httpx and httpcore load here, with the first URL: not for local files.
        from audits.sources.http import Fetcher

        with Fetcher(options.http) as fetcher:
            nodes = _settle(nodes, fetcher, options)
    empty.extend(
        replace(n, source=printable_name(n.source)) for n in nodes if isinstance(n, EmptyInput)
    )
    yield from _unique_ids(n for n in nodes if isinstance(n, Document | InputFailure))


def _read_local(
    item: str,
    stdin: bytes | None,
    options: ReadOptions,
    *,
    named: bool = True,
    walked: bool = False,
) -> list[_Node]:
    """``named``: the user named ``item``, where a walk or a glob found it; ``walked``:
    a folder walk found it."""
    source = "stdin" if item == STDIN else item
    try:
        data = _read_bytes(item, stdin, named=named)
    except InputError as exc:
        return [InputFailure(source, _through_link(item, exc.reason))]
    kind = options.kind or _kind_of(item, data)
    if not named and (report := own_report(data, kind)):
        # An earlier run's report kept in the audited folder, which the walk found
        # (named, it is read as the user asked).
        return [_LeftOut(source, report.reason)]
    if walked and kind == "urls" and options.kind is None:
        # A links.txt in the folder had every URL it lists fetched.
        return [_LeftOut(source, _WALKED_LIST)]
    nodes = parse_body(data, source, kind, options, lists=True)
    if item == STDIN or not any(isinstance(n, InputFailure) for n in nodes):
        return nodes
    return [
        replace(n, reason=_through_link(item, n.reason))
        if isinstance(n, InputFailure) and n.source == source
        else n
        for n in nodes
    ]


@dataclass(frozen=True)
class _LeftOut(EmptyInput):
    """A file a walk or a glob found and left out (a list it does not follow, an old
    report): a folder of nothing else holds no article files, whatever the reasons."""


_NO_MATCHED_ARTICLES = "no article files match this pattern (only mtaudit's own reports)"

_WALKED_LIST = (
    "a list of URLs, which a folder walk does not follow (auditing a folder never "
    "touches the network; name the file to fetch them)"
)


def _through_link(path: str, reason: str) -> str:
    """``reason``, which names the link ``path`` leads to when it leads to no file (a
    device, /dev/null's 'empty input')."""
    target = not_a_file_link(path)
    return reason if target is None else f"a link to {target}: {reason}"


# What a reader raises when hostile input trips it (a page too deep, a bad codec, a
# malformed structure): that input fails alone, never the run.
READER_TRIPS = (RecursionError, MemoryError, ValueError, TypeError, LookupError)


def parse_body(
    data: bytes,
    source: str,
    kind: str,
    options: ReadOptions,
    *,
    url: str | None = None,
    charset: str | None = None,
    lists: bool = True,
) -> list[_Node]:
    """Read ``data`` as ``kind``; URLs it names are left as nodes to fetch."""
    if not data.strip():
        return [InputFailure(source, "empty input: no text to audit")]
    if kind == JSON_DOCUMENT:
        return [InputFailure(source, NOT_ARTICLES_JSON)]
    try:
        if kind == "feed":
            return list(
                read_feed(data, source, url=url, declared_charset=charset, options=options.feed)
            )
        if kind == "urls":
            if not lists:
                return [
                    InputFailure(source, "a list of URLs inside a list of URLs is not followed")
                ]
            return _url_list(data, source, options, trusted=url is None)
        if kind == "jsonl":
            return _records_since(list(read_jsonl(data, source)), options.feed.since)
        if url is None:
            return list(READERS[kind](data, source))
        if kind == "html":
            return [read_html(data, source, url=url, declared_charset=charset)]
        if kind == "text":
            return [_text_from_url(data, source, url, charset)]
        return list(READERS[kind](data, source))
    except InputError as exc:
        return [InputFailure(source, exc.reason)]
    except READER_TRIPS as exc:
        # A reader tripped on hostile input; the run goes on without it.
        return [InputFailure(source, f"could not read the input ({type(exc).__name__})")]


def _text_from_url(data: bytes, source: str, url: str, charset: str | None) -> Document:
    if charset:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            text = decode_declared(data, charset)
            if text is not None:
                doc = document_from_text(text, source, keep_text=False, encoding=charset)
                doc.url = url
                return doc
    doc = read_text(data, source)
    doc.url = url
    return doc


def _url_list(data: bytes, source: str, options: ReadOptions, *, trusted: bool) -> list[_Node]:
    from audits.sources.decode import decode_bytes

    text, _ = decode_bytes(data, source)
    # What each listed URL serves is sniffed, unless the user forced a content kind.
    target_kind = options.kind if options.kind not in (None, "urls") else None
    nodes: list[_Node] = []
    for lineno, line in url_list_lines(text):
        if _HTTP_URL.match(line):
            nodes.append(_Fetch(line, target_kind, lists=False, trusted=trusted))
        else:
            nodes.append(InputFailure(f"{source}:{lineno}", _not_a_url(line)))
    if not nodes:
        return [InputFailure(source, "the list of URLs is empty")]
    return nodes


def _not_a_url(line: str) -> str:
    """Why a list's line is no URL to fetch: an http(s) one without a host, or with a
    space in its host, in the fetcher's words, as on the command line (it was "not an http(s)
    URL: 'http://'")."""
    # url_problem quotes the whole line, unclipped; a list line is any length, so a
    # longer one keeps the clipped fallback below rather than an error entry of that size.
    if _HTTP_SCHEME.match(line) and len(line) <= 2000:
        from audits.sources.http import url_problem

        if (problem := url_problem(line)) is not None:
            return problem
    return f"not an http(s) URL: {line[:200]!r}"


def _settle(nodes: list[_Node], fetcher: Fetcher, options: ReadOptions) -> list[_Node]:
    """Fetch every pending URL, round by round, until only Documents and failures remain."""
    # Round 1: inputs and the targets of URL lists; round 2: listed URLs;
    # round 3: article pages of summary-only entries. A fourth never has work.
    named: set[_Reading] = set()
    for _ in range(4):
        nodes = _first_mentions(nodes, named)
        waiting: dict[str, list[int]] = {}
        for i, node in enumerate(nodes):
            if isinstance(node, _Fetch | ArticleRequest):
                waiting.setdefault(node.url, []).append(i)
        if not waiting:
            break
        resolved: dict[int, list[_Node]] = {}
        # Links found inside feeds, and URLs a served list names, are untrusted: a
        # hostile list could name the machine's own services, whose answers the report
        # would print. URLs the user gave, on the command line or in a file, are not.
        untrusted = {
            n.url
            for n in nodes
            if isinstance(n, ArticleRequest) or (isinstance(n, _Fetch) and not n.trusted)
        }
        refresh = _PageRefresh(nodes[i] for i in (ids[0] for ids in waiting.values()))
        pages = {n.url for n in nodes if isinstance(n, ArticleRequest)}
        for url, outcome in fetcher.fetch_all(waiting, untrusted, refresh, pages):
            for i in waiting[url]:
                resolved[i] = _resolve(nodes[i], outcome, options, refresh.page(url, outcome))
        nodes = [new for i, node in enumerate(nodes) for new in resolved.get(i, [node])]
    return [
        InputFailure(n.url, "not fetched (nested too deeply)")
        if isinstance(n, _Fetch | ArticleRequest)
        else n
        for n in nodes
    ]


def _first_mentions(nodes: list[_Node], named: set[_Reading]) -> list[_Node]:
    """``nodes`` without a URL to be read as it was read before (in ``named``, or
    earlier in ``nodes``), which joins ``named``: it would be another copy, `URL#2`,
    which S520 grouped with the first as a near-duplicate. Read another way (as a list
    of URLs to follow, as a kind of its own), it is read again. An entry's article page
    is its entry's, so two feeds linking one page keep both entries."""
    kept: list[_Node] = []
    for node in nodes:
        if isinstance(node, _Fetch):
            reading = (node.url, node.kind, node.lists)
            if reading in named:
                continue
            named.add(reading)
        kept.append(node)
    return kept


class _PageRefresh:
    """Where a fetched page that only redirects by meta refresh sends the reader: the
    fetcher goes on there, as a browser would, instead of the page being an error
    that asks the user to audit its target. Only responses read as pages count.

    To know, the page is read as it arrives; what that reading came to (its article,
    or why it has none) is kept for the response, which is then not read again: a
    page that is an article and also refreshes was extracted twice."""

    def __init__(self, nodes: Iterable[_Node]) -> None:
        # The kind each URL is read as: "html" for article pages, None when sniffed.
        self._kinds: dict[str, str | None] = {}
        for node in nodes:
            if isinstance(node, ArticleRequest):
                self._kinds[node.url] = "html"
            elif isinstance(node, _Fetch):
                self._kinds[node.url] = node.kind
        # The response each URL's page was read from, and what the reading gave.
        self._pages: dict[str, tuple[FetchResult, Document | InputError]] = {}

    def __call__(self, url: str, result: FetchResult) -> str | None:
        if url not in self._kinds or not may_refresh(result.body):
            return None
        try:
            kind = self._kinds[url] or _kind_of_response(result)
        except READER_TRIPS:
            return None  # read as it is; the reader says what is wrong with it
        if kind != "html":
            return None
        from audits.sources.html import RefreshOnly

        page: Document | InputError
        try:
            page = read_html(
                result.body, url, url=result.final_url, declared_charset=result.charset
            )
        except RefreshOnly as refresh:
            return refresh.target
        except InputError as exc:
            page = exc
        except Exception:  # a page the reader trips on is reported when it is read again
            return None
        self._pages[url] = (result, page)
        return None

    def page(self, url: str, outcome: FetchResult | FetchError) -> Document | InputError | None:
        """What reading ``outcome`` (the response for ``url``) as a page gave, if it was
        read here: a copy of its document for each caller, who may change it."""
        kept = self._pages.get(url)
        if kept is None or kept[0] is not outcome:
            return None
        return deepcopy(kept[1]) if isinstance(kept[1], Document) else kept[1]


def _resolve(
    node: _Node,
    outcome: FetchResult | FetchError,
    options: ReadOptions,
    page: Document | InputError | None = None,
) -> list[_Node]:
    """What ``node`` comes to with its response; ``page`` is that response already
    read as a page, if it was. What was read over plain http after an https address
    sent the reader there, or by way of a feed or list so read, is marked so."""
    nodes = _resolved(node, outcome, options, page)
    own = outcome.downgrade
    downgrade = own.as_meta() if own is not None else _inherited_downgrade(node)
    if downgrade is not None:
        # A copy each: a caller that edits one document's meta must not edit them all.
        for each in nodes:
            if isinstance(each, Document | InputFailure):
                each.meta[HTTP_DOWNGRADE_KEY] = dict(downgrade)
            elif isinstance(each, ArticleRequest):
                each.document.meta[HTTP_DOWNGRADE_KEY] = dict(downgrade)
            elif isinstance(each, _Fetch):
                each.downgrade = dict(downgrade)
    return nodes


def _inherited_downgrade(node: _Node) -> dict[str, str] | None:
    """The downgrade of the feed or list that named ``node``, if it was read so."""
    if isinstance(node, ArticleRequest):
        return node.document.meta.get(HTTP_DOWNGRADE_KEY)
    return node.downgrade if isinstance(node, _Fetch) else None


def _resolved(
    node: _Node,
    outcome: FetchResult | FetchError,
    options: ReadOptions,
    page: Document | InputError | None = None,
) -> list[_Node]:
    if isinstance(node, ArticleRequest):
        article = _article(node, outcome, page)
        return [] if _older_than_since(article, options.feed.since) else [article]
    assert isinstance(node, _Fetch)
    from audits.sources.http import FetchError

    if isinstance(outcome, FetchError):
        return [InputFailure(node.url, outcome.reason)]
    if isinstance(page, InputError):
        return [InputFailure(node.url, page.reason)]
    if page is not None:
        return [page]
    kind = node.kind or _kind_of_response(outcome)
    return parse_body(
        outcome.body,
        node.url,
        kind,
        options,
        url=outcome.final_url,
        charset=outcome.charset,
        lists=node.lists,
    )


def _records_since(items: list[Document | InputFailure], since: dt.datetime | None) -> list[_Node]:
    """A JSONL dump's records that ``--since`` chooses, as it chooses a feed's entries:
    by their ``published``. It ignored them, and a dump of old articles was audited
    whole. A record without a date it can read (no ``published``, or words) is kept
    and marked (``UNDATED_RECORD_KEPT``); an error is never left out."""
    if since is None:
        return list(items)
    kept: list[_Node] = []
    for item in items:
        if isinstance(item, Document):
            when = from_rfc3339(item.published)
            if read_older_than(when, item.published, since):
                continue
            if when is None:
                item.meta[UNDATED_RECORD_KEPT] = True
        kept.append(item)
    return kept


def _older_than_since(article: Document | InputFailure, since: dt.datetime | None) -> bool:
    """Whether an entry kept by ``since`` for want of a date has one on its article
    page, older than ``since`` (a day's date counts until the day's end). The page's
    date settles it: the entry is left out as a dated one would have been, or kept
    as no longer undated."""
    if not isinstance(article, Document) or not article.meta.get(UNDATED_KEPT):
        return False
    when = from_rfc3339(article.published)
    if when is None:
        return False
    del article.meta[UNDATED_KEPT]
    return read_older_than(when, article.published, since)


def _article(
    request: ArticleRequest,
    outcome: FetchResult | FetchError,
    read: Document | InputError | None = None,
) -> Document | InputFailure:
    """A summary-only entry, completed with the text of its linked page (``read``,
    when the page was already read)."""
    from audits.sources.http import FetchError

    entry = request.document
    why = f"could not fetch the article page {request.url}"
    if isinstance(outcome, FetchError):
        return _failed_entry(entry, f"{why}: {outcome.reason}")
    kind = sniff_kind(outcome.body) if read is None else "html"
    if kind in _NOT_PAGES:
        # Run through the page extractor, a feed's channel title, a list's URLs or a
        # dump's JSON were audited as the entry's article.
        return _failed_entry(entry, f"{why}: it serves {_NOT_PAGES[kind]}, not an article page")
    try:
        if isinstance(read, InputError):
            raise read
        if read is None and _is_plain_text(outcome, kind):
            # No markup for the extractor to find an article in: the page is the text.
            page = _text_from_url(outcome.body, entry.source, outcome.final_url, outcome.charset)
            page.id = entry.id
        elif read is None:
            page = read_html(
                outcome.body,
                entry.source,
                url=outcome.final_url,
                declared_charset=outcome.charset,
                doc_id=entry.id,
            )
        else:
            page = replace(read, id=entry.id, source=entry.source)
    except InputError as exc:
        return _failed_entry(entry, f"{why}: {exc.reason}")
    except READER_TRIPS as exc:
        # As in parse_body: a page that trips a reader costs its entry, never the run.
        reason = f"could not read the page ({type(exc).__name__})"
        return _failed_entry(entry, f"{why}: {reason}")
    page.title = entry.title or page.title
    page.published = entry.published or page.published
    page.author = entry.author or page.author
    page.lang = entry.lang
    page.meta = {**entry.meta, **page.meta, "text_from": "article page"}
    return page


# What an entry's link may serve that is no page to take an article from.
_NOT_PAGES = {
    "feed": "a feed",
    "urls": "a list of URLs",
    "jsonl": "JSON Lines",
    JSON_DOCUMENT: "a JSON document",
}


def _is_plain_text(result: FetchResult, kind: str) -> bool:
    """Whether an article page is served as plain text and reads as such (``kind``, as
    sniffed: a page of markup served as text/plain, a common slip, is still read as a
    page)."""
    return result.content_type == "text/plain" and kind == "text"


def _failed_entry(entry: Document, reason: str) -> InputFailure:
    """The error entry of a feed entry whose article page failed: it keeps the entry's
    title and link, which say which story it was, and its feed's meta."""
    meta = {k: entry.meta[k] for k in FEED_META_KEYS if k in entry.meta}
    return InputFailure(
        entry.source, reason, id=entry.id, title=entry.title, url=entry.url, meta=meta
    )


def _kind_of_response(result: FetchResult) -> str:
    sniffed = sniff_kind(result.body)
    if sniffed in ("text", JSON_DOCUMENT):
        # Bytes that look like plain text (or JSON that is no feed) but are served
        # as a page or a feed are read as what the server says (and fail clearly if
        # they are not): a JSON Feed without its "version" is still a feed.
        return _TYPE_KINDS.get(result.content_type or "", sniffed)
    return sniffed


def _kind_of(item: str, data: bytes) -> str:
    if item == STDIN:
        return sniff_kind(data)
    by_name = EXTENSION_KINDS.get(Path(inner_name(item)).suffix.lower())
    if by_name == "text" and looks_like_url_list(data[:65536]):
        return "urls"  # urls.txt
    return by_name or sniff_kind(data)


def _unique_ids(
    items: Iterable[Document | InputFailure],
) -> Iterator[Document | InputFailure]:
    """Reports and run-level rules key documents by id; the same article read twice gets #2.
    Sources and ids are made printable on the way (``printable_name``)."""
    ids = UniqueIds()
    for item in items:
        if isinstance(item, InputFailure):
            yield replace(
                item,
                source=printable_name(item.source),
                id=None if item.id is None else printable_name(item.id),
            )
            continue
        item.source = printable_name(item.source)
        item.id = ids.take(printable_name(item.id))
        yield item


def printable_name(name: str) -> str:
    """A file name that is not valid UTF-8 reaches Python with its odd bytes as lone
    surrogates, which no report can encode (the SARIF and GitHub reports failed on
    one such file). Those bytes are shown as ``\\xNN``, as Python writes them."""
    if not LONE_SURROGATE.search(name):
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return LONE_SURROGATE.sub("\ufffd", name)


def _read_bytes(item: str, stdin: bytes | None, *, named: bool = True) -> bytes:
    if item == STDIN:
        if stdin is not None:
            return read_gzip_bytes(stdin, "stdin", MAX_INPUT_BYTES)
        # Decompressed as it is read: read whole first, gzip held both copies.
        return read_stdin(MAX_INPUT_BYTES, gunzip=True)
    try:
        # A path to stdin or a pipe says nothing of gzip by its name: sniffed as read.
        sniff = not is_gzip_name(item) and _has_no_name(item)
        return read_file(item, MAX_INPUT_BYTES, sniff_gzip=sniff)
    except IsADirectoryError as exc:
        raise InputError(item, "is a directory") from exc
    except PermissionError as exc:
        raise InputError(item, "permission denied") from exc
    except OSError as exc:
        why = dead_link(item, named=named) or f"cannot read ({read_reason(exc)})"
        raise InputError(item, why) from exc


def _has_no_name(item: str) -> bool:
    """Whether ``item`` is stdin by a path (/dev/stdin, even when stdin is a file
    redirected in) or a pipe (``<(zcat ...)``, a FIFO), whose name cannot say it is
    gzip: `-` was decompressed, ``/dev/stdin < feed.jsonl.gz`` was 'binary file'."""
    if stdin_aliases([item]):
        return True
    try:
        return not stat.S_ISREG(os.stat(item).st_mode)
    except OSError:
        return True  # read_file names why it cannot be read
