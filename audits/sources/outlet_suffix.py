"""The outlet's name that an aggregator appends to a story's headline.

Google News titles each item "Night ferry returns - Harbour Times" and names the
outlet in its ``<source>``; other aggregators (and outlets' own feeds) append
the name without saying so anywhere but the feed's title or the item's link
("Markets rally - Reuters", linked to reuters.com). The name is no part of the
headline, which opens the entry's text and is audited. A suffix goes only when it
is a name the feed gives: the item's ``<source>``, the feed's title (or a part of
it, "Harbour Times | Local"), or the name in the link's host; a headline with a
dash of its own ("Brexit - what happens next") keeps it.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from itertools import pairwise

# How an aggregator appends the outlet's name to a story's headline.
_SEPARATORS = (" - ", " \u2013 ", " \u2014 ", " | ")
_TITLE_PARTS = re.compile(r"\s+[-\u2013\u2014|:\u00b7\u2022]\s+|:\s+")
# Host labels that name no outlet: "www.", "m." and the like, and a host's ending.
_NO_NAME_LABELS = frozenset(
    {"www", "m", "amp", "mobile", "edition", "news", "rss", "feeds"}
    | {"co", "com", "org", "net", "gov", "ac", "edu", "ltd", "plc"}
)
_NON_WORD = re.compile(r"[\W_]+")


def without_outlet(
    title: str | None, names: Iterable[str | None], links: Iterable[str | None]
) -> str | None:
    """``title`` without an outlet's name appended to it, when that name is one of
    ``names`` (the item's ``<source>``, the feed's title) or a part of one, or the
    name in the host of one of ``links`` (the item's, its ``<source>``'s)."""
    if title is None:
        return None
    keys = {_key(part) for name in names if name for part in (name, *_TITLE_PARTS.split(name))}
    hosts = frozenset().union(*map(_host_keys, links))
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if not (found and head.strip()):
            continue
        if _key(tail) in keys or _squeezed(tail) in hosts:
            return head.strip()
    return title


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _squeezed(name: str) -> str:
    """A name as a host writes it: "The Guardian" is theguardian, "Harbour-Times" is
    harbourtimes."""
    return _NON_WORD.sub("", name.casefold())


def _host_keys(link: str | None) -> frozenset[str]:
    """The names ``link``'s host spells: each label but the last ("reuters" of
    www.reuters.com, "harbourtimes" of harbour-times.co.uk, squeezed), and two
    neighbours joined ("skynews" of news.sky.com)."""
    if not link:
        return frozenset()
    try:
        host = urllib.parse.urlsplit(link.strip()).hostname or ""
    except ValueError:
        return frozenset()
    labels = [_squeezed(label) for label in host.split(".")[:-1]]
    named = {label for label in labels if label not in _NO_NAME_LABELS}
    for a, b in pairwise(labels):
        if {a, b} - _NO_NAME_LABELS:
            named |= {a + b, b + a}
    return frozenset(named - {""})
