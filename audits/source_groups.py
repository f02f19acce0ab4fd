"""Which source a document came from, for "share machine-translated per source".

A feed entry belongs to its feed (the feed's URL, named by its title); a web
page or a record with a URL, or an address that could not be read, to its site
(the host, without ``www.``), unless it is a feed's address whose entries were
read (``read_group``); anything else to the folder it was read from.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Keys a feed reader puts in Document.meta, most specific first.
FEED_URL_KEYS = ("feed_url", "feed")
FEED_MARKERS = ("feed_url", "feed_title", "feed_link")
# A JSONL record's source is "path:line"; a feed entry's "feed#index".
_RECORD_SUFFIX = re.compile(r"(?::\d+|#\d+)$")


@dataclass(frozen=True)
class SourceGroup:
    key: str
    label: str
    kind: str  # "feed", "site" or "folder"


def source_group(source: str, url: str | None, meta: Mapping[str, Any] | None) -> SourceGroup:
    meta = meta or {}
    if any(meta.get(k) for k in FEED_MARKERS):
        feed = next((str(meta[k]) for k in FEED_URL_KEYS if isinstance(meta.get(k), str)), None)
        feed = feed or _RECORD_SUFFIX.sub("", source) or str(meta.get("feed_link") or "")
        title = meta.get("feed_title")
        label = str(title).strip() if isinstance(title, str) and title.strip() else feed
        return SourceGroup(f"feed:{feed}", label, "feed")
    # An unreadable page or feed is an error entry with no url, but its source is its
    # address: it belongs to that site's row, not to a "folder" named after the host.
    host = site_of(url) or site_of(source)
    if host:
        return SourceGroup(f"site:{host}", host, "site")
    folder = folder_of(source)
    return SourceGroup(f"folder:{folder}", folder, "folder")


def read_group(
    source: str, status: str, stored: SourceGroup, feeds: Mapping[str, str]
) -> SourceGroup:
    """The group a stored row is read in, given the keys and labels of the feeds among
    the rows read. An address that could not be read was stored, before mtaudit
    counted it in its site, in a "folder" named after the host: a history keeps such
    rows, and its trend showed one host twice. A feed that was down is an error whose
    source is the feed's address: it joins that feed's row, which then shows the
    outage (stored in its site's, as a feed never read is no feed)."""
    if stored.kind == "folder" and (host := site_of(source)):
        stored = SourceGroup(f"site:{host}", host, "site")
    if status == "error" and (key := f"feed:{source}") in feeds:
        return SourceGroup(key, feeds[key], "feed")
    return stored


def site_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    return host[4:] if host.startswith("www.") else host


def folder_of(source: str) -> str:
    if source in ("-", "<stdin>") or source.startswith("-:"):
        return "stdin"
    path = _RECORD_SUFFIX.sub("", source).replace("\\", "/")
    if "://" in path:
        # Reached only by an address source_group's site_of(source) could not read:
        # one written with backslashes (https:\\host\page), which reads once they
        # are slashes. Kept, so such a name still groups by its host.
        return site_of(path) or path
    folder = posixpath.dirname(path)
    return folder or "."
