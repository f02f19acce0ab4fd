"""Reusing results across runs: what identifies a result, and the cache interface.

A document's result depends only on what the detectors, the language model and
the verdict read (its text, title, URL, date, author, language and what its
source noticed while decoding it) and on every setting that changes a result.
``audit_key`` hashes exactly those, so two documents with equal keys get equal
results and a stored result can stand in for a fresh audit. Anything not in the
key (the document's id, where it was read from, a feed's entry position) may
differ: the reused result is attached to the current Document.

The settings part is computed from the config alone, before any model is
loaded, so a scheduled run over an unchanged feed never loads the language
model. It includes a fingerprint of the engine's own code and data, so an
upgrade (or a lexicon edit in a source checkout) re-audits everything once.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from audits import __version__
from audits.allow_list import allow_keys
from audits.config import AuditConfig
from audits.document import Document, DocumentAudit
from audits.file_digests import add_files
from audits.verdict import verdict_model

# Settings that never change a document's result: how the run is read, printed,
# parallelised or gated, and which inputs it reads and how they are fetched (what
# was read is in the key as the document's content: a rolling --since re-audited
# everything on every run). Every other setting is part of the key, so a setting
# added later re-audits rather than silently reusing a stale result.
NOT_RESULT_SETTINGS = frozenset(
    {
        "format",
        "outputs",
        "jobs",
        "engine",
        "ray_address",
        "ray_batch_timeout",
        "cache",
        "cache_dir",
        "input_kind",
        "history",
        "tz",
        "fail_on",
        "since",
        "max_entries",
        "fetch_articles",
        "fetch_private_links",
        "http_connect_timeout",
        "http_read_timeout",
        "http_total_timeout",
        "http_max_bytes",
        "http_max_redirects",
        "http_retries",
        "http_backoff",
        "http_per_host",
        "http_concurrency",
    }
)
# Settings that matter only when the language model runs.
LM_SETTINGS = frozenset(
    {
        "model",
        "device",
        "dtype",
        "lm_kernel",
        "batch_size",
        "context_sentences",
        "fluency_percentile",
    }
)
# Parts of the package that cannot change a result; the rest is fingerprinted.
_NOT_ENGINE = frozenset(
    {
        "__pycache__",
        "reports",
        "sources",
        "api.py",
        "baseline.py",
        "durations.py",
        "gate.py",
        "history.py",
        "history_codec.py",
        "signature.py",
        "source_groups.py",
        "trend.py",
    }
)
_PACKAGE = Path(__file__).resolve().parent


class ResultCache(Protocol):
    """Stored results the engine may reuse (``audits.history.HistoryStore`` is one)."""

    def lookup(self, key: str, document: Document) -> DocumentAudit | None:
        """The stored result for ``key`` attached to ``document``, or None.

        The result must have ``reused_from`` set, so reports can say so.
        """
        ...


def result_settings(config: AuditConfig, selected: frozenset[str]) -> dict[str, Any]:
    """Every setting that changes a document's result, as plain data."""
    settings = config.settings()
    out: dict[str, Any] = {
        key: value
        for key, value in settings.items()
        if key not in NOT_RESULT_SETTINGS
        and key not in ("select", "ignore")
        and (config.lm or key not in LM_SETTINGS)
    }
    out["allow"] = allow_keys(config.allow)
    out["rules"] = sorted(selected)
    out["mtaudit"] = __version__
    out["engine"] = engine_fingerprint()
    out["verdict_model"] = verdict_model(config).digest
    return out


def settings_key(config: AuditConfig, selected: frozenset[str]) -> str:
    """16 hex digits identifying :func:`result_settings`."""
    return _digest(result_settings(config, selected))[:16]


def audit_key(document: Document, settings: str) -> str:
    """``sha256:<hex>`` of what a result depends on: the document's content and ``settings``."""
    content = {
        "text": document.text,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "author": document.author,
        "lang": document.lang,
        "input_findings": [
            [f.code, f.start, f.end, f.text, f.message, f.strength, f.source_lang]
            for f in document.input_findings
        ],
        "settings": settings,
    }
    return "sha256:" + _digest(content)


@cache
def engine_fingerprint() -> str:
    """12 hex digits over the code and data files that decide results."""
    h = hashlib.sha256()
    add_files(h, sorted(_engine_files()), lambda path: str(path.relative_to(_PACKAGE)))
    return h.hexdigest()[:12]


def _engine_files() -> list[Path]:
    out = []
    for path in _PACKAGE.rglob("*"):
        parts = path.relative_to(_PACKAGE).parts
        if path.is_file() and not (set(parts) & _NOT_ENGINE) and path.suffix != ".pyc":
            out.append(path)
    return out


def _digest(value: Any) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
