"""A feed's entries that share an id are each audited under an id of their own,
the same on every run. Fixture feed: tests/fixtures/feeds/repeated-guids.rss."""

from __future__ import annotations

from pathlib import Path

from audits.document import Document
from audits.sources.feed import read_feed

FEED = Path(__file__).parent / "fixtures" / "feeds" / "repeated-guids.rss"

NEW_ITEM = """<item>
      <title>Lorries barred</title>
      <guid isPermaLink="false">lorries</guid>
      <description>Lorries may not use the ford road while the bridge is shut.</description>
    </item>
    <item>"""


def _ids(data: bytes) -> list[tuple[str, str | None]]:
    items = read_feed(data, "repeat.rss")
    assert all(isinstance(item, Document) for item in items)
    return [(item.id, item.title) for item in items if isinstance(item, Document)]


def test_entries_with_one_guid_get_distinct_ids_that_a_new_entry_on_top_leaves_alone() -> None:
    # The repeated guid's second entry was numbered by its place in the feed
    # ("story#3"), so one more entry on top made it "story#4": --history took it for
    # a new document and the old one for gone.
    data = FEED.read_bytes()
    before = _ids(data)
    assert before == [
        ("story", "Bridge closes"),
        ("ford-road", "Ford road"),
        ("story#2", "Footbridge asked for"),
    ]
    grown = data.replace(b"<item>", NEW_ITEM.encode(), 1)
    assert _ids(grown) == [("lorries", "Lorries barred"), *before]
    assert _ids(data) == before


def test_a_repeated_id_never_takes_an_id_the_feed_gives_a_later_entry() -> None:
    # The repeat took "story#2", the id the feed gives its third entry, which then
    # became "story#2#2"; and without the repeat the third entry is "story#2", so a
    # repeat put above it renamed it (review feeds40, SHOULD-FIX 2).
    story_first = FEED.read_bytes().replace(b">ford-road<", b">story<", 1)
    story_first = story_first.replace(
        b">story</guid>\n      <description>The parish",
        b">story#2</guid>\n      <description>The parish",
    )
    assert [doc_id for doc_id, _ in _ids(story_first)] == ["story", "story#3", "story#2"]
    without_repeat = FEED.read_bytes().replace(
        b">story</guid>\n      <description>The parish",
        b">story#2</guid>\n      <description>The parish",
    )
    assert [doc_id for doc_id, _ in _ids(without_repeat)] == ["story", "ford-road", "story#2"]


def test_a_repeated_id_never_takes_an_id_the_feed_gives_an_earlier_entry() -> None:
    data = FEED.read_bytes().replace(b">ford-road<", b">story#2<")
    assert [doc_id for doc_id, _ in _ids(data)] == ["story", "story#2", "story#3"]
