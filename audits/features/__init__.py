"""Document features for the fitted verdict: topic-robust text markers and LM statistics.

``text_features`` needs only the text; ``lm_features`` and ``fluency_features`` turn the
language model's outputs (plain arrays) into features. Everything is numpy/stdlib.
"""

from audits.features.lm import (
    POOLINGS,
    SentenceLM,
    fluency_features,
    function_mask_from_spans,
    function_word_mask,
    lm_features,
    pool_sentences,
    unigram_logprob,
)
from audits.features.text import mattr, ngram_rates, sentences_of, text_features

__all__ = [
    "POOLINGS",
    "SentenceLM",
    "fluency_features",
    "function_mask_from_spans",
    "function_word_mask",
    "lm_features",
    "mattr",
    "ngram_rates",
    "pool_sentences",
    "sentences_of",
    "text_features",
    "unigram_logprob",
]
