"""Small feeds built in tests: one entry with a given title and HTML content, and
a short local story to fill pages and entries with."""

from __future__ import annotations

# Three plain English paragraphs, none of them page furniture.
STORY = [
    "The city council voted on Tuesday to close the old bridge for six weeks while "
    "engineers repair its parapet.",
    "Drivers will have to use the ford road, which the council says is safe for cars "
    "but not for lorries.",
    "The parish council asked for a footbridge during the works, and the county said "
    "it would consider it.",
]


def rss_entry(content: str, title: str) -> bytes:
    """An RSS 2.0 feed of one item whose content:encoded is ``content``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>R</title>'
        f"<item><title>{title}</title><link>https://r.example/1</link>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    ).encode()
