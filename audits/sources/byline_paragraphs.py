"""Bylines, time stamps and datelines among a text's paragraphs: the page's furniture
around the article.

A paragraph that is only such furniture is dropped where a page puts it: among the
first paragraphs or the last few. A date heading in the middle of a timeline stays.
An agency's dateline printed in an element of its own ("PARIS (AFP) —") made a
"sentence" of three words; it is joined to the paragraph it opens, where the rules
read it like the rest of the story's first sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from itertools import pairwise

from audits.sources.author_names import MAX_AUTHOR_CHARS, PEOPLE_SEPARATORS
from audits.sources.bylines import (
    HEAD_PARAGRAPHS,
    are_names,
    byline_writer,
    credit_tail,
    is_byline,
    is_wire_credit,
)
from audits.sources.name_words import is_person_name, is_post
from audits.sources.time_stamps import MONTHS, is_date_heading, is_dateline, is_time_stamp
from audits.sources.written_dates import month_number, parse_written_datetime, written_date

# Where a page puts its sign-off lines: the last few paragraphs.
_FOOT_PARAGRAPHS = 3


def _is_byline_paragraph(lines: list[str]) -> bool:
    """Whether a paragraph's ``lines`` are a byline's: each a byline or a time stamp,
    or, after a byline's first line, the writers' outlet or post on a line of its own
    ("By Jane Doe<br>Reuters", "By Jane Doe and John Smith<br>Staff Writers"), which
    kept the paragraph as the story's first."""
    if all(map(is_byline, lines)):
        return True
    # Only after a person's name: any line in Title Case passed for an outlet, and a
    # heading's first paragraph went with it ("By Royal Appointment" / "Financial
    # Times", "BY THE NUMBERS" / "Two Cities").
    writer = byline_writer(lines[0])
    if writer is None or not is_person_name(writer.split("; ")[0], surname_given=True):
        return False
    return is_byline(lines[0]) and all(
        is_byline(line) or are_names(line) or is_post(line) for line in lines[1:]
    )


def _names_only(paragraph: str, author: str | None) -> bool:
    """Whether ``paragraph`` is only the names of the ``author`` ("Jane Doe", "Jane Doe
    and John Smith" for "Jane Doe; John Smith")."""
    # Compared as written, not through ``author_name``, which cuts a place, an
    # outlet or a post off a name: "Jane Doe at the United Nations General
    # Assembly", "Jane Doe for President" and "Jane Doe, Prime Minister" went.
    if author is None or len(paragraph) > MAX_AUTHOR_CHARS:
        return False
    names = [n for n in PEOPLE_SEPARATORS.split(" ".join(paragraph.split()).rstrip(".")) if n]
    return [n.casefold() for n in names] == [a.casefold() for a in author.split("; ")]


# A short timeline's date headings: so many, each heading a paragraph, are never a
# page's time stamps (one above the story, one below it).
_MIN_TIMELINE_DATES = 3


def _heads_entries(paragraphs: list[str]) -> bool:
    """Whether dates among ``paragraphs`` (the title left out) head a timeline's
    entries where the first and last paragraphs, a page's furniture, cover them all:
    three different dates or more, each alone over one paragraph of the story, the
    pairs one after another and the text's body, only bylines, stamps or credits
    around them; or two such pairs that are the whole text ("3 March 2024" / "The
    council voted." / "4 March 2024" / "Work began."). The dates read forward in
    time, as a story tells how something unfolded: a story's date over it with a
    list of related stories after it, newest first ("3 March 2024" / story / "1
    March 2024" / headline / "28 February 2024" / headline), heads none."""
    headed = [
        i
        for i, p in enumerate(paragraphs[:-1])
        if is_date_heading(p) and _is_entry(paragraphs[i + 1])
    ]
    if not headed or headed != list(range(headed[0], headed[-1] + 1, 2)):
        return False
    if len({paragraphs[i] for i in headed}) < len(headed):
        return False  # a date again is a stamp's, not a timeline's next entry
    # Only the dates read are compared: one without its year ("3 March") says no order.
    # Written times order one day's entries ("3 March 2024 10:00" / ... / "3 March
    # 2024 12:30"), which read as the same day when only the days were compared.
    stamps = [s for s in (_heading_stamp(paragraphs[i]) for i in headed) if s is not None]
    if any(not _is_later(earlier, later) for earlier, later in pairwise(stamps)):
        return False  # newest first is a list of related stories or a page's stamps
    if not stamps and _runs_back(paragraphs[i] for i in headed):
        return False  # "5 March" / story / "3 March" / headline: related stories too
    around = paragraphs[: headed[0]] + paragraphs[headed[-1] + 2 :]
    if len(headed) == 2:
        return not around
    return len(headed) >= _MIN_TIMELINE_DATES and not any(map(_is_entry, around))


@dataclass(frozen=True)
class _HeadingStamp:
    """A date heading's day as written, and its moment where a clock time is written."""

    day: dt.date
    moment: dt.datetime | None


def _heading_stamp(heading: str) -> _HeadingStamp | None:
    day = written_date(heading)
    return None if day is None else _HeadingStamp(day, parse_written_datetime(heading))


def _is_later(earlier: _HeadingStamp, later: _HeadingStamp) -> bool:
    """Whether ``later`` comes after ``earlier``: a later day, or the same day at a
    later time where both write theirs."""
    if later.day != earlier.day:
        return later.day > earlier.day
    return earlier.moment is not None and later.moment is not None and later.moment > earlier.moment


# A day and a month without a year: "3 March", "March 3rd", "Mar. 3".
_DAY_MONTH = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTHS})\b"
    rf"|(?P<month2>{MONTHS})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.I,
)
# A timeline over the new year runs from December or November into January or
# February: those months' days read backwards and are still forward in time.
_YEAR_END, _YEAR_START = 11, 2


# A heading's clock time: "10:00", "3.30 p.m.", "9:15am".
_CLOCK = re.compile(
    r"\b(\d{1,2})(?::(\d\d)|\.(\d\d)(?=\s*[ap]\.?m\b))\s*(?:([ap])\.?m\b\.?)?", re.I
)
# A year to read a yearless heading's day and time in: a leap year, so "29 February"
# is a day.
_ANY_YEAR = 2000


def _clock_minutes(heading: str) -> int | None:
    """The minutes past midnight a heading's clock time writes, or None."""
    found = _CLOCK.search(heading)
    if found is None:
        return None
    hour, minute = int(found[1]) % 24, int(found[2] or found[3])
    if found[4] is not None:
        hour = hour % 12 + (12 if found[4].lower() == "p" else 0)
    return hour * 60 + minute


@dataclass(frozen=True)
class _YearlessDay:
    """A yearless heading's month and day, and its moment where a clock time is
    written, read in ``_ANY_YEAR``."""

    month: int
    day: int
    moment: dt.datetime | None


def _yearless_day(heading: str) -> _YearlessDay | None:
    """A yearless heading's day, and the time written after it read as a dated
    heading's is, zone and all ("3 March, 10:30 GMT" is after "3 March, 11:15 CET";
    "3 March, noon"); else the clock time written anywhere in it, its zone unread."""
    found = _DAY_MONTH.search(heading)
    if found is None:
        return None
    month = month_number(found["month"] or found["month2"])
    day = int(found["day"] or found["day2"])
    after = heading[found.end() :]
    moment = None
    if after.strip(" ,."):
        moment = parse_written_datetime(f"{found.group()} {_ANY_YEAR}{after}")
    minutes = _clock_minutes(heading[: found.start()] + " " + after)
    if moment is None and minutes is not None:
        with suppress(ValueError):  # "30 February 10:00": no day, no moment
            moment = dt.datetime(_ANY_YEAR, month, day, tzinfo=dt.UTC)
            moment += dt.timedelta(minutes=minutes)
    return _YearlessDay(month, day, moment)


def _runs_back(headings: Iterable[str]) -> bool:
    """Whether yearless date ``headings`` ("5 March", "3 March") go back in time,
    one pair at least, where no year wraps between them. On one day, written times
    order them ("3 March 10:00", "3 March 12:30"); one day twice without them says
    no order."""
    days: list[_YearlessDay] = []
    for heading in headings:
        if (day := _yearless_day(heading)) is None:
            return False  # a heading read as no day: no order to judge
        days.append(day)
    return any(_goes_back(earlier, later) for earlier, later in pairwise(days))


def _goes_back(earlier: _YearlessDay, later: _YearlessDay) -> bool:
    if (later.month, later.day) == (earlier.month, earlier.day):
        return (
            earlier.moment is not None
            and later.moment is not None
            and later.moment <= earlier.moment
        )
    return (later.month, later.day) < (earlier.month, earlier.day) and not (
        earlier.month >= _YEAR_END and later.month <= _YEAR_START
    )


def _is_entry(paragraph: str) -> bool:
    """Whether ``paragraph`` may be a timeline entry's text: no stamp, byline or credit."""
    lines = paragraph.split("\n")
    return not (
        is_time_stamp(paragraph) or _is_byline_paragraph(lines) or all(map(is_wire_credit, lines))
    )


# What trafilatura leaves of a stamp's line when it drops the <time> in it: the mark
# and the outlet after it ("<p><time>March 4, 2024</time> / CBS News</p>" is "/ CBS
# News"). A dash and a bullet are left out: each opens a list item as readers write
# one ("• Port Ellen").
_MARKED_NAMES = re.compile(r"[|/·]\s*(?P<names>[^|/·•]+)")
# An outlet's name is a few words.
_MAX_OUTLET_WORDS = 5


def _is_stamps_remains(paragraph: str) -> bool:
    """Whether ``paragraph`` is only a separator's mark and the names after it."""
    found = _MARKED_NAMES.fullmatch(" ".join(paragraph.split()))
    return (
        found is not None
        and len(found["names"].split()) <= _MAX_OUTLET_WORDS
        and are_names(found["names"])
    )


def drop_bylines(text: str, title: str | None = None, author: str | None = None) -> str:
    """``text`` (paragraphs separated by blank lines) without the bylines and time
    stamps among its first and last paragraphs, nor a paragraph there that is only
    the ``author``'s name (``<div class="author">Jane Doe</div>``, which was audited as
    a sentence), its lone dateline joined to the paragraph it opens; the ``title``
    stays, whatever it reads as."""
    paragraphs = text.split("\n\n")
    edges = set(range(min(HEAD_PARAGRAPHS, len(paragraphs))))
    edges |= set(range(max(0, len(paragraphs) - _FOOT_PARAGRAPHS), len(paragraphs)))
    # Title case makes a headline read as a byline ("By Royal Appointment").
    title_at = {i for i, p in enumerate(paragraphs) if title is not None and p == title}
    edges -= title_at
    # Dates between the paragraphs of the story head a timeline's entries: then the
    # dates at its ends are headings too, and only bylines go.
    middle = (p for i, p in enumerate(paragraphs) if i not in edges)
    stamps_are_headings = any(is_time_stamp(p) for p in middle) or _heads_entries(
        [p for i, p in enumerate(paragraphs) if i not in title_at]
    )
    kept: list[str] = []
    dateline: str | None = None
    # Where the paragraph before was a byline that went or the title, or none stood
    # before (no <h1> was kept): only there may a stamp's remains stand ("/ Tokyo"
    # elsewhere is the story's).
    after_head = True
    for i, paragraph in enumerate(paragraphs):
        lines = paragraph.split("\n")
        is_head = (
            i in edges
            and _is_byline_paragraph(lines)
            and not (stamps_are_headings and any(map(is_time_stamp, lines)))
        ) or (i in edges and _names_only(paragraph, author))
        was_after_head, after_head = after_head, is_head or i in title_at
        if (
            is_head
            or (i not in title_at and all(map(is_wire_credit, lines)))
            or (i in edges and was_after_head and _is_stamps_remains(paragraph))
        ):
            # A wire story's credits are the agency's, wherever they stand: a live
            # blog's posts each end with theirs.
            continue
        if (tail := credit_tail(paragraph)) is not None:
            paragraph = paragraph[: -len(tail)].rstrip()  # "... said. (Reporting by ...)"
        if dateline is not None:
            paragraph = f"{dateline} {paragraph}"
            dateline = None
        elif i < HEAD_PARAGRAPHS and i + 1 < len(paragraphs) and is_dateline(paragraph):
            dateline = " ".join(paragraph.split())
            continue
        kept.append(paragraph)
    if dateline is not None:
        kept.append(dateline)
    return text if kept == paragraphs else "\n\n".join(kept)
