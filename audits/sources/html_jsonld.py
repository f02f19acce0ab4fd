"""Paragraphs of an article whose text comes from its JSON-LD ``articleBody``.

Pages rendered by scripts (an empty ``<div id="root">``) often carry the article
only in schema.org JSON-LD. trafilatura falls back to it but squeezes all
whitespace, so "...than expected.\\n\\nThe governor told reporters..." became
one paragraph, and a line without a full stop (a "Read also" line, a heading)
ran into the next sentence. A paragraph of the extracted text that is exactly
an ``articleBody`` (whitespace aside) is written again from the JSON value,
keeping its paragraphs and lines.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from audits.sources.fragment import html_to_text, looks_like_html, plain_text

_BODY_KEYS = ("articleBody", "reviewBody")  # the full-text properties trafilatura reads
_CONTAINERS = ("@graph", "mainEntity")


def json_ld_bodies(tree: HtmlElement) -> list[str]:
    """Every ``articleBody`` (or ``reviewBody``) in the page's JSON-LD, in order."""
    bodies: list[str] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        source = script.text or ""
        if not any(key in source for key in _BODY_KEYS):
            continue
        try:
            # strict=False: real pages put raw newlines inside JSON strings.
            data = json.loads(source, strict=False)
        except (ValueError, RecursionError):
            continue
        bodies.extend(_bodies(data))
    return bodies


def _bodies(node: Any) -> Iterator[str]:
    for item in node if isinstance(node, list) else [node]:
        if not isinstance(item, dict):
            continue
        for key in _BODY_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                yield value
        for key in _CONTAINERS:
            yield from _bodies(item.get(key))


def restore_paragraphs(text: str, bodies: list[str]) -> str:
    """``text`` with each paragraph that is a squeezed ``articleBody`` written out again."""
    if not bodies:
        return text
    rendered = {_squeezed(r): r for r in map(render_body, bodies) if r}
    return "\n\n".join(rendered.get(_squeezed(p), p) for p in text.split("\n\n"))


def render_body(raw: str) -> str:
    """An ``articleBody`` as paragraphs: HTML read like a feed entry, plain text kept
    by its blank lines and lines. Sites that HTML-escape it ("&lt;p&gt;") are read
    once unescaped, as trafilatura reads them."""
    value = html.unescape(raw) if "<" not in raw else raw
    return html_to_text(value) if looks_like_html(value) else plain_text(value)


def _squeezed(text: str) -> str:
    return "".join(text.split())
