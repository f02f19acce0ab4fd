"""JSON that strict parsers read: no ``NaN`` or ``Infinity`` anywhere in a report.

Python's json writes a float it cannot represent as ``NaN``/``Infinity``, which jq,
JavaScript and Go refuse, so one such number made a whole report unreadable: a
record's ``"score": NaN`` in ``meta``, or a language model in half precision that
gives a token ``-inf`` (its sentence's perplexity is then infinite). Every JSON
report is written through ``dumps``, the one place such a number becomes ``null``.

It is also the one place a character that a terminal obeys is escaped: with
``ensure_ascii=False`` json.dumps escapes the controls below U+0020 but writes DEL,
the C1 controls (U+009B is CSI, ESC [ in one character), the bidi embeddings,
overrides and isolates (U+202E wrote the rest of a line backwards) and the line and
paragraph separators as they are. Written ``\\uXXXX`` they are the same string to
every JSON reader, so a report file keeps its exact data and stdout shows them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from audits.bidi_controls import BIDI_CONTROL_CLASS

# Outside a string JSON holds only ASCII, so these are always inside one.
_OBEYED = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROL_CLASS}]")


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` that never writes NaN or an infinity (they become null), nor a
    control character but as its escape."""
    try:
        text = json.dumps(value, allow_nan=False, **kwargs)
    except ValueError:
        # Rare: only then is the whole value walked, so a clean report costs nothing.
        text = json.dumps(finite(value), allow_nan=False, **kwargs)
    return _OBEYED.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def finite(value: Any) -> Any:
    """``value`` with every NaN and infinity replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value
