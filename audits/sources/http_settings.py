"""A run's HTTP limits and the names the rest of the engine shares with the fetcher.

Kept apart from http.py, which imports httpx and httpcore (a twentieth of a second):
every run builds its ``HttpSettings``, and only a run that fetches a URL needs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from audits.config import AuditConfig


@dataclass(frozen=True)
class HttpSettings:
    """Limits for one run's HTTP traffic; the defaults are the config's (they suit the
    open web), written there once."""

    connect_timeout: float = AuditConfig.http_connect_timeout
    read_timeout: float = AuditConfig.http_read_timeout
    # Overall deadline for one URL (headers, body, retries and redirects), so a
    # server dribbling a byte at a time cannot hold a run forever; see _Budget.
    total_timeout: float = AuditConfig.http_total_timeout
    max_bytes: int = AuditConfig.http_max_bytes
    max_redirects: int = AuditConfig.http_max_redirects
    retries: int = AuditConfig.http_retries
    backoff: float = AuditConfig.http_backoff
    per_host: int = AuditConfig.http_per_host
    concurrency: int = AuditConfig.http_concurrency
    # Empty: the fetcher's own (``http.user_agent``), built where httpx is imported
    # anyway, so that a run which fetches nothing need not read httpx's version.
    user_agent: str = ""
    # Whether URLs passed as untrusted (links found inside feeds) may reach
    # non-public addresses; see ``Fetcher.fetch(public_only=...)``.
    private_links: bool = AuditConfig.fetch_private_links

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
