"""The lines a site adds to an article's text, dropped the same way from a page and
from a feed entry (which often copies the page): credit paragraphs and reading
times anywhere, tag lists at the foot; and the bracketed note markers
("treaty[3]") run into its words."""

from __future__ import annotations

from audits.sources.captions import drop_credit_lines
from audits.sources.note_marks import drop_text_note_marks
from audits.sources.reading_time import drop_reading_times
from audits.sources.tag_lines import drop_tag_lines


def drop_site_lines(text: str) -> str:
    """``text`` (paragraphs separated by blank lines) without credits, reading times,
    closing tag lists and note markers."""
    return drop_reading_times(drop_credit_lines(drop_tag_lines(drop_text_note_marks(text))))
