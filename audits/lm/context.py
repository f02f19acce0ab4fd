"""Turning prepared documents into scoring requests, and scores back into documents."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from audits.config import AuditConfig
from audits.document import Sentence, SentenceFluency
from audits.lm.base import Scorer, ScoreRequest
from audits.lm.calibration import find_calibration

if TYPE_CHECKING:
    from audits.detectors.base import DocumentContext

T = TypeVar("T")

# Sentences scored in one pass at most: a pass holds every token score of its
# sentences until they are handed back, so `mtaudit fluency` on a feed holds one
# pass, not the whole run. Big enough that sorting rows by length still packs the
# batches (the scores of a sentence barely depend on its batch's neighbours: see
# the scorer's tests), and audit and fluency split a run the same way, so their
# numbers agree.
CHUNK_SENTENCES = 2048


def requests_for(ctx: DocumentContext, context_sentences: int) -> list[ScoreRequest]:
    """One request per sentence, with up to ``context_sentences`` preceding sentences
    of the same paragraph-free document as context."""
    sentences = ctx.segmentation.sentences
    return sentence_requests(
        sentences, context_sentences, opening_index(ctx.document.text, sentences)
    )


def opening_index(text: str, sentences: Sequence[Sentence]) -> int:
    """The index of the document's opening sentence: its headline, below the site chrome
    a scraped page starts with (the report's title reads the same lines). A page's
    "Awani Review" was placed among English originals' first sentences while its real
    headline was judged against body sentences, after "Complete News World" as context.
    The headline is found by where its line starts, not by its text: one the segmenter
    splits ("Talks in Geneva? Lavrov and Blinken ...") is no one sentence's text. The
    sentence holding that offset is the opening (the first one starting there, unless
    the segmenter ran a chrome line into the headline)."""
    from audits.detectors.scrape import headline_start_under_chrome

    start = headline_start_under_chrome(text)
    if start is None:
        return 0
    return next((i for i, s in enumerate(sentences) if s.end > start), 0)


def sentence_requests(
    sentences: Sequence[Sentence], context_sentences: int, opening: int = 0
) -> list[ScoreRequest]:
    """``opening`` is the index of the opening sentence: it is scored, as the first
    sentences the calibration was fitted on were, with no context, and the chrome
    lines before it are scored as any sentence."""
    out: list[ScoreRequest] = []
    for i, s in enumerate(sentences):
        first = opening if i >= opening else 0
        before = sentences[max(first, i - context_sentences) : i] if context_sentences else []
        context = " ".join(p.text for p in before)
        out.append(
            ScoreRequest(
                text=s.text,
                context=context,
                offset=s.start,
                context_sentences=len(before),
                opening=i == opening,
            )
        )
    return out


def score_contexts(
    scorer: Scorer,
    contexts: Sequence[DocumentContext],
    config: AuditConfig,
    progress: Callable[[str, int, int], None] | None = None,
    pool_layers: Sequence[int] = (),
) -> list[dict[int, SentenceFluency]]:
    """Score every sentence of every document, ``CHUNK_SENTENCES`` at a time.
    ``pool_layers``: hidden-state layers whose per-sentence sums come back too (the
    fitted verdict's probes read them), from the same forward pass."""
    total = sum(len(ctx.segmentation.sentences) for ctx in contexts)
    done = 0
    out: list[dict[int, SentenceFluency]] = []
    for chunk in sentence_chunks(contexts):
        tick = pass_progress(progress, done, total)
        out.extend(score_chunk(scorer, chunk, config, tick, pool_layers))
        done += sum(len(ctx.segmentation.sentences) for ctx in chunk)
    return out


def pass_progress(
    progress: Callable[[str, int, int], None] | None, done: int, total: int
) -> Callable[[str, int, int], None]:
    """A pass's progress as the run's: its fluency count goes on from ``done`` of
    ``total`` sentences; other stages (loading the model) pass through."""

    def tick(stage: str, n: int, of: int) -> None:
        if progress:
            progress(*((stage, done + n, total) if stage == "fluency" else (stage, n, of)))

    return tick


def _sentences_in(ctx: DocumentContext) -> int:
    return len(ctx.segmentation.sentences)


def sentence_chunks(
    items: Iterable[T],
    size: int | None = None,
    sentences_of: Callable[[T], int] | None = None,
) -> Iterator[list[T]]:
    """``items`` (contexts, by default) in runs of whole documents, each closed once it
    holds ``size`` sentences (``CHUNK_SENTENCES``), ``items`` read only as a run
    needs them: how audit and fluency both split a run."""
    size = size or CHUNK_SENTENCES
    count: Callable[[Any], int] = sentences_of or _sentences_in
    chunk: list[T] = []
    held = 0
    for item in items:
        chunk.append(item)
        held += count(item)
        if held >= size:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def score_chunk(
    scorer: Scorer,
    contexts: Sequence[DocumentContext],
    config: AuditConfig,
    progress: Callable[[str, int, int], None] | None = None,
    pool_layers: Sequence[int] = (),
) -> list[dict[int, SentenceFluency]]:
    """Every sentence of ``contexts`` in one batched pass."""
    per_doc = [requests_for(ctx, config.context_sentences) for ctx in contexts]
    flat = [r for reqs in per_doc for r in reqs]
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("fluency", done, len(flat))

    if progress and hasattr(scorer, "building_kernel"):
        # A big first run builds the compiled kernel before any sentence is scored.
        scorer.building_kernel = lambda done: progress("kernel", int(done), 1)
    scores = scorer.score(flat, tick, pool_layers=tuple(pool_layers))
    calibrate(scores, scorer, config)
    for request, fluency in zip(flat, scores, strict=True):
        fluency.context_sentences = request.context_sentences
    out: list[dict[int, SentenceFluency]] = []
    pos = 0
    for ctx, reqs in zip(contexts, per_doc, strict=True):
        chunk = scores[pos : pos + len(reqs)]
        pos += len(reqs)
        out.append({s.index: f for s, f in zip(ctx.segmentation.sentences, chunk, strict=True)})
    return out


def calibrate(scores: Sequence[SentenceFluency], scorer: Scorer, config: AuditConfig) -> None:
    """Place each score among English-original sentences and mark the low ones (F601).
    Without a calibration for this model, percentiles stay None (see calibration.py)."""
    described = scorer.describe()
    calibration = find_calibration(
        str(described.get("model")),
        str(described.get("weights")),
        config.context_sentences,
        described.get("score_method"),
    )
    if calibration is None:
        return
    for f in scores:
        if f.tokens:
            among = calibration.for_sentence(opening=f.opening)
            f.percentile = among.percentile(f.score, f.tokens)
            f.low = f.score < among.threshold(config.fluency_percentile, f.tokens)
