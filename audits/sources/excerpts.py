"""An entry's excerpt cut short: its last, unfinished sentence is no sentence.

A feed that gives only an excerpt of each post cuts it after so many words and
marks the cut: WordPress's " [&hellip;]", others' "[...]", "(…)" or a bare " …"
before a link on to the post. The words
before the mark were audited as the entry's last sentence, "Parents said they had
not been […]": a sentence broken off mid-phrase reads as disfluent to the
language model, and counted against the article. The unfinished sentence is
dropped; an excerpt that is nothing else is left whole, as it is all the entry
has (``--fetch-articles`` audits the post itself).
"""

from __future__ import annotations

import re

from audits.segment import segment
from audits.sources.sentence_ends import ENDS_SENTENCE
from audits.sources.tag_lines import is_share_line
from audits.sources.trailing_paragraphs import trailing_run_start

# In brackets; a theme's bare " …" before its link on to the post is bracketed as
# the link goes (``more_links``), and one that ends a post is the writer's own. The
# lookbehind starts a try once per run of spaces, not once per space.
_CUT_MARK = re.compile(r"(?<!\s)\s*[\[(]\s*(?:\u2026|\.\.\.)\s*[\])]\s*$")


def drop_cut_sentence(text: str) -> str:
    """``text`` without the sentence a closing cut mark ("[…]") broke off, or only
    without the mark where the cut fell between sentences. A share box's lines below
    the mark ("Share this:", "Twitter") stay where they are (rule S505 reports them):
    read as the text's end, the mark before them stayed, a made-up "[…]"."""
    paragraphs = text.split("\n\n")
    end = trailing_run_start(paragraphs, is_share_line)
    if end < len(paragraphs):
        head = drop_cut_sentence("\n\n".join(paragraphs[:end]))
        return "\n\n".join([head, *paragraphs[end:]])
    mark = _CUT_MARK.search(text)
    if mark is None:
        return text
    head = text[: mark.start()]
    if ENDS_SENTENCE.search(head):
        return head
    sentences = segment(head).sentences
    return text if len(sentences) < 2 else head[: sentences[-2].end]
