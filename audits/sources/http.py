"""Fetching feeds and pages over HTTP without trusting the other end.

Every response is bounded: connect and read timeouts plus an overall deadline
that every network operation is held to, name lookups and headers included
(``DeadlineBackend`` over connect.py's ``BoundedConnectBackend``),
a cap on the body *after* decompression (we decompress ourselves, chunk by
chunk, so a gzip bomb stops at the cap instead of filling memory), at most a
few redirects, and a content-type check before the body is read. Timeouts,
dropped connections, 429 and 5xx are retried with exponential backoff (an
untrusted certificate or a failed TLS handshake is not: a retry meets it again); at most
``per_host`` requests run against one host at a time, handed out first come,
first served, and the deadline only runs once a request has its turn.

Links found inside feeds may only reach public addresses. That is checked twice:
before the request (for a clear error, and for hosts reached through a proxy) and
when the connection is opened, on the very address connected to, so a name that
resolves to a public address for the check and to a private one a moment later
(DNS rebinding) still cannot reach the machine's own services.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import re
import ssl
import threading
import time
import urllib.parse
import zlib
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from types import TracebackType
from typing import Any, TypeVar

import httpcore
import httpx

from audits.errors import InputError, first_line
from audits.sources.connect import BoundedConnectBackend, ResolveError, ResolveTimeout, resolve
from audits.sources.http_settings import HttpSettings
from audits.sources.sniff import JSON_LINES_TYPES

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Answers whose Retry-After holds the run's every later request to the host, not
# only the URL's own retry: a 429 or a 503 says the host is busy; a 500, 502 or 504
# speaks for that response only.
HOST_PAUSE_STATUSES = frozenset({429, 503})
# Retry-After can ask for anything; we wait at most this long for one retry.
MAX_RETRY_AFTER_S = 30.0

# What we ask for: a URL the user names may be a feed, a page or a list of URLs; a
# feed entry's link is its article page, which a server that negotiates (one URL,
# a page for browsers and a feed for readers) must not answer with the feed.
ACCEPT_ANY = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/html;q=0.9, text/plain;q=0.8, */*;q=0.5"
)
ACCEPT_PAGE = "text/html, application/xhtml+xml, text/plain;q=0.8, */*;q=0.5"

# What a feed, a page or a list of URLs may be served as. Servers often send
# feeds as application/octet-stream, so that passes too and the bytes decide.
_TEXTUAL_TYPES = frozenset(
    {
        "application/xml",
        "application/json",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x-rss+xml",
        "application/octet-stream",
    }
    | JSON_LINES_TYPES
)


@dataclass(frozen=True)
class Downgrade:
    """An https address that sent the reader on to a plain http one, by a redirect or
    a meta refresh: it is followed, as browsers follow it, but what came back crossed
    the network unencrypted, and a run that asked for https must be told."""

    source: str
    target: str

    def as_meta(self) -> dict[str, str]:
        return {"from": self.source, "to": self.target}


@dataclass(frozen=True)
class FetchResult:
    """A successful response: the decompressed body and what the headers said about it."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    charset: str | None
    body: bytes
    redirects: int = 0
    # The first hop from https to plain http on the way, if there was one.
    downgrade: Downgrade | None = None


# Where a response sends the reader on, given the URL asked for and the response.
Refresh = Callable[[str, FetchResult], str | None]


class FetchError(InputError):
    """A URL that could not be fetched; ``reason`` says why in one line."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        timed_out_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(url, reason)
        self.retryable = retryable
        # The HTTP status that was the failure, if one was.
        self.status = status
        # Seconds the server asked us to wait (Retry-After), if it said.
        self.retry_after = retry_after
        # The connect or read timeout that ended the attempt, if one did.
        self.timed_out_after = timed_out_after
        # The first hop from https to plain http taken before the failure, if one was:
        # the user learns of it from an error too.
        self.downgrade: Downgrade | None = None


def user_agent() -> str:
    """An honest User-Agent: who we are, which version, and why we are fetching."""
    from audits import __version__

    return (
        f"mtaudit/{__version__} (machine-translation audit; +https://pypi.org/project/mtaudit/) "
        f"python-httpx/{httpx.__version__}"
    )


def _at_redirect_target(exc: FetchError, target: httpx.URL, redirects: int) -> FetchError:
    """``exc`` naming the address it happened at: a URL that answered with a redirect
    was reported as "HTTP 404 Not Found", or an SSL error, as if it had failed itself."""
    hops = f"{redirects} redirect{'s' * (redirects != 1)}"
    moved = FetchError(
        exc.source,
        f"{exc.reason}, at {target} (reached by {hops})",
        retryable=exc.retryable,
        retry_after=exc.retry_after,
        timed_out_after=exc.timed_out_after,
        status=exc.status,
    )
    moved.downgrade = exc.downgrade
    return moved


class OutOfTime(FetchError):
    """The overall deadline (``total_timeout``) passed; never retried, as no time is left."""


def _after_attempts(count: int) -> str:
    """How many requests a URL's error was reached after: "after 1 attempt", "after 3
    attempts"; one wording for the retry and the host-pause errors."""
    return f"after {count} attempt{'s' if count > 1 else ''}"


# The least time a request must have after a host's pause for the pause to be waited:
# a second answers most pages; less, and the wait only makes the failure later.
_REQUEST_AFTER_PAUSE_S = 1.0


@dataclass(frozen=True)
class _Pause:
    """A host's request to be left alone: until when (``time.monotonic``), and the
    answer that asked ("HTTP 503 Service Unavailable")."""

    until: float
    answer: str


def _server_of(target: httpx.URL) -> tuple[str, str, int | None]:
    """The server an answer speaks for: scheme, host and port, as two servers on one
    host (127.0.0.1:8080 and 127.0.0.1:8443) are busy or not on their own."""
    return target.scheme, target.host, target.port


class _HostPauses:
    """The servers of one run that answered 429 or 503 with Retry-After, each until
    the latest time it asked for: the run's later requests to one wait for it."""

    def __init__(self) -> None:
        self._pauses: dict[tuple[str, str, int | None], _Pause] = {}
        self._lock = threading.Lock()

    def ask(self, target: httpx.URL, seconds: float, answer: str) -> None:
        until = time.monotonic() + seconds
        server = _server_of(target)
        with self._lock:
            current = self._pauses.get(server)
            if current is None or until > current.until:
                self._pauses[server] = _Pause(until, answer)

    def of(self, target: httpx.URL) -> _Pause | None:
        """The pause of ``target``'s server, while it lasts."""
        with self._lock:
            pause = self._pauses.get(_server_of(target))
        return pause if pause is not None and pause.until > time.monotonic() else None


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset=ISO-8859-1`` → ("text/html", "iso-8859-1")."""
    if not value:
        return None, None
    msg = Message()
    msg["content-type"] = value
    mime = msg.get_content_type().lower() if "/" in value.split(";")[0] else None
    charset = msg.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    charset = str(charset).strip().strip("\"'").lower() if charset else None
    return mime, charset or None


def is_textual(mime: str | None) -> bool:
    if mime is None:
        return True
    return mime.startswith("text/") or mime in _TEXTUAL_TYPES or mime.endswith(("+xml", "+json"))


# A gzip member starts with these bytes; zlib decodes one member per object.
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = zlib.MAX_WBITS | 16


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


class _Decoder:
    """Undo Content-Encoding incrementally, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str | None, limit: int, url: str) -> None:
        self.limit = limit
        self.url = url
        self.total = 0
        self.compressed = 0
        self.kind = (encoding or "identity").strip().lower()
        # Bytes after a complete stream that may begin another gzip member, and
        # whether what follows is trailing junk (there is no need to read it).
        self._held = b""
        self.ignoring_rest = False
        if self.kind in ("", "identity"):
            self._obj = None
        elif self.kind in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(_GZIP_WBITS)
        elif self.kind == "deflate":
            self._obj = zlib.decompressobj(zlib.MAX_WBITS)
            self._raw_tried = False
        else:
            raise FetchError(url, f"unsupported content encoding {self.kind!r}")

    def feed(self, chunk: bytes) -> bytes:
        if self._obj is None:
            return self._count(chunk)
        self.compressed += len(chunk)
        out: list[bytes] = []
        data = chunk
        while data and not self.ignoring_rest:
            if self._obj.eof:
                # Checked here, not only after a decompress, since a stream can end
                # exactly where a chunk does and the next member come in the next one.
                data = self._after_stream(data)
                continue
            try:
                piece = self._obj.decompress(data, self.limit - self.total + 1)
            except zlib.error as exc:
                if self.kind == "deflate" and not self._raw_tried and self.total == 0:
                    # Some servers send raw deflate without the zlib wrapper.
                    self._raw_tried = True
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(self.url, f"corrupt {self.kind} body ({exc})") from exc
            out.append(self._count(piece))
            data = self._obj.unused_data if self._obj.eof else self._obj.unconsumed_tail
        return b"".join(out)

    def _after_stream(self, data: bytes) -> bytes:
        """What to decompress of ``data``, which follows a complete compressed stream.

        A gzip body may hold several members back to back; anything else after
        a complete stream is ignored, as browsers ignore it (curl writes the body
        out, then exits with an error): the body is whole (its checksum matched),
        and misconfigured servers do append padding or a stray newline. A body
        that ends early is still refused, in ``finish``.
        """
        head = self._held + data
        self._held = b""
        if self.kind != "deflate" and _GZIP_MAGIC.startswith(head[:2]):
            if len(head) < len(_GZIP_MAGIC):
                self._held = head  # the magic may be split across chunks
                return b""
            self._obj = zlib.decompressobj(_GZIP_WBITS)
            return head
        self.ignoring_rest = True
        return b""

    def finish(self) -> bytes:
        if self._obj is None:
            return b""
        tail = self._count(self._obj.flush())
        if self.compressed and not self._obj.eof:
            # zlib returns what it has and waits for more; only the end-of-stream
            # marker (and gzip's checksum) tells a whole body from half of one.
            # Retried like a dropped connection, which is what usually cut it.
            raise FetchError(
                self.url,
                f"truncated {self.kind} body (the compressed data ends early)",
                retryable=True,
            )
        return tail

    def _count(self, piece: bytes) -> bytes:
        self.total += len(piece)
        if self.total > self.limit:
            what = " once decompressed" if self._obj is not None else ""
            raise FetchError(
                self.url, f"response body is larger than the {_size(self.limit)} limit{what}"
            )
        return piece


class NonPublicAddress(httpcore.ConnectError):
    """A guarded connection was about to open to a non-public address."""


def _check_public(host: str, addresses: list[str]) -> None:
    """The connect-time guard: refuse to connect unless every address is public."""
    for address in addresses:
        if not _is_public(address):
            raise NonPublicAddress(_refusal(host, address))


# The overall deadline of the request this thread is making, if any. A sync
# httpx client does all of a request's network I/O in the calling thread, so
# the backend's streams find the deadline here, whichever pooled connection
# the request happens to reuse.
_THREAD = threading.local()
_T = TypeVar("_T")


class DeadlinePassed(httpcore.TimeoutException):
    """A network operation was cut short by the overall deadline, not its own timeout."""


@contextmanager
def _deadline_in_this_thread(deadline: float) -> Iterator[None]:
    previous = getattr(_THREAD, "deadline", None)
    _THREAD.deadline = deadline
    try:
        yield
    finally:
        _THREAD.deadline = previous


def _within_deadline(operation: Callable[[float | None], _T], timeout: float | None) -> _T:
    """Run one network operation with ``timeout``, or with less when this thread's
    deadline is nearer; past the deadline it is not started at all."""
    deadline: float | None = getattr(_THREAD, "deadline", None)
    if deadline is None:
        return operation(timeout)
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlinePassed("the overall deadline has passed")
    if timeout is not None and timeout <= left:
        return operation(timeout)
    try:
        return operation(left)
    except httpcore.TimeoutException as exc:
        raise DeadlinePassed("the overall deadline passed") from exc


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _within_deadline(lambda t: self._inner.read(max_bytes, t), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _within_deadline(lambda t: self._inner.write(buffer, t), timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            _within_deadline(
                lambda t: self._inner.start_tls(ssl_context, server_hostname, t), timeout
            )
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Holds every connect, TLS handshake, read and write to the overall deadline.

    Timeouts alone cannot: the read timeout starts again with every byte, so a
    server that sends its headers a byte a second, or ``100 Continue`` every
    second forever, never trips it, and httpx hands us nothing to check a clock
    against until the headers are complete. So each operation gets the smaller
    of its own timeout and the time left before the deadline of the request
    being made in this thread, and fails as DeadlinePassed when the deadline is
    what ran out. Nothing is interrupted from outside (no watchdog thread
    closing sockets under a reader): each wait simply ends in time. A connect
    is one operation, name lookup and every address tried included, when the
    backend under this one is a BoundedConnectBackend.
    """

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            _within_deadline(
                lambda t: self._inner.connect_tcp(host, port, t, local_address, socket_options),
                timeout,
            )
        )

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            _within_deadline(
                lambda t: self._inner.connect_unix_socket(path, t, socket_options), timeout
            )
        )

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _hold_to_deadlines(
    client: httpx.Client, check: Callable[[str, list[str]], None] | None = None
) -> httpx.Client:
    """Put each connection pool of ``client`` (the direct one and every proxy's) on
    a DeadlineBackend over a BoundedConnectBackend; ``check`` guards the direct
    pool's addresses (a proxy's own address is the user's choice).

    This reaches into httpx (the client's transports, each transport's httpcore
    pool): httpx 0.28 takes no network backend. The public way round, a
    transport of our own over ``httpcore.ConnectionPool(network_backend=...)``,
    would copy much of httpx: its request and response conversion, its mapping
    of httpcore's exceptions, and the proxies from the environment
    (HTTPS_PROXY, NO_PROXY, ...), which httpx only mounts for a client given no
    transport. So we take the pools httpx built, and fail at once, on the first
    Fetcher, if they are not where we expect (tests/test_http.py checks the
    wiring, direct and through a proxy).
    """
    try:
        transports = [(client._transport, check)]
        transports += [(mount, None) for mount in client._mounts.values()]
    except AttributeError as exc:
        raise RuntimeError("this httpx cannot bound responses; pin httpx 0.28") from exc
    for transport, guard in transports:
        if not isinstance(transport, httpx.HTTPTransport):
            continue  # no network of ours (a test's MockTransport), or no proxy
        pool = getattr(transport, "_pool", None)
        if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
            raise RuntimeError("this httpx/httpcore cannot bound responses; pin httpx 0.28")
        pool._network_backend = DeadlineBackend(BoundedConnectBackend(pool._network_backend, guard))
    return client


class _FairSlots:
    """A counting semaphore that hands slots out in the order they were asked for.

    threading.Semaphore lets a thread that asks just as a slot comes free take
    it ahead of those already waiting: a worker that finishes one URL and asks
    for its next one keeps jumping the queue, and URLs queued on a busy host
    wait far longer than their turn.
    """

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._queue: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            if self._free and not self._queue:
                self._free -= 1
                return
            turn = threading.Event()
            self._queue.append(turn)
        turn.wait()

    def release(self) -> None:
        with self._lock:
            if self._queue:
                self._queue.popleft().set()  # the slot passes straight to the oldest waiter
            else:
                self._free += 1

    def __enter__(self) -> _FairSlots:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


class _Budget:
    """The overall deadline of one URL's fetch: its requests, retries, backoff and
    redirects share ``seconds``, counted from when its first request gets a slot.

    Time spent queueing for a host's slot behind other URLs is not the server's
    slowness, so it never counts: each wait for a slot moves the deadline on.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline: float | None = None

    @contextmanager
    def turn(self, slots: _FairSlots) -> Iterator[float]:
        """Hold one of ``slots``; yields the deadline."""
        asked = time.monotonic()
        with slots:
            now = time.monotonic()
            if self.deadline is None:
                self.deadline = now + self.seconds
            else:
                self.deadline += now - asked
            yield self.deadline

    def left(self) -> float:
        assert self.deadline is not None, "no request has started"
        return self.deadline - time.monotonic()


class Fetcher:
    """One run's HTTP client: a connection pool, per-host limits and retries.

    Use as a context manager; ``fetch`` is thread-safe.
    """

    def __init__(
        self, settings: HttpSettings | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings or HttpSettings()
        self._transport = transport
        self._client = self._new_client(transport)
        # Links found in feeds go through their own pool, whose connections are
        # checked at connect time (and never shared with the trusted pool's).
        self._public_client: httpx.Client | None = None
        self._public_guard = threading.Lock()
        self._host_slots: dict[str, _FairSlots] = {}
        self._slots_guard = threading.Lock()
        self._pauses = _HostPauses()

    def _limits(self) -> httpx.Limits:
        return httpx.Limits(max_connections=max(self.settings.concurrency, 1))

    def _new_client(
        self,
        transport: httpx.BaseTransport | None,
        check: Callable[[str, list[str]], None] | None = None,
    ) -> httpx.Client:
        s = self.settings
        client = httpx.Client(
            timeout=httpx.Timeout(
                connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None
            ),
            follow_redirects=False,  # followed by hand: counted, loop-checked, per-host limited
            headers={
                "User-Agent": s.user_agent or user_agent(),
                "Accept-Encoding": "gzip, deflate",
                "Accept": ACCEPT_ANY,
            },
            limits=self._limits(),
            transport=transport,
            # Proxies (HTTPS_PROXY, NO_PROXY) and CA bundles (SSL_CERT_FILE) from the environment.
            trust_env=True,
        )
        return _hold_to_deadlines(client, check)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()
        if self._public_client is not None:
            self._public_client.close()

    def _client_for(self, public_only: bool) -> httpx.Client:
        if not public_only or self._transport is not None:
            return self._client
        with self._public_guard:
            if self._public_client is None:
                # No transport of our own: httpx then mounts the proxies from the
                # environment, which it skips for a client given one.
                self._public_client = self._new_client(None, _check_public)
            return self._public_client

    def fetch(
        self,
        url: str,
        *,
        public_only: bool = False,
        refresh: Refresh | None = None,
        page: bool = False,
    ) -> FetchResult:
        """GET ``url``, following redirects; raises FetchError with a one-line reason.

        ``public_only`` (for links found inside feeds) refuses the URL, and every
        redirect, when its host resolves to a loopback, private, link-local or
        otherwise non-public address: a hostile feed must not make a scheduled
        run read the machine's own services or its cloud metadata endpoint.

        ``refresh`` says where a response sends the reader on, if anywhere (a page
        that only redirects with ``<meta http-equiv="refresh">``); that address is
        followed like a redirect: counted, loop-checked, guarded, within the deadline.
        A hop from https to plain http, of either kind, is followed too, and the
        result's ``downgrade`` names the first (a FetchError's, if one follows it).

        ``page``: ``url`` is an article page, so HTML is what is asked for.
        """
        start = _parse_url(url, url)
        current = start
        client = self._client_for(public_only)
        seen = {str(current)}
        redirects = 0
        downgrade: Downgrade | None = None
        budget = _Budget(self.settings.total_timeout)
        try:
            while True:
                try:
                    status, location, result = self._get_with_retries(
                        client, url, current, budget, public_only, page
                    )
                except FetchError as exc:
                    # The deadline covers the whole chain, not the address it ran out at.
                    if redirects == 0 or isinstance(exc, OutOfTime):
                        raise
                    raise _at_redirect_target(exc, current, redirects) from exc
                if result is not None:
                    fetched = FetchResult(
                        url=url,
                        final_url=str(current),
                        status=status,
                        content_type=result[0],
                        charset=result[1],
                        body=result[2],
                        redirects=redirects,
                        downgrade=downgrade,
                    )
                    location = refresh(url, fetched) if refresh is not None else None
                    if location is None:
                        return fetched
                elif location is None:
                    raise FetchError(url, f"HTTP {status} redirect without a Location header")
                target = _parse_url(url, location, base=current)
                if str(target) in seen:
                    hops = redirects + 1
                    raise FetchError(
                        url,
                        f"redirect loop (back to {target} after {hops} "
                        f"redirect{'s' * (hops != 1)})",
                    )
                redirects += 1
                if redirects > self.settings.max_redirects:
                    raise FetchError(
                        url, f"too many redirects (more than {self.settings.max_redirects})"
                    )
                seen.add(str(target))
                if downgrade is None and current.scheme == "https" and target.scheme == "http":
                    downgrade = Downgrade(str(current), str(target))
                current = target
        except FetchError as exc:
            # A failure after the reader was sent on to plain http (a 404 there, a
            # redirect loop) tells of that hop too.
            exc.downgrade = exc.downgrade or downgrade
            raise

    def fetch_all(
        self,
        urls: Iterable[str],
        untrusted: Collection[str] = (),
        refresh: Refresh | None = None,
        pages: Collection[str] = (),
    ) -> Iterator[tuple[str, FetchResult | FetchError]]:
        """Fetch each distinct URL once, concurrently; yields (url, outcome) as they finish.

        URLs in ``untrusted`` must reach public addresses unless the settings allow
        private links; those in ``pages`` are article pages; ``refresh`` is ``fetch``'s.
        A URL needed both as a page and as a named URL in one round is fetched once, as
        a page (its Accept header asks for HTML first).
        """
        distinct = list(dict.fromkeys(urls))
        guarded = set() if self.settings.private_links else set(untrusted)
        if not distinct:
            return
        workers = max(1, min(self.settings.concurrency, len(distinct)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mtaudit-http") as pool:
            pending: dict[Future[FetchResult], str] = {
                pool.submit(
                    self.fetch,
                    url,
                    public_only=url in guarded,
                    refresh=refresh,
                    page=url in pages,
                ): url
                for url in distinct
            }
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    url = pending.pop(future)
                    outcome: FetchResult | FetchError
                    try:
                        outcome = future.result()
                    except FetchError as exc:
                        outcome = exc
                    except Exception as exc:  # a bug in one fetch must not stop the run
                        outcome = FetchError(url, f"unexpected error ({type(exc).__name__})")
                    yield url, outcome

    def _slots_for(self, host: str) -> _FairSlots:
        with self._slots_guard:
            slots = self._host_slots.get(host)
            if slots is None:
                slots = _FairSlots(max(self.settings.per_host, 1))
                self._host_slots[host] = slots
            return slots

    def _get_with_retries(
        self,
        client: httpx.Client,
        url: str,
        target: httpx.URL,
        budget: _Budget,
        public_only: bool,
        page: bool = False,
    ) -> tuple[int, str | None, tuple[str | None, str | None, bytes] | None]:
        attempt = 0
        last: FetchError | None = None
        while True:
            try:
                with budget.turn(self._slots_for(target.host)) as deadline:
                    # The pause is waited with the slot held, unlike the backoff below:
                    # the URL's deadline starts at its first turn, and the pause is
                    # measured against it. The host's other URLs lose no deadline by it
                    # (theirs start at their turn), only a server on another port of the
                    # same host, which shares the slots, is held up meanwhile.
                    self._wait_for_host(url, target, budget, last, attempt)
                    if public_only:
                        self._require_public(url, target, deadline)
                    return self._get_once(client, url, target, deadline, page)
            except FetchError as exc:
                if exc.status in HOST_PAUSE_STATUSES and exc.retry_after:
                    self._pauses.ask(target, exc.retry_after, exc.reason)
                # The backoff is slept without the slot: other URLs may use the host.
                time.sleep(self._wait_before_retry(url, exc, attempt, budget))
                attempt += 1
                last = exc

    def _wait_for_host(
        self, url: str, target: httpx.URL, budget: _Budget, last: FetchError | None, attempt: int
    ) -> None:
        """Wait out the pause of ``target``'s server (a 429 or 503 with Retry-After, to
        this URL or another) within this URL's deadline. One that would leave the
        request less than a second (or its connect and read timeouts, if shorter) is
        not waited for: the error names this URL's own failure (``last``, after
        ``attempt`` tries) if it had one, else what the host answered, and the time
        actually left."""
        pause = self._pauses.of(target)
        if pause is None:
            return
        wait_s = pause.until - time.monotonic()
        left = budget.left()
        # After the wait the request must still have some time: a pause of 5 s against
        # 5 s left was waited out, and the request then cut short by the deadline. Not
        # its whole connect and read timeouts: with a deadline shorter than those (15 s
        # against the default 10 + 20) no pause, however short, would ever be waited.
        request_s = min(
            self.settings.connect_timeout + self.settings.read_timeout, _REQUEST_AFTER_PAUSE_S
        )
        if wait_s + request_s <= left:
            time.sleep(max(wait_s, 0.0))
            return
        why = (
            f"{target.host} asked to wait {wait_s:.1f} s more ({pause.answer}), "
            f"and {left:.1f} s of the deadline is left"
        )
        if last is None:
            raise FetchError(url, f"not requested: {why}")
        tries = _after_attempts(attempt)
        raise FetchError(url, f"{last.reason} ({tries}; no retry: {why})") from last

    def _wait_before_retry(self, url: str, exc: FetchError, attempt: int, budget: _Budget) -> float:
        """Seconds to wait before retrying after ``exc``; raises the error to report
        when there is to be no retry."""
        tries = _after_attempts(attempt + 1)
        if not exc.retryable or attempt >= self.settings.retries:
            if attempt and (exc.retryable or isinstance(exc, OutOfTime)):
                raise FetchError(url, f"{exc.reason} ({tries})") from exc
            raise exc
        wait_s = exc.retry_after
        if wait_s is None:
            wait_s = self.settings.backoff * (2**attempt)
        # A retry is started only if it can run its course before the deadline:
        # after a timeout, that is the whole of that timeout again. A retry the
        # deadline would cut short only makes the run later, and tells us no more.
        if wait_s + (exc.timed_out_after or 0.0) >= budget.left():
            raise FetchError(
                url,
                f"{exc.reason} ({tries}; the {self.settings.total_timeout:g} s deadline "
                "leaves no time for another)",
            ) from exc
        return wait_s

    def _get_once(
        self, client: httpx.Client, url: str, target: httpx.URL, deadline: float, page: bool = False
    ) -> tuple[int, str | None, tuple[str | None, str | None, bytes] | None]:
        limit = self.settings.max_bytes
        s = self.settings
        # The pool wait, too, ends at the deadline (the network operations are
        # held to it by DeadlineBackend).
        timeout = httpx.Timeout(
            connect=s.connect_timeout,
            read=s.read_timeout,
            write=s.read_timeout,
            pool=max(deadline - time.monotonic(), 0.001),
        )
        try:
            with (
                _deadline_in_this_thread(deadline),
                client.stream(
                    "GET",
                    target,
                    timeout=timeout,
                    headers={"Accept": ACCEPT_PAGE} if page else None,
                ) as response,
            ):
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    return status, response.headers.get("location"), None
                if status in RETRY_STATUSES:
                    raise FetchError(
                        url,
                        f"HTTP {status} {response.reason_phrase}".strip(),
                        retryable=True,
                        retry_after=_retry_after(response.headers.get("retry-after")),
                        status=status,
                    )
                if not 200 <= status < 300:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
                mime, charset = parse_content_type(response.headers.get("content-type"))
                if not is_textual(mime):
                    raise FetchError(
                        url,
                        f"unsupported content type {mime} (expected a feed, a web page or text)",
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        url,
                        f"response body is larger than the {_size(limit)} limit "
                        f"(Content-Length {declared})",
                    )
                decoder = _Decoder(response.headers.get("content-encoding"), limit, url)
                parts: list[bytes] = []
                # Chunks as the network delivers them (no re-buffering). The clock
                # check is for transports not on a DeadlineBackend.
                for chunk in response.iter_raw():
                    parts.append(decoder.feed(chunk))
                    if decoder.ignoring_rest:
                        break  # the body is complete; junk after it could run on forever
                    if time.monotonic() > deadline:
                        raise self._out_of_time(url)
                parts.append(decoder.finish())
                return status, None, (mime, charset, b"".join(parts))
        except httpx.TimeoutException as exc:
            if isinstance(exc.__cause__, DeadlinePassed) or isinstance(exc, httpx.PoolTimeout):
                raise self._out_of_time(url) from exc
            connecting = isinstance(exc, httpx.ConnectTimeout)
            kind = "connecting" if connecting else "waiting for data"
            if isinstance(exc.__cause__, ResolveTimeout):
                kind = f"resolving {exc.__cause__.host}"
            limit_s = s.connect_timeout if connecting else s.read_timeout
            raise FetchError(
                url, f"timed out {kind} ({limit_s:g} s)", retryable=True, timed_out_after=limit_s
            ) from exc
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, NonPublicAddress):
                raise FetchError(url, str(exc.__cause__)) from exc
            if isinstance(exc.__cause__, ResolveError):  # says what failed by itself
                raise FetchError(url, str(exc.__cause__), retryable=True) from exc
            if tls := _tls_refusal(exc):
                raise FetchError(url, tls) from exc
            raise FetchError(url, f"connection failed ({first_line(exc)})", retryable=True) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            if tls := _tls_alert(exc):  # TLS 1.3 may refuse after the handshake, at a read
                raise FetchError(url, tls) from exc
            raise FetchError(url, f"connection failed ({first_line(exc)})", retryable=True) from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"HTTP error ({first_line(exc)})") from exc

    def _require_public(self, url: str, target: httpx.URL, deadline: float) -> None:
        """Raise FetchError unless every address ``target``'s host resolves to is
        public: for a clear error, and for hosts reached through a proxy, which the
        connect-time guard never sees. The lookup is held to the connect timeout
        and the deadline, as a connect's is."""
        host = target.host
        limit_s = self.settings.connect_timeout
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            with _deadline_in_this_thread(deadline):
                addresses = _within_deadline(lambda t: resolve(host, port, t), limit_s)
            _check_public(host, addresses)
        except DeadlinePassed as exc:
            raise self._out_of_time(url) from exc
        except ResolveTimeout as exc:
            raise FetchError(
                url,
                f"timed out resolving {host} ({limit_s:g} s)",
                retryable=True,
                timed_out_after=limit_s,
            ) from exc
        except httpcore.ConnectError as exc:  # the name does not resolve, or a refusal
            raise FetchError(url, str(exc)) from exc

    def _out_of_time(self, url: str) -> OutOfTime:
        return OutOfTime(url, f"the response took longer than {self.settings.total_timeout:g} s")


def url_problem(value: str) -> str | None:
    """Why the fetcher refuses the URL ``value``, in its words; None if it does not."""
    try:
        _parse_url(value, value)
    except FetchError as exc:
        return exc.reason
    return None


def _parse_url(url: str, value: str, base: httpx.URL | None = None) -> httpx.URL:
    try:
        target = base.join(value) if base is not None else httpx.URL(value)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(url, f"invalid URL {value!r}") from exc
    where = "redirect to" if base is not None else "URL"
    if target.scheme not in ("http", "https"):
        raise FetchError(url, f"{where} {value!r} is not an http(s) URL")
    if not target.raw_host:
        raise FetchError(url, f"{where} {value!r} has no host name")
    if target.port is not None and not 0 < target.port < 65536:
        # httpx takes any number, and port 99999 was retried as a refused connection.
        raise FetchError(url, f"invalid {where} {value!r} (port {target.port} is not 1 to 65535)")
    problem = _host_name_problem(target)
    if problem:
        shown = _shown_host(target.raw_host.decode("ascii", "replace"))
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        raise FetchError(url, f"invalid host name {shown!r} ({problem})")
    return target


# What no host name holds: httpx percent-encodes a space or a "<" in one
# (exa%20mple.com), which went to the resolver and failed as "cannot resolve".
# Underscores are not in the standard but are in use.
_HOST_CHARACTER = re.compile(r"[^A-Za-z0-9._-]")
_PERCENT_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _shown_host(raw: str) -> str:
    """The host name as its writer typed it: httpx's escapes of characters no name
    holds (a space, a "<") decoded, an escape the writer wrote (exa%2Emple) kept."""

    def shown(escape: re.Match[str]) -> str:
        decoded = urllib.parse.unquote(escape.group())
        return decoded if _HOST_CHARACTER.search(decoded) else escape.group()

    return _PERCENT_ESCAPES.sub(shown, raw)


def _host_name_problem(target: httpx.URL) -> str | None:
    """Why no resolver would take the URL's host name, or None.

    Checked here because the lookup itself fails with a codec error
    (UnicodeError, IDNAError) that says nothing to the reader.
    """
    raw = target.raw_host  # ASCII: httpx has already encoded a Unicode name as punycode
    if b":" in raw:
        return None  # an IPv6 literal
    try:
        _ = target.host  # decoding the punycode labels is the check
    except UnicodeError:  # idna.IDNAError is one
        return "a malformed punycode (xn--) label"
    labels = (raw[:-1] if raw.endswith(b".") else raw).split(b".")
    if odd := _HOST_CHARACTER.search(urllib.parse.unquote(raw.decode("ascii", "replace"))):
        return f"the character {odd.group()!r}"
    # One that decodes to a character a name may hold still reached the resolver as "%".
    if escape := _PERCENT_ESCAPES.search(raw.decode("ascii", "replace")):
        return f"the percent-escape {escape.group()!r}"
    if any(not label for label in labels):
        return "an empty label"
    if any(len(label) > 63 for label in labels):
        return "a label longer than 63 characters"
    if len(raw) > 253:
        return "longer than 253 characters"
    return None


# IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64's well-known
# prefix (RFC 6052), SIIT's IPv4-translated form ::ffff:0:a.b.c.d (RFC 2765) and the
# deprecated IPv4-compatible form (::a.b.c.d). A network's own NAT64 prefix (RFC 6052,
# /32 to /96) looks like any address and cannot be told.
_IPV4_CARRIERS = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("::ffff:0:0:0/96"),
    ipaddress.IPv6Network("::/96"),
)
# NAT64's local-use prefix (RFC 8215): translated inside one network, never public.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def _is_public(address: str) -> bool:
    """Whether ``address`` is public, and so is any IPv4 address it carries: Python
    calls 64:ff9b::7f00:1 (127.0.0.1 through a NAT64 gateway, as IPv6-only hosts
    reach IPv4), 2002:7f00:1:: (6to4) and ::ffff:10.0.0.7 global on some versions."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not ip.is_global:
        return False
    if not isinstance(ip, ipaddress.IPv6Address):
        return True
    if ip in _LOCAL_NAT64:
        return False
    carried = [ip.ipv4_mapped, ip.sixtofour]
    if any(ip in prefix for prefix in _IPV4_CARRIERS):
        carried.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return all(v4.is_global for v4 in carried if v4 is not None)


# TLS errors that say nothing about the certificate or the handshake: the connection
# was cut (an EOF or a reset mid-handshake), which a retry may well get past.
_TLS_CUT = (ssl.SSLEOFError, ssl.SSLZeroReturnError, ssl.SSLSyscallError)
# Verification failures a CA bundle of the user's own mends: the certificate is
# signed by a CA that certifi's bundle, httpx's default, does not hold.
# (OpenSSL's X509_V_ERR_ codes: UNABLE_TO_GET_ISSUER_CERT, DEPTH_ZERO_SELF_SIGNED_CERT,
# SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, UNABLE_TO_VERIFY_LEAF_SIGNATURE.)
_UNKNOWN_ISSUER_CODES = frozenset({2, 18, 19, 20, 21})
_SSL_TEXT = re.compile(r"^\[[^\]]*\]\s*|\s*\(_ssl\.c:\d+\)$")
# OpenSSL's reason for an alert the peer sent (TLSV13_ALERT_CERTIFICATE_REQUIRED,
# SSLV3_ALERT_HANDSHAKE_FAILURE), and the words it puts before the alert's name.
_PEER_ALERT = re.compile(r"(TLSV13|TLSV1|SSLV3)_ALERT_")
_ALERT_PREFIX = re.compile(r"^(tlsv13|tlsv1|sslv3) alert ", re.IGNORECASE)
# The server's "internal error" alert (a busy or restarting TLS terminator) and a
# corrupt record, met on either side (a flaky link, a middlebox), say nothing lasting.
_TLS_TRANSIENT = frozenset(
    {
        "TLSV1_ALERT_INTERNAL_ERROR",
        "DECRYPTION_FAILED_OR_BAD_RECORD_MAC",
        "SSLV3_ALERT_BAD_RECORD_MAC",
        "TLSV1_ALERT_DECRYPTION_FAILED",
    }
)


def _tls_refusal(exc: BaseException) -> str | None:
    """Why the TLS handshake under ``exc`` failed, in one line, if it failed for a
    reason that a retry meets again (an untrusted certificate, no protocol or cipher
    in common, a server not speaking TLS); None for anything else. Retrying these
    only made the error later, ``http_retries`` times over."""
    cause = _final_ssl_error(exc)
    if cause is None:
        return None
    if isinstance(cause, ssl.SSLCertVerificationError):
        # OpenSSL ends a host mismatch's words with a period, not its other ones.
        why = f"TLS certificate verification failed ({cause.verify_message.rstrip('.')})"
        if cause.verify_code in _UNKNOWN_ISSUER_CODES:
            why += "; to trust a private CA, set SSL_CERT_FILE to a PEM bundle that includes it"
        return why
    text = _ssl_text(cause)
    if cause.reason == "WRONG_VERSION_NUMBER":
        text += ": the server may not speak TLS on this port"
    return f"TLS handshake failed ({text})"


def _tls_alert(exc: BaseException) -> str | None:
    """The refusal the server sent as a TLS alert under ``exc``, an error met after
    the handshake (TLS 1.3 servers that require a client certificate say so at the
    first read); None for anything else. The handshake succeeded, so any other TLS
    error there (a corrupt record: a flaky link, a middlebox) is a broken connection,
    which a retry may get past."""
    cause = _final_ssl_error(exc)
    if cause is None or not _PEER_ALERT.match(cause.reason or ""):
        return None
    return f"the server refused the TLS connection ({_ALERT_PREFIX.sub('', _ssl_text(cause))})"


def _final_ssl_error(exc: BaseException) -> ssl.SSLError | None:
    """The ssl error under ``exc``, unless it is one a retry may well get past."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, ssl.SSLError):
        # httpcore's ConnectError holds the ssl error as its context, not its cause.
        cause = cause.__cause__ or cause.__context__
    if cause is None or isinstance(cause, _TLS_CUT) or cause.reason in _TLS_TRANSIENT:
        return None
    return cause


def _ssl_text(cause: ssl.SSLError) -> str:
    """OpenSSL's words in ``cause``, without its [SSL: REASON] tag and source line."""
    return _SSL_TEXT.sub("", str(cause.args[-1] if cause.args else cause)) or str(cause.reason)


def _refusal(host: str, address: str) -> str:
    return (
        f"refused: the link points to {host}, a non-public address "
        f"({address.split('%', 1)[0]}); links found in feeds or in served lists of URLs may only "
        "reach public hosts "
        "(--fetch-private-links allows it)"
    )


def _retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date
    (RFC 9110), capped at MAX_RETRY_AFTER_S; a date in the past means at once."""
    text = (value or "").strip()
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER_S)
    try:
        when = email.utils.parsedate_to_datetime(text)
        if when.tzinfo is None:  # "-0000": UTC, as HTTP dates always are
            when = when.replace(tzinfo=dt.UTC)
        wait_s = when.timestamp() - (time.time() if now is None else now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(wait_s, 0.0), MAX_RETRY_AFTER_S)
