"""Word tokens and their topic-free masked form.

Masking keeps what a translator's habits shape (function words, punctuation, the
shape of numbers) and hides what the topic decides: every other word becomes ``<W>``,
a capitalised one inside a sentence ``<CAP>``, a number ``<NUM>``. N-grams over the
masked stream carry syntax and punctuation habits but no topic words.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

# Words (with inner apostrophes and hyphens), numbers in any grouping, then any single
# non-space character (punctuation, symbols, CJK characters).
TOKEN_RE = re.compile(
    r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*"
    r"|\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?"
    r"|\S",
    re.UNICODE,
)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*", re.UNICODE)
NUM_RE = re.compile(r"\d")

W, CAP, NUM, BOS, EOS = "<W>", "<CAP>", "<NUM>", "<S>", "</S>"
_PLAIN = frozenset({W, CAP, BOS, EOS})


def tokens(sentence: str) -> list[str]:
    return TOKEN_RE.findall(sentence)


def words(sentence: str) -> list[str]:
    return WORD_RE.findall(sentence)


# Punctuation kept as itself in the masked stream (a substring test: tokens that reach it
# are single characters).
_KEPT = "\"'«»„“”‘’‚()[]{},.;:!?-–—/…%&*•·"
# Distinct tokens remembered per word list before the memo starts afresh (a bound on
# memory in a long run; news repeats its tokens, so the memo is mostly hits).
_MEMO_MAX = 200_000


def _mask_token(tok: str, function_words: frozenset[str]) -> str:
    """One token's masked form inside a sentence (a capitalised word is ``<CAP>``)."""
    low = tok.lower()
    if low in function_words:
        return low
    if NUM_RE.match(tok):
        return NUM
    if WORD_RE.fullmatch(tok):
        # A capital inside a sentence is a name or a title; at the start it says nothing.
        return CAP if tok[0].isupper() else W
    if tok in _KEPT:
        return tok
    return "<SYM>"


class _MaskMemo(dict[str, str]):
    """token -> ``_mask_token(token)``, filled on first sight: masking is a pure function of
    the token, and looking it up through ``map`` costs a fraction of the regex tests."""

    def __init__(self, function_words: frozenset[str]) -> None:
        super().__init__()
        self.function_words = function_words

    def __missing__(self, tok: str) -> str:
        if len(self) >= _MEMO_MAX:
            self.clear()
        masked = self[tok] = _mask_token(tok, self.function_words)
        return masked


@functools.lru_cache(maxsize=4)
def _memo(function_words: frozenset[str]) -> _MaskMemo:
    return _MaskMemo(function_words)


def mask(sentence_tokens: Sequence[str], function_words: frozenset[str]) -> list[str]:
    """The masked token stream of one sentence, without boundary markers."""
    out = list(map(_memo(function_words).__getitem__, sentence_tokens))
    if out and out[0] == CAP:
        out[0] = W  # the sentence's first word is capitalised whatever it is
    return out


def masked_ngrams(masked: Sequence[str], max_n: int = 3) -> Iterable[str]:
    """N-grams (1..max_n) of a masked sentence with boundary markers; pure <W> runs and
    lone <W>/<CAP> unigrams are skipped, since they only count words."""
    seq = [BOS, *masked, EOS]
    plain = [g in _PLAIN for g in seq]
    # Shifted copies of the sequence give the n-grams in one pass each (hot path).
    out = [g for g, p in zip(seq, plain, strict=True) if not p]
    if max_n >= 2:
        out += [
            f"{a} {b}"
            for a, b, pa, pb in zip(seq, seq[1:], plain, plain[1:], strict=False)
            if not (pa and pb)
        ]
    if max_n >= 3:
        out += [
            f"{a} {b} {c}"
            for a, b, c, pa, pb, pc in zip(
                seq, seq[1:], seq[2:], plain, plain[1:], plain[2:], strict=False
            )
            if not (pa and pb and pc)
        ]
    if max_n > 3:
        for n in range(4, max_n + 1):
            out += [
                " ".join(seq[i : i + n])
                for i in range(len(seq) - n + 1)
                if not all(plain[i : i + n])
            ]
    return out


def ngram_counts(
    sentences: Sequence[str], function_words: frozenset[str], max_n: int = 3
) -> tuple[Counter[str], int]:
    """Masked n-gram counts over a document and the number of tokens they came from."""
    counts: Counter[str] = Counter()
    total = 0
    for s in sentences:
        m = mask(tokens(s), function_words)
        total += len(m)
        counts.update(masked_ngrams(m, max_n))
    return counts, total


def vocabulary_counts(
    sentences: Sequence[str], function_words: frozenset[str], vocabulary: Sequence[str]
) -> tuple[list[int], int]:
    """``ngram_counts(sentences, function_words)``'s count of each n-gram of ``vocabulary``
    (0 for one it never yields), and the number of tokens, without spelling out every
    n-gram of the document: the sentences are masked into one stream with their boundary
    markers, and its windows of 1 to 3 tokens are counted as tuples.

    The one stream also has windows across a sentence boundary, which ``ngram_counts``
    never yields: each holds an end marker followed by a start marker, so a gram with that
    pair counts 0, as does a gram of more than 3 tokens or of plain tokens only."""
    stream: list[str] = []
    total = 0
    for s in sentences:
        masked = mask(TOKEN_RE.findall(s), function_words)
        total += len(masked)
        stream.append(BOS)
        stream.extend(masked)
        stream.append(EOS)
    by_n = (
        Counter(stream),
        Counter(itertools.pairwise(stream)),
        Counter(zip(stream, stream[1:], stream[2:], strict=False)),
    )
    return [by_n[n - 1].get(key, 0) if n else 0 for n, key in _lookup_keys(vocabulary)], total


def _lookup_keys(vocabulary: Sequence[str]) -> Sequence[tuple[int, object]]:
    """Per vocabulary gram: its length n (0 when it can never count) and its key in the
    Counter of n-token windows (the token itself for n = 1, else the tuple)."""
    if isinstance(vocabulary, tuple):
        return _lookup_keys_cached(vocabulary)
    return [_lookup_key(g) for g in vocabulary]


@functools.lru_cache(maxsize=8)
def _lookup_keys_cached(vocabulary: tuple[str, ...]) -> tuple[tuple[int, object], ...]:
    return tuple(_lookup_key(g) for g in vocabulary)


def _lookup_key(gram: str) -> tuple[int, object]:
    parts = tuple(gram.split(" "))
    n = len(parts)
    crosses = any(a == EOS and b == BOS for a, b in itertools.pairwise(parts))
    if n > 3 or all(p in _PLAIN for p in parts) or crosses:
        return 0, None
    return n, parts[0] if n == 1 else parts
