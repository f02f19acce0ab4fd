"""Whether a feed's text is clearly HTML: markup no plain sentence writes.

A feed's text typed plain (an Atom ``<content>`` without ``type``, a JSON Feed's
``content_text``) often holds a scraper's HTML, and one typed HTML (an RSS
``<description>``) often holds plain text. Any ``<word>`` or ``&name;`` was taken
for markup, so "a <b and c> d" lost its words and a text mentioning the ``<b>``
tag lost the tag. Clearly HTML is: a block, sectioning, form or void element's tag
(``<p>``, ``<br/>``, ``</div>``, ``<img src="...">``, HTML5's ``<nav>``), an
inline element's tag with an attribute given a value (``<a href="...">``), or an
inline element opened and closed (``<em>...</em>``); each is a known HTML
element's, its attributes, if any, given as ``name="value"``. A prefixed element
(Word's ``<o:p></o:p>``) is read as an inline one: a feed's sanitizer dropped it
once, and now its text is read as the feed writes it.
"""

from __future__ import annotations

import re

# Elements whose tag alone, opening or closing, is markup: a sentence names them
# seldom, and a scraper's paragraphs and line breaks are made of them.
_BLOCK = frozenset(
    # block and sectioning elements, HTML5's too (``<nav>``, ``<main>``, ``<details>``)
    "p br div hr li ul ol h1 h2 h3 h4 h5 h6 blockquote table thead tbody tfoot tr td th "
    "caption colgroup col figure figcaption pre section article header footer aside "
    "nav main hgroup address details summary dialog menu search dl dt dd center "
    # forms and embedded content
    "form fieldset legend input button select option optgroup textarea output "
    "iframe img picture video audio source track embed object param canvas svg math "
    "map area "
    # void elements, and elements whose content is no text
    "wbr base link meta script style noscript template".split()
)
# Elements a sentence may name as words ("the <b> tag"): markup with an attribute
# given a value, or opened and closed.
_INLINE = frozenset(
    "a b i u s em strong span small sub sup code cite q abbr mark font del ins time "
    "big strike tt kbd var label".split()
)
_VALUE = r"""(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+)"""
_ATTRIBUTE = rf"\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*{_VALUE})?"
# A name may carry a prefix: Word's ``<o:p></o:p>`` and ``<st1:place>`` in pasted posts.
_TAG = re.compile(rf"<(/?)((?:[A-Za-z][\w.-]*:)?[A-Za-z][A-Za-z0-9]*)((?:{_ATTRIBUTE})*)\s*/?>")
_VALUED = re.compile(rf"=\s*{_VALUE}")


def is_clearly_html(text: str) -> bool:
    """Whether ``text`` holds markup no plain sentence writes (see the module's doc)."""
    opened: set[str] = set()
    for tag in _TAG.finditer(text):
        closing, name, attributes = tag[1], tag[2].lower(), tag[3]
        if attributes and not _VALUED.search(attributes):
            continue  # "<b and c>": words between angle brackets, no attribute's value
        if name in _BLOCK:
            return True
        if name not in _INLINE and ":" not in name:
            continue
        if closing:
            if name in opened:
                return True
        elif attributes:
            return True
        else:
            opened.add(name)
    return False
