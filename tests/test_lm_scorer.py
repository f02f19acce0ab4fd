"""The transformers scorer with the real embedded model (loaded once per session)."""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from audits.config import AuditConfig
from audits.lm.base import ScoreRequest
from audits.lm.rows import Windowing
from audits.lm.score_cache import ScoreCache
from audits.lm.transformer import ScorerSettings, TransformersScorer
from tests import conftest
from tests.conftest import batch_tolerance, every_core_of_the_run

pytestmark = pytest.mark.lm

DOCUMENT = (
    "Lavrov and Blinken met in Geneva on Friday. "
    "The talks, which lasted about ninety minutes, ended without a breakthrough. "
    "The meeting is the last point in an intense diplomatic ballet show."
)


def _requests(text: str = DOCUMENT, context: bool = True) -> list[ScoreRequest]:
    from audits.lm.context import sentence_requests
    from audits.segment import segment

    return sentence_requests(segment(text).sentences, 1 if context else 0)


def _twin(scorer: TransformersScorer, **kwargs: object) -> TransformersScorer:
    """Another scorer over the same loaded model (no second load)."""
    settings = kwargs.pop("settings", scorer.settings)
    return TransformersScorer(
        scorer.loaded,
        settings,  # type: ignore[arg-type]
        stats=scorer.stats,
        **kwargs,  # type: ignore[arg-type]
    )


def scoring_on_every_core_of_the_run(test: Callable[..., None]) -> Callable[..., None]:
    """``test`` scores with a twin of the session's scorer on every core of the run
    and at least two torch threads, as a user's run on two cores does. Under `make
    test` the session's scorer has its worker's share, one core of two, so one
    thread: results that intra-op parallelism changes (a reduction split across
    threads, and so batch-dependent) would go unseen. Torch's count is reset after."""

    @functools.wraps(test)
    def on_every_core(scorer: TransformersScorer, **kwargs: object) -> None:
        import torch

        from audits.lm.hardware import usable_cores

        before = torch.get_num_threads()
        try:
            with every_core_of_the_run():
                threads = max(2, usable_cores())
                test(_twin(scorer, settings=replace(scorer.settings, threads=threads)), **kwargs)
        finally:
            torch.set_num_threads(before)

    on_every_core.scores_on_every_core_of_the_run = True  # type: ignore[attr-defined]
    return on_every_core


@scoring_on_every_core_of_the_run
def test_scores_are_deterministic_and_independent_of_batching(scorer) -> None:  # type: ignore[no-untyped-def]
    requests = _requests()
    first = scorer.score(requests)
    again = scorer.score(requests)
    assert [f.token_scores for f in first] == [f.token_scores for f in again]
    alone = [scorer.score([r])[0] for r in requests]
    for batched, single in zip(first, alone, strict=True):
        assert batched.tokens == single.tokens
        # Right padding with a mask: a sentence scores the same with or without
        # neighbours, up to rounding that depends on the batch's shape (see
        # batch_tolerance: bf16 moved these by up to 0.015 nats a token on an Intel
        # AMX CPU); attending to padding or to a neighbour moves a sentence by nats.
        tolerance = batch_tolerance(scorer.loaded.dtype, batched.tokens)
        assert batched.logprob == pytest.approx(single.logprob, abs=tolerance)


def test_statistics_hang_together(scorer) -> None:  # type: ignore[no-untyped-def]
    for request, f in zip(_requests(), scorer.score(_requests()), strict=True):
        assert f.tokens == len(f.token_scores) > 3
        assert f.logprob == pytest.approx(sum(t.logprob for t in f.token_scores))
        assert f.mean_logprob == pytest.approx(f.logprob / f.tokens)
        assert f.perplexity > 1.0
        assert f.min_token_slor == pytest.approx(min(f.token_slors))
        assert all(t.rank >= 1 and t.logprob < 0 for t in f.token_scores)
        assert f.rank_buckets["top1"] <= f.rank_buckets["top10"] <= f.rank_buckets["top100"]
        assert f.rank_buckets["top100"] + f.rank_buckets["beyond100"] == pytest.approx(1.0)
        assert (f.context_tokens > 0) == bool(request.context)
        # Token offsets point into the document.
        for t in f.token_scores:
            assert DOCUMENT[t.start : t.end] == t.text


def test_context_is_scored_only_as_conditioning(scorer) -> None:  # type: ignore[no-untyped-def]
    with_context = scorer.score(_requests(context=True))
    without = scorer.score(_requests(context=False))
    assert with_context[0].context_tokens == 0
    assert with_context[1].context_tokens > 5
    assert with_context[1].tokens == without[1].tokens
    assert with_context[1].logprob != without[1].logprob
    assert [t.text for t in with_context[2].token_scores] == [
        t.text for t in without[2].token_scores
    ]


def test_surprising_spans_point_at_exact_text(scorer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "German Chancellor Olaf Scholz warned that Russia should expect massive costs. "
        "Pierre Jolicour, Associate Vice Chancellor for Research at the Royal Military "
        "College of Canada and Russia, specializes in QUB Radio."
    )
    scores = scorer.score(_requests(text))
    spans = [s for f in scores for s in f.spans]
    assert spans, "the garbled second sentence has at least one surprising span"
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.min_slor < scorer.stats.surprise_threshold
        assert span.tokens >= 1 and span.mass > 0


def test_long_sentences_are_windowed_not_dropped(scorer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Officials from Russia, the United States, France, Germany, the United Kingdom, "
        "Poland, Romania, Bulgaria and the Baltic states met in Geneva, in Brussels and "
        "in Vienna over three days to discuss troop movements, arms control, missile "
        "deployments, military exercises and the future of the security architecture "
        "in Europe, without reaching any agreement on the questions that divide them."
    )
    small = _twin(scorer, settings=ScorerSettings(windowing=Windowing(max_tokens=24, overlap=8)))
    (windowed,) = small.score([ScoreRequest(text)])
    (whole,) = scorer.score([ScoreRequest(text)])
    assert windowed.windows > 1 and whole.windows == 1
    assert windowed.tokens == whole.tokens
    assert [t.text for t in windowed.token_scores] == [t.text for t in whole.token_scores]
    # The first window is the same computation; later ones lose far context only.
    assert windowed.token_scores[5].logprob == pytest.approx(
        whole.token_scores[5].logprob, abs=1e-3
    )


def test_second_run_rescores_nothing(scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    requests = _requests()
    cached = _twin(scorer, cache=ScoreCache(tmp_path / "scores.sqlite3"))
    first = cached.score(requests)
    assert (cached.scored, cached.cache_hits) == (len(requests), 0)
    again = _twin(scorer, cache=ScoreCache(tmp_path / "scores.sqlite3"))
    ticks: list[int] = []
    second = again.score(requests, ticks.append)
    assert sum(ticks) == len(requests)
    assert (again.scored, again.cache_hits) == (0, len(requests))
    assert [f.token_scores for f in first] == [f.token_scores for f in second]
    # One edited sentence is re-scored, with the next one (whose context changed).
    edited = _requests(DOCUMENT.replace("ninety", "ninety-five"))
    third = _twin(scorer, cache=ScoreCache(tmp_path / "scores.sqlite3"))
    ticks.clear()
    third.score([*edited, edited[0]], ticks.append)  # a repeated sentence is scored once
    assert (third.scored, third.cache_hits) == (2, 2)
    assert sum(ticks) == len(edited) + 1


def test_hidden_state_sums_match_a_direct_forward_pass(scorer) -> None:  # type: ignore[no-untyped-def]
    import torch

    request = ScoreRequest("The talks ended without a breakthrough.")
    (f,) = scorer.score([request], pool_layers=(-1, 10))
    last = scorer.model.config.num_hidden_layers
    assert set(f.hidden_sums) == {last, 10}
    assert len(f.hidden_sums[last]) == scorer.model.config.hidden_size
    ids = scorer.tokenizer(request.text, add_special_tokens=False)["input_ids"]
    assert len(ids) == f.tokens
    with torch.inference_mode():
        out = scorer.model.model(
            input_ids=torch.tensor([[scorer.start_id, *ids]]), output_hidden_states=True
        )
    for layer in (last, 10):
        expected = out.hidden_states[layer][0, 1:].sum(dim=0)
        assert torch.allclose(torch.tensor(f.hidden_sums[layer]), expected, atol=1e-3, rtol=1e-4)


def test_a_layer_the_model_has_not_is_a_usage_error(scorer) -> None:  # type: ignore[no-untyped-def]
    """``pool_layers=(99,)`` raised a bare ValueError, where the library's other call
    mistakes are MtauditErrors a caller can catch as one."""
    from audits.errors import UsageError

    states = scorer.model.config.num_hidden_layers + 1
    with pytest.raises(UsageError) as caught:
        scorer.score([ScoreRequest("The talks ended.")], pool_layers=(99,))
    # A ValueError still, as it was: a caller that caught one must not miss it now.
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == (
        f"pool_layers: layer 99 is out of range (the model has {states} states: "
        f"0 to {states - 1}, or -{states} to -1 counted from the last)"
    )


@pytest.mark.parametrize(
    ("layers", "says"),
    [
        ((1.5,), "pool_layers: layer 1.5 is not a layer number"),
        (("1",), "pool_layers: layer '1' is not a layer number"),
        ((True,), "pool_layers: layer True is not a layer number"),
        (5, "pool_layers takes a sequence of layer numbers such as (-1, 15), not 5"),
        (0, "pool_layers takes a sequence of layer numbers such as (-1, 15), not 0"),
        (15.0, "pool_layers takes a sequence of layer numbers such as (-1, 15), not 15.0"),
        (b"\x0f", "pool_layers takes a sequence of layer numbers such as (-1, 15), not b'\\x0f'"),
    ],
)
def test_a_layer_that_is_no_whole_number_is_a_usage_error(  # type: ignore[no-untyped-def]
    scorer, layers: object, says: str
) -> None:
    """1.5 and "1" raised a TypeError from inside the scorer, True came back keyed
    True, a bare 5 was "'int' object is not iterable" and a bare 0 asked for nothing."""
    from audits.errors import UsageError

    with pytest.raises(UsageError) as caught:
        scorer.score([ScoreRequest("The talks ended.")], pool_layers=layers)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith(says)


@pytest.mark.parametrize(
    ("requests", "says"),
    [
        (["It was cold."], "requests[0] is a str, not an audits.lm.ScoreRequest"),
        ("It was cold.", "score takes a list of audits.lm.ScoreRequest, not str"),
        (
            iter([ScoreRequest("It was cold.")]),
            "score takes a list of audits.lm.ScoreRequest, not list_iterator",
        ),
        (None, "score takes a list of audits.lm.ScoreRequest, not NoneType"),
        ([ScoreRequest(None)], "requests[0]: ScoreRequest.text must be a str, not NoneType"),  # type: ignore[arg-type]
        (
            [ScoreRequest("It was cold.", context=None)],  # type: ignore[arg-type]
            "requests[0]: ScoreRequest.context must be a str, not NoneType",
        ),
    ],
)
def test_requests_that_are_no_score_requests_are_a_usage_error(  # type: ignore[no-untyped-def]
    scorer, requests: object, says: str
) -> None:
    """A list of strings failed with "'str' object has no attribute 'context'" and a
    ScoreRequest(None) with "'NoneType' object has no attribute 'encode'": no
    MtauditError, as README's Library use says a call's mistakes are."""
    from audits.errors import UsageError

    with pytest.raises(UsageError, match=f"^{re.escape(says)}"):
        scorer.score(requests)


def test_hidden_sums_come_back_from_the_cache(scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    request = [ScoreRequest("The talks ended without a breakthrough.")]
    first = _twin(scorer, cache=ScoreCache(tmp_path / "s.sqlite3"))
    (a,) = first.score(request, pool_layers=(-1,))
    second = _twin(scorer, cache=ScoreCache(tmp_path / "s.sqlite3"))
    (b,) = second.score(request, pool_layers=(-1,))
    assert second.scored == 0
    key = scorer.model.config.num_hidden_layers
    assert b.hidden_sums[key] == pytest.approx(a.hidden_sums[key], abs=1e-5)


def test_describe_records_model_dtype_and_calibration(scorer) -> None:  # type: ignore[no-untyped-def]
    described = scorer.describe()
    assert described["model"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert described["dtype"] in ("fp32", "bf16") and described["dtype_reason"]
    assert described["start_token"] == "<|endoftext|>"
    assert described["weights"].startswith("sha256:")
    assert described["calibration"]["status"] == "calibrated"
    assert described["threads"] >= 1


SEED_TARGETS = {
    "C3": "intense diplomatic ballet show",
    "C5": "before even escorting reporters from the conference room",
    "M1": "a military attack by Ukraine",
    "M2": "specializes in QUB Radio",
    "M3": "We will try to change your tone to the Americans",
}


@pytest.fixture(scope="module")
def seed_ranks(scorer) -> tuple[dict[str, int], int, int]:  # type: ignore[no-untyped-def]
    """Rank (0 = least fluent) of the sentence holding each expert-flagged span, the
    rank of the opening sentence, and the number of sentences."""
    from audits.engine import prepare
    from audits.lm.context import score_contexts
    from tests.conftest import SEED

    ctx = prepare(_seed_document(SEED.read_text(encoding="utf-8")), AuditConfig())
    (fluency,) = score_contexts(scorer, [ctx], AuditConfig())
    ranked = sorted(fluency, key=lambda i: fluency[i].score)
    sentences = ctx.segmentation.sentences
    ranks = {}
    for code, quote in SEED_TARGETS.items():
        (holder,) = [s for s in sentences if quote in s.text]
        ranks[code] = ranked.index(holder.index)
    opening = next(s for s in sentences if s.text.startswith("Geneva | Russia"))
    return ranks, ranked.index(opening.index), len(ranked)


def test_seed_garbled_sentences_score_below_the_rest(
    seed_ranks: tuple[dict[str, int], int, int],
) -> None:
    ranks, _, n = seed_ranks
    third = math.ceil(n / 3)
    # The nonsense institution (M2) and the garbled quote (M3) are among the least fluent.
    assert ranks["M2"] < third and ranks["M3"] < third
    # On average the five flagged sentences rank well below the other sentences.
    others = (sum(range(n)) - sum(ranks.values())) / (n - len(ranks))
    assert sum(ranks.values()) / len(ranks) < others - 2


@pytest.mark.xfail(
    strict=True,
    reason="SmolLM2-135M does not see M1 (a meaning inversion: 'attack by Ukraine') or "
    "C3's calque as improbable enough; see README, Fluency",
)
def test_seed_all_flagged_sentences_rank_in_least_fluent_third(
    seed_ranks: tuple[dict[str, int], int, int],
) -> None:
    ranks, opening, n = seed_ranks
    third = math.ceil(n / 3)
    assert all(rank < third for rank in ranks.values()), ranks
    assert opening >= third


def _seed_document(text: str):  # type: ignore[no-untyped-def]
    from audits.document import Document

    return Document(id="seed", text=text, source="seed")


def test_without_calibration_there_is_no_percentile_and_no_f601(scorer) -> None:  # type: ignore[no-untyped-def]
    from audits.engine import analyse, prepare
    from audits.lm.calibration import uncalibrated_note
    from audits.lm.context import score_contexts

    config = AuditConfig(context_sentences=3)  # no stored calibration for this setting
    ctx = prepare(_seed_document(DOCUMENT), config)
    (fluency,) = score_contexts(scorer, [ctx], config)
    assert all(f.percentile is None and not f.low for f in fluency.values())
    ctx.fluency = fluency
    audit = analyse(ctx, frozenset({"F601", "F602"}))
    assert not [f for f in audit.findings if f.code == "F601"]
    note = uncalibrated_note("some/model", 3)
    assert note["status"] == "uncalibrated" and "--context-sentences 3" in note["note"]


def test_a_line_break_inside_a_sentence_is_no_surprising_span() -> None:
    # Forum and e-mail text breaks lines inside sentences; the model finds the
    # newline token unlikely, which said '“” is far less likely here' on an empty span.
    from audits import audit_documents
    from audits.document import Document

    text = (
        "The installer checks every disk it finds. If it sees a controller that it "
        "doesn't recognize (i.e.\nmodern hardware), it aborts.\nThe manual says nothing. "
        "Our team reads every ticket. If a user looks at their paystubs,\nwe might be "
        "able to help!\nDepending on the state, the rules differ."
    )
    (audit,) = audit_documents([Document(id="a", text=text, source="a")], AuditConfig()).documents
    assert len(audit.fluency) == len(audit.sentences)  # every sentence was scored
    spans = [s for f in audit.fluency.values() for s in f.spans]
    assert all(s.text.strip() and s.end > s.start for s in spans)
    assert all(f.text.strip() for f in audit.findings if f.code == "F602")


HEADLINE = "Council scraps plan to close three libraries after public outcry"
HEADLINED_STORY = (
    f"{HEADLINE}\n\n"
    "Plans to shut three branch libraries in Stockport have been dropped after more than "
    "6,000 people signed a petition against the closures.\n\n"
    "tried everything people said above. bled all the rads (took ages, the one in the back "
    "bedroom was basically all air), checked under the boiler for drips, nothing. topped "
    "it back up to 1.5 bar and by the next morning it was down to 0.5 again.\n\n"
    f"{HEADLINE}\n\n"
    "The final budget will be set in February."
)


def test_the_first_sentence_is_placed_among_first_sentences(scorer) -> None:  # type: ignore[no-untyped-def]
    # A document's first sentence is read with nothing before it and is mostly a
    # headline: against every sentence's tables F601 fired on a quarter of the WMT22
    # English originals' first sentences (3.4 % of their other sentences), so it is
    # placed among first sentences. The same line lower down is judged as any sentence.
    from audits.engine import analyse, prepare
    from audits.lm.context import score_contexts

    config = AuditConfig()
    ctx = prepare(_seed_document(HEADLINED_STORY), config)
    (fluency,) = score_contexts(scorer, [ctx], config)
    ctx.fluency = fluency
    first, *rest = ctx.segmentation.sentences
    assert first.text == HEADLINE and fluency[first.index].opening
    assert not any(fluency[s.index].opening for s in rest)
    assert not fluency[first.index].low and fluency[first.index].percentile > 10
    again = next(s for s in rest if s.text == HEADLINE)
    assert fluency[again.index].low
    audit = analyse(ctx, frozenset({"F601"}))
    flagged = [f for f in audit.findings if f.code == "F601"]
    assert [f.start for f in flagged if f.text == HEADLINE] == [again.start]
    assert any(f.text.startswith("tried everything") for f in flagged)


def test_threads_sharing_a_scorer_count_every_sentence_and_token(scorer) -> None:  # type: ignore[no-untyped-def]
    """One scorer may be shared by threads, but its counters were read, added to and
    written back unlocked: a thread that read ``tokens_scored`` before another wrote
    it lost that thread's tokens (and the auto kernel's threshold counts them). The
    GIL makes the clash rare, so each thread here gives the others the interpreter
    between any two instructions of the scorer's own code."""
    import threading
    import time

    import audits.lm.transformer

    eager = ScorerSettings(kernel="eager")
    sentence = ScoreRequest("The council approved the new budget on Tuesday.")
    alone = _twin(scorer, settings=eager)
    alone.raw_scores([sentence])
    shared = _twin(scorer, settings=eager)
    threads, empties = 4, 10
    ready = threading.Barrier(threads)
    own_code = audits.lm.transformer.__file__

    def each_instruction(frame, event, arg):  # type: ignore[no-untyped-def]
        if event == "opcode":
            time.sleep(0)  # lets another thread run here
        return each_instruction

    def in_the_scorer(frame, event, arg):  # type: ignore[no-untyped-def]
        if frame.f_code.co_filename != own_code:
            return None
        frame.f_trace_opcodes = True
        return each_instruction

    def work() -> None:
        ready.wait()
        shared.raw_scores([sentence])
        for _ in range(empties):
            shared.raw_scores([ScoreRequest("")])  # counted, with no model pass
        shared.raw_scores([sentence])

    threading.settrace(in_the_scorer)
    try:
        started = [threading.Thread(target=work) for _ in range(threads)]
        for thread in started:
            thread.start()
        for thread in started:
            thread.join()
    finally:
        threading.settrace(None)  # type: ignore[arg-type]
    assert shared.tokens_scored == threads * 2 * alone.tokens_scored > 0
    assert shared.scored == threads * (2 + empties)
    assert shared.cache_hits == 0


def test_the_score_cache_is_keyed_by_device_type_and_dtype_not_device_index(scorer) -> None:  # type: ignore[no-untyped-def]
    # A cpu's and a GPU's kernels (and bf16 against fp32) give scores that differ in the
    # last places, so a cache shared between them would mix two sets of numbers; two
    # GPUs run the same kernels, and cuda:1 rescoring what cuda:0 cached would only cost.
    from dataclasses import replace

    def key(device: str, dtype: str) -> str:
        loaded = replace(scorer.loaded, device=device, dtype=dtype)
        return TransformersScorer(loaded, scorer.settings, stats=scorer.stats).fingerprint

    assert key("cuda:0", "bf16") == key("cuda:1", "bf16") == key("cuda", "bf16")
    assert key("cpu", "bf16") != key("cuda:0", "bf16")
    assert key("cuda:0", "fp32") != key("cuda:0", "bf16")
    assert key("cpu", "fp32") != key("cpu", "bf16")


def test_a_scorer_runs_torch_on_every_usable_core_unless_told_a_count(
    lm_cache_dir: Path,
) -> None:
    """The local engine's scorer uses every core this process may run on; a caller that
    owns fewer (a Ray worker given one CPU) loads it with ``threads`` and gets that many
    torch threads, which set the OpenMP/MKL pools under it too."""
    import torch

    from audits.lm import load_scorer
    from audits.lm.hardware import usable_cores

    # A count other than the default, or the test proves nothing: under `make test`
    # an xdist worker has a share of the cores (conftest.share_cores_among_workers),
    # one of them on two cores, so the told count is then more than the default.
    other = 1 if usable_cores() > 1 else 2
    before = torch.get_num_threads()
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    try:
        told = load_scorer(config, threads=other)
        assert told.describe()["threads"] == torch.get_num_threads() == other
        # On every core of the run, not the share: a default of one thread would
        # otherwise pass on a worker pinned to one core.
        with every_core_of_the_run():
            local = load_scorer(config)
            assert local.describe()["threads"] == torch.get_num_threads() == usable_cores()
    finally:
        torch.set_num_threads(before)


def test_a_kept_scorer_runs_on_the_count_it_describes_after_another_was_loaded(
    lm_cache_dir: Path,
) -> None:
    """Torch's thread count is the process's, and loading a scorer sets it: a scorer
    kept from before (the process scorer audit_documents reuses) went on scoring on
    the later scorer's count while its describe(), and so a report's
    signature.lm.threads, still gave its own. Each scorer sets its count to score."""
    import torch

    from audits.lm import load_scorer

    before = torch.get_num_threads()
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    seen: list[int] = []
    try:
        kept = load_scorer(config, threads=2)
        one = load_scorer(config, threads=1)
        # Both scorers share the loaded model: its embeddings run first in every
        # forward pass, on the thread count torch then has.
        hook = kept.model.get_input_embeddings().register_forward_pre_hook(
            lambda *_: seen.append(torch.get_num_threads())
        )
        try:
            kept.score(_requests())
            kept_saw, seen[:] = list(seen), []
            one.score(_requests())
        finally:
            hook.remove()
        assert set(kept_saw) == {kept.describe()["threads"]} == {2}
        assert set(seen) == {one.describe()["threads"]} == {1}
    finally:
        torch.set_num_threads(before)


def test_the_batching_test_scores_on_two_threads_or_more_on_every_core(scorer) -> None:  # type: ignore[no-untyped-def]
    """The session's scorer may have one core (conftest.share_cores_among_workers)."""
    import torch

    seen: dict[str, object] = {}

    @scoring_on_every_core_of_the_run
    def probe(scorer: TransformersScorer) -> None:
        scorer.score(_requests()[:1])
        seen.update(
            threads=scorer.describe()["threads"],
            torch=torch.get_num_threads(),
            cores=os.sched_getaffinity(0),
        )

    own, before = os.sched_getaffinity(0), torch.get_num_threads()
    probe(scorer=scorer)
    cores = conftest.RUN_CORES.get("cores", own)
    threads = max(2, len(cores))
    assert seen == {"threads": threads, "torch": threads, "cores": cores}
    assert (os.sched_getaffinity(0), torch.get_num_threads()) == (own, before)
    batching = test_scores_are_deterministic_and_independent_of_batching
    assert getattr(batching, "scores_on_every_core_of_the_run", False)


@pytest.mark.parametrize("threads", [0, -3])
def test_a_thread_count_below_one_is_a_usage_error(lm_cache_dir: Path, threads: int) -> None:
    """0 read as "unset" and gave every core; a negative count reached torch, whose
    RuntimeError named none of load_scorer's arguments. Both are one clear line."""
    import torch

    from audits.errors import UsageError
    from audits.lm import load_scorer

    before = torch.get_num_threads()
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    try:
        with pytest.raises(UsageError, match=rf"^threads: {threads} is not a thread count"):
            load_scorer(config, threads=threads)
    finally:
        torch.set_num_threads(before)


@pytest.mark.parametrize(("threads", "shown"), [(1.5, "1.5"), ("2", "'2'"), (True, "True")])
def test_a_thread_count_that_is_no_whole_number_is_a_usage_error(
    lm_cache_dir: Path, threads: object, shown: str
) -> None:
    """1.5 and True reached torch.set_num_threads (a RuntimeError) and "2" failed the
    comparison with 1 (a TypeError): neither an MtauditError nor a line that names
    the argument. A bool is refused too, though Python counts True as 1."""
    import torch

    from audits.errors import UsageError
    from audits.lm import load_scorer

    before = torch.get_num_threads()
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    try:
        with pytest.raises(
            UsageError, match=rf"^threads: {re.escape(shown)} is not a thread count"
        ):
            load_scorer(config, threads=threads)  # type: ignore[arg-type]
    finally:
        torch.set_num_threads(before)


def test_a_numpy_integer_thread_count_is_taken(lm_cache_dir: Path) -> None:
    """np.int64(2) loaded on 2 threads before threads were checked, and pool_layers
    takes numpy integers too; the check refused it as "not a thread count"."""
    import numpy as np
    import torch

    from audits.lm import load_scorer

    before = torch.get_num_threads()
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    try:
        scorer = load_scorer(config, threads=np.int64(2))  # type: ignore[arg-type]
        assert scorer.describe()["threads"] == 2
        assert type(scorer.describe()["threads"]) is int
    finally:
        torch.set_num_threads(before)
