"""A time of day with no date (`history prune --before 12:00`, `report --since
12:00`) was told "expected a duration like 90d ... or a date like 2026-05-01", as if
no time could be given; it says what to write now, and a time no clock shows (25:00)
is named as such."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.durations import parse_end, parse_point
from audits.errors import UsageError
from cli.app import app

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("12:00", "a time needs a date, like 2026-05-01T12:00"),
        ("12:00:30", "a time needs a date, like 2026-05-01T12:00:30"),
        ("9:30", "a time needs a date, like 2026-05-01T09:30"),
        ("T12:00Z", "a time needs a date, like 2026-05-01T12:00Z"),
        ("12:00+02:00", "a time needs a date, like 2026-05-01T12:00+02:00"),
        ("25:00", "not a time of day (00:00 to 23:59:59)"),
        ("12:60", "not a time of day (00:00 to 23:59:59)"),
        ("12:00:61", "not a time of day (00:00 to 23:59:59)"),
    ],
)
def test_a_time_alone_says_what_to_write(spec: str, says: str) -> None:
    for read in (parse_point, parse_end):
        with pytest.raises(UsageError) as refused:
            read(spec, NOW, "--since")
        assert str(refused.value) == f"--since {spec!r}: {says}"


def test_the_example_a_time_alone_is_given_reads() -> None:
    with pytest.raises(UsageError) as refused:
        parse_point("9:30+02:00", NOW, "--since")
    example = str(refused.value).rsplit("like ", 1)[1]
    assert parse_point(example, NOW, "--since") == dt.datetime(2026, 5, 1, 7, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("spec", ["12:00+25:00", "12:00+02:99", "12:00-24:00"])
def test_a_zone_no_clock_keeps_is_left_out_of_the_example(spec: str) -> None:
    """The example copied the zone, and was then refused itself."""
    with pytest.raises(UsageError) as refused:
        parse_point(spec, NOW, "--since")
    example = str(refused.value).rsplit("like ", 1)[1]
    assert example == "2026-05-01T12:00"
    assert parse_point(example, NOW, "--since") == dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


def test_digits_beyond_ascii_are_no_time_of_day() -> None:
    """Full-width digits were copied into an example that is itself refused."""
    with pytest.raises(UsageError) as refused:
        parse_point("\uff11\uff12:\uff10\uff10", NOW, "--since")
    assert "expected a duration like 90d" in str(refused.value)


@pytest.mark.parametrize("spec", ["12", "noon", "12h30", "1230"])
def test_what_is_no_time_of_day_keeps_the_usual_hint(spec: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_point(spec, NOW, "--since")
    assert "expected a duration like 90d" in str(refused.value)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["history", "prune", "--before", "12:00"],
            "mtaudit: error: --before '12:00': a time needs a date, like 2026-05-01T12:00",
        ),
        (
            ["report", "--since", "12:00"],
            "mtaudit: error: --since '12:00': a time needs a date, like 2026-05-01T12:00",
        ),
        (
            ["report", "--since", "25:00"],
            "mtaudit: error: --since '25:00': not a time of day (00:00 to 23:59:59)",
        ),
    ],
)
def test_prune_and_report_refuse_a_time_alone_in_one_line(
    runner: CliRunner, isolated_cwd: Path, args: list[str], line: str
) -> None:
    done = runner.invoke(app, [*args, "--history", "h.sqlite"])
    assert done.exit_code == 2, done.output
    assert [each for each in done.stderr.splitlines() if each.strip()] == [line]


@pytest.mark.parametrize(
    ("spec", "zone"),
    [
        ("2026-05-01T12:00+02:99", "+02:99"),
        ("20260501T1200+0299", "+0299"),
        ("2026-05-01 12:00-05:60", "-05:60"),
        ("2026-05-01T12:00+25:00", "+25:00"),
        ("2026-05-01T12:00+02:00:99", "+02:00:99"),
        ("2026-05-01T12:00+25", "+25"),
    ],
)
def test_a_zone_offset_no_clock_keeps_is_refused(spec: str, zone: str) -> None:
    """fromisoformat read +02:99 as +03:39: the window moved by an hour and more."""
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    for parse, what in ((parse_point, "--since"), (parse_end, "--until")):
        with pytest.raises(UsageError) as info:
            parse(spec, now, what)
        assert str(info.value) == (
            f"{what} {spec!r}: {zone} is not a time-zone offset (-23:59 to +23:59)"
        )


def test_a_zone_offset_a_clock_keeps_is_read() -> None:
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    assert parse_point("2026-05-01T12:00-05:30", now) == dt.datetime(
        2026, 5, 1, 17, 30, tzinfo=dt.UTC
    )
    assert parse_point("2026-05-01T12:00+23:59", now) == dt.datetime(
        2026, 4, 30, 12, 1, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    "raw",
    [
        "2026-05-01T12:00:00+02:99",
        "2026-05-01 12:00+02:99",
        "2026-05-01T12:00+0299",
        "2026-05-01T12:00:00+25:00",
        "2026-05-01T12:00:00-05:60",
        "Fri, 01 May 2026 12:00:00 +0299",
        # A note in brackets after the offset (RFC 822's comment) hid it.
        "Fri, 01 May 2026 12:00:00 +0299 (XYZ)",
        "Fri, 01 May 2026 12:00:00 +0299 (IST)",
    ],
)
def test_an_rss_date_with_a_zone_offset_no_clock_keeps_is_unreadable(raw: str) -> None:
    """An RSS entry's date is no date, as a JSON Feed item's is: feedparser read noon
    at +02:99 as 08:21 UTC (+03:39), at +0299 as 09:51 and at +25:00 as 11:00 the day
    before. (A named offset, "GMT+02:99", was no date or feedparser's day already.)"""
    from audits.sources.feed import read_feed

    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>R</title><item>'
        "<title>A</title><link>https://r.example/1</link>"
        f"<pubDate>{raw}</pubDate><description>Some text.</description></item>"
        "</channel></rss>"
    ).encode()
    (entry,) = read_feed(rss, "f.xml")
    assert entry.published is None, raw


def test_a_feed_date_with_a_zone_offset_no_clock_keeps_is_unreadable() -> None:
    from audits.sources.dates import from_rfc3339

    assert from_rfc3339("2026-05-01T12:00:00+02:99") is None
    assert from_rfc3339("2026-05-01 12:00+02:99") is None  # fromisoformat takes the space
    assert from_rfc3339("2026-05-01 12:00:00+02:30:99") is None
    assert from_rfc3339("2026-05-01T12:00:00+02:00") == dt.datetime(
        2026, 5, 1, 10, 0, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        ("2026-05-01T12:00:00+0530", "2026-05-01T06:30:00+00:00"),
        ("2026-05-01T12:00+0545", "2026-05-01T06:15:00+00:00"),
        ("2026-05-01T12:00:00.25-0930", "2026-05-01T21:30:00+00:00"),
        ("2026-05-01 12:00:00 +0530", "2026-05-01T06:30:00+00:00"),
        ("2026-05-01T12:00:00+0530 (IST)", "2026-05-01T06:30:00+00:00"),
        # Unchanged: the colon's form, and a date alone (not read at 05:30).
        ("2026-05-01T12:00:00+05:30", "2026-05-01T06:30:00+00:00"),
        ("2026-05-01 +0530", "2026-05-01T00:00:00+00:00"),
    ],
)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_iso_feed_date_whose_offset_has_no_colon_is_read_at_that_offset(
    raw: str, utc: str, kind: str
) -> None:
    """An RSS or Atom date's offset written without its colon is read whole, as a JSON
    Feed item's is: feedparser took its hours alone, noon at +0530 as 07:00 UTC and at
    +0545 as 06:55, and --since filtered on that."""
    assert _entry_date(raw, kind) == utc, raw


def _entry_date(raw: str, kind: str) -> str | None:
    """The date read of a feed's one entry dated ``raw``, in an RSS, Atom or JSON Feed."""
    from audits.sources.feed import read_feed

    if kind == "rss":
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>R</title><item>'
            "<title>A</title><link>https://r.example/1</link>"
            f"<pubDate>{raw}</pubDate><description>Some text.</description></item>"
            "</channel></rss>"
        )
    elif kind == "atom":
        feed = (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            "<entry><title>A</title><id>u1</id><link href='https://r.example/1'/>"
            f"<updated>{raw}</updated><content>Some text.</content></entry></feed>"
        )
    else:
        item = {"id": "1", "url": "https://r.example/1", "content_text": "Some text."}
        feed = json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "J",
                "items": [{**item, "date_published": raw}],
            }
        )
    (entry,) = read_feed(feed.encode(), f"f.{'json' if kind == 'json' else 'xml'}")
    return entry.published


@pytest.mark.parametrize(
    ("basic", "extended"),
    [
        ("20260501T120000+0530", "2026-05-01T12:00:00+05:30"),
        ("20260501T120000Z", "2026-05-01T12:00:00Z"),
        ("20260501t120000z", "2026-05-01T12:00:00Z"),
        ("20260501T1200-0930", "2026-05-01T12:00-09:30"),
        ("20260501T120000.25+01", "2026-05-01T12:00:00.25+01:00"),
        ("20260501T120000", "2026-05-01T12:00:00"),
        ("20260501", "2026-05-01"),
        # No day or time a calendar or clock has: no date, either way.
        ("20260532T120000Z", "2026-05-32T12:00:00Z"),
        ("20260230T120000Z", "2026-02-30T12:00:00Z"),
        ("20260501T250000Z", "2026-05-01T25:00:00Z"),
        ("20260501T126000Z", "2026-05-01T12:60:00Z"),
        ("20260501T120000+0599", "2026-05-01T12:00:00+05:99"),
    ],
)
@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_an_iso_basic_feed_date_is_read_as_its_extended_form(
    basic: str, extended: str, kind: str
) -> None:
    """ISO 8601's basic form (20260501T120000+0530) was read by feedparser as midnight
    UTC, the time and offset dropped, and an impossible one (20260532) as another day
    (1 June); a JSON Feed item's was read right. Read as the extended form is, in
    each kind of feed: the same time, or no date."""
    want = _entry_date(extended, "json")
    if want is not None and kind != "json":
        want = want.replace(".250000", "")  # RSS and Atom read to the second
    assert _entry_date(basic, kind) == want, (basic, kind)


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        # ISO's 24:00 and a leap second: the next day's midnight, in either form.
        ("2026-05-01T24:00:00Z", "2026-05-02T00:00:00+00:00"),
        ("20260501T240000Z", "2026-05-02T00:00:00+00:00"),
        ("2026-05-01T23:59:60Z", "2026-05-02T00:00:00+00:00"),
        ("20260501T235960Z", "2026-05-02T00:00:00+00:00"),
        ("2026-05-01T24:00:00.5Z", None),
        # Forms feedparser read as the day's midnight or another day.
        ("20260501T120000+05:30", "2026-05-01T06:30:00+00:00"),
        ("2026-05-01T120000Z", "2026-05-01T12:00:00+00:00"),
        ("2026-W18-5", "2026-05-01T00:00:00+00:00"),
        # UTC by its name: the same rule, so an impossible day is none here too.
        ("2026-05-01T12:00:00 GMT", "2026-05-01T12:00:00+00:00"),
        ("2026-05-01 12:00 UTC", "2026-05-01T12:00:00+00:00"),
        ("2026-05-32T12:00:00 GMT", None),
    ],
)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_iso_feed_date_is_read_by_one_rule_in_either_form(
    raw: str, utc: str | None, kind: str
) -> None:
    """Every ISO date without a zone's name is read as RFC 3339 reads it: feedparser
    read 20260501T120000+05:30 and 2026-05-01T120000Z as midnight and 2026-W18-5 as
    1 December, and the basic 20260501T240000Z was no date where 24:00:00 was 2 May."""
    assert _entry_date(raw, kind) == utc, raw


@pytest.mark.parametrize(
    "raw",
    [
        "2026-05-32T12:00:00Z",
        "2026-02-30T12:00:00+01:00",
        "2026-13-01T12:00:00Z",
        "2026-05-01T25:00:00Z",
        "2026-05-01T12:60:00Z",
        "2026-05-32",
    ],
)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_impossible_iso_feed_date_is_no_date(raw: str, kind: str) -> None:
    """feedparser carried an impossible day or time into the next (2026-05-32 was 1
    June, 25:00 the next day's 01:00), where a JSON Feed item's was no date."""
    assert _entry_date(raw, kind) is None, raw
    assert _entry_date(raw, "json") is None, raw


def test_a_basic_date_alone_counts_until_its_days_end() -> None:
    """`audit --since 2026-05-01T12:00` kept an article dated 2026-05-01 (the day it
    falls in) and dropped one dated 20260501, read as its midnight."""
    from audits.sources.dates import older_than

    since = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    assert not older_than("2026-05-01", since)
    assert not older_than("20260501", since)
    assert older_than("20260430", since)
    assert older_than("20260501T115959Z", since)
    assert not older_than("20260501T120000Z", since)
