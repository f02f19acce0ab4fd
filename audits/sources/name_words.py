"""The words a line about writers holds besides their names, one list for every
reader of such lines: a byline ("By Jane Doe and John Roe in Paris for Reuters"),
a contributor's credit ("Associated Press writer Jim Salter in St. Louis
contributed to this report.") and an author's bio ("Jane Doe is a reporter ...").
"""

from __future__ import annotations

import re
from functools import cache

from audits.datafiles import load_toml

# Lower-case words inside a name: "Ursula von der Leyen", "Jean de La Fontaine".
NAME_PARTICLES = frozenset(
    {"de", "da", "van", "von", "der", "den", "del", "la", "le", "al", "bin", "el", "du", "di"}
)
# What joins names and places in such a line.
NAME_JOINTS = frozenset({"and", "&", "in", "for", "at", "of", "the", "with"})
# What a writer is, as a credit or a bio calls it (singular).
ROLES = (
    "reporter",
    "correspondent",
    "writer",
    "journalist",
    "videojournalist",
    "editor",
    "columnist",
    "contributor",
    "author",
    "freelancer",
    "critic",
    "producer",
    "photographer",
    "fellow",
    "intern",
    "staff",
    "staffer",
    "blogger",
    "novelist",
    "analyst",
    "economist",
    "historian",
    "professor",
    "lecturer",
    "researcher",
)

# Words of an outlet's name beyond the lexicon's words of organisations ("News",
# "Times", "Agency"): what tells "By Jane Doe, Jordan Times" (an outlet) from "By
# Jane Doe, Jordan Smith" (a second writer).
_OUTLET_WORDS = frozenset(
    {
        "press",
        "wire",
        "wires",
        "media",
        "network",
        "online",
        "digital",
        "bureau",
        "service",
        "telegraph",
        "chronicle",
        "observer",
        "express",
        "standard",
        "mirror",
        "courier",
        "examiner",
        "inquirer",
        "globe",
        "monitor",
        "star",
        "mail",
        "record",
        "dispatch",
        "bulletin",
        "insider",
        "desk",
        "staff",
        "reports",
        "today",
    }
)
# A person's name in a byline: a given name (or an initial) and one to three more words.
_MAX_NAME_WORDS = 4
_INITIAL = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")


@cache
def given_names() -> frozenset[str]:
    """The given names of ``audits/data/given_names.toml``, as written ("Jane")."""
    blocks = load_toml("given_names.toml")["names"]
    return frozenset(name for block in blocks.values() for name in block.split())


@cache
def _outlet_words() -> frozenset[str]:
    lexicon = load_toml("name_lexicon.toml")["org_words"]
    return _OUTLET_WORDS | {word.casefold() for word in lexicon}


def is_person_name(text: str) -> bool:
    """Whether ``text`` reads as one person's name: a known given name or an initial
    first ("Jane Doe", "J. Smith", "Ana du Pont"), capitalised words or particles
    after it, and no word of an outlet's name ("Jordan Times", "Reuters")."""
    words = text.split()
    if not 2 <= len(words) <= _MAX_NAME_WORDS:
        return False
    first, rest = words[0], words[1:]
    if first not in given_names() and not _INITIAL.fullmatch(first):
        return False
    if any(w.strip(".").casefold() in _outlet_words() for w in rest):
        return False
    return all(w[0].isupper() or w in NAME_PARTICLES for w in rest) and rest[-1][0].isupper()
