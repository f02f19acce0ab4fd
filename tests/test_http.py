"""The HTTP fetcher against a real server on 127.0.0.1: limits, retries, redirects."""

from __future__ import annotations

import datetime as dt
import gzip
import http.server
import json
import os
import re
import socket
import ssl
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from audits import __version__
from audits.sources.http import (
    MAX_RETRY_AFTER_S,
    Fetcher,
    FetchError,
    FetchResult,
    HttpSettings,
    OutOfTime,
    _Decoder,
    _FairSlots,
    _retry_after,
    parse_content_type,
)
from tests import feedserver
from tests.conftest import SAMPLES
from tests.feedserver import FERRY_PAGE, FeedServer

FAST = HttpSettings(
    connect_timeout=0.5,
    read_timeout=0.4,
    total_timeout=5.0,
    max_bytes=1 << 20,
    retries=1,
    backoff=0.01,
)


def fetch(server: FeedServer, path: str, settings: HttpSettings = FAST):
    with Fetcher(settings) as fetcher:
        return fetcher.fetch(server.url(path))


def fetch_error(server: FeedServer, path: str, settings: HttpSettings = FAST) -> str:
    with pytest.raises(FetchError) as info:
        fetch(server, path, settings)
    assert info.value.source == server.url(path)
    return info.value.reason


def test_user_agent_is_honest_and_gzip_is_decoded(feed_server: FeedServer) -> None:
    feed_server.reset()
    result = fetch(feed_server, "/atom-gzip.xml")
    assert result.body == (SAMPLES / "europe-briefing.atom").read_bytes()
    assert result.status == 200 and result.content_type == "application/atom+xml"
    [(_, headers)] = feed_server.requests
    agent = headers["User-Agent"]
    assert agent.startswith(f"mtaudit/{__version__} ") and "machine-translation audit" in agent
    assert "gzip" in headers["Accept-Encoding"]


def test_redirects_are_followed_up_to_the_final_url(feed_server: FeedServer) -> None:
    result = fetch(feed_server, "/chain/1")
    assert result.final_url == feed_server.url("/rss.xml")
    assert result.redirects == 3
    assert b"Harbour Times: World Desk" in result.body


def test_redirect_loop_is_named(feed_server: FeedServer) -> None:
    reason = fetch_error(feed_server, "/loop/a")
    assert reason == f"redirect loop (back to {feed_server.url('/loop/a')} after 2 redirects)"
    # A page that redirects to itself read "after 1 redirects".
    reason = fetch_error(feed_server, "/loop/self")
    assert reason == f"redirect loop (back to {feed_server.url('/loop/self')} after 1 redirect)"


def test_at_most_five_redirects(feed_server: FeedServer) -> None:
    feed_server.reset()
    assert fetch_error(feed_server, "/hop/0") == "too many redirects (more than 5)"
    # The sixth redirect is refused without being requested.
    assert sorted(p for p in feed_server.hits if p.startswith("/hop/")) == [
        f"/hop/{i}" for i in range(6)
    ]


def test_redirect_to_another_scheme_is_refused(feed_server: FeedServer) -> None:
    reason = fetch_error(feed_server, "/to-file")
    assert reason == "redirect to 'file:///etc/passwd' is not an http(s) URL"


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://a..b/", "invalid host name 'a..b' (an empty label)"),
        ("http://.example.org/", "invalid host name '.example.org' (an empty label)"),
        ("http://xn--/", "invalid host name 'xn--' (a malformed punycode (xn--) label)"),
        # httpx writes these as exa%20mple.com, which was looked up (and the lookup
        # retried): "cannot resolve exa%20mple.com".
        ("http://exa mple.com/", "invalid host name 'exa mple.com' (the character ' ')"),
        ("http://news<b>.example/", "invalid host name 'news<b>.example' (the character '<')"),
        ('http://a"b.example/', "invalid host name 'a\"b.example' (the character '\"')"),
        # An escape of a character a name may hold went to the resolver as written.
        ("http://exa%2Emple.com/", "invalid host name 'exa%2emple.com' (the percent-escape '%2e')"),
        ("http://ex%41mple.com/", "invalid host name 'ex%41mple.com' (the percent-escape '%41')"),
        (
            f"http://{'a' * 300}.example/",
            f"invalid host name '{'a' * 77}...' (a label longer than 63 characters)",
        ),
        (
            f"http://{'a' * 60}.{'b' * 60}.{'c' * 60}.{'d' * 60}.{'e' * 60}.example/",
            f"invalid host name '{'a' * 60}.{'b' * 16}...' (longer than 253 characters)",
        ),
    ],
)
@pytest.mark.parametrize("public_only", [False, True])
def test_a_malformed_host_name_is_named(url: str, reason: str, public_only: bool) -> None:
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url, public_only=public_only)
    assert info.value.reason == reason


@pytest.mark.parametrize("port", [0, 65536, 99999])
def test_a_port_out_of_range_is_named_and_never_retried(port: int) -> None:
    # httpx takes any number: port 99999 was "connection failed ([Errno 111]
    # Connection refused) (after 3 attempts)", each retry after its backoff.
    url = f"http://127.0.0.1:{port}/feed.xml"
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert info.value.reason == f"invalid URL {url!r} (port {port} is not 1 to 65535)"


def test_a_redirect_to_a_port_out_of_range_says_it_is_a_redirect(feed_server: FeedServer) -> None:
    # It read "invalid URL '...'", as if the URL given were wrong, where a redirect to
    # another scheme or to no host says "redirect to".
    assert fetch_error(feed_server, "/to-bad-port") == (
        "invalid redirect to 'http://127.0.0.1:99999/feed.xml' (port 99999 is not 1 to 65535)"
    )


def test_a_redirect_to_a_malformed_host_name_is_named(feed_server: FeedServer) -> None:
    assert fetch_error(feed_server, "/to-bad-host") == "invalid host name 'a..b' (an empty label)"
    with Fetcher(FAST) as fetcher:
        [(_, outcome)] = fetcher.fetch_all(["http://xn--/feed.xml"])
    assert isinstance(outcome, FetchError)
    assert outcome.reason == "invalid host name 'xn--' (a malformed punycode (xn--) label)"


def test_a_failure_after_a_redirect_names_where_it_happened(feed_server: FeedServer) -> None:
    # The URL named answered with a redirect, yet the error read as its own 404.
    reason = fetch_error(feed_server, "/moved-to-missing")
    assert reason == f"HTTP 404 Not Found, at {feed_server.url('/missing')} (reached by 1 redirect)"


def test_the_overall_deadline_passing_after_a_redirect_names_no_address(
    feed_server: FeedServer,
) -> None:
    # The deadline covers the whole chain of redirects, not the address it ran out
    # at: "..., at http://.../drip (reached by 1 redirect)" blamed the last one.
    settings = HttpSettings(read_timeout=1.0, total_timeout=0.5, retries=0)
    with pytest.raises(OutOfTime) as info:
        fetch(feed_server, "/moved-to-drip", settings)
    assert info.value.reason == "the response took longer than 0.5 s"


def test_404_is_not_retried(feed_server: FeedServer) -> None:
    feed_server.reset()
    assert fetch_error(feed_server, "/missing") == "HTTP 404 Not Found"
    assert feed_server.hits["/missing"] == 1


def test_5xx_is_retried_with_backoff_then_reported(feed_server: FeedServer) -> None:
    feed_server.reset()
    settings = HttpSettings(retries=2, backoff=0.01, read_timeout=1.0)
    reason = fetch_error(feed_server, "/broken", settings)
    assert reason == "HTTP 500 Internal Server Error (after 3 attempts)"
    assert feed_server.hits["/broken"] == 3


def test_a_transient_503_recovers(feed_server: FeedServer) -> None:
    feed_server.reset()
    result = fetch(feed_server, "/flaky")
    assert result.status == 200 and b"<rss" in result.body
    assert feed_server.hits["/flaky"] == 2


def test_retry_after_as_an_http_date_is_honoured(feed_server: FeedServer) -> None:
    feed_server.reset()
    started = time.monotonic()
    result = fetch(feed_server, "/busy-until")
    assert result.status == 200 and feed_server.hits["/busy-until"] == 2
    # The date is 1 to 2 s ahead (HTTP dates have whole seconds); the backoff is 0.01 s,
    # so the wait is the date's. A date misread (a zone's hours off, say) is capped at
    # MAX_RETRY_AFTER_S, 30 s: the upper bound tells that from 2 s on a loaded machine.
    # A misread of a second or two (a date rounded up a whole second) passes it.
    assert 0.9 < time.monotonic() - started < 10


@pytest.mark.parametrize(
    "value, seconds",
    [
        ("7", 7.0),
        ("99999999999999999999", MAX_RETRY_AFTER_S),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # now: at once
        ("Tue, 20 Oct 2015 07:28:00 GMT", 0.0),  # in the past: at once, never negative
        ("Wed, 21 Oct 2015 09:28:10 +0200", 10.0),
        ("Wednesday, 21-Oct-15 07:28:10 GMT", 10.0),  # the obsolete forms are still dates
        ("Fri, 31 Dec 9999 23:59:59 GMT", MAX_RETRY_AFTER_S),
        ("soon", None),
        ("-5", None),
        (None, None),
    ],
)
def test_retry_after_values(value: str | None, seconds: float | None) -> None:
    now = dt.datetime(2015, 10, 21, 7, 28, tzinfo=dt.UTC).timestamp()
    assert _retry_after(value, now) == seconds


def test_slow_response_times_out_and_is_retried(feed_server: FeedServer) -> None:
    feed_server.reset()
    reason = fetch_error(feed_server, "/slow")
    assert reason == "timed out waiting for data (0.4 s) (after 2 attempts)"
    assert feed_server.hits["/slow"] == 2


def test_a_dripping_response_hits_the_overall_deadline(feed_server: FeedServer) -> None:
    settings = HttpSettings(read_timeout=1.0, total_timeout=0.5, retries=0)
    assert fetch_error(feed_server, "/drip", settings) == "the response took longer than 0.5 s"


@pytest.mark.parametrize("path", ["/slow-headers", "/endless-continue", "/slower"])
def test_a_slow_head_hits_the_overall_deadline(feed_server: FeedServer, path: str) -> None:
    """A header byte, or a ``100 Continue``, every 0.1 s: the read timeout never
    trips; nor does a read timeout longer than the deadline (/slower: 20 s).

    Each answer takes 20 s and the read timeout is longer still, so a deadline
    noticed only when the answer ends (or not at all) takes 20 s or more, and the
    5 s bound leaves a loaded machine ten times the 0.5 s deadline (0.81 s was seen
    against an earlier 0.8 s bound)."""
    settings = HttpSettings(read_timeout=30.0, total_timeout=0.5, retries=2, backoff=0.01)
    started = time.monotonic()
    assert fetch_error(feed_server, path, settings) == "the response took longer than 0.5 s"
    assert time.monotonic() - started < 5
    assert feed_server.hits[path] >= 1


def test_no_retry_is_started_that_the_deadline_would_cut_short(feed_server: FeedServer) -> None:
    """Attempts time out at 0.8 s; a third would start at 1.6 s and could not run
    its 0.8 s before the 2.2 s deadline, so there is none (two hits, and the reason
    says why). The second attempt may end up to 0.6 s late on a loaded machine
    before the deadline cuts it instead (with 0.4 s / 1 s that margin was 0.2 s, and
    it ran out under load). The clock only checks that nothing hangs."""
    feed_server.reset()
    settings = HttpSettings(read_timeout=0.8, total_timeout=2.2, retries=3, backoff=0.01)
    started = time.monotonic()
    reason = fetch_error(feed_server, "/slow", settings)
    assert time.monotonic() - started < 10
    assert reason == (
        "timed out waiting for data (0.8 s) (after 2 attempts; "
        "the 2.2 s deadline leaves no time for another)"
    )
    assert feed_server.hits["/slow"] == 2


def test_waiting_for_a_busy_host_does_not_count_against_the_deadline(
    feed_server: FeedServer,
) -> None:
    """Twelve 0.15 s pages, one at a time: the last waits 1.65 s or more for its turn,
    past its 1 s deadline, and still has the whole deadline once it starts. (Eight
    pages under a 0.5 s deadline left a page 0.35 s for a loaded machine's delays: one
    in 25 runs beside four busy processes took longer, and failed.)"""
    settings = HttpSettings(per_host=1, concurrency=12, total_timeout=1.0, read_timeout=0.9)
    urls = [feed_server.url(f"/sleepy/{i}") for i in range(12)]
    with Fetcher(settings) as fetcher:
        outcomes = dict(fetcher.fetch_all(urls))
    assert {url: o.reason for url, o in outcomes.items() if isinstance(o, FetchError)} == {}
    assert len(outcomes) == 12


def test_a_host_slot_goes_to_the_longest_waiter() -> None:
    """Not to a thread that releases a slot and asks again at once (a worker moving
    on to its next URL), which threading.Semaphore lets jump the queue."""
    slots = _FairSlots(1)
    slots.acquire()
    order: list[str] = []

    def waiter(name: str) -> None:
        with slots:
            order.append(name)

    threads = [threading.Thread(target=waiter, args=(name,)) for name in "abc"]
    for queued, thread in enumerate(threads, start=1):
        thread.start()
        while len(slots._queue) < queued:  # queued in this order
            time.sleep(0.001)
    slots.release()
    with slots:
        order.append("again")
    for thread in threads:
        thread.join(timeout=2)
    assert order == ["a", "b", "c", "again"]


@pytest.mark.parametrize(
    "path, reason",
    [
        # No Content-Length: the body is counted as it streams in.
        ("/huge", "response body is larger than the 1 MiB limit"),
        # A declared length over the cap is refused before reading.
        ("/huge-declared", "response body is larger than the 1 MiB limit (Content-Length 2000000)"),
    ],
)
def test_body_over_the_cap(feed_server: FeedServer, path: str, reason: str) -> None:
    assert fetch_error(feed_server, path) == reason


def test_gzip_bomb_stops_at_the_cap_without_inflating(feed_server: FeedServer) -> None:
    tracemalloc.start()
    try:
        reason = fetch_error(feed_server, "/bomb.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason == "response body is larger than the 1 MiB limit once decompressed"
    # The bomb inflates to 64 MiB; we never hold much more than the 1 MiB cap.
    assert peak < 12 * (1 << 20), f"peak {peak / (1 << 20):.1f} MiB"


def test_wrong_content_type_is_refused(feed_server: FeedServer) -> None:
    reason = fetch_error(feed_server, "/image.png")
    assert reason == "unsupported content type image/png (expected a feed, a web page or text)"


@pytest.mark.parametrize("kind", ["x-ndjson", "jsonl", "jsonlines", "x-jsonlines"])
def test_json_lines_is_read_under_each_of_its_content_types(
    feed_server: FeedServer, kind: str
) -> None:
    # application/jsonlines (as AWS serves dumps) and application/x-jsonlines were
    # refused before the body came: "unsupported content type".
    result = fetch(feed_server, f"/records/{kind}")
    assert result.content_type == f"application/{kind}"
    assert json.loads(result.body)["id"] == "r1"


def test_charset_comes_from_the_header(feed_server: FeedServer) -> None:
    result = fetch(feed_server, "/latin9.xml")
    assert result.content_type == "application/rss+xml"
    assert result.charset == "iso-8859-15"


def test_connection_refused_is_reported() -> None:
    # The port stays bound, never listening, until the fetch is over: closed first, it
    # was free for another process (the other xdist worker's server) to listen on.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}/feed.xml"
        with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
            fetcher.fetch(url)
    assert info.value.reason.startswith("connection failed (")
    assert info.value.reason.endswith("(after 2 attempts)")


class _HandshakeServer:
    """A TCP server on 127.0.0.1 that counts the connections made to it and answers
    each as ``how`` says: "tls" does the handshake with the test certificate, "plain"
    answers the ClientHello as a plain http server would, "cut" closes it unanswered,
    "busy" answers the ClientHello with TLS's fatal "internal error" alert, "badmac"
    does the handshake, reads the request and answers it with a corrupt
    record, "certreq" does a TLS 1.3 handshake that asks for a client certificate
    (the client finds the refusal of it at its first read)."""

    def __init__(self, how: str, host: str = "127.0.0.1") -> None:
        self.how = how
        self.connections = 0
        self._host = host
        self._listener = socket.create_server((host, 0))
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(feedserver.TLS_CERT, feedserver.TLS_KEY)
        if how == "certreq":
            self._context.minimum_version = ssl.TLSVersion.TLSv1_3
            self._context.verify_mode = ssl.CERT_REQUIRED
            self._context.load_verify_locations(feedserver.TLS_CERT)
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str) -> str:
        return f"https://{self._host}:{self._listener.getsockname()[1]}{path}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return  # closed
            self.connections += 1
            with conn:
                conn.settimeout(5)
                try:
                    if self.how in ("tls", "certreq"):
                        self._context.wrap_socket(conn, server_side=True).recv(1024)
                    elif self.how == "badmac":
                        with self._context.wrap_socket(conn, server_side=True) as tls:
                            tls.recv(4096)
                            # An application-data record of zeros, written under the TLS
                            # layer (wrap_socket took conn's descriptor): its MAC cannot
                            # check out.
                            with socket.socket(fileno=os.dup(tls.fileno())) as raw:
                                raw.sendall(b"\x17\x03\x03\x00\x20" + b"\x00" * 32)
                    elif self.how == "busy":
                        conn.recv(1024)
                        # An alert record in the clear: fatal (2), internal_error (80).
                        conn.sendall(b"\x15\x03\x03\x00\x02\x02\x50")
                    elif self.how == "plain":
                        conn.recv(1024)
                        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                    else:
                        conn.recv(5)
                        conn.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                except OSError:
                    pass  # the client gave up on the handshake, as it should

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def handshake_server(request: pytest.FixtureRequest) -> Iterator[_HandshakeServer]:
    server = _HandshakeServer(request.param)
    yield server
    server.close()


# Two retries allowed: an error that is retried makes three connections.
TLS_RETRIES = HttpSettings(connect_timeout=2, read_timeout=2, retries=2, backoff=0.01)


def _failed_fetch(server: _HandshakeServer) -> FetchError:
    """The error a fetch of ``server``'s feed fails with (each of these servers fails it)."""
    with Fetcher(TLS_RETRIES) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(server.url("/feed.xml"))
    return info.value


def _was_retried(error: FetchError, server: _HandshakeServer) -> None:
    """``error`` is a dropped connection's, given up after both retries."""
    assert error.reason.startswith("connection failed ("), error.reason
    assert error.reason.endswith("(after 3 attempts)"), error.reason
    assert server.connections == 3


@pytest.fixture
def trusting_the_test_ca(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(feedserver.TLS_CERT))


@pytest.mark.parametrize("handshake_server", ["tls"], indirect=True)
def test_an_untrusted_certificate_fails_at_once_saying_how_to_trust_it(
    handshake_server: _HandshakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An untrusted certificate was retried like a dropped connection, and reported as
    # "connection failed ([SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed:
    # self-signed certificate (_ssl.c:1006)) (after 3 attempts)": no retry meets another.
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    url = handshake_server.url("/feed.xml")
    error = _failed_fetch(handshake_server)
    assert str(error) == (
        f"{url}: TLS certificate verification failed (self-signed certificate); to trust a "
        "private CA, set SSL_CERT_FILE to a PEM bundle that includes it"
    )
    assert handshake_server.connections == 1


def test_a_certificate_for_another_host_is_named_in_one_clean_line(
    trusting_the_test_ca: None,
) -> None:
    # The test certificate is for 127.0.0.1 and localhost; OpenSSL's words end in a
    # period, which sat inside the parentheses: "(IP address mismatch, ... '127.0.0.2'.)".
    server = _HandshakeServer("tls", host="127.0.0.2")
    url = server.url("/feed.xml")
    try:
        error = _failed_fetch(server)
    finally:
        server.close()
    assert str(error) == (
        f"{url}: TLS certificate verification failed (IP address mismatch, certificate is "
        "not valid for '127.0.0.2')"
    )
    assert server.connections == 1


@pytest.mark.parametrize("handshake_server", ["plain"], indirect=True)
def test_a_failed_tls_handshake_fails_at_once(
    handshake_server: _HandshakeServer, trusting_the_test_ca: None
) -> None:
    # https to a port that speaks plain http: no retry makes it speak TLS.
    url = handshake_server.url("/feed.xml")
    error = _failed_fetch(handshake_server)
    reason = error.reason
    assert reason.startswith("TLS handshake failed (") and "_ssl.c" not in reason, reason
    assert "attempt" not in reason and str(error).startswith(f"{url}: ")
    assert handshake_server.connections == 1


@pytest.mark.parametrize("handshake_server", ["busy"], indirect=True)
def test_a_servers_internal_error_alert_is_retried(
    handshake_server: _HandshakeServer, trusting_the_test_ca: None
) -> None:
    # "internal error" is often a busy or restarting TLS terminator's: it was final, as
    # "TLS handshake failed (tlsv1 alert internal error)" after one connection.
    error = _failed_fetch(handshake_server)
    _was_retried(error, handshake_server)
    assert "internal error" in error.reason


@pytest.mark.parametrize("handshake_server", ["badmac"], indirect=True)
def test_a_corrupt_record_after_the_handshake_is_retried_as_a_dropped_connection(
    handshake_server: _HandshakeServer, trusting_the_test_ca: None
) -> None:
    # The handshake succeeded: a record that fails its check on the way (a flaky link, a
    # middlebox) broke the connection, and was reported as "TLS handshake failed
    # (decryption failed or bad record mac)", not retried.
    error = _failed_fetch(handshake_server)
    _was_retried(error, handshake_server)
    assert "handshake" not in error.reason


@pytest.mark.parametrize("handshake_server", ["certreq"], indirect=True)
def test_a_tls_alert_after_the_handshake_is_the_servers_refusal(
    handshake_server: _HandshakeServer, trusting_the_test_ca: None
) -> None:
    # TLS 1.3 sends the refusal of a missing client certificate after the handshake:
    # the server's alert is final, and not a failed handshake.
    url = handshake_server.url("/feed.xml")
    error = _failed_fetch(handshake_server)
    assert str(error) == (f"{url}: the server refused the TLS connection (certificate required)")
    assert handshake_server.connections == 1


@pytest.mark.parametrize("handshake_server", ["cut"], indirect=True)
def test_a_handshake_cut_off_is_retried_as_a_dropped_connection(
    handshake_server: _HandshakeServer, trusting_the_test_ca: None
) -> None:
    # Only the TLS errors a retry meets again fail at once: a connection reset
    # mid-handshake may be a busy server's, and is retried.
    _was_retried(_failed_fetch(handshake_server), handshake_server)


def test_requests_per_host_are_bounded(feed_server: FeedServer) -> None:
    feed_server.reset()
    settings = HttpSettings(per_host=2, concurrency=6, retries=0)
    urls = [feed_server.url(f"/sleepy/{i}") for i in range(6)]
    with Fetcher(settings) as fetcher:
        outcomes = dict(fetcher.fetch_all(urls))
    assert sorted(outcomes) == sorted(urls)
    assert all(not isinstance(o, FetchError) for o in outcomes.values())
    # Six slow requests, six workers, but never more than two at the host at once.
    assert feed_server.max_in_flight == 2


def test_fetch_all_fetches_each_url_once(feed_server: FeedServer) -> None:
    feed_server.reset()
    url = feed_server.url("/feed.json")
    with Fetcher(FAST) as fetcher:
        outcomes = list(fetcher.fetch_all([url, url, url]))
    assert [u for u, _ in outcomes] == [url]
    assert feed_server.hits["/feed.json"] == 1


@pytest.mark.parametrize(
    "header, expected",
    [
        ("text/html; charset=ISO-8859-1", ("text/html", "iso-8859-1")),
        ('application/rss+xml; charset="windows-1252"', ("application/rss+xml", "windows-1252")),
        ("application/feed+json", ("application/feed+json", None)),
        (None, (None, None)),
        ("garbage", (None, None)),
    ],
)
def test_parse_content_type(header: str | None, expected: tuple) -> None:
    assert parse_content_type(header) == expected


def test_deflate_with_and_without_the_zlib_wrapper() -> None:
    text = b"The council approved the budget after a four-hour debate. " * 50
    wrapped = zlib.compress(text)
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bare = raw.compress(text) + raw.flush()
    for body in (wrapped, bare):
        decoder = _Decoder("deflate", 1 << 20, "http://example.org/")
        out = b"".join(decoder.feed(body[i : i + 100]) for i in range(0, len(body), 100))
        assert out + decoder.finish() == text


def test_a_truncated_gzip_body_is_a_failed_fetch_and_retried(feed_server: FeedServer) -> None:
    feed_server.reset()
    reason = fetch_error(feed_server, "/pages/truncated-gzip.html")
    assert reason == "truncated gzip body (the compressed data ends early) (after 2 attempts)"
    assert feed_server.hits["/pages/truncated-gzip.html"] == 2


def test_junk_after_a_complete_gzip_body_is_ignored(feed_server: FeedServer) -> None:
    """As browsers do: the member ended and its checksum matched."""
    result = fetch(feed_server, "/pages/gzip-trailing-junk.html")
    assert result.body == FERRY_PAGE.encode("utf-8")


def test_junk_after_a_complete_gzip_body_is_not_waited_for(feed_server: FeedServer) -> None:
    """The junk drips on for 3 s; the body is complete long before the 2 s deadline."""
    settings = HttpSettings(read_timeout=1.0, total_timeout=2.0, retries=0)
    result = fetch(feed_server, "/pages/gzip-then-drip.html", settings)
    assert result.body == FERRY_PAGE.encode("utf-8")


def _gzip_decode(chunks: list[bytes]) -> bytes:
    decoder = _Decoder("gzip", 1 << 20, "http://example.org/")
    return b"".join(decoder.feed(chunk) for chunk in chunks) + decoder.finish()


@pytest.mark.parametrize("junk", [b"\n", b"\x00" * 8, b"\x1f", b"\x1f<!-- -->", b"HTTP/1.1 200"])
@pytest.mark.parametrize("split", [False, True])
def test_gzip_trailing_junk_in_any_chunking(junk: bytes, split: bool) -> None:
    text = b"The council approved the budget. " * 50
    member = gzip.compress(text)
    chunks = [member, junk[:1], junk[1:]] if split else [member + junk]
    assert _gzip_decode(chunks) == text


def test_gzip_members_are_all_decoded_however_the_chunks_fall() -> None:
    first, second = b"First member. " * 40, b"Second member. " * 40
    body = gzip.compress(first) + gzip.compress(second)
    cut = len(gzip.compress(first))
    for chunks in ([body], [body[:cut], body[cut:]], [body[: cut + 1], body[cut + 1 :]]):
        assert _gzip_decode(chunks) == first + second, chunks


def test_a_truncated_second_gzip_member_is_refused() -> None:
    body = gzip.compress(b"First member. " * 40) + gzip.compress(b"Second member. " * 40)
    with pytest.raises(FetchError, match="truncated gzip body"):
        _gzip_decode([body[:-5]])


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_a_truncated_deflate_body_is_refused(wbits: int) -> None:
    comp = zlib.compressobj(6, zlib.DEFLATED, wbits)
    body = comp.compress(b"The council approved the budget. " * 50) + comp.flush()
    decoder = _Decoder("deflate", 1 << 20, "http://example.org/")
    decoder.feed(body[:-5])
    with pytest.raises(FetchError) as info:
        decoder.finish()
    assert info.value.reason == "truncated deflate body (the compressed data ends early)"
    assert info.value.retryable


def test_an_empty_compressed_body_is_empty() -> None:
    assert _Decoder("gzip", 1 << 20, "http://example.org/").finish() == b""


def test_unknown_content_encoding_is_refused() -> None:
    with pytest.raises(FetchError, match="unsupported content encoding 'br'"):
        _Decoder("br", 1 << 20, "http://example.org/")


@pytest.mark.parametrize(
    "host, address",
    [
        ("[64:ff9b::7f00:1]", "64:ff9b::7f00:1"),  # 127.0.0.1 through a NAT64 gateway
        ("[64:ff9b::a9fe:a9fe]", "64:ff9b::a9fe:a9fe"),  # the cloud metadata endpoint
        ("[64:ff9b:1::a00:7]", "64:ff9b:1::a00:7"),  # NAT64's local-use prefix
        ("[2002:7f00:1::]", "2002:7f00:1::"),  # 6to4 of 127.0.0.1
        # SIIT's IPv4-translated form of 127.0.0.1 and of the metadata endpoint
        ("[::ffff:0:7f00:1]", "::ffff:0:7f00:1"),
        ("[::ffff:0:a9fe:a9fe]", "::ffff:0:a9fe:a9fe"),
        # Refused without the check on Python 3.11 (non-global there), kept as a guard
        # for versions that call the mapped form global.
        ("[::ffff:10.0.0.7]", "::ffff:10.0.0.7"),
    ],
)
def test_ipv6_addresses_that_carry_a_private_ipv4_one_are_refused(host: str, address: str) -> None:
    # Python calls 64:ff9b::7f00:1 and 2002:7f00:1:: global: a feed's link to one went
    # out to be connected to, where the network translates it to 127.0.0.1.
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(f"http://{host}/latest/meta-data/", public_only=True)
    assert info.value.reason.startswith(
        f"refused: the link points to {address}, a non-public address ({address})"
    )


def _rebinding_dns(monkeypatch: pytest.MonkeyPatch, host: str) -> list[str]:
    """``host`` resolves to a public address on the first lookup and to 127.0.0.1 on
    every later one: a DNS-rebinding attacker's name (DNS is the outside world)."""
    answers: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(name, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name != host:
            return real(name, port, *args, **kwargs)
        address = "93.184.215.14" if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_a_name_rebound_to_a_private_address_after_the_check_is_refused(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before the request passes (public); the connection, which resolves
    again, must not then reach 127.0.0.1."""
    answers = _rebinding_dns(monkeypatch, "rebind.example")
    feed_server.reset()
    url = feed_server.url("/rss.xml").replace("127.0.0.1", "rebind.example")
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url, public_only=True)
    assert answers == ["93.184.215.14", "127.0.0.1"]
    assert "non-public address (127.0.0.1)" in info.value.reason
    assert "attempts" not in info.value.reason  # refused at once, not retried
    assert feed_server.requests == []


def test_trusted_urls_and_allowed_private_links_still_reach_local_servers(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rebinding_dns(monkeypatch, "rebind.example")
    url = feed_server.url("/rss.xml").replace("127.0.0.1", "rebind.example")
    with Fetcher(FAST) as fetcher:
        assert b"Harbour Times" in fetcher.fetch(feed_server.url("/rss.xml")).body
    allowed = HttpSettings(**{**FAST.__dict__, "private_links": True})
    with Fetcher(allowed) as fetcher:
        outcome = dict(fetcher.fetch_all([url], untrusted=[url]))
    assert not isinstance(outcome[url], FetchError)
    assert b"Harbour Times" in outcome[url].body


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """An HTTP proxy on 127.0.0.1, set in the environment (HTTP_PROXY); it answers
    every request with a feed and records the URLs it was asked for."""
    asked: list[str] = []
    done = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)  # a proxy is sent the absolute URL
            if self.path.endswith("/hang"):
                done.wait(10)  # a proxy that never answers (until the test ends)
                return
            body = (SAMPLES / "world-desk.rss").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for name in ("ALL_PROXY", "HTTPS_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.server_address[1]}")
    yield asked
    done.set()
    server.shutdown()
    server.server_close()


def test_feed_links_go_through_the_proxy_from_the_environment(
    proxy: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proxy connects, so only the check before the request applies (one
    lookup, public). Were the link connected to directly, the connect-time guard
    would see the name rebound to 127.0.0.1 and refuse it."""
    answers = _rebinding_dns(monkeypatch, "rebind.example")
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch("http://rebind.example/feed.xml", public_only=True)
        assert b"Harbour Times" in result.body
        assert b"Harbour Times" in fetcher.fetch("http://trusted.example/feed.xml").body
    assert proxy == ["http://rebind.example/feed.xml", "http://trusted.example/feed.xml"]
    assert answers == ["93.184.215.14"]


def test_feed_links_the_proxy_is_bypassed_for_are_guarded_at_connect_time(
    proxy: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "rebind.example")
    answers = _rebinding_dns(monkeypatch, "rebind.example")
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("http://rebind.example/feed.xml", public_only=True)
    assert "non-public address (127.0.0.1)" in info.value.reason
    assert answers == ["93.184.215.14", "127.0.0.1"]
    assert proxy == []


def test_a_proxy_that_never_answers_hits_the_overall_deadline(proxy: list[str]) -> None:
    """The proxies' pools, which httpx builds from the environment, are held to
    the deadline too: the read timeout (30 s, far beyond the 10 s bound that leaves a
    loaded machine room) never gets its turn."""
    settings = HttpSettings(read_timeout=30.0, total_timeout=0.5, retries=0)
    started = time.monotonic()
    with Fetcher(settings) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("http://trusted.example/hang")
    assert info.value.reason == "the response took longer than 0.5 s"
    assert time.monotonic() - started < 10
    assert proxy == ["http://trusted.example/hang"]


def _paused_host_fetch(server: FeedServer, first: str, then: str, settings: HttpSettings):
    """Fetch ``first`` (an answer asking to be left alone), then ``then`` on the same
    host, in one run; the second's result or error."""
    server.reset()
    with Fetcher(settings) as fetcher:
        with pytest.raises(FetchError):
            fetcher.fetch(server.url(first))
        try:
            return fetcher.fetch(server.url(then))
        except FetchError as exc:
            return exc


ONE_TRY = HttpSettings(connect_timeout=0.5, read_timeout=0.4, total_timeout=5.0, retries=0)


@pytest.mark.parametrize("status", [429, 503])
def test_a_hosts_retry_after_holds_the_runs_later_requests_to_it(
    feed_server: FeedServer, status: int
) -> None:
    # A 429 or 503 with Retry-After is the host asking to be left alone: only the URL
    # that got it waited, and the run's next URL on the host was requested at once,
    # inside the pause (the server counts such early requests by its own clock).
    result = _paused_host_fetch(feed_server, f"/pause/{status}/1", "/pause/ferry", ONE_TRY)
    assert not isinstance(result, FetchError) and result.status == 200
    assert feed_server.early == 0


@pytest.mark.parametrize("status", [500, 502, 504])
def test_other_5xx_answers_hold_no_later_request(feed_server: FeedServer, status: int) -> None:
    # A 500, 502 or 504 speaks for its own response: its Retry-After (here 30 s, far
    # past the 5 s deadline) may pace that URL's retries, never the host's other URLs.
    # A guard: it passes before host pauses were kept too, and is no red-green test.
    result = _paused_host_fetch(feed_server, f"/pause/{status}/30", "/pause/ferry", ONE_TRY)
    assert not isinstance(result, FetchError) and result.status == 200
    assert feed_server.early == 1


def test_a_pause_holds_only_the_port_that_asked(feed_server: FeedServer, tmp_path) -> None:
    # Pauses were kept by host name alone: 127.0.0.1:P answering 429 with Retry-After:
    # 30 held the run's requests to another server, 127.0.0.1:Q, which had asked for
    # nothing ("not requested: 127.0.0.1 asked to wait 30.0 s more").
    from tests import feedserver

    (tmp_path / "secret.txt").write_text("s", encoding="utf-8")
    other, httpd = feedserver.start(tmp_path / "secret.txt")
    try:
        feed_server.reset()
        with Fetcher(ONE_TRY) as fetcher:
            with pytest.raises(FetchError):
                fetcher.fetch(feed_server.url("/pause/429/30"))
            result = fetcher.fetch(other.url("/pages/ferry.html"))
        assert result.status == 200 and other.hits["/pages/ferry.html"] == 1
    finally:
        httpd.shutdown()
        httpd.server_close()


class _CountedServers:
    """Servers on 127.0.0.1 whose handlers count the requests in flight across them
    all; a request waits (up to ``hold`` s) for another to come in beside it, so two
    requests the fetcher lets run at once always meet, with no sleep to time them."""

    def __init__(self, hold: float) -> None:
        self.hold = hold
        self.in_flight = self.max_in_flight = 0
        self.lock = threading.Lock()
        self.met = threading.Event()
        self.httpds: list[http.server.ThreadingHTTPServer] = []

    def start(self, tls: bool = False) -> str:
        servers = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with servers.lock:
                    servers.in_flight += 1
                    servers.max_in_flight = max(servers.max_in_flight, servers.in_flight)
                    if servers.in_flight > 1:
                        servers.met.set()
                servers.met.wait(servers.hold)
                with servers.lock:
                    servers.in_flight -= 1
                body = FERRY_PAGE.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(feedserver.TLS_CERT, feedserver.TLS_KEY)
            httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        self.httpds.append(httpd)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        scheme = "https" if tls else "http"
        return f"{scheme}://127.0.0.1:{httpd.server_address[1]}/page.html"

    def close(self) -> None:
        for httpd in self.httpds:
            httpd.shutdown()
            httpd.server_close()


@pytest.mark.parametrize("per_host, most_at_once", [(1, 1), (2, 2)])
def test_a_hosts_servers_on_other_ports_and_schemes_share_its_per_host_slots(
    per_host: int, most_at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # README: http_per_host bounds the requests to one host, its servers on every port
    # and scheme together (https://news.example and http://news.example:8080 are one
    # host), though a Retry-After pause holds one server. A guard for what README
    # promises: it passes on the code it came with. With two slots the two requests
    # meet, so the count can see a second request at once.
    monkeypatch.setenv("SSL_CERT_FILE", str(feedserver.TLS_CERT))
    servers = _CountedServers(hold=3.0)
    try:
        urls = [servers.start(tls=True), servers.start()]
        settings = HttpSettings(per_host=per_host, concurrency=8, retries=0, total_timeout=10)
        with Fetcher(settings) as fetcher:
            outcomes = dict(fetcher.fetch_all(urls))
        assert {u: o for u, o in outcomes.items() if isinstance(o, FetchError)} == {}
        assert servers.max_in_flight == most_at_once
    finally:
        servers.close()


def test_a_pause_past_the_deadline_names_the_hosts_answer_and_the_time_left(
    feed_server: FeedServer,
) -> None:
    # The host asks for 30 s and the next URL has 5 s: it is not requested (it would
    # be cut short), and its error says what the host answered and the time that was
    # actually left, not the whole deadline.
    result = _paused_host_fetch(feed_server, "/pause/503/30", "/pause/ferry", ONE_TRY)
    assert isinstance(result, FetchError) and feed_server.hits["/pause/ferry"] == 0
    assert re.fullmatch(
        r"not requested: 127\.0\.0\.1 asked to wait (29|30)\.\d s more \(HTTP 503 Service "
        r"Unavailable\), and [45]\.\d s of the deadline is left",
        result.reason,
    ), result.reason


def test_a_pause_that_leaves_no_time_for_the_request_is_not_waited_out(
    feed_server: FeedServer,
) -> None:
    # The host asks for 5 s and the next URL has 5 s: the pause was waited out (it
    # was shorter than the time left, by milliseconds) and the request then cut short,
    # "the response took longer than 5 s" after 5 s of sleeping. A request needs its
    # connect and read timeouts (0.9 s here) after the wait, or it is not made.
    result = _paused_host_fetch(feed_server, "/pause/503/5", "/pause/ferry", ONE_TRY)
    assert isinstance(result, FetchError) and feed_server.hits["/pause/ferry"] == 0
    assert re.fullmatch(
        r"not requested: 127\.0\.0\.1 asked to wait [45]\.\d s more \(HTTP 503 Service "
        r"Unavailable\), and [45]\.\d s of the deadline is left",
        result.reason,
    ), result.reason


def test_a_short_pause_is_waited_out_under_a_deadline_shorter_than_the_timeouts(
    feed_server: FeedServer,
) -> None:
    # A deadline of 15 s with the default connect and read timeouts (10 + 20 s): asking
    # the request for both after the wait refused every URL on a host that asked for a
    # 1 s pause, though 14 s were left. The request needs a second after the wait.
    settings = HttpSettings(total_timeout=15.0, retries=0)
    result = _paused_host_fetch(feed_server, "/pause/429/1", "/pause/ferry", settings)
    assert not isinstance(result, FetchError), result.reason
    assert result.status == 200 and feed_server.early == 0


def test_a_url_that_gives_up_in_a_pause_names_its_own_failure(feed_server: FeedServer) -> None:
    # A URL answered 500 would retry after its backoff; meanwhile the run's next URL on
    # the host is answered 429 with Retry-After: 30. The first is not retried into the
    # pause, and its error is its own answer and tries, then the time actually left.
    # Ordered by events, not by a clock: the server holds the first URL's 500 until the
    # pause is recorded, so the first's retry always meets it.
    feed_server.reset()
    settings = HttpSettings(read_timeout=10.0, total_timeout=20.0, retries=2, backoff=0.1)
    first = feed_server.url("/held/500")
    with Fetcher(settings) as fetcher:
        outcome: list[FetchResult | FetchError] = []

        def fetch_first() -> None:
            try:
                outcome.append(fetcher.fetch(first))
            except FetchError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=fetch_first)
        worker.start()
        for _ in range(1000):  # until the server holds its request
            if feed_server.hits["/held/500"]:
                break
            time.sleep(0.01)
        try:
            with pytest.raises(FetchError):  # the pause is recorded before this raises
                fetcher.fetch(feed_server.url("/pause/429/30"))
        finally:
            feed_server.release.set()
            worker.join(timeout=30)
    [own] = outcome
    assert isinstance(own, FetchError) and feed_server.hits["/held/500"] == 1
    assert re.fullmatch(
        r"HTTP 500 Internal Server Error \(after 1 attempt; no retry: 127\.0\.0\.1 asked to "
        r"wait 2\d\.\d s more \(HTTP 429 Too Many Requests\), and \d+\.\d s of the "
        r"deadline is left\)",
        own.reason,
    ), own.reason
