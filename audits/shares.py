"""A share written as a percentage, for every text that shows one: the reports and the
verdict's own reasons (which the JSON report stores as they are)."""

from __future__ import annotations


def percent(share: float) -> str:
    """A share as a whole percentage, but never a false none or all: 1 machine-translated
    document in 300 read "0%" beside its count of 1, and 299 in 300 "100%"."""
    text = f"{share:.0%}"
    if text == "0%" and share > 0:
        return "<1%"
    if text == "100%" and share < 1:
        return ">99%"
    return text
