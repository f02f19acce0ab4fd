"""Chinese, Japanese or Korean characters named in a message, as the ones to drop.

Shared by T110's Chinese and Japanese numbers ("without 时") and its Korean ones
("without 만 and 원"), so both name them alike.
"""

from __future__ import annotations

from collections.abc import Iterable


def named_characters(chars: Iterable[str]) -> str:
    """Characters to drop, each once, named for a message: "만 and 원", "백, 천 and 원";
    "" for none."""
    unique = list(dict.fromkeys(chars))
    if not unique:
        return ""
    return " and ".join(filter(None, [", ".join(unique[:-1]), unique[-1]]))
