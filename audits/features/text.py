"""Document features from the text alone: translationese markers that survive a change
of topic.

Every feature is a rate, a share or a spread, so it does not grow with document length,
and none of them looks at which content words a document uses: sentence-length shape,
lexical variety, function-word and connective rates, punctuation and number formatting,
the small errors people make and machines do not, script residue and repetition.
Names carry their group as a prefix (``len.``, ``lex.``, ``fw.``, ``conn.``, ``punct.``,
``num.``, ``err.``, ``script.``, ``rep.``), which the fit uses for its ablations.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

from audits.features.markers import WORD_CLASSES, Markers, load_markers
from audits.features.tokens import vocabulary_counts, words
from audits.thousands import count_groupings

MATTR_WINDOW = 50
TTR_SPAN = 200
SHORT_SENTENCE = 8
LONG_SENTENCE = 30

_TERMINAL_END = re.compile(r"[.!?…)\"'»”’:;]$")
_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|get|gets|got|gotten)\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|made|done|given|taken|seen|known|shown|held|built|found|told|said|paid|"
    r"sent|kept|left|brought|bought|caught|taught|thought|written|spoken|chosen|driven|"
    r"broken|stolen|born|put|set|cut|hit|hurt|led|met|run|won|lost|sold|spent|struck)\b",
    re.IGNORECASE,
)
_THERE_IS = re.compile(r"\bthere\s+(?:is|are|was|were|has been|have been|will be)\b", re.I)
# French typesetting's space before one of ; : ! ? ("Pourquoi ?", "Attention :"); a
# space between digits is a ratio, score or time ("3 : 1", "18 : 30"), not typography.
_SPACE_BEFORE = re.compile(
    r"(?:[^\W\d]|\d(?![ \t\u00a0\u202f\u2009]+[;:!?][ \t\u00a0]*\d))"
    r"[ \t\u00a0\u202f\u2009]+[;:!?](?=[\s\"'”’»]|$)"
)
_MISSING_SPACE = re.compile(r"[a-z][,;:!?][A-Za-z]|[a-z]\.[A-Z][a-z]")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,])")
_COMMA_THOUSANDS = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_PERCENT_SPACE = re.compile(r"\d %")
_PERCENT = re.compile(r"\d\s?%|\bper ?cent\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_FULLWIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
_NON_ASCII_LATIN = re.compile(r"[À-ɏḀ-ỿ]")
_ANGLE_QUOTES = re.compile(r"[«»‹›]")
_LOW9_QUOTES = re.compile(r"[„‚]")
_DASH_SPACED = re.compile(r"\s[-–—]\s")
# A comma followed by a new subject: a run-on sentence, typical of sentence-faithful MT
# from languages that chain clauses with commas (zh, ja, ru).
_COMMA_SPLICE = re.compile(
    r",\s+(?:i|he|she|we|they|it|you|this|that|there)\s+(?!who\b|which\b|that\b)[a-z]+",
    re.I,
)
# A quote opened before a capitalised word inside a sentence: a title or name put in
# quotes, as Chinese 《》 and Russian «» are carried over.
_QUOTED_CAP = re.compile(r"\w\s+[\"«„“]\s?[A-Z]")
_PAST = re.compile(r"\b(?:was|were|had|did|said|told|went|came|made|took|got|\w{3,}ed)\b", re.I)
_PRESENT = re.compile(r"\b(?:is|are|am|has|have|does|do|says|tells|\w{3,}s)\b")
_FUTURE = re.compile(r"\b(?:will|shall|'ll|going to)\b", re.I)


def sentences_of(text: str) -> list[str]:
    from audits.segment import segment

    return [s.text for s in segment(text).sentences]


TEXT_GROUPS = ("len", "lex", "fw", "conn", "punct", "num", "err", "script", "rep", "cons")


def text_features(
    text: str,
    sentences: Sequence[str] | None = None,
    markers: Markers | None = None,
    groups: Collection[str] = TEXT_GROUPS,
) -> dict[str, float]:
    """Topic-robust document features; ``sentences`` defaults to the engine's segmentation.
    ``groups``: the feature groups to compute (a fitted model names the ones it reads)."""
    return DocumentText(text, sentences, markers).features(groups)


class DocumentText:
    """One document's words, split once for every feature group and every caller that
    reads them: the verdict computes the groups its model reads, and the source-language
    classifier then all of them, so each group is computed at most once a document.
    Everything is computed on first use."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[str] | None = None,
        markers: Markers | None = None,
        doc_word_count: int | None = None,
    ) -> None:
        self.text = text
        self._sentences = sentences
        self.markers = markers or load_markers()
        self._groups: dict[str, dict[str, float]] = {}
        self._doc_word_count = doc_word_count

    @functools.cached_property
    def sents(self) -> list[str]:
        given = self._sentences if self._sentences is not None else sentences_of(self.text)
        return [s for s in given if s.strip()] or [self.text]

    @functools.cached_property
    def sent_words(self) -> list[list[str]]:
        return [words(s) for s in self.sents]

    @functools.cached_property
    def all_words(self) -> list[str]:
        return [w for ws in self.sent_words for w in ws]

    @functools.cached_property
    def lower(self) -> list[str]:
        return [w.lower() for w in self.all_words]

    @property
    def n_words(self) -> int:
        return max(len(self.all_words), 1)

    @property
    def doc_word_count(self) -> int:
        """``len(words(text))``, given by the caller when it has counted them (not always
        the sentences' words: a sentence cut inside an over-long run of letters splits a
        word in two)."""
        if self._doc_word_count is None:
            self._doc_word_count = len(words(self.text))
        return self._doc_word_count

    def features(self, groups: Collection[str] = TEXT_GROUPS) -> dict[str, float]:
        feats: dict[str, float] = {}
        for group in groups:
            found = self._groups.get(group)
            if found is None:
                found = self._groups[group] = self._compute(group)
            feats.update(found)
        return feats

    def _compute(self, group: str) -> dict[str, float]:
        text, sents, sent_words = self.text, self.sents, self.sent_words
        all_words, lower, n_words, markers = self.all_words, self.lower, self.n_words, self.markers
        if group == "len":
            return _length_features(sent_words) | {"len.n_sentences_log": math.log(len(sents))}
        if group == "lex":
            return _lexical_features(lower, markers)
        if group == "fw":
            return _function_features(text, sents, lower, n_words, markers)
        if group == "conn":
            return _connective_features(sent_words, lower, n_words, markers)
        if group == "punct":
            return _punctuation_features(text, sents, n_words)
        if group == "num":
            return _number_features(text, n_words)
        if group == "err":
            return _error_features(sents, sent_words, all_words, n_words)
        if group == "script":
            return _script_features(text, all_words, n_words)
        if group == "rep":
            return _repetition_features(sent_words, lower, markers)
        if group == "cons":
            return _consistency_features(sents)
        raise KeyError(group)


def ngram_rates(
    sentences: Sequence[str], vocabulary: Sequence[str], markers: Markers | None = None
) -> dict[str, float]:
    """Rates (per 100 masked tokens) of the given masked n-grams, keyed ``ng.<gram>``."""
    markers = markers or load_markers()
    counts, total = vocabulary_counts(sentences, markers.function_words, vocabulary)
    scale = 100.0 / max(total, 1)
    return {key: count * scale for key, count in zip(_rate_keys(vocabulary), counts, strict=True)}


def _rate_keys(vocabulary: Sequence[str]) -> Sequence[str]:
    if isinstance(vocabulary, tuple):
        return _rate_keys_cached(vocabulary)
    return [f"ng.{g}" for g in vocabulary]


@functools.lru_cache(maxsize=8)
def _rate_keys_cached(vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    """The feature names of a model's vocabulary, spelt once (300 f-strings a document)."""
    return tuple(f"ng.{g}" for g in vocabulary)


def _stats(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    if n == 0:
        return 0.0, 0.0
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / n
    return mean, math.sqrt(var)


def _quantile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def _length_features(sent_words: list[list[str]]) -> dict[str, float]:
    lengths = [float(len(ws)) for ws in sent_words]
    mean, std = _stats(lengths)
    n = len(lengths)
    if n > 2:
        a, b = lengths[:-1], lengths[1:]
        ma, sa = _stats(a)
        mb, sb = _stats(b)
        cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True)) / len(a)
        lag1 = cov / (sa * sb) if sa > 0 and sb > 0 else 0.0
    else:
        lag1 = 0.0
    adj = (
        sum(abs(lengths[i] - lengths[i - 1]) for i in range(1, n)) / (n - 1) / max(mean, 1.0)
        if n > 1
        else 0.0
    )
    chars = [len(w) for ws in sent_words for w in ws]
    return {
        "len.mean_words": mean,
        "len.std_words": std,
        "len.cv": std / mean if mean else 0.0,
        "len.p10": _quantile(lengths, 0.1),
        "len.p90": _quantile(lengths, 0.9),
        "len.short_share": sum(1 for x in lengths if x < SHORT_SENTENCE) / n,
        "len.long_share": sum(1 for x in lengths if x > LONG_SENTENCE) / n,
        "len.lag1_corr": lag1,
        "len.adjacent_change": adj,
        "len.word_chars": sum(chars) / len(chars) if chars else 0.0,
    }


def mattr(items: Sequence[str], window: int = MATTR_WINDOW) -> float:
    """Moving-average type-token ratio: length-independent lexical variety."""
    n = len(items)
    if n == 0:
        return 0.0
    if n <= window:
        return len(set(items)) / n
    counts: Counter[str] = Counter(items[:window])
    total = len(counts)
    acc = total
    for i in range(window, n):
        out, new = items[i - window], items[i]
        counts[out] -= 1
        if counts[out] == 0:
            del counts[out]
            total -= 1
        if counts[new] == 0:
            total += 1
        counts[new] += 1
        acc += total
    return acc / (n - window + 1) / window


@functools.lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency in English; cached, as news repeats its words."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _lexical_features(lower: list[str], markers: Markers) -> dict[str, float]:
    content = [w for w in lower if w not in markers.function_words]
    head = content[:TTR_SPAN]
    counts = Counter(head)
    hapax = sum(1 for c in counts.values() if c == 1)
    zipfs = [zipf(w) for w in content[:TTR_SPAN]]
    return {
        "lex.mattr": mattr(lower),
        "lex.content_mattr": mattr(content),
        "lex.content_ttr": len(counts) / len(head) if head else 0.0,
        "lex.hapax_share": hapax / len(counts) if counts else 0.0,
        "lex.density": len(content) / max(len(lower), 1),
        "lex.long_word_share": sum(1 for w in lower if len(w) >= 8) / max(len(lower), 1),
        "lex.zipf_mean": sum(zipfs) / len(zipfs) if zipfs else 0.0,
        "lex.rare_share": sum(1 for z in zipfs if z < 3.0) / len(zipfs) if zipfs else 0.0,
    }


def _function_features(
    text: str, sents: list[str], lower: list[str], n_words: int, markers: Markers
) -> dict[str, float]:
    feats: dict[str, float] = {}
    counts = Counter(lower)
    for name in WORD_CLASSES:
        # get(): a Counter's [] calls __missing__ in Python for every absent word
        hits = sum(map(counts.get, markers.word_sets[name], itertools.repeat(0)))
        feats[f"fw.{name}"] = hits / n_words
    feats["fw.share"] = sum(c for w, c in counts.items() if w in markers.function_words) / n_words
    feats["fw.of"] = counts["of"] / n_words
    feats["fw.that"] = counts["that"] / n_words
    feats["fw.which"] = counts["which"] / n_words
    feats["fw.the_per_article"] = counts["the"] / max(counts["the"] + counts["a"] + counts["an"], 1)
    n_sents = len(sents)
    feats["fw.passive"] = sum(len(_PASSIVE.findall(s)) for s in sents) / n_sents
    feats["fw.there_is"] = sum(len(_THERE_IS.findall(s)) for s in sents) / n_sents
    suffixes = markers.nominal_suffixes
    feats["fw.nominal"] = sum(1 for w in lower if len(w) >= 7 and w.endswith(suffixes)) / n_words
    contr = 0
    for w in lower:
        if "'" in w or "’" in w:
            tail = "'" + re.split(r"['’]", w, maxsplit=1)[1]
            if tail in markers.contractions or w.endswith(("n't", "n’t")):
                contr += 1
    feats["fw.contractions"] = contr / n_words
    return feats


def _phrase_hits(lower: list[str], phrases: tuple[tuple[str, ...], ...]) -> int:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        by_first.setdefault(p[0], []).append(p)
    hits = 0
    for i, w in enumerate(lower):
        for p in by_first.get(w, ()):
            if tuple(lower[i : i + len(p)]) == p:
                hits += 1
                break
    return hits


def _connective_features(
    sent_words: list[list[str]], lower: list[str], n_words: int, markers: Markers
) -> dict[str, float]:
    openers = 0
    for ws in sent_words:
        head = [w.lower() for w in ws[:4]]
        if any(tuple(head[: len(p)]) == p for p in markers.connectives):
            openers += 1
    return {
        "conn.sentence_openers": openers / len(sent_words),
        "conn.rate": _phrase_hits(lower, markers.connectives) / n_words,
        "conn.explicitation": _phrase_hits(lower, markers.explicitation) / n_words,
        "conn.reporting": _phrase_hits(lower, markers.reporting) / n_words,
    }


def _punctuation_features(text: str, sents: list[str], n_words: int) -> dict[str, float]:
    def rate(chars: str) -> float:
        return sum(text.count(c) for c in chars) / n_words

    n = len(sents)
    return {
        "punct.comma": rate(","),
        "punct.semicolon": rate(";"),
        "punct.colon": rate(":"),
        "punct.paren": rate("("),
        "punct.quote": rate('"“”'),
        "punct.apostrophe_quote": len(re.findall(r"(?:^|\s)'\w", text)) / n_words,
        "punct.dash_spaced": len(_DASH_SPACED.findall(text)) / n_words,
        "punct.hyphen": len(re.findall(r"\w-\w", text)) / n_words,
        "punct.exclamation": rate("!"),
        "punct.question": rate("?"),
        "punct.ellipsis": text.count("...") / n_words,
        "punct.slash": rate("/"),
        "punct.no_terminal": sum(1 for s in sents if not _TERMINAL_END.search(s.strip())) / n,
        "punct.space_before": len(_SPACE_BEFORE.findall(text)) / n_words,
        "punct.missing_space": len(_MISSING_SPACE.findall(text)) / n_words,
        "punct.angle_quotes": len(_ANGLE_QUOTES.findall(text)) / n_words,
        "punct.low9_quotes": len(_LOW9_QUOTES.findall(text)) / n_words,
        "punct.fullwidth": len(_FULLWIDTH.findall(text)) / n_words,
        "punct.bullet": rate("•·▪"),
        "punct.comma_splice": sum(len(_COMMA_SPLICE.findall(s)) for s in sents) / n,
        "punct.quoted_cap": len(_QUOTED_CAP.findall(text)) / n_words,
    }


def _number_features(text: str, n_words: int) -> dict[str, float]:
    # Thousands grouped with spaces or dots as T105 reads them: not phone numbers,
    # decimals, dates beside counts or identifiers ("01632 960 983", "2.256 seconds").
    grouped = count_groupings(text)
    return {
        "num.rate": len(_NUMBER.findall(text)) / n_words,
        "num.decimal_comma": len(_DECIMAL_COMMA.findall(text)) / n_words,
        "num.comma_thousands": len(_COMMA_THOUSANDS.findall(text)) / n_words,
        "num.space_thousands": grouped.get("space", 0) / n_words,
        "num.dot_thousands": grouped.get("dot", 0) / n_words,
        "num.percent_space": len(_PERCENT_SPACE.findall(text)) / n_words,
        "num.percent": len(_PERCENT.findall(text)) / n_words,
    }


def _error_features(
    sents: list[str], sent_words: list[list[str]], all_words: list[str], n_words: int
) -> dict[str, float]:
    """Slips a person makes and an MT system almost never does."""
    unknown = 0
    for w in all_words:
        # Lowercase ASCII words only: names, acronyms and foreign words are not typos.
        if len(w) >= 3 and w.isascii() and w.isalpha() and w.islower() and zipf(w) == 0.0:
            unknown += 1
    lower_start = 0
    for ws in sent_words:
        if ws and ws[0][0].islower():
            lower_start += 1
    doubled = 0
    for ws in sent_words:
        for a, b in itertools.pairwise(ws):
            if a.lower() == b.lower() and a.isalpha():
                doubled += 1
    caps_inside = sum(1 for ws in sent_words for w in ws[1:] if w[:1].isupper())
    all_caps = sum(1 for w in all_words if len(w) >= 2 and w.isupper())
    i_lower = sum(1 for w in all_words if w == "i")
    return {
        "err.unknown_word": unknown / n_words,
        "err.lower_start": lower_start / len(sent_words),
        "err.doubled_word": doubled / n_words,
        "err.lowercase_i": i_lower / n_words,
        "err.caps_inside": caps_inside / n_words,
        "err.all_caps": all_caps / n_words,
    }


def _script_features(text: str, all_words: list[str], n_words: int) -> dict[str, float]:
    n_chars = max(len(text), 1)
    return {
        "script.diacritic_words": sum(1 for w in all_words if _NON_ASCII_LATIN.search(w)) / n_words,
        "script.cyrillic": len(_CYRILLIC.findall(text)) / n_chars,
        "script.cjk": len(_CJK.findall(text)) / n_chars,
        "script.non_ascii": sum(1 for c in text if ord(c) > 127) / n_chars,
    }


def _repetition_features(
    sent_words: list[list[str]], lower: list[str], markers: Markers
) -> dict[str, float]:
    content = [w for w in lower if w not in markers.function_words][:TTR_SPAN]
    seen: set[str] = set()
    repeats = 0
    for w in content:
        if w in seen:
            repeats += 1
        seen.add(w)
    bigrams = list(itertools.pairwise(content))
    big_counts = Counter(bigrams)
    firsts = [ws[0].lower() for ws in sent_words if ws]
    same_start = sum(1 for a, b in itertools.pairwise(firsts) if a == b)
    return {
        "rep.content_repeat": repeats / len(content) if content else 0.0,
        "rep.bigram_repeat": sum(c - 1 for c in big_counts.values() if c > 1) / len(bigrams)
        if bigrams
        else 0.0,
        "rep.same_opener": same_start / max(len(firsts) - 1, 1),
        "rep.opener_variety": len(set(firsts)) / len(firsts) if firsts else 0.0,
    }


def _consistency_features(sents: list[str]) -> dict[str, float]:
    """A sentence-by-sentence translator does not keep a document's tense and register."""
    tenses: list[str] = []
    for s in sents:
        past = len(_PAST.findall(s))
        present = len(_PRESENT.findall(s))
        future = len(_FUTURE.findall(s))
        best = max(past, present, future)
        if best == 0:
            continue
        tenses.append("past" if past == best else "future" if future == best else "present")
    switches = sum(1 for a, b in itertools.pairwise(tenses) if a != b)
    counts = Counter(tenses)
    n = len(tenses)
    entropy = -sum(c / n * math.log(c / n) for c in counts.values()) if n else 0.0
    return {
        "cons.tense_switch": switches / max(n - 1, 1),
        "cons.tense_entropy": entropy,
        "cons.past_share": counts["past"] / n if n else 0.0,
    }
