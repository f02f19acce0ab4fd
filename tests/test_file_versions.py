"""Caches keyed by a file's version see a rewrite that keeps the file's size and sets
its modification time back (rsync -t, tar, cp -p do; so does a rewrite within the file
system's clock tick): the reports' page sources, the verdict model file, the GGUF
digest memo and the loaded model's key."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from importlib import resources
from pathlib import Path

import pytest

from audits.reports.locations import copy_lines, entry_span
from audits.verdict_model import load_verdict_model


def _rewrite_unseen(path: Path, data: bytes) -> None:
    """``data`` (of the file's size) written over ``path``, its modification time set
    back to what it was, once its change time has moved on (which no one can set)."""
    before = path.stat()
    assert len(data) == before.st_size
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    while path.stat().st_ctime_ns == before.st_ctime_ns:
        time.sleep(0.001)  # the clock's tick (a jiffy on Linux) has not passed yet
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_page_rewritten_in_place_is_read_again(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>The diplomatic chief spoke.</p>\n<p>Nothing else.</p>\n")
    assert copy_lines(str(page), "utf-8", "diplomatic chief") == (1,)
    _rewrite_unseen(page, b"<p>Nothing else.</p>\n<p>The diplomatic chief spoke.</p>\n")
    assert copy_lines(str(page), "utf-8", "diplomatic chief") == (2,)


def test_a_feed_rewritten_in_place_is_read_again(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss><channel>\n<item>a</item>\n<item>b</item>\n</channel></rss>\n")
    assert entry_span(str(feed), 2) == (3, 5)
    _rewrite_unseen(feed, b"<rss><channel>\n<item>a</item><item>b</item>\n\n</channel></rss>\n")
    assert entry_span(str(feed), 2) == (2, 5)


def test_a_verdict_model_rewritten_in_place_is_read_again(tmp_path: Path) -> None:
    text = resources.files("audits").joinpath("data", "verdict_model.json").read_text("utf-8")
    path = tmp_path / "model.json"
    path.write_text(text, encoding="utf-8")
    first = load_verdict_model(path)
    # One digit of one weight changed: the same size, another model.
    digit = re.search(r"\d\.(\d)", text)
    assert digit is not None
    other = "1" if digit[1] != "1" else "2"
    changed = text[: digit.start(1)] + other + text[digit.end(1) :]
    _rewrite_unseen(path, changed.encode("utf-8"))
    second = load_verdict_model(path)
    assert second.digest != first.digest
    assert json.loads(changed) != json.loads(text)


def test_a_gguf_rewritten_in_place_is_hashed_again(tmp_path: Path) -> None:
    """The GGUF digest memo (which names the converted copy in the cache) is keyed by
    the file's inode and change time too: by size and mtime, the old weights' digest,
    and so their converted copy, was kept."""
    from audits.lm.gguf_cache import file_digest

    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF" + b"a" * 64)
    cache = tmp_path / "cache"
    cache.mkdir()
    first = file_digest(model, cache)
    _rewrite_unseen(model, b"GGUF" + b"b" * 64)
    assert file_digest(model, cache) == hashlib.sha256(model.read_bytes()).hexdigest() != first


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_model_weights_rewritten_in_place_are_loaded_again(tmp_path: Path, layout: str) -> None:
    """The in-process model's key (``_weights_key``) changes when a weights file, alone
    or in a model folder, is rewritten at its size with its mtime set back: the model
    loaded last was handed out again."""
    from audits.lm.loading import _weights_key

    if layout == "file":
        spec = weights = tmp_path / "model.gguf"
    else:
        spec = tmp_path / "folder"
        spec.mkdir()
        (spec / "config.json").write_text("{}", encoding="utf-8")
        weights = spec / "model.safetensors"
    weights.write_bytes(b"GGUF" + b"a" * 64)
    before = _weights_key(str(spec), "cpu", "fp32", tmp_path)
    assert before is not None
    _rewrite_unseen(weights, b"GGUF" + b"b" * 64)
    assert _weights_key(str(spec), "cpu", "fp32", tmp_path) != before


def test_the_gguf_digest_memo_keeps_one_entry_per_file(tmp_path: Path) -> None:
    """A file's new version replaces its entry in the memo: with the change time in the
    key, each chmod (or mv, or hard link) added one more, and the memo only grew."""
    from audits.lm.gguf_cache import _DIGESTS, file_digest

    model, other = tmp_path / "model.gguf", tmp_path / "other.gguf"
    model.write_bytes(b"GGUF" + b"a" * 64)
    other.write_bytes(b"GGUF" + b"o" * 64)
    cache = tmp_path / "cache"
    cache.mkdir()
    file_digest(other, cache)
    for mode in (0o600, 0o644, 0o600):
        before = model.stat().st_ctime_ns
        while model.stat().st_ctime_ns == before:
            time.sleep(0.001)  # the change time moves at the clock's tick
            model.chmod(mode)
        file_digest(model, cache)
    memo = json.loads((cache / _DIGESTS).read_text(encoding="utf-8"))
    paths = sorted(key.rsplit("|", 4)[0] for key in memo)
    assert paths == [str(model.resolve()), str(other.resolve())]
