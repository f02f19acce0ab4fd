"""Words shared by the human-readable reports: language and family names."""

from __future__ import annotations

from audits.rules import FAMILIES

LANGUAGE_NAMES = {
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "ru": "Russian",
    "zh": "Chinese",
    "ja": "Japanese",
    "cs": "Czech",
    "uk": "Ukrainian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "ar": "Arabic",
    "tr": "Turkish",
    "ko": "Korean",
    "en": "English",
}


def probability_and_threshold(probability: float, threshold: float) -> tuple[str, str]:
    """P and the threshold with two decimals, or as many more (up to the four the
    verdict decides on) as it takes to show which side of the threshold P is:
    "P = 0.99 (threshold 0.99)" on a document that was not flagged reads as a bug."""
    for digits in (2, 3):
        p, t = f"{probability:.{digits}f}", f"{threshold:.{digits}f}"
        if (float(p) >= float(t)) == (probability >= threshold):
            return p, t
    return f"{probability:.4f}", f"{threshold:.4f}"


def language_name(code: str | None) -> str:
    """``French (fr)``; ``unknown`` when no language was named."""
    if not code:
        return "unknown"
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def family_name(code: str) -> str:
    """The family of a rule code (``C201`` → ``calques and literal translations``)."""
    return FAMILIES.get(code[:1], "other")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"
