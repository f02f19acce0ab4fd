"""What every source yields: a Document, or an InputFailure that says why not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audits.document import Document

# Refuse inputs this large: an article dump bigger than this is almost surely a mistake.
# Here, not in inputs, so that the reports' line finder reads it without every reader.
MAX_INPUT_BYTES = 512 * 1024 * 1024
# The kinds of input (`--input-kind`): here, not in sniff, so that checking a config
# reads them without the decoders that sniffing imports.
KINDS = ("text", "html", "jsonl", "feed", "urls")
# The meta key of a JSONL record that ``--since`` kept although it has no date to
# compare (a feed's entry has UNDATED_KEPT, below): here, so the CLI's notes read it
# without every reader.
UNDATED_RECORD_KEPT = "undated_record_kept_by_since"
# The meta key of a document whose story stops at a paywall notice: the notice. Here,
# not with the teaser finder (lxml, the page cleaner), which a text file has no use for.
TEASER_KEY = "paywall_teaser"


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read as an article; the run goes on without it."""

    source: str
    reason: str
    id: str | None = None
    # What is known of the article all the same (a feed entry's title and link), so
    # that its error entry names the story and not only "FEED#3".
    title: str | None = None
    url: str | None = None
    # And where it came from (a feed entry's feed_title, feed_link, entry_index), so
    # that the error is counted with its feed's documents.
    meta: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class EmptyInput:
    """An input read as what it is that holds no article: a valid feed with no entries
    (a new or a quiet one). Nothing to audit and nothing wrong: not an InputFailure,
    which fails the run with exit 2 as if the feed were unreadable."""

    source: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.source}: {self.reason}"


# A feed's names that the input reader uses too: here rather than in ``feed``, so that
# reading a text file imports neither feedparser nor the feed reader.

# The meta key of an entry that ``since`` kept although it has no date to compare.
UNDATED_KEPT = "undated_kept_by_since"


@dataclass(frozen=True)
class FeedOptions:
    """Which entries of a feed to audit, and whether to fetch summary-only articles."""

    max_entries: int | None = None
    since: dt.datetime | None = None
    fetch_articles: bool = False


@dataclass
class ArticleRequest:
    """An entry whose text lives on its linked page; the reader fetches and extracts it."""

    url: str
    document: Document


# What an entry's meta says of where it comes from: all its error's meta holds (an
# error is no entry kept undated, nor one that stops at a paywall). The source's
# keys only where the entry names its outlet.
FEED_META_KEYS = (
    "feed_title",
    "feed_link",
    "feed_format",
    "entry_index",
    "source_title",
    "source_link",
)
