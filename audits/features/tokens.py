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
    for n in range(1, max_n + 1):
        for i in range(len(seq) - n + 1):
            gram = seq[i : i + n]
            if all(g in (W, CAP, BOS, EOS) for g in gram):
                continue
            yield " ".join(gram)


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
