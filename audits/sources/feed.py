"""Feeds: RSS 0.9x/1.0/2.0 and Atom via feedparser, JSON Feed via json.

Each entry becomes a Document (title, link, ISO 8601 date, author, id, and the
feed's title in ``meta``) whose text opens with the entry's title, as a page's
opens with its headline. Entry content is preferred over the summary; HTML is
turned into paragraphs without scripts or styles. An ill-formed feed yields
every entry that could be recovered plus one failure that names the feed's
problem, so nothing is lost and nothing is silently accepted.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import io
import json
import re
import urllib.parse
import xml.sax
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import feedparser

from audits.document import Document, Finding, Severity
from audits.errors import InputError
from audits.sources.author_names import author_name, listed_authors
from audits.sources.base import (
    TEASER_KEY,
    UNDATED_KEPT,
    ArticleRequest,
    EmptyInput,
    FeedOptions,
    InputFailure,
)
from audits.sources.bylines import byline_writer, credit_line_writer, unled_byline_writer
from audits.sources.clear_markup import is_clearly_html
from audits.sources.dates import entry_date, from_rfc3339, from_struct, iso, older_than
from audits.sources.decode import (
    MOJIBAKE_CODE,
    StrayMark,
    StrayRun,
    decode_bytes,
    find_mojibake,
    json_error_in,
    load_json,
    placed_strays,
    repair_mojibake,
    splice_repairs,
    stray_marks,
)
from audits.sources.entry_title import opens_with_title
from audits.sources.excerpts import drop_cut_sentence
from audits.sources.feed_footers import FEED_FOOTER
from audits.sources.fragment import html_to_text, plain_text, unescaped_markup
from audits.sources.fragment_tree import FEED_SKIP, ParsedFragment, as_page_reads
from audits.sources.link_lists import drop_poster_line, is_link_list
from audits.sources.outlet_suffix import without_outlet
from audits.sources.page_dates import PUBLISHED_RAW_KEY, dropped_head_lines, page_date
from audits.sources.site_lines import drop_site_lines
from audits.sources.teasers import text_teaser
from audits.sources.xmlsafe import make_safe

# feedparser's warnings that do not mean the feed lost anything: we decode
# the bytes ourselves and hand feedparser UTF-8, and a server's content type
# is no fault of the feed.
_BENIGN_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


@dataclass
class FeedEntry:
    index: int
    id: str | None = None
    link: str | None = None
    title: str | None = None
    author: str | None = None
    published: dt.datetime | None = None
    published_raw: str | None = None
    content: str | None = None
    content_is_html: bool = False
    summary: str | None = None
    summary_is_html: bool = False
    lang: str | None = None
    tags: list[str] = field(default_factory=list)
    # The outlet an aggregator's item comes from (RSS's <source>, as Google News
    # writes it) and its address.
    outlet: str | None = None
    outlet_link: str | None = None
    # Words whose encoding damage was repaired in the raw feed: (as read, as repaired).
    repairs: list[tuple[str, str]] = field(default_factory=list)
    # Its bytes that are not UTF-8 in a feed that mostly is, read in another encoding.
    strays: list[StrayMark] = field(default_factory=list)


@dataclass
class ParsedFeed:
    format: str
    title: str | None = None
    link: str | None = None
    lang: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    # What was wrong with the feed although entries could be read.
    problems: list[str] = field(default_factory=list)
    # Why nothing at all could be read, if so.
    fatal: str | None = None
    # A well-formed feed of a known format that has no entries at all: nothing to
    # audit and nothing wrong, unlike a feed with problems or no feed (``fatal``).
    empty: bool = False


FeedItem = Document | InputFailure | EmptyInput | ArticleRequest


def read_feed(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    declared_charset: str | None = None,
    options: FeedOptions | None = None,
) -> list[FeedItem]:
    """The feed's entries as Documents (or requests to fetch their article pages).

    A feed problem comes first as an InputFailure for the feed itself; the
    entries that could be recovered follow.
    """
    options = options or FeedOptions()
    parsed = parse_feed(data, source, declared_charset=declared_charset, base_url=url)
    if parsed.empty:
        return [EmptyInput(source, parsed.fatal or "the feed has no entries")]
    if parsed.fatal:
        return [InputFailure(source, parsed.fatal)]
    items: list[FeedItem] = []
    # Every entry's own id is reserved, those --since and --max-entries leave out
    # too, so that a repeat's number never depends on which entries were read.
    seen_ids = EntryIds(_reserved={i for e in parsed.entries if (i := e.id or e.link)})
    for entry in select_entries(parsed.entries, options.since):
        if options.max_entries is not None and len(items) == options.max_entries:
            break
        try:
            item = entry_item(entry, parsed, source, options, seen_ids)
        except Exception as exc:  # one hostile entry must not cost the others
            reason = f"unreadable entry ({type(exc).__name__})"
            where = f"{source}#{entry.index}"
            meta = _feed_meta(parsed, entry)
            item = InputFailure(where, reason, title=entry.title, url=entry.link, meta=meta)
        # An entry without a readable date is dated by its byline, read with its text:
        # one older than ``since`` is left out as a dated entry is, its id free for
        # the entries after it. A dated entry was judged by select_entries.
        if (
            entry.published is None
            and isinstance(item, Document)
            and older_than(item.published, options.since)
        ):
            seen_ids.release(item.id)
            continue
        items.append(item)
    if parsed.problems:
        recovered = len(parsed.entries)
        tail = f"{recovered} {'entry' if recovered == 1 else 'entries'} recovered"
        if len(items) != recovered:
            tail += f", {len(items)} selected"
        items.insert(0, InputFailure(source, f"{'; '.join(parsed.problems)}; {tail}"))
    return items


def parse_feed(
    data: bytes,
    source: str,
    *,
    declared_charset: str | None = None,
    base_url: str | None = None,
) -> ParsedFeed:
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return parse_json_feed(data, source, base_url=base_url)
    return parse_xml_feed(data, source, declared_charset=declared_charset, base_url=base_url)


def parse_xml_feed(
    data: bytes, source: str, *, declared_charset: str | None = None, base_url: str | None = None
) -> ParsedFeed:
    try:
        safe = make_safe(data, source, declared_charset)
    except InputError as exc:
        return ParsedFeed(format="", fatal=exc.reason)
    headers = {"content-type": "application/xml"}
    if base_url:
        headers["content-location"] = base_url
    # feedparser quietly undoes some double-encoded UTF-8 on its own, which would
    # hide the evidence; repair the raw feed first and remember what each item said.
    markup, repairs_by_item = _repair_feed_text(safe.data.decode("utf-8", "surrogatepass"))
    xml_text = markup.text
    try:
        # A BytesIO, never a str: feedparser treats a str as a URL or a path. Its
        # relative-URI resolver and its sanitizer re-serialize every tag-like run of a
        # text typed HTML (an RSS <description>, an Atom type="html"), so escaped words
        # that only look like a tag lost words ("a <b and c> d" came back "a <b> d")
        # before is_clearly_html could say they are text: the values are taken as the
        # feed writes them. Nothing here renders them; fragment.py's reader leaves out
        # scripts and styles, and links are resolved by _resolve_links.
        result = feedparser.parse(
            io.BytesIO(xml_text.encode("utf-8", "surrogatepass")),
            response_headers=headers,
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser's fallback parser can trip on hostile markup
        return ParsedFeed(format="", fatal=f"could not parse the feed ({type(exc).__name__})")
    problems = list(safe.problems)
    bozo = result.get("bozo_exception") if result.get("bozo") else None
    if bozo is not None and not isinstance(bozo, _BENIGN_BOZO):
        problems.insert(0, f"ill-formed feed ({_describe(bozo)})")
    feed = result.get("feed", {})
    parsed = ParsedFeed(
        format=result.get("version") or "",
        title=_text_of(feed.get("title"), feed.get("title_detail")),
        link=feed.get("link"),
        lang=_lang(feed.get("language")),
        problems=problems,
    )
    # Atom: an entry without an author of its own is the feed's (RFC 4287, 4.2.1). RSS
    # has no such rule: a channel's managingEditor is no writer of its items.
    feed_author = _author_of(feed) if parsed.format.startswith("atom") else None
    strays_by_item = _strays_by_item(safe.decoded, safe.strays)
    photo_credits = _photo_credits(markup)
    guids = _written_guids(markup)
    for index, entry in enumerate(result.get("entries", []), start=1):
        try:
            parsed.entries.append(
                _xml_entry(entry, index, photo_credits.get(index, set()), guids.get(index))
            )
            parsed.entries[-1].repairs = repairs_by_item.get(index, [])
            parsed.entries[-1].strays = strays_by_item.get(index, [])
            parsed.entries[-1].author = parsed.entries[-1].author or feed_author
        except Exception as exc:  # feedparser's output for hostile markup can surprise
            parsed.problems.append(f"entry {index} is unreadable ({type(exc).__name__})")
    _resolve_links(parsed)
    _drop_outlet_suffixes(parsed)
    if not parsed.entries:
        parsed.fatal = _why_empty(parsed, problems)
        parsed.empty = not problems and bool(parsed.format)
    return parsed


# An item's start tag; its prefix and kind ("item" or "entry") tell which element is its id.
_ITEM_START = re.compile(r"<([\w.-]+:)?(item|entry)[\s/>]")
_WORD_CHAR = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class ScannedItem:
    """An item's (or entry's) place in the feed's text: from its start tag to the next
    item's, and its tag's prefix and kind ("item" or "entry"), which tell its id."""

    start: int
    end: int
    prefix: str
    kind: str


class FeedMarkup:
    """A feed's text, its copy with CDATA and comments blanked, and its items found
    there, each made once on first use and shared by every reader of the items (their
    encoding repairs, photo credits and written ids): a feed's text is blanked and
    scanned for items once, however many readers."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def blanked(self) -> str:
        return _without_cdata_or_comments(self.text)

    @functools.cached_property
    def items(self) -> list[ScannedItem]:
        """The items counted outside CDATA and comments, as feedparser counts them."""
        found = list(_ITEM_START.finditer(self.blanked))
        ends = [m.start() for m in found[1:]] + ([len(self.text)] if found else [])
        return [
            ScannedItem(m.start(), end, m.group(1) or "", m.group(2))
            for m, end in zip(found, ends, strict=True)
        ]


def _repair_feed_text(text: str) -> tuple[FeedMarkup, dict[int, list[tuple[str, str]]]]:
    """The feed with encoding damage repaired, and the repaired words of each item (1-based)."""
    spans = find_mojibake(text)
    if not spans:
        return FeedMarkup(text), {}
    # The damage is repaired everywhere, CDATA included (a CDATA description is text),
    # and each repair is told its item in the repaired feed. A repair changes no markup
    # because mojibake.py's _MOJIBAKE_ONLY keeps unescape_html off (ftfy never writes
    # `<`, `&` or `]]>`) and ftfy rewrites only non-ASCII runs, so the items there are
    # those of the raw feed and the scan is the one the feed's other readers share:
    # turning unescape_html on would put repairs in the wrong items.
    repaired, new_starts = splice_repairs(text, spans)
    markup = FeedMarkup(repaired)
    starts = [item.start for item in markup.items]
    repairs: dict[int, list[tuple[str, str]]] = {}
    # A repair is told as the whole word it is in, read in the repaired feed: in the raw
    # feed the word would run on into a later damaged sequence of the same word
    # ('rÃ©sumÃ©'), and that is found nowhere in the repaired text.
    repaired_text = markup.text
    words: list[tuple[int, int, int, int]] = []  # (new start, new end, raw start, raw end)
    for span, new_start in zip(spans, new_starts, strict=True):
        new_end = new_start + len(span.fixed)
        ws, we = new_start, new_end
        while ws > 0 and _WORD_CHAR.match(repaired_text[ws - 1]):
            ws -= 1
        while we < len(repaired_text) and _WORD_CHAR.match(repaired_text[we]):
            we += 1
        raw_start, raw_end = span.start - (new_start - ws), span.end + (we - new_end)
        if words and ws < words[-1][1]:
            words[-1] = (words[-1][0], we, words[-1][2], raw_end)
        else:
            words.append((ws, we, raw_start, raw_end))
    for ws, we, raw_start, raw_end in words:
        item = bisect.bisect_right(starts, ws)
        if item == 0:
            continue  # the channel's own title or description: not an article
        repairs.setdefault(item, []).append((text[raw_start:raw_end], repaired_text[ws:we]))
    return markup, repairs


def _strays_by_item(decoded: str, strays: list[StrayRun]) -> dict[int, list[StrayMark]]:
    """The stray byte stretches of each item (1-based) of a feed read as UTF-8 that
    mostly is, told by where they stand in the decoded feed: a stretch's reading alone
    ("é") is found in any item."""
    if not strays:
        return {}
    starts = [item.start for item in FeedMarkup(decoded).items]
    by_item: dict[int, list[StrayMark]] = {}
    # An item's text is HTML escaped in the XML (or in CDATA): read twice.
    for mark in stray_marks(decoded, strays, unescape=2):
        item = bisect.bisect_right(starts, mark.finding.start)
        if item:  # not the channel's own title or description
            by_item.setdefault(item, []).append(mark)
    return by_item


def _repair_findings(text: str, repairs: list[tuple[str, str]]) -> list[Finding]:
    """S500 findings at the repaired words of an entry's extracted text."""
    findings: list[Finding] = []
    cursor = 0
    for broken, repaired in repairs:
        start = text.find(repaired, cursor)
        if start < 0:
            start = text.find(repaired)
        if start < 0:
            continue  # the damage was in markup or a field we do not audit
        end = start + len(repaired)
        findings.append(
            Finding(
                code=MOJIBAKE_CODE,
                start=start,
                end=end,
                text=repaired,
                message=f"encoding damage repaired: the feed read {broken!r}",
                severity=Severity.INFO,
                strength=0.1,
                suggestion=repaired,
                evidence={"broken": broken, "repaired": repaired, "repaired_text": True},
            )
        )
        cursor = end
    return findings


def _why_empty(parsed: ParsedFeed, problems: list[str]) -> str:
    if problems:
        return f"{'; '.join(problems)}; no entries could be recovered"
    if not parsed.format:
        return "not a feed: no RSS, Atom or RDF channel found"
    return f"the feed ({parsed.format}) has no entries"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        # Expat counts lines as editors do (CR, CRLF and LF) but columns from 0.
        return (
            f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber() + 1}"
        )
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _xml_entry(
    entry: Any,
    index: int,
    photo_credits: set[str] | None = None,
    guid: WrittenId | None = None,
) -> FeedEntry:
    contents = entry.get("content") or []
    content, content_html = _best_content(contents)
    summary = entry.get("summary")
    summary_detail = entry.get("summary_detail") or {}
    # feedparser copies Atom content into the summary when there is no
    # <summary>; that is not a second text.
    if isinstance(summary, str) and any(
        isinstance(c.get("value"), str) and c["value"].strip() == summary.strip() for c in contents
    ):
        summary = None
    summary, summary_is_html = (
        _typed_text(summary_detail.get("type"), summary)
        if isinstance(summary, str)
        else (None, False)
    )
    # dict.get: feedparser's own .get maps a missing "updated_*" key to
    # "published_*" with a deprecation warning.
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    raw = _clean(dict.get(entry, "published") or dict.get(entry, "updated"))
    source = entry.get("source") or {}
    outlet = _clean(source.get("title"))
    return FeedEntry(
        index=index,
        id=_clean(entry.get("id")),
        link=_entry_link(entry, guid),
        title=_text_of(entry.get("title"), entry.get("title_detail")),
        outlet=outlet,
        outlet_link=_clean(source.get("href")),
        author=_author_of(entry) or _credited_author(entry, photo_credits or set()),
        published=entry_date(from_struct(parsed), raw),
        published_raw=raw,
        content=content,
        content_is_html=content_html,
        summary=summary,
        summary_is_html=summary_is_html,
        lang=_lang((entry.get("content") or [{}])[0].get("language")),
        tags=[t.get("term") for t in entry.get("tags") or [] if t.get("term")],
    )


def _resolve_links(feed: ParsedFeed) -> None:
    """Each entry's relative link ("/news/1", "story.html") made absolute against the
    feed's own link, the site's address, as a JSON Feed's are against its
    home_page_url. feedparser resolves them against the feed's URL where it came by
    one; read from a file, an item's "/news/1" was its ``url`` as written, no page
    --fetch-articles could fetch."""
    base = feed.link or ""
    if urllib.parse.urlsplit(base).scheme.lower() not in ("http", "https"):
        return
    for entry in feed.entries:
        link = entry.link or ""
        # "www.example.org/1" is an address written without its scheme, no path.
        if link and not urllib.parse.urlsplit(link).scheme and not link.startswith("www."):
            entry.link = urllib.parse.urljoin(base, link)


def _drop_outlet_suffixes(feed: ParsedFeed) -> None:
    """Each entry's title without the outlet's name an aggregator appended to it
    (``without_outlet``): its ``<source>``, the feed's title, its link's host."""
    for entry in feed.entries:
        names, links = (entry.outlet, feed.title), (entry.link, entry.outlet_link)
        entry.title = without_outlet(entry.title, names, links)


def _entry_link(entry: Any, guid: WrittenId | None = None) -> str | None:
    """The entry's link. Without a ``<link>`` to the entry's page (an Atom entry may
    link only its enclosure, its comments or itself) feedparser gives its id (an RSS
    guid, an Atom ``<id>``) as the link, which is no address when it is a tag or a
    URN: an entry whose id was "urn:uuid:..." got that for its ``url``, and the hint
    that --fetch-articles would audit its linked page. ``guid`` is the item's
    ``<guid>`` or ``<id>`` as written, which feedparser resolves against the feed's
    URL: "12345" became ``https://host/feeds/12345``, a page --fetch-articles fetched."""
    link = _clean(entry.get("link"))
    if link is None:
        return None
    hrefs = {
        _clean(each.get("href")) for each in _list(entry.get("links")) if isinstance(each, dict)
    }
    if link in hrefs:
        return link  # a <link>'s, which may be relative (resolved later)
    written = link
    # Only a guid that resolves to feedparser's link is this entry's: one that does not
    # was misread (another item's, or a sample in a description) and decides nothing.
    if guid and entry.get("guidislink") and _resolves_to(guid, link):
        written = guid.text
        # An Atom id is an identifier (RFC 4287 4.2.6 makes it an absolute IRI): an id
        # that is no absolute address ("/news/1" included) names no page.
        if guid.is_atom_id and not written.lower().startswith(("http://", "https://")):
            return None
    # "/news/1" is a permalink relative to the feed's host; "12345" is no address.
    if written.startswith("/"):
        return link
    return link if urllib.parse.urlsplit(written).scheme.lower() in ("http", "https") else None


def _resolves_to(written: WrittenId, link: str) -> bool:
    """Whether feedparser's ``link`` is the ``written`` id resolved against some base:
    itself, or for an Atom id a relative one ("12345", "news/2") that it ends with
    (feedparser resolves against the feed's URL, which ``link`` alone cannot give)."""
    if urllib.parse.urljoin(link, written.text) == link:
        return True
    relative = not urllib.parse.urlsplit(written.text).scheme
    return written.is_atom_id and relative and link.endswith("/" + written.text)


# Bounded: a hostile feed may use a new prefix on every item.
@functools.lru_cache(maxsize=64)
def _id_open(prefix: str, kind: str) -> re.Pattern[str]:
    """The start tag of an item's id as written: an RSS <item>'s <guid>, an Atom
    <entry>'s <id>, each under the item's own prefix (a feed may bind the Atom
    namespace to one: <a:entry><a:id>). Any <x:id> was read before, so a Google
    Merchant <g:id>sku-1</g:id> was taken for an RSS item's id. Its attributes stop at
    a "<", so that a hostile feed's tags that never close cost one scan each up to the
    next tag."""
    name = "guid" if kind == "item" else "id"
    return re.compile(rf"<({re.escape(prefix)}{name})(?=[\s/>])[^<>]*>")


# An Atom entry's <source>: the feed it was copied from, whose <id> is not the entry's.
_SOURCE_TAG = re.compile(r"<(/?)(?:[\w.-]+:)?source(?=[\s/>])[^<>]*>")


@dataclass(frozen=True)
class WrittenId:
    """An item's id as the feed writes it, before feedparser resolves it against the
    feed's URL, and whether it is Atom's ``<id>`` (an identifier, never a relative
    address) rather than RSS's ``<guid>`` (a permalink by default)."""

    text: str
    is_atom_id: bool


def _without_cdata_or_comments(xml_text: str) -> str:
    """The text with each CDATA section and comment blanked, same length: markup
    quoted in one (a post about RSS, an Android ``<item>``) is no item or guid of the
    feed's, as feedparser does not count it. One scan, an unclosed one blanked to the end."""
    parts: list[str] = []
    position = 0
    while (start := xml_text.find("<!", position)) >= 0:
        if xml_text.startswith("<![CDATA[", start):
            closer = "]]>"
        elif xml_text.startswith("<!--", start):
            closer = "-->"
        else:
            parts.append(xml_text[position : start + 2])
            position = start + 2
            continue
        close = xml_text.find(closer, start + 4)
        end = len(xml_text) if close < 0 else close + len(closer)
        parts.append(xml_text[position:start])
        parts.append(" " * (end - start))
        position = end
    parts.append(xml_text[position:])
    return "".join(parts)


def _written_guids(markup: FeedMarkup) -> dict[int, WrittenId]:
    """Each item's (1-based) first ``<guid>`` or ``<id>`` as the feed writes it, before
    feedparser resolves it against the feed's URL; an Atom entry's ``<source>``'s is not
    the entry's."""
    if "<guid" not in markup.text and "id>" not in markup.text:
        return {}
    # Found in the blanked text, read from the original: a guid may be CDATA itself.
    blanked = markup.blanked
    found: dict[int, WrittenId] = {}
    for index, item in enumerate(markup.items, start=1):
        start, end = item.start, item.end
        sources = _source_spans(blanked, start, end)
        for opened in _id_open(item.prefix, item.kind).finditer(blanked, start, end):
            if _inside(opened.start(), sources):
                continue
            if opened.group().endswith("/>"):
                break
            # One search for its end within the item: linear however many items there are.
            close = blanked.find(f"</{opened.group(1)}", opened.end(), end)
            if close >= 0:
                text = _credit_text(markup.text[opened.end() : close]).strip()
                found[index] = WrittenId(text, item.kind == "entry")
            break
    return found


def _source_spans(markup: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where an item's ``<source>`` elements lie, in order, in one pass over their tags;
    one never closed runs to the item's end."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for tag in _SOURCE_TAG.finditer(markup, start, end):
        if not tag.group(1) and opened is None and not tag.group().endswith("/>"):
            opened = tag.start()
        elif tag.group(1) and opened is not None:
            spans.append((opened, tag.end()))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``position`` lies in one of ``spans`` (in order, not overlapping)."""
    at = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1]


def _author_of(element: Any) -> str | None:
    """The authors feedparser read for an entry or a feed (their names, else what it
    has), cleaned and joined as a page's metadata are, a name after the first only
    where it is a person's (``listed_authors``). Its ``author_detail`` is one of them:
    an item's second <dc:creator> was lost, and an Atom entry's first <author>."""
    people = _list(element.get("authors"))
    names = [_clean(p.get("name")) for p in people if isinstance(p, dict)]
    if any(names):
        return listed_authors(names)
    detail = element.get("author_detail") or {}
    return author_name(_clean(detail.get("name")) or _clean(element.get("author")))


# Media RSS credits that name the entry's writer; a "photographer", "editor" or
# "producer" credit (and one without a role, as a photo's agency is credited inside
# its <media:content>) names no author of the text.
_AUTHOR_CREDIT_ROLES = frozenset({"author", "writer"})


def _credited_author(entry: Any, photo_credits: set[str]) -> str | None:
    """The authors an item names only in Media RSS credits (``<media:credit
    role="author">Jane Doe</media:credit>``, as video and news feeds name their
    writers): read as its <dc:creator>s are. feedparser flattens every credit of the
    item, its photos' too: a name the item credits only inside its media
    (``photo_credits``, a photo's role="author" is its photographer) is none."""
    credits = [c for c in _list(entry.get("media_credit")) if isinstance(c, dict)]
    names = [
        _clean(c.get("content"))
        for c in credits
        if str(c.get("role") or "").strip().lower() in _AUTHOR_CREDIT_ROLES
        and " ".join(str(c.get("content") or "").split()) not in photo_credits
    ]
    return listed_authors(names) if any(names) else None


# A Media RSS element that holds a medium's own credits, or a credit: any prefix
# (feeds bind the namespace to "media" almost always); <content:encoded> is none.
# Its attributes stop at a "<" too, so a hostile feed's tags that never close cost
# one scan each up to the next tag, not one to the end of the feed.
_MEDIA_TAG = re.compile(r"<(/?)[\w.-]+:(content|group|credit)\b([^<>]*)>")


def _photo_credits(markup: FeedMarkup) -> dict[int, set[str]]:
    """For each item (1-based), the names its Media RSS credits give only inside a
    ``<media:content>`` or ``<media:group>``: its photos' and videos', which
    feedparser flattens into the item's own. Read from the feed's text in one pass
    over its tags, so a hostile feed's unclosed elements cost no more."""
    if "credit" not in markup.text:
        return {}
    # Tags found in the text with CDATA and comments blanked (markup quoted in a
    # description is no item's, nor any medium's), credits read from the original.
    found: dict[int, set[str]] = {}
    for index, item in enumerate(markup.items, start=1):
        inside, outside = _media_credit_names(
            markup.blanked[item.start : item.end], markup.text[item.start : item.end]
        )
        if inside - outside:
            found[index] = inside - outside
    return found


def _media_credit_names(markup: str, item: str) -> tuple[set[str], set[str]]:
    """The names an item's credits give inside its media, and those it gives itself:
    its tags found in ``markup`` (the item with CDATA and comments blanked), its
    credits' text read from ``item``."""
    inside: set[str] = set()
    outside: set[str] = set()
    depth = 0
    opened: tuple[int, bool] | None = None  # where a credit's text starts, and if nested
    for tag in _MEDIA_TAG.finditer(markup):
        closing, kind, attributes = tag.groups()
        empty = attributes.endswith("/")
        if kind != "credit":
            if not empty:
                depth = max(0, depth - 1) if closing else depth + 1
        elif not closing and not empty:
            opened = (tag.end(), depth > 0)
        elif closing and opened is not None:
            name = " ".join(_credit_text(item[opened[0] : tag.start()]).split())
            (inside if opened[1] else outside).add(name)
            opened = None
    return inside, outside


def _credit_text(raw: str) -> str:
    """A credit's text as feedparser gives it: CDATA opened, entities read."""
    if raw.strip().startswith("<![CDATA[") and raw.strip().endswith("]]>"):
        return raw.strip()[9:-3]
    return html.unescape(raw)


def _best_content(contents: Iterable[Any]) -> tuple[str | None, bool]:
    """The richest of an entry's content elements (HTML before plain text, longer first)."""
    best: tuple[int, int, str, bool] | None = None
    for c in contents:
        value = c.get("value")
        if not isinstance(value, str) or not value.strip():
            continue
        value, is_html = _typed_text(c.get("type"), value)
        key = (int(is_html), len(value), value, is_html)
        if best is None or key[:2] > best[:2]:
            best = key
    return (best[2], best[3]) if best else (None, False)


def _typed_text(mime: str | None, value: str) -> tuple[str, bool]:
    """``value`` as it is read, and whether as HTML: when it is clearly HTML
    (``is_clearly_html``), whatever its type says. An Atom ``<content>`` or
    ``<summary>`` without ``type`` is text by the spec (feedparser types it
    text/plain), but scrapers write escaped HTML there, whose tags were words of
    its sentences; one typed ``text`` is read the same, as feedparser types it
    text/plain too and cannot tell the two apart. feedparser types every RSS
    ``<description>`` text/html, and a feed without markup in it is written in
    plain text: read as HTML, its newlines were spaces, so its title line ran into
    its first sentence and its paragraphs into one, and "a <b and c> d" lost words.
    HTML without markup is read as plain text with its character references made
    characters ("AT&amp;T")."""
    if is_clearly_html(unescaped_markup(value)):
        return value, True
    if _typed_html(mime):
        # A comment is markup no reader shows, clearly HTML or not: an RSS description
        # of plain text with an editor's "<!-- fix this -->" (escaped, as the markup of
        # a description is) had it read as words of its sentence.
        return html.unescape(_HTML_COMMENT.sub("", value)), False
    return value, False


def _typed_html(mime: str | None) -> bool:
    return bool(mime) and any(t in mime for t in _HTML_TYPES)


# A whole comment, as HTML ends one (`-->`, or `--!>`); one never closed is left as text.
_HTML_COMMENT = re.compile(r"<!--.*?--!?>", re.DOTALL)


def _text_of(value: Any, detail: Any) -> str | None:
    """A feed's or entry's title as one line, read as HTML only where it is typed
    HTML and clearly HTML (``is_clearly_html``): any "<word ...>" or "&name;" made a
    title typed HTML markup, so "Q&amp;A: why x&lt;y&gt; matters" lost "<y>" and
    "a &lt;b and c&gt; d" read "a d"."""
    if not isinstance(value, str) or not value.strip():
        return None
    mime = (detail or {}).get("type") if detail else None
    # Unlike a body, a title typed plain stays plain however it looks: feedparser
    # types an RSS title with markup text/html, so the plain one left is the one
    # that names a tag ("Stop using <br> for spacing") and would lose that word.
    if _typed_html(mime):
        markup = unescaped_markup(value)
        if is_clearly_html(markup):
            value = html_to_text(markup).replace("\n\n", " ")
        else:
            value = html.unescape(value)
    return " ".join(value.split()) or None


def parse_json_feed(data: bytes, source: str, *, base_url: str | None = None) -> ParsedFeed:
    """A JSON Feed (https://jsonfeed.org, 1.0 and 1.1)."""
    try:
        text, _ = decode_bytes(data, source)
    except InputError as exc:
        return ParsedFeed(format="json", fatal=exc.reason)
    try:
        obj = load_json(text)
    except json.JSONDecodeError as exc:
        return ParsedFeed(
            format="json",
            fatal=f"invalid JSON Feed ({json_error_in(text, exc)})",
        )
    if not isinstance(obj, dict) or not isinstance(obj.get("items"), list):
        return ParsedFeed(format="json", fatal='not a JSON Feed: no "items" list')
    version = str(obj.get("version") or "")
    fmt = "json11" if version.endswith("/1.1") else "json10" if version.endswith("/1") else "json"
    # The URL the feed came from, as for RSS and Atom; read from a file, its home page.
    base = base_url or _clean(obj.get("home_page_url"))
    parsed = ParsedFeed(
        format=fmt,
        title=_clean(obj.get("title")),
        link=_clean(obj.get("home_page_url")),
        lang=_lang(obj.get("language")),
    )
    if "jsonfeed.org/version/" not in version:
        parsed.problems.append('the feed has no jsonfeed.org "version"')
    bad = 0
    # An item without authors of its own is the feed's (JSON Feed 1.1).
    feed_author = _json_authors(obj)
    for index, item in enumerate(obj["items"], start=1):
        try:
            if not isinstance(item, dict):
                raise TypeError(type(item).__name__)
            parsed.entries.append(_json_entry(item, index, base))
            parsed.entries[-1].author = parsed.entries[-1].author or feed_author
        except (TypeError, ValueError, AttributeError):
            bad += 1
    _drop_outlet_suffixes(parsed)
    if bad:
        parsed.problems.append(
            f"{bad} item{'s are' if bad > 1 else ' is'} not a readable JSON Feed item"
        )
    if not parsed.entries:
        parsed.fatal = _why_empty(parsed, parsed.problems)
        parsed.empty = not parsed.problems
    return parsed


def _json_authors(obj: dict[str, Any]) -> str | None:
    """The names of a JSON Feed item's (or feed's) ``authors``, or 1.0's ``author``,
    cleaned and joined as an RSS item's are (``listed_authors``)."""
    authors = _list(obj.get("authors"))
    if not authors and isinstance(obj.get("author"), dict):
        authors = [obj["author"]]
    return listed_authors(_clean(a.get("name")) for a in authors if isinstance(a, dict))


def _json_entry(item: dict[str, Any], index: int, base: str | None) -> FeedEntry:
    link = _clean(item.get("url")) or _clean(item.get("external_url"))
    if link and base:
        link = urllib.parse.urljoin(base, link)
    content, content_html = None, False
    # content_html is the item's text where it has both (JSON Feed: "the only place
    # HTML is allowed"); content_text that is clearly HTML, a scraper's, is read so.
    if _clean(item.get("content_html")):
        content, content_html = _typed_text("text/html", item["content_html"])
    elif _clean(item.get("content_text")):
        content, content_html = _typed_text("text/plain", item["content_text"])
    published = item.get("date_published") or item.get("date_modified")
    raw_id = item.get("id")
    return FeedEntry(
        index=index,
        id=str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else None,
        link=link,
        title=_clean(item.get("title")),
        author=_json_authors(item),
        published=entry_date(from_rfc3339(published), _clean(published)),
        published_raw=_clean(published),
        content=content,
        content_is_html=content_html,
        summary=_clean(item.get("summary")),
        summary_is_html=False,
        lang=_lang(item.get("language")),
        tags=[t for t in _list(item.get("tags")) if isinstance(t, str)],
    )


@dataclass
class EntryIds:
    """The ids of a feed's entries, each handed out once: a repeated guid's later
    entries numbered by how often it came before (``g``, ``g#2``), not by their place
    in the feed (``g#7``), which moved with every entry a feed put on top, so the same
    entry's id changed between runs and ``--history`` matched it no more. A repeat's
    number skips the ids the feed gives other entries (``_reserved``), later ones
    too: taken by the repeat, the later entry's own id was renumbered, and changed
    again when the repeat went away."""

    _reserved: set[str] = field(default_factory=set)
    _taken: set[str] = field(default_factory=set)
    _count: dict[str, int] = field(default_factory=dict)
    _base: dict[str, str] = field(default_factory=dict)

    def take(self, wanted: str) -> str:
        number = self._count.get(wanted, 0) + 1
        unique = wanted if number == 1 else f"{wanted}#{number}"
        while unique in self._taken or (number > 1 and unique in self._reserved):
            number += 1
            unique = f"{wanted}#{number}"
        self._count[wanted] = number
        self._taken.add(unique)
        self._base[unique] = wanted
        return unique

    def release(self, taken: str | None) -> None:
        """Gives back the id last taken, for the next entry with that id: its entry
        was left out (``--since``)."""
        if taken is None or taken not in self._base:
            return
        wanted = self._base.pop(taken)
        self._taken.discard(taken)
        self._count[wanted] -= 1


def select_entries(entries: list[FeedEntry], since: dt.datetime | None) -> list[FeedEntry]:
    """Entries dated at ``since`` or after, in order. An entry without a date (or with
    one that cannot be read) is kept: nothing says it is old, and a feed that dates
    nothing would yield nothing. ``entry_item`` dates it by its byline, if it has
    one, else marks it undated; ``read_feed`` counts ``--max-entries`` after that."""
    return [e for e in entries if since is None or e.published is None or e.published >= since]


def entry_item(
    entry: FeedEntry,
    feed: ParsedFeed,
    source: str,
    options: FeedOptions,
    seen_ids: EntryIds,
) -> FeedItem:
    where = f"{source}#{entry.index}"
    doc_id = seen_ids.take(entry.id or entry.link or where)

    text, text_from, fragment, writer = "", None, None, None
    stamps: list[str] = []  # the byline and time stamp lines the text lost
    links_only = False  # whether the entry's only text is links to articles
    for value, is_html, name in (
        (entry.content, entry.content_is_html, "content"),
        (entry.summary, entry.summary_is_html, "summary"),
    ):
        if text or not value:
            continue
        parsed = ParsedFragment(unescaped_markup(value)) if is_html else None
        if parsed is not None and is_link_list(parsed):
            links_only = True
            continue
        text, writer, stamps = _entry_text(parsed or value, entry.title, entry.author)
        text_from = name if text else None
        fragment = parsed

    meta = {**_feed_meta(feed, entry), "text_from": text_from}
    if entry.tags:
        meta["tags"] = entry.tags
    published = iso(entry.published)
    if entry.published is None:
        # No date field, or one read as no date ("TBA", "yesterday", another day's
        # weekday): the date its byline writes, as a page without one is dated ("By
        # Jane Doe | March 3, 2024"). The field's words, else a byline line whose
        # weekday is another day's, are kept as a page keeps them.
        dated = page_date(None, stamps)
        published = dated.published
        if (unread := entry.published_raw or dated.unread) is not None:
            meta[PUBLISHED_RAW_KEY] = unread
    if options.since is not None and published is None:
        meta[UNDATED_KEPT] = True
    if text and (notice := text_teaser(text)):
        meta[TEASER_KEY] = notice
    if (
        text
        and entry.title
        and not _cut_from(entry.title, text)
        and not opens_with_title(entry.title, text, fragment)
    ):
        # First, as a page's text opens with its headline: a body that repeats it
        # (S501's copied page) shows it twice here too, and the title is audited.
        text = f"{entry.title}\n\n{text}"
    text, findings = repair_mojibake(text)
    findings = sorted(
        _repair_findings(text, entry.repairs) + placed_strays(text, entry.strays) + findings,
        key=lambda f: (f.start, f.end),
    )
    doc = Document(
        id=doc_id,
        text=text,
        source=where,
        title=entry.title,
        url=entry.link,
        published=published,
        # The feed's author, else its byline's writer (a page's is read alike); a
        # generic account (WordPress's dc:creator "admin") is no author.
        author=entry.author or writer,
        lang=entry.lang or feed.lang,
        meta=meta,
        input_findings=findings,
    )
    if options.fetch_articles and text_from != "content" and entry.link:
        return ArticleRequest(entry.link, doc)
    if not text:
        if not (entry.title or entry.link):
            reason = "the entry is empty: no title, text or link"
            return InputFailure(where, reason, id=doc_id, meta=_feed_meta(feed, entry))
        hint = " (--fetch-articles audits the linked page)" if entry.link else ""
        what = "only a title" if entry.title else "only a link"
        if links_only:
            what += " and links to articles"
        return InputFailure(
            where,
            f"the entry has no text, {what}{hint}",
            id=doc_id,
            title=entry.title,
            url=entry.link,
            meta=_feed_meta(feed, entry),
        )
    return doc


def _feed_meta(feed: ParsedFeed, entry: FeedEntry) -> dict[str, Any]:
    """Where an entry comes from, as its document's ``meta`` (and its error's) says."""
    meta: dict[str, Any] = {
        "feed_title": feed.title,
        "feed_link": feed.link,
        "feed_format": feed.format,
        "entry_index": entry.index,
    }
    if entry.outlet is not None:
        meta["source_title"] = entry.outlet
    if entry.outlet_link is not None:
        meta["source_link"] = entry.outlet_link
    return meta


def _cut_from(title: str, text: str) -> bool:
    """Whether ``title`` is the opening of ``text`` cut short ("The council met on
    Tuesday to..."), as feeds of untitled posts make titles: no headline of its own."""
    stem = title.rstrip(" .\u2026")
    return stem != title and len(stem) < len(text) and text.startswith(stem)


def _entry_text(
    value: ParsedFragment | str, title: str | None, author: str | None = None
) -> tuple[str, str | None, list[str]]:
    """The text of an entry's HTML (parsed) or plain ``value``, the writer its byline
    names (read before drop_site_lines removes the byline) and the lines of the
    bylines and time stamps that went; a paragraph that is only the names of the
    feed's ``author`` for the entry, else of that writer, goes."""
    if isinstance(value, ParsedFragment):
        text = drop_poster_line(html_to_text(as_page_reads(value), FEED_SKIP), value)
    else:
        text = plain_text(value)
    text = FEED_FOOTER.sub("", text)
    writer = (
        byline_writer(text, title) or credit_line_writer(text) or unled_byline_writer(text, title)
    )
    # The title stays where the body repeats it: S501's copied headline.
    kept = drop_site_lines(text, title, author or writer)
    return drop_cut_sentence(kept), writer, dropped_head_lines(text, kept)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _clean(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _lang(value: Any) -> str | None:
    text = _clean(value)
    return text.split("-")[0].split("_")[0].lower() if text else None
