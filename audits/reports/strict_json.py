"""JSON that strict parsers read: no ``NaN`` or ``Infinity`` anywhere in a report.

Python's json writes a float it cannot represent as ``NaN``/``Infinity``, which jq,
JavaScript and Go refuse, so one such number made a whole report unreadable: a
record's ``"score": NaN`` in ``meta``, or a language model in half precision that
gives a token ``-inf`` (its sentence's perplexity is then infinite). Every JSON
report is written through ``dumps``, the one place such a number becomes ``null``.
"""

from __future__ import annotations

import json
import math
from typing import Any


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` that never writes NaN or an infinity (they become null)."""
    try:
        return json.dumps(value, allow_nan=False, **kwargs)
    except ValueError:
        # Rare: only then is the whole value walked, so a clean report costs nothing.
        return json.dumps(finite(value), allow_nan=False, **kwargs)


def finite(value: Any) -> Any:
    """``value`` with every NaN and infinity replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value
