"""Building a scorer from an AuditConfig: pick the dtype, load the model, open the
score cache, and find the model's calibration."""

from __future__ import annotations

import operator

from audits.config import AuditConfig
from audits.errors import UsageError
from audits.lm import loading
from audits.lm.calibration import DEFAULT_SURPRISE_THRESHOLD, find_calibration, uncalibrated_note
from audits.lm.hardware import choose_dtype, usable_cores
from audits.lm.loading import load_model
from audits.lm.paths import cache_root
from audits.lm.preflight import model_file, model_spec
from audits.lm.score_cache import open_cache
from audits.lm.stats import FluencyStats
from audits.lm.transformer import ScorerSettings, TransformersScorer


def process_scorer(config: AuditConfig) -> TransformersScorer:
    """The scorer ``config`` asks for, built once per process and shared (a scorer is
    thread-safe): what ``audit_document`` uses when given none. Built again when the
    settings that make it or the weights' files change; with
    ``keep_loaded_model(False)``, a new one each call, kept by no one."""
    if not loading.keeps_models():
        return build_scorer(config)
    # The key is made under the lock, and again after a build: a hub id has no
    # snapshot to name it until its first build downloads one, so a key made
    # before it (by this call, or by a thread waiting on the lock) named no later
    # call's key, and the next call built a second scorer.
    with loading.PROCESS_SCORER_LOCK:
        scorer = loading.PROCESS_SCORER.get(_scorer_key(config))
        if scorer is None:
            # Dropped before the build: kept through it, the old scorer's model and
            # the new one were both in memory while the new one loaded.
            loading.PROCESS_SCORER.clear()
            scorer = build_scorer(config)
            # Asked again under the lock: a keep_loaded_model(False) that ran between
            # the first look and the lock left this scorer, and its model, kept.
            if loading.keeps_models():
                loading.PROCESS_SCORER[_scorer_key(config)] = scorer
        return scorer


def _scorer_key(config: AuditConfig) -> tuple[object, ...]:
    """What builds the process scorer: its settings and the weights' files as they are."""
    root = cache_root(config.resolved_path("cache_dir"))
    dtype, _ = choose_dtype(config.dtype, config.device)
    spec = model_spec(config)
    return (
        spec,
        str(model_file(config)),
        config.device,
        dtype,
        str(root),
        config.context_sentences,
        config.fluency_percentile,
        config.batch_size,
        config.lm_kernel,
        config.cache,
        loading._weights_key(spec, config.device, dtype, root),
    )


def _thread_count(threads: int) -> int:
    # Checked before the load: 0 read as "unset" gave every core, and a negative
    # count, 1.5 or True reached torch, whose RuntimeError names none of mtaudit's
    # arguments ("2" failed the comparison with a TypeError). operator.index takes
    # numpy's integers, as pool_layers does.
    try:
        if isinstance(threads, bool):
            raise TypeError
        count = operator.index(threads)
    except TypeError:
        count = 0
    if count < 1:
        raise UsageError(
            f"threads: {threads!r} is not a thread count (give 1 or more, or leave it "
            "unset for every usable core)"
        )
    return count


def build_scorer(config: AuditConfig, threads: int | None = None) -> TransformersScorer:
    """The scorer ``config`` asks for, its torch on ``threads`` threads (every usable
    core unless told: a Ray worker is told the CPUs Ray gave it)."""
    if threads is not None:
        threads = _thread_count(threads)
    root = cache_root(config.resolved_path("cache_dir"))
    dtype, reason = choose_dtype(config.dtype, config.device)
    loaded = load_model(model_spec(config), config.device, dtype, root, as_file=model_file(config))
    stats = FluencyStats()
    calibration = find_calibration(
        loaded.model_id, loaded.weights, config.context_sentences, stats.method.name
    )
    if calibration is not None:
        stats.surprise_threshold = calibration.surprise_threshold(config.fluency_percentile)
        stats.opening_surprise_threshold = calibration.for_sentence(
            opening=True
        ).surprise_threshold(config.fluency_percentile)
        described = calibration.describe(config.fluency_percentile)
    else:
        stats.surprise_threshold = DEFAULT_SURPRISE_THRESHOLD
        described = uncalibrated_note(loaded.model_id, config.context_sentences)
    settings = ScorerSettings(
        batch_size=config.batch_size,
        threads=usable_cores() if threads is None else threads,
        kernel=config.lm_kernel,
        kernel_dir=root,
    )
    extra = {
        "dtype_reason": reason,
        "score_method": stats.method.name,
        "context_sentences": config.context_sentences,
        "calibration": described,
    }
    cache = open_cache(root) if config.cache else None
    return TransformersScorer(loaded, settings, cache=cache, stats=stats, extra=extra)
