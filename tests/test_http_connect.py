"""The connect phase within the deadline: name lookups and hosts with several addresses.

DNS is the outside world here, so a test may stand in for it by patching
``socket.getaddrinfo``: a resolver that hangs, or one that answers with
addresses whose listening sockets never complete a handshake (their accept
queue is full, so the kernel drops the SYNs, as a black hole would).
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from audits.sources.http import Fetcher, FetchError, HttpSettings
from tests.feedserver import FeedServer

# A lookup of a name under this domain hangs until the test ends (at most 20 s).
SLOW = "slow.example"
# Names under this domain resolve to the addresses a test gives.
FAKE = "fake.example"
# Names under this domain do not exist.
MISSING = "nx.example"


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    """A resolver: ``*.slow.example`` never answers in time, ``*.nx.example`` does
    not exist, ``dns[name]`` gives the addresses ``name`` resolves to; other
    names go to the real resolver."""
    answers: dict[str, list[str]] = {}
    release = threading.Event()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.endswith(SLOW):
            release.wait(20)  # a dead resolver; freed when the test ends
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        if name.endswith(MISSING):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if name in answers:
            return [
                (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))
                for address in answers[name]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield answers
    release.set()


@contextlib.contextmanager
def stalled_listeners(addresses: list[str], port: int = 0) -> Iterator[int]:
    """A listening socket on each of ``addresses``, all on one port, whose accept
    queue is full: a connection attempt gets no answer at all, and times out.
    Yields the port."""
    for _ in range(10):  # another program may hold the port on one of the addresses
        sockets: list[socket.socket] = []
        try:
            chosen = port
            for address in addresses:
                listener = socket.socket()
                sockets.append(listener)
                listener.bind((address, chosen))
                listener.listen(0)
                chosen = listener.getsockname()[1]
                # One connection fills a queue of length 0; it is never accepted.
                filler = socket.socket()
                sockets.append(filler)
                filler.setblocking(False)
                filler.connect_ex((address, chosen))
                select.select([], [filler], [], 5.0)
        except OSError:
            for sock in sockets:
                sock.close()
            if port:
                raise
            continue
        try:
            yield chosen
        finally:
            for sock in sockets:
                sock.close()
        return
    raise RuntimeError("no port free on all of the addresses")


def fetch_error(url: str, settings: HttpSettings, *, public_only: bool = False) -> str:
    with Fetcher(settings) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url, public_only=public_only)
    return info.value.reason


def test_a_lookup_that_hangs_ends_at_the_deadline(dns: dict[str, list[str]]) -> None:
    """getaddrinfo takes no timeout; the deadline (1 s, shorter than the connect
    timeout) must still end the fetch, long before the resolver gives up (20 s)."""
    settings = HttpSettings(connect_timeout=5.0, total_timeout=1.0, retries=2, backoff=0.01)
    started = time.monotonic()
    reason = fetch_error(f"http://news.{SLOW}/feed.xml", settings)
    assert reason == "the response took longer than 1 s"
    assert time.monotonic() - started < 10


def test_a_lookup_that_hangs_times_out_as_connecting_and_is_retried(
    dns: dict[str, list[str]],
) -> None:
    """The connect timeout covers the lookup: each attempt ends after 0.5 s."""
    settings = HttpSettings(connect_timeout=0.5, total_timeout=5.0, retries=1, backoff=0.01)
    started = time.monotonic()
    reason = fetch_error(f"http://news.{SLOW}/feed.xml", settings)
    assert reason == f"timed out resolving news.{SLOW} (0.5 s) (after 2 attempts)"
    assert time.monotonic() - started < 10


def test_a_hanging_lookup_does_not_hold_up_the_other_urls(
    dns: dict[str, list[str]], feed_server: FeedServer
) -> None:
    settings = HttpSettings(connect_timeout=5.0, total_timeout=1.0, retries=0)
    slow, good = f"http://news.{SLOW}/feed.xml", feed_server.url("/rss.xml")
    started = time.monotonic()
    with Fetcher(settings) as fetcher:
        outcomes = dict(fetcher.fetch_all([slow, good]))
    assert time.monotonic() - started < 10
    assert isinstance(outcomes[slow], FetchError)
    assert outcomes[slow].reason == "the response took longer than 1 s"
    assert not isinstance(outcomes[good], FetchError)


@pytest.mark.parametrize("public_only", [False, True])
def test_a_name_that_does_not_resolve_says_so(dns: dict[str, list[str]], public_only: bool) -> None:
    settings = HttpSettings(retries=1, backoff=0.01)
    reason = fetch_error(f"http://news.{MISSING}/feed.xml", settings, public_only=public_only)
    expected = (
        f"cannot resolve news.{MISSING} ([Errno {socket.EAI_NONAME}] Name or service not known)"
    )
    # A feed link's check before the request does not retry (it never did).
    assert reason == (expected if public_only else f"{expected} (after 2 attempts)")


# 24 addresses that never answer: tried one after the other, each for the whole
# connect timeout, they take 24 times it, far beyond what a loaded machine adds.
BLACK_HOLES = [f"127.0.0.{n}" for n in range(2, 26)]


def test_a_host_whose_addresses_never_answer_takes_one_connect_timeout_in_all(
    dns: dict[str, list[str]],
) -> None:
    """24 addresses, a 1 s connect timeout: 1 s for all of them, not 24 s (the 10 s
    bound is ten times the one and far below the other)."""
    with stalled_listeners(BLACK_HOLES) as port:
        dns[f"many.{FAKE}"] = BLACK_HOLES
        settings = HttpSettings(connect_timeout=1.0, total_timeout=60.0, retries=0)
        started = time.monotonic()
        reason = fetch_error(f"http://many.{FAKE}:{port}/feed.xml", settings)
        elapsed = time.monotonic() - started
    assert reason == "timed out connecting (1 s)"
    assert elapsed < 10


def test_a_host_whose_addresses_never_answer_ends_at_the_deadline(
    dns: dict[str, list[str]],
) -> None:
    """The deadline (1 s) is shorter than the connect timeout (30 s): it bounds the
    whole connect phase, not each of the attempts. Had it waited for one connect
    timeout, this would take 30 s; the 10 s bound leaves a loaded machine ten times
    the deadline."""
    with stalled_listeners(BLACK_HOLES) as port:
        dns[f"many.{FAKE}"] = BLACK_HOLES
        settings = HttpSettings(connect_timeout=30.0, total_timeout=1.0, retries=2, backoff=0.01)
        started = time.monotonic()
        reason = fetch_error(f"http://many.{FAKE}:{port}/feed.xml", settings)
        elapsed = time.monotonic() - started
    assert reason == "the response took longer than 1 s"
    assert elapsed < 10


def test_an_address_that_answers_is_reached_after_ones_that_do_not(
    dns: dict[str, list[str]], feed_server: FeedServer
) -> None:
    """Sharing the connect timeout must not give up before the last address: the
    two black holes get a share each, and the server (127.0.0.1) the rest."""
    with stalled_listeners(["127.0.0.2", "127.0.0.3"], port=feed_server.port):
        dns[f"mixed.{FAKE}"] = ["127.0.0.2", "127.0.0.3", "127.0.0.1"]
        settings = HttpSettings(connect_timeout=3.0, total_timeout=30.0, retries=0)
        with Fetcher(settings) as fetcher:
            url = feed_server.url("/rss.xml").replace("127.0.0.1", f"mixed.{FAKE}")
            result = fetcher.fetch(url)
    assert b"Harbour Times" in result.body


def test_a_feed_link_whose_lookup_hangs_ends_at_the_deadline(dns: dict[str, list[str]]) -> None:
    """A link found in a feed is looked up before the request (the public-address
    check); that lookup, too, must end at the deadline."""
    settings = HttpSettings(connect_timeout=5.0, total_timeout=1.0, retries=2, backoff=0.01)
    started = time.monotonic()
    reason = fetch_error(f"http://news.{SLOW}/story.html", settings, public_only=True)
    assert reason == "the response took longer than 1 s"
    assert time.monotonic() - started < 10
