"""Reference-based scores for `mtaudit compare`: sacrebleu's BLEU, chrF and TER, and R rules.

    >>> from audits.reference import compare
    >>> result = compare(["hyp.txt", "ref.txt"])
    >>> result.score("chrf").score, result.score("chrf").signature

Corpus scores come from sacrebleu with the sacrebleu command's defaults, so they
and their signatures are the numbers ``sacrebleu REF -i HYP -m bleu chrf ter``
prints for the same files. Sentence-level chrF, TER and BLEU (with effective
order, as sacrebleu's sentence mode uses) are computed per segment; R701-R703
turn them and the reference's numbers and names into findings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shlex
from collections.abc import Callable, Sequence
from typing import Any

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from audits import __version__
from audits.allow_list import AllowedText
from audits.config import AuditConfig
from audits.document import Finding
from audits.errors import InputError, UsageError, first_line
from audits.lm.base import Scorer, ScoreRequest
from audits.lm.context import calibrate
from audits.reference_align import AlignParams
from audits.reference_inputs import PairedInput, read_pairs
from audits.reference_records import (
    LINES,
    RECORDS,
    SENTENCES,
    Alignment,
    CompareResult,
    CorpusScore,
    MetricSettings,
    Segment,
)
from audits.reference_rules import (
    LOW_CHRF,
    NAME_MISMATCH,
    NUMBER_MISMATCH,
    RULES,
    DocumentLevel,
    document_level,
    low_chrf_finding,
    name_findings,
    number_findings,
    reference_settings,
    without_control_sequences,
)
from audits.rules import check_codes, matches_any, resolve_selection, rule_codes
from audits.signature import describe_allow

SCHEMA = "mtaudit-compare/1"
TOKENIZERS: tuple[str, ...] = tuple(BLEU.TOKENIZERS)

ProgressCallback = Callable[[str, int, int], None]

__all__ = [
    "LINES",
    "RECORDS",
    "SCHEMA",
    "SENTENCES",
    "Alignment",
    "CompareResult",
    "CorpusScore",
    "MetricSettings",
    "Segment",
    "compare",
    "compare_pairs",
    "corpus_scores",
    "gate_reasons",
    "parse_fail_under",
    "score_segments",
]


def compare(
    paths: Sequence[str],
    settings: MetricSettings | None = None,
    *,
    align: str = "auto",
    config: AuditConfig | None = None,
    fluency: bool = False,
    scorer: Scorer | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    stdin: bytes | None = None,
    progress: ProgressCallback | None = None,
) -> CompareResult:
    """Compare HYP with REF [REF...] (or one JSONL file): scores, segments and findings.

    With ``fluency`` the hypothesis is also scored by the language model
    (``scorer``, or ``audits.lm.load_scorer(config)``).
    """
    settings = settings or MetricSettings()
    metrics(settings)  # a bad option fails before any file is read
    if fluency and scorer is None:
        from audits.lm.preflight import check_lm_settings

        check_lm_settings(config or AuditConfig())  # nor a device this machine lacks
    started = _now()
    paired = read_pairs(paths, align=align, align_params=align_params(), stdin=stdin)
    return compare_pairs(
        paired,
        settings,
        config=config,
        fluency=fluency,
        scorer=scorer,
        select=select,
        ignore=ignore,
        progress=progress,
        started=started,
    )


def compare_pairs(
    paired: PairedInput,
    settings: MetricSettings | None = None,
    *,
    config: AuditConfig | None = None,
    fluency: bool = False,
    scorer: Scorer | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    progress: ProgressCallback | None = None,
    started: str | None = None,
) -> CompareResult:
    """Score already-paired segments (see ``audits.reference_inputs``)."""
    settings = settings or MetricSettings()
    config = config or AuditConfig()
    started = started or _now()
    selected = resolve_selection(RULES, select, ignore)
    scored = [s for s in paired.segments if s.aligned]
    if not scored:
        raise InputError(
            paired.hypothesis_source,
            "no segment could be paired with a reference: nothing to score",
        )
    corpus, ter_skipped = score_segments(scored, settings, progress)
    if fluency:
        scorer = scorer if scorer is not None else _load_scorer(config)
        score_fluency(paired, scorer, config, progress)
    levels, findings = reference_findings(paired, selected, config.allow)
    return CompareResult(
        hypothesis_source=paired.hypothesis_source,
        reference_sources=paired.reference_sources,
        hypothesis=paired.hypothesis,
        alignment=paired.alignment,
        settings=settings,
        corpus=corpus,
        segments=paired.segments,
        findings=findings,
        levels=levels,
        signature=signature(
            settings, corpus, selected, paired, scorer if fluency else None, config.allow
        ),
        ter_skipped=ter_skipped,
        started=started,
        finished=_now(),
        warnings=list(paired.warnings),
    )


def _load_scorer(config: AuditConfig) -> Scorer:
    # Imported here so `compare` without --fluency never pays for the LM stack.
    from audits.lm import load_scorer

    return load_scorer(config)


def align_params() -> AlignParams:
    raw = reference_settings()["align"]
    return AlignParams(
        skip_cost=float(raw["skip_cost"]),
        merge_cost=float(raw["merge_cost"]),
        max_order=int(raw["max_order"]),
        band=int(raw["band"]),
    )


# ---------------------------------------------------------------- metrics


def metrics(settings: MetricSettings, *, sentence_bleu: bool = False) -> dict[str, Metric]:
    """sacrebleu metric objects configured as the sacrebleu command would configure them."""
    if settings.tokenize is not None and settings.tokenize not in TOKENIZERS:
        raise UsageError(
            f"unknown tokenizer {settings.tokenize!r}; choose one of {', '.join(TOKENIZERS)}"
        )
    if settings.word_order < 0:
        raise UsageError(f"chrF word order must be 0 or more, not {settings.word_order}")
    try:
        bleu = BLEU(
            lowercase=settings.lowercase,
            tokenize=_sacrebleu_name(settings.tokenize),
            effective_order=sentence_bleu,
        )
    except Exception as exc:  # sacrebleu's optional tokenizers raise their own errors
        raise UsageError(
            f"tokenizer {settings.tokenize!r} is not available here: {_install_hint(exc)}, "
            "or choose another --tokenize"
        ) from exc
    chosen: dict[str, Metric] = {
        "bleu": bleu,
        "chrf": CHRF(word_order=settings.word_order, lowercase=settings.lowercase),
    }
    if settings.ter:
        chosen["ter"] = TER()
    return chosen


def _sacrebleu_name(tokenize: str | None) -> str | None:
    """``spm`` as its new name: the same tokenizer, model file and signature
    (``tok:flores101``), without the notice sacrebleu logs for the old name ("Tokenizer
    'spm' has been changed to 'flores101'"), which came out on stderr among our own
    lines, about a name the user may only have copied from a paper."""
    return "flores101" if tokenize == "spm" else tokenize


def _install_hint(exc: BaseException) -> str:
    """sacrebleu's message as one line: it spreads "please install" and the command over
    several lines, which came out as a paragraph with a lone ")" where one error line
    was meant."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    command = next((line for line in lines if line.startswith("pip install")), None)
    if command:
        return f"install it with `{_shell_quoted(command)}`"
    return f"{first_line(exc)}; install what it needs"


def _shell_quoted(command: str) -> str:
    """sacrebleu writes `pip install sacrebleu[ja]` bare: pasted into zsh, the brackets are
    a glob and the shell answers "no matches found"."""
    try:
        return shlex.join(shlex.split(command))
    except ValueError:  # an unbalanced quote: leave sacrebleu's words as they are
        return command


def _reference_streams(segments: Sequence[Segment]) -> list[list[str | None]]:
    """sacrebleu's layout: one list per reference, each as long as the hypotheses."""
    width = max(len(s.refs) for s in segments)
    return [[s.refs[k] if k < len(s.refs) else None for s in segments] for k in range(width)]


def score_segments(
    segments: Sequence[Segment],
    settings: MetricSettings,
    progress: ProgressCallback | None = None,
) -> tuple[list[CorpusScore], list[int]]:
    """Corpus BLEU, chrF and TER with sacrebleu's signatures; per segment chrF, TER and BLEU.

    chrF and TER are computed once per segment: the corpus score aggregates the
    segments' statistics exactly as ``corpus_score`` does, and each segment's own
    statistics give its sentence score exactly as ``sentence_score`` would (TER's
    shift search is slow enough on long sentences that doing it twice matters).
    Sentence BLEU uses effective order, as sacrebleu's sentence mode does.

    TER leaves out segments longer than ``settings.ter_max_words``; their indices are
    returned beside the scores, and the corpus TER covers the rest (none when no
    segment is left, so no TER score at all).

    The shared statistics come from sacrebleu's internal methods; a sacrebleu without
    them gets the same numbers through its public ``corpus_score`` and
    ``sentence_score`` (computing each segment twice).
    """
    out: list[CorpusScore] = []
    ter_skipped: list[int] = []
    for key, metric in metrics(settings).items():
        chosen = list(segments)
        if key == "ter":
            chosen, skipped = _within_ter_limit(segments, settings.ter_max_words)
            ter_skipped = [s.index for s in skipped]
            if not chosen:
                continue
        if progress:
            progress(f"corpus {key}", 0, 1)
        score, sentence = _score_metric(metric, chosen)
        out.append(_corpus_score(key, metric, score, len(chosen)))
        if key in ("chrf", "ter"):
            for seg, value in zip(chosen, sentence, strict=True):
                setattr(seg, key, float(value))
        if progress:
            progress(f"corpus {key}", 1, 1)
    sentence_bleu = metrics(settings, sentence_bleu=True)["bleu"]
    for seg in segments:
        seg.bleu = float(
            sentence_bleu.sentence_score(seg.hyp, [r for r in seg.refs if r is not None]).score
        )
    return out, ter_skipped


def _within_ter_limit(
    segments: Sequence[Segment], max_words: int
) -> tuple[list[Segment], list[Segment]]:
    """Segments TER scores, and those it leaves out for length (0: no limit)."""
    if max_words <= 0:
        return list(segments), []
    within = [s for s in segments if s.longest_side_words <= max_words]
    over = [s for s in segments if s.longest_side_words > max_words]
    return within, over


def _score_metric(metric: Metric, segments: Sequence[Segment]) -> tuple[Any, list[float]]:
    """The corpus score of these segments and each one's sentence score."""
    hyps = [s.hyp for s in segments]
    refs = _reference_streams(segments)
    if _shares_statistics(metric):
        stats = _statistics(metric, hyps, refs)
        return (
            metric._aggregate_and_compute(stats),
            [metric._aggregate_and_compute([s]).score for s in stats],
        )
    return metric.corpus_score(hyps, refs), [
        metric.sentence_score(s.hyp, [r for r in s.refs if r is not None]).score for s in segments
    ]


def _corpus_score(key: str, metric: Metric, score: Any, segments: int) -> CorpusScore:
    sig = metric.get_signature().format()
    return CorpusScore(
        metric=key,
        name=score.name,
        score=float(score.score),
        signature=sig,
        # The line `sacrebleu -f text` prints (its default width is one decimal).
        formatted=score.format(width=1, signature=sig),
        verbose=getattr(score, "_verbose", None) or None,
        higher_is_better=key != "ter",
        segments=segments,
    )


def _shares_statistics(metric: Metric) -> bool:
    """Whether this sacrebleu has the internal methods the one-pass scoring uses."""
    return all(
        callable(getattr(metric, name, None))
        for name in (
            "_check_corpus_score_args",
            "_extract_corpus_statistics",
            "_aggregate_and_compute",
        )
    )


def _statistics(metric: Metric, hyps: list[str], refs: list[list[str | None]]) -> list[Any]:
    """Per-segment sufficient statistics, after sacrebleu's own argument checks."""
    metric._check_corpus_score_args(hyps, refs)
    return metric._extract_corpus_statistics(hyps, refs)


def corpus_scores(segments: Sequence[Segment], settings: MetricSettings) -> list[CorpusScore]:
    """Corpus scores only, through sacrebleu's public ``corpus_score``."""
    hyps = [s.hyp for s in segments]
    refs = _reference_streams(segments)
    out: list[CorpusScore] = []
    for key, metric in metrics(settings).items():
        score = metric.corpus_score(hyps, refs)
        out.append(_corpus_score(key, metric, score, len(segments)))
    return out


# ---------------------------------------------------------------- fluency


def score_fluency(
    paired: PairedInput,
    scorer: Scorer,
    config: AuditConfig,
    progress: ProgressCallback | None = None,
) -> None:
    """Score each hypothesis segment with the language model, in one batched call."""
    targets = [s for s in paired.segments if s.end > s.start]
    requests: list[ScoreRequest] = []
    previous: dict[str | None, list[str]] = {}
    for seg in targets:
        text = paired.hypothesis[seg.start : seg.end]
        before = previous.setdefault(seg.doc, [])
        kept = before[-config.context_sentences :] if config.context_sentences else []
        requests.append(
            ScoreRequest(
                text=text,
                context=" ".join(kept),
                offset=seg.start,
                context_sentences=len(kept),
                opening=not before,
            )
        )
        before.append(text)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("fluency", done, len(requests))

    scores = scorer.score(requests, tick)
    if len(scores) != len(requests):
        raise RuntimeError(f"the scorer returned {len(scores)} scores for {len(requests)} requests")
    # Percentiles and the low-fluency flag, as `audit` and `fluency` give them.
    calibrate(scores, scorer, config)
    for seg, request, fluency in zip(targets, requests, scores, strict=True):
        fluency.context_sentences = request.context_sentences
        seg.fluency = fluency


# ---------------------------------------------------------------- rules


def reference_findings(
    paired: PairedInput, selected: frozenset[str], allow: Sequence[str] = ()
) -> tuple[list[DocumentLevel], list[Finding]]:
    """R701 per document level, R702 and R703 per segment; ordered by position.

    The allow-list silences what points at a name: an R703, and an R702 on a number
    inside an allowed phrase ("Route 66"). It leaves alone what covers a whole sentence,
    an R701 or an R702 for a number the hypothesis lacks: a low score or an omission is
    no part of the allowed name that the sentence happens to hold."""
    findings: list[Finding] = []
    by_doc: dict[str | None, list[Segment]] = {}
    for seg in paired.segments:
        if seg.scored:
            by_doc.setdefault(seg.doc, []).append(seg)
    levels: list[DocumentLevel] = []
    for doc, segs in by_doc.items():
        level = document_level(doc, [s.chrf for s in segs if s.chrf is not None])
        levels.append(level)
        if LOW_CHRF.code not in selected:
            continue
        for seg in segs:
            assert seg.chrf is not None
            raw = paired.hypothesis[seg.start : seg.end]
            finding = low_chrf_finding(level, seg.chrf, seg.start, seg.end, raw, seg.index)
            if finding:
                findings.append(finding)
    # Numbers and names are read from the text without its control sequences, which
    # keep their places (as spaces): the finding's offsets, and its text, are the
    # hypothesis's own.
    hypothesis = without_control_sequences(paired.hypothesis)
    segment_findings: list[Finding] = []
    for seg in paired.segments:
        if not seg.aligned:
            continue
        raw = hypothesis[seg.start : seg.end]
        # Each segment's own text: the hypothesis joins records and lines with one line
        # break, which a phrase may span, so "Robert" ending one record and "Habek"
        # starting the next (another document, maybe) would make the phrase.
        allowed = AllowedText(allow, raw)
        refs = [without_control_sequences(r) for r in seg.refs if r is not None]
        if NUMBER_MISMATCH.code in selected:
            segment_findings.extend(
                number_findings(raw, seg.start, refs, seg.index, allowed=allowed.span)
            )
        if NAME_MISMATCH.code in selected:
            segment_findings.extend(
                f
                for f in name_findings(raw, seg.start, refs, seg.index)
                if not allowed.span(f.start - seg.start, f.end - seg.start)
            )
    findings += [
        dataclasses.replace(f, text=paired.hypothesis[f.start : f.end]) for f in segment_findings
    ]
    findings.sort(key=lambda f: (f.start, f.end, f.code))
    return levels, findings


# ---------------------------------------------------------------- signature


def signature(
    settings: MetricSettings,
    corpus: Sequence[CorpusScore],
    selected: frozenset[str],
    paired: PairedInput,
    scorer: Scorer | None,
    allow: Sequence[str],
) -> dict[str, Any]:
    """Everything that changes a number in the comparison; the allow-list too, since it
    drops R702s and R703s."""
    raw = reference_settings()
    return {
        "mtaudit": __version__,
        "schema": SCHEMA,
        "sacrebleu": sacrebleu.__version__,
        "metrics": {c.metric: c.signature for c in corpus},
        "sacrebleu_command": ["sacrebleu", "REF...", "-i", "HYP", *settings.sacrebleu_args()],
        "ter_max_words": settings.ter_max_words if settings.ter else None,
        "alignment": paired.alignment.method,
        "align_params": raw["align"] if paired.alignment.method == SENTENCES else None,
        "rules": {
            "selected": sorted(selected),
            "r701": raw["r701"],
            "r703": {k: v for k, v in raw["r703"].items() if k != "derivation_endings"},
        },
        "fluency": scorer.describe() if scorer is not None else None,
        "allow": describe_allow(allow),
    }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- gate

GATE_METRICS = ("bleu", "chrf")


def parse_fail_under(specs: Sequence[str]) -> dict[str, float]:
    """``["chrf=55", "bleu=30"]`` → {"chrf": 55.0, "bleu": 30.0}."""
    out: dict[str, float] = {}
    typed: dict[str, str] = {}
    for spec in specs:
        if not spec.replace(",", "").strip():
            # An unset variable in a CI template: the gate it was meant to set passed all.
            raise UsageError(f"--fail-under: no METRIC=SCORE given ({spec!r}), e.g. chrf=55")
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                # `chrf=55,$BLEU_GATE` with the variable unset: the gate it was meant
                # to set would pass all, as `--fail-on "C,"` is refused for.
                raise UsageError(
                    f"--fail-under: {spec!r} holds an empty METRIC=SCORE (two commas in "
                    "a row, or one at an end); separate them by single commas"
                )
            name, sep, value = part.partition("=")
            name = name.strip().lower()
            try:
                threshold = float(value)
            except ValueError:
                threshold = None
            # NaN would never be "under" any score, so the gate would silently pass.
            if (
                not sep
                or name not in GATE_METRICS
                or threshold is None
                or not 0 <= threshold <= 100
            ):
                raise UsageError(
                    f"--fail-under takes METRIC=SCORE with METRIC bleu or chrf "
                    f"and SCORE from 0 to 100 (e.g. chrf=55), not {part!r}"
                )
            if name in out:
                # The later won: a template's `chrf=90` then a job's `chrf=55` gated at
                # 55 without a word.
                # As typed: `:g` showed chrf=55.00001 and chrf=55.00002 as "55 and 55".
                raise UsageError(
                    f"--fail-under: {name} is given twice ({typed[name]} and "
                    f"{value.strip()}); keep one"
                )
            out[name] = threshold
            typed[name] = value.strip()
    return out


def parse_rule_codes(specs: Sequence[str] | None, flag: str) -> list[str] | None:
    """The codes of ``--select``, ``--ignore`` or ``--fail-on`` (None when not given),
    each of which must name an R rule: a typo such as R720 would otherwise never fire,
    and the gate would always pass."""
    if not specs:
        return None
    check_codes(RULES, specs, flag)
    return rule_codes(specs, flag)


def _under(score: float, threshold: float) -> str:
    """``score`` to one decimal, as the reports show it, or to as many as it takes to
    read as under ``threshold``: chrF 54.96 against 55 said "chrF2 55.0 is under 55"."""
    for places in range(1, 7):
        shown = f"{score:.{places}f}"
        if float(shown) < threshold:
            return shown
    return repr(score)


def gate_reasons(
    result: CompareResult, fail_under: dict[str, float], fail_on: Sequence[str]
) -> list[str]:
    """Why the comparison fails a CI gate (empty: it passes)."""
    reasons: list[str] = []
    for name, threshold in fail_under.items():
        score = result.score(name)
        if score is not None and score.score < threshold:
            reasons.append(f"{score.name} {_under(score.score, threshold)} is under {threshold:g}")
    if fail_on:
        hit = sorted({f.code for f in result.findings if matches_any(f.code, fail_on)})
        if hit:
            reasons.append("findings " + ", ".join(hit))
    return reasons
