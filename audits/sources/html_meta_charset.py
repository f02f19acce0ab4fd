"""The charset a page's head declares in a <meta>, read as a browser's parser meets it.

A pattern over the bytes took what no parser sees as a declaration: a <meta> inside
a comment or a script's string, a description whose words say "charset=koi8-r";
and ``<meta[^>]+charset`` ran in quadratic time over a head of unclosed "<meta"s
(500 KB took minutes). The head is read tag by tag, once: comments and the contents
of scripts, styles and the like are passed over, and only a <meta>'s own charset
attribute, or the content of its http-equiv="content-type", is a declaration.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# A head is not this long; past it, no declaration is looked for.
MAX_HEAD_BYTES = 1 << 20
# Browsers prescan the first bytes for a <meta> whatever elements stand before it;
# past them, only one in the head counts.
PRESCAN_BYTES = 4096

_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_SPACE = re.compile(rb"[\s/]*")
# An attribute: its name, then perhaps a value; a quote left open runs to the end,
# as in a browser's prescan (and never makes the pattern try again).
_ATTRIBUTE = re.compile(rb"""([^\s/>=]+)\s*(?:=\s*("[^"]*"?|'[^']*'?|[^\s>]*))?""")
_CHARSET_IN_CONTENT = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_LABEL = re.compile(rb"[A-Za-z0-9_.:-]+")
# Elements whose contents are text, never tags: "<script>x = '<meta charset=...>'".
_RAW_TEXT = frozenset({b"script", b"style", b"title", b"noscript"})
# What a head holds; any other element opens the body.
_HEAD_ELEMENTS = _RAW_TEXT | {b"html", b"head", b"meta", b"link", b"base", b"template"}


def meta_charset(data: bytes, known: Callable[[str], bool] = lambda label: True) -> str | None:
    """The charset the first <meta> of ``data``'s head declares (``<meta
    charset="iso-8859-2">``, or ``<meta http-equiv="content-type" content="text/html;
    charset=iso-8859-2">``), or None. Past the first ``PRESCAN_BYTES``, the head
    ends at </head>, or at <body> or any element only a body holds."""
    limit = min(len(data), MAX_HEAD_BYTES)
    pos = 0
    while (start := data.find(b"<", pos, limit)) >= 0:
        if data.startswith(b"<!--", start):
            # From the "!--" on: "<!-->" and "<!--->" are whole comments, as browsers
            # read them.
            end = data.find(b"-->", start + 2, limit)
            if end < 0:
                return None
            pos = end + 3
            continue
        tag = _TAG.match(data, start, limit)
        if tag is None:
            # "<!DOCTYPE ...>", "<?xml ...?>", or a "<" of text.
            bang = data[start + 1 : start + 2] in (b"!", b"?")
            end = data.find(b">", start, limit) if bang else start
            if end < 0:
                return None
            pos = end + 1
            continue
        closing, name = tag.group(1) == b"/", tag.group(2).lower()
        attributes, pos = _attributes(data, tag.end(), limit)
        prescan = start < PRESCAN_BYTES
        if closing:
            if name == b"head" and not prescan:
                return None
            continue
        if name not in _HEAD_ELEMENTS and not prescan:
            return None  # "<body>", or what only a body holds
        # A label no decoder knows is passed over, as browsers do, for a later one.
        if name == b"meta" and (label := _declared(attributes)) is not None and known(label):
            return label
        if name in _RAW_TEXT:
            close = re.compile(rb"</" + name + rb"[\s/>]", re.I).search(data, pos, limit)
            if close is None:
                return None
            pos = close.start() + 1
    return None


def _attributes(data: bytes, pos: int, limit: int) -> tuple[dict[bytes, bytes], int]:
    """The attributes of the tag whose name ends at ``pos``, and where the tag ends."""
    found: dict[bytes, bytes] = {}
    while True:
        pos = _SPACE.match(data, pos, limit).end()
        if pos >= limit:
            return found, limit
        if data[pos : pos + 1] == b">":
            return found, pos + 1
        attribute = _ATTRIBUTE.match(data, pos, limit)
        if attribute is None:
            pos += 1  # a stray "=": no name
            continue
        value = (attribute.group(2) or b"").strip(b"\"'")
        found.setdefault(attribute.group(1).lower(), value)
        pos = attribute.end()


def _declared(attributes: dict[bytes, bytes]) -> str | None:
    """The charset a <meta> with ``attributes`` declares, or None."""
    label = _LABEL.match(attributes.get(b"charset", b"").strip())
    if label:
        return label.group().decode("ascii")
    # An empty charset="" declares nothing; the http-equiv beside it may.
    if attributes.get(b"http-equiv", b"").strip().lower() != b"content-type":
        return None
    content = _CHARSET_IN_CONTENT.search(attributes.get(b"content", b""))
    return content.group(1).decode("ascii") if content else None
