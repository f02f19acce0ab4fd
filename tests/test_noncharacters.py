"""The noncharacters are one definition (audits.noncharacters), which the reports'
labels and a path's escapes both read: each wrote the ranges out for itself."""

from __future__ import annotations

import sys

from audits.noncharacters import NONCHARACTER_RANGES, is_noncharacter
from audits.reports.labels import html_visible, printable
from audits.sources.links import escaped_controls, is_control

NONCHARACTERS = [
    chr(code) for first, last in NONCHARACTER_RANGES for code in range(first, last + 1)
]
# A neighbour on each side of the block, and the code point before each plane's last two.
NEIGHBOURS = ["\ufdcf", "\ufdf0", "\ufffd", "\U0001fffd", "\U0010fffd", "\U00010000"]


def test_every_code_point_is_a_noncharacter_exactly_as_the_standard_says() -> None:
    # Unicode's definition: the 32 of U+FDD0..U+FDEF and the last two code points of
    # each of the 17 planes, 66 in all.
    def by_the_standard(code: int) -> bool:
        return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE

    found = [code for code in range(sys.maxunicode + 1) if is_noncharacter(chr(code))]
    assert found == [code for code in range(sys.maxunicode + 1) if by_the_standard(code)]
    assert len(found) == len(NONCHARACTERS) == 66


def test_the_labels_and_the_escapes_know_the_same_ones() -> None:
    for c in NONCHARACTERS:
        code = ord(c)
        assert c not in printable(f"a{c}b"), hex(code)
        assert c not in html_visible(f"a{c}b"), hex(code)
        assert is_control(c), hex(code)
        escaped = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
        assert escaped_controls(f"a{c}b") == f"a{escaped}b", hex(code)
    for c in NEIGHBOURS:
        assert not is_noncharacter(c) and not is_control(c), hex(ord(c))
        assert printable(f"a{c}b") == f"a{c}b", hex(ord(c))
        assert escaped_controls(f"a{c}b") == f"a{c}b", hex(ord(c))
