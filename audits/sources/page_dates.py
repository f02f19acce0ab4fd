"""A page's date where its metadata gives none: the date its byline or a time stamp
under the headline writes for readers ("By Jane Doe | Sunday, March 3, 2024")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from audits.sources.bylines import HEAD_PARAGRAPHS
from audits.sources.written_dates import find_written_date

# The meta key of a date line the date could not be read from, a page's or a feed
# entry's.
PUBLISHED_RAW_KEY = "published_raw"


@dataclass(frozen=True)
class PageDate:
    """The page's date (ISO 8601, as trafilatura gives one), and the line that wrote
    a date it could not be, kept for the user where a weekday was another day's."""

    published: str | None
    unread: str | None = None


# A date the metadata states in ISO form ("2024-03-04T10:00:00Z"): written for
# machines, its day is the page's whatever weekday a byline writes beside it.
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d(?=$|[T ])")


def page_date(found: str | None, lines: Iterable[str]) -> PageDate:
    """The page's date: what its metadata said (``found``), else the first date the
    byline and time stamp ``lines`` write. A date whose weekday is another day's
    ("Saturday, March 3, 2024": a Sunday) is no date, and where the metadata's date
    is that day, read from the same words in a <time>, the page is undated too:
    which day the page meant is unknown. Where the metadata also states that day in
    ISO form among ``lines``, the page keeps it: a byline's weekday does not
    outweigh a date written for machines."""
    lines = list(lines)
    iso_days = {m.group(0) for line in lines if (m := _ISO_DAY.match(line.strip()))}
    for line in lines:
        written = find_written_date(line)
        if written is None:
            continue
        day = written.day.isoformat()
        if written.wrong_weekday:
            if found is None or (found[:10] == day and day not in iso_days):
                return PageDate(None, " ".join(line.split()))
            return PageDate(found)
        return PageDate(found or day)
    return PageDate(found)


def dropped_head_lines(before: str, after: str) -> list[str]:
    """The lines of the paragraphs among the first of ``before`` that ``after`` lacks:
    the bylines and time stamps the page's cleaning dropped under its headline (a
    timeline's dates, which stay, are no page's date)."""
    kept = set(after.split("\n\n"))
    head = before.split("\n\n")[:HEAD_PARAGRAPHS]
    return [line for p in head if p not in kept for line in p.split("\n")]
