"""Where a text ends as a sentence does: a full stop, "!", "?" or an ellipsis,
perhaps inside a quotation's or a bracket's closing marks ("... he said."", "(as
planned.)"). An excerpt cut between sentences (``excerpts``) and a timeline's
entry, as no headline ends (``byline_paragraphs``), are told by it; they were told
by patterns of their own that disagreed on "?" and "…"."""

from __future__ import annotations

import re

# The marks that end a sentence, and those that may close around it.
SENTENCE_STOPS = ".!?\u2026"
CLOSING_MARKS = "\"'\u201d\u2019)\\]"
ENDS_SENTENCE = re.compile(rf"[{SENTENCE_STOPS}][{CLOSING_MARKS}]*\s*$")
