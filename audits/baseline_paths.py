"""Matching a baseline's documents to this run's by file path, wherever each ran from.

A file's document id is its path as the run was given it: ``news/world/a.txt``
from the repository root, ``world/a.txt`` from ``news/``, ``/home/ci/repo/news/
world/a.txt`` for an absolute argument. A baseline written by one of those
runs must still know the article when another spelling audits it after an
edit (the content hash no longer matches either), or every accepted finding of
an edited article comes back as new and fails the gate.

Two ids name the same file when one path ends with the other, component by
component. A file of this run is also located on disk (its full path, and in a
symlinked folder also as the shell's ``$PWD`` names it), so a relative baseline
path must end its full path: ``a.txt`` audited inside ``news/world`` is the
baseline's ``news/world/a.txt``, not its ``news/sport/a.txt``, and not a file
the baseline never had. Where the baseline's run stood is learnt from the
articles both runs have (by text or id): a baseline written inside
``news/world`` names ``news/world/a.txt`` by ``a.txt`` even when this run also
has ``news/sport/a.txt``. A pair counts only when each is the other's single
best fit, so ``a/x.txt`` and ``b/x.txt`` audited together never both claim a
baseline's ``x.txt``, and where nothing tells them apart neither does.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PathParts = tuple[str, ...]

# A JSONL record without an id of its own is known by its file and line (``feed.jsonl:3``).
_RECORD_LINE = re.compile(r":\d+$")
_ABSOLUTE = re.compile(r"^(/|\\\\|[A-Za-z]:[\\/])")
# The fit of a baseline path that, resolved where the baseline's run stood, is the file.
_EXACT = 1 << 30


@dataclass(frozen=True)
class CurrentPath:
    """A document of this run as a file: its id's components, and the file's full path
    on disk when it is there (None for ids that name no file here, e.g. in library use)."""

    id: str
    given: PathParts
    # The file's full path: as the kernel has it and, inside a symlinked folder, as
    # the shell's working directory ($PWD) names it; empty when not found here.
    located: tuple[PathParts, ...] = ()


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


def current_path(doc_id: str, source: str) -> CurrentPath | None:
    """``doc_id`` as a path of this run, located on disk when it names a file read here
    (its source: a JSONL record's own id is no path)."""
    given = path_parts(doc_id)
    if given is None:
        return None
    return CurrentPath(doc_id, given, _located(doc_id) if doc_id == source else ())


def _located(doc_id: str) -> tuple[PathParts, ...]:
    name, line = doc_id, ""
    try:
        if not Path(name).is_file():
            record = _RECORD_LINE.search(doc_id)
            if record is None:
                return ()
            name, line = doc_id[: record.start()], record.group()
            if not Path(name).is_file():
                return ()
        full = [os.path.abspath(name)]
        logical = os.environ.get("PWD")
        if logical and os.path.isabs(logical) and os.path.samefile(logical, os.curdir):
            full.append(os.path.normpath(os.path.join(logical, name)))
    except (OSError, ValueError):  # a name the file system refuses (a NUL byte, too long)
        return ()
    found = (path_parts(Path(f).as_posix() + line) for f in full)
    return tuple(dict.fromkeys(p for p in found if p))


def _ends_with(longer: PathParts, shorter: PathParts) -> bool:
    return len(longer) >= len(shorter) and longer[len(longer) - len(shorter) :] == shorter


def _same_file(a: PathParts, b: PathParts) -> bool:
    return _ends_with(a, b) or _ends_with(b, a)


def _common_tail(a: PathParts, b: PathParts) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def baseline_root(anchors: Iterable[tuple[CurrentPath, str]]) -> PathParts | None:
    """Where the baseline's run stood, in this file system: the folder above each
    relative baseline path of an article both runs have, when they all agree."""
    roots: set[PathParts] = set()
    for current, baseline_id in anchors:
        parts = path_parts(baseline_id)
        if parts is None or _ABSOLUTE.match(baseline_id):
            continue
        fitting = [full for full in current.located if _ends_with(full, parts)]
        if len(fitting) == 1:
            roots.add(fitting[0][: len(fitting[0]) - len(parts)])
    return roots.pop() if len(roots) == 1 else None


def _fit(current: CurrentPath, baseline_id: str, parts: PathParts, root: PathParts | None) -> int:
    """How well a baseline path names this file: 0 not at all, else the more components
    agree the better."""
    if not current.located or _ABSOLUTE.match(baseline_id):
        # Written on another machine (absolute), or nothing here to check against.
        if not _same_file(current.given, parts):
            return 0
        return max(_common_tail(full, parts) for full in current.located or (current.given,))
    # Relative to the baseline run's folder, so the file's full path ends with it.
    if not any(_ends_with(full, parts) for full in current.located):
        return 0
    if root is not None and any(root + parts == full for full in current.located):
        return _EXACT
    return len(parts)


def match_by_path(
    current: Iterable[CurrentPath],
    baseline_ids: Iterable[str],
    anchors: Iterable[tuple[CurrentPath, str]] = (),
) -> dict[str, str]:
    """Current id -> baseline id, for the pairs that are each other's single best fit;
    ``anchors`` are the (current path, baseline id) pairs already matched otherwise."""
    root = baseline_root(anchors)
    base = [(bid, parts) for bid in baseline_ids if (parts := path_parts(bid))]
    fits: dict[tuple[str, str], int] = {}
    for cur in current:
        for bid, parts in base:
            if score := _fit(cur, bid, parts, root):
                fits[cur.id, bid] = score
    by_current: dict[str, Counter[str]] = defaultdict(Counter)
    by_baseline: dict[str, Counter[str]] = defaultdict(Counter)
    for (cid, bid), score in fits.items():
        by_current[cid][bid] = score
        by_baseline[bid][cid] = score
    return {
        cid: best
        for cid, scores in by_current.items()
        if (best := _single_best(scores)) is not None and _single_best(by_baseline[best]) == cid
    }


def _single_best(scores: Counter[str]) -> str | None:
    ranked = scores.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]
