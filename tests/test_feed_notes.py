"""The warnings about what the readers marked on documents (cli/feed_notes.py): one
line per kind of mark, in a fixed order, whichever command audited the documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audits.document import Document, DocumentAudit
from audits.sources.base import TEASER_KEY, UNDATED_RECORD_KEPT
from audits.sources.feed import UNDATED_KEPT
from audits.sources.http_settings import HTTP_DOWNGRADE_KEY
from cli.feed_notes import warn_if_since_in_future, warn_of_read_notes


def _audit(source: str, **meta: object) -> DocumentAudit:
    return DocumentAudit(document=Document(source, "Text.", source, meta=dict(meta)))


def test_each_kind_of_note_is_one_warning_naming_its_documents(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The two warnings were two near-identical functions that every caller had to call
    one after the other; one call now gives both, worded as before."""
    documents = [
        _audit("feed.xml#1", **{UNDATED_KEPT: True, TEASER_KEY: "Subscribe to read on."}),
        _audit("feed.xml#2", **{UNDATED_KEPT: True}),
        _audit("plain.txt"),
        _audit("feed.xml#3", **{UNDATED_KEPT: True}),
        _audit("feed.xml#4", **{UNDATED_KEPT: True}),
    ]
    warn_of_read_notes(iter(documents))  # any iterable, read once
    assert capsys.readouterr().err.splitlines() == [
        "mtaudit: warning: --since kept 4 feed entries without a readable date "
        "(feed.xml#1, feed.xml#2, feed.xml#3, ...): nothing says whether they are new",
        "mtaudit: warning: 1 document stops at a paywall notice (feed.xml#1): only the "
        "story's opening was audited",
    ]
    warn_of_read_notes([documents[1], _audit("page.html", **{TEASER_KEY: "x"}), documents[0]])
    assert capsys.readouterr().err.splitlines() == [
        "mtaudit: warning: --since kept 2 feed entries without a readable date "
        "(feed.xml#2, feed.xml#1): nothing says whether they are new",
        "mtaudit: warning: 2 documents stop at a paywall notice (page.html, feed.xml#1): "
        "only the story's opening was audited",
    ]
    warn_of_read_notes([documents[2]])
    assert capsys.readouterr().err == ""


def test_a_since_in_the_future_names_where_it_was_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `since` from mtaudit.toml was warned of as "--since 2062-01-01 ...", and its
    reader looked for a flag the command line did not have."""
    from audits.config import load_config

    toml = tmp_path / "mtaudit.toml"
    toml.write_text('since = "2062-01-01"\n', encoding="utf-8")
    now = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    warn_if_since_in_future(load_config([], str(toml), {}), now=now)
    err = capsys.readouterr().err
    assert f"warning: {toml}: since 2062-01-01 is in the future" in err, err
    warn_if_since_in_future(load_config([], str(toml), {"since": "2063-01-01"}), now=now)
    assert "warning: --since 2063-01-01 is in the future" in capsys.readouterr().err


def test_a_since_of_age_0_is_warned_of_as_now_with_todays_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`audit feed.xml --since 0d` audited no entry and passed the gate without a word,
    where `report --since 0d` is refused: 0d is now, not the start of today."""
    from audits.config import load_config

    now = dt.datetime(2026, 5, 1, 22, 30, tzinfo=dt.UTC)
    warn_if_since_in_future(load_config([], None, {"since": "0d", "tz": "Asia/Tokyo"}), now=now)
    assert capsys.readouterr().err == (
        "mtaudit: warning: --since 0d is now: only feed entries dated in the future are "
        "audited; for today's, give its date: 2026-05-02\n"
    )
    warn_if_since_in_future(load_config([], None, {"since": "1d"}), now=now)
    assert capsys.readouterr().err == ""
    # 0h says now in its own words: no hint that today was meant.
    warn_if_since_in_future(load_config([], None, {"since": "0h"}), now=now)
    assert capsys.readouterr().err == (
        "mtaudit: warning: --since 0h is now: only feed entries dated in the future are audited\n"
    )


def test_a_failed_input_read_over_plain_http_is_counted_as_a_failed_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An error's document carries the meta its input had: a fetch that failed after an
    https address redirected to plain http was counted a document "read", whose words
    "may have been changed"."""

    def hop(source: str, status: str = "ok") -> DocumentAudit:
        meta = {HTTP_DOWNGRADE_KEY: {"from": f"https://{source}", "to": f"http://{source}"}}
        document = Document(source, "Text." if status == "ok" else "", source, meta=meta)
        return DocumentAudit(
            document=document, status=status, error=None if status == "ok" else "404"
        )

    warn_of_read_notes([hop("a/x"), hop("a/y", "error"), hop("a/z", "error")])
    warn_of_read_notes([hop("a/y", "error")])
    warn_of_read_notes([hop("a/x"), hop("a/w")])
    assert capsys.readouterr().err.splitlines() == [
        "mtaudit: warning: 1 document was read, and 2 inputs failed, over plain http after "
        "an https address redirected there (https://a/x -> http://a/x, https://a/y -> "
        "http://a/y, https://a/z -> http://a/z): what the document says may have been "
        "changed on the way",
        "mtaudit: warning: 1 input failed over plain http after an https address "
        "redirected there (https://a/y -> http://a/y): the error may have been caused on "
        "the way, not by the server",
        "mtaudit: warning: 2 documents were read over plain http after an https address "
        "redirected there (https://a/x -> http://a/x, https://a/w -> http://a/w): what "
        "they say may have been changed on the way",
    ]


def test_one_undated_entry_or_record_kept_is_an_it(capsys: pytest.CaptureFixture[str]) -> None:
    # "--since kept 1 JSONL record ...: nothing says whether they are new" (review
    # feeds40, NIT 3).
    warn_of_read_notes(
        [
            _audit("feed.xml#1", **{UNDATED_KEPT: True}),
            _audit("r.jsonl:3", **{UNDATED_RECORD_KEPT: True}),
        ]
    )
    assert capsys.readouterr().err.splitlines() == [
        "mtaudit: warning: --since kept 1 feed entry without a readable date "
        "(feed.xml#1): nothing says whether it is new",
        "mtaudit: warning: --since kept 1 JSONL record without a readable "
        '"published" date (r.jsonl:3): nothing says whether it is new',
    ]
