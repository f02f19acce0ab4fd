"""The language-model plumbing that needs no model: unigram baselines, rows and
windows, calibration lookups, the score cache, cache validation, CPU flags."""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from pathlib import Path

import pytest

from audits.lm.base import ScoreRequest
from audits.lm.calibration import Calibration
from audits.lm.gguf_cache import MARKER, cache_key, valid_copy
from audits.lm.hardware import choose_dtype, cpu_flags
from audits.lm.raw import RawScore
from audits.lm.rows import Encoded, Windowing, batches, make_rows
from audits.lm.score_cache import ScoreCache, open_cache, score_key
from audits.lm.stats import FluencyStats, rank_buckets
from audits.lm.unigram import UnigramTable

SENTENCE = "Sergei Lavrov met Antony Blinken in Geneva on Friday, the Kremlin said."


def test_unigram_baseline_adds_up_to_the_sentence_over_any_tokenization() -> None:
    table = UnigramTable.load()
    total = sum(lp for _, _, lp in table.units(SENTENCE))
    by_word = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", SENTENCE)]
    by_char = [(i, i + 1) for i in range(len(SENTENCE)) if not SENTENCE[i].isspace()]
    for spans in (by_word, by_char):
        assert math.isclose(sum(table.token_logprobs(SENTENCE, spans)), total, rel_tol=1e-9)


def test_a_word_split_into_tokens_shares_its_unigram_logprob_evenly() -> None:
    table = UnigramTable.load()
    text = "Lavrov spoke."
    spans = [(0, 3), (3, 6), (7, 12), (12, 13)]
    lps = table.token_logprobs(text, spans)
    assert lps[0] == lps[1] == pytest.approx(table.word_logprob("Lavrov") / 2)
    assert lps[3] == pytest.approx(table.mark_logprob("."))
    # A rare name is less likely than a common verb, a full stop likelier than both.
    assert table.word_logprob("Lavrov") < table.word_logprob("spoke") < lps[3]


def test_typographic_marks_count_as_their_ascii_forms() -> None:
    table = UnigramTable.load()
    assert table.mark_logprob("’") == table.mark_logprob("'")
    assert table.mark_logprob("“") == table.mark_logprob('"')
    assert table.word_logprob("1,000") == table.word_logprob("1000")


def test_short_sentences_get_one_row_with_trimmed_context() -> None:
    enc = [
        Encoded(ids=[5, 6, 7], spans=[(0, 1), (2, 3), (4, 5)], context_ids=list(range(100, 200)))
    ]
    (row,) = make_rows(enc, start_id=0, windowing=Windowing(max_tokens=32, max_context_tokens=8))
    assert row.ids[0] == 0
    assert row.ids[1:9] == list(range(192, 200))  # the nearest context tokens
    assert row.ids[row.first : row.first + row.count] == [5, 6, 7]
    assert row.context_tokens == 8


def test_long_sentences_are_windowed_and_every_token_scored_once() -> None:
    ids = list(range(1000, 1100))
    enc = [Encoded(ids=ids, spans=[(i, i + 1) for i in range(100)], context_ids=[1, 2, 3])]
    rows = make_rows(enc, start_id=0, windowing=Windowing(max_tokens=32, overlap=8))
    assert len(rows) > 1
    scored: list[int] = []
    for row in rows:
        assert len(row) <= 32 and row.ids[0] == 0
        part = row.ids[row.first : row.first + row.count]
        assert part == ids[row.token_start : row.token_start + row.count]
        scored.extend(part)
        if row.token_start:
            # Later windows condition on the tokens just before them.
            assert row.ids[1 : row.first] == ids[row.token_start - 8 : row.token_start]
    assert scored == ids


def test_batches_are_sorted_by_length_and_bounded() -> None:
    enc = [
        Encoded(ids=list(range(n)), spans=[(i, i + 1) for i in range(n)], context_ids=[])
        for n in (3, 40, 7, 40, 12, 5)
    ]
    rows = make_rows(enc, 0, Windowing())
    out = batches(rows, batch_size=2, max_batch_tokens=10_000)
    lengths = [len(r) for b in out for r in b]
    assert lengths == sorted(lengths, reverse=True)
    assert all(len(b) <= 2 for b in out)
    assert sum(len(b) for b in out) == len(rows)
    small = batches(rows, batch_size=16, max_batch_tokens=45)
    assert all(len(b[0]) * len(b) <= 45 or len(b) == 1 for b in small)


def test_rank_buckets_are_cumulative_shares() -> None:
    buckets = rank_buckets([1, 1, 4, 30, 250, 9000, 2, 100])
    assert buckets == {"top1": 0.25, "top10": 0.5, "top100": 0.75, "beyond100": 0.25}


def test_surprising_spans_are_runs_of_low_slor_tokens_with_exact_offsets() -> None:
    text = "The talks were an intense diplomatic ballet show in Geneva."
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+|\.", text)]
    table = UnigramTable.load()
    unigram = table.token_logprobs(text, words)
    # LM log-probs: every token well above its unigram baseline except "ballet show".
    lps = [u + 3.0 for u in unigram]
    for i, (a, _) in enumerate(words):
        if text[a:].startswith(("ballet", "show")):
            lps[i] = unigram[i] - 9.0
    raw = RawScore(logprobs=lps, ranks=[1] * len(lps), spans=words)
    offset = 500
    f = FluencyStats(surprise_threshold=-6.0).fluency(raw, text, offset)
    (span,) = f.spans
    assert span.text == "ballet show"
    assert text[span.start - offset : span.end - offset] == "ballet show"
    assert span.tokens == 2 and span.min_slor == pytest.approx(-9.0)
    assert f.min_token_slor == pytest.approx(-9.0)
    assert f.slor == pytest.approx((sum(lps) - sum(unigram)) / len(lps))
    assert all(text[t.start - offset : t.end - offset] == t.text for t in f.token_scores)


def test_emoji_hashtags_and_handles_are_no_surprising_wording() -> None:
    text = "London, I missed you 🥹 so much! #TheErasTour @Ticketmaster 💔 and ballet show."
    # Words, and each mark and emoji alone.
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\w+|\S", text)]
    table = UnigramTable.load()
    unigram = table.token_logprobs(text, tokens)
    # The model finds the emoji, the tags' names and "ballet show" far less likely than
    # their unigram baselines; every other token easy.
    surprising = ("🥹", "💔", "TheErasTour", "Ticketmaster", "ballet", "show")
    lps = [
        u - 9.0 if text[a:b].strip() in surprising else u + 3.0
        for (a, b), u in zip(tokens, unigram, strict=True)
    ]
    raw = RawScore(logprobs=lps, ranks=[1] * len(lps), spans=tokens)
    f = FluencyStats(surprise_threshold=-6.0).fluency(raw, text, 0)
    assert [s.text for s in f.spans] == ["ballet show"]


def _calibration() -> Calibration:
    return Calibration.from_dict(
        {
            "key": "m|w|ctx1",
            "model": "m",
            "score": "surprise-mass/1",
            "sentences": 1000,
            "length_bands": [
                {
                    "max_tokens": 20,
                    "score_percentiles": {"0": -12.0, "5": -6.0, "50": -1.0, "100": 0.0},
                },
                {
                    "max_tokens": None,
                    "score_percentiles": {"0": -40.0, "5": -24.0, "50": -8.0, "100": 0.0},
                },
            ],
            "min_word_slor_percentiles": {"0": -15.0, "5": -7.0, "100": 9.0},
        }
    )


def test_calibration_interpolates_percentiles_within_length_bands() -> None:
    cal = _calibration()
    assert cal.percentile(-6.0, tokens=12) == pytest.approx(5.0)
    assert cal.percentile(-3.5, tokens=20) == pytest.approx(27.5)
    assert cal.percentile(-50.0, tokens=5) == 0.0 and cal.percentile(0.0, tokens=5) == 100.0
    # The same score is unremarkable for a long sentence.
    assert cal.percentile(-6.0, tokens=40) > 50.0
    assert cal.threshold(5.0, tokens=8) == pytest.approx(-6.0)
    assert cal.threshold(2.5, tokens=8) == pytest.approx(-9.0)
    assert cal.threshold(5.0, tokens=60) == pytest.approx(-24.0)
    assert cal.surprise_threshold(5.0) == pytest.approx(-7.0)


def test_first_sentences_are_placed_with_their_own_tables() -> None:
    data = Calibration.from_dict(
        {
            "key": "m|w|ctx1",
            "model": "m",
            "score": "surprise-mass/1",
            "sentences": 1000,
            "length_bands": [
                {"max_tokens": None, "score_percentiles": {"0": -40.0, "5": -20.0, "100": 0.0}}
            ],
            "min_word_slor_percentiles": {"0": -15.0, "5": -7.0, "100": 9.0},
            "opening": {
                "sentences": 90,
                "length_bands": [
                    {"max_tokens": None, "score_percentiles": {"0": -80.0, "5": -40.0, "100": 0.0}}
                ],
                "min_word_slor_percentiles": {"0": -20.0, "5": -10.0, "100": 9.0},
            },
        }
    )
    first = data.for_sentence(opening=True)
    assert data.for_sentence(opening=False) is data
    assert data.percentile(-20.0, tokens=10) == pytest.approx(5.0)
    assert first.percentile(-20.0, tokens=10) == pytest.approx(5 + 95 * 20 / 40)
    assert first.surprise_threshold(5.0) == pytest.approx(-10.0)
    described = data.describe(5.0)
    assert described["surprise_threshold"] == -7.0
    assert described["opening"] == {
        "sentences": 90,
        "length_bands": [None],
        "score_thresholds": [-40.0],
        "surprise_threshold": -10.0,
    }
    # A calibration written before first sentences had tables places them as any.
    assert _calibration().for_sentence(opening=True) is not None
    assert _calibration().for_sentence(opening=True).percentile(-6.0, tokens=12) == 5.0
    assert "opening" not in _calibration().describe(5.0)


def test_a_first_sentence_has_its_own_surprise_threshold() -> None:
    text = "Dockworkers end strike"
    words = [(0, 11), (12, 15), (16, 22)]
    unigram = UnigramTable.load().token_logprobs(text, words)
    raw = RawScore(
        logprobs=[unigram[0] - 8.0, unigram[1], unigram[2]], ranks=[9, 1, 1], spans=words
    )
    stats = FluencyStats(surprise_threshold=-7.0, opening_surprise_threshold=-10.0)
    assert [s.text for s in stats.fluency(raw, text).spans] == ["Dockworkers"]
    opening = stats.fluency(raw, text, opening=True)
    assert opening.opening and opening.spans == []
    assert not stats.fluency(raw, text).opening
    # Without a first-sentence threshold, a first sentence is judged as any other.
    plain = FluencyStats(surprise_threshold=-7.0)
    assert [s.text for s in plain.fluency(raw, text, opening=True).spans] == ["Dockworkers"]


def test_only_a_documents_first_sentence_is_its_opening() -> None:
    from audits.lm.context import sentence_requests
    from audits.segment import segment

    sentences = segment("Headline here\n\nOne sentence. Another one.").sentences
    for context in (0, 1, 3):
        requests = sentence_requests(sentences, context)
        assert [r.opening for r in requests] == [True, False, False]


def test_score_cache_round_trips_and_is_shared_between_connections(tmp_path: Path) -> None:
    path = tmp_path / "scores.sqlite3"
    first, second = ScoreCache(path), ScoreCache(path)
    key = score_key("fp", "Lavrov spoke first.", SENTENCE)
    raw = RawScore([-1.25, -0.5], [1, 3], [(0, 6), (7, 13)], context_tokens=4, windows=1)
    raw.hidden_sums = {30: [0.5, -1.5, 2.0]}
    first.put_many([(key, raw)])
    got = second.get_many([key, "missing"])
    assert list(got) == [key]
    assert got[key].logprobs == raw.logprobs and got[key].spans == raw.spans
    assert got[key].hidden_sums == {}
    back = second.get_many([key], layers=[30])[key].hidden_sums
    assert list(back) == [30] and back[30].tolist() == [0.5, -1.5, 2.0]
    assert second.get_many([key], layers=[30, 15]) == {}  # a missing layer is a miss
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert score_key("fp", "", SENTENCE) != score_key("fp2", "", SENTENCE)
    assert score_key("fp", "a", "b c") != score_key("fp", "a b", "c")


def test_a_score_cache_opened_in_one_thread_serves_the_others(tmp_path: Path) -> None:
    """A scorer loaded in a notebook's main thread and shared by its worker threads:
    sqlite refused its cache from every other thread, which the scorer took for a
    locked disk, so nothing was cached or found."""
    cache = ScoreCache(tmp_path / "scores.sqlite3")
    raws = {
        f"k{i}": RawScore([-float(i)], [1], [(0, 6)], context_tokens=0, windows=1) for i in range(8)
    }
    errors: list[BaseException] = []

    def use(key: str) -> None:
        try:
            cache.put_many([(key, raws[key])])
            assert cache.get_many([key])[key].logprobs == raws[key].logprobs
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=use, args=(key,)) for key in raws]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.count() == len(raws)


def test_a_damaged_score_cache_is_moved_aside_and_restarted(tmp_path: Path) -> None:
    (tmp_path / "scores.sqlite3").write_bytes(b"this is not a database, just text " * 200)
    cache = open_cache(tmp_path)
    assert cache is not None
    raw = RawScore([-1.0], [2], [(0, 6)])
    cache.put_many([("k", raw)])
    assert cache.get_many(["k"])["k"].logprobs == [-1.0]
    assert (tmp_path / "scores.sqlite3.damaged").exists()


def test_a_score_cache_opened_while_another_process_writes_it_waits(tmp_path: Path) -> None:
    # A cache file still in rollback mode (made by another process a moment ago)
    # cannot switch to WAL while that process writes: opening it must wait, not
    # give up on caching.
    path = tmp_path / "scores.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE scores (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO scores VALUES ('k', '{}')")
    done = threading.Timer(0.4, lambda: writer.execute("COMMIT"))
    done.start()
    try:
        cache = open_cache(tmp_path)
    finally:
        done.join()
        writer.close()
    assert cache is not None
    assert cache.count() == 1
    cache.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def _tiny_copy(directory: Path) -> Path:
    import torch
    from safetensors.torch import save_file

    directory.mkdir()
    save_file({"w": torch.arange(64, dtype=torch.float32)}, str(directory / "model.safetensors"))
    (directory / "config.json").write_text('{"model_type": "llama"}')
    files = {p.name: p.stat().st_size for p in directory.iterdir()}
    (directory / MARKER).write_text(json.dumps({"files": files}))
    return directory


def test_a_complete_copy_is_valid_and_damaged_ones_are_not(tmp_path: Path) -> None:
    good = _tiny_copy(tmp_path / "good")
    assert valid_copy(good)

    truncated = _tiny_copy(tmp_path / "truncated")
    data = (truncated / "model.safetensors").read_bytes()
    (truncated / "model.safetensors").write_bytes(data[:-10])
    assert not valid_copy(truncated)

    half_written = _tiny_copy(tmp_path / "half")
    (half_written / MARKER).unlink()
    assert not valid_copy(half_written)

    bad_header = _tiny_copy(tmp_path / "header")
    data = (bad_header / "model.safetensors").read_bytes()
    (bad_header / "model.safetensors").write_bytes(b"\xff" * 8 + data[8:])
    assert not valid_copy(bad_header)


def test_cache_key_changes_with_transformers_major_version() -> None:
    assert cache_key("ab" * 32, "5.24.0") == cache_key("ab" * 32, "5.0.1")
    assert cache_key("ab" * 32, "5.24.0") != cache_key("ab" * 32, "4.57.0")
    assert cache_key("ab" * 32, "5.24.0") != cache_key("cd" * 32, "5.24.0")


def test_cpu_flags_decide_bf16(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512_bf16\n\n")
    assert "avx512_bf16" in cpu_flags(info)
    assert cpu_flags(tmp_path / "missing") == frozenset()
    assert choose_dtype("fp32", "cpu") == ("fp32", "requested")
    dtype, reason = choose_dtype("auto", "cpu")
    assert dtype == ("bf16" if {"avx512_bf16", "amx_bf16"} & cpu_flags() else "fp32")
    assert reason


def test_requests_carry_context_counts() -> None:
    from audits.lm.context import sentence_requests
    from audits.segment import segment

    text = "Lavrov arrived on Friday. Blinken followed an hour later. They spoke for two hours."
    requests = sentence_requests(segment(text).sentences, 1)
    assert [r.context_sentences for r in requests] == [0, 1, 1]
    assert requests[2] == ScoreRequest(
        "They spoke for two hours.",
        "Blinken followed an hour later.",
        text.index("They"),
        1,
    )


def test_a_scraped_page_opens_with_its_headline_not_its_site_chrome() -> None:
    """The sample's first line, "Awani Review", was placed among English originals'
    first sentences, and its headline among body sentences, after "Complete News
    World" as context. The report's title already skipped those lines."""
    from audits.config import AuditConfig
    from audits.detectors.base import DocumentContext
    from audits.document import Document
    from audits.lm.context import requests_for
    from audits.segment import segment

    text = (Path(__file__).parent.parent / "samples" / "awani-lavrov-blinken.txt").read_text(
        encoding="utf-8"
    )
    ctx = DocumentContext(
        document=Document(id="a", text=text, source="a"),
        segmentation=segment(text),
        config=AuditConfig(lm=False),
    )
    requests = requests_for(ctx, 1)
    openings = [r for r in requests if r.opening]
    assert [(r.text, r.context) for r in openings] == [
        ("Lavrov and Blinken hold their positions in Geneva", "")
    ]
    assert requests[0].text == "Awani Review"
    assert requests[1].context == "Awani Review"  # chrome reads as any sentence
    after = requests[requests.index(openings[0]) + 1]
    assert after.context == "Lavrov and Blinken hold their positions in Geneva"


@pytest.mark.parametrize(
    "headline",
    [
        "Talks in Geneva? Lavrov and Blinken hold their positions",
        "Lavrov: Russia will not back down. Blinken disagrees",
    ],
)
def test_a_headline_of_two_sentences_under_site_chrome_is_still_the_opening(
    headline: str,
) -> None:
    """The opening was the sentence whose text was the headline line's: a headline the
    segmenter splits in two is no sentence's text, so "Awani Review" was the opening
    again. Its first sentence is now, found by where the headline's line starts."""
    from audits.config import AuditConfig
    from audits.detectors.base import DocumentContext
    from audits.document import Document
    from audits.lm.context import requests_for
    from audits.segment import segment

    sample = (Path(__file__).parent.parent / "samples" / "awani-lavrov-blinken.txt").read_text(
        encoding="utf-8"
    )
    text = sample.replace("Lavrov and Blinken hold their positions in Geneva", headline, 1)
    ctx = DocumentContext(
        document=Document(id="a", text=text, source="a"),
        segmentation=segment(text),
        config=AuditConfig(lm=False),
    )
    requests = requests_for(ctx, 1)
    openings = [i for i, r in enumerate(requests) if r.opening]
    assert openings == [2]
    assert headline.startswith(requests[2].text) and requests[2].context == ""
    assert requests[3].context == requests[2].text  # the headline's second sentence
