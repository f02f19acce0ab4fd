"""The line a blog platform adds at the foot of every entry of its feed: Yoast
SEO's "The post ... appeared first on ..." on WordPress, Medium's "... was
originally published in ... on Medium". They are the feed's, not the article's:
the entry's text loses them (``feed``), and a link on to the post before one
still ends the entry (``more_links``)."""

from __future__ import annotations

import re

# One such line, as the text's last paragraph.
FEED_FOOTER = re.compile(
    r"(?:^|\n\n)(?:The post [^\n]{1,400} appeared first on [^\n]{1,200}\."
    r"|[^\n]{1,400} was originally published in [^\n]{1,200} on Medium, where people are"
    r" continuing the conversation by highlighting and responding to this story\.)$"
)


def is_feed_footer(paragraph: str) -> bool:
    """Whether ``paragraph`` is only such a line."""
    return FEED_FOOTER.fullmatch(" ".join(paragraph.split())) is not None
