"""Small feeds built in tests: one entry with a given title and HTML content."""

from __future__ import annotations


def rss_entry(content: str, title: str) -> bytes:
    """An RSS 2.0 feed of one item whose content:encoded is ``content``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>R</title>'
        f"<item><title>{title}</title><link>https://r.example/1</link>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    ).encode()
