"""Matching a baseline's documents to this run's by file path, wherever each ran from.

A file's document id is its path as the run was given it: ``news/world/a.txt``
from the repository root, ``world/a.txt`` from ``news/``, ``/home/ci/repo/news/
world/a.txt`` for an absolute argument. A baseline written by one of those
runs must still know the article when another spelling audits it after an
edit (the content hash no longer matches either), or every accepted finding of
an edited article comes back as new and fails the gate. Two ids name the same
file when one path ends with the other, component by component; only a match
that is unambiguous both ways counts, so ``a/x.txt`` and ``b/x.txt`` audited
together never both claim a baseline's ``x.txt``.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable

PathParts = tuple[str, ...]


def path_parts(doc_id: str) -> PathParts | None:
    """The id's path components (``./``, ``..`` and Windows separators resolved), or
    None for ids that are not file paths (URLs, stdin)."""
    if not doc_id or "://" in doc_id or doc_id == "stdin" or doc_id.startswith("stdin:"):
        return None
    path = posixpath.normpath(doc_id.replace("\\", "/"))
    parts = tuple(p for p in path.split("/") if p not in ("", "."))
    # normpath leaves only leading ".." (``../news/a.txt``): the rest is the file's tail.
    parts = tuple(p for p in parts if p != "..")
    return parts or None


def _same_file(a: PathParts, b: PathParts) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return longer[len(longer) - len(shorter) :] == shorter


def match_by_path(current_ids: Iterable[str], baseline_ids: Iterable[str]) -> dict[str, str]:
    """Current id -> baseline id, for the pairs that name the same file unambiguously."""
    base = [(bid, parts) for bid in baseline_ids if (parts := path_parts(bid))]
    candidates: dict[str, list[str]] = {}
    claimed: dict[str, int] = defaultdict(int)
    for cid in current_ids:
        parts = path_parts(cid)
        if parts is None:
            continue
        found = [bid for bid, bparts in base if _same_file(parts, bparts)]
        candidates[cid] = found
        for bid in found:
            claimed[bid] += 1
    return {
        cid: found[0]
        for cid, found in candidates.items()
        if len(found) == 1 and claimed[found[0]] == 1
    }
