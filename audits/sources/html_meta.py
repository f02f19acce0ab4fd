"""What a page says about itself outside its article: a meta refresh."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# A page that sends the browser elsewhere this quickly is never read where it is.
MAX_REDIRECT_DELAY_S = 5
# Its own words are a notice ("Redirecting to ...", "If you are not redirected, click
# here"); a page with more than this is read as an article, redirect or not.
MAX_REDIRECT_NOTICE_WORDS = 50

MAX_TARGET_CHARS = 300

# HTML's "shared declarative refresh steps": a delay, then ; or , and an optional
# url= before the target, which may be quoted.
_REFRESH = re.compile(
    r"""^\s*(?P<delay>\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?(?P<url>.*))?$""",
    re.I | re.S,
)


def refresh_target(tree: HtmlElement) -> str | None:
    """Where a ``<meta http-equiv="refresh">`` sends the reader at once, if anywhere."""
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        m = _REFRESH.match(meta.get("content") or "")
        if not m or float(m["delay"]) > MAX_REDIRECT_DELAY_S:
            continue
        target = (m["url"] or "").strip()
        if target[:1] in "'\"":
            target = target[1:].split(target[0], 1)[0]
        # The page's own words end up in an error line: printable only, and not a book.
        target = "".join(ch for ch in target if ch.isprintable()).strip()
        if target:
            return target[:MAX_TARGET_CHARS]
    return None


def is_redirect_notice(text: str) -> bool:
    return len(text.split()) < MAX_REDIRECT_NOTICE_WORDS
