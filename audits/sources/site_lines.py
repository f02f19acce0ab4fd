"""The lines a site adds to an article's text, dropped the same way from a page and
from a feed entry (which often copies the page): credit paragraphs and reading
times anywhere, tag lists at the foot, bylines and time stamps at either end
(a lone dateline joined to its paragraph), the site's sign-offs ("Have a story
tip? Email us"); and the bracketed note markers
("treaty[3]") run into its words."""

from __future__ import annotations

from audits.sources.byline_paragraphs import drop_bylines
from audits.sources.captions import is_credit_line, without_credit_tail
from audits.sources.note_marks import drop_text_note_marks
from audits.sources.reading_time import is_reading_time
from audits.sources.sign_offs import drop_sign_offs
from audits.sources.tag_lines import drop_tag_lines


def drop_site_lines(text: str, title: str | None = None, author: str | None = None) -> str:
    """``text`` (paragraphs separated by blank lines) without credits, reading times,
    the site's sign-off lines, closing tag lists, bylines and the ``author``'s name
    standing alone (never the ``title``) and note markers."""
    # Sign-offs first: a wire story's credits above them are then among its last lines.
    text = drop_tag_lines(drop_sign_offs(drop_text_note_marks(text)))
    return drop_bylines(_drop_credits_and_reading_times(text), title, author)


def _drop_credits_and_reading_times(text: str) -> str:
    """``text`` without credit paragraphs and reading times, and without the photo
    credit that ends a caption written as a paragraph (a reading time may be what is
    left of one)."""
    paragraphs = text.split("\n\n")
    kept = [
        rest
        for paragraph in paragraphs
        if not is_credit_line(paragraph)
        and not is_reading_time(rest := without_credit_tail(paragraph))
    ]
    return text if kept == paragraphs else "\n\n".join(kept)
