"""Dates as people write them, in feeds and on pages: "Sunday, March 3, 2024", "Sun,
3 March 2024", "March 3rd, 2024". A weekday that is another day's makes no date."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from audits.sources import time_stamps
from audits.sources.feed import read_feed
from audits.sources.html import document_from_html
from audits.sources.time_stamps import is_time_stamp, opens_time_stamp
from audits.sources.written_dates import find_written_date, parse_written_datetime
from tests.counting_patterns import CountingPattern
from tests.feed_fixtures import STORY

HEADLINE = "Border treaty amended"
_BODY = "".join(f"<p>{p}</p>" for p in STORY)

# Written as feeds and bylines write them, and what each says in UTC.
WRITTEN = {
    "Sunday, March 3, 2024": "2024-03-03T00:00:00+00:00",
    "Sun, 3 March 2024": "2024-03-03T00:00:00+00:00",
    "Sun., Mar. 3, 2024": "2024-03-03T00:00:00+00:00",
    "March 3rd, 2024": "2024-03-03T00:00:00+00:00",
    "3rd of March 2024": "2024-03-03T00:00:00+00:00",
    "Thurs., March 7, 2024": "2024-03-07T00:00:00+00:00",
    "Thur, March 7, 2024": "2024-03-07T00:00:00+00:00",
    "Sunday, March 3, 2024 10:00 AM EST": "2024-03-03T15:00:00+00:00",
    "Sunday, March 3, 2024 at 10:05 p.m.": "2024-03-03T22:05:00+00:00",
    "Sun, 03 Mar 2024 10:00:00 +0100": "2024-03-03T09:00:00+00:00",
    "Sun 3 Mar 2024 10.05 GMT": "2024-03-03T10:05:00+00:00",
    # A US zone without its summer or winter: the offset New York kept that day.
    "March 3, 2024, 10:05 a.m. ET": "2024-03-03T15:05:00+00:00",
    "July 3, 2024, 10:05 a.m. ET": "2024-07-03T14:05:00+00:00",
    # The hour New York's clocks showed twice, going back: the first, summer time's.
    "November 3, 2024 1:30 AM ET": "2024-11-03T05:30:00+00:00",
    # AP style: the hour alone before its half of the day, "noon" and "midnight".
    "March 3, 2024, 9 a.m.": "2024-03-03T09:00:00+00:00",
    "March 3, 2024, 2 p.m. ET": "2024-03-03T19:00:00+00:00",
    "March 3, 2024, noon": "2024-03-03T12:00:00+00:00",
    "March 3, 2024 at midnight GMT": "2024-03-03T00:00:00+00:00",
}
# No date: another day's weekday, a day that does not exist, words around it.
NOT_DATES = [
    "Saturday, March 3, 2024",
    "Sat, 03 Mar 2024 10:00:00 GMT",
    "Sunday, 31 February 2024",
    "31 February 2024",
    "Posted on March 3, 2024",
    "March 3, 2024 in Paris",
    "March 3, 2024 13:00 PM",
    # An hour alone, without its half of the day, is a number.
    "March 3, 2024 10",
    # The hour New York's clocks skipped, going forward.
    "March 10, 2024 2:30 AM ET",
]


@pytest.mark.parametrize(("raw", "utc"), WRITTEN.items())
def test_dates_written_for_readers_are_read(raw: str, utc: str) -> None:
    parsed = parse_written_datetime(raw)
    assert parsed is not None and parsed.isoformat() == utc


@pytest.mark.parametrize("raw", WRITTEN)
def test_a_date_written_for_readers_is_a_time_stamp_too(raw: str) -> None:
    """Each module wrote its month and weekday names, and they differed: "Thur, March
    7, 2024" dated a page, yet was no time stamp a byline could hold."""
    assert is_time_stamp(raw)


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        ("5m ago", True),
        ("2h 30m ago", True),
        ("3d", True),
        ("5m", False),
        ("3D", False),
        ("Jane Doe \u2022 5m", False),
        ("2h 30m", False),
        ("1h 30m", False),
        # Seconds as minutes are: "30s" alone is a decade ("in her 30s").
        ("30s ago", True),
        ("30s", False),
        # "M" and "S" in capitals are a million and no unit.
        ("30M ago", False),
        ("$30M", False),
        ("30S ago", False),
    ],
)
def test_minutes_written_short_are_a_stamps_only_with_ago(text: str, stamp: bool) -> None:
    """README says minutes written short ("5m") date a byline only with "ago": a
    recipe's or a race's "1h 30m" was a time stamp, as "30m" passed anywhere."""
    assert is_time_stamp(text) is stamp


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        ("Sunday 3 March 2024 10:04, UK", True),
        ("3 March 2024 10:04am UK", True),
        ("3 March 2024 10:04 am, UK", True),
        ("March 2024 UK", False),
        ("UK: March 3, 2024", False),
        ("UK 3 March 2024", False),
    ],
)
def test_uk_is_a_stamps_zone_only_right_after_its_clock_time(text: str, stamp: bool) -> None:
    """Sky News writes "UK" after its stamp's clock time; as a stamp's word anywhere,
    a heading's "March 2024 UK" or "UK: March 3, 2024" went as a time stamp."""
    assert is_time_stamp(text) is stamp


def test_uk_after_clock_times_is_judged_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each "UK" read all the text before it for its clock time: a paragraph of
    "10:04 UK" repeated (72 KB) took 6 s, four times as long at each doubling. The
    characters the clock-time search covers are counted, not timed: a few dozen per
    "UK" now; read back to the text's start, these 54 KB made some 27,000 each."""
    counter = CountingPattern(time_stamps._BEFORE_ZONE)
    monkeypatch.setattr(time_stamps, "_BEFORE_ZONE", counter)
    n = 6_000
    assert is_time_stamp("3 March 2024 " + "10:04 UK " * n)
    assert 0 < counter.read < 100 * n


@pytest.mark.parametrize("raw", NOT_DATES)
def test_a_wrong_weekday_an_impossible_day_or_other_words_make_no_date(raw: str) -> None:
    assert parse_written_datetime(raw) is None


def test_a_wrong_weekday_is_found_not_moved() -> None:
    """Neither the day written nor the weekday's nearest day is taken for it."""
    found = find_written_date("By Jane Doe | Saturday, March 3, 2024")
    assert found is not None and (found.day, found.wrong_weekday) == (dt.date(2024, 3, 3), True)


def _rss(date: str, body: str = _BODY) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>R</title>'
        f"<item><title>{HEADLINE}</title><link>https://r.example/1</link>"
        f"<pubDate>{date}</pubDate><description><![CDATA[{body}]]></description></item>"
        "</channel></rss>"
    ).encode()


def _json(date: str, body: str = _BODY) -> bytes:
    item = {"id": "1", "title": HEADLINE, "content_html": body, "date_published": date}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "R", "items": [item]}
    return json.dumps(feed).encode()


def test_a_feeds_dates_written_for_readers_date_its_entries() -> None:
    """feedparser read "Sunday, March 3, 2024" and "March 3rd, 2024" as no date: the
    entry was undated, kept by every --since and audited again on every run."""
    for raw, utc in WRITTEN.items():
        for data, name in ((_rss(raw), "f.xml"), (_json(raw), "f.json")):
            (entry,) = read_feed(data, name)
            assert (entry.published, entry.meta.get("published_raw")) == (utc, None), raw


def test_a_feed_date_with_another_days_weekday_is_no_date() -> None:
    """feedparser read "Sat, 03 Mar 2024" (a Sunday) as March 3 without a word: which
    day the feed meant is unknown, so the entry is undated and says what it read."""
    for raw in (
        "Sat, 03 Mar 2024 10:00:00 GMT",
        "Saturday, March 3, 2024",
        "Sat, 03 Mar 24 10:00 GMT",
    ):
        for data, name in ((_rss(raw), "f.xml"), (_json(raw), "f.json")):
            (entry,) = read_feed(data, name)
            assert (entry.published, entry.meta.get("published_raw")) == (None, raw), raw
    for raw in ("Sun, 03 Mar 2024 10:00:00 GMT", "Sun, 03 Mar 24 10:00 GMT"):
        (entry,) = read_feed(_rss(raw), "f.xml")
        assert entry.published == "2024-03-03T10:00:00+00:00", raw
    # The day in the zone written, not in UTC: a Sunday evening in New York.
    (entry,) = read_feed(_rss("Sun, 03 Mar 24 23:00 -0500"), "f.xml")
    assert entry.published == "2024-03-04T04:00:00+00:00"


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        ("Mon, 04 Mar 2024 09:00:00 CET", "2024-03-04T08:00:00+00:00"),
        ("Mon, 01 Jul 2024 09:00:00 CEST", "2024-07-01T07:00:00+00:00"),
        ("Mon, 01 Jul 2024 09:00:00 BST", "2024-07-01T08:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 AEDT", "2024-03-03T22:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 JST", "2024-03-04T00:00:00+00:00"),
        # "ET" in summer is New York's summer time, not EST all year.
        ("Mon, 01 Jul 2024 09:00:00 ET", "2024-07-01T13:00:00+00:00"),
        # The zones feedparser reads, as it reads them.
        ("Mon, 04 Mar 2024 09:00:00 EST", "2024-03-04T14:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 GMT", "2024-03-04T09:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 +0100", "2024-03-04T08:00:00+00:00"),
        # RFC 822's two-digit year: its zone was read as UTC.
        ("Mon, 04 Mar 24 09:00 CET", "2024-03-04T08:00:00+00:00"),
        ("Mon, 04 Mar 24 09:00:00 AEDT", "2024-03-03T22:00:00+00:00"),
        ("Mon, 01 Jul 24 09:00 ET", "2024-07-01T13:00:00+00:00"),
        # An offset after the zone's name: feedparser read "UTC+01:00" as UTC, and
        # "GMT+1" as no date.
        ("Mon, 04 Mar 2024 09:00:00 UTC+01:00", "2024-03-04T08:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 GMT+1", "2024-03-04T08:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 GMT-5", "2024-03-04T14:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 UTC+5:30", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 UTC +1", "2024-03-04T08:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 GMT -5", "2024-03-04T14:00:00+00:00"),
        # An ISO date with one: no written date, so it had none (main read its day).
        ("2024-03-04T09:00:00 GMT+1", "2024-03-04T08:00:00+00:00"),
        ("2024-03-04 09:00:00 UTC+01:00", "2024-03-04T08:00:00+00:00"),
        ("2024-03-04T09:00:00.000 GMT+1", "2024-03-04T08:00:00+00:00"),  # toISOString
    ],
)
def test_a_feed_dates_zone_is_read(raw: str, utc: str) -> None:
    """feedparser reads a zone it does not know ("CET", "BST", "AEDT") as UTC, and
    "ET" as winter time all year: the entry's time was hours off, and --since chose
    by it."""
    (entry,) = read_feed(_rss(raw), "f.xml")
    assert entry.published == utc


@pytest.mark.parametrize(
    "raw",
    [
        # A range's end after "PM" or "am" is no offset: the hour alone is one only
        # right after "UTC" or "GMT".
        "Sunday, March 3, 2024 9:00 PM-11",
        "Sunday, March 3, 2024 9:00 PM-11:00",
        "March 3, 2024 10am-12",
        "March 3, 2024 10:00 Z+1",
        # No zone is further than 14 hours from UTC.
        "Mon, 04 Mar 2024 09:00:00 GMT+25",
        "Mon, 04 Mar 2024 09:00:00 UTC+15",
        "Mon, 04 Mar 2024 09:00:00 GMT+99",
    ],
)
def test_an_offset_only_after_utc_or_gmt_and_within_a_zones_reach(raw: str) -> None:
    """The hour alone after any letter was read as an offset: "9:00 PM-11" was 08:00
    UTC the next day, and "GMT+99" shifted the date by 99 hours."""
    assert parse_written_datetime(raw) is None
    (entry,) = read_feed(_rss(raw), "f.xml")
    assert entry.published is None, raw


def test_an_iso_feed_date_with_no_zones_offset_keeps_its_day() -> None:
    """An ISO date whose named offset is no zone's keeps feedparser's reading, its
    day right, as ever: not no date, which every --since kept."""
    (entry,) = read_feed(_rss("2024-03-04T09:00:00 GMT+25"), "f.xml")
    assert entry.published == "2024-03-04T09:00:00+00:00"
    (entry,) = read_feed(_rss("2024-03-04T09:00:00.123Z GMT+1"), "f.xml")  # not read here
    assert entry.published == "2024-03-04T09:00:00+00:00"
    # Moved past the calendar's first day: the entry was lost to an OverflowError.
    (entry,) = read_feed(_rss("0001-01-01T00:30:00 GMT+1"), "f.xml")
    assert entry.text


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        # RFC 822's two-digit year with an offset after the zone's name.
        ("Mon, 04 Mar 24 09:00 GMT+1", "2024-03-04T08:00:00+00:00"),
        ("Mon, 04 Mar 24 09:00 UTC-5", "2024-03-04T14:00:00+00:00"),
        # No space after the weekday's comma.
        ("Sun,03 Mar 2024 09:00:00 GMT", "2024-03-03T09:00:00+00:00"),
        ("Sun,03 Mar 24 09:00:00 CET", "2024-03-03T08:00:00+00:00"),
        # RFC 850: day, month and year joined by hyphens.
        ("Sunday, 03-Mar-24 09:00:00 GMT", "2024-03-03T09:00:00+00:00"),
        ("Sunday, 03-Mar-2024 09:00:00 GMT", "2024-03-03T09:00:00+00:00"),
        # In the century feedparser gives the same two digits ("Sun, 03 Mar 24").
        ("Saturday, 03-Mar-90 09:00:00 GMT", "1990-03-03T09:00:00+00:00"),
    ],
)
def test_rfc822_dates_feedparser_reads_as_none_are_read(raw: str, utc: str) -> None:
    """feedparser read these as no date: the entry was undated, and kept by every
    --since however old it was."""
    for data, name in ((_rss(raw), "f.xml"), (_json(raw), "f.json")):
        (entry,) = read_feed(data, name)
        assert (entry.published, entry.meta.get("published_raw")) == (utc, None), raw


@pytest.mark.parametrize(
    "raw",
    [
        "Mon, 04 Mar 24 09:00 GMT+25",  # no zone's offset
        "Saturday, 03-Mar-24 09:00:00 GMT",  # March 3, 2024 was a Sunday
        "Sat,03 Mar 2024 09:00:00 GMT",
        "Sunday, 03-Mar-24 09:00:00 GMT junk",  # something else written after it
        "Sunday, 03-Mar 24 09:00:00 GMT",  # hyphen and space mixed: no RFC's form
        # Moved past the calendar's ends: no date, no OverflowError.
        "Mon,01 Jan 0001 00:30 GMT+1",
        "Fri,31 Dec 9999 23:30 GMT-1",
    ],
)
def test_rfc822_dates_read_here_keep_their_bounds(raw: str) -> None:
    (entry,) = read_feed(_rss(raw), "f.xml")
    assert (entry.published, entry.meta.get("published_raw")) == (None, raw)


def test_ist_is_no_date() -> None:
    """feedparser read "IST" as UTC: 5.5 hours off if the feed meant India's, 1 or 2
    if Ireland's or Israel's, and the date says not which. The entry is undated and
    keeps what it said, as a JSON feed's was already."""
    for raw in ("Mon, 04 Mar 2024 09:00:00 IST", "Mon, 04 Mar 24 09:00 IST"):
        for data, name in ((_rss(raw), "f.xml"), (_json(raw), "f.json")):
            (entry,) = read_feed(data, name)
            assert (entry.published, entry.meta.get("published_raw")) == (None, raw), raw


@pytest.mark.parametrize(
    "raw",
    [
        "Mon, 04 Mar 2024 09:00 IST",
        # "IST" that is not the date's last word is IST all the same.
        "Mon, 04 Mar 2024 09:00:00 IST (India Standard Time)",
        # A date's hyphens are no offset: feedparser read this as 20 March 2004.
        "04-03-2024 IST",
        # A time range's end: no date, as main and feedparser read it.
        "Mon, 04 Mar 2024 09:00-10:30 IST",
    ],
)
def test_a_date_whose_only_zone_is_ist_is_no_date(raw: str) -> None:
    (entry,) = read_feed(_rss(raw), "f.xml")
    assert (entry.published, entry.meta.get("published_raw")) == (None, raw)


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        ("Mon, 04 Mar 2024 09:00:00 +0530 IST", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 +0530 (IST)", "2024-03-04T03:30:00+00:00"),
        ("2024-03-04T09:00:00+05:30 (IST)", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 +0530 IST (India)", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 +0530 IST.", "2024-03-04T03:30:00+00:00"),
        ("2024-03-04T09:00:00.12+05:30 IST", "2024-03-04T03:30:00+00:00"),
        ("2024-03-04T09:00:00.000+05:30 IST", "2024-03-04T03:30:00+00:00"),
        ("Sat, 02 Mar 2024 14:00:00 +0000 (IST)", "2024-03-02T14:00:00+00:00"),
    ],
)
def test_a_date_with_a_numeric_offset_beside_ist_is_read_at_the_offset(
    raw: str, published: str
) -> None:
    """The offset says which of India's, Ireland's or Israel's time the feed meant,
    and feedparser read it right, "IST" after it in brackets, with words or a stop
    after it, or not: these were thrown away as dates in IST, so --since kept such
    entries however old."""
    (entry,) = read_feed(_rss(raw), "f.xml")
    assert (entry.published, entry.meta.get("published_raw")) == (published, None), raw


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        ("Mon, 04 Mar 2024 09:00:00 IST+05:30", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 IST +05:30", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 IST+0530", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 IST+5:30", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 24 09:00 IST+05:30", "2024-03-04T03:30:00+00:00"),
        ("2024-03-04T09:00:00 IST+05:30", "2024-03-04T03:30:00+00:00"),
        ("March 4, 2024 09:00 IST+05:30", "2024-03-04T03:30:00+00:00"),
        # Israel's IST, and other zones' names before the offset they stand for.
        ("Mon, 04 Mar 2024 09:00:00 IST+02:00", "2024-03-04T07:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 CET+01:00", "2024-03-04T08:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 EST-05:00", "2024-03-04T14:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 PST-0800", "2024-03-04T17:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 AEDT+11:00", "2024-03-03T22:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 BRT-0300", "2024-03-04T12:00:00+00:00"),
        # The hour alone, as after "GMT"; after "AM"/"PM"; a note in brackets after
        # it, as JavaScript's Date writes one (each was 09:00 UTC, or no date).
        ("Mon, 04 Mar 2024 09:00:00 CET+1", "2024-03-04T08:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 PST-8", "2024-03-04T17:00:00+00:00"),
        ("Mon, 04 Mar 2024 09:00 AM CET+01:00", "2024-03-04T08:00:00+00:00"),
        ("March 4, 2024 9:00 AM IST+05:30", "2024-03-04T03:30:00+00:00"),
        ("March 4, 2024 9:00 a.m. IST+05:30", "2024-03-04T03:30:00+00:00"),
        ("Mon, 04 Mar 2024 09:00:00 CET+01:00 (CET)", "2024-03-04T08:00:00+00:00"),
        (
            "Mon, 04 Mar 2024 09:00:00 PST-0800 (Pacific Standard Time)",
            "2024-03-04T17:00:00+00:00",
        ),
        ("Mon, 04 Mar 2024 09:00:00 IST+05:30 (India)", "2024-03-04T03:30:00+00:00"),
    ],
)
def test_a_zones_name_then_its_offset_is_read_at_the_offset(raw: str, published: str) -> None:
    """feedparser read "09:00:00 IST+05:30" as 09:00 UTC, five and a half hours late,
    and "CET+01:00", "PST-0800" alike: the name was read (as UTC where it knew none)
    and the offset after it ignored. The offset is the time's, in RSS and JSON."""
    for data, name in ((_rss(raw), "f.xml"), (_json(raw), "f.json")):
        (entry,) = read_feed(data, name)
        assert (entry.published, entry.meta.get("published_raw")) == (published, None), raw


@pytest.mark.parametrize(
    "raw",
    [
        "Sun, 04 Mar 2024 09:00:00 IST+05:30",  # March 4, 2024 was a Monday
        "Mon, 04 Mar 2024 09:00:00 IST+15:00",  # no zone's offset
        "Mon, 04 Mar 2024 09:00:00 IST+05:30 junk",
    ],
)
def test_a_zones_name_then_its_offset_keeps_the_dates_bounds(raw: str) -> None:
    (entry,) = read_feed(_rss(raw), "f.xml")
    assert (entry.published, entry.meta.get("published_raw")) == (None, raw)


def test_a_json_feeds_iso_date_with_a_named_offset_is_read_as_rss_reads_it() -> None:
    """JSON Feed's RFC 3339 reader took no zone's name: "2024-03-04T09:00:00 GMT+1"
    was no date in JSON, where the same text in RSS was read at its offset."""
    (entry,) = read_feed(_json("2024-03-04T09:00:00 GMT+1"), "f.json")
    assert entry.published == "2024-03-04T08:00:00+00:00"


def test_an_offset_within_a_zones_reach_is_read() -> None:
    assert parse_written_datetime("March 3, 2024 09:00 +2500") is None
    assert parse_written_datetime("March 3, 2024 09:00 UTC+14") is not None
    assert parse_written_datetime("March 3, 2024 09:00 UTC-12:00") is not None


def test_a_feed_date_read_as_none_gives_way_to_the_bylines() -> None:
    """An entry without a date field took the date its byline writes, but one whose
    field was there and read as no date ("TBA", another day's weekday) stayed
    undated, kept by every --since, however plainly its byline dated it. The
    field's words are still kept."""
    body = f"<p>By Jane Doe | March 4, 2024</p>{_BODY}"
    for raw in ("TBA", "yesterday", "Sat, 03 Mar 2024 10:00:00 GMT"):
        for data, name in ((_rss(raw, body), "f.xml"), (_json(raw, body), "f.json")):
            (entry,) = read_feed(data, name)
            assert (entry.published, entry.meta.get("published_raw")) == ("2024-03-04", raw)
            assert entry.text.split("\n\n")[1:] == list(STORY), raw
    # No byline date: the entry stays undated, its field's words kept.
    (entry,) = read_feed(_rss("TBA", f"<p>By Jane Doe</p>{_BODY}"), "f.xml")
    assert (entry.published, entry.meta.get("published_raw")) == (None, "TBA")


def _page(under_headline: str, head: str = "") -> str:
    return (
        f"<html><head><title>{HEADLINE}</title>{head}</head><body><article>"
        f"<h1>{HEADLINE}</h1>{under_headline}{_BODY}</article></body></html>"
    )


def test_a_pages_byline_dates_a_page_without_date_metadata() -> None:
    """A page whose only date was its byline's ("By Jane Doe | Sunday, March 3, 2024",
    "Published March 3rd, 2024") was undated: --since could not judge its entry."""
    for line in (
        "<p>By Jane Doe | Sunday, March 3, 2024</p>",
        "<p>Published March 3rd, 2024</p>",
        "<p>Sun, 3 March 2024</p>",
        '<div class="byline">By Jane Doe &middot; 3rd of March 2024</div>',
    ):
        page = document_from_html(_page(line), "p.html")
        assert (page.published, page.text.split("\n\n")) == ("2024-03-03", [HEADLINE, *STORY])
    # The metadata's date comes first.
    meta = '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
    page = document_from_html(_page("<p>Sunday, March 3, 2024</p>", meta), "m.html")
    assert page.published.startswith("2024-03-05")


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("<p>Updated: March 4, 2024 09:00 IST+05:30</p>", None),
        ("<p>By Jane Doe | March 4, 2024, 09:00 IST+05:30</p>", "Jane Doe"),
        ("<p>Published 9:00 AM CET+01:00, 4 March 2024</p>", None),
    ],
)
def test_a_pages_stamp_with_a_zones_name_glued_to_its_offset_dates_it(
    line: str, author: str | None
) -> None:
    """ "IST+05:30" was no word a time stamp holds, so "Updated: March 4, 2024 09:00
    IST+05:30" under the headline was audited as a sentence and dated no page."""
    page = document_from_html(_page(line), "p.html")
    assert (page.published, page.author) == ("2024-03-04", author)
    assert page.text.split("\n\n") == [HEADLINE, *STORY]
    assert is_time_stamp("Updated: March 4, 2024 09:00 IST+05:30")


def test_a_pages_date_with_another_days_weekday_is_no_date() -> None:
    """ "Saturday, March 3, 2024" (a Sunday) in a <time> dated the page March 3 without
    a word; in the byline's text it is no date either. The line is kept in meta."""
    for line in (
        "<p>By Jane Doe | Saturday, March 3, 2024</p>",
        '<p class="byline">By Jane Doe &middot; <time>Saturday, March 3, 2024</time></p>',
    ):
        page = document_from_html(_page(line), "p.html")
        assert page.published is None, line
        assert page.meta["published_raw"].endswith("Saturday, March 3, 2024")
    # A timeline's dates stay in the text and date no page.
    dates = ("3 March 2024", "4 March 2024", "5 March 2024", "6 March 2024")
    entries = [*STORY, "Work began on the parapet, and the ford road was opened to cars."]
    timeline = "".join(f"<p>{d}</p><p>{p}</p>" for d, p in zip(dates, entries, strict=True))
    page = document_from_html(_page(timeline).replace(_BODY, ""), "t.html")
    assert page.published is None and "3 March 2024" in page.text.split("\n\n")


def test_a_pages_metadata_date_is_read_as_written_and_checked_the_same_way() -> None:
    """A JSON-LD datePublished written "Sunday, March 3, 2024" dated no page, and a
    <meta> "Saturday, March 3, 2024" (a Sunday) or "Sat, 03 Mar 2024 10:00:00 GMT"
    dated it March 3 without a word."""
    ld = {"@type": "NewsArticle", "headline": HEADLINE, "datePublished": "Sunday, March 3, 2024"}
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    assert document_from_html(_page("", script), "ld.html").published == "2024-03-03"
    for written in ("Saturday, March 3, 2024", "Sat, 03 Mar 2024 10:00:00 GMT"):
        meta = f'<meta property="article:published_time" content="{written}">'
        page = document_from_html(_page("", meta), "m.html")
        assert (page.published, page.meta["published_raw"]) == (None, written)


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe, The Sun, March 4, 2024",
        "By Jane Doe, Baltimore Sun, March 4, 2024",
        "Jane Doe sat, March 4, 2024",
        # "on" lets a weekday stand, but these papers' "on Sunday" is their name's.
        "By Jane Doe for The Mail on Sunday, March 4, 2024",
        "By Jane Doe, Scotland on Sunday, 4 March 2024",
    ],
)
def test_a_word_that_spells_a_weekday_after_a_word_is_no_weekday(line: str) -> None:
    """ "The Sun, March 4, 2024" (a Monday) was read as a Sunday written on a Monday:
    a newspaper's name made the byline's date no date."""
    found = find_written_date(line)
    assert found is not None and (found.day, found.wrong_weekday) == (dt.date(2024, 3, 4), False)
    page = document_from_html(_page(f'<p class="byline">{line}</p>'), "sun.html")
    assert (page.published, page.meta.get("published_raw")) == ("2024-03-04", None)
    # Where a weekday can stand it is still checked.
    for stands in (
        "By Jane Doe on Sunday, March 4, 2024",
        "Sun, March 4, 2024",
        "By Jane Doe | Sun, March 4, 2024",
        "on Sun, March 4, 2024",
        "By Jane Doe\nSun, March 4, 2024",
        "Revised Sun, March 4, 2024",
        "Issued Sun, March 4, 2024",
        "Released on Sun, March 4, 2024",
        "Released Sun, March 4, 2024",
    ):
        assert find_written_date(stands).wrong_weekday, stands


def test_a_bylines_weekday_never_undates_an_iso_metadata_date() -> None:
    """A page whose <meta> said 2024-03-04 and whose byline wrote "The Sun, March 4,
    2024" was undated; a byline's wrong weekday does not outweigh a date the metadata
    states in ISO form."""
    meta = '<meta property="article:published_time" content="2024-03-04T10:00:00Z">'
    for line in (
        '<p class="byline">By Jane Doe, The Sun, March 4, 2024</p>',
        '<p class="byline">By Jane Doe | Saturday, March 4, 2024</p>',
    ):
        page = document_from_html(_page(line, meta), "sun.html")
        assert page.published.startswith("2024-03-04"), line
        assert "published_raw" not in page.meta, line


def test_a_byline_boxs_time_is_a_part_of_its_own() -> None:
    """ "<span>By Jane Doe</span><time>Saturday, March 3, 2024</time>" in a byline box
    read "By Jane DoeSaturday, March 3, 2024": the author was "Jane DoeSaturday" and
    the wrong weekday passed unseen."""
    for weekday, published in (("Saturday", None), ("Sunday", "2024-03-03")):
        stamp = f"<time>{weekday}, March 3, 2024</time>"
        box = f'<div class="byline"><span>By Jane Doe</span>{stamp}</div>'
        page = document_from_html(_page(box), "p.html")
        assert (page.author, page.published) == ("Jane Doe", published), weekday
    assert page.meta.get("published_raw") is None


def test_a_time_stamp_opens_a_line_whatever_follows_it() -> None:
    """A byline box parts a line after a line break from the name before it only
    where the line opens with a date or time stamp: a name never does."""
    for line in (
        "Saturday, March 3, 2024",
        "May 3, 2024 | 5 min read",
        "Updated 10:04 GMT",
        "3 hours ago · 2 comments",
        "2024-03-03",
    ):
        assert opens_time_stamp(line), line
    for line in (
        "Jane Doe",
        "and John Roe",
        "May Smith",
        "Posted in News",
        "10:04 Jane",
        "2 Comments",
    ):
        assert not opens_time_stamp(line), line
