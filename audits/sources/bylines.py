"""Bylines: who a line names as the writer ("By Jane Doe, Reuters", "Reporting by Jane
Doe; Editing by John Roe", "— Reuters").

A news page prints the writer above the story, and a wire story ends with its
credits. trafilatura kept them as paragraphs, and each was judged as a sentence of
the article: a name list the language model finds disfluent. This module reads one
line: whether it is only a byline, a wire story's credits or a time stamp, and which
writers it names. A sentence that opens so ("By Tuesday, the council had voted ...")
is no byline, nor is a heading ("By Popular Demand": ``byline_headings``'s idioms).
Where bylines stand on a page, and which paragraphs go, is ``byline_paragraphs``'s;
the page's boxes and links, ``byline_boxes`` and ``author_links``; an author field's
name, ``author_names``.
"""

from __future__ import annotations

import re

from audits.sources.byline_headings import reads_as_heading
from audits.sources.captions import is_credited_name, without_via_agency
from audits.sources.name_words import (
    MAX_BYLINE_WORDS,
    NAME_JOINTS,
    NAME_PARTICLES,
    is_given_name,
    is_outlet_name,
    is_person_name,
    is_post,
)
from audits.sources.reading_time import is_reading_time
from audits.sources.tag_lines import is_comments_link
from audits.sources.time_stamps import (
    WEEKDAYS,
    glued_stamp_starts,
    is_stamp_word,
    is_time_stamp,
)

# Where a page puts its byline: the headline and the lines under it.
HEAD_PARAGRAPHS = 5

# Words that join the names in a byline: "Jane Doe and John Roe in Paris for Reuters".
_NAME_JOINTS = NAME_JOINTS | NAME_PARTICLES
# A byline's lead: "By", "Written by", "Photos by"; the kind of piece it signs, as
# the BBC and CNN head theirs ("Analysis by Jane Doe", "Opinion by Jane Doe").
LEAD = (
    r"(?:(?:written|words|story|text|posted|reported|report|photos?|video"
    r"|analysis|opinion|commentary|review)\s+)?by"
)
_BY = re.compile(rf"{LEAD}\s*:?\s+(.+)", re.I)
# A wire story's credits: "Reporting by X; Additional reporting by Y; Editing by Z",
# and a blog's "Written by X and edited by Y".
# The desk's roles a magazine credits beside its writers: "Fact-checking by Ann Lee",
# "Copy editing by John Roe", "Fact-checked by Ann Lee".
_CHECKING_ROLES = r"fact[- ]?check(?:ing|ed)|copy[- ]?edit(?:ing|ed)"
_CREDIT_ROLES = (
    r"reporting|writing|written|reported|editing|edited|compiled|graphics|research"
    rf"|produced|translated|translation|{_CHECKING_ROLES}"
)
# Roles whose word opens headings too ("Video Shows Council Vote", "Story Of A
# Town"): a credit only with its "by" ("Photos by John Roe"), or with a colon before
# people's names ("Photos: John Roe"); "Video: Protesters Clash With Police" is a
# heading, its Title Case words no names. Every role's word opens headings ("Research
# Shows Council Vote", "Reporting Highlights Flaws"), which were dropped as credits
# wherever they stood: each credit has its "by" or its colon.
_NOUN_ROLES = r"words|story|text|photos?|photography|pictures|video|illustrations?"
_CREDIT = re.compile(
    rf"(?:additional\s+)?(?:{_CREDIT_ROLES})(?:\s+by\s*:?\s+(?P<names>.+)"
    r"|\s*:\s+(?P<listed>.+))"
    rf"|(?:{_NOUN_ROLES})(?:\s+by\s*:?\s+(?P<credited>.+)|\s*:\s+(?P<labelled>.+))"
    r"|by\s*:?\s+(?P<led>.+)",
    re.I,
)
# Between the people a credit names: "Jane Doe, John Roe and Mark Smith".
_CREDITED_PEOPLE = re.compile(r"\s*[,;&]\s*(?:and\s+)?|\s+and\s+")
# Where a credited person's place or outlet begins: "Jane Doe in London".
_CREDITED_PLACE = re.compile(r"\s+(?:in|at|for|from)\s+")
# The credits that name the story's writers, its byline: not "Additional reporting
# by", "Editing by", "Graphics by", whose people wrote no byline of it.
# "Story: Jane Doe" credits her as "Story by Jane Doe" does.
WRITER_ROLES = r"reporting|writing|written|reported|words|story|text"
_WRITERS_CREDIT = re.compile(rf"(?:{WRITER_ROLES})(?:\s+by\s*:?|\s*:)|by\s*:?", re.I)
# Between credits: a semicolon, or a comma, an "and" or nothing before the next
# credit's word ("Reporting by Jane Doe, editing by John Roe", "... Doe Editing by
# ...", "Written by Jane Doe and edited by John Roe"); not inside a role's own words
# ("Additional reporting by", "Copy editing by").
_CREDIT_SEPARATOR = re.compile(
    r";|(?<!additional)(?<!copy),?\s+(?:and\s+)?"
    r"(?=(?:additional\s+)?(?:reporting|writing|written|editing|edited|photos?|photography"
    rf"|pictures|video|illustrations?|{_CHECKING_ROLES})\s+by\b)",
    re.I,
)
_WORD = re.compile(r"[^\s,;]+")
# Dashes only: "- " opens a list item as the readers write one ("- Troops March On").
_SIGN_OFF = re.compile(r"[\u2013\u2014]+\s*(.+)")
# A byline's separators between its parts ("By Jane Doe | Reuters · 3 March 2024").
_PART_SEPARATORS = re.compile(r"\s+[|·•\u2013\u2014-]\s+|\s*[|·•]\s*")


# The outlet a byline or a time stamp names last after a slash, as CBS News and
# others write theirs ("By Jane Doe, John Roe / CBS News", "Updated on: March 4, 2024
# / 9:00 AM EST / CBS News"). Only spaced: "Jane Doe/AFP" is a photo's credit.
_SLASHED_OUTLET = re.compile(r"\s+/\s+(?P<outlet>[^/]+)$")


def without_slashed_outlet(line: str) -> str:
    """``line`` without the outlet's name it ends with after a spaced slash; as it is
    where the words after the slash are no outlet's ("... / 9:00 AM EST", "By Jane
    Doe / John Roe": a second writer), or where what stands before the slash is
    neither a stamp nor a byline naming people ("By Design / Studio Ghibli", a
    headline)."""
    found = _SLASHED_OUTLET.search(line)
    if found is None or not found.start() or not _is_slashed_outlet(found["outlet"]):
        return line
    before = line[: found.start()]
    if is_time_stamp(before):
        return before
    # The writers' names are read as a byline's are, for most writers' given names
    # are in no list ("By Haley Ott / CBS News"); a one-word "writer" is a headline's
    # word ("By Jove / ...").
    writer = _writer(before)
    if writer is None:
        return line
    writers = writer.split("; ")
    return line if any(len(w.split()) < 2 or is_outlet_name(w) for w in writers) else before


def _is_slashed_outlet(words: str) -> bool:
    """Whether ``words`` after a byline's slash read as its outlet, or its writer's
    post: an outlet's name ("CBS News", "The Washington Post"), one word ("Reuters",
    "KPIX"), a network's letters and its city ("CBS Miami"). Two capitalised words
    besides may be a second writer's name ("Cara Tabachnick") as well as an outlet's
    ("Morgan Stanley"): then the line is no byline, as a slash joins no writers."""
    if is_time_stamp(words) or not are_names(words) or is_person_name(words):
        return False
    first = words.split()[0]
    return (
        is_outlet_name(words)
        or is_post(words)
        or " " not in words
        or first.casefold() == "the"
        or (len(first) > 1 and first.isupper())
    )


def is_byline(line: str) -> bool:
    """Whether ``line`` is only a byline, a wire story's credits or a time stamp, or
    such parts joined ("By Jane Doe, Reuters | Updated 12:04 GMT"), perhaps with its
    outlet after a slash ("By Jane Doe / CBS News")."""
    text = without_slashed_outlet(" ".join(line.split()))
    if not text or len(text.split()) > MAX_BYLINE_WORDS or text[-1] in "!?":
        return False
    if is_time_stamp(text):
        return True  # "3 March 2024 • 10:04am": its clock time alone is no stamp
    parts = [p for p in _PART_SEPARATORS.split(text) if p.strip()]
    if not parts:
        return False
    kinds = [_part_kind(p.strip()) for p in parts]
    # Beside a byline or a stamp, a part may name the writer or the employer
    # ("Jane Doe • 3 March 2024 • 4 min read", "By Jane Doe | Reuters"), or be the
    # link to the comments a blog's theme sets there ("By Jane Doe | March 3, 2024 |
    # 0 comments").
    others = (p for k, p in zip(kinds, parts, strict=True) if k is None)
    if not all(are_names(p) or is_reading_time(p) or is_comments_link(p) for p in others):
        return False
    return any(k in ("by", "credits", "stamp") for k in kinds)


def _part_kind(part: str) -> str | None:
    if is_time_stamp(part):
        return "stamp"
    signed = _SIGN_OFF.fullmatch(part)
    if signed is not None and are_names(signed.group(1)):
        return "credits"  # a wire story's sign-off, "— Reuters"
    if is_wire_credit(part):
        return "credits"
    return "by" if _writer(part) is not None else None


def is_wire_credit(line: str) -> bool:
    """Whether ``line`` is only a wire story's credits ("Reporting by Jane Doe in
    London; Editing by John Roe", "Reporting by Jane Doe, editing by John Roe",
    "Written by Jane Doe and edited by John Roe", "By Jane Doe; Editing by John Roe"):
    names the story never holds as a sentence."""
    return _credits(line) is not None


# A credit that alone is a byline's lead ("By", "Story by"), not a credit line's.
_BYLINE_LEAD = re.compile(r"(?:(?:words|story|text)\s+)?by\b", re.I)
_BRACKETED_CREDITS = re.compile(r"\(([^()]+)\)")


def _credits(line: str) -> list[tuple[str, str]] | None:
    """The credits of a wire story's credit line, each (its role's words, its names),
    or None where ``line`` is not only credits. A bare "By" is a credit only beside
    another ("By Jane Doe; Editing by John Roe"): alone it is a byline's, which only
    the page's furniture, not any paragraph, may be. Reuters writes its credits in
    brackets ("(Reporting by Jane Doe; Editing by John Roe)"), read the same."""
    text = " ".join(line.split()).rstrip(".")
    if (bracketed := _BRACKETED_CREDITS.fullmatch(text)) is not None:
        text = bracketed[1].strip().rstrip(".")
    parts = [p for p in (p.strip() for p in _CREDIT_SEPARATOR.split(text)) if p]
    credits: list[tuple[str, str]] = []
    for part in parts:
        m = _CREDIT.fullmatch(part)
        if m is None:
            return None
        # "Photos: Jane Doe/AFP via Getty Images": the agency's "via" is the credit's,
        # as on a caption's own credit line, and joins no names.
        credited = _credit_names(m)
        role = part[: len(part) - len(credited)]
        names = without_via_agency(credited)
        if not are_names(names):
            return None
        # "Photos: John Roe/Reuters", "Photos: John Roe, Reuters", "Photos: AP";
        # "Reporting: Jane Doe in London", where her place goes with her. After a
        # colon Title Case words are a heading's as often ("Research: Council Vote
        # Shows Split"). Beside another credit ("Words: Jane Doe; Photos: Ludovic
        # Marin"), the line is a credit line, and a name need only be shaped as one;
        # so too after a credit's own role ("Editing: Mark Heinrich"), a word no
        # gallery's heading opens with, unless the name opens with a common English
        # word: "Reporting: Missing Persons", "Research: Key Findings" head a
        # section, and the first named its page's author.
        shaped = len(parts) > 1 or (m["listed"] is not None and not _opens_with_word(names))
        if (m["labelled"] or m["listed"]) and not all(
            is_credited_name(_CREDITED_PLACE.split(n, maxsplit=1)[0], shaped)
            for n in _CREDITED_PEOPLE.split(names.rstrip("."))
            if n
        ):
            return None
        credits.append((role, names))
    if not credits or (len(credits) == 1 and _BYLINE_LEAD.match(credits[0][0])):
        return None
    return credits


# How common English words must be to make a heading, not a person's name the
# given-name list lacks: its first word so common ("Missing", "Clear", "Key", "How";
# not "Ludovic", "Saul") and no given name, the rest common too ("Persons",
# "Findings"; a surname is not: "Will Dunham" is a name).
_COMMON_FIRST_ZIPF = 4.5
_COMMON_WORD_ZIPF = 4.0
# Common English words that are given names too, which the given-name list lacks or
# may: "Reporting: Will Green", "Reporting: Hope Long", "Reporting: Young Kim" are
# credits, no headings.
_WORD_GIVEN_NAMES = frozenset(
    "Will Hope Rich Young Summer Faith Grace Joy Rose Mark Bill Guy Dawn April May June"
    " Pat Sue Ray Art Chase Drew Frank Grant Jack Rob Don Jean Glen Iris Ivy Holly"
    " Heather Daisy Penny Victor Dean Earl Sky Autumn Sunny Honor Noble Wade".split()
)


def _opens_with_word(names: str) -> bool:
    """Whether a credit's ``names`` are common English words, the first no given
    name ("Missing Persons"; not "Ludovic Marin", "Mark Heinrich", "Will Dunham" nor
    "Will Green", whose words are all common)."""
    from audits.features.text import zipf  # wordfreq loads in a third of a second

    words = [w.strip(".,;:") for w in names.split()]
    first = words[0]
    return (
        len(first) > 1
        and not is_given_name(first := first.title() if first.isupper() else first)
        and first not in _WORD_GIVEN_NAMES
        and zipf(first.lower()) >= _COMMON_FIRST_ZIPF
        and all(zipf(w.lower()) >= _COMMON_WORD_ZIPF for w in words[1:] if w)
    )


def credit_writers(line: str) -> str | None:
    """The writers a wire story's credit line names, its byline's: "Reporting by Jane
    Doe and John Roe; Editing by Mark Smith" names Jane Doe and John Roe, "Written by
    Jane Doe and edited by Mark Smith" Jane Doe; editors, additional reporters and
    the like are no authors. Joined by "; " as a byline's writers are."""
    writers: list[str] = []
    for role, names in _credits(line) or []:
        if _WRITERS_CREDIT.fullmatch(role.strip()) and (who := _writer(f"By {names}")):
            writers.extend(w for w in who.split("; ") if w not in writers)
    return "; ".join(writers) or None


# Between a byline's parts: a comma or a semicolon, with the "and" of a list's last
# ("By Jane Doe, John Smith, and Mary Poe"), or a time stamp's "on" or "at", before a
# weekday too ("By Jane Doe on Sunday, March 3, 2024").
_BYLINE_CHUNKS = re.compile(
    rf"([,;](?:\s*(?:and|AND|&)\s+)?|\s+(?=(?:on|at)\s+(?:[^,]*\d|(?i:{WEEKDAYS})\b)))"
)
# A byline's lead that credits the pictures, not the text.
_PICTURES_LEAD = re.compile(r"(?:photos?|video)\s+by\b", re.I)
# A time stamp before the writer: "Posted on March 3, 2024 by Jane Doe".
_STAMP_BY = re.compile(r"(.+?)\s+by\s*:?\s+(.+)", re.I)
# A list's last "and" after a comma: "By Jane Doe, Reuters, and John Smith, AFP".
_LAST_AND = re.compile(r"[,;]\s*(?:and|AND|&)\s+")


# An outlet or a place in brackets after the names: "By Jane Doe (Reuters)", as
# "By Jane Doe, Reuters" (are_names read "(Reuters)" as no name's word: no byline).
_BRACKETED_AFTER = re.compile(r"\s*\(([^()]+)\)$")
# What may end a person's name with a dot: "Jane Doe Jr.", "John Smith Sr.".
_NAME_SUFFIX = re.compile(r"\s(?:Jr|Sr)\.$")


def _writer(part: str) -> str | None:
    """Who a byline part ("By Jane Doe, Reuters, 3 March 2024") names as the writer."""
    by = _BY.fullmatch(part)
    if by is not None and _PICTURES_LEAD.match(part):
        return None  # "Photos by John Roe": a photographer is no writer of the text
    if by is None and (stamped := _STAMP_BY.fullmatch(part)) and is_time_stamp(stamped[1]):
        return _writer(f"By {stamped[2]}")  # "Posted on March 3, 2024 by Jane Doe"
    if by is None or reads_as_heading(by.group(1)):
        return None  # no "By", or a heading: "By Popular Demand", "By The Numbers"
    # "By Jane Doe, Reuters, 3 March 2024", "Posted by admin on 3 March 2024"; a
    # stamp with no mark before it ("By Jane Doe March 3, 2024", a <time> after the
    # link) is no part of the last name ("Jane Doe Sunday").
    body = _without_glued_stamp(by.group(1))
    if body == by.group(1) and part.endswith(".") and not _NAME_SUFFIX.search(part):
        # "By Monday." is a sentence; "By Jane Doe Jr." and "By Jane Doe March 3,
        # 2024, 10:04 a.m." (the dot a stamp's) bylines.
        return None
    if (bracket := _BRACKETED_AFTER.search(body)) and are_names(bracket[1]):
        body = f"{body[: bracket.start()]}, {bracket[1]}"
    if len(groups := [g.strip() for g in body.split(";")]) > 1 and all(groups):
        # Each writer with an outlet: "By Jane Doe, Reuters; John Roe, AFP" names both,
        # where the first outlet ended the writers. A credit among them ("; Editing by
        # Mark Smith") names no writer and is left out.
        writing = [g for g in groups if not _is_other_credit(g)]
        each = [_writer(f"By {g}") for g in writing]
        if len(writing) > 1 and all(
            w is not None and _is_writers_name(w.split("; ")[0]) for w in each[1:]
        ):
            return "; ".join(dict.fromkeys(n for w in each if w for n in w.split("; ")))
        if len(writing) == 1 and each[0] is not None:
            return each[0]
    pieces = _BYLINE_CHUNKS.split(body)
    who = pieces[0].strip()
    after = [(sep, c.strip()) for sep, c in zip(pieces[1::2], pieces[2::2], strict=True)]
    after = [(sep, c) for sep, c in after if c]
    rest = [c for _, c in after]
    # The list's last writer, after ", and": outlets and places before it are the
    # writers' ("By Jane Doe, Reuters, and John Smith, AFP").
    last = max((j for j, (sep, _) in enumerate(after) if _LAST_AND.fullmatch(sep)), default=0)
    if not (are_names(who) or re.fullmatch(r"@?[\w.-]+", who)):
        return None
    # The employer or post, where the writer is ("Senior Correspondent, in Paris"),
    # then perhaps a time stamp, commas and all.
    person = reads_as_writer(who)
    names = next((j for j, c in enumerate(rest) if not _names_or_place(c, person)), len(rest))
    if names < len(rest) and not is_time_stamp(", ".join(rest[names:])):
        return None
    writers = _cowriters(who, rest[:names], min(last, names))
    writers = "; ".join(map(_without_glued_outlet, writers.split("; ")))
    if (
        by.group(0).isupper()
        and " " in writers
        and not is_person_name(writers.split("; ")[0])
        and ("; " in writers or not is_outlet_name(writers))
    ):
        # A heading in capitals that opens so ("BY THE NUMBERS", "BY ROYAL
        # APPOINTMENT") is no byline; an agency's name ("BY AFP", "BY THE
        # ASSOCIATED PRESS") may be.
        return None
    return writers


def _without_glued_outlet(writer: str) -> str:
    """A ``writer`` without the outlet or post glued to the name with no mark between,
    as a syndicated AP story's byline reads ("JANE DOE Associated Press", "Jane Doe
    The Associated Press", "Jane Doe Staff Writer", Forbes's "Jane Doe Contributor"):
    only where a person's name is left before it."""
    words = writer.split()
    for cut in range(2, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if (is_outlet_name(tail) or is_post(tail)) and reads_as_writer(head):
            return head
    return writer


def _credit_names(m: re.Match[str]) -> str:
    """The names a ``_CREDIT`` match gives, whichever of its forms matched."""
    return m["names"] or m["listed"] or m["credited"] or m["labelled"] or m["led"]


def _is_other_credit(group: str) -> bool:
    """Whether a byline's ``group`` is a credit whose people wrote none of it
    ("Editing by Mark Smith", "Additional reporting by John Roe")."""
    m = _CREDIT.fullmatch(group)
    if m is None or m["led"] is not None:
        return False
    names = _credit_names(m)
    return _WRITERS_CREDIT.fullmatch(group[: len(group) - len(names)].strip()) is None


def _is_writers_name(name: str) -> bool:
    """Whether a later group's writer ("John Roe", "Ann Lee", "Will Green") is a
    person's name: its surname may be a given name too, as the list's second
    writer's often is."""
    first = name.split()[0] if name.split() else ""
    return reads_as_writer(name) or (is_given_name(first) and _ends_in_name(name))


def reads_as_writer(name: str, surname_given: bool = True) -> bool:
    """Whether ``name``, where a byline expects a writer, reads as a person's name
    (``is_person_name``), its given name perhaps a common word's ("Will Green", "Hope
    Long"; not "May Day" nor "June Evening", a month's and a day's part)."""
    words = name.split()
    first = words[0].title() if words and words[0].isupper() else words[0] if words else ""
    if first in _WORD_GIVEN_NAMES and any(map(_is_time_word, words[1:])):
        return False
    return is_person_name(name, surname_given, given=_WORD_GIVEN_NAMES)


# Between a byline's writers, for the last of them: "Jane Doe and Tom Just".
LAST_WRITER = re.compile(r"[,;]|\s+(?:and|AND|&|with|WITH)\s+")


def _without_glued_stamp(body: str) -> str:
    """A byline's ``body`` without the time stamp glued to its last name, where
    cutting it leaves a person's name: "Jane Doe March 3, 2024" is "Jane Doe", "Mei
    Sun 3 hours ago" "Mei Sun" (not "Mei"), "Lena H. Sun March 3, 2024" "Lena H. Sun"
    (not "Lena H."); or the writer's one-word outlet after such a name ("Jane Doe,
    Reuters March 3, 2024" is "Jane Doe, Reuters")."""
    starts = glued_stamp_starts(body)
    clock = _GLUED_CLOCK.search(body)
    if clock is not None and _names_a_person(body[: clock.start()].rstrip()):
        # A clock time alone ("Jane Doe 10:04 GMT"), which is no page's stamp, after a
        # person's name: "By Popular Demand 10:00" and "By Friday Evening 18:00 GMT"
        # are a sentence's or a heading's words, whatever their capitals.
        starts.append(clock.start())
    # A name's cut first, wherever it is: "Jane Doe, Mei Sun 3 hours ago" keeps "Sun"
    # though "Sun 3 hours ago" reads as a stamp after the one word "Mei".
    for start in starts:
        head = body[:start].rstrip()
        if _ends_in_name(LAST_WRITER.split(head)[-1]):
            return head
    for start in starts:
        head = body[:start].rstrip()
        if _ends_in_outlet(head):
            return head
    # A given name or a stamp's word after a person's name is a co-writer's cut short
    # or an outlet's ("Jane Doe, Kim March 3, 2024", "Jane Doe with Sun 3 hours ago"):
    # the stamp still ends the byline, and the writers are read from what is left.
    for start in starts:
        head = body[:start].rstrip()
        if _ends_in_name(LAST_WRITER.split(head)[0]) and head.split()[-1][0].isupper():
            return head
    return body


def _names_a_person(head: str) -> bool:
    """Whether a byline's ``head`` ends with a person's name, or with one and an
    outlet's word after it ("Jane Doe", "Jane Doe, Reuters"), the name a known given
    name's or read as a person's."""
    candidates = [LAST_WRITER.split(head)[-1]]
    if (outlet := _BEFORE_OUTLET.fullmatch(head)) is not None:
        candidates.append(LAST_WRITER.split(outlet[1])[-1])
    for writer in candidates:
        words = _PLACED.sub("", writer.strip()).split()
        if len(words) < 2 or not _ends_in_name(" ".join(words)):
            continue
        first = words[0].title() if words[0].isupper() else words[0]
        if (
            is_given_name(first)
            # "By Will Green 10:04 GMT"; not "By May Day 10:00", "By June Evening 18:00"
            or (first in _WORD_GIVEN_NAMES and not any(map(_is_time_word, words[1:])))
            or is_person_name(" ".join(words), surname_given=True)
        ):
            return True
    return False


# A day's parts, which follow a month's name as a surname does ("June Evening").
_DAY_PARTS = frozenset({"Morning", "Afternoon", "Evening", "Night", "Eve", "Dawn", "Noon"})


def _is_time_word(word: str) -> bool:
    word = word.title() if word.isupper() else word
    return is_stamp_word(word) or word in _DAY_PARTS


def _ends_in_name(writer: str) -> bool:
    """Whether a byline's last ``writer`` is shaped as a name: two capitalised words
    at least, the last no initial, whose words may be a paper's ("Mei Sun") or a
    month's ("Brian May")."""
    last = _PLACED.sub("", writer.strip()).split()
    return (
        len(last) >= 2
        and are_names(" ".join(last))
        and len(last[-1].rstrip(".")) > 1
        and last[-1][0].isupper()  # "Jane Doe with" of "Jane Doe with Sun 3 hours ago"
    )


# A clock time that ends a byline after the name, with its zone perhaps: "Jane Doe
# 10:04 GMT", "Jane Doe, Reuters 10:04 a.m. ET"; a dot parts its hour and minutes
# only before "a.m." or "p.m." ("Jane Doe 2.25 p.m."), "Reuters 2.25" being no time.
_GLUED_CLOCK = re.compile(
    r"(?<=\w)\s+(?:at\s+)?\d{1,2}(?::\d\d(?:\s*(?i:[ap]m|[ap]\.m\.))?"
    r"|\.\d\d\s*(?i:[ap]m|[ap]\.m\.))"
    r"(?:\s+[A-Z]{1,5}|\s*[+-]\d\d:?\d\d)?$"
)


# Before a writer's outlet: a comma or "with" ("Jane Doe, Reuters", "Jane Doe with AP").
_BEFORE_OUTLET = re.compile(r"(.*)(?:,|\s+(?:with|WITH))\s+(\S+)", re.S)


def _ends_in_outlet(head: str) -> bool:
    """Whether a byline's ``head`` ends with one word after a comma or "with" that
    follows a person's name ("Jane Doe, Reuters", "Jane Doe and John Roe, AP"): an
    outlet's, not a given name ("Jane Doe, Mei" of "Mei Sun") nor a stamp's word."""
    parts = _BEFORE_OUTLET.fullmatch(head)
    if parts is None:
        return False
    writer, word = LAST_WRITER.split(parts[1])[-1], parts[2]
    return (
        _ends_in_name(writer)
        and are_names(word)
        and len(word.rstrip(".")) > 1
        and not is_given_name(word.title() if word.isupper() else word)
        and not is_stamp_word(word)
    )


# Between writers: "and", "&", and "with" before a person ("Jane Doe with John Smith";
# "Jane Doe with Reuters" names one), in capitals too ("JANE DOE AND JOHN SMITH").
_JOINED_NAMES = re.compile(r"\s+(and|AND|&|with|WITH)\s+")
# Where a byline says a writer is, or whom for: "Jane Doe in Paris", "Jane Doe for
# Reuters", "Jane Doe of The Times", "Jane Doe at the United Nations".
_WHERE_WORDS = r"(?:in|for|at|of|from|IN|FOR|AT|OF|FROM)\s+"
# "..., reporting from Kyiv", as the BBC writes where its correspondent is, and on a
# line of its own in a byline box (``byline_boxes``).
REPORTING_FROM = r"(?:[Rr]eporting|[Ww]riting)\s+from\s"
_PLACE = re.compile(rf"(?:{REPORTING_FROM}\s*|{_WHERE_WORDS})(.+)", re.S)
# Where a writer is or whom for, cut from the name before it: "in", "at" or "from" a
# place, "of" or "for" an outlet ("Jane Doe of Reuters", "Jane Doe for the BBC"). Only
# after words that read as a person's name: an organisation's own "of" and "for"
# ("Friends of the Earth", "Office for National Statistics") stay, and so does a
# title's "of" ("Mary Queen of Scots").
_PLACED = re.compile(r"\s+(?:in|at|from|of|for|IN|AT|FROM|OF|FOR)\s+.*", re.S)
_TITLE_BEFORE_OF = re.compile(
    r"\b(?:Queen|King|Prince|Princess|Duke|Duchess|Earl|Countess|Lord|Lady|Bishop|"
    r"Archbishop|Baron|Baroness|Marquess|Emperor|Empress|Tsar|Sultan|Pope)\s+(?:of|for)\s",
    re.I,
)


def _names_or_place(chunk: str, after_person: bool = False) -> bool:
    """Whether a byline's ``chunk`` is names ("Reuters"), where the writer is ("in
    Paris", "reporting from Kyiv") or, ``after_person``'s name, a post written in
    lower case ("staff writer", "Political correspondent")."""
    place = _PLACE.fullmatch(chunk)
    return are_names(place.group(1) if place else chunk) or (
        after_person and _LOWER_POST.fullmatch(chunk) is not None and is_post(chunk.title())
    )


# A post in lower case, or as a sentence is written ("senior foreign correspondent",
# the Guardian's "Political correspondent"): a few words, the last a role.
_LOWER_POST = re.compile(r"[A-Za-z][a-z]*(?:[ -][a-z]+){0,3}")


def _cowriters(who: str, names: list[str], listed: int = 0) -> str:
    """The writers of a byline whose first writer is ``who`` and whose ``names``
    follow it, comma by comma: "By Jane Doe, John Smith" names two people, joined by
    "; " as a page's authors are, where "By Jane Doe, Reuters" names a writer and
    the outlet. A name after the first is a person's when it reads as one (a known
    given name, no word of an outlet's name: ``is_person_name``). Writers joined by
    "and" or "&" are as many writers, whatever follows them: "By Jane Doe and Bob
    Roe, Reuters" names two, as "By Jane Doe and Bob Roe, Mary Poe" names three.
    Where a writer is ("Jane Doe in Paris") is no part of the name. The first
    ``listed`` names come before a list's last writer (", and John Smith"): an outlet
    or a place among them is a writer's, as a post is."""
    people, _ = _joined_writers(who, first=True)
    for j, chunk in enumerate(names):
        joined, whole = _joined_writers(chunk)
        if not joined and (is_post(chunk) or j < listed):
            continue  # "By Jane Doe, Staff Writer, and John Smith", "..., Reuters, and"
        people.extend(joined)
        if not whole:
            break  # the outlet, and what follows it
    return "; ".join(people)


def _joined_writers(chunk: str, first: bool = False) -> tuple[list[str], bool]:
    """The writers ``chunk`` joins with "and" ("Jane Doe in Paris and John Smith in
    London" names Jane Doe and John Smith) or "with", each without where they are, up
    to the first that reads as no person, and whether the whole chunk read as people
    ("Mary Poe and Cai Wu" names Mary Poe, and the byline's writers end there; the
    writers before the "and" of a list's last were lost with it). The ``first``
    chunk's writer is the byline's whatever it reads as. What follows a place and
    reads as no person is the place's ("Jane Doe in Trinidad and Tobago")."""
    people: list[str] = []
    placed = False
    pieces = _JOINED_NAMES.split(chunk)
    joints = ["", *pieces[1::2]]
    for joint, part in zip(joints, pieces[::2], strict=True):
        name = _without_place(part)
        # After a place or "with", what reads as no person's name is the place's or
        # an outlet's ("in Trinidad and Tobago", "with Reuters", "with Marie Claire").
        if (placed or joint.lower() == "with") and not reads_as_writer(name, False):
            continue
        if not (first or reads_as_writer(name, False)):
            return people, False
        people.append(name)
        placed = name != part
    return people, True


def _without_place(part: str) -> str:
    """``part`` without where its writer is ("Jane Doe in Paris" -> "Jane Doe"), only
    where what precedes the place reads as a person's name: "Ann in Wonderland" and
    "Friends of the Earth" are names whole; "Jane Doe of Reuters" is Jane Doe."""
    name = _PLACED.sub("", part)
    if name == part or _TITLE_BEFORE_OF.search(part[: len(name) + 6]):
        return part
    return name if reads_as_writer(name) else part


def byline_writer(text: str, title: str | None = None) -> str | None:
    """The writer a byline among the first paragraphs of ``text`` names ("By Jane Doe,
    Reuters" names Jane Doe), for a page that names none in its metadata; the
    ``title`` is never a byline."""
    for paragraph in text.split("\n\n")[:HEAD_PARAGRAPHS]:
        if paragraph == title:
            continue
        for line in paragraph.split("\n"):
            if not is_byline(line):
                continue
            parts = _PART_SEPARATORS.split(without_slashed_outlet(" ".join(line.split())))
            who = next(
                (w for p in parts if (w := _writer(p.strip()) or credit_writers(p)) is not None),
                None,
            )
            if who is not None:
                # "Posted by admin": the line is a byline, but names no writer.
                return None if is_account_name(who) else who
    return None


def unled_byline_writer(text: str, title: str | None = None) -> str | None:
    """The writer a byline without its lead word names as the first paragraph of
    ``text`` under its ``title`` ("Jane Doe | Paris | 4 March 2024", ``box_writer``),
    for a page or an entry whose bylines name none: the line went as a byline, by its
    time stamp, and the page had no author though it named one. Only there: the same
    line further down is a related story's, or a quoted post's."""
    paragraphs = [p for p in text.split("\n\n")[:2] if p != title]
    if not paragraphs:
        return None
    for line in paragraphs[0].split("\n"):
        if (who := box_writer(line)) is not None and not is_account_name(who):
            return who
    return None


# Credits in brackets after a paragraph's last sentence: "... the ministry said.
# (Reporting by Jane Doe; Editing by John Roe)", as Reuters ends its stories.
_CREDIT_TAIL = re.compile(r"(?<=[.!?\"\u201d\u2019'])\s+(\([^()]+\)\.?)$")


def credit_tail(paragraph: str) -> str | None:
    """The bracketed credits that end ``paragraph`` after its last sentence, if any."""
    found = _CREDIT_TAIL.search(paragraph)
    return found[1] if found is not None and is_wire_credit(found[1]) else None


def credit_line_writer(text: str) -> str | None:
    """The writers the first credit line of ``text`` that names any names, wherever it
    stands ("Reporting by Jane Doe; Editing by John Roe" ends a wire story; a live
    blog's posts each end with theirs), for a page or an entry whose byline names
    no one."""
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        tail = credit_tail(lines[-1])
        for line in [*lines, *([tail] if tail else [])]:
            if (who := credit_writers(line)) is not None and not is_account_name(who):
                return who
    return None


def box_writer(line: str) -> str | None:
    """The writer a byline box names without a lead word, the person's name that
    opens it before a time stamp ("Jane Doe | 3 March 2024", "Jane Doe · 4 min
    read"): the box is named for the writer, as a paragraph of the story is not
    (a line of links is a box only where a lead word opens it, which names its writer
    with it, or right under the headline)."""
    if LED.match(line):
        return None
    parts = [p.strip() for p in _PART_SEPARATORS.split(without_slashed_outlet(line)) if p.strip()]
    if len(parts) < 2 or not is_byline(line) or not is_person_name(parts[0], surname_given=True):
        return None
    return parts[0]


# The names a blog or CMS gives the accounts that post for no one in particular
# (WordPress's "admin"): "Posted by admin" names no writer.
_ACCOUNT_NAMES = frozenset(
    {
        "admin",
        "administrator",
        "editor",
        "editors",
        "staff",
        "webmaster",
        "guest",
        "user",
        "root",
        "author",
        "moderator",
        "wpadmin",
        "siteadmin",
        "site admin",
        "site administrator",
        # A post's or a feed's stand-ins for no one: "Staff Writer", "From staff
        # reports", "Guest Author".
        "staff writer",
        "staff writers",
        "staff reporter",
        "staff report",
        "staff reports",
        "from staff reports",
        "staff and wire reports",
        "wire reports",
        "guest author",
        "guest writer",
        "guest contributor",
        "guest post",
        "contributor",
        "contributors",
        # Blogger's name for a hidden profile, and a post nobody signed.
        "unknown",
        "unknown author",
        "anonymous",
        # A template's empty value written out: <meta name="author" content="null">.
        "none",
        "null",
        "undefined",
        "n/a",
    }
)


def is_account_name(name: str | None) -> bool:
    """Whether ``name`` is a generic account's name ("admin", "Administrator",
    "@staff"), not a person's or a desk's."""
    if not name:
        return False
    return " ".join(name.strip(NAME_EDGES + "@").split()).lower() in _ACCOUNT_NAMES


def are_names(text: str) -> bool:
    """Capitalised words and the words that join names ("Jane Doe and John Roe")."""
    words = _WORD.findall(text.rstrip("."))
    if not words or not words[0][0].isupper():
        return False  # "By and large"
    return all(w[0].isupper() or w.lower() in _NAME_JOINTS for w in words)


# A line of links is a byline only where a byline's lead word opens it.
LED = re.compile(rf"{LEAD}\b", re.I)
# What trafilatura leaves of a byline's separators at the ends of the names it read.
NAME_EDGES = " \t·•|,;:\u2013\u2014-"
