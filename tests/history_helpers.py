"""Articles that change between scheduled runs, and the ways to publish them.

A test describes each run as a list of ``Article``s; an ``ArticleSet`` turns
that list into command-line inputs (a JSONL dump, a folder of text files per
site, or one RSS feed per site served on 127.0.0.1), so the same scenario runs over
every kind of input. ``ArticleSet.slug`` maps a document id back to its
article, and ``site_of_group`` a source group back to its site, whatever the
input kind.

Encoding damage (rule S500, strength 0.1) is the evidence: the tests run with
``--select S500`` and a flat verdict model whose threshold is 0.2
(``tests/fixtures/flat_verdict_model_at_0.2.json``: base P = 0.175, no fitted feature
moves it, every rule counts as evidence, the 2 strongest findings of a rule
adding -ln(1 - 0.1) each to the log-odds, and no source-language classifier),
so an article with two or more damaged words is judged machine-translated
(P = 0.208) and one with a single damaged word is not (P = 0.191). Selecting
one rule and a flat model keeps the hand counts true when detectors or the
packaged verdict change. ``GATE`` sets no `--fail-over` or `--fail-on`: its runs are
scheduled alerts, which a history accepts even when they exit 1; a test of a CI gate
adds one.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

FLAT_VERDICT = Path(__file__).parent / "fixtures" / "flat_verdict_model.json"
FLAT_VERDICT_AT_02 = Path(__file__).parent / "fixtures" / "flat_verdict_model_at_0.2.json"
GATE = [
    *("--verdict-model", str(FLAT_VERDICT_AT_02)),
    *("--no-lm", "--select", "S500", "--isolated"),
]


@dataclass(frozen=True)
class Article:
    slug: str
    site: str
    title: str
    text: str

    @property
    def url(self) -> str:
        return f"https://{self.site}/news/{self.slug}"


class ArticleSet(Protocol):
    name: str

    def publish(self, articles: list[Article]) -> list[str]:
        """Make ``articles`` (and only them) the input; the CLI arguments that read it."""
        ...

    def slug(self, doc_id: str) -> str: ...


class JsonlArticles:
    """One JSONL dump, rewritten before each run; sources are grouped by the URLs' sites."""

    name = "jsonl"

    def __init__(self, root: Path) -> None:
        self.path = root / "articles.jsonl"

    def publish(self, articles: list[Article]) -> list[str]:
        lines = [
            json.dumps(
                {"id": a.slug, "title": a.title, "url": a.url, "text": a.text},
                ensure_ascii=False,
            )
            for a in articles
        ]
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return [str(self.path)]

    def slug(self, doc_id: str) -> str:
        return doc_id


class TextFolderArticles:
    """A folder per site holding one text file per article; grouped by folder."""

    name = "text"

    def __init__(self, root: Path) -> None:
        self.root = root / "articles"

    def publish(self, articles: list[Article]) -> list[str]:
        for old in self.root.rglob("*.txt"):
            old.unlink()
        for a in articles:
            path = self.root / a.site / f"{a.slug}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{a.title}\n\n{a.text}\n", encoding="utf-8")
        return [str(self.root)]

    def slug(self, doc_id: str) -> str:
        return Path(doc_id).stem


class FeedArticles:
    """One RSS feed per site, served over HTTP on 127.0.0.1 and rewritten before each run.

    Each feed is titled with its site's name, so the trend report's per-source
    groups are the same sites as for the other inputs.
    """

    name = "feed"

    def __init__(self, root: Path) -> None:
        self.root = root / "feeds"
        self.root.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_QuietFiles, directory=str(self.root))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        weakref.finalize(self, self._server.shutdown)

    def publish(self, articles: list[Article]) -> list[str]:
        for old in self.root.glob("*.xml"):
            old.unlink()
        sites = sorted({a.site for a in articles})
        for site in sites:
            items = "".join(_rss_item(a) for a in articles if a.site == site)
            (self.root / f"{site}.xml").write_text(_rss(site, items), encoding="utf-8")
        port = self._server.server_address[1]
        return [f"http://127.0.0.1:{port}/{site}.xml" for site in sites]

    def slug(self, doc_id: str) -> str:
        return doc_id


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {".xml": "application/rss+xml"}

    def log_message(self, format: str, *args: object) -> None:
        pass


def _rss(site: str, items: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{site}</title><link>https://{site}/</link>"
        f"<description>News from {site}</description>{items}</channel></rss>\n"
    )


def _rss_item(a: Article) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in a.text.split("\n\n"))
    return (
        f"<item><title>{html.escape(a.title)}</title><link>{a.url}</link>"
        f'<guid isPermaLink="false">{a.slug}</guid>'
        f"<pubDate>Mon, 11 Mar 2024 10:00:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>"
    )


def site_of_group(label: str, sites: set[str]) -> str:
    """The site a source group stands for (a host, or a folder named after it)."""
    for site in sites:
        if label == site or label.endswith("/" + site):
            return site
    raise AssertionError(f"source group {label!r} is none of {sorted(sites)}")


# --- the articles ------------------------------------------------------------------
# Each comment says how many damaged words ("cafÃ©" for "café") an article has;
# test_history checks these counts through the engine before relying on them.

# 1 damaged word: one S500 finding, not machine-translated.
FERRY = Article(
    "harbour-ferry",
    "city.example",
    "Harbour ferry returns to a full timetable",
    "The harbour ferry will run every twenty minutes again from Monday, the operator said.\n\n"
    "Crews spent the winter replacing the engines, and the cafÃ© on the main deck reopens "
    "with the new timetable.\n\n"
    "Fares stay the same until the end of the year.",
)
# 2 damaged words: machine-translated.
BUDGET = Article(
    "council-budget",
    "city.example",
    "Council approves a leaner budget",
    "The city council approved next year's budget on Tuesday by nineteen votes to twelve.\n\n"
    "Spending on the rÃ©gion's roads falls by four per cent, while the crÃ¨che programme "
    "keeps its funding.\n\n"
    "The opposition said the cuts would delay repairs to two bridges.",
)
# Version 1 is clean; version 2 (an edit) has 2 damaged words.
MUSEUM_V1 = Article(
    "museum-reopens",
    "region.example",
    "Museum reopens after a two-year renovation",
    "The regional museum reopened on Saturday after a renovation that took two years.\n\n"
    "Visitors queued from early morning to see the restored Roman mosaics.\n\n"
    "Entry is free for the first month.",
)
MUSEUM_V2 = Article(
    MUSEUM_V1.slug,
    MUSEUM_V1.site,
    MUSEUM_V1.title,
    "The regional museum reopened on Saturday after a renovation that took two years.\n\n"
    "Visitors queued from early morning to see the restored Roman mosaics and the new "
    "galerie of Ã©tudes by local painters.\n\n"
    "Entry is free for the first month, the musÃ©e's director said.",
)
# 2 damaged words: machine-translated; gone from the second run.
STRIKE = Article(
    "rail-strike",
    "region.example",
    "Rail strike halts regional trains",
    "Regional trains stood still on Thursday as drivers walked out over pay.\n\n"
    "The union said the dÃ©pÃ´t staff would join the strike next week unless talks resume.\n\n"
    "Buses replaced some services, and the sociÃ©tÃ© running the network apologised.",
)
# Clean, new in the second run.
MEALS = Article(
    "school-meals",
    "region.example",
    "Free school meals extended to all primary pupils",
    "Every primary pupil in the region will get a free lunch from September.\n\n"
    "The scheme costs about twelve million a year and replaces a means-tested one.\n\n"
    "Head teachers welcomed the change but asked for more kitchen staff.",
)
# 3 damaged words (the verdict counts at most two per rule), new in the second run.
HEAT = Article(
    "heatwave-warning",
    "city.example",
    "Heatwave warning issued for the weekend",
    "Forecasters issued a heatwave warning for Saturday and Sunday.\n\n"
    "Temperatures may reach thirty-six degrees in the centre, and the mÃ©tÃ©o office "
    "advised people to avoid the sun at midday.\n\n"
    "Parks and cafÃ©s will stay open late, and the prÃ©fecture opened cool rooms in three "
    "libraries.",
)
# 2 damaged words, new in a later run.
FLOOD = Article(
    "flood-barrier",
    "region.example",
    "Flood barrier tested before the autumn storms",
    "Engineers closed the new flood barrier for the first time on Wednesday.\n\n"
    "The test took forty minutes, and the riviÃ¨re level downstream fell within the hour.\n\n"
    "The agence in charge said a second test is planned in October, the Ã©quipe added.",
)
# FERRY with its one damaged word repaired.
FERRY_FIXED = Article(FERRY.slug, FERRY.site, FERRY.title, FERRY.text.replace("cafÃ©", "café"))

RUN_1 = [FERRY, BUDGET, MUSEUM_V1, STRIKE]
RUN_2 = [FERRY, BUDGET, MUSEUM_V2, MEALS, HEAT]
SITES = {"city.example", "region.example"}
