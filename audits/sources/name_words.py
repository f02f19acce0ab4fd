"""The words a line about writers holds besides their names, one list for every
reader of such lines: a byline ("By Jane Doe and John Roe in Paris for Reuters"),
a contributor's credit ("Associated Press writer Jim Salter in St. Louis
contributed to this report.") and an author's bio ("Jane Doe is a reporter ...").
"""

from __future__ import annotations

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
