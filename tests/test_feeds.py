"""Feeds, pages and lists of URLs, end to end through `mtaudit audit`.

Remote inputs come from the real server on 127.0.0.1 (tests/feedserver.py).
Each case checks what the user sees: the JSON report's entries and errors,
the exit code and the lines on stderr.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import tracemalloc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import feedparser
import lxml.html
import pytest
import trafilatura
from typer.testing import CliRunner

from audits.document import Document
from audits.sources import read_inputs
from audits.sources.excerpts import drop_cut_sentence
from audits.sources.feed import parse_json_feed, parse_xml_feed, read_feed
from audits.sources.more_links import drop_more_links, may_hold_more_link
from audits.sources.sniff import sniff_kind
from audits.sources.xmlsafe import make_safe
from cli.app import app
from tests import feedserver
from tests.conftest import SAMPLES, SEED
from tests.feedserver import FeedServer

RSS = SAMPLES / "world-desk.rss"
ATOM = SAMPLES / "europe-briefing.atom"

FAST_HTTP = """
http_connect_timeout = 0.5
http_read_timeout = 0.4
http_total_timeout = 5
http_retries = 1
http_backoff = 0.01
http_max_bytes = 1048576
"""


@dataclass
class Outcome:
    code: int
    report: dict
    errors: list[str]  # stderr lines, but for the gate's (exit 1 names what failed)

    @property
    def docs(self) -> list[dict]:
        return self.report["documents"]

    def ok(self) -> list[dict]:
        return [d for d in self.docs if d["status"] == "ok"]

    def failed(self) -> list[dict]:
        return [d for d in self.docs if d["status"] == "error"]


@pytest.fixture
def audit(runner: CliRunner, tmp_path: Path):
    config = tmp_path / "mtaudit.toml"
    config.write_text(FAST_HTTP, encoding="utf-8")

    def run(*args: str, config_text: str | None = None) -> Outcome:
        if config_text is not None:
            config.write_text(FAST_HTTP + config_text, encoding="utf-8")
        result = runner.invoke(
            app, ["audit", *args, "--no-lm", "--config", str(config), "--format", "json"]
        )
        assert "Traceback" not in result.stderr
        report = json.loads(result.stdout) if result.stdout.strip() else {}
        lines = [ln for ln in result.stderr.splitlines() if ln.strip() and "gate failed:" not in ln]
        return Outcome(result.exit_code, report, lines)

    return run


# --- feeds from files ------------------------------------------------------------------------


def test_rss_entries_become_documents_with_their_metadata(audit) -> None:
    out = audit(str(RSS))
    assert out.code in (0, 1) and out.errors == []
    assert [d["id"] for d in out.docs] == [
        "ht-world-2024-0312-paris-rents",
        "ht-world-2024-0311-dock-strike",
        "ht-world-2024-0310-coastal-trains",
    ]
    paris = out.docs[0]
    assert paris["title"] == "Paris unveils its plan against the rise of rents"
    assert paris["url"] == "https://harbour-times.example.org/world/paris-rent-plan"
    assert paris["published"] == "2024-03-12T07:15:00+00:00"  # 08:15 +0100, in UTC
    assert paris["author"] == "Claire Dumont"
    assert paris["source"] == f"{RSS}#1"
    assert paris["meta"]["feed_title"] == "Harbour Times: World Desk"
    assert paris["meta"]["feed_format"] == "rss20"
    assert paris["meta"]["text_from"] == "content"
    assert paris["meta"]["tags"] == ["Housing"]


def test_content_is_preferred_over_summary_and_scripts_never_reach_the_text(audit) -> None:
    out = audit(str(RSS))
    paris = out.docs[0]
    text = "\n".join(s["text"] for s in paris["sentences"])
    # The entry's title opens the text, as a page's headline does.
    assert text.startswith(f"{paris['title']}\nParis | The Minister of Housing, Olivier Lacroix")
    # The <description> is a teaser; the <content:encoded> is the article.
    assert "The government wants to cap rent increases" not in text
    assert "« We cannot accept that a family consecrates half of its revenues" in text
    assert "analytics" not in text and "share-bar" not in text and "display" not in text
    # The title, then one paragraph per <p>.
    assert paris["stats"]["paragraphs"] == 5
    trains = out.docs[2]
    assert trains["meta"]["text_from"] == "summary"
    assert trains["stats"]["paragraphs"] == 3


def test_atom_html_and_xhtml_content(audit) -> None:
    out = audit(str(ATOM))
    assert out.code in (0, 1) and out.errors == []
    berlin, glacier = out.docs
    assert berlin["id"] == "tag:continental-wire.example.net,2024:europe/berlin-wind-expansion"
    assert berlin["published"] == "2024-03-13T17:45:00+00:00"
    assert berlin["author"] == "Jonas Weber"
    assert berlin["meta"]["feed_format"] == "atom10"
    assert berlin["sentences"][0]["text"] == berlin["title"]
    assert berlin["sentences"][1]["text"].startswith("Berlin – The Federal Minister for Economy")
    assert any("„We must now finally become faster“" in s["text"] for s in berlin["sentences"])
    assert glacier["meta"]["text_from"] == "content"
    assert glacier["stats"]["paragraphs"] == 4
    assert glacier["url"] == "https://continental-wire.example.net/europe/glacier-museum-reopens"


def test_offsets_point_into_the_document_text() -> None:
    docs = list(read_inputs([str(RSS), str(ATOM)]))
    assert len(docs) == 5
    for doc in docs:
        assert doc.text.strip() == doc.text
        assert "\n\n\n" not in doc.text and "<" not in doc.text


def test_html_entity_names_in_a_feed_are_read_without_an_error(tmp_path: Path, audit) -> None:
    feed = tmp_path / "entities.rss"
    feed.write_text(
        feedserver._rss(
            feedserver._item(
                "Caf&eacute; wins heritage grant",
                "cafe",
                "The caf&eacute; on the quay&nbsp;has won a grant &mdash; its first.",
            )
        ),
        encoding="utf-8",
    )
    out = audit(str(feed))
    assert out.code in (0, 1) and out.errors == []
    [doc] = out.docs
    assert doc["title"] == "Café wins heritage grant"
    assert doc["sentences"][1]["text"] == "The café on the quay has won a grant — its first."


def test_illegal_character_references_and_lone_surrogates_become_replacement_characters(
    tmp_path: Path, audit
) -> None:
    body = "The minister said {} that the talks in Geneva would resume next week."
    rss = tmp_path / "refs.rss"
    rss.write_text(
        feedserver._rss(feedserver._item("Talks&#xD800;", "talks", body.format("&#xD800;&#0;"))),
        encoding="utf-8",
    )
    # JSON may escape half a surrogate pair; json.dumps writes it as "\ud800".
    item = {"id": "1", "title": "Talks\ud800", "content_text": body.format("\ud800")}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "F", "items": [item]}
    json_feed = tmp_path / "feed.json"
    json_feed.write_text(json.dumps(feed), encoding="utf-8")
    for path in (rss, json_feed):
        out = audit(str(path))
        assert out.code in (0, 1) and out.errors == [], out.errors
        [doc] = out.docs
        assert doc["status"] == "ok" and doc["title"] == "Talks\ufffd"
        assert "said \ufffd" in doc["sentences"][1]["text"]


def test_max_entries_and_since(audit) -> None:
    assert len(audit(str(RSS), "--max-entries", "2").docs) == 2
    since = audit(str(RSS), str(ATOM), "--since", "2024-03-12")
    assert [d["published"][:10] for d in since.docs] == ["2024-03-12", "2024-03-13", "2024-03-12"]
    both = audit(str(RSS), str(ATOM), "--since", "2024-03-11T12:00:00Z", "--max-entries", "1")
    assert [d["title"] for d in both.docs] == [
        "Paris unveils its plan against the rise of rents",
        "Berlin wants to accelerate the expansion of wind energy",
    ]


def test_since_accepts_a_relative_age(tmp_path: Path, audit) -> None:
    now = dt.datetime.now(dt.UTC)
    items = "\n".join(
        feedserver._item(
            title, slug, text, date=(now - age).strftime("%a, %d %b %Y %H:%M:%S +0000")
        )
        for title, slug, text, age in [
            ("Council approves budget", "budget", feedserver.COUNCIL, dt.timedelta(days=2)),
            ("Schools share a head", "schools", feedserver.SCHOOLS, dt.timedelta(days=10)),
        ]
    )
    feed = tmp_path / "recent.rss"
    feed.write_text(feedserver._rss(items), encoding="utf-8")
    assert [d["title"] for d in audit(str(feed), "--since", "7d").docs] == [
        "Council approves budget"
    ]
    assert len(audit(str(feed), "--since", "2w").docs) == 2


def test_since_is_a_day_in_the_configs_zone_as_for_report(tmp_path: Path, audit) -> None:
    """With tz = "Europe/Paris", `report --since 2024-03-12` starts at Paris's midnight
    and `audit --since 2024-03-12` at UTC's: an entry at 00:30 that night in Paris was
    left out of the day the report counted it in."""
    items = "\n".join(
        feedserver._item(title, slug, text, date=date)
        for title, slug, text, date in [
            (
                "Council approves budget",
                "budget",
                feedserver.COUNCIL,
                "Mon, 11 Mar 2024 23:30:00 +0000",
            ),
            (
                "Schools share a head",
                "schools",
                feedserver.SCHOOLS,
                "Mon, 11 Mar 2024 22:30:00 +0000",
            ),
        ]
    )
    feed = tmp_path / "night.rss"
    feed.write_text(feedserver._rss(items), encoding="utf-8")
    paris = audit(str(feed), "--since", "2024-03-12", config_text='tz = "Europe/Paris"\n')
    assert [d["title"] for d in paris.docs] == ["Council approves budget"]
    assert audit(str(feed), "--since", "2024-03-12", config_text="").docs == []
    # A time the clock skips there is refused, as `report --since` refuses it.
    skipped = audit(str(feed), "--since", "2024-03-31T02:30", config_text='tz = "Europe/Paris"\n')
    assert skipped.code == 2 and "does not exist in Europe/Paris" in skipped.errors[0]


def test_since_keeps_undated_entries_and_says_so(tmp_path: Path, audit) -> None:
    # Nothing says an entry without a date is old, and a feed that dates nothing
    # would yield nothing; but the user asked for new entries only, and these may
    # be audited again on every run: the run says which they are.
    items = [
        feedserver._item("Council approves budget", "budget", feedserver.COUNCIL),
        feedserver._item("Schools share a head", "schools", feedserver.SCHOOLS, date="soon"),
        feedserver._item("More trams", "trams", feedserver.TRAMS),
    ]
    items[2] = items[2].replace("<pubDate>Mon, 11 Mar 2024 10:00:00 +0000</pubDate>", "")
    feed = tmp_path / "undated.rss"
    feed.write_text(feedserver._rss("\n".join(items)), encoding="utf-8")
    out = audit(str(feed), "--since", "2024-03-12")
    assert [d["title"] for d in out.docs] == ["Schools share a head", "More trams"]
    assert [d["meta"].get("undated_kept_by_since") for d in out.docs] == [True, True]
    assert out.errors == [
        f"mtaudit: warning: --since kept 2 feed entries without a readable date ({feed}#2, "
        f"{feed}#3): nothing says whether they are new"
    ]
    everything = audit(str(feed))
    assert everything.errors == [] and len(everything.docs) == 3
    assert not any("undated_kept_by_since" in d["meta"] for d in everything.docs)


def test_since_dates_an_entry_without_a_date_field_by_its_byline(tmp_path: Path, audit) -> None:
    # A feed whose items carry no <pubDate> but open with the site's byline: --since
    # chose entries before their text was read, so last week's stories were kept
    # (and warned of) as undated, and none had a published date.
    def undated(title: str, slug: str, byline: str, text: str) -> str:
        item = feedserver._item(title, slug, escape(f"<p>{byline}</p><p>{text}</p>"))
        return item.replace("<pubDate>Mon, 11 Mar 2024 10:00:00 +0000</pubDate>", "")

    items = [
        undated(
            "Council approves budget", "budget", "By Jane Doe | March 4, 2024", feedserver.COUNCIL
        ),
        undated(
            "Schools share a head",
            "schools",
            "By John Roe, Sunday, March 17, 2024",
            feedserver.SCHOOLS,
        ),
        undated("More trams", "trams", "By Mary Poe", feedserver.TRAMS),
    ]
    feed = tmp_path / "bylined.rss"
    feed.write_text(feedserver._rss("\n".join(items)), encoding="utf-8")
    out = audit(str(feed), "--since", "2024-03-12")
    assert [(d["title"], d["published"]) for d in out.docs] == [
        ("Schools share a head", "2024-03-17"),
        ("More trams", None),
    ]
    assert "undated_kept_by_since" not in out.docs[0]["meta"]
    assert out.errors == [
        f"mtaudit: warning: --since kept 1 feed entry without a readable date ({feed}#3): "
        "nothing says whether it is new"
    ]
    # --max-entries counts the entries chosen, not the one left out by its byline.
    capped = audit(str(feed), "--since", "2024-03-12", "--max-entries", "1")
    assert [d["title"] for d in capped.docs] == ["Schools share a head"]
    assert audit(str(feed)).docs[0]["published"] == "2024-03-04"


def test_since_keeps_an_entry_dated_at_it_and_frees_a_dropped_entrys_id() -> None:
    """An entry whose <pubDate> is the --since time itself is kept, as select_entries
    keeps it: the byline-date check ran on every entry and dropped ``when <= since``.
    One without a date field, dated by its byline before --since, is left out and
    leaves its id to the entry after it with the same <guid>."""
    from audits.sources.feed import FeedOptions

    def bylined(slug: str, byline: str, text: str) -> str:
        item = feedserver._item(slug.title(), slug, escape(f"<p>{byline}</p><p>{text}</p>"))
        return item.replace("<pubDate>Mon, 11 Mar 2024 10:00:00 +0000</pubDate>", "")

    items = [
        feedserver._item("Budget", "budget", feedserver.COUNCIL, "Mon, 04 Mar 2024 00:00:00 GMT"),
        bylined("schools", "By John Roe | March 3, 2024", feedserver.SCHOOLS),
        bylined("schools", "By John Roe | March 4, 2024", feedserver.SCHOOLS),
    ]
    since = dt.datetime(2024, 3, 4, tzinfo=dt.UTC)
    docs = read_feed(
        feedserver._rss("\n".join(items)).encode(), "b.rss", options=FeedOptions(since=since)
    )
    assert [(d.id, d.published) for d in docs] == [
        ("ht-city-budget", "2024-03-04T00:00:00+00:00"),
        ("ht-city-schools", "2024-03-04"),
    ]


@pytest.mark.parametrize("since", ["99999999d", "0001-01-01T00:00+05:00"])
def test_since_past_the_calendar_is_a_usage_error(audit, since: str) -> None:
    out = audit(str(RSS), "--since", since)
    assert out.code == 2 and out.report == {}
    assert out.errors == [
        f"mtaudit: error: --since {since!r}: out of range (dates run from year 1 to 9999, in UTC)"
    ]


def test_a_date_past_the_calendar_is_no_date_for_that_entry_only(tmp_path: Path, audit) -> None:
    """Year 1 at +05:00 and year 9999 at -05:00 fall outside the calendar in UTC."""
    feed = dict(feedserver.JSON_FEED)
    early, late = feed["items"]
    feed["items"] = [
        {**early, "date_published": "0001-01-01T00:00:00+05:00"},
        {**late, "date_published": "9999-12-31T23:00:00-05:00"},
        {**late, "id": "vc-dated"},
    ]
    path = tmp_path / "edges.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    out = audit(str(path), str(SEED), "--since", "2024-01-01")
    assert out.code in (0, 1) and len(out.errors) == 1
    assert out.errors[0].startswith("mtaudit: warning: --since kept 2 feed entries without")
    assert [d["status"] for d in out.docs] == ["ok"] * 4
    assert [d["published"] for d in out.docs[:3]] == [None, None, "2024-03-09T14:00:00+00:00"]
    assert out.docs[0]["meta"]["published_raw"] == "0001-01-01T00:00:00+05:00"


def test_feed_settings_from_the_config_file(audit) -> None:
    out = audit(str(RSS), config_text='max_entries = 1\nsince = "2024-03-01"\n')
    assert len(out.docs) == 1
    bad = audit(str(RSS), config_text='since = "last tuesday"\n')
    assert bad.code == 2
    assert "mtaudit.toml: since 'last tuesday': expected a duration like 90d" in bad.errors[0]


def test_input_kind_overrides_sniffing(tmp_path: Path, audit) -> None:
    as_txt = tmp_path / "feed-saved-as.txt"
    as_txt.write_bytes(RSS.read_bytes())
    assert len(audit(str(as_txt)).docs) == 1  # .txt is read as text...
    assert len(audit(str(as_txt), "--input-kind", "feed").docs) == 3  # ...unless told


def test_directory_walk_picks_up_feeds_but_not_other_xml(tmp_path: Path, audit) -> None:
    (tmp_path / "world.xml").write_bytes(RSS.read_bytes())
    (tmp_path / "europe.atom").write_bytes(ATOM.read_bytes())
    (tmp_path / "pom.xml").write_text("<?xml version='1.0'?><project><name>x</name></project>")
    (tmp_path / "reading-list.urls").write_text("https://example.org/a\n")
    out = audit(str(tmp_path))
    assert out.code in (0, 1) and out.errors == []
    assert len(out.docs) == 5


def test_a_folder_walk_never_fetches_a_text_file_of_urls(
    feed_server: FeedServer, tmp_path: Path, audit
) -> None:
    # README: auditing a directory never touches the network. A links.txt that is
    # mostly URLs, found by the walk, was read as a list and every URL fetched.
    feed_server.reset()
    (tmp_path / "story.txt").write_text(feedserver.COUNCIL, encoding="utf-8")
    links = tmp_path / "links.txt"
    links.write_text(feed_server.url("/pages/ferry.html") + "\n", encoding="utf-8")
    out = audit(str(tmp_path), "--fetch-private-links")
    assert not feed_server.hits
    assert [d["source"] for d in out.docs] == [str(tmp_path / "story.txt")]
    assert out.code == 0  # story.txt is clean prose
    assert out.errors == [
        f"mtaudit: warning: {links}: a list of URLs, which a folder walk does not follow "
        "(auditing a folder never touches the network; name the file to fetch them): "
        "nothing to audit"
    ]
    # Named, or matched by a glob, it is read as a list, as README says.
    for name in (str(links), str(tmp_path / "l*.txt")):
        assert [d["source"] for d in audit(name, "--fetch-private-links").docs] == [
            feed_server.url("/pages/ferry.html")
        ]


def test_a_folder_walk_that_finds_only_lists_of_urls_holds_no_article_files(
    feed_server: FeedServer, tmp_path: Path, audit
) -> None:
    # A folder holding only feeds.urls is "directory holds no article files", exit 2;
    # one holding only a links.txt the walk does not follow exited 0 having audited
    # nothing, so a CI job pointed at it passed.
    feed_server.reset()
    folder = tmp_path / "news"
    folder.mkdir()
    links = folder / "links.txt"
    links.write_text(feed_server.url("/pages/ferry.html") + "\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(feedserver.COUNCIL, encoding="utf-8")
    out = audit(str(folder), str(tmp_path / "story.txt"), "--fetch-private-links")
    assert not feed_server.hits
    assert out.code == 2
    assert [d["source"] for d in out.ok()] == [str(tmp_path / "story.txt")]
    [failure] = out.failed()
    assert failure["source"] == str(folder)
    assert failure["error"].startswith("directory holds no article files (.atom ")
    assert out.errors[0] == (
        f"mtaudit: warning: {links}: a list of URLs, which a folder walk does not follow "
        "(auditing a folder never touches the network; name the file to fetch them): "
        "nothing to audit"
    )
    assert len(out.errors) == 2 and out.errors[1].endswith(failure["error"])


@pytest.mark.parametrize("kind", ["x-ndjson", "jsonl", "jsonlines", "x-jsonlines"])
def test_json_lines_too_damaged_to_sniff_is_read_as_its_content_type_says(
    feed_server: FeedServer, audit, kind: str
) -> None:
    # Lines too few of which are records to sniff as JSON Lines: served as
    # application/x-ndjson they were JSON Lines with an error per bad line, but as
    # application/jsonl, jsonlines or x-jsonlines they were audited as one English text.
    url = feed_server.url(f"/cut-records/{kind}")
    out = audit(url)
    assert [d["id"] for d in out.ok()] == ["a", "c"]
    assert [d["source"] for d in out.failed()] == [f"{url}:{n}" for n in (2, 3, 5)]


@pytest.mark.parametrize("named", ["links.txt", "l*.txt"])
def test_a_list_named_after_its_folder_is_fetched(
    feed_server: FeedServer, tmp_path: Path, audit, named: str
) -> None:
    # `audit news news/links.txt`: the walk reached the list first and the name given
    # after it was dropped as the same file, so the list was skipped as walked, with a
    # warning to name the file, which the user had done; named first, it was fetched.
    (tmp_path / "story.txt").write_text(feedserver.COUNCIL, encoding="utf-8")
    links = tmp_path / "links.txt"
    links.write_text(feed_server.url("/pages/ferry.html") + "\n", encoding="utf-8")
    for args in ([str(tmp_path), str(tmp_path / named)], [str(tmp_path / named), str(tmp_path)]):
        out = audit(*args, "--fetch-private-links")
        assert out.errors == []
        assert sorted(d["source"] for d in out.docs) == sorted(
            [feed_server.url("/pages/ferry.html"), str(tmp_path / "story.txt")]
        )


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<?xml version='1.0'?><notes><p>Hello</p></notes>", "not a feed"),
        (
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour Times</title",
            "no entries could be recovered",
        ),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "invalid JSON Feed"),
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "items":' + b"[" * 3000,
            "invalid JSON Feed (arrays and objects nested too deeply (3001 levels) at line 1,",
        ),
    ],
)
def test_a_feed_that_yields_nothing_is_one_error_line(
    tmp_path: Path, audit, data: bytes, reason: str
) -> None:
    feed = tmp_path / "empty.xml"
    feed.write_bytes(data)
    out = audit(str(feed), str(SEED))
    assert out.code == 2
    [failure] = out.failed()
    assert failure["source"] == str(feed) and reason in failure["error"]
    assert len(out.ok()) == 1  # the other input is still audited
    assert len(out.errors) == 1 and reason in out.errors[0]


@pytest.mark.parametrize(
    "data, reason",
    [
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet desk</title>'
            b"</channel></rss>",
            "the feed (rss20) has no entries",
        ),
        (
            b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            b"<title>Quiet desk</title><id>urn:x</id><updated>2024-03-12T08:00:00Z</updated>"
            b"</feed>",
            "the feed (atom10) has no entries",
        ),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "Q", "items": []}', "(json11)"),
    ],
)
def test_a_valid_feed_with_no_entries_is_a_warning_not_an_error(
    tmp_path: Path, audit, data: bytes, reason: str
) -> None:
    """A new or a quiet feed, well formed and with no entries, exited 2 as if it could
    not be read: a scheduled job over it failed every night it had no news. It is one
    warning (a run that audited nothing says why) and the gate's own status."""
    feed = tmp_path / "quiet.xml"
    feed.write_bytes(data)
    alone = audit(str(feed), "--fail-on", "C")
    assert alone.code == 0 and alone.docs == [] and alone.failed() == []
    [line] = alone.errors
    assert line.startswith(f"mtaudit: warning: {feed}: the feed ") and reason in line
    assert line.endswith("has no entries: nothing to audit")
    beside = audit(str(feed), str(SEED))
    assert beside.code in (0, 1) and beside.failed() == [] and len(beside.ok()) == 1


def test_a_json_feed_with_odd_items_keeps_the_good_ones(tmp_path: Path, audit) -> None:
    feed = dict(feedserver.JSON_FEED)
    feed["items"] = [
        "not an object",
        {**feed["items"][0], "tags": 5, "authors": "Eleanor Marsh", "title": 7},
        feed["items"][1],
    ]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    out = audit(str(path))
    assert out.code == 2
    assert [d["status"] for d in out.docs] == ["error", "ok", "ok"]
    assert out.docs[0]["error"] == ("1 item is not a readable JSON Feed item; 2 entries recovered")
    assert out.docs[1]["title"] is None and out.docs[1]["author"] is None
    assert out.docs[1]["source"] == f"{path}#2"


def test_an_entry_without_text_is_an_error_with_a_hint(tmp_path: Path, audit) -> None:
    feed = tmp_path / "titles.rss"
    feed.write_text(
        feedserver._rss(
            feedserver._item("Council approves budget", "budget", feedserver.COUNCIL)
            + "\n"
            + feedserver._item("Schools to share a head teacher", "schools", "")
        ),
        encoding="utf-8",
    )
    out = audit(str(feed))
    assert out.code == 2
    assert [d["status"] for d in out.docs] == ["ok", "error"]
    assert out.docs[1]["id"] == "ht-city-schools"
    assert out.docs[1]["error"] == (
        "the entry has no text, only a title (--fetch-articles audits the linked page)"
    )
    # The error names the story: it showed "title": null and "url": null.
    assert out.docs[1]["title"] == "Schools to share a head teacher"
    assert out.docs[1]["url"] == "https://harbour-times.example.org/city/schools"
    # And its feed, as its neighbours' meta names it: --history counted the error
    # with its folder, not its feed.
    assert out.docs[1]["meta"] == {
        k: out.docs[0]["meta"][k] for k in ("feed_title", "feed_link", "feed_format")
    } | {"entry_index": 2}


def test_an_entry_without_an_author_is_its_atom_or_json_feeds(tmp_path: Path, audit) -> None:
    # Atom (RFC 4287, 4.2.1) and JSON Feed 1.1 give an entry without an author the
    # feed's: a wire's feed naming "Reuters" once had entries with no author.
    entry = (
        "<entry><title>{title}</title><id>https://wire.example/{n}</id>"
        "<link href='https://wire.example/{n}'/><updated>2024-03-11T10:00:00Z</updated>"
        "{author}<content>{text}</content></entry>"
    )
    atom = tmp_path / "wire.atom"
    atom.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        "<id>urn:wire</id><updated>2024-03-11T10:00:00Z</updated>"
        "<author><name>Reuters</name></author>"
        + entry.format(title="Budget", n=1, author="", text=feedserver.COUNCIL)
        + entry.format(
            title="Schools",
            n=2,
            author="<author><name>Jane Doe</name></author>",
            text=feedserver.SCHOOLS,
        )
        + "</feed>",
        encoding="utf-8",
    )
    feed = dict(feedserver.JSON_FEED)
    feed["authors"] = [{"name": "Reuters"}]
    feed["items"] = [
        {"id": "1", "content_text": feedserver.COUNCIL},
        {"id": "2", "content_text": feedserver.SCHOOLS, "authors": [{"name": "Jane Doe"}]},
    ]
    json_feed = tmp_path / "wire.json"
    json_feed.write_text(json.dumps(feed), encoding="utf-8")
    for path in (atom, json_feed):
        assert [d["author"] for d in audit(str(path)).docs] == ["Reuters", "Jane Doe"], path
    # RSS has no such rule: a channel's managingEditor wrote none of its items.
    rss = tmp_path / "metro.rss"
    rss.write_text(
        feedserver._rss(
            feedserver._item("Council approves budget", "budget", feedserver.COUNCIL)
        ).replace("<channel>", "<channel><managingEditor>ed@x.example (Ed Itor)</managingEditor>"),
        encoding="utf-8",
    )
    assert [d["author"] for d in audit(str(rss)).docs] == [None]


def test_an_atom_entry_without_a_link_has_no_url_not_its_id(tmp_path: Path, audit) -> None:
    # feedparser gives an entry without <link> its <id> as the link: the document's
    # url was "urn:uuid:...", and the error promised that --fetch-articles would
    # audit the linked page.
    feed = tmp_path / "wire.atom"
    feed.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        "<id>urn:wire</id><updated>2024-03-11T10:00:00Z</updated>"
        "<entry><title>Copper slips</title><id>urn:uuid:1225c695-cfb8</id>"
        "<updated>2024-03-11T10:00:00Z</updated></entry>"
        f"<entry><title>Budget</title><id>tag:wire,2024:2</id><updated>2024-03-11T10:00:00Z"
        f"</updated><content>{feedserver.COUNCIL}</content></entry></feed>",
        encoding="utf-8",
    )
    for args in ((), ("--fetch-articles",)):
        out = audit(str(feed), *args)
        copper, budget = out.docs
        assert (copper["id"], copper["url"]) == ("urn:uuid:1225c695-cfb8", None)
        assert copper["error"] == "the entry has no text, only a title"
        assert (budget["status"], budget["url"]) == ("ok", None)


# --- feeds, pages and lists over HTTP ----------------------------------------------------------


def test_feeds_over_http(feed_server: FeedServer, audit) -> None:
    out = audit(feed_server.url("/rss.xml"), feed_server.url("/atom.xml"))
    assert out.code in (0, 1) and out.errors == []
    assert len(out.docs) == 5
    assert out.docs[0]["source"] == feed_server.url("/rss.xml") + "#1"


def test_json_feed_over_http(feed_server: FeedServer, audit) -> None:
    out = audit(feed_server.url("/feed.json"))
    assert out.code in (0, 1) and out.errors == []
    bridge, market = out.docs
    assert bridge["id"] == "vc-2024-0311-bridge"
    assert bridge["author"] == "Eleanor Marsh"  # JSON Feed 1.1 "authors"
    assert market["author"] == "Sam Whitley"  # JSON Feed 1.0 "author"
    assert bridge["published"] == "2024-03-11T09:30:00+00:00"
    assert bridge["meta"]["feed_title"] == "Valley Courier: Local"
    assert bridge["meta"]["feed_format"] == "json11"
    assert bridge["stats"]["paragraphs"] == 4 and market["stats"]["paragraphs"] == 3
    assert bridge["sentences"][1]["text"].startswith("The footbridge over the river at Mill Lane")


def test_a_json_feed_without_its_version_is_read_as_a_feed(
    feed_server: FeedServer, tmp_path: Path, audit
) -> None:
    """A JSON Feed with no jsonfeed.org "version", pretty-printed, served as
    application/feed+json or named .json: the whole-document sniff called it a JSON
    document that is no feed, an error with the article lost, where the feed reader
    recovers its entries and says the version is missing."""
    url = feed_server.url("/feed-no-version.json")
    feed = {k: v for k, v in feedserver.JSON_FEED.items() if k != "version"}
    path = tmp_path / "news.json"
    path.write_text(json.dumps({**feed, "version": "1.1"}, indent=2), encoding="utf-8")
    for name in (url, str(path)):
        out = audit(name)
        assert out.code == 2, name
        note, bridge, market = out.docs
        assert note["error"] == 'the feed has no jsonfeed.org "version"; 2 entries recovered'
        assert (bridge["id"], bridge["status"]) == ("vc-2024-0311-bridge", "ok")
        assert (market["id"], market["status"]) == ("vc-2024-0309-market", "ok")


@pytest.mark.parametrize("version", [None, "1.1"])
def test_a_json_feed_on_one_line_without_its_version_is_read_as_a_feed(
    tmp_path: Path, audit, version: str | None
) -> None:
    # json.dumps writes one line: the one object was taken for a one-record JSON Lines
    # dump, 'record has no "text" or "html" string field', and both stories were lost.
    feed = {k: v for k, v in feedserver.JSON_FEED.items() if k != "version"}
    path = tmp_path / "news.json"
    path.write_text(json.dumps(feed if version is None else {**feed, "version": version}))
    out = audit(str(path))
    assert out.code == 2
    note, bridge, market = out.docs
    assert note["error"] == 'the feed has no jsonfeed.org "version"; 2 entries recovered'
    assert (bridge["id"], bridge["status"]) == ("vc-2024-0311-bridge", "ok")
    assert (market["id"], market["status"]) == ("vc-2024-0309-market", "ok")


def test_a_url_answering_json_with_an_integer_of_thousands_of_digits(
    feed_server: FeedServer, tmp_path: Path, audit
) -> None:
    """json.loads raises a plain ValueError for an integer of over 4,300 digits;
    sniffing a URL's answer is outside any reader's guard, so any server could end
    the run (no report, the other inputs lost). It is read as text."""
    good = tmp_path / "good.txt"
    good.write_text("The council met on Tuesday and agreed the budget.\n", encoding="utf-8")
    out = audit(str(good), feed_server.url("/bigint.json"))
    assert len(out.docs) == 2 and out.docs[0]["source"] == str(good)
    assert out.docs[1]["source"] == feed_server.url("/bigint.json")


def test_a_page_url_is_extracted_without_chrome_or_scripts(feed_server: FeedServer, audit) -> None:
    out = audit(feed_server.url("/pages/ferry.html"))
    assert out.code in (0, 1) and out.errors == []
    [page] = out.docs
    text = " ".join(s["text"] for s in page["sentences"])
    assert "The overnight ferry between the harbour and the northern islands" in text
    assert "page-view-ferry" not in text and "Subscribe to our newsletter" not in text
    assert page["url"] == feed_server.url("/pages/ferry.html")


def test_a_file_of_urls(feed_server: FeedServer, tmp_path: Path, audit) -> None:
    listing = tmp_path / "morning.txt"  # sniffed as a list of URLs, not an article
    listing.write_text(
        "# Morning audit: feeds and a page\n\n"
        f"{feed_server.url('/atom.xml')}\n"
        f"{feed_server.url('/pages/ferry.html')}   # the ferry story\n"
        f"{feed_server.url('/missing')}\n"
        "htp:/typo.example.org/feed\n",
        encoding="utf-8",
    )
    out = audit(str(listing))
    assert out.code == 2
    assert [d["status"] for d in out.docs] == ["ok", "ok", "ok", "error", "error"]
    assert out.docs[3]["source"] == feed_server.url("/missing")
    assert out.docs[3]["error"] == "HTTP 404 Not Found"
    assert out.docs[4]["source"] == f"{listing}:6"
    assert out.docs[4]["error"] == "not an http(s) URL: 'htp:/typo.example.org/feed'"
    assert len(out.errors) == 2
    assert out.errors[0].endswith(f"{feed_server.url('/missing')}: HTTP 404 Not Found")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_text_file_of_urls_saved_with_a_byte_order_mark_is_a_list(
    feed_server: FeedServer, tmp_path: Path, audit, encoding: str
) -> None:
    # Notepad saves a UTF-8 BOM (or UTF-16, as "Unicode"): the mark stuck to the first
    # line, which then was no URL, and feeds.txt was audited as an article of URLs.
    page = feed_server.url("/pages/ferry.html")
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"{page}\r\n{feed_server.url('/missing')}\r\n", encoding=encoding)
    out = audit(str(listing))
    assert [d["source"] for d in out.docs] == [page, feed_server.url("/missing")]
    assert [d["status"] for d in out.docs] == ["ok", "error"]
    assert out.code == 2


def test_a_url_named_more_than_once_is_audited_once(
    feed_server: FeedServer, tmp_path: Path, audit
) -> None:
    # A page named twice was two documents, `URL` and `URL#2`, which S520 grouped as
    # near-duplicates of each other; a feed listed twice gave every entry twice.
    page, feed = feed_server.url("/pages/ferry.html"), feed_server.url("/atom.xml")
    listing, other = tmp_path / "morning.txt", tmp_path / "evening.txt"
    listing.write_text(f"{feed}\n{feed}\n", encoding="utf-8")
    other.write_text(f"{feed}\n", encoding="utf-8")
    out = audit(page, str(listing), page, str(other))
    assert out.code in (0, 1) and out.errors == []
    assert [d["source"] for d in out.docs] == [page, f"{feed}#1", f"{feed}#2"]
    assert out.docs[0]["id"] == page
    assert out.report["run_findings"] == []


def test_a_url_named_to_be_read_two_ways_is_read_both_ways(
    feed_server: FeedServer, tmp_path: Path, audit
) -> None:
    # On the command line a served list of URLs is followed; named in a file of URLs
    # it is not. Its mention in the file came first and was the only one read, so
    # the pages the command line asked for were never audited.
    served = feed_server.url("/urls.txt")
    listing = tmp_path / "morning.urls"
    listing.write_text(f"{served}\n", encoding="utf-8")
    out = audit(str(listing), served, "--fetch-private-links")
    assert out.docs[0]["source"] == served
    assert out.docs[0]["error"] == "a list of URLs inside a list of URLs is not followed"
    listed = [d["source"] for d in out.docs[1:]]
    assert feed_server.url("/pages/ferry.html") in listed
    assert any(d["status"] == "ok" for d in out.docs[1:])


def test_a_served_list_of_urls_with_input_kind_urls(feed_server: FeedServer, audit) -> None:
    out = audit(feed_server.url("/urls.txt"), "--input-kind", "urls", "--fetch-private-links")
    assert [d["status"] for d in out.docs] == ["ok", "ok", "ok", "ok", "error", "error"]
    assert out.code == 2


def test_a_served_list_of_urls_never_reaches_private_addresses_by_default(
    feed_server: FeedServer, audit
) -> None:
    # A list of URLs fetched from a server is that server's word, as a feed's links
    # are: a hostile one named the machine's own services (127.0.0.1 here, a cloud
    # metadata endpoint elsewhere), and their answers were audited into the report.
    feed_server.reset()
    out = audit(feed_server.url("/urls.txt"), "--input-kind", "urls")
    assert out.code == 2
    listed = [d for d in out.docs if "/urls.txt" not in d["source"]]
    assert [d["source"] for d in listed] == [
        feed_server.url(path) for path in ("/rss.xml", "/pages/ferry.html", "/missing")
    ]
    for doc in listed:
        assert doc["status"] == "error"
        assert doc["error"].startswith("refused: the link points to 127.0.0.1, a non-public")
        assert "--fetch-private-links" in doc["error"]
    assert feed_server.hits["/urls.txt"] == 1
    assert set(feed_server.hits) == {"/urls.txt"}


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/loop/a", "redirect loop (back to "),
        ("/hop/0", "too many redirects (more than 5)"),
        ("/missing", "HTTP 404 Not Found"),
        ("/broken", "HTTP 500 Internal Server Error (after 2 attempts)"),
        ("/slow", "timed out waiting for data (0.4 s) (after 2 attempts)"),
        ("/huge", "response body is larger than the 1 MiB limit"),
        ("/bomb.xml", "response body is larger than the 1 MiB limit once decompressed"),
        ("/image.png", "unsupported content type image/png"),
    ],
)
def test_one_bad_url_never_stops_the_run(
    feed_server: FeedServer, audit, path: str, reason: str
) -> None:
    bad = feed_server.url(path)
    out = audit(bad, feed_server.url("/feed.json"))
    assert out.code == 2
    [failure] = out.failed()
    assert failure["source"] == bad and failure["verdict"] is None
    assert failure["error"].startswith(reason)
    assert len(out.ok()) == 2  # the good feed is still audited
    assert out.report["summary"]["errors"] == 1
    assert len(out.errors) == 1 and out.errors[0].endswith(f"{bad}: {failure['error']}")


def test_unsupported_url_scheme(audit) -> None:
    out = audit("ftp://files.example.org/feed.xml", str(SEED))
    assert out.code == 2
    assert out.failed()[0]["error"] == "unsupported URL: only http:// and https:// are fetched"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://exa mple.com/feed.xml", "invalid host name 'exa mple.com' (the character ' ')"),
        ("http://", "URL 'http://' has no host name"),
        ("https:///feed.xml", "URL 'https:///feed.xml' has no host name"),
    ],
)
def test_a_malformed_http_url_on_the_command_line_is_named(audit, url: str, reason: str) -> None:
    # Its scheme is http(s), yet it was "unsupported URL: only http:// and https:// are
    # fetched", which sent the reader looking at the scheme, not the host.
    out = audit(url, str(SEED))
    assert out.code == 2
    [failure] = out.failed()
    assert (failure["source"], failure["error"]) == (url, reason)
    assert len(out.ok()) == 1


def test_a_malformed_http_url_in_a_list_is_named_as_on_the_command_line(
    tmp_path: Path, audit
) -> None:
    # A list's line "http://" was "not an http(s) URL: 'http://'", where on the command
    # line it is "URL 'http://' has no host name".
    listing = tmp_path / "bad.urls"
    listing.write_text(
        "http://\nhttps:///feed.xml\nhttps://exa mple.com/feed.xml\nhtp:/typo.example\n",
        encoding="utf-8",
    )
    out = audit(str(listing))
    assert out.code == 2
    assert [(d["source"], d["error"]) for d in out.failed()] == [
        (f"{listing}:1", "URL 'http://' has no host name"),
        (f"{listing}:2", "URL 'https:///feed.xml' has no host name"),
        (f"{listing}:3", "invalid host name 'exa mple.com' (the character ' ')"),
        (f"{listing}:4", "not an http(s) URL: 'htp:/typo.example'"),
    ]


def test_charset_only_in_the_header(feed_server: FeedServer, audit) -> None:
    out = audit(feed_server.url("/latin9.xml"))
    assert out.errors == []
    [doc] = out.docs
    assert doc["title"] == "Harbour café wins €12,000 grant"
    text = doc["sentences"][1]["text"]
    assert "€12,000 grant to restore its façade" in text
    assert "Zoë and Stéphane Marchetti" in " ".join(s["text"] for s in doc["sentences"])


def test_a_charset_that_fails_to_decode_is_ignored_and_detected(
    feed_server: FeedServer, audit
) -> None:
    """``charset=undefined`` names Python's codec that fails on every input; the
    declaration is unusable, so the encoding is detected as if none were given."""
    out = audit(feed_server.url("/undefined.xml"), feed_server.url("/undefined.txt"))
    assert out.errors == [] and [d["status"] for d in out.docs] == ["ok", "ok"]
    # Detection cannot tell Latin-9 from Latin-1 (€ or ¤); the accents are right.
    assert out.docs[0]["title"].startswith("Harbour café wins ")
    assert "The café stays open." in " ".join(s["text"] for s in out.docs[1]["sentences"])
    pages = audit(
        feed_server.url("/undefined-pages.xml"), "--fetch-articles", "--fetch-private-links"
    )
    assert pages.errors == [] and len(pages.docs) == 2
    for doc in pages.docs:  # one page says so in its header, the other in <meta>
        assert doc["meta"]["text_from"] == "article page"
        assert "between the harbour café and" in " ".join(s["text"] for s in doc["sentences"])


def test_fetch_articles_for_summary_only_entries(feed_server: FeedServer, audit) -> None:
    plain = audit(feed_server.url("/summary-only.xml"))
    assert [d["meta"]["text_from"] for d in plain.docs] == ["summary"] * 3
    assert plain.code in (0, 1)

    out = audit(feed_server.url("/summary-only.xml"), "--fetch-articles", "--fetch-private-links")
    assert out.code == 2
    ferry, library, lighthouse = out.docs
    assert ferry["meta"]["text_from"] == "article page"
    assert ferry["title"] == "Night ferry returns after two-year pause"
    assert ferry["published"] == "2024-03-11T10:00:00+00:00"  # from the feed
    assert ferry["stats"]["paragraphs"] >= 4
    text = " ".join(s["text"] for s in ferry["sentences"])
    assert "Morag Sinclair" in text and "page-view-ferry" not in text
    # The link redirected; the document points at the page that was read.
    assert library["url"] == feed_server.url("/pages/library.html")
    assert lighthouse["status"] == "error" and lighthouse["id"] == "ht-city-lighthouse"
    assert lighthouse["error"] == (
        f"could not fetch the article page {feed_server.url('/missing')}: HTTP 404 Not Found"
    )
    # The entry's own title and link, where the error entry showed null for both.
    assert lighthouse["title"] == "Lighthouse tours suspended"
    assert lighthouse["url"] == feed_server.url("/missing")
    assert lighthouse["meta"]["feed_title"] == ferry["meta"]["feed_title"]
    assert lighthouse["meta"]["entry_index"] == 3
    assert out.errors == [
        f"mtaudit: error: {feed_server.url('/summary-only.xml')}#3: {lighthouse['error']}"
    ]


def test_a_summary_of_links_to_articles_is_no_text(feed_server: FeedServer, audit) -> None:
    # Google News's descriptions are the linked story's headline and outlet, or a
    # cluster of other outlets' stories: they were audited as the entry's article.
    feed = feed_server.url("/google-news.xml")
    plain = audit(feed)
    assert plain.code == 2 and [d["status"] for d in plain.docs] == ["error", "error"]
    assert {d["error"] for d in plain.docs} == {
        "the entry has no text, only a title and links to articles "
        "(--fetch-articles audits the linked page)"
    }
    # As for any entry without text of its own, the linked page is the article.
    out = audit(feed, "--fetch-articles", "--fetch-private-links")
    assert out.errors == [] and out.code in (0, 1)
    assert [d["meta"]["text_from"] for d in out.docs] == ["article page"] * 2
    assert any("Morag Sinclair" in s["text"] for s in out.docs[0]["sentences"])
    assert "Librarians said" in out.docs[1]["sentences"][2]["text"]


def test_an_aggregators_outlet_is_no_part_of_the_headline(feed_server: FeedServer, audit) -> None:
    """Google News titles each item "Night ferry returns after two-year pause -
    Harbour Times": the outlet's name, which its <source> gives, was the document's
    title, and the audited headline of a text entry."""
    feed = feed_server.url("/google-news.xml")
    out = audit(feed, "--fetch-articles", "--fetch-private-links")
    assert [d["title"] for d in out.docs] == [
        "Night ferry returns after two-year pause",
        "City library to open on Sundays",
    ]
    for doc in (*out.docs, *audit(feed).docs):
        assert doc["meta"]["source_title"] == "Harbour Times"
        assert doc["meta"]["source_link"] == "https://harbour-times.example"
    item = (
        "<item><title>Bridge to close - Riverside Chronicle</title><link>https://r.example/1"
        "</link><description>The council voted to close the old bridge for six weeks while "
        "engineers repair it.</description><source url='https://r.example'>Riverside "
        "Chronicle</source></item>"
    )
    other = item.replace("Bridge to close - Riverside", "Bridge to close - Other")
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>{item}{other}'
    (entry, kept) = read_feed(f"{rss}</channel></rss>".encode(), "g.xml")
    assert entry.title == "Bridge to close" and entry.text.startswith("Bridge to close\n\n")
    assert "Riverside Chronicle" not in entry.text
    # A title that ends with another name than its source's keeps it.
    assert kept.title == "Bridge to close - Other Chronicle"


def test_content_that_is_only_links_is_no_text(tmp_path: Path, audit) -> None:
    # Reddit's feeds give a link post's content as its poster and two links:
    # "submitted by /u/harbourwatch [link] [comments]" was audited as the article.
    content = (
        (
            '<table><tr><td> &#32; submitted by &#32; <a href="https://r.example/u/hw"> '
            '/u/harbourwatch </a> <br/> <span><a href="https://news.example/ferry">[link]</a>'
            '</span> &#32; <span><a href="https://r.example/c/1">[comments]</a></span></td>'
            "</tr></table>"
        )
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    feed = tmp_path / "reddit.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>r/harbour</title><id>urn:r</id><updated>2024-03-01T10:00:00Z</updated>"
        "<entry><title>Night ferry returns after two-year pause</title><id>urn:r:1</id>"
        '<link href="https://r.example/c/1"/><updated>2024-03-01T10:00:00Z</updated>'
        f'<content type="html">{content}</content></entry></feed>',
        encoding="utf-8",
    )
    out = audit(str(feed))
    assert [d["error"] for d in out.docs] == [
        "the entry has no text, only a title and links to articles "
        "(--fetch-articles audits the linked page)"
    ]


def test_hnrss_items_lines_of_links_and_counts_are_no_text() -> None:
    """hnrss.org gives each Hacker News item its links and counts as labelled lines:
    a link post's were audited as its text ("Article URL: ... Points: 120"), and an
    "Ask HN" post's as its last paragraphs. A sentence that opens so stays."""
    counts = (
        '<p>Comments URL: <a href="https://news.ycombinator.com/item?id=1">'
        "https://news.ycombinator.com/item?id=1</a></p>\n<p>Points: 12</p>\n<p># Comments: 3</p>"
    )
    article = '<p>Article URL: <a href="https://x.example/a">https://x.example/a</a></p>\n'
    opening = "The night ferry returns on Monday after a two-year pause."
    summaries = [
        article + counts,
        f"<p>{opening}</p>\n<hr>\n{counts}",
        "<p>Points: 120 were scored by the home side on Saturday.</p>",
    ]
    items = "".join(
        feedserver._item(f"Story {i}", f"s{i}", escape(summary))
        for i, summary in enumerate(summaries)
    )
    link_post, ask, sentence = read_feed(feedserver._rss(items).encode(), "hn.rss")
    assert "only a title and links" in str(link_post)
    assert ask.text == f"Story 1\n\n{opening}"
    assert sentence.text.endswith("Points: 120 were scored by the home side on Saturday.")


def test_counts_that_end_an_entry_without_hnrss_links_are_its_text() -> None:
    """hnrss's count lines went from any feed's entry: a quiz's or a match report's
    last paragraphs "Points: 12" and "# Comments: 3" were cut, though no labelled link
    of hnrss's ("Article URL:", "Comments URL:") showed them an aggregator's."""
    opening = "The night ferry returns on Monday after a two-year pause."
    summary = f"<p>{opening}</p><p>Points: 12</p><p># Comments: 3</p>"
    items = feedserver._item("Quiz", "quiz", escape(summary))
    (entry,) = read_feed(feedserver._rss(items).encode(), "quiz.rss")
    assert entry.text == f"Quiz\n\n{opening}\n\nPoints: 12\n\n# Comments: 3"


@pytest.mark.parametrize("depth", [200, 300, 3000])
def test_text_nested_past_the_parsers_depth_limit_is_no_link_list(
    tmp_path: Path, audit, depth: int
) -> None:
    # The link-list check read the entry with libxml2, which drops what lies deeper
    # than 255 levels: a link above an article inside 300 <div>s was judged "only
    # links to articles", and the article the feed reader reads whole was not audited.
    content = (
        '<p><a href="https://news.example/ferry">Night ferry returns</a></p>'
        + "<div>" * depth
        + f"<p>{feedserver.COUNCIL}</p>"
        + "</div>" * depth
    )
    out = audit(str(_reddit_atom(tmp_path / "deep.atom", [content])))
    assert out.errors == []
    [doc] = out.docs
    assert doc["sentences"][-1]["text"] == feedserver.COUNCIL


def _reddit_atom(path: Path, contents: list[str]) -> Path:
    """An Atom feed as Reddit writes one: each entry's content escaped HTML."""
    entries = "".join(
        f"<entry><title>Post {i}</title><id>urn:r:{i}</id>"
        f'<link href="https://r.example/c/{i}"/><updated>2024-03-01T10:00:00Z</updated>'
        f'<content type="html">{escape(content)}</content></entry>'
        for i, content in enumerate(contents)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>r/harbour</title><id>urn:r</id><updated>2024-03-01T10:00:00Z</updated>"
        f"{entries}</feed>",
        encoding="utf-8",
    )
    return path


def test_a_self_posts_poster_line_is_not_its_text(tmp_path: Path, audit) -> None:
    # A Reddit text post: its text, then "submitted by /u/x [link] [comments]", which
    # was audited as the post's last paragraph.
    trailer = (
        ' &#32; submitted by &#32; <a href="https://r.example/u/hw"> /u/harbourwatch </a>'
        ' <br/> <span><a href="https://r.example/c/1">[link]</a></span> &#32; '
        '<span><a href="https://r.example/c/1">[comments]</a></span>'
    )
    self_post = (
        '<!-- SC_OFF --><div class="md"><p>The night ferry returns on Monday after a '
        "two-year pause, the harbour office said.</p></div><!-- SC_ON -->" + trailer
    )
    # A last paragraph naming its poster in words of its own is the post's.
    own_words = (
        "<p>The ferry timetable is out.</p><p>Submitted by the harbour office, which "
        'said the <a href="/t">[timetable]</a> may change.</p>'
    )
    # With a thumbnail, Reddit sets the picture and the post side by side in a table.
    beside_thumbnail = (
        '<table> <tr><td> <a href="https://r.example/c/2"> <img src="https://r.example/t.jpg"'
        ' alt="Ferry" title="Ferry" /> </a> </td><td> ' + self_post + " </td></tr></table>"
    )
    contents = [self_post, own_words, beside_thumbnail]
    out = audit(str(_reddit_atom(tmp_path / "self.atom", contents)))
    assert out.errors == []
    assert [[s["text"] for s in d["sentences"]] for d in out.docs] == [
        [
            "Post 0",
            "The night ferry returns on Monday after a two-year pause, the harbour office said.",
        ],
        [
            "Post 1",
            "The ferry timetable is out.",
            "Submitted by the harbour office, which said the [timetable] may change.",
        ],
        [
            "Post 2",
            "The night ferry returns on Monday after a two-year pause, the harbour office said.",
        ],
    ]


def test_a_tag_list_at_the_foot_of_an_entry_is_not_its_text(tmp_path: Path, audit) -> None:
    # A short entry ending "Tags: ..." or "Filed under: ..." in a plain <p> was audited
    # with that line as its last sentence; a sentence opening so is the entry's.
    endings = [
        "<p>Tags: budget, council, road repairs</p><p>Filed under: City</p>",
        "<p>Tags: the council said the new ones were wrong.</p>",
        # A WordPress theme's line and a share box copied as text, kept before.
        "<p>Posted in City | Tagged budget, road repairs</p><p>Share this: Twitter Facebook</p>",
    ]
    items = "\n".join(
        feedserver._item(f"Story {i}", f"s{i}", escape(f"<p>{feedserver.COUNCIL}</p>{end}"))
        for i, end in enumerate(endings)
    )
    feed = tmp_path / "tags.rss"
    feed.write_text(feedserver._rss(items), encoding="utf-8")
    out = audit(str(feed))
    assert out.errors == []
    last = [d["sentences"][-1]["text"] for d in out.docs]
    assert not last[0].startswith(("Tags", "Filed")) and last[0] in feedserver.COUNCIL
    assert last[1] == "Tags: the council said the new ones were wrong."
    assert last[2] == "Share this: Twitter Facebook"
    assert [d["sentences"][-2]["text"] for d in out.docs][2] == last[0]


def _entry_bodies(summaries: Iterable[str], name: str) -> list[str]:
    """Each summary as one RSS item's description, read back: the entry's text
    under its "Story N" title."""
    items = "".join(
        feedserver._item(f"Story {i}", f"s{i}", escape(summary))
        for i, summary in enumerate(summaries)
    )
    entries = read_feed(feedserver._rss(items).encode(), name)
    return [e.text.split("\n\n", 1)[1] for e in entries]


_LAST_MORE = "<p>The ferry returns. <a href='/s'>Read more &#187;</a></p>"


def _more_links(count: int) -> str:
    return " ".join(f"Item {i}. <a href='/x{i}'>More</a> and" for i in range(count))


def test_the_sentence_an_excerpt_breaks_off_is_not_audited() -> None:
    # WordPress's excerpts end " [&hellip;]" mid-sentence: "Parents said they had not
    # been […]" was audited as the entry's last sentence (and read as disfluent); and
    # a plain link on to the post, "Read more »", ended the last sentence.
    opening = "The night ferry returns on Monday after a two-year pause."
    summaries = {
        f"<p>{opening} Parents said they had not been [&#8230;]</p>": opening,
        f"{opening} The harbour office said [...]": opening,
        f"<p>{opening}</p><p>The harbour office said it would [&hellip;]</p>": opening,
        # Cut between sentences: only the mark goes.
        f"<p>{opening} Tickets go on sale on Friday. [&#8230;]</p>": (
            f"{opening} Tickets go on sale on Friday."
        ),
        # A theme's bare cut mark, and a link on to the post that names no class.
        f"<p>{opening} Parents said they had not been &#8230; "
        "<a href='/s'>Continue reading<span class='screen-reader-text'> Ferry</span>"
        " &#8594;</a></p>": opening,
        f"<p>{opening} <a href='/s'>Read more &#187;</a></p>": opening,
        # The same by its class (Twenty Seventeen's), dropped as chrome.
        f"<p>{opening} Parents said they had not been &#8230; <a class='more-link' "
        "href='/s'>Continue reading<span class='screen-reader-text'> Ferry</span></a></p>": (
            opening
        ),
        # A post's own closing " …", with no link after it, is the writer's.
        f"<p>{opening}</p><p>Now we wait &#8230;</p>": f"{opening}\n\nNow we wait \u2026",
        f"<p>{opening} <a href='/s'>See more</a></p>": opening,
        f"<p>{opening}</p><p><a href='/s'>[Read the full story...]</a></p>": opening,
        # WordPress.com's link, the old default theme's, and one that names the post.
        f"<p>{opening} Parents said they had &#8230; <a href='/s'>Read more of this post</a></p>": (
            opening
        ),
        f"<p>{opening} <a href='/s'>Read the rest of this entry &#187;</a></p>": opening,
        f"<p>{opening} Parents said they had &#8230; "
        "<a href='/s'>Continue reading &#8220;Ferry returns&#8221; &#8594;</a></p>": opening,
        # A "Read more" that leads into more of the entry, or ends a sentence, stays.
        f"<p>{opening} <a href='/s'>Read more</a> about the timetable.</p>": (
            f"{opening} Read more about the timetable."
        ),
        f"<p>{opening} See <a href='/s'>more</a></p>": f"{opening} See more",
        # A " …" before a "Read more" that stays, with words after it, is the writer's.
        f"<p>{opening} They waited &#8230; <a href='/s'>Read more</a> about it.</p>": (
            f"{opening} They waited \u2026 Read more about it."
        ),
        # All the entry has: kept whole.
        "<p>The night ferry returns on Monday after a [&#8230;]</p>": (
            "The night ferry returns on Monday after a [\u2026]"
        ),
        # A bracket that ends a sentence of the text is no cut mark.
        f"<p>{opening} He said the timetable was final [sic].</p>": (
            f"{opening} He said the timetable was final [sic]."
        ),
    }
    assert _entry_bodies(summaries, "excerpts.rss") == list(summaries.values())


def test_a_named_more_link_with_words_after_it_leaves_no_made_up_cut_mark() -> None:
    """A link named a "more" link by its class goes wherever it stands, but the bare
    " …" before it is a cut only where nothing but marks follows it: bracketed before
    one with words after it, "[…]" was written into the entry's text, as no cut mark
    that ends it."""
    opening = "The night ferry returns on Monday after a two-year pause."
    link = "<a class='more-link' href='/s'>Continue reading</a>"
    summaries = {
        f"<p>{opening} They waited &#8230; {link} and then went home. Later it rained.</p>": (
            f"{opening} They waited \u2026 and then went home. Later it rained."
        ),
        f"<p>{opening} They waited and a &#8230; {link}</p><p>Filed under news. Tags: ferry.</p>": (
            f"{opening} They waited and a \u2026\n\nFiled under news. Tags: ferry."
        ),
    }
    assert _entry_bodies(summaries, "named.rss") == list(summaries.values())


def test_a_link_on_to_the_post_before_the_feeds_footer_still_ends_the_entry() -> None:
    """Yoast adds "The post ... appeared first on ..." under most WordPress entries,
    and themes a tag line: the theme's "Continue reading →" before either was no
    link at the entry's end, so it stayed, and the sentence its excerpt broke off
    was audited ("They waited and a … Continue reading →")."""
    opening = "The night ferry returns on Monday after a two-year pause."
    yoast = "<p>The post <a href='/s'>Ferry</a> appeared first on <a href='/'>Blog</a>.</p>"
    links = [
        "<a href='/s'>Continue reading &#8594;</a>",
        "<a class='more-link' href='/s'>Continue reading</a>",
    ]
    summaries = [
        f"<p>{opening} They waited and a &#8230; {links[0]}</p>{yoast}",
        f"<p>{opening} They waited and a &#8230; {links[1]}</p>{yoast}",
        f"<p>{opening} They waited and a &#8230; {links[0]}</p><p>Tags: ferry</p>",
        f"<p>{opening} They waited and a &#8230; {links[0]}</p><p>Tags: ferry</p>{yoast}",
    ]
    assert _entry_bodies(summaries, "yoast.rss") == [opening] * len(summaries)


def test_the_feeds_footer_is_read_as_lines_wherever_the_entry_sets_it() -> None:
    """The footer and tag lines below the link on to the post were read only as the
    entry's last top-level paragraphs: inside a <div> that wraps the entry, after a
    <br><br>, or under a share box, the theme's "Continue reading →" stayed and the
    excerpt's broken sentence was audited; a tag line parted by a <br>, or a share box,
    below the cut left a made-up "[…]" in the text."""
    opening = "The night ferry returns on Monday after a two-year pause."
    cut = f"{opening} They waited and a &#8230;"
    yoast = "The post <a href='/s'>Ferry</a> appeared first on <a href='/'>Blog</a>."
    link = "<a href='/s'>Continue reading &#8594;</a>"
    named = "<a class='more-link' href='/s'>Continue reading</a>"
    summaries = {
        f"<div><p>{cut} {link}</p><p>{yoast}</p></div>": opening,
        f"<p>{cut} {link}<br><br>{yoast}</p>": opening,
        f"<p>{cut} {link}</p><p>Share this:</p><p>{yoast}</p>": f"{opening}\n\nShare this:",
        f"<p>{cut} {link}</p><p>Tags: ferry</p><p>Share this: Twitter Facebook</p>": (
            f"{opening}\n\nShare this: Twitter Facebook"
        ),
        f"<p>{cut} {named}</p><p>Tags: ferry<br>Posted in News</p>": opening,
        # The writer's own " …" with no link after it stays, tag lines or none.
        f"<p>{opening} Now we wait &#8230;</p><p>Tags: ferry<br>Posted in News</p>": (
            f"{opening} Now we wait \u2026"
        ),
    }
    assert _entry_bodies(summaries, "lines.rss") == list(summaries.values())


def test_a_bare_more_link_on_its_own_line_ends_the_entry() -> None:
    """A bare "More" is a share box's button too: the link's own line was read as a
    share box's below the cut, so the link stood above the foot and stayed, audited
    as the entry's last paragraph, and a named one's bare " …" was not bracketed."""
    opening = "The night ferry returns on Monday after a two-year pause."
    cut = f"{opening} They waited and a &#8230;"
    summaries = {
        f"<p>{opening}</p><p><a href='/s'>More</a></p>": opening,
        f"<p>{opening}<br><a href='/s'>More</a></p>": opening,
        f"<p>{opening}</p><p><a href='/s'>More</a></p><p>Tags: ferry</p>": opening,
        f"<p>{cut}<br><a class='more-link' href='/s'>More</a></p>": opening,
        f"<p>{cut} <a href='/s'>More</a></p><p>Share this: Twitter More</p>": (
            f"{opening}\n\nShare this: Twitter More"
        ),
    }
    assert _entry_bodies(summaries, "bare.rss") == list(summaries.values())


def test_a_share_or_tag_line_that_holds_a_more_link_is_still_the_foots() -> None:
    """A line that held a picked link stopped the scan for the foot: a share box's own
    "More" button, or a tag named "more", kept the theme's "Continue reading →" above
    the foot, with the sentence its excerpt broke off."""
    opening = "The night ferry returns on Monday after a two-year pause."
    cut = f"<p>{opening} They said &#8230;</p><p><a href='/s'>Continue reading &#8594;</a></p>"
    summaries = {
        f"{cut}<p>Share this:</p><ul><li><a href='fb'>Facebook</a></li>"
        "<li><a href='tw'>X</a></li><li><a href='/m'>More</a></li></ul>": (
            f"{opening}\n\nShare this:\n\nFacebook\n\nX\n\nMore"
        ),
        f"{cut}<p>Share: <a href='tw'>Twitter</a> <a href='/m'>More</a></p>"
        "<p>The post <a href='/s'>Ferry</a> appeared first on <a href='/'>Site</a>.</p>": (
            f"{opening}\n\nShare: Twitter More"
        ),
        f"{cut}<p>Tags: <a href='/t'>ferry</a>, <a href='/t2'>more</a></p>": opening,
        f"<p>{opening} They said &#8230; <a href='/s'>Continue reading &#8594;</a></p>"
        "<p>Share this:<br><a href='tw'>Twitter</a><br><a href='/m'>More</a></p>": (
            f"{opening}\n\nShare this:\nTwitter\nMore"
        ),
        # No label: the buttons above the "More" show it the box's.
        f"{cut}<ul><li><a href='fb'>Facebook</a></li><li><a href='tw'>Twitter</a></li>"
        "<li><a href='/m'>More</a></li></ul>": f"{opening}\n\nFacebook\n\nTwitter\n\nMore",
    }
    assert _entry_bodies(summaries, "share.rss") == list(summaries.values())


def test_a_label_alone_with_lines_below_it_stays() -> None:
    """A label alone on its line ("Tags:", "Filed under:", "Topics:") with short lines
    below it is not read as a tag line: which of those lines are tags and which the
    story's own last words ("More to come", "To be continued") or a share box's
    buttons could not be told apart, and real text must not be dropped. A tag line
    written whole ("Tags: ferry") still goes, the share box's buttons below it stay."""
    opening = "The night ferry returns on Monday after a two-year pause."
    stays = {
        f"<p>{opening}</p><p>Tags:</p><ul><li>ferry</li><li>More to come</li></ul>": (
            f"{opening}\n\nTags:\n\nferry\n\nMore to come"
        ),
        f"<p>{opening}</p><p>Filed under:</p><p>To be continued</p>": (
            f"{opening}\n\nFiled under:\n\nTo be continued"
        ),
        f"<p>{opening}</p><p>Topics:</p><ul><li>Housing</li><li>Transport</li></ul>": (
            f"{opening}\n\nTopics:\n\nHousing\n\nTransport"
        ),
        f"<p>{opening}</p><p>Tags: ferry</p>"
        "<ul><li><a href='fb'>Facebook</a></li><li><a href='tw'>Twitter</a></li></ul>": (
            f"{opening}\n\nFacebook\n\nTwitter"
        ),
    }
    assert _entry_bodies(stays, "stays.rss") == list(stays.values())


@pytest.mark.parametrize("markup", [">" + " " * 21_000 + "x", ">" * 21_000, "> " * 10_500])
def test_the_quick_test_for_more_links_is_linear_in_time(markup: str) -> None:
    """The quick test read every run of spaces after a tag once per space (20,000
    spaces after a "<p>", as code's indents hold, took some 20 s). The old pattern took
    15-18 s on 14,000 characters of each input on a loaded 2-core machine, so these
    21,000 would take some 35-40 s: a regression fails within a minute. Read once,
    each takes milliseconds, so the 2 s bound is over 100 times that."""
    started = time.perf_counter()
    assert not may_hold_more_link(markup)
    assert time.perf_counter() - started < 2


def test_more_links_are_found_in_linear_time() -> None:
    """Each "More" link read the whole entry after it: 2,000 of them took 5 s, so
    these 6,000 would take some 45 s (the square of the count). Read once, they take
    0.32 s on a loaded 2-core machine, so the 8 s bound is 25 times that. Only
    drop_more_links is timed: read_feed spends over a second on 2,000 links in
    feedparser alone, more than the linear part it would be guarding."""
    tree = lxml.html.fromstring(f"<div><p>{_more_links(6_000)} end.</p>{_LAST_MORE}</div>")
    started = time.perf_counter()
    drop_more_links(tree)
    assert time.perf_counter() - started < 8
    assert tree.text_content().endswith("More and end.The ferry returns. ")


def test_a_feed_entry_keeps_its_more_links_but_the_last() -> None:
    rss = feedserver._rss(
        feedserver._item("Links", "l", escape(f"<p>{_more_links(30)} end.</p>{_LAST_MORE}"))
    )
    (entry,) = read_feed(rss.encode(), "links.rss")
    assert entry.text.endswith("More and end.\n\nThe ferry returns.")


@pytest.mark.parametrize("text", ["a" + " " * 40_000 + "b", "a" + " " * 64_000 + "b [\u2026]"])
def test_an_excerpts_cut_mark_is_found_in_linear_time(text: str) -> None:
    """The cut mark's search started again at each space of a run: a text of
    20,000 spaces between two words took some 8 s, and the time grows with the
    square of the run. On a loaded 2-core machine the old pattern took 41 s on 40,000
    spaces and 14 s on 40,000 before a "[…]", so these take some 40 s each and a
    regression fails within a minute. Read once, each takes some 0.03 s, so the 2 s
    bound is over 60 times the linear time."""
    started = time.perf_counter()
    drop_cut_sentence(text)
    assert time.perf_counter() - started < 2
    assert drop_cut_sentence("Work began. The council said [...]") == "Work began."


def test_an_excerpt_cut_after_a_sentence_that_ends_in_an_ellipsis_keeps_it() -> None:
    """An excerpt's sentence may end with "…" or a bracket, as a timeline's entry
    may: the cut after it took the whole sentence, as if broken off. One pattern
    now tells both where a text ends as a sentence."""
    assert drop_cut_sentence("Work began. They waited\u2026 [...]") == (
        "Work began. They waited\u2026"
    )
    assert drop_cut_sentence("Work began. (It rained.) [...]") == "Work began. (It rained.)"
    assert drop_cut_sentence("Work began. Then they [...]") == "Work began."


def test_a_summary_with_a_link_in_its_text_is_text(tmp_path: Path, audit) -> None:
    summaries = [
        "Police said <a href='/s'>the suspect</a> fled.",
        f"<p>{feedserver.COUNCIL} <a href='/more'>Read more</a></p>",
        "<a href='/v'>Watch</a> the mayor explain why the council changed its mind.",
    ]
    feed = tmp_path / "links.rss"
    items = "\n".join(
        feedserver._item(f"Story {i}", f"s{i}", text.replace("<", "&lt;"))
        for i, text in enumerate(summaries)
    )
    feed.write_text(feedserver._rss(items), encoding="utf-8")
    out = audit(str(feed))
    assert out.errors == [] and [d["meta"]["text_from"] for d in out.docs] == ["summary"] * 3


def test_since_judges_an_undated_entry_by_its_article_pages_date(
    feed_server: FeedServer, audit
) -> None:
    # With --fetch-articles the page may say when the article appeared: the entry
    # kept for want of a date was audited whatever that date, and the warning
    # called it undated beside a document that had one.
    feed = feed_server.url("/undated-summaries.xml")
    args = ("--fetch-articles", "--fetch-private-links")
    later = audit(feed, "--since", "2024-04-01", *args)
    assert [d["title"] for d in later.docs if d["status"] == "ok"] == [
        "City library to open on Sundays"
    ]
    assert [e for e in later.errors if "warning" in e] == [
        f"mtaudit: warning: --since kept 1 feed entry without a readable date ({feed}#2): "
        "nothing says whether it is new"
    ]
    earlier = audit(feed, "--since", "2024-03-11T12:00Z", *args)
    ferry = earlier.docs[0]
    assert ferry["published"].startswith("2024-03-11")  # the page's date, its day kept
    assert "undated_kept_by_since" not in ferry["meta"]
    assert earlier.docs[1]["meta"]["undated_kept_by_since"] is True


def test_links_inside_feeds_never_reach_private_addresses_by_default(
    feed_server: FeedServer, audit
) -> None:
    """The feed URL itself is the user's choice; the links inside it are not."""
    feed_server.reset()
    out = audit(feed_server.url("/summary-only.xml"), "--fetch-articles")
    assert out.code == 2
    assert [d["status"] for d in out.docs] == ["error"] * 3
    for doc in out.docs:
        assert "non-public address (127.0.0.1)" in doc["error"]
        assert "--fetch-private-links" in doc["error"]
    assert feed_server.hits["/summary-only.xml"] == 1
    assert not any(path.startswith("/pages/") for path in feed_server.hits)
    assert feed_server.hits["/redirect-to-library"] == 0


# --- pages that redirect with <meta http-equiv="refresh"> -------------------------------


def test_a_page_that_only_redirects_by_meta_refresh_is_followed(
    feed_server: FeedServer, audit
) -> None:
    # A URL whose page only says "This page has moved" (a meta refresh, as site
    # migrations leave old addresses) was an error asking the user to audit the
    # target instead; a browser would simply have gone there.
    feed_server.reset()
    for path in ("/refresh/old-address", "/refresh/moved"):
        out = audit(feed_server.url(path))
        assert out.errors == [] and out.code in (0, 1)
        [doc] = out.docs
        assert doc["source"] == feed_server.url(path)
        assert doc["url"] == feed_server.url("/pages/ferry.html")
        assert any("Morag Sinclair" in s["text"] for s in doc["sentences"])
    assert feed_server.hits["/pages/ferry.html"] == 2


def test_an_article_page_that_only_redirects_by_meta_refresh_is_followed(
    feed_server: FeedServer, audit
) -> None:
    # --fetch-articles on an entry whose link had moved gave "could not fetch the
    # article page ...: the page only redirects to ..." for an article one hop away.
    url = feed_server.url("/refresh/summary-only.xml")
    out = audit(url, "--fetch-articles", "--fetch-private-links")
    assert out.errors == []
    [ferry] = out.docs
    assert ferry["meta"]["text_from"] == "article page"
    assert ferry["url"] == feed_server.url("/pages/ferry.html")
    assert any("Morag Sinclair" in s["text"] for s in ferry["sentences"])


def test_a_fetched_page_with_a_meta_refresh_and_an_article_is_extracted_once(
    feed_server: FeedServer, audit, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page that is an article and also refreshes (to its AMP copy, say) was extracted
    # when the fetcher asked whether it only redirects, then again when it was read.
    extractions: list[str | None] = []
    extract = trafilatura.bare_extraction

    def counted(*args: object, **kwargs: object) -> object:
        extractions.append(kwargs.get("url"))  # type: ignore[arg-type]
        return extract(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    page = feed_server.url("/refresh/article.html")
    out = audit(page)
    assert out.errors == []
    [doc] = out.docs
    assert doc["url"] == page and doc["source"] == page
    assert any("Morag Sinclair" in s["text"] for s in doc["sentences"])
    assert extractions == [page]
    extractions.clear()
    feed = feed_server.url("/refresh/article-summary.xml")
    out = audit(feed, "--fetch-articles", "--fetch-private-links")
    assert out.errors == []
    [ferry] = out.docs
    assert ferry["source"] == f"{feed}#1"
    assert ferry["meta"]["text_from"] == "article page" and ferry["url"] == page
    assert (
        ferry["id"] == "ht-city-ferry"
        and ferry["title"] == "Night ferry returns after two-year pause"
    )
    assert any("Morag Sinclair" in s["text"] for s in ferry["sentences"])
    assert extractions == [page]


def test_meta_refreshes_share_the_redirect_limit_and_the_loop_check(
    feed_server: FeedServer, audit
) -> None:
    out = audit(feed_server.url("/refresh/self"), feed_server.url("/refresh/hop/0"))
    assert out.code == 2
    loop, hops = out.docs
    assert loop["error"].startswith("redirect loop (back to ")
    assert hops["error"] == "too many redirects (more than 5)"
    out = audit(feed_server.url("/refresh/to-file"))
    assert out.docs[0]["error"] == "redirect to 'file:///etc/passwd' is not an http(s) URL"


def test_a_page_read_as_text_is_not_followed(feed_server: FeedServer, audit) -> None:
    # The user asked for the bytes as text: what they say is audited, not followed.
    feed_server.reset()
    out = audit(feed_server.url("/refresh/old-address"), "--input-kind", "text")
    assert feed_server.hits["/pages/ferry.html"] == 0
    assert out.docs[0]["url"] == feed_server.url("/refresh/old-address")


# --- hostile feeds ----------------------------------------------------------------------------


def test_ill_formed_feed_reports_the_error_and_audits_what_was_recovered(
    feed_server: FeedServer, audit
) -> None:
    url = feed_server.url("/ill-formed.xml")
    out = audit(url)
    assert out.code == 2
    feed_error, council, schools, trams = out.docs
    assert feed_error["status"] == "error" and feed_error["source"] == url
    assert feed_error["error"] == (
        "ill-formed feed (mismatched tag at line 15, column 47); 3 entries recovered"
    )
    assert council["status"] == "ok" and trams["status"] == "ok"
    assert council["sentences"][1]["text"] == feedserver.COUNCIL
    # The damage destroyed the second entry; it says so instead of vanishing.
    assert schools["status"] == "error" and schools["source"] == f"{url}#2"
    assert schools["error"] == "the entry is empty: no title, text or link"
    assert len(out.errors) == 2 and "ill-formed feed" in out.errors[0]


def test_external_entities_are_never_resolved(feed_server: FeedServer, audit) -> None:
    feed_server.reset()
    url = feed_server.url("/xxe.xml")
    out = audit(url)
    assert out.code == 2
    feed_error, council, schools = out.docs
    assert feed_error["error"] == (
        "the feed declares XML entities that could read files, fetch URLs or expand "
        "without bound (param, remote, secret); they were removed, not resolved; "
        "2 entries recovered"
    )
    assert council["sentences"][1]["text"] == feedserver.COUNCIL
    assert schools["sentences"][1]["text"] == feedserver.SCHOOLS
    everything = json.dumps(out.report)
    assert "TOP SECRET" not in everything and "CANARY" not in everything
    assert feed_server.hits["/canary"] == 0 and feed_server.hits["/canary-dtd"] == 0


def test_external_entities_in_a_local_file(feed_server: FeedServer, tmp_path: Path, audit) -> None:
    feed = tmp_path / "xxe.rss"
    feed.write_text(feedserver.xxe_feed(feed_server.secret, feed_server.url("/canary")))
    out = audit(str(feed))
    assert len(out.ok()) == 2
    assert "TOP SECRET" not in json.dumps(out.report)


@pytest.mark.parametrize("path", ["/lol.xml", "/quadratic.xml"])
def test_entity_expansion_is_inert(feed_server: FeedServer, audit, path: str) -> None:
    out = audit(feed_server.url(path))
    assert out.code == 2
    assert "they were removed, not resolved" in out.docs[0]["error"]
    for doc in out.ok():
        assert doc["stats"]["characters"] < 400
        assert "lollol" not in json.dumps(doc) and "AAAA" not in json.dumps(doc)


def test_entity_attacks_cost_little_memory() -> None:
    # feedparser alone needs gigabytes for the quadratic blowup; we stay small.
    tracemalloc.start()
    try:
        for text in (feedserver.billion_laughs(), feedserver.quadratic_blowup()):
            items = read_feed(text.encode("utf-8"), "attack.xml")
            assert len(items) >= 2
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * (1 << 20), f"peak {peak / (1 << 20):.1f} MiB"


def test_plain_entities_declared_in_a_doctype_are_expanded(audit, tmp_path: Path) -> None:
    doctype = '<!DOCTYPE rss [\n <!ENTITY trust "the Harbour Heritage Trust">\n]>\n'
    feed = tmp_path / "declared.rss"
    feed.write_text(
        feedserver._rss(
            feedserver._item(
                "Café wins grant",
                "cafe",
                "The café on the quay has won a grant from &trust;, its first in ten years.",
            ),
            doctype=doctype,
        ),
        encoding="utf-8",
    )
    out = audit(str(feed))
    assert out.errors == []
    assert out.docs[0]["sentences"][1]["text"] == (
        "The café on the quay has won a grant from the Harbour Heritage Trust, "
        "its first in ten years."
    )


def test_no_doctype_ever_reaches_feedparser() -> None:
    safe = make_safe(feedserver.billion_laughs().encode("utf-8"), "lol.xml")
    assert b"<!DOCTYPE" not in safe.data and b"<!ENTITY" not in safe.data
    parsed = feedparser.parse(io.BytesIO(safe.data))
    assert not parsed.bozo and len(parsed.entries) == 2


# --- sniffing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, kind",
    [
        (RSS.read_bytes(), "feed"),
        (ATOM.read_bytes(), "feed"),
        (
            b'<?xml version="1.0"?>\n<!-- generated -->\n'
            b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">',
            "feed",
        ),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns="http://purl.org/rss/1.0/"><channel>',
            "feed",
        ),
        (json.dumps(feedserver.JSON_FEED, indent=2).encode(), "feed"),
        (ATOM.read_text(encoding="utf-8").encode("utf-16"), "feed"),
        ((SAMPLES / "berlin-heating-law.html").read_bytes(), "html"),
        ((SAMPLES / "articles.jsonl").read_bytes(), "jsonl"),
        (b"# feeds\nhttps://example.org/rss\n\nhttps://example.net/atom.xml  # news\n", "urls"),
        (SEED.read_bytes(), "text"),
        (
            b"Read the full report at https://example.org/report.\n"
            b"The council will publish its response next week.\n",
            "text",
        ),
    ],
)
def test_sniffing_by_content(data: bytes, kind: str) -> None:
    assert sniff_kind(data) == kind


def test_double_encoded_feed_text_is_repaired_and_recorded() -> None:
    """feedparser quietly repairs some double-encoded UTF-8; the evidence must survive."""
    from audits.document import Document
    from audits.sources.feed import read_feed

    broken = "the café on the main deck".encode().decode("latin-1")
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Harbour Times</title><item><guid>ferry</guid><title>Ferry</title>"
        f"<description>Crews replaced the engines, and {broken} reopens on Monday."
        "</description></item></channel></rss>"
    ).encode()
    [doc] = read_feed(feed, "harbour.xml")
    assert isinstance(doc, Document)
    assert "the café on the main deck" in doc.text
    [finding] = doc.input_findings
    assert finding.code == "S500"
    assert doc.text[finding.start : finding.end] == "café"
    assert finding.evidence["broken"] == "cafÃ©"


def test_an_entry_whose_html_was_escaped_twice_is_read_as_html() -> None:
    # A CMS escaped its HTML twice: the entry's text read "<p>The council met ...</p><p>It
    # agreed ...</p>", tags as words and two paragraphs run into one.
    body = "<p>The council met on Tuesday.</p><p>It agreed to raise charges.</p>"
    once = body.replace("<", "&lt;").replace(">", "&gt;")
    twice = once.replace("&", "&amp;")
    cdata = f"<![CDATA[{once}]]>"
    # Text about tags, with tags of its own, is left as it is.
    about = "<![CDATA[<p>&lt;p&gt; opens a paragraph, said the council's web team.</p>]]>"
    items = "".join(
        f"<item><title>T{i}</title><link>https://v.example/{i}</link>"
        f"<description>{d}</description></item>"
        for i, d in enumerate((twice, cdata, about))
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>V</title>{items}</channel></rss>'
    )
    docs = read_feed(feed.encode(), "v.rss")
    read = "T{}\n\nThe council met on Tuesday.\n\nIt agreed to raise charges."
    assert [d.text for d in docs] == [
        read.format(0),
        read.format(1),
        "T2\n\n<p> opens a paragraph, said the council's web team.",
    ]


def test_a_since_in_the_future_is_a_warning(audit) -> None:
    # A mistyped year kept no entry and passed the gate without a word.
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=400)).strftime("%Y-%m-%d")
    future = audit(str(RSS), "--since", ahead)
    assert future.code == 0 and future.docs == []
    assert len(future.errors) == 1
    assert future.errors[0].startswith(f"mtaudit: warning: --since {ahead} is in the future")
    assert "only feed entries dated after it are audited" in future.errors[0]
    assert audit(str(RSS), "--since", "2024-03-12").errors == []


def test_an_items_relative_link_is_resolved_against_the_feeds_own_link() -> None:
    """Read from a file, an RSS item's "/news/1" was its url as written, and
    --fetch-articles asked to fetch "/news/1"; feedparser resolves such links only
    against the URL the feed came from. An address without its scheme stays."""
    from audits.sources.feed import ArticleRequest, FeedOptions

    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link>"
        "<description>The council met.</description></item>"
        for i, link in enumerate(["/news/1", "story-2.html", "www.r.example/3"])
    )
    data = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>'
        f"<link>https://r.example/local/</link>{items}</channel></rss>"
    ).encode()
    expected = ["https://r.example/news/1", "https://r.example/local/story-2.html"]
    expected.append("www.r.example/3")
    assert [d.url for d in read_feed(data, "f.xml")] == expected
    requests = read_feed(data, "f.xml", options=FeedOptions(fetch_articles=True))
    assert [r.url for r in requests if isinstance(r, ArticleRequest)][:2] == expected[:2]


def test_a_fetched_feeds_relative_links_are_resolved_against_its_url_in_every_format() -> None:
    """A feed read from a URL resolves an item's relative link against that URL, the
    address the feed came from, as an RSS or Atom feed's are: a JSON Feed's went
    against its home_page_url, another host (a feed served from a CDN or a feed
    service), and --fetch-articles fetched pages that are not there."""
    feed_url = "https://feeds.example/valley/feed.json"
    home = "https://valley.example/local/"
    links = ["/news/1", "story-2.html"]
    json_feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Valley",
            "home_page_url": home,
            "items": [
                {"id": str(i), "url": link, "title": f"Story {i}", "summary": "The council met."}
                for i, link in enumerate(links)
            ],
        }
    ).encode()
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link><guid>{i}</guid>"
        "<description>The council met.</description></item>"
        for i, link in enumerate(links)
    )
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley</title>'
        f"<link>{home}</link>{items}</channel></rss>"
    ).encode()
    expected = ["https://feeds.example/news/1", "https://feeds.example/valley/story-2.html"]
    for data in (rss, json_feed):
        assert [d.url for d in read_feed(data, feed_url, url=feed_url)] == expected
    # Read from a file, the feed's own link (its home_page_url) is the only base.
    assert [d.url for d in read_feed(json_feed, "feed.json")] == [
        "https://valley.example/news/1",
        "https://valley.example/local/story-2.html",
    ]


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_feed_errors_say_the_line_and_column_an_editor_shows(end: str) -> None:
    # json's lineno counts LF alone: a file saved with lone CRs put the error on line 1.
    # Expat counts columns from 0: the line of this test's fixture read one column early.
    text = end.join(['{"version": "https://jsonfeed.org/version/1.1",', '"items": [', "  ]]"])
    fatal = parse_json_feed(text.encode(), "feed.json").fatal
    assert fatal is not None and fatal.endswith("at line 3, column 4)")
    xml = end.join(["<rss>", "<channel>", "  <title>a</titel></channel></rss>"])
    problems = parse_xml_feed(xml.encode(), "feed.xml").problems
    assert problems[0] == "ill-formed feed (mismatched tag at line 3, column 13)"


def test_a_guid_that_is_no_address_is_no_link_to_fetch(feed_server: FeedServer, audit) -> None:
    # An item with no <link> and a <guid>12345</guid> (a permalink, by RSS's default):
    # feedparser resolves such a guid against the feed's URL, and --fetch-articles
    # fetched /feeds/12345 for it, an HTTP 404 where the item had its own text.
    feed_server.reset()
    feed = feed_server.url("/feeds/guid-only.xml")
    out = audit(feed, "--fetch-articles", "--fetch-private-links")
    assert out.errors == [] and out.code in (0, 1)
    [doc] = out.docs
    assert doc["url"] is None and doc["meta"]["text_from"] == "summary"
    assert "swimming pool charges" in " ".join(s["text"] for s in doc["sentences"])
    assert set(feed_server.hits) == {"/feeds/guid-only.xml"}


def _fetched_urls(items: str, feed_url: str) -> list[str | None]:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<link>https://s.example/</link>{items}</channel></rss>"
    )
    return [doc.url for doc in read_feed(rss.encode(), feed_url, url=feed_url)]


def test_markup_quoted_in_a_description_is_no_items_guid() -> None:
    # A post about RSS or Android quotes <guid> and <item> in a CDATA description:
    # the item's guid was read from the sample, and a quoted <item> handed every later
    # item the guid before it, so real permalinks were dropped (None) and "12345"
    # came back as https://s.example/feeds/12345.
    url = "https://s.example/feeds/feed.xml"
    quoted_guid = (
        "<item><title>Writing RSS by hand</title><description><![CDATA[<p>Each item "
        "needs an id: <code><guid>post-1</guid></code>.</p>]]></description>"
        "<guid>https://s.example/posts/rss-by-hand</guid></item>"
    )
    assert _fetched_urls(quoted_guid, url) == ["https://s.example/posts/rss-by-hand"]
    quoted_item = (
        "<item><title>A</title><description><![CDATA[<p>In res/values write "
        '<item name="x">1</item> then build.</p>]]></description><guid>12345</guid></item>'
        "<!-- <item><guid>67890</guid></item> -->"
        "<item><title>B</title><description>b.</description>"
        "<guid>https://s.example/b</guid></item>"
    )
    assert _fetched_urls(quoted_item, url) == [None, "https://s.example/b"]
    in_cdata = "<item><title>C</title><guid><![CDATA[https://s.example/c]]></guid></item>"
    assert _fetched_urls(in_cdata, url) == ["https://s.example/c"]


# Items after a CDATA description quoting an Android <item> and a commented-out item:
# the item with a photo credit (its photographer, role "author") and a bare guid, then
# one with its writer's credit and a permalink guid, and one whose mojibake is repaired.
_QUOTED_MARKUP_FEED = (
    '<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
    "<channel><title>T</title><link>https://s.example/</link>"
    "<item><title>A</title><description><![CDATA[<p>In res/values write "
    '<item name="x">1</item> then build the app for the harbour.</p>]]></description>'
    "<guid>12345</guid></item><!-- <item><guid>67890</guid></item> -->"
    "<item><title>B</title><description>The council approved the budget on Tuesday."
    '</description><media:content url="https://s.example/b.jpg"><media:credit '
    'role="author">Pat Lens</media:credit></media:content><guid>54321</guid></item>'
    "<item><title>C</title><description>The harbour office said the ferry returns."
    '</description><media:credit role="author">Jane Roe</media:credit>'
    "<guid>https://s.example/c</guid></item>"
    "<item><title>D</title><description>The cafÃ© on the harbour reopened on Tuesday."
    "</description><guid>https://s.example/d</guid></item></channel></rss>"
)


def test_credits_and_guids_stay_each_items_after_markup_quoted_in_cdata_or_a_comment() -> None:
    # The items' photo credits and written guids are read from one scan of the feed,
    # shared: both must still skip the <item> quoted in CDATA and the commented one.
    url = "https://s.example/feeds/feed.xml"
    docs = read_feed(_QUOTED_MARKUP_FEED.encode(), url, url=url)
    assert [d.title for d in docs] == ["A", "B", "C", "D"]
    assert [d.author for d in docs] == [None, None, "Jane Roe", None]
    assert [d.url for d in docs] == [None, None, "https://s.example/c", "https://s.example/d"]
    assert [[f.text for f in d.input_findings] for d in docs] == [[], [], [], ["café"]]


def test_a_relative_permalink_guid_is_resolved_against_the_feed() -> None:
    # <guid>/news/1</guid> in a fetched feed is a permalink on the feed's host; it gave
    # no url, as though it were a bare "12345".
    items = "<item><title>A</title><description>a.</description><guid>/news/1</guid></item>"
    assert _fetched_urls(items, "https://s.example/feed.xml") == ["https://s.example/news/1"]


def test_an_article_page_served_as_plain_text_is_read_as_text(
    feed_server: FeedServer, audit
) -> None:
    # A summary's link to a story served as text/plain (wire copy, a .txt archive) was
    # handed to the HTML extractor, which found no article in it: the entry was an
    # error, "no article text found in the page", though the page was all text.
    out = audit(feed_server.url("/plain-article.xml"), "--fetch-articles", "--fetch-private-links")
    assert out.errors == [] and out.code in (0, 1)
    [ferry] = out.docs
    assert ferry["meta"]["text_from"] == "article page"
    assert ferry["url"] == feed_server.url("/pages/ferry.txt")
    assert ferry["title"] == "Night ferry returns after two-year pause"
    text = " ".join(s["text"] for s in ferry["sentences"])
    assert "Morag Sinclair" in text and "Norwegian company" in text


@pytest.mark.parametrize(
    ("target", "served"),
    [
        ("feed", "a feed"),
        ("list", "a list of URLs"),
        ("records", "JSON Lines"),
        ("export", "a JSON document"),
    ],
)
def test_an_article_page_that_is_no_page_is_the_entry_s_error(
    feed_server: FeedServer, audit, target: str, served: str
) -> None:
    # An entry linking a feed, a list of URLs (served as text/plain), JSON Lines or a
    # JSON document (an export) had what the link served run through the page
    # extractor, and its channel's title, its URLs or its records' JSON were audited
    # as the entry's article.
    feed = feed_server.url(f"/links-to/{target}")
    out = audit(feed, "--fetch-articles", "--fetch-private-links")
    assert out.code == 2
    [entry] = out.docs
    assert entry["status"] == "error"
    assert entry["title"] == "Night ferry returns after two-year pause"
    assert entry["error"].endswith(f": it serves {served}, not an article page")
    assert len(out.errors) == 1 and out.errors[0].endswith(entry["error"])


def test_a_thin_xhtml_article_page_with_its_xml_declaration_is_read(
    feed_server: FeedServer, audit
) -> None:
    # An XHTML page that opens with its XML declaration and has few tags was sniffed as
    # a feed (the HTML root past the prolog was never matched), so --fetch-articles
    # called the story "a feed, not an article page".
    out = audit(feed_server.url("/links-to/xhtml"), "--fetch-articles", "--fetch-private-links")
    assert out.errors == []
    [ferry] = out.docs
    assert ferry["status"] == "ok"
    assert ferry["meta"]["text_from"] == "article page"
    text = " ".join(s["text"] for s in ferry["sentences"])
    assert "northern islands" in text


def test_an_atom_entry_without_an_alternate_link_has_no_url() -> None:
    # An entry whose only links are an enclosure (a podcast's audio), its comments or
    # itself: feedparser gives its id as the link, and "urn:uuid:1" was its url, which
    # --fetch-articles tried to fetch ("URL 'urn:uuid:1' is not an http(s) URL").
    from audits.sources.feed import ArticleRequest, FeedOptions

    entries = "".join(
        f"<entry><title>Story {i}</title><id>urn:uuid:{i}</id>"
        f"<updated>2024-03-11T10:00:00Z</updated>{link}<summary>{feedserver.COUNCIL}</summary></entry>"
        for i, link in enumerate(
            [
                '<link rel="enclosure" type="audio/mpeg" href="https://r.example/1.mp3"/>',
                '<link rel="replies" href="https://r.example/2/comments.xml"/>'
                '<link rel="self" href="https://r.example/2.xml"/>',
                '<link rel="related" href="https://r.example/x"/>'
                '<link rel="alternate" href="https://r.example/3"/>',
            ]
        )
    )
    data = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>R</title>'
        f"<id>urn:r</id><updated>2024-03-11T10:00:00Z</updated>{entries}</feed>"
    ).encode()
    assert [d.url for d in read_feed(data, "f.atom")] == [None, None, "https://r.example/3"]
    items = read_feed(data, "f.atom", options=FeedOptions(fetch_articles=True))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ArticleRequest"]
    assert isinstance(items[2], ArticleRequest) and items[2].url == "https://r.example/3"


def test_an_article_page_is_asked_for_as_html(feed_server: FeedServer, audit) -> None:
    # Every request asked for feeds first: a site that serves one URL as the page to
    # browsers and as the feed to readers answered an entry's link with the feed, and
    # the article was "no article text found in the page".
    feed_server.reset()
    out = audit(feed_server.url("/negotiated.xml"), "--fetch-articles", "--fetch-private-links")
    assert out.errors == [] and out.code in (0, 1)
    [ferry] = out.docs
    assert ferry["meta"]["text_from"] == "article page"
    assert any("Morag Sinclair" in s["text"] for s in ferry["sentences"])
    accept = {path: headers["Accept"] for path, headers in feed_server.requests}
    assert accept["/negotiated/ferry"].startswith("text/html")
    # A URL the user names may be a feed: feeds still come first there.
    assert accept["/negotiated.xml"].startswith("application/rss+xml")


def _atom_entry_links(ids: list[str], prefix: str = "") -> list[str | None]:
    """The url of each entry of an Atom feed fetched from a URL, whose entries have an
    ``<id>`` each and no link; ``prefix`` writes the feed with an Atom namespace prefix."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns{':' + prefix if prefix else ''}"
    entries = "".join(
        f"<{p}entry><{p}title>Story {i}</{p}title><{p}id>{id_}</{p}id>"
        f"<{p}updated>2024-03-11T10:00:00Z</{p}updated>"
        f"<{p}summary>{feedserver.COUNCIL}</{p}summary></{p}entry>"
        for i, id_ in enumerate(ids)
    )
    data = (
        f'<?xml version="1.0"?><{p}feed {xmlns}="http://www.w3.org/2005/Atom">'
        f"<{p}title>R</{p}title><{p}id>urn:r</{p}id>"
        f"<{p}updated>2024-03-11T10:00:00Z</{p}updated>{entries}</{p}feed>"
    ).encode()
    from audits.sources.feed import FeedOptions

    url = "https://r.example/feeds/atom.xml"
    items = read_feed(data, url, url=url, options=FeedOptions(fetch_articles=True))
    return [getattr(item, "url", None) for item in items]


@pytest.mark.parametrize("prefix", ["", "a"])
def test_an_atom_id_is_a_link_only_when_it_is_an_absolute_http_url(prefix: str) -> None:
    # An Atom <id> is an identifier, not an address: an entry without a link whose id
    # was "12345" got https://r.example/feeds/12345 for its url (feedparser resolves
    # the id against the feed's URL), a bogus page --fetch-articles turned into an
    # HTTP 404 error instead of auditing the entry's own summary. A prefixed Atom
    # feed (<a:feed xmlns:a=...><a:entry><a:id>) is read alike.
    ids = ["12345", "tag:r.example,2024:1", "urn:uuid:1", "/news/1", "news/2"]
    ids.append("https://r.example/stories/6")
    assert _atom_entry_links(ids, prefix) == [None] * 5 + ["https://r.example/stories/6"]


def test_an_atom_entrys_source_id_is_not_its_own() -> None:
    # An entry copied from another feed carries that feed's <source><id>, an address;
    # it was taken for the entry's own id, so the entry's "12345" resolved against the
    # feed's URL was kept as its url.
    data = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>R</title>'
        "<id>urn:r</id><updated>2024-03-11T10:00:00Z</updated><entry><title>Story</title>"
        "<source><id>https://other.example/feed.atom</id><title>Other</title></source>"
        "<id>12345</id><updated>2024-03-11T10:00:00Z</updated>"
        f"<summary>{feedserver.COUNCIL}</summary></entry></feed>"
    ).encode()
    url = "https://r.example/feeds/atom.xml"
    assert [d.url for d in read_feed(data, url, url=url)] == [None]


def test_an_rss_guid_is_read_past_other_vocabularies_ids() -> None:
    # Any <x:id> was read as the item's Atom id, the first one winning: a Google
    # Merchant <g:id>sku-1</g:id> before <guid>12345</guid> was taken for the item's id,
    # did not resolve to feedparser's link, and the guid resolved against the feed's URL
    # (https://s.example/feeds/12345) became the url, a page --fetch-articles asked for.
    # An <item> is read for its <guid> only, an <entry> for its own prefix's <id>.
    from audits.sources.feed import FeedOptions

    body = f"<description>{feedserver.COUNCIL}</description>"
    rss = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">'
        "<channel><title>T</title><link>https://s.example/</link>"
        f"<item><title>A</title><g:id>sku-1</g:id><guid>12345</guid>{body}</item>"
        f"<item><title>B</title><guid>12346</guid><g:id>sku-2</g:id>{body}</item>"
        "</channel></rss>"
    ).encode()
    url = "https://s.example/feeds/rss.xml"
    items = read_feed(rss, url, url=url, options=FeedOptions(fetch_articles=True))
    assert [(type(i).__name__, getattr(i, "url", None)) for i in items] == [("Document", None)] * 2
    # An Atom entry with a foreign <g:id> before its own <id>: the <id> is still read.
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:g="http://base.google.com/ns/1.0"><title>R</title><id>urn:r</id>'
        "<updated>2024-03-11T10:00:00Z</updated><entry><title>S</title><g:id>sku-1</g:id>"
        "<id>12345</id><updated>2024-03-11T10:00:00Z</updated>"
        f"<summary>{feedserver.COUNCIL}</summary></entry></feed>"
    ).encode()
    assert [d.url for d in read_feed(atom, url, url=url)] == [None]


def test_encoding_damage_is_reported_for_its_item_after_markup_quoted_in_cdata() -> None:
    # The repaired words were assigned to items counted in the raw feed: a CDATA
    # description quoting an Android <item> (or a commented-out item) counted one item
    # too many, so the next item's "cafÃ©" was repaired without its S500 finding. Damage
    # inside a CDATA description is the entry's text, and is still repaired and reported.
    text = "The cafÃ© on the harbour reopened on Tuesday after a long refit by the council."
    quoted = (
        "<item><title>A</title><description><![CDATA[<p>In res/values write "
        '<item name="x">1</item> then build the app for the harbour.</p>]]></description>'
        "</item><!-- <item><title>old</title></item> -->"
    )
    damaged = f"<item><title>D</title><description>{text}</description></item>"
    in_cdata = f"<item><title>E</title><description><![CDATA[<p>{text}</p>]]></description></item>"
    url = "https://s.example/feed.xml"
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<link>https://s.example/</link>{quoted}{damaged}{in_cdata}</channel></rss>"
    )
    docs = read_feed(rss.encode(), url, url=url)
    found = [[(f.code, f.text) for f in doc.input_findings] for doc in docs]
    assert found == [[], [("S500", "café")], [("S500", "café")]]
    assert "café" in docs[2].text and "Ã" not in docs[2].text


def _downgrade(source: str, target: str) -> dict[str, str]:
    return {"from": source, "to": target}


def test_an_https_url_sent_on_to_plain_http_is_read_with_a_warning(
    feed_server: FeedServer, tls_server: feedserver.TlsServer, audit, tmp_path: Path
) -> None:
    # An https feed or page that redirects to http (by HTTP or by meta refresh) was
    # read over plain http without a word: a run asked for https learned nothing of
    # it, though what it read could have been changed on the way. Each document read
    # so says where in its meta, and the run warns once, naming the addresses.
    feed = tls_server.url("/to-http/rss.xml")
    redirected = tls_server.url("/to-http/pages/ferry.html")
    refreshed = tls_server.url("/refresh-to-http/pages/library.html")
    secure = tls_server.url("/to-https/pages/ferry.html")
    listed = tmp_path / "morning.urls"
    listed.write_text(f"{redirected}\n{refreshed}\n{secure}\n", encoding="utf-8")
    out = audit(feed, str(listed))
    assert out.code in (0, 1) and not out.failed()
    rss = _downgrade(feed, feed_server.url("/rss.xml"))
    ferry = _downgrade(redirected, feed_server.url("/pages/ferry.html"))
    library = _downgrade(refreshed, feed_server.url("/pages/library.html"))
    assert [d["meta"].get("http_downgrade") for d in out.docs] == [rss] * 3 + [
        ferry,
        library,
        None,  # https to https
    ]
    [warning] = out.errors
    assert warning.startswith("mtaudit: warning: 5 documents were read over plain http ")
    for hop in (rss, ferry, library):
        assert f"{hop['from']} -> {hop['to']}" in warning


def test_an_article_page_sent_on_to_plain_http_is_read_with_a_warning(
    feed_server: FeedServer, tls_server: feedserver.TlsServer, audit
) -> None:
    # The same for the article pages --fetch-articles reads for an https feed's entries.
    feeds = [tls_server.url("/article-feed.xml"), tls_server.url("/refresh-article-feed.xml")]
    out = audit(*feeds, "--fetch-articles", "--fetch-private-links")
    assert out.code in (0, 1)
    assert [d["meta"]["text_from"] for d in out.docs] == ["article page"] * 2
    ferry = feed_server.url("/pages/ferry.html")
    assert [d["meta"].get("http_downgrade") for d in out.docs] == [
        _downgrade(tls_server.url("/to-http/pages/ferry.html"), ferry),
        _downgrade(tls_server.url("/refresh-to-http/pages/ferry.html"), ferry),
    ]
    [warning] = out.errors
    assert warning.startswith("mtaudit: warning: 2 documents were read over plain http ")
    assert f"{tls_server.url('/refresh-to-http/pages/ferry.html')} -> {ferry}" in warning


def test_an_error_after_an_https_url_went_on_to_plain_http_is_marked(
    feed_server: FeedServer, tls_server: feedserver.TlsServer, audit
) -> None:
    # A URL you name that redirected to plain http, which then answered 404, reported
    # its error with no meta.http_downgrade: only a fetched body carried the hop, so
    # the user learned nothing of the plain-http hop the run had taken.
    named = tls_server.url("/to-http/no-such-page")
    out = audit(named)
    [error] = out.docs
    assert error["status"] == "error" and "404" in str(error)
    hop = _downgrade(named, feed_server.url("/no-such-page"))
    assert error["meta"].get("http_downgrade") == hop
    [warning] = [line for line in out.errors if "over plain http" in line]
    assert f"{named} -> {feed_server.url('/no-such-page')}" in warning


def test_each_document_read_over_plain_http_has_its_own_mark(
    feed_server: FeedServer, tls_server: feedserver.TlsServer
) -> None:
    # Every entry of a feed read so shared one dict: a caller that edited one
    # document's meta.http_downgrade in place changed every other entry's too.
    first, second, *_ = read_inputs(tls_server.url("/to-http/rss.xml"))
    assert isinstance(first, Document) and isinstance(second, Document)
    first.meta["http_downgrade"]["to"] = "edited"
    assert second.meta["http_downgrade"]["to"] == feed_server.url("/rss.xml")


def test_what_a_list_or_feed_read_over_plain_http_names_is_marked_too(
    feed_server: FeedServer, tls_server: feedserver.TlsServer, audit
) -> None:
    # A list of URLs or a feed that came over plain http after an https redirect names
    # the URLs read next: those, and their errors, came by way of it.
    urls = tls_server.url("/to-http/urls.txt")
    feed = tls_server.url("/to-http/summary-only.xml")
    out = audit(urls, feed, "--fetch-articles", "--fetch-private-links")
    by_list = _downgrade(urls, feed_server.url("/urls.txt"))
    by_feed = _downgrade(feed, feed_server.url("/summary-only.xml"))
    hops = [(d["status"], d["meta"].get("http_downgrade")) for d in out.docs]
    assert [hop for _, hop in hops if hop not in (by_list, by_feed)] == []
    assert ("error", by_list) in hops and ("error", by_feed) in hops
    text_from = [d["meta"].get("text_from") for d in out.ok()]
    assert "article page" in text_from
    [warning] = [line for line in out.errors if "over plain http" in line]
    assert f"{urls} -> {feed_server.url('/urls.txt')}" in warning
    assert f"{feed} -> {feed_server.url('/summary-only.xml')}" in warning


def test_a_failed_input_fetched_over_plain_http_is_counted_as_one(
    feed_server: FeedServer, tls_server: feedserver.TlsServer, audit
) -> None:
    # The warning counted every input marked so as a document "read" whose words "may
    # have been changed": a page that answered 404 after the hop made "2 documents were
    # read over plain http" of one document and one error. Each is now named as what it is.
    page = tls_server.url("/to-http/pages/ferry.html")
    missing = tls_server.url("/to-http/no-such-page")
    out = audit(page, missing)
    assert [d["status"] for d in out.docs] == ["ok", "error"]
    assert all(d["meta"].get("http_downgrade") for d in out.docs)
    [warning] = [line for line in out.errors if "plain http" in line]
    hops = (
        f"{page} -> {feed_server.url('/pages/ferry.html')}, "
        f"{missing} -> {feed_server.url('/no-such-page')}"
    )
    assert warning == (
        "mtaudit: warning: 1 document was read, and 1 input failed, over plain http after "
        f"an https address redirected there ({hops}): what the document says may have "
        "been changed on the way"
    )


def test_an_input_refused_over_plain_http_is_not_said_to_have_been_fetched(
    feed_server: FeedServer,
    tls_server: feedserver.TlsServer,
    audit,
    tmp_path: Path,
) -> None:
    # A hop to plain http whose server refuses the connection is marked too, and the
    # warning said the input "was fetched" and that "what the server sent may have been
    # changed": nothing was fetched and no server sent anything.
    gone, gone_httpd = feedserver.start(tmp_path / "no-secret.txt")
    to_gone, to_gone_httpd = feedserver.start_tls(gone)
    gone_httpd.shutdown()
    gone_httpd.server_close()
    try:
        refused = to_gone.url("/to-http/pages/ferry.html")
        hop = f"{refused} -> {gone.url('/pages/ferry.html')}"
        out = audit(refused)
        assert [d["status"] for d in out.docs] == ["error"]
        assert "connection failed" in out.docs[0]["error"]
        [warning] = [line for line in out.errors if "plain http" in line]
        assert warning == (
            "mtaudit: warning: 1 input failed over plain http after an https address "
            f"redirected there ({hop}): the error may have been caused on the way, not by "
            "the server"
        )
        page = tls_server.url("/to-http/pages/ferry.html")
        out = audit(page, refused)
        assert [d["status"] for d in out.docs] == ["ok", "error"]
        [warning] = [line for line in out.errors if "plain http" in line]
        hops = f"{page} -> {feed_server.url('/pages/ferry.html')}, {hop}"
        assert warning == (
            "mtaudit: warning: 1 document was read, and 1 input failed, over plain http "
            f"after an https address redirected there ({hops}): what the document says "
            "may have been changed on the way"
        )
    finally:
        to_gone_httpd.shutdown()
        to_gone_httpd.server_close()


@pytest.mark.lm
def test_fluency_counts_a_failed_input_fetched_over_plain_http_as_one(
    feed_server: FeedServer, tls_server: feedserver.TlsServer, runner: CliRunner, lm_env, tmp_path
) -> None:
    # `fluency` kept each marked document without its status, so its warning counted
    # the page that answered 404 after the hop as a second document read.
    config = tmp_path / "mtaudit.toml"
    config.write_text(FAST_HTTP, encoding="utf-8")
    page = tls_server.url("/to-http/pages/ferry.html")
    missing = tls_server.url("/to-http/no-such-page")
    result = runner.invoke(app, ["fluency", page, missing, "--config", str(config)])
    assert "Traceback" not in result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "plain http" in line]
    assert warning.startswith(
        "mtaudit: warning: 1 document was read, and 1 input failed, over plain http "
    )


def test_a_word_damaged_twice_is_one_repair_of_the_whole_word() -> None:
    # 'rÃ©sumÃ©' was reported as 'sumé' (the feed read 'sumÃ©'): the first repair's word
    # ran on into the second's raw damage, was found nowhere in the text and was dropped.
    from audits.sources.feed import read_feed

    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>H</title>'
        "<item><guid>cv</guid><title>Jobs</title><description>Her rÃ©sumÃ© reached the "
        "board, and Ã‰milie read it twice.</description></item></channel></rss>"
    ).encode()
    [doc] = read_feed(feed, "jobs.xml")
    assert [(doc.text[f.start : f.end], f.evidence["broken"]) for f in doc.input_findings] == [
        ("résumé", "rÃ©sumÃ©"),
        ("Émilie", "Ã‰milie"),
    ]
