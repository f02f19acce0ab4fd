"""Every place that shows, escapes or drops the bidi controls knows the same ones
(audits.bidi_controls): the reports' labels, the JSON writer, a path's escapes and a
page's invisible characters."""

from __future__ import annotations

from audits.bidi_controls import is_bidi_control
from audits.reports import strict_json
from audits.reports.labels import html_visible, printable, without_bidi_controls
from audits.sources.fragment import _INVISIBLE
from audits.sources.links import escaped_controls, is_control

# The two ranges and a neighbour on each side of each: the marks U+200E/U+200F, the
# separators and U+2065 (unassigned) are not bidi controls.
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
NEIGHBOURS = ["\u200e", "\u200f", "\u2029", "\u202f", "\u2065", "\u206a"]


def test_each_bidi_control_is_known_everywhere() -> None:
    for c in BIDI:
        assert is_bidi_control(c)
        assert without_bidi_controls(f"a{c}b") == "a\ufffdb"
        assert html_visible(f"a{c}b") == "a\ufffdb"
        assert c not in printable(f"a{c}b")
        assert strict_json.dumps(f"a{c}b", ensure_ascii=False) == f'"a\\u{ord(c):04x}b"'
        assert is_control(c)
        assert escaped_controls(f"a{c}b") == f"a\\u{ord(c):04x}b"
        assert _INVISIBLE.sub("", f"a{c}b") == "ab"


def test_their_neighbours_are_no_bidi_controls() -> None:
    for c in NEIGHBOURS:
        assert not is_bidi_control(c)
        assert without_bidi_controls(f"a{c}b") == f"a{c}b"


def test_no_other_code_point_is_a_bidi_control() -> None:
    """Every code point, as a6172423 says this file checks: the nine controls are
    known, and no character beside them is."""
    found = [code for code in range(0x110000) if is_bidi_control(chr(code))]
    assert [chr(code) for code in found] == BIDI
