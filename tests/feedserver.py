"""A real HTTP server on 127.0.0.1 that serves good and hostile feeds and pages.

Started once per test session by the ``feed_server`` fixture (conftest.py).
Every response is built from the route table below; the server records each
request (path and headers) so tests can check what mtaudit sent.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import http.server
import json
import ssl
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

Response = tuple[int, dict[str, str], bytes]

FERRY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Night ferry returns after two-year pause | Harbour Times</title>
<script>var tracker = "page-view-ferry"; document.write(tracker);</script>
<style>.promo { color: red; }</style></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Night ferry returns after two-year pause</h1>
<p>The overnight ferry between the harbour and the northern islands will sail again from
next month, two years after the service was suspended when its only vessel failed a safety
inspection.</p>
<p>The operator has leased a replacement ship from a Norwegian company while a new vessel
is built, and says the crossing will run four nights a week through the summer before
returning to a daily timetable in the autumn.</p>
<p>"Islanders have been cut off from hospital appointments and family visits for far too
long," said Morag Sinclair, who chairs the islands' transport committee. "This is good news,
but we need the new ship delivered on time."</p>
<p>Tickets go on sale on Friday. Cabin prices will be frozen at their 2022 level for the
first season, the operator said.</p>
</article>
<footer>Subscribe to our newsletter for the latest harbour news.</footer>
</body></html>
"""

# The ferry story as a plain-text page: its paragraphs, one line each.
FERRY_TEXT = """\
The overnight ferry between the harbour and the northern islands will sail again from \
next month, two years after the service was suspended when its only vessel failed a \
safety inspection.

The operator has leased a replacement ship from a Norwegian company while a new vessel \
is built, and says the crossing will run four nights a week through the summer.

"Islanders have been cut off from hospital appointments and family visits for far too \
long," said Morag Sinclair, who chairs the islands' transport committee.
"""

REFRESHING_FERRY_PAGE = FERRY_PAGE.replace(
    "<head>", '<head><meta http-equiv="refresh" content="0; url=/amp/ferry">'
)

LIBRARY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>City library to open on Sundays | Harbour Times</title></head>
<body><article>
<h1>City library to open on Sundays</h1>
<p>The central library will open on Sunday afternoons from April, after the council agreed
to fund six extra posts from its cultural budget.</p>
<p>Librarians said Sunday opening had been the most common request in last year's survey,
particularly from families and students preparing for exams.</p>
<p>The reading rooms and the children's floor will open from noon until five; the archive
will remain closed on Sundays for now.</p>
</article></body></html>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Valley Courier: Local",
    "home_page_url": "https://valley-courier.example.com/local",
    "language": "en",
    "items": [
        {
            "id": "vc-2024-0311-bridge",
            "url": "https://valley-courier.example.com/local/footbridge-reopens",
            "title": "Footbridge reopens after flood repairs",
            "date_published": "2024-03-11T09:30:00+00:00",
            "authors": [{"name": "Eleanor Marsh"}],
            "content_html": (
                "<p>The footbridge over the river at Mill Lane reopened on Monday, four months "
                "after January's floods washed away one of its supports.</p>"
                "<p>Engineers replaced the damaged pier with a taller concrete one and raised the "
                "deck by half a metre, which the council says should keep it clear of all but "
                "the worst floods.</p><p>Walkers had faced a two-mile detour through the "
                "industrial estate while the work was carried out.</p>"
            ),
        },
        {
            "id": "vc-2024-0309-market",
            "url": "https://valley-courier.example.com/local/farmers-market-moves",
            "title": "Farmers' market moves to the old station yard",
            "date_published": "2024-03-09T14:00:00Z",
            "author": {"name": "Sam Whitley"},
            "content_text": (
                "The weekly farmers' market will move from the town square to the old station "
                "yard from next month, giving stallholders twice as much space and a covered "
                "area for wet days.\n\nTraders welcomed the move, although some worried that "
                "fewer shoppers would pass by on their way to the high street."
            ),
        },
    ],
}


def _rss(items: str, *, encoding: str | None = "utf-8", doctype: str = "") -> str:
    decl = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else '<?xml version="1.0"?>'
    return f"""{decl}
{doctype}<rss version="2.0">
  <channel>
    <title>Harbour Times: City</title>
    <link>https://harbour-times.example.org/city</link>
    <description>City news</description>
{items}
  </channel>
</rss>
"""


def _item(title: str, slug: str, text: str, date: str = "Mon, 11 Mar 2024 10:00:00 +0000") -> str:
    return f"""    <item>
      <title>{title}</title>
      <link>https://harbour-times.example.org/city/{slug}</link>
      <guid isPermaLink="false">ht-city-{slug}</guid>
      <pubDate>{date}</pubDate>
      <description>{text}</description>
    </item>"""


# An XHTML page with its XML declaration and fewer tags than sniff counts for HTML.
THIN_XHTML_FERRY = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
    "<title>Night ferry returns after two-year pause</title></head><body><p>"
    + " ".join(FERRY_TEXT.split())
    + "</p></body></html>"
)

COUNCIL = (
    "The city council approved next year's budget on Thursday evening after a four-hour "
    "debate, agreeing to spend an extra 2 million pounds on road repairs and to keep "
    "swimming pool charges at this year's level."
)
SCHOOLS = (
    "Two primary schools in the east of the city will share a head teacher from September, "
    "the education authority said, after both struggled for a year to fill the post."
)
TRAMS = (
    "Trams will run every six minutes instead of every ten on the airport line from May, "
    "once the operator takes delivery of four more vehicles from the factory in Spain."
)

ILL_FORMED_FEED = _rss(
    _item("Council approves budget with extra road money", "council-budget", COUNCIL)
    + "\n"
    # A mismatched closing tag: strict XML parsing stops here.
    + _item("Schools to share a head teacher", "schools", SCHOOLS).replace(
        "</title>", "</titel>", 1
    )
    + "\n"
    + _item("More trams for the airport line", "trams", TRAMS)
)

LATIN9_FEED = _rss(
    _item(
        "Harbour café wins €12,000 grant",
        "cafe-grant",
        "The café on the old fish quay has won a €12,000 grant to restore its façade, "
        "the heritage trust announced on Tuesday. The owners, Zoë and Stéphane Marchetti, "
        "said the work would begin after the summer season.",
    ),
    encoding=None,
).encode("iso-8859-15")

SUMMARY_ONLY_FEED = _rss(
    _item(
        "Night ferry returns after two-year pause",
        "ferry",
        "The overnight ferry to the northern islands will sail again next month.",
    ).replace("/city/ferry", "/city/ferry", 1)
    + "\n"
    + _item(
        "City library to open on Sundays",
        "library",
        "The central library will open on Sunday afternoons from April.",
    )
    + "\n"
    + _item(
        "Lighthouse tours suspended",
        "lighthouse",
        "Guided tours of the lighthouse are suspended until further notice.",
    )
)


def google_news_feed(ferry_url: str, library_url: str) -> str:
    """Google News's RSS: each item's description is the story's link and outlet, or
    a cluster of other outlets' stories in an <ol>; never text of its own."""

    def story(url: str, headline: str, outlet: str) -> str:
        return (
            f'<a href="{url}" target="_blank">{headline}</a>'
            f'&nbsp;&nbsp;<font color="#6f6f6f">{outlet}</font>'
        )

    single = story(ferry_url, "Night ferry returns after two-year pause", "Harbour Times")
    cluster = "<ol>{}</ol>".format(
        "".join(
            f"<li>{story(url, headline, outlet)}</li>"
            for url, headline, outlet in [
                (library_url, "City library to open on Sundays", "Harbour Times"),
                (library_url + "?2", "Sunday opening for libraries", "The New York Times"),
            ]
        )
    )
    items = []
    for title, url, description in [
        ("Night ferry returns after two-year pause - Harbour Times", ferry_url, single),
        ("City library to open on Sundays - Harbour Times", library_url, cluster),
    ]:
        escaped = description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        items.append(
            f"<item><title>{title}</title><link>{url}</link>"
            f'<guid isPermaLink="false">{url}</guid>'
            "<pubDate>Mon, 11 Mar 2024 10:00:00 GMT</pubDate>"
            f"<description>{escaped}</description>"
            "<source url='https://harbour-times.example'>Harbour Times</source></item>"
        )
    return _rss("\n".join(items))


# Latin-1 bytes whose declared charset is "undefined": Python has a codec by that
# name, and it fails on every input (plain UnicodeError).
CAFE_PAGE = FERRY_PAGE.replace('<meta charset="utf-8">', "").replace(
    "the harbour and", "the harbour café and"
)
UNDEFINED_META_PAGE = CAFE_PAGE.replace("<head>", '<head><meta charset="undefined">')


def _gzip_bomb(decompressed: int) -> bytes:
    """An RSS prefix and then ``decompressed`` bytes of spaces, gzipped (about 1000:1)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [comp.compress(b'<?xml version="1.0"?><rss version="2.0"><channel><title>')]
    block = b" " * (1 << 20)
    for _ in range(decompressed >> 20):
        parts.append(comp.compress(block))
    parts.append(comp.flush())
    return b"".join(parts)


def billion_laughs() -> str:
    levels = "\n".join(f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
    doctype = f'<!DOCTYPE rss [\n <!ENTITY lol "lol">\n{levels}\n]>\n'
    return _rss(
        _item("Council approves budget with extra road money", "council-budget", COUNCIL)
        + "\n"
        + _item("Schools to share a head teacher", "schools", SCHOOLS + " &lol9;"),
        doctype=doctype,
    )


def quadratic_blowup() -> str:
    doctype = f'<!DOCTYPE rss [\n <!ENTITY a "{"A" * 20000}">\n]>\n'
    return _rss(
        _item("More trams for the airport line", "trams", TRAMS + " " + "&a;" * 20000),
        doctype=doctype,
    )


def xxe_feed(secret: Path, canary_url: str) -> str:
    doctype = (
        "<!DOCTYPE rss [\n"
        f' <!ENTITY secret SYSTEM "file://{secret}">\n'
        f' <!ENTITY remote SYSTEM "{canary_url}">\n'
        f' <!ENTITY % param SYSTEM "{canary_url}-dtd">\n'
        " %param;\n"
        "]>\n"
    )
    return _rss(
        _item(
            "Council approves budget with extra road money", "council-budget", COUNCIL + " &secret;"
        )
        + "\n"
        + _item("Schools to share a head teacher", "schools", SCHOOLS + " &remote;"),
        doctype=doctype,
    )


@dataclass
class FeedServer:
    """Routes, request log and counters of the running server."""

    secret: Path
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list, repr=False)
    # Concurrent requests to /sleepy/* (slow handlers of other tests do not count).
    in_flight: int = 0
    max_in_flight: int = 0
    # /pause/*: until when (monotonic) the last answer's Retry-After asked to be left
    # alone, and how many requests to /pause/* came before then.
    paused_until: float = 0.0
    early: int = 0
    # /held/500 answers only once this is set, so a test orders its requests by events.
    release: threading.Event = field(default_factory=threading.Event, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _bomb: bytes | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()
            self.requests.clear()
            self.max_in_flight = 0
            self.paused_until = 0.0
            self.early = 0
            self.release.clear()

    def pause_route(self, path: str) -> Response:
        """``/pause/STATUS/SECONDS`` answers STATUS with ``Retry-After: SECONDS`` and
        counts, in ``early``, every later request to /pause/* that comes before those
        seconds are over; any other /pause/ path is the ferry page. A request that
        waited for the pause arrives after it by the server's clock too, since the
        client starts waiting only once the answer has left."""
        now = time.monotonic()
        with self.lock:
            self.early += now < self.paused_until
            _, _, status, seconds = [*path.split("/"), "", ""][:4]
            if status.isdigit() and seconds.isdigit():
                self.paused_until = now + int(seconds)
                headers = {"Content-Type": "text/plain", "Retry-After": seconds}
                return int(status), headers, b"busy"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, FERRY_PAGE.encode("utf-8")

    def routes(self) -> dict[str, Callable[[], Response]]:
        xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
        html = {"Content-Type": "text/html; charset=utf-8"}

        def fixed(status: int, headers: dict[str, str], body: bytes | str) -> Response:
            return status, headers, body.encode("utf-8") if isinstance(body, str) else body

        def redirect(to: str) -> Callable[[], Response]:
            return lambda: (302, {"Location": to}, b"")

        def flaky() -> Response:
            if self.hits["/flaky"] == 1:
                return 503, {"Content-Type": "text/plain"}, b"busy"
            return fixed(200, xml, (SAMPLES / "world-desk.rss").read_bytes())

        def busy_until() -> Response:
            if self.hits["/busy-until"] == 1:
                # An HTTP date two seconds ahead (whole seconds: 1 to 2 s from now).
                later = email.utils.formatdate(time.time() + 2, usegmt=True)
                return 429, {"Content-Type": "text/plain", "Retry-After": later}, b"busy"
            return fixed(200, xml, (SAMPLES / "world-desk.rss").read_bytes())

        def slow() -> Response:
            time.sleep(1.5)
            return fixed(200, xml, (SAMPLES / "world-desk.rss").read_bytes())

        def slower() -> Response:
            time.sleep(20)
            return fixed(200, xml, (SAMPLES / "world-desk.rss").read_bytes())

        def bomb() -> Response:
            assert self._bomb is not None
            return (
                200,
                {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
                self._bomb,
            )

        def gzipped_feed() -> Response:
            body = gzip.compress((SAMPLES / "europe-briefing.atom").read_bytes())
            return 200, {"Content-Type": "application/atom+xml", "Content-Encoding": "gzip"}, body

        def truncated_gzip() -> Response:
            # Content-Length matches the cut body: only the gzip stream can tell.
            whole = gzip.compress(FERRY_PAGE.encode("utf-8"))
            headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            return 200, headers, whole[: len(whole) // 2]

        def gzip_with_trailing_junk() -> Response:
            # A whole gzip member, then bytes a misconfigured server appended.
            body = gzip.compress(FERRY_PAGE.encode("utf-8")) + b"\n\x00\x00<!-- cached -->\n"
            return 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, body

        def gzip_then_drip() -> Response:
            # A whole gzip member, then junk a few bytes at a time for 3 s (X-Drip).
            body = gzip.compress(FERRY_PAGE.encode("utf-8"))
            headers = {"Content-Type": "text/html", "Content-Encoding": "gzip", "X-Drip": "1"}
            return 200, headers, body

        def canary() -> Response:
            return fixed(200, {"Content-Type": "text/plain"}, "CANARY FETCHED")

        def urls_list() -> Response:
            lines = [
                "# Feeds and pages for the morning audit",
                self.url("/rss.xml"),
                "",
                self.url("/pages/ferry.html") + "   # the ferry story",
                self.url("/missing"),
                "not a url at all",
            ]
            return fixed(200, {"Content-Type": "text/plain"}, "\n".join(lines) + "\n")

        def drip() -> Response:
            # Headers at once, then a few bytes every 0.1 s for 3 s: each read
            # is quick, only an overall deadline stops it.
            return 200, {"Content-Type": "text/plain", "X-Drip": "1"}, b""

        def sleepy() -> Response:
            time.sleep(0.15)
            return fixed(200, html, LIBRARY_PAGE)

        return {
            "/rss.xml": lambda: fixed(200, xml, (SAMPLES / "world-desk.rss").read_bytes()),
            "/atom.xml": lambda: fixed(
                200,
                {"Content-Type": "application/atom+xml"},
                (SAMPLES / "europe-briefing.atom").read_bytes(),
            ),
            "/atom-gzip.xml": gzipped_feed,
            "/pages/truncated-gzip.html": truncated_gzip,
            "/pages/gzip-trailing-junk.html": gzip_with_trailing_junk,
            "/pages/gzip-then-drip.html": gzip_then_drip,
            "/feed.json": lambda: fixed(
                200, {"Content-Type": "application/feed+json"}, json.dumps(JSON_FEED)
            ),
            # A JSON Feed without its jsonfeed.org "version", pretty-printed.
            "/feed-no-version.json": lambda: fixed(
                200,
                {"Content-Type": "application/feed+json"},
                json.dumps({k: v for k, v in JSON_FEED.items() if k != "version"}, indent=2),
            ),
            # A CMS export: one JSON array of records, neither a feed nor JSON Lines.
            "/export.json": lambda: fixed(
                200,
                {"Content-Type": "application/json"},
                json.dumps([{"id": "r1", "text": COUNCIL}, {"id": "r2", "text": COUNCIL}]),
            ),
            "/bigint.json": lambda: fixed(
                200, {"Content-Type": "application/json"}, "[" + "1" * 5000 + "]"
            ),
            "/pages/ferry.html": lambda: fixed(200, html, FERRY_PAGE),
            "/pages/library.html": lambda: fixed(200, html, LIBRARY_PAGE),
            "/summary-only.xml": lambda: fixed(
                200,
                xml,
                SUMMARY_ONLY_FEED.replace(
                    "https://harbour-times.example.org/city/ferry", self.url("/pages/ferry.html")
                )
                .replace(
                    "https://harbour-times.example.org/city/library",
                    self.url("/redirect-to-library"),
                )
                .replace("https://harbour-times.example.org/city/lighthouse", self.url("/missing")),
            ),
            "/redirect-to-library": redirect("/pages/library.html"),
            "/pages/dated-ferry.html": lambda: fixed(
                200,
                html,
                FERRY_PAGE.replace(
                    "<head>",
                    '<head><meta property="article:published_time" '
                    'content="2024-03-11T10:00:00+00:00">',
                ),
            ),
            "/undated-summaries.xml": lambda: fixed(
                200,
                xml,
                SUMMARY_ONLY_FEED.replace(
                    "https://harbour-times.example.org/city/ferry",
                    self.url("/pages/dated-ferry.html"),
                )
                .replace(
                    "https://harbour-times.example.org/city/library",
                    self.url("/pages/library.html"),
                )
                .replace("<pubDate>Mon, 11 Mar 2024 10:00:00 +0000</pubDate>", ""),
            ),
            "/google-news.xml": lambda: fixed(
                200,
                xml,
                google_news_feed(self.url("/pages/ferry.html"), self.url("/pages/library.html")),
            ),
            "/chain/1": redirect("/chain/2"),
            "/chain/2": redirect("/chain/3"),
            "/chain/3": redirect("/rss.xml"),
            "/loop/a": redirect("/loop/b"),
            "/loop/b": redirect("/loop/a"),
            "/loop/self": redirect("/loop/self"),
            **{f"/hop/{i}": redirect(f"/hop/{i + 1}") for i in range(10)},
            "/to-file": redirect("file:///etc/passwd"),
            "/to-bad-port": redirect("http://127.0.0.1:99999/feed.xml"),
            "/to-bad-host": redirect("http://a..b/feed.xml"),
            "/missing": lambda: fixed(404, {"Content-Type": "text/html"}, "<h1>Not Found</h1>"),
            "/moved-to-missing": redirect("/missing"),
            "/moved-to-drip": redirect("/drip"),
            "/broken": lambda: fixed(500, {"Content-Type": "text/plain"}, "internal error"),
            "/flaky": flaky,
            "/busy-until": busy_until,
            "/slow": slow,
            "/slower": slower,
            "/huge": lambda: fixed(200, {"Content-Type": "text/plain"}, b"word " * 400_000),
            "/huge-declared": lambda: fixed(
                200, {"Content-Type": "text/plain"}, b"word " * 400_000
            ),
            "/bomb.xml": bomb,
            "/image.png": lambda: fixed(
                200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
            ),
            "/latin9.xml": lambda: fixed(
                200, {"Content-Type": "application/rss+xml; charset=iso-8859-15"}, LATIN9_FEED
            ),
            "/ill-formed.xml": lambda: fixed(200, xml, ILL_FORMED_FEED),
            "/not-a-feed.xml": lambda: fixed(
                200, {"Content-Type": "application/xml"}, "<?xml version='1.0'?><html><p/></html>"
            ),
            "/xxe.xml": lambda: fixed(200, xml, xxe_feed(self.secret, self.url("/canary"))),
            "/lol.xml": lambda: fixed(200, xml, billion_laughs()),
            "/quadratic.xml": lambda: fixed(200, xml, quadratic_blowup()),
            "/canary": canary,
            "/canary-dtd": canary,
            "/urls.txt": urls_list,
            "/undefined.xml": lambda: fixed(
                200, {"Content-Type": "application/rss+xml; charset=undefined"}, LATIN9_FEED
            ),
            "/undefined-pages.xml": lambda: fixed(
                200,
                xml,
                _rss(
                    _item("Night ferry returns", "ferry", "The ferry will sail again.")
                    + _item("Night ferry, again", "ferry-meta", "The ferry will sail again.")
                )
                .replace(
                    "https://harbour-times.example.org/city/ferry-meta",
                    self.url("/pages/undefined-meta.html"),
                )
                .replace(
                    "https://harbour-times.example.org/city/ferry",
                    self.url("/pages/undefined.html"),
                ),
            ),
            "/pages/undefined.html": lambda: fixed(
                200, {"Content-Type": "text/html; charset=undefined"}, CAFE_PAGE.encode("latin-1")
            ),
            "/pages/undefined-meta.html": lambda: fixed(
                200, {"Content-Type": "text/html"}, UNDEFINED_META_PAGE.encode("latin-1")
            ),
            "/undefined.txt": lambda: fixed(
                200,
                {"Content-Type": "text/plain; charset=undefined"},
                (COUNCIL + " The café stays open.").encode("latin-1"),
            ),
            **{f"/sleepy/{i}": sleepy for i in range(12)},
            "/drip": drip,
            # Pages that only send the reader on with <meta http-equiv="refresh">.
            "/refresh/old-address": lambda: fixed(200, html, refresh_page("/pages/ferry.html")),
            "/refresh/moved": redirect("/refresh/old-address"),
            "/refresh/self": lambda: fixed(200, html, refresh_page("/refresh/self")),
            **{
                f"/refresh/hop/{i}": (lambda i=i: fixed(200, html, refresh_page(str(i + 1))))
                for i in range(10)
            },
            "/refresh/to-file": lambda: fixed(200, html, refresh_page("file:///etc/passwd")),
            # An article whose page also sends browsers on (to its AMP copy): it is read.
            "/refresh/article.html": lambda: fixed(200, html, REFRESHING_FERRY_PAGE),
            "/refresh/article-summary.xml": lambda: fixed(
                200, xml, ferry_summary_feed(self.url("/refresh/article.html"))
            ),
            "/refresh/summary-only.xml": lambda: fixed(
                200, xml, ferry_summary_feed(self.url("/refresh/moved"))
            ),
            "/negotiated.xml": lambda: fixed(
                200, xml, ferry_summary_feed(self.url("/negotiated/ferry"))
            ),
            # A story served as plain text, as wire copy and .txt archives are.
            "/pages/ferry.txt": lambda: fixed(
                200, {"Content-Type": "text/plain; charset=utf-8"}, FERRY_TEXT
            ),
            "/plain-article.xml": lambda: fixed(
                200, xml, ferry_summary_feed(self.url("/pages/ferry.txt"))
            ),
            # JSON Lines under each name servers give it.
            **{
                f"/records/{kind}": (
                    lambda kind=kind: fixed(
                        200,
                        {"Content-Type": f"application/{kind}"},
                        json.dumps({"id": "r1", "text": COUNCIL}) + "\n",
                    )
                )
                for kind in ("x-ndjson", "jsonl", "jsonlines", "x-jsonlines")
            },
            # An XHTML story with its XML declaration and one paragraph: a page, not a feed.
            "/pages/ferry.xhtml": lambda: fixed(
                200, {"Content-Type": "application/xhtml+xml; charset=utf-8"}, THIN_XHTML_FERRY
            ),
            "/links-to/xhtml": lambda: fixed(
                200, xml, ferry_summary_feed(self.url("/pages/ferry.xhtml"))
            ),
            # JSON Lines with a record cut across two lines and a null: too few
            # records to sniff as JSON Lines, so the content type must say so.
            **{
                f"/cut-records/{kind}": (
                    lambda kind=kind: fixed(
                        200,
                        {"Content-Type": f"application/{kind}"},
                        json.dumps({"id": "a", "text": COUNCIL})
                        + '\n{"id": "b", "text": "Cut sh\nort line\n'
                        + json.dumps({"id": "c", "text": COUNCIL})
                        + "\nnull\n",
                    )
                )
                for kind in ("x-ndjson", "jsonl", "jsonlines", "x-jsonlines")
            },
            # Entries whose link serves no page: a feed, a list of URLs, JSON Lines or a
            # JSON document (an export).
            **{
                f"/links-to/{name}": (
                    lambda target=target: fixed(200, xml, ferry_summary_feed(self.url(target)))
                )
                for name, target in (
                    ("feed", "/rss.xml"),
                    ("list", "/urls.txt"),
                    ("records", "/records/x-ndjson"),
                    ("export", "/export.json"),
                )
            },
            # Items without a <link> whose <guid> (a permalink, by RSS's default) is
            # no address: "12345", as some CMSs write them.
            "/feeds/guid-only.xml": lambda: fixed(
                200,
                xml,
                _rss(
                    _item("Council approves budget", "council", COUNCIL)
                    .replace("<link>https://harbour-times.example.org/city/council</link>", "")
                    .replace(
                        '<guid isPermaLink="false">ht-city-council</guid>', "<guid>12345</guid>"
                    )
                ),
            ),
        }


def negotiated(accept: str) -> Response:
    """One URL, as sites that negotiate serve it: the feed to a client whose Accept
    header puts a feed type first, the page to one that puts HTML first."""
    first = accept.split(",")[0].split(";")[0].strip()
    if first in ("application/rss+xml", "application/atom+xml"):
        feed = ferry_summary_feed("https://harbour-times.example.org/city/ferry")
        return 200, {"Content-Type": "application/rss+xml"}, feed.encode("utf-8")
    return 200, {"Content-Type": "text/html; charset=utf-8"}, FERRY_PAGE.encode("utf-8")


def ferry_summary_feed(link: str) -> str:
    """A feed whose one entry is a summary of the ferry story, linking to ``link``."""
    return _rss(
        _item(
            "Night ferry returns after two-year pause",
            "ferry",
            "The overnight ferry to the northern islands will sail again.",
        )
    ).replace("https://harbour-times.example.org/city/ferry", link)


def refresh_page(target: str) -> str:
    """A page that only redirects, after the way site migrations leave old addresses."""
    return (
        f'<html><head><meta http-equiv="refresh" content="0; url={target}">'
        "<title>Redirecting&hellip;</title></head><body><p>This page has moved. If you "
        f'are not redirected, <a href="{target}">click here</a>.</p></body></html>'
    )


# Responses whose head never ends: (what comes first, what follows forever).
_HEADS_THAT_NEVER_END = {
    "/slow-headers": (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: ", b"a"),
    "/endless-continue": (b"", b"HTTP/1.1 100 Continue\r\n\r\n"),
}


# Routes whose answer depends on the request's Accept header.
_NEGOTIATED_ROUTES: dict[str, Callable[[str], Response]] = {"/negotiated/ferry": negotiated}


def _handler(server: FeedServer) -> type[http.server.BaseHTTPRequestHandler]:
    routes = server.routes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            counted = path.startswith("/sleepy/")
            with server.lock:
                server.hits[path] += 1
                server.requests.append((path, dict(self.headers.items())))
                if counted:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                if path in _HEADS_THAT_NEVER_END:
                    self._dribble_head(_HEADS_THAT_NEVER_END[path])
                    return
                route = routes.get(path)
                if path.startswith("/pause/"):
                    status, headers, body = server.pause_route(path)
                elif path == "/held/500":
                    # Bounded, so a test that fails before releasing it frees the thread.
                    server.release.wait(10)
                    status, headers, body = 500, {"Content-Type": "text/plain"}, b"broken"
                elif path in _NEGOTIATED_ROUTES:
                    accept = self.headers.get("Accept", "")
                    status, headers, body = _NEGOTIATED_ROUTES[path](accept)
                else:
                    status, headers, body = route() if route else (404, {}, b"no such route")
                if counted:
                    # Done working: counted out before the reply is sent, for once the
                    # client has read it, it may send the next request before this
                    # thread would get to a later decrement (a false overlap).
                    with server.lock:
                        server.in_flight -= 1
                    counted = False
                streamed = path in ("/huge", "/drip", "/pages/gzip-then-drip.html")
                if streamed or path.startswith("/bomb"):
                    headers = {**headers}  # no Content-Length: the client must count
                else:
                    headers = {**headers, "Content-Length": str(len(body))}
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
                if headers.get("X-Drip"):
                    for _ in range(30):
                        self.wfile.write(b"word ")
                        self.wfile.flush()
                        time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout or a size cap), as it should
            finally:
                if counted:
                    with server.lock:
                        server.in_flight -= 1

        def _dribble_head(self, pieces: tuple[bytes, bytes]) -> None:
            # A piece every 0.1 s for 20 s: each read is quick, the head never
            # ends, and only an overall deadline that covers headers stops it (the
            # client's leaving ends this thread too, at its next write).
            first, piece = pieces
            self.wfile.write(first)
            for _ in range(200):
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(0.1)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def handle_one_request(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().handle_one_request()

    return Handler


def start(secret: Path) -> tuple[FeedServer, http.server.ThreadingHTTPServer]:
    state = FeedServer(secret=secret)
    state._bomb = _gzip_bomb(64 << 20)  # built before any request can time out on it
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, name="feed-server", daemon=True).start()
    return state, httpd


# A self-signed certificate for 127.0.0.1 and localhost (valid until 2126), for the
# https side of a downgrade; a test trusts it through SSL_CERT_FILE, as httpx reads it.
TLS_CERT = Path(__file__).resolve().parent / "fixtures" / "tls" / "localhost-cert.pem"
TLS_KEY = TLS_CERT.with_name("localhost-key.pem")


@dataclass
class TlsServer:
    """An https server on 127.0.0.1 whose addresses send the reader on to the plain
    http FeedServer, as a site moving back to http (or someone stripping TLS on the
    way) does: ``/to-http/P`` redirects to the FeedServer's ``P``,
    ``/refresh-to-http/P`` is a page that only redirects there by meta refresh,
    ``/to-https/P`` redirects to ``/same/P``, which serves the FeedServer's ``P``
    itself over https, and ``/article-feed.xml`` and ``/refresh-article-feed.xml``
    are feeds of one summary whose link is ``/to-http/`` and ``/refresh-to-http/``
    ``pages/ferry.html``."""

    plain: FeedServer
    port: int = 0

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def respond(self, path: str) -> Response:
        html = {"Content-Type": "text/html; charset=utf-8"}
        xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
        head, _, rest = path.lstrip("/").partition("/")
        if head == "to-http":
            return 302, {"Location": self.plain.url(f"/{rest}")}, b""
        if head == "refresh-to-http":
            return 200, html, refresh_page(self.plain.url(f"/{rest}")).encode("utf-8")
        if head == "to-https":
            return 302, {"Location": self.url(f"/same/{rest}")}, b""
        if head == "same" and (route := self.plain.routes().get(f"/{rest}")):
            return route()
        if path in ("/article-feed.xml", "/refresh-article-feed.xml"):
            hop = "to-http" if path == "/article-feed.xml" else "refresh-to-http"
            feed = ferry_summary_feed(self.url(f"/{hop}/pages/ferry.html"))
            return 200, xml, feed.encode("utf-8")
        return 404, {}, b"no such route"


def start_tls(plain: FeedServer) -> tuple[TlsServer, http.server.ThreadingHTTPServer]:
    state = TlsServer(plain)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = state.respond(self.path.split("?")[0])
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS_CERT, TLS_KEY)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, name="tls-server", daemon=True).start()
    return state, httpd
