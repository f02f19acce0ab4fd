"""Opening a TCP connection within a time limit that covers the whole of it.

httpcore connects with ``socket.create_connection``, which looks the name up
with no time limit at all (``getaddrinfo`` takes none, and a slow or dead
resolver can hang for long) and then gives *each* of the host's addresses the
full timeout, so a host with five addresses that do not answer takes five
timeouts. Here the limit is for the whole connect phase: the lookup and every
address tried share it.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

import httpcore

from audits.errors import first_line


class ResolveTimeout(httpcore.ConnectTimeout):
    """The host name lookup did not answer within the connect phase's time."""

    def __init__(self, host: str) -> None:
        super().__init__(f"timed out resolving {host}")
        self.host = host


class ResolveError(httpcore.ConnectError):
    """The host name does not resolve (the resolver said so, in time)."""


def resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order, without repeats.

    ``getaddrinfo`` cannot be interrupted, so it runs in a thread of its own and
    we stop waiting after ``timeout``; a lookup given up on ends (or hangs) in
    the background. The thread is a daemon, so it cannot hold up the end of
    the run either, which a thread pool's workers would.

    Raises ResolveTimeout, or ResolveError when the name does not resolve.
    """
    if _is_address(host):
        return [host]
    answer: Future[list[str]] = Future()

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            answer.set_result(list(dict.fromkeys(str(info[4][0]) for info in infos)))
        except BaseException as exc:  # handed to the waiter, if it is still waiting
            answer.set_exception(exc)

    threading.Thread(target=lookup, name="mtaudit-resolve", daemon=True).start()
    try:
        addresses = answer.result(timeout)
    except FutureTimeout:
        raise ResolveTimeout(host) from None
    except (OSError, UnicodeError) as exc:
        raise ResolveError(f"cannot resolve {host} ({first_line(exc)})") from exc
    if not addresses:
        raise ResolveError(f"cannot resolve {host} (no addresses)")
    return addresses


class BoundedConnectBackend(httpcore.NetworkBackend):
    """Resolves the host itself (see ``resolve``) and then tries its addresses in
    turn, all within one ``timeout``.

    While more addresses remain, an attempt gets an equal share of the time left,
    so a first address that never answers cannot use up the time of the others;
    an address that refuses at once leaves its share to those after it.

    ``check`` sees every address before any is connected to, and may refuse by
    raising; it sees the very addresses connected to (there is no second lookup
    between the check and the connect).
    """

    def __init__(
        self,
        inner: httpcore.NetworkBackend,
        check: Callable[[str, list[str]], None] | None = None,
    ) -> None:
        self._inner = inner
        self._check = check

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        end = None if timeout is None else time.monotonic() + timeout
        addresses = resolve(host, port, timeout)
        if self._check is not None:
            self._check(host, addresses)
        last: Exception | None = None
        for index, address in enumerate(addresses):
            share: float | None = None
            if end is not None:
                left = end - time.monotonic()
                if left <= 0:
                    last = None  # the time ran out, whatever the last address said
                    break
                share = left / (len(addresses) - index)
            try:
                return self._inner.connect_tcp(address, port, share, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc  # try the host's next address
        if last is not None:
            raise last
        raise httpcore.ConnectTimeout(f"timed out connecting to {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return self._inner.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
