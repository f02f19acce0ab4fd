"""Switching an SQLite file to WAL when several processes may open it at once."""

from __future__ import annotations

import sqlite3
import time


def is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch ``conn``'s file to WAL mode, which then persists in the file.

    On a filesystem without shared memory the file stays in rollback mode, which
    is slower but just as safe. Switching needs an exclusive lock, and SQLite
    answers "locked" at once, without its busy handler, while another connection
    is writing or switching too (waiting there could deadlock), so two processes
    opening one new or old file together would fail: wait here instead, up to
    ``timeout`` seconds, then let the last error through.
    """
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)
