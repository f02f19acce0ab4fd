"""The lines a site adds to an article's text, dropped the same way from a page and
from a feed entry (which often copies the page): credit paragraphs and reading
times anywhere, tag lists at the foot, bylines and time stamps at either end
(a lone dateline joined to its paragraph); and the bracketed note markers
("treaty[3]") run into its words."""

from __future__ import annotations

from audits.sources.bylines import drop_bylines
from audits.sources.captions import drop_credit_lines
from audits.sources.note_marks import drop_text_note_marks
from audits.sources.reading_time import drop_reading_times
from audits.sources.tag_lines import drop_tag_lines


def drop_site_lines(text: str, title: str | None = None) -> str:
    """``text`` (paragraphs separated by blank lines) without credits, reading times,
    closing tag lists, bylines (never the ``title``) and note markers."""
    text = drop_credit_lines(drop_tag_lines(drop_text_note_marks(text)))
    return drop_bylines(drop_reading_times(text), title)
