"""A run's HTTP limits and the names the rest of the engine shares with the fetcher.

Kept apart from http.py, which imports httpx and httpcore (a twentieth of a second):
every run builds its ``HttpSettings``, and only a run that fetches a URL needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audits.config import AuditConfig


@dataclass(frozen=True)
class HttpSettings:
    """Limits for one run's HTTP traffic; defaults suit the open web."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # Overall deadline for one URL (headers, body, retries and redirects), so a
    # server dribbling a byte at a time cannot hold a run forever; see _Budget.
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5
    per_host: int = 2
    concurrency: int = 8
    # Empty: the fetcher's own (``http.user_agent``), built where httpx is imported
    # anyway, so that a run which fetches nothing need not read httpx's version.
    user_agent: str = ""
    # Whether URLs passed as untrusted (links found inside feeds) may reach
    # non-public addresses; see ``Fetcher.fetch(public_only=...)``.
    private_links: bool = False

    @classmethod
    def from_config(cls, config: AuditConfig) -> HttpSettings:
        return cls(
            connect_timeout=config.http_connect_timeout,
            read_timeout=config.http_read_timeout,
            total_timeout=config.http_total_timeout,
            max_bytes=config.http_max_bytes,
            max_redirects=config.http_max_redirects,
            retries=config.http_retries,
            backoff=config.http_backoff,
            per_host=config.http_per_host,
            concurrency=config.http_concurrency,
            private_links=config.fetch_private_links,
        )


# The meta key of a document read over plain http after an https address sent the
# reader there; its value is ``Downgrade.as_meta()``.
HTTP_DOWNGRADE_KEY = "http_downgrade"
