"""A persistent cache of scored sentences, so re-auditing an unchanged feed costs
nothing but a lookup.

SQLite in the cache directory, in WAL mode with a busy timeout so two mtaudit
processes (a cron run and a CI gate, say) can read and write it at once. The
key hashes the model fingerprint, the context and the sentence: a change to any
of them is a miss. Hidden-state sums (asked for by the fitted verdict) sit in
their own table, one row per layer, as float32 bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from audits.lm.raw import RawScore
from audits.sqlite_wal import use_wal

FILENAME = "scores.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS hidden ("
    " key TEXT NOT NULL, layer INTEGER NOT NULL, value BLOB NOT NULL,"
    " PRIMARY KEY (key, layer))",
)
_CHUNK = 500
_BUSY_TIMEOUT_S = 30.0


def score_key(fingerprint: str, context: str, text: str) -> str:
    h = hashlib.sha256()
    for part in (fingerprint, context, text):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class ScoreCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # A scorer loaded in one thread and shared by a notebook's worker threads used its
        # cache from each: sqlite refused every call from a thread other than the
        # opener's, the scorer took that for a locked disk, and nothing was cached. One
        # connection, one caller at a time.
        self._db = sqlite3.connect(
            str(path), timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.RLock()
        self._db.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
        use_wal(self._db, _BUSY_TIMEOUT_S)
        self._db.execute("PRAGMA synchronous = NORMAL")
        for statement in _SCHEMA:
            self._db.execute(statement)

    def get_many(self, keys: Sequence[str], layers: Sequence[int] = ()) -> dict[str, RawScore]:
        """Cached scores for ``keys``; with ``layers``, only those that also hold
        hidden sums for every one of them."""
        with self._lock:
            return self._get_many(keys, layers)

    def _get_many(self, keys: Sequence[str], layers: Sequence[int]) -> dict[str, RawScore]:
        found: dict[str, RawScore] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), _CHUNK):
            part = unique[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for key, value in self._db.execute(
                f"SELECT key, value FROM scores WHERE key IN ({marks})", part
            ):
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    found[key] = RawScore.from_json(value)
        if layers and found:
            self._attach_hidden(found, layers)
        return found

    def _attach_hidden(self, found: dict[str, RawScore], layers: Sequence[int]) -> None:
        keys = list(found)
        wanted = set(layers)
        for i in range(0, len(keys), _CHUNK):
            part = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for key, layer, blob in self._db.execute(
                f"SELECT key, layer, value FROM hidden WHERE key IN ({marks})", part
            ):
                if layer in wanted:
                    found[key].hidden_sums[layer] = np.frombuffer(blob, np.float32).copy()
        for key in keys:
            if not wanted <= set(found[key].hidden_sums):
                del found[key]

    def put_many(self, items: Iterable[tuple[str, RawScore]]) -> None:
        rows = []
        hidden = []
        for key, raw in items:
            rows.append((key, raw.to_json()))
            for layer, vector in raw.hidden_sums.items():
                hidden.append((key, layer, np.asarray(vector, np.float32).tobytes()))
        if not rows:
            return
        with self._lock, self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?)", rows)
            if hidden:
                self._db.executemany("INSERT OR REPLACE INTO hidden VALUES (?, ?, ?)", hidden)

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM scores").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def _transaction(self):  # type: ignore[no-untyped-def]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def open_cache(directory: Path) -> ScoreCache | None:
    """The cache in ``directory``. A file that is not a database (damaged, or not
    ours) is moved aside and a new cache started; when none can be opened at all
    (a read-only home) the result is None: scoring still works, only uncached."""
    path = directory / FILENAME
    try:
        return ScoreCache(path)
    except sqlite3.OperationalError:
        return None  # locked past the timeout, or not writable
    except sqlite3.DatabaseError:
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(f"{FILENAME}.damaged"))
    except OSError:
        return None
    try:
        return ScoreCache(path)
    except (OSError, sqlite3.Error):
        return None
