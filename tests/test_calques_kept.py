"""The calque lexicons kept, checked and built, in the cache directory: a later process
loads them without reading a TOML file, an edited lexicon is read afresh, and a copy
that cannot be read is rebuilt."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from audits import calque_lexicon
from audits.calque_lexicon import kept_path, lexicon_summaries, lexicons, matcher
from audits.detectors.calques import find_calques
from tests.conftest import ROOT, tomllib_parses

PT = (
    'lang = "pt"\nlanguage = "Portuguese"\ncode = "C207"\nsummary = "s"\nwhy = "w"\n'
    'example = "e"\n[[calque]]\nsource = "tomar conta"\n'
    'forms = ["{take,took} account of the {kids,house}"]\nnatural = ["{natural}"]\n'
    'strength = 0.6\nbefore = "{SENT}\\\\s*\\\\w+"\n'
)


def _clear() -> None:
    """What a new process starts with."""
    calque_lexicon._kept_folder = "default"
    for cached in (
        lexicons,
        matcher,
        lexicon_summaries,
        calque_lexicon._load_kept,
        calque_lexicon._files_digest,
        calque_lexicon._parsed_once,
        calque_lexicon._shared_tables_once,
    ):
        cached.cache_clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(folder))
    _clear()
    yield folder
    _clear()


def _lexicon(directory: Path, natural: str) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "pt.toml").write_text(PT.replace("{natural}", natural), encoding="utf-8")
    return directory


def test_a_later_process_loads_the_kept_lexicons_without_parsing(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _lexicon(tmp_path / "calques", "look after")
    built = (lexicon_summaries(directory), lexicons(directory), matcher(directory))
    assert [p.name for p in cache.glob("calques-*.pickle")] == [kept_path(directory).name]
    _clear()
    # A spy on the real parser: no file-level check can stand in, as making a lexicon
    # unreadable changes kept_path's digest and so the copy looked for.
    parses = tomllib_parses(monkeypatch)
    again = (lexicon_summaries(directory), lexicons(directory), matcher(directory))
    assert parses == []
    assert again[0] == built[0] and again[1] == built[1]
    assert again[2].entries_by_phrase == built[2].entries_by_phrase
    text = "Yes. She took account of the kids."
    assert [(m.start, m.end, m.key) for m in again[2].index.find(text)] == [
        (m.start, m.end, m.key) for m in built[2].index.find(text)
    ]
    # The context regexes, compiled only when a phrase is found, still apply.
    (entry,) = again[1][0].entries
    start = text.index("took")
    assert entry.fits(text, start, start + len("took account of the kids"))
    assert not entry.fits("took account of the kids", 0, len("took account of the kids"))


def test_an_edited_lexicon_is_read_afresh(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _lexicon(tmp_path / "calques", "look after")
    matcher(directory)
    _clear()
    _lexicon(directory, "care for")
    (lex,) = lexicons(directory)
    assert lex.entries[0].natural == ("care for",)
    assert matcher(directory).entries_by_phrase["took account of the kids"] == lex.entries
    assert len(list(cache.glob("calques-*.pickle"))) == 2


def test_a_damaged_copy_is_rebuilt(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _lexicon(tmp_path / "calques", "look after")
    matcher(directory)
    (kept,) = cache.glob("calques-*.pickle")
    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])
    _clear()
    (lex,) = lexicons(directory)
    assert lex.entries[0].natural == ("look after",)
    assert matcher(directory).entries_by_phrase
    # ... and written again whole, so the next run loads it.
    _clear()
    parses = tomllib_parses(monkeypatch)
    assert lexicons(directory)[0].entries[0].natural == ("look after",)
    assert parses == []


def test_a_cache_directory_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(blocker / "cache"))
    _clear()
    directory = _lexicon(tmp_path / "calques", "look after")
    try:
        assert lexicons(directory)[0].entries[0].natural == ("look after",)
        assert matcher(directory).entries_by_phrase
    finally:
        _clear()


def test_the_shipped_lexicons_find_the_same_calques_from_the_kept_copy(cache: Path) -> None:
    text = (
        "The diplomatic chief said the talks were in vigour. "
        "He took note of the intense diplomatic ballet around the summit."
    )
    built = [(h.start, h.end, [e.id for e in h.entries]) for h in find_calques(text)]
    assert built
    _clear()
    assert list(cache.glob("calques-*.pickle"))
    kept = [(h.start, h.end, [e.id for e in h.entries]) for h in find_calques(text)]
    assert kept == built


def _audit(args: list[str], home: Path) -> None:
    """An audit by the console script in a process of its own, whose $MTAUDIT_CACHE_DIR
    and user cache folder are under ``home``."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "MTAUDIT_CACHE_DIR": str(home / "env-cache"),
        "XDG_CACHE_HOME": str(home / "xdg"),
        "HOME": str(home),
    }
    sample = ROOT / "samples" / "awani-lavrov-blinken.txt"
    code = "import sys\nfrom cli.app import main\nsys.argv = ['mtaudit', *sys.argv[1:]]\nmain()"
    result = subprocess.run(
        [sys.executable, "-c", code, "audit", str(sample), "--no-lm", "--isolated", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr


def test_an_audit_keeps_the_copy_where_cache_dir_says_and_none_with_no_cache(
    tmp_path: Path,
) -> None:
    """The copy follows --cache-dir as the lost-letter index does, and --no-cache
    writes none: a read-only or shared home stays untouched."""
    chosen = tmp_path / "chosen"
    _audit(["--cache-dir", str(chosen)], tmp_path)
    assert len(list(chosen.glob("calques-*.pickle"))) == 1
    assert list(tmp_path.rglob("calques-*.pickle")) == list(chosen.glob("calques-*.pickle"))
    for kept in chosen.glob("calques-*.pickle"):
        kept.unlink()
    _audit(["--no-cache"], tmp_path)
    assert list(tmp_path.rglob("calques-*.pickle")) == []


def test_a_copy_that_cannot_be_pickled_is_simply_not_kept(cache: Path, tmp_path: Path) -> None:
    """A field pickle refuses (here a function, standing for one a later change adds)
    costs the copy, never the audit."""
    directory = _lexicon(tmp_path / "calques", "look after")
    built = matcher(directory)
    for kept in cache.glob("calques-*.pickle"):
        kept.unlink()
    unpicklable = calque_lexicon.CalqueMatcher(
        index=built.index, entries_by_phrase={"x": (lambda: None,)}
    )
    calque_lexicon._keep(directory, lexicons(directory), unpicklable)
    assert list(cache.iterdir()) == []


def test_a_new_copy_sweeps_older_ones_untouched_for_a_day(cache: Path, tmp_path: Path) -> None:
    """Each edit left a 2.3 MB copy for good; one written within the day may be another
    install's that shares the folder, and stays."""
    cache.mkdir()
    stale, recent, other = (
        cache / "calques-stale.pickle",
        cache / "calques-recent.pickle",
        cache / "lost-letters-x.pickle",
    )
    for path in (stale, recent, other):
        path.write_bytes(b"old")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (day_ago, day_ago))
    os.utime(other, (day_ago, day_ago))
    matcher(_lexicon(tmp_path / "calques", "look after"))
    left = sorted(p.name for p in cache.iterdir())
    assert "calques-stale.pickle" not in left
    assert {"calques-recent.pickle", "lost-letters-x.pickle"} <= set(left)
    assert len([n for n in left if n.startswith("calques-")]) == 2
