"""Word tokens and their topic-free masked form.

Masking keeps what a translator's habits shape (function words, punctuation, the
shape of numbers) and hides what the topic decides: every other word becomes ``<W>``,
a capitalised one inside a sentence ``<CAP>``, a number ``<NUM>``. N-grams over the
masked stream carry syntax and punctuation habits but no topic words.
"""

from __future__ import annotations

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


def mask(sentence_tokens: Sequence[str], function_words: frozenset[str]) -> list[str]:
    """The masked token stream of one sentence, without boundary markers."""
    out: list[str] = []
    for i, tok in enumerate(sentence_tokens):
        low = tok.lower()
        if low in function_words:
            out.append(low)
        elif NUM_RE.match(tok):
            out.append(NUM)
        elif WORD_RE.fullmatch(tok):
            # A capital inside a sentence is a name or a title; at the start it says nothing.
            out.append(CAP if i > 0 and tok[0].isupper() else W)
        elif tok in "\"'«»„“”‘’‚()[]{},.;:!?-–—/…%&*•·":
            out.append(tok)
        else:
            out.append("<SYM>")
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
