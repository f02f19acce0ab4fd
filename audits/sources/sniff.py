"""Telling input kinds apart from their content, not only their name."""

from __future__ import annotations

import codecs
import json
import re

from audits.sources.base import KINDS as KINDS
from audits.sources.xmlsafe import doctype_end

# What sniffing calls a whole JSON document that is no JSON Feed and no JSON Lines (a
# CMS export's array of records): no kind a reader takes, so the input's error.
JSON_DOCUMENT = "json"
# jq -c '.[]' of one object prints its values, bare strings audited as text: each
# shape gets its own command.
NOT_ARTICLES_JSON = (
    "a JSON document that is neither a JSON Feed nor JSON Lines: give one record per line"
    """ with a "text" or "html" field (jq -c '.[]' for an array, jq -c . for one object),"""
    " or --input-kind text to audit it as text"
)

EXTENSION_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".urls": "urls",
}
# Extensions that may or may not hold a feed; the content decides.
SNIFFED_EXTENSIONS = frozenset({".xml", ".json"})
# What a directory walk picks up. Lists of URLs are left out on purpose:
# auditing a directory should never reach the network.
WALKED_EXTENSIONS = frozenset(ext for ext, kind in EXTENSION_KINDS.items() if kind != "urls")

# The content types servers give JSON Lines: the fetcher accepts them and a body that
# does not sniff as JSON Lines (a record cut short) is read as what they say when it
# reads as plain text or as one JSON document (one that sniffs as HTML stays a page).
JSON_LINES_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/jsonl",
        "application/jsonlines",
        "application/x-jsonlines",
    }
)
# No "^": .match() anchors at its pos, where "^" would match only at the string's start
# and never past an XML declaration (an XHTML page with few tags was called a feed).
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|h1|h2|br|span|a)(?:\s[^>]*)?>", re.I)
_XML_DECL = re.compile(rb"\s*<\?xml\s")
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF|channel)[\s>/]")
_JSON_FEED = re.compile(rb"""\A\s*\{.*?"version"\s*:\s*"https?://jsonfeed\.org/version/""", re.S)
# "version" anywhere: keys sorted (json.dumps(sort_keys=True), jq -S) put it after "items".
_JSON_FEED_VERSION = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/')
_JSON_FEED_URL = re.compile(r"https?://jsonfeed\.org/version/")
_URL_LINE = re.compile(r"^https?://\S+$", re.I)
_COMMENT = re.compile(r"\s+#.*$")


def sniff_kind(data: bytes) -> str:
    """Guess the kind of ``data`` (feed, html, jsonl, urls or text) from its first bytes."""
    head = _ascii_view(data[:65536])
    if is_feed(head) or is_json_feed(data):
        return "feed"
    if _HTML_START.match(head):
        return "html"
    # Before counting tags: JSON Lines records often carry HTML in a field.
    if head.lstrip().startswith(b"{") and _looks_like_jsonl(data):
        # Said here, not by the whole-document parse below: a third parse of the line.
        return "feed" if _one_line_feed(data) else "jsonl"
    # Before counting tags and URLs too: an export's records carry both. Read as text,
    # its brackets and keys were audited as an English article, and passed the gate.
    # This parses the whole input, and the feed reader parses a feed without its
    # version again: a second pass over at most MAX_INPUT_BYTES, as no head tells such
    # a feed from an export (a sorted feed with its version is is_json_feed's, above).
    if head.lstrip().startswith((b"{", b"[")) and (kind := _json_document_kind(data)):
        return kind
    if len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if _XML_DECL.match(head):
        if _HTML_START.match(head, _after_prolog(head)):
            return "html"  # XHTML, however few its tags
        return "feed"  # XML is only ever read as a feed; the reader says if it is not one
    if looks_like_url_list(head):
        return "urls"
    return "text"


def is_feed(head: bytes) -> bool:
    """An XML document whose root is rss, feed (Atom) or rdf:RDF, or a JSON Feed."""
    if _JSON_FEED.match(head):
        return True
    return bool(_FEED_ROOT.match(head, _after_prolog(head)))


def is_json_feed(data: bytes) -> bool:
    """Whether the whole of ``data`` is a JSON Feed, its "version" wherever it stands: a
    feed written with sorted keys has it after "items", past any head is_feed looks at,
    and was audited as one text of raw JSON. Parsed only when a JSON Feed's version is
    in it, so that no JSON Lines file or other JSON holding one is taken for a feed."""
    if not _JSON_FEED_VERSION.search(data):
        return False
    try:
        top = json.loads(data)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return False
    version = top.get("version") if isinstance(top, dict) else None
    return isinstance(version, str) and _JSON_FEED_URL.match(version) is not None


def _after_prolog(head: bytes) -> int:
    """Where the root element may start: past the XML declaration, comments, PIs, DOCTYPE."""
    text = head.decode("latin-1")
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            pos = len(text) if end < 0 else end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            pos = len(text) if end < 0 else end + 3
        elif text[pos : pos + 9].upper() == "<!DOCTYPE":
            pos = doctype_end(text, pos)
        else:
            return pos


def _ascii_view(head: bytes) -> bytes:
    """UTF-16/32 heads re-encoded so byte patterns match; others pass unchanged."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return head.decode(encoding, "ignore").encode("utf-8")
    if head.startswith((b"<\x00?\x00", b"\x00<\x00?")):
        encoding = "utf-16-le" if head[0] == 0x3C else "utf-16-be"
        return head.decode(encoding, "ignore").encode("utf-8")
    return head.lstrip(b"\xef\xbb\xbf")


def url_list_lines(text: str) -> list[tuple[int, str]]:
    """(line number, content) of the lines that matter in a list of URLs."""
    out: list[tuple[int, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", line).strip()
        if line and not line.startswith("#"):
            out.append((lineno, line))
    return out


def looks_like_url_list(head: bytes) -> bool:
    """Mostly bare http(s) URLs, one per line (comments and blank lines allowed)."""
    try:
        # Through _ascii_view: a list saved with a BOM (Notepad's UTF-8 or "Unicode")
        # had the mark stuck to its first URL, and was audited as an article.
        text = _ascii_view(head).decode("utf-8")
    except UnicodeDecodeError:
        return False
    lines = url_list_lines(text)
    if len(head) >= 65536 and len(lines) > 1:
        lines = lines[:-1]  # the window may cut the last line short
    urls = sum(1 for _, line in lines if _URL_LINE.match(line))
    # A typo or two in a list should not turn it into an "article".
    return urls > 0 and 3 * urls >= 2 * len(lines)


# JSON Lines are judged by their first records, read past the 64 KiB head when one is
# longer (a page's HTML in an "html" field often is): a record cut by the head was no
# object, and the whole dump read as one text document of JSON.
_JSONL_WINDOW = 8 << 20
_JSONL_RECORDS = 50
# A line that is no object (a record cut short, a `null`, a line in another encoding)
# is the reader's to report as that line's error, as in a .jsonl file, where one such
# line also made the dump one text document; prose is never mostly JSON objects.
_JSONL_SHARE = 0.8


def _looks_like_jsonl(data: bytes) -> bool:
    window = _ascii_view(data[:_JSONL_WINDOW])
    pieces = window.split(b"\n", _JSONL_RECORDS * 2)
    if len(pieces) > _JSONL_RECORDS * 2 or len(data) > _JSONL_WINDOW:
        pieces = pieces[:-1]  # the rest of the data, or a line the window cut short
    lines = [ln for ln in pieces if ln.strip()][:_JSONL_RECORDS]
    objects = sum(_is_json_object(ln) for ln in lines)
    return objects > 0 and objects >= _JSONL_SHARE * len(lines)


# A second line that is not blank.
_ANOTHER_LINE = re.compile(rb"\n\s*\S")


def _one_line_feed(data: bytes) -> bool:
    """A JSON Feed without its jsonfeed.org "version", written on one line as json.dumps
    writes it: one object, which JSON Lines' count took for a dump of one record with
    no "text", its stories lost."""
    view = _ascii_view(data[:_JSONL_WINDOW]).strip()
    return _ANOTHER_LINE.search(view) is None and _json_document_kind(view) == "feed"


def _json_document_kind(data: bytes) -> str | None:
    """``feed`` when the whole of ``data`` is an object whose ``"items"`` hold JSON Feed
    items but which has no jsonfeed.org ``"version"`` (one with it is is_json_feed's),
    ``JSON_DOCUMENT`` for any other JSON array or object, None for what is no JSON
    (prose that opens with a bracket, ``[Editor's note]``)."""
    try:
        value = json.loads(_ascii_view(data).decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        # ValueError too: an integer of over 4,300 digits is one (no JSONDecodeError),
        # and sniffing runs outside any reader's guard, so it ended the whole run.
        return None
    if isinstance(value, dict) and _has_feed_items(value):
        return "feed"
    return JSON_DOCUMENT if isinstance(value, dict | list) else None


def _has_feed_items(value: dict[str, object]) -> bool:
    """Whether an object's ``"items"`` hold a JSON Feed item's text field: a feed that
    lacks its jsonfeed.org ``"version"`` (or writes ``"1.1"``) is the feed reader's,
    which recovers its entries and says the version is missing."""
    items = value.get("items")
    return isinstance(items, list) and any(
        isinstance(item, dict) and ("content_text" in item or "content_html" in item)
        for item in items
    )


def _is_json_object(line: bytes) -> bool:
    try:
        # Only the shape counts here: a line in cp1252 among UTF-8 ones is a record.
        return isinstance(json.loads(line.decode("utf-8", "replace")), dict)
    except (ValueError, RecursionError):
        # Thousands of '[', or an integer of thousands of digits, are no record, and
        # must not end the run.
        return False
