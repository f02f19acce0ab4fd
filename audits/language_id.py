"""langdetect, wrapped once for the rules, the English gate and the readers.

A reader that picks between encodings asks which language each reading is in, as the
residue rules and the English gate ask of a sentence or a document; the wrapper lived
in the residue rules, so the readers imported a rule module to reach it.

langdetect is made deterministic per call: its factory carries ``seed = 0``
on the instance (not the class), so every detection re-seeds its own random
generator and results do not depend on what ran before.
"""

from __future__ import annotations

from functools import cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

# langdetect names two Chinese variants; findings use ISO 639-1.
LANGDETECT_CODES = {"zh-cn": "zh", "zh-tw": "zh"}


@cache
def _langdetect_factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0  # on the instance: deterministic without touching the class
    # The profiles are ~90,000 lists of 55 probabilities, which the garbage collector
    # walked on every full collection for as long as the process lived (a fifth of a
    # second each, several times a run). langdetect only reads them by index, and tuples
    # of floats are untracked by the collector once it has seen them.
    factory.word_lang_prob_map = {w: tuple(p) for w, p in factory.word_lang_prob_map.items()}
    return factory


def detect_language(text: str) -> tuple[str, float] | None:
    """langdetect's best guess for ``text`` with its probability, deterministic."""
    detector = _langdetect_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return LANGDETECT_CODES.get(best.lang, best.lang), best.prob
