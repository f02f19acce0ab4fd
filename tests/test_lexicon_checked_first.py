"""The calque lexicons against the rules' view of them: the rule documentation reads each
lexicon's header and first entries only, so an audit must still load every entry before
it reads an input, and the summaries must agree with the full lexicons."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits import calque_lexicon
from audits.calque_lexicon import CALQUE_DIR, LexiconError, lexicon_summaries, lexicons
from audits.config import AuditConfig
from audits.engine import audit_documents
from audits.rule_docs.calques import calque_rules
from cli.app import app
from tests.conftest import SAMPLES


def _clear() -> None:
    for cached in (
        calque_lexicon.lexicons,
        calque_lexicon.matcher,
        calque_lexicon.lexicon_summaries,
        calque_rules,
    ):
        cached.cache_clear()


@pytest.fixture
def bad_fifth_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The shipped lexicons with a misspelt key in the 5th French entry, past the
    entries the rule documentation builds, read wherever the default lexicons are."""
    directory = tmp_path / "calques"
    shutil.copytree(CALQUE_DIR, directory)
    fr = directory / "fr.toml"
    lines = fr.read_text(encoding="utf-8").splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if line.strip() == "[[calque]]"]
    lines.insert(headers[4] + 1, "strenght = 0.5\n")
    fr.write_text("".join(lines), encoding="utf-8")
    for cached in (calque_lexicon.lexicons, calque_lexicon.matcher):
        monkeypatch.setattr(cached.__wrapped__, "__defaults__", (directory,))
    monkeypatch.setattr(
        calque_lexicon.lexicon_summaries.__wrapped__, "__defaults__", (directory, 3)
    )
    _clear()
    yield directory
    _clear()


def test_a_bad_later_lexicon_entry_stops_the_audit_before_it_writes(
    bad_fifth_entry: Path, tmp_path: Path
) -> None:
    report, history = tmp_path / "rep.json", tmp_path / "bh.sqlite"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(SAMPLES),
            "--no-lm",
            "--isolated",
            "--history",
            str(history),
            "-o",
            str(report),
        ],
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "unknown keys ['strenght']" in lines[0] and "internal error" not in lines[0]
    assert not report.exists()
    assert not history.exists()


def test_the_engine_loads_the_lexicons_before_any_input(bad_fifth_entry: Path) -> None:
    # Called as the public API, with no CLI to check first.
    with pytest.raises(LexiconError, match="strenght"):
        audit_documents([], AuditConfig(lm=False))
    # With no calque rule selected the lexicons are not the run's business.
    assert audit_documents([], AuditConfig(lm=False, select=["T"])).documents == []


def test_each_summary_agrees_with_its_full_lexicon() -> None:
    summaries = lexicon_summaries()
    full = lexicons()
    assert [s.code for s in summaries] == [lex.code for lex in full]
    for summary, lex in zip(summaries, full, strict=True):
        for key in ("lang", "language", "code", "summary", "why", "example"):
            assert getattr(summary, key) == getattr(lex, key), (lex.code, key)
        assert summary.count == len(lex.entries), lex.code
        assert summary.first == lex.entries[:3], lex.code
