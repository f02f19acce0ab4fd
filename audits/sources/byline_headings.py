"""Headings that open as a byline does: "By Popular Demand", "By The Numbers", "By
Land and Sea", "By All Means". After "By", a byline names people, a desk or an
outlet, and many newsrooms' names are common English words too ("The Trace", "THE
CITY", "Design Week", "All Africa"), so no test of the words' shape or frequency
tells these apart. Only a closed list of whole idioms, none a publication's name, is
read as a heading; every other line keeps reading as a byline.
"""

from __future__ import annotations

import re

# The idioms a heading makes with "By", each the whole text after it, written folded
# (``_folded``). Closed on purpose: a rule by opening word ("Design", "Nature",
# "Heart", "All", "Land") or by "The" and one word swallowed real outlets' bylines
# ("By Design Week", "By Nature Research", "By The Trace", "By The City"). None of
# these is a publication's name; left out for being one: "The Way" (the Washington
# Post's travel site "By The Way"), "Design" (the Design Council's magazine),
# "Heart" (the radio network), "Nature" (the journal), "Chance" (the magazine); and
# "Far", one bare word, as outlets' names often are ("By Reuters"). "The Numbers"
# stays though a box-office data site is so named: its pieces name their writers,
# and "By The Numbers" heads a box of figures far more often.
HEADING_IDIOMS = frozenset(
    {
        "popular demand",
        "all means",
        "any means",
        "any means necessary",
        "all accounts",
        "the numbers",
        "land and sea",
        "land sea and air",
        "word of mouth",
        "way of explanation",
        "way of introduction",
        "way of example",
        "trial and error",
        "leaps and bounds",
    }
)
# After the idiom, a section or column named after a spaced slash: "By All Means /
# Opinion", "By Popular Demand / The Encore".
_SLASHED_TAIL = re.compile(r"\s+/\s.*$")


def _folded(text: str) -> str:
    """``text`` as ``HEADING_IDIOMS`` writes it: "Land, Sea & Air" -> "land sea and air"."""
    words = text.replace("&", " and ").replace(",", " ").split()
    return " ".join(words).casefold()


def reads_as_heading(after_by: str) -> bool:
    """Whether the whole text after a line's "By" (``after_by``), less a section's
    name after a spaced slash, is one of the idioms headings make with "By" ("Popular
    Demand", "The Numbers", "Land and Sea / Travel"). "The Trace", "Design Week" and
    any other words are not: they may name a newsroom."""
    return _folded(_SLASHED_TAIL.sub("", after_by.strip())) in HEADING_IDIOMS
