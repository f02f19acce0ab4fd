"""The words a line about writers holds besides their names, one list for every
reader of such lines: a byline ("By Jane Doe and John Roe in Paris for Reuters"),
a contributor's credit ("Associated Press writer Jim Salter in St. Louis
contributed to this report.") and an author's bio ("Jane Doe is a reporter ...").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from audits.datafiles import load_toml

# A byline names a few people and where they work; a longer line is a sentence (one
# number for bylines.py and html_clean.py, which byline_boxes.py imports).
MAX_BYLINE_WORDS = 24

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
        "advocate",
        "mercury",
        "now",
        "statesman",
        "leader",
        "sentinel",
        "register",
        "democrat",
        "republican",
        "independent",
        "guardian",
        "citizen",
        "voice",
        "sun",
        "bee",
        "beacon",
        "ledger",
        "enquirer",
        "courant",
        "argus",
        "clarion",
        "eagle",
        # Arabic networks' names, "the island" and "the Arab one": "Al Jazeera" and
        # "Al Arabiya" read as a person's name whose given name is "Al".
        "jazeera",
        "arabiya",
    }
)
# Words of a place's name that open with a given name: "Ann Arbor", "Victoria Falls".
_PLACE_WORDS = frozenset(
    {
        "arbor",
        "town",
        "falls",
        "springs",
        "heights",
        "beach",
        "hills",
        "creek",
        "point",
        "junction",
        "grove",
        "rapids",
        "landing",
        "crossing",
        "garden",
        "gardens",
    }
)
# A person's name in a byline: a given name (or an initial), then one or two more
# words, particles aside ("Ursula von der Leyen").
_MAX_NAME_WORDS = 4
_MAX_NAMES = 3
# One letter: "U.S." and "E.U." are abbreviations, which open a post ("U.S. Editor").
_INITIAL = re.compile(r"[A-Z]\.")


@cache
def given_names() -> frozenset[str]:
    """The given names of ``audits/data/given_names.toml``, as written ("Jane")."""
    blocks = load_toml("given_names.toml")["names"]
    return frozenset(name for block in blocks.values() for name in block.split())


# Blocks whose names are as often surnames ("Carl Andersen", "Sharon Magnus", "Tom
# Anders", "Nick Jonas"): they tell a first word a given name, never a last word none
# of a surname's.
_FIRST_ONLY_BLOCKS = ("nordic",)


@cache
def _surname_blocking_names() -> frozenset[str]:
    blocks = load_toml("given_names.toml")["names"]
    return frozenset(
        name
        for key, block in blocks.items()
        if key not in _FIRST_ONLY_BLOCKS
        for name in block.split()
    )


# Letters that carry a mark Unicode does not decompose: "Søren" is "Soren" unmarked.
_UNDECOMPOSED = str.maketrans("øØłŁđĐıħĦ", "oOlLdDihH")


def unaccented(word: str) -> str:
    """``word`` without its letters' marks: "Zoë" -> "Zoe", "Søren" -> "Soren"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _unaccented_given_names() -> frozenset[str]:
    return frozenset(map(unaccented, given_names()))


@cache
def _unaccented_blocking_names() -> frozenset[str]:
    return frozenset(map(unaccented, _surname_blocking_names()))


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a known given name, with or without its marks: a byline
    writes "Zoë" or "Zoe", "José" or "Jose", whichever the list holds. A name of
    given names joined by hyphens is one ("Ann-Marie", "Anne-Sophie")."""
    if "-" in word:
        return word in given_names() or all(map(_is_one_given_name, word.split("-")))
    return _is_one_given_name(word)


def _is_one_given_name(word: str) -> bool:
    return word in given_names() or unaccented(word) in _unaccented_given_names()


@cache
def _given_surnames() -> frozenset[str]:
    """The given names that are as often surnames ("Martin", "Lee")."""
    return frozenset(load_toml("given_names.toml")["surnames"]["common"].split())


def _is_given_not_surname(word: str) -> bool:
    """Whether ``word``, a name's last, is a given name and so no surname ("Marie
    Claire", "Victoria Zoë"), unless one as often a surname ("Zoë Martin"). Only as
    the list writes it, or marked where the list writes it plain: an unmarked
    "Andre", "Clement", "Tomas" or "Angel" is a surname as often as the list's
    "André", "Clément", "Tomás" or "Ángel" is a given name."""
    if word in _given_surnames():
        return False
    if word in _surname_blocking_names():
        return True
    plain = unaccented(word)
    return plain != word and plain in _unaccented_blocking_names()


@cache
def _outlet_words() -> frozenset[str]:
    lexicon = load_toml("name_lexicon.toml")["org_words"]
    return _OUTLET_WORDS | {word.casefold() for word in lexicon}


def is_person_name(
    text: str, surname_given: bool = False, given: frozenset[str] = frozenset()
) -> bool:
    """Whether ``text`` reads as one person's name: a known given name or an initial
    first ("Jane Doe", "J. Smith", "Ana du Pont"), one or two capitalised words after
    it, the last no given name, and no word of an outlet's name, a place's or a post
    ("Jordan Times", "Marie Claire", "Ann Arbor", "U.S. Editor"). In doubt it is
    none: a byline that loses a second writer says less, one that invents a writer
    says what is false. Where a writer is expected whatever follows, its surname may
    be a given name too (``surname_given``: "Zoë Martin"). Where the caller knows a
    writer stands, common words that are given names too (``given``: "Will", "Hope")
    may open the name."""
    # A page may write its letters decomposed ("Mu\u0308ller"): the mark is no letter.
    # A byline in capitals ("JOHN SMITH") is read as the same name in lower case.
    words = unicodedata.normalize("NFC", text.title() if text.isupper() else text).split()
    names = [w for w in words if w not in NAME_PARTICLES]
    if len(words) > _MAX_NAME_WORDS or not 2 <= len(names) <= _MAX_NAMES:
        return False
    first, rest = names[0], names[1:]
    if not (is_given_name(first) or first in given or _INITIAL.fullmatch(first)):
        return False
    if not all(_is_name_word(w) or _INITIAL.fullmatch(w) for w in rest[:-1]):
        return False
    # The last word a surname's: "Marie Claire" is a magazine, "Victoria Mary" no name.
    if not _is_name_word(rest[-1]) or (_is_given_not_surname(rest[-1]) and not surname_given):
        return False
    return not any(_is_other_word(part) for w in rest for part in w.split("-"))


# Words a heading holds between capitals and a name does not ("Highlights From The
# Parade").
_HEADING_WORDS = NAME_JOINTS | {"from", "on", "to", "by", "a", "an", "as", "into", "over"}


def is_name_shaped(text: str) -> bool:
    """Whether ``text`` is shaped as one person's name whatever its given name
    ("Ludovic Marin", "Saul Loeb", whose given names the list lacks): two or three
    capitalised words, a name's particles aside, none of an outlet's name, a place's,
    a post's or a heading's. Only where something else says a name stands there (a
    photo agency after a slash, a credit's label) is this one."""
    words = text.split()
    names = [w for w in words if w not in NAME_PARTICLES]
    return (
        len(words) <= _MAX_NAME_WORDS
        and 2 <= len(names) <= _MAX_NAMES
        and words[0] in names
        and all(_is_name_word(w) and w.casefold() not in _HEADING_WORDS for w in names)
        and not any(_is_other_word(part) for w in names for part in w.split("-"))
    )


def is_outlet_name(text: str) -> bool:
    """Whether ``text`` reads as an outlet's or an agency's name: after a leading
    "The", two words or more, each capitalised and none a word that joins names, the
    last a word of an outlet's name ("Associated Press", "THE ASSOCIATED PRESS"; not
    "The Numbers", "Royal Appointment" nor "Land and Sea")."""
    words = text.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    return (
        len(words) >= 2
        and all(w[:1].isupper() and w.casefold() not in NAME_JOINTS for w in words)
        and words[-1].strip(".").casefold() in _outlet_words()
    )


def is_post(text: str) -> bool:
    """Whether ``text`` names a writer's post: its last word is a role ("Staff
    Writer", "Senior Correspondent", "U.S. Editor")."""
    words = text.split()
    return bool(words) and words[-1][:1].isupper() and _is_role(words[-1])


def _is_role(word: str) -> bool:
    folded = word.strip(".").casefold()
    return folded in ROLES or folded.removesuffix("s") in ROLES


def _is_name_word(word: str) -> bool:
    """Whether ``word`` is shaped as a surname: capitalised letters (any alphabet's),
    perhaps an apostrophe or hyphens, a small letter among them ("Doe", "O'Brien",
    "McAdams", "Müller", "Smith-Jones"; not "BBC" or "U.S.")."""
    return any(ch.islower() for ch in word) and all(
        part[:1].isupper() and all(ch.isalpha() or ch in "'’" for ch in part)
        for part in word.split("-")
    )


def _is_other_word(word: str) -> bool:
    """Whether ``word`` is one of an outlet's name, a place's or a post's."""
    folded = word.strip(".").casefold()
    return folded in _outlet_words() or folded in _PLACE_WORDS or _is_role(folded)
