"""Authors' names as a feed, a page's metadata or its byline give them, cleaned the
one way for all: an address, a handle, a generic account ("admin") or a byline's lead
word and outlet are no part of a name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from audits.sources.bylines import (
    NAME_EDGES,
    WRITER_ROLES,
    box_writer,
    byline_writer,
    credit_line_writer,
    is_account_name,
    is_byline,
    is_wire_credit,
    reads_as_writer,
    unled_byline_writer,
)
from audits.sources.time_stamps import STAMP_LEADS, is_stamp_word, opens_time_stamp


def page_author(
    found: str | None,
    boxes: list[str],
    text: str,
    title: str | None = None,
    meta: str | None = None,
    stated: str | None = None,
) -> str | None:
    """The page's author: the writer its byline names (in its author ``meta`` as
    written, else in one of its byline ``boxes``, else among the first paragraphs of
    its ``text``) where trafilatura found none, or found it in the same byline and kept
    its other parts as names of their own ("By Jane Doe | Updated 12:04 GMT" read "Jane
    Doe; Updated", "By Jane Doe, Reuters" "Jane Doe; Reuters", "Jane Doe • 3 March
    2024" "Jane Doe •"); else what trafilatura found (from the page's metadata, say).
    A ``meta`` that is no byline ("Jane Doe, John Smith": two authors) names no writer
    here, and trafilatura's names stand, unless they are the meta's, cut where it is
    not ("Jane Doe, Reuters" read "Jane Doe; Reuters", "Mary Queen of Scots" "Mary
    Queen"): then the meta names them as a feed's author does (``author_name``). So
    too the authors the page's metadata ``stated`` (its JSON-LD's, cleaned): where
    trafilatura read "Jane Doe, Paris" as "Jane Doe; Paris", the page states Jane
    Doe, and a name beside hers that reads as no person's is no author."""
    writer = (
        byline_writer(meta or "")
        or byline_writer("\n\n".join(boxes))
        or byline_writer(text, title)
        or next(filter(None, map(box_writer, boxes)), None)
        or credit_line_writer(text)
        or unled_byline_writer(text, title)
    )
    names = _before_time_stamp(
        [n for n in map(author_name, (found or "").split(";")) if n is not None]
    )
    names = [kept for n in names if (kept := _STAMP_LEAD_TAIL.sub("", n))]
    if writer is not None and (not names or _names_writer(names[0], writer, boxes)):
        return writer
    written = " ".join((meta or "").split()).casefold()
    if names and all(" ".join(n.split()).casefold() in written for n in names):
        return author_name(meta) or "; ".join(names)
    return _box_names(names, boxes) or _stated_names(names, stated) or "; ".join(names) or None


def _stated_names(names: list[str], stated: str | None) -> str | None:
    """The ``stated`` authors, where trafilatura's ``names`` are they and words that
    read as no person's ("Jane Doe; Paris" for "Jane Doe")."""
    if not stated or not names:
        return None
    told = {n.casefold() for n in stated.split("; ")}
    found = {" ".join(n.split()).casefold() for n in names}
    if told < found and not any(reads_as_writer(n) for n in names if n.casefold() not in told):
        return stated
    return None


def _box_names(names: list[str], boxes: list[str]) -> str | None:
    """The writers of the byline box trafilatura read ``names`` from, where the box
    names only some of them: a box without a lead word, "Jane Doe, Paris", read
    "Jane Doe; Paris", and names Jane Doe, as a byline or an author field so
    written does (``author_name``)."""
    folded = [" ".join(n.split()).casefold() for n in names]
    for box in boxes:
        # trafilatura reads a box's line break as a space, where ``box_text`` wrote a
        # comma ("Jane Doe<br>Paris" read "Jane Doe Paris").
        line = " ".join(box.replace(",", " ").split()).casefold()
        if not names or not all(n in line for n in folded):
            continue
        named = author_name(box)
        if named is None or named.casefold() == "; ".join(folded):
            continue
        if all(any(n in f for f in folded) for n in named.casefold().split("; ")):
            return named
    return None


# A writers' credit's role, which trafilatura keeps as a word of the name: a byline
# box's "Story: Jane Doe" named "Story Jane Doe".
_ROLE_LEAD = re.compile(rf"(?:{WRITER_ROLES})", re.I)


def _names_writer(name: str, writer: str, boxes: list[str]) -> bool:
    """Whether trafilatura's first ``name`` names the byline's ``writer``: the
    writer's first name, or its start, perhaps after the credit's role word or
    before a time stamp's words, or before what a byline box parts from the name
    with a comma."""
    if writer.startswith(name):
        return True
    first = writer.split("; ")[0]
    # "Jane Doe Updated", "Jane Doe Sat": trafilatura cut the box's time stamp at
    # its first digit, so no stamp is left to see (``_before_time_stamp``).
    if (tail := name.removeprefix(f"{first} ")) != name and all(map(is_stamp_word, tail.split())):
        return True
    # "Jane Doe Paris" of "By Jane Doe<br>Paris": trafilatura reads the line break as
    # nothing, where the box's line parts the place ("By Jane Doe, Paris").
    if tail != name and any(f"{first}, {tail}" in " ".join(box.split()) for box in boxes):
        return True
    lead = name.removesuffix(first)
    return lead != name and _ROLE_LEAD.fullmatch(lead.strip(NAME_EDGES)) is not None


# Where a name's word starts: a time stamp may open there.
_NAME_WORD = re.compile(r"(?:^|(?<=\s))\S")


# A time stamp's lead word left at the end of a name where trafilatura cut the stamp
# at its first digit ("Jane Doe Updated 10:04 GMT" read "Jane Doe Updated"): no
# digit is left for ``_before_time_stamp`` to see, and "Updated" alone was a second
# author. Only verbs, which no name ends with ("Brian May", "Jane Sun" and "James
# Last" are names).
_STAMP_LEAD_TAIL = re.compile(
    rf"(?:^|\s+)(?:(?:last|first|originally)\s+)?(?:{STAMP_LEADS})\s*:?$", re.I
)


def _before_time_stamp(names: list[str]) -> list[str]:
    """The ``names`` trafilatura read, cut where a date or time stamp opens: it reads a
    byline box's line break as nothing and its commas as between names, so "By Jane
    Doe<br>Saturday, March 3, 2024" named "Jane Doe Saturday; March 3", and "By Jane
    Doe<br>March 3, 2024" "Jane Doe March 3". A stamp needs a digit
    (``opens_time_stamp``): "June Smith" and "Jane Doe; May Roe" stay."""
    for k, name in enumerate(names):
        rest = ", ".join(names[k + 1 :])
        for word in _NAME_WORD.finditer(name):
            if opens_time_stamp(f"{name[word.start() :]}, {rest}".rstrip(", ")):
                kept = name[: word.start()].strip(NAME_EDGES)
                return [*names[:k], *([kept] if kept else [])]
    return names


def author_name(author: str | None) -> str | None:
    """The name a feed, a page's metadata or the names trafilatura read give as the
    author, cleaned the one way for all of them: an e-mail address or a handle beside
    a name goes ("jane@example.com (Jane Doe)", RSS's <author>, names Jane Doe); a
    bare address, a profile's URL, a generic account ("admin") or a user name (one
    lower-case word: "jdoe", "wpuser1") names no one; a byline ("By Jane Doe", as
    some CMSs fill <dc:creator> and the New York Times its <meta name="byl">) names
    its writer."""
    if author is None:
        return None
    text = " ".join(_ADDRESS.sub(" ", author).split())
    if (handles := _HANDLE.sub(" ", text).strip()) and handles != text:
        text = " ".join(handles.split())  # "Jane Doe @janedoe"
    text = _EMPTY_BRACKETS.sub("", text).strip(NAME_EDGES)
    if (inner := _BRACKETED.fullmatch(text)) is not None:
        text = inner.group(1).strip(NAME_EDGES)
    if not text or len(text) > MAX_AUTHOR_CHARS or _URL.match(text) or is_account_name(text):
        return None
    if " " not in text and not text[0].isupper():
        return None  # a user name, or a handle alone
    if (writer := byline_writer(text)) is not None:
        return writer
    if is_wire_credit(text):
        return None  # "Editing by Mark Smith": an editor is no author
    # "By staff": a byline that names no writer.
    if _BY_LEAD.match(text):
        return None if is_byline(text) else _people(text) or text
    return _people(text) or _unled_writer(text) or text


def _unled_writer(text: str) -> str | None:
    """The writer an author field written as a byline without its lead word names:
    "Jane Doe of Reuters" and "Jane Doe, Reuters" name Jane Doe, as "By Jane Doe of
    Reuters" does. Only where that writer reads as a person's name: "Doe, Jane" and
    "Friends of the Earth" stay as written."""
    writer = byline_writer(f"By {text}")
    if writer is None or not reads_as_writer(writer.split("; ")[0]):
        return None
    return writer


# Between the people of an author field: "Jane Doe, John Smith", "Jane Doe and John
# Smith", "Jane Doe, John Smith, and Mary Poe", "Jane Doe; John Smith".
PEOPLE_SEPARATORS = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+")


def _people(text: str) -> str | None:
    """The people an author field that names several lists, joined by "; " as a page's
    authors are ("Jane Doe and John Smith" from a feed's <dc:creator> read as one name
    where trafilatura split a page's); None unless every part reads as a person's name
    ("Jane Doe, Reuters" and "Doe, Jane" stay as written)."""
    parts = [p for p in PEOPLE_SEPARATORS.split(text) if p]
    if len(parts) < 2 or not all(reads_as_writer(p, False) for p in parts):
        return None
    return "; ".join(parts)


def author_names(names: Iterable[str | None]) -> str | None:
    """The authors ``names`` name (``author_name``), once each, joined by "; "."""
    kept = [p for n in map(author_name, names) if n is not None for p in n.split("; ")]
    return "; ".join(dict.fromkeys(kept)) or None


def listed_authors(names: Iterable[str | None]) -> str | None:
    """The authors a feed entry lists one by one (an RSS item's <dc:creator>s, an
    Atom entry's <author>s): the first as ``author_name`` reads it, the others only
    where they read as people's names, as a byline's writers after the first are:
    "<dc:creator>Jane Doe</dc:creator><dc:creator>Reuters</dc:creator>" names Jane
    Doe, as "By Jane Doe, Reuters" does."""
    named = [n for n in map(author_name, names) if n is not None]
    if not named:
        return None
    others = [n for n in named[1:] if all(reads_as_writer(p, False) for p in n.split("; "))]
    return author_names([named[0], *others])


# A name is a few words; a longer value is a description or a page's junk.
MAX_AUTHOR_CHARS = 100
_BY_LEAD = re.compile(r"(?:written\s+|posted\s+)?by\b", re.I)
_ADDRESS = re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_HANDLE = re.compile(r"(?<!\S)@\w+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|<\s*>|\[\s*\]")
_BRACKETED = re.compile(r"[(<\[]([^()<>\[\]]+)[)>\]]")
_URL = re.compile(r"https?://|www\.", re.I)
