"""links.is_control per character, as escaping a path or a job's name asks it, with the
noncharacters looked up in audits.noncharacters' set against the two comparisons it
wrote out before (same answers for every code point). Prints the ratio of the two,
measured in one run: `python bench/control_chars.py`."""

from __future__ import annotations

import sys
import timeit
import unicodedata
from collections.abc import Callable

from audits.bidi_controls import is_bidi_control
from audits.sources.links import is_control


def by_comparisons(c: str) -> bool:
    """is_control as it was: the noncharacters by their code point's arithmetic."""
    if unicodedata.category(c) in ("Cc", "Zl", "Zp"):
        return True
    if is_bidi_control(c):
        return True
    code = ord(c)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def main() -> None:
    assert all(is_control(chr(c)) == by_comparisons(chr(c)) for c in range(sys.maxunicode + 1))
    text = "/srv/news/2026/12/élection-à-Paris, «reportage» 第一_%d.txt" * 50

    def best(check: Callable[[str], bool]) -> float:
        run = lambda: [check(c) for c in text]  # noqa: E731
        return min(timeit.repeat(run, number=200, repeat=15))

    before, after = best(by_comparisons), best(is_control)
    print(f"{len(text)} characters x 200: comparisons {before:.4f} s, set {after:.4f} s")
    print(f"set / comparisons: {after / before:.2f}")


if __name__ == "__main__":
    main()
