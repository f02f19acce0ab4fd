"""R rules of `mtaudit compare`: what a reference translation reveals about a hypothesis.

R701 a sentence whose chrF is far below its document's own level, R702 numbers
that differ from the reference, R703 names that differ from the reference.
Each finding points into the hypothesis text with exact offsets.
"""

from __future__ import annotations

import re
import statistics
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, ClassVar

from rapidfuzz.distance import Levenshtein

from audits.document import Finding
from audits.reference_numbers import all_values, find_numbers
from audits.rule_docs.reference import LOW_CHRF, NAME_MISMATCH, NUMBER_MISMATCH, REFERENCE_RULES
from audits.rules import Rule

RULES: tuple[Rule, ...] = REFERENCE_RULES


class ReferenceRules:
    """Holds the R rules for the rule registry (they are not document detectors)."""

    rules: ClassVar[tuple[Rule, ...]] = RULES


@dataclass(frozen=True)
class LowChrfParams:
    k: float
    min_spread: float
    floor: float
    min_segments: int
    min_words: int


@dataclass(frozen=True)
class NameParams:
    min_ratio: float
    min_length: int
    common_zipf: float
    derivation_endings: frozenset[str]
    min_stem: int


@cache
def reference_settings() -> dict[str, Any]:
    """The thresholds in audits/data/reference.toml."""
    text = resources.files("audits").joinpath("data/reference.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def low_chrf_params() -> LowChrfParams:
    raw = reference_settings()["r701"]
    return LowChrfParams(
        k=float(raw["k"]),
        min_spread=float(raw["min_spread"]),
        floor=float(raw["floor"]),
        min_segments=int(raw["min_segments"]),
        min_words=int(raw["min_words"]),
    )


def name_params() -> NameParams:
    raw = reference_settings()["r703"]
    return NameParams(
        min_ratio=float(raw["min_ratio"]),
        min_length=int(raw["min_length"]),
        common_zipf=float(raw["common_zipf"]),
        derivation_endings=frozenset(raw["derivation_endings"]),
        min_stem=int(raw["min_stem"]),
    )


# ---------------------------------------------------------------- R701


@dataclass(frozen=True)
class DocumentLevel:
    """A document's own chrF level and the score under which R701 fires."""

    doc: str | None
    segments: int
    median: float
    mad: float
    threshold: float | None  # None: too few sentences to judge

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "segments": self.segments,
            "median": round(self.median, 4),
            "mad": round(self.mad, 4),
            "threshold": None if self.threshold is None else round(self.threshold, 4),
        }


def document_level(
    doc: str | None, scores: Sequence[float], params: LowChrfParams | None = None
) -> DocumentLevel:
    params = params or low_chrf_params()
    if not scores:
        return DocumentLevel(doc, 0, 0.0, 0.0, None)
    median = statistics.median(scores)
    mad = statistics.median(abs(s - median) for s in scores)
    threshold: float | None = None
    if len(scores) >= params.min_segments:
        spread = max(1.4826 * mad, params.min_spread)
        threshold = min(median - params.k * spread, params.floor)
    return DocumentLevel(doc, len(scores), median, mad, threshold)


def low_chrf_finding(
    level: DocumentLevel,
    chrf: float,
    start: int,
    end: int,
    text: str,
    segment: int,
    params: LowChrfParams | None = None,
) -> Finding | None:
    params = params or low_chrf_params()
    if level.threshold is None or chrf >= level.threshold:
        return None
    if len(text.split()) < params.min_words:
        return None
    return Finding(
        code=LOW_CHRF.code,
        start=start,
        end=end,
        text=text,
        message=(
            f"sentence chrF {chrf:.1f} is far below this document's median {level.median:.1f} "
            f"(flagged under {level.threshold:.1f})"
        ),
        severity=LOW_CHRF.severity,
        sentence=segment,
        strength=0.0,
        evidence={
            "chrf": round(chrf, 4),
            "median": round(level.median, 4),
            "mad": round(level.mad, 4),
            "threshold": round(level.threshold, 4),
        },
    )


# ---------------------------------------------------------------- R702 and R703

# Terminal control sequences (ECMA-48: CSI such as ESC[31m, OSC such as a window title
# or a hyperlink, two-character escapes) and other control characters but tab and line
# ends: a hypothesis captured from a coloured terminal holds them, and their parameters
# are digits and letters (the 31 of ESC[31m was a number of the sentence, the "0m" of
# ESC[0m was 0 million, and the 35 glued after it was lost).
_CONTROL_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


def without_control_sequences(text: str) -> str:
    """``text`` with each control sequence as spaces, one for each character it held,
    so offsets into it are offsets into ``text``."""
    return _CONTROL_SEQUENCE.sub(lambda m: " " * len(m[0]), text)


def number_findings(
    hyp: str,
    offset: int,
    refs: Sequence[str],
    segment: int,
    *,
    allowed: Callable[[int, int], bool] | None = None,
) -> list[Finding]:
    """Numbers of ``hyp`` (found at ``offset`` in the hypothesis) the references lack.

    A number at a span of ``hyp`` that ``allowed`` accepts (inside an allowed name, as
    "Route 66") is never reported, yet still matches the reference's numbers: the
    reference's 737 is not "missing" from "Boeing 737", allowed or not."""
    hyp_numbers = find_numbers(hyp)
    per_ref = [(ref, find_numbers(ref)) for ref in refs]
    ref_numbers = [n for _, numbers in per_ref for n in numbers]
    # References are alternatives: a number one of them leaves out is a translator's
    # choice, so only a number every reference has can be missing from the hypothesis.
    # A blank reference is a gap in the data, not a translation without the number.
    each_ref_values = [all_values(numbers) for ref, numbers in per_ref if ref.strip()]
    ref_values = all_values(ref_numbers)
    hyp_values = all_values(hyp_numbers)
    extra = [
        n
        for n in hyp_numbers
        if not n.spelled
        and not n.matches(ref_values)
        and not (allowed is not None and allowed(n.start, n.end))
    ]
    missing: list[str] = []
    for n in ref_numbers:
        if n.spelled or n.matches(hyp_values) or n.text in missing:
            continue
        if not all(n.matches(values) for values in each_ref_values):
            continue
        missing.append(n.text)
    findings: list[Finding] = []
    for n in extra:
        substitute = missing[0] if len(extra) == 1 and len(missing) == 1 else None
        if substitute:
            message = f"the hypothesis has {n.text} where the reference has {substitute}"
        elif ref_numbers:
            shown = ", ".join(dict.fromkeys(r.text for r in ref_numbers))
            message = f"{n.text} is not in the reference (it has {shown})"
        else:
            message = f"{n.text} is not in the reference, which has no number here"
        findings.append(
            Finding(
                code=NUMBER_MISMATCH.code,
                start=offset + n.start,
                end=offset + n.end,
                text=n.text,
                message=message,
                severity=NUMBER_MISMATCH.severity,
                sentence=segment,
                strength=0.0,
                suggestion=substitute,
                evidence={
                    "hypothesis": n.text,
                    "values": sorted(str(v) for v in n.values),
                    "reference_numbers": [r.text for r in ref_numbers],
                },
            )
        )
    if missing and not (len(extra) == 1 and len(missing) == 1) and hyp.strip():
        start, end = _trimmed(hyp)
        findings.append(
            Finding(
                code=NUMBER_MISMATCH.code,
                start=offset + start,
                end=offset + end,
                text=hyp[start:end],
                message=f"the reference has {', '.join(missing)}, missing from the hypothesis",
                severity=NUMBER_MISMATCH.severity,
                sentence=segment,
                strength=0.0,
                evidence={"missing": missing, "reference_numbers": [r.text for r in ref_numbers]},
            )
        )
    return findings


def _trimmed(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


# ---------------------------------------------------------------- R703


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def words(text: str) -> list[Word]:
    """Letter runs (with inner apostrophes), possessive 's removed."""
    out: list[Word] = []
    i, n = 0, len(text)
    while i < n:
        if not text[i].isalpha():
            i += 1
            continue
        j = i
        while j < n and (
            text[j].isalpha()
            or unicodedata.category(text[j]).startswith("M")
            or (text[j] in "'’" and j + 1 < n and text[j + 1].isalpha())
        ):
            j += 1
        end = j
        if text[i:end].endswith(("'s", "’s")) and end - i > 2:
            end -= 2
        out.append(Word(i, end, text[i:end]))
        i = j
    return out


def same_word(word: str) -> str:
    """Case- and apostrophe-insensitive form: Yan'an and Yan’an are one spelling."""
    return word.casefold().replace("’", "'")


def fold(word: str) -> str:
    """Case- and diacritic-insensitive form: Müller and MULLER fold alike."""
    decomposed = unicodedata.normalize("NFKD", same_word(word))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_findings(
    hyp: str,
    offset: int,
    refs: Sequence[str],
    segment: int,
    params: NameParams | None = None,
) -> list[Finding]:
    """Capitalised words of ``hyp`` that the references spell differently."""
    params = params or name_params()
    ref_words = [w for ref in refs for w in words(ref)]
    ref_exact = {same_word(w.text) for w in ref_words}
    ref_names = list(dict.fromkeys(w.text for w in ref_words if w.capitalised))
    findings: list[Finding] = []
    for w in words(hyp):
        if not w.capitalised or len(w.text) < params.min_length:
            continue
        if same_word(w.text) in ref_exact:
            continue
        match = _near_miss(w.text, ref_names, params)
        if match is None:
            continue
        spelled, ratio, diacritics = match
        if diacritics:
            message = f"{w.text} lost or changed its diacritics: the reference spells it {spelled}"
        else:
            message = f"{w.text} is spelled {spelled} in the reference"
        findings.append(
            Finding(
                code=NAME_MISMATCH.code,
                start=offset + w.start,
                end=offset + w.end,
                text=w.text,
                message=message,
                severity=NAME_MISMATCH.severity,
                sentence=segment,
                strength=0.0,
                suggestion=spelled,
                evidence={"reference": spelled, "ratio": round(ratio, 1)},
            )
        )
    return findings


def _near_miss(
    word: str, candidates: Sequence[str], params: NameParams
) -> tuple[str, float, bool] | None:
    """The reference name ``word`` most likely misspells: (name, ratio, diacritics only)."""
    folded = fold(word)
    best: tuple[str, float, bool] | None = None
    for cand in candidates:
        if len(cand) < params.min_length:
            continue
        cand_folded = fold(cand)
        if cand_folded == folded:
            return cand, 100.0, True
        # Levenshtein, not Indel: a substitution is one edit, so "Schulz"/"Scholz" is
        # close while the transposed "Tsar"/"Star" is not.
        ratio = 100.0 * Levenshtein.normalized_similarity(word.casefold(), cand.casefold())
        if ratio < params.min_ratio or (best and ratio <= best[1]):
            continue
        if _derived(folded, cand_folded, params) or _both_common(word, cand, params):
            continue
        best = (cand, ratio, False)
    return best


def _derived(a: str, b: str, params: NameParams) -> bool:
    """Whether ``a`` and ``b`` are one stem with different endings, not two names.

    Either both endings are derivational (Russia/Russian, Buddhist/Buddhism), or
    one word is the other plus at least two letters (Xinhua/Xinhuanet,
    Qingshui/Qingshuihe); a single added letter (Hanna/Hannah) is a spelling.
    """
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if common < params.min_stem:
        return False
    shorter, longer = sorted((a, b), key=len)
    if common == len(shorter) and len(longer) - len(shorter) >= 2:
        return True
    endings = params.derivation_endings
    return any(
        a[k:] in endings and b[k:] in endings for k in range(common, params.min_stem - 1, -1)
    )


def _both_common(a: str, b: str, params: NameParams) -> bool:
    # Imported here: wordfreq takes a third of a second to load, and `mtaudit rules`
    # imports this module only for the rule docs.
    import wordfreq

    return (
        wordfreq.zipf_frequency(a.lower(), "en") >= params.common_zipf
        and wordfreq.zipf_frequency(b.lower(), "en") >= params.common_zipf
    )
