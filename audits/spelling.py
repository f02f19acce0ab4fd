"""Spelling keys for names: what English ASCII-fication keeps (``fold``) and the key
under which common romanisations of one name coincide (``translit_key``).

Shared by the name finder (``audits/names.py``) and the transliteration conventions of
other languages (``audits/transliteration.py``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "Oe",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
    }
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-free spelling: what English ASCII-fication keeps (é→e, œ→oe)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("’", "'").casefold()


@lru_cache(maxsize=65536)
def translit_key(text: str) -> str:
    """A key under which common romanisation variants coincide.

    Zelensky / Zelenskyy / Zelenskiy, Sergei / Sergey, Dmitry / Dmitriy,
    Yevgeny / Evgeny and Peskov / Peskow are one name spelled by different
    conventions, not a garbled one.
    """
    s = fold(text).replace("-", "").replace("'", "")
    s = re.sub(r"^ye", "e", s)
    s = s.replace("ks", "x").replace("kh", "h").replace("w", "v").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", s)
