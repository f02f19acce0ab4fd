"""Telling input kinds apart from their content, not only their name."""

from __future__ import annotations

import json
import re

KINDS = ("text", "html", "jsonl")

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
}

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|h1|h2|br|span|a)(?:\s[^>]*)?>", re.I)


def sniff_kind(data: bytes) -> str:
    """Guess the kind of ``data`` (text, html or jsonl) from its first bytes."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if head.lstrip().startswith(b"{") and _looks_like_jsonl(head):
        return "jsonl"
    return "text"


def _looks_like_jsonl(head: bytes) -> bool:
    lines = [ln for ln in head.splitlines() if ln.strip()]
    # The last line of a 64 KiB window may be cut short; judge by the complete ones.
    complete = lines[:-1] if len(lines) > 1 and len(head) >= 65536 else lines
    try:
        return all(isinstance(json.loads(ln), dict) for ln in complete[:50])
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
