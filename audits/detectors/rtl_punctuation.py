"""T111: Arabic, Persian or Hebrew punctuation and digits left in English text.

Arabic script has its own comma, semicolon, question mark and percent sign (، ؛ ؟ ٪),
its own decimal and thousands separators (٫ ٬) and its own digits (٠١٢, Persian and
Urdu ۰۱۲); Hebrew quotes and abbreviates with the geresh and gershayim (׳ ״). An
engine that translates the words keeps them, and no English keyboard types them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from audits.detectors.base import DocumentContext, with_langs
from audits.document import Finding
from audits.rule_docs.rtl_punctuation import RTL_PUNCTUATION

_STRENGTH = 0.5
# The marks after a document's first are weak: unfitted, T111's evidence adds to the
# verdict as it is, and a text that quotes the marks often should not flip on them.
_REPEAT_STRENGTH = 0.1
# A mark shown rather than used: alone in brackets or quotes, or in a list there
# ("(٥)", "(۴, ۵, ۶)", "“،”"), or right after "written", "reads", "spelled".
_OPENS = frozenset("([{\"“‘'«,")
_CLOSES = frozenset(")]}\"”’'»,")
_SHOWN_AFTER = re.compile(r"\b(?:written|writes?|reads?|spelled|spelt|looks like)\s*$", re.I)
# Hebrew and Arabic-script letters, presentation forms included.
_RTL_LETTER = re.compile(
    r"[\u0590-\u05ea\u05f0-\u05f2\u0620-\u064a\u066e-\u06d3\ufb1d-\ufdff\ufe70-\ufefc]"
)
# A run of marks and digits, the digits' own separators inside a number ("٣٫٥").
_MARKS = re.compile(r"[\u060c\u061b\u061f\u066a-\u066c\u0660-\u0669\u06f0-\u06f9\u05f3\u05f4]+")
# Each mark and digit as English writes it ("٣٫٥" is "3.5").
_ENGLISH = str.maketrans(
    {
        "\u060c": ",",
        "\u061b": ";",
        "\u061f": "?",
        "\u066a": "%",
        "\u066b": ".",
        "\u066c": ",",
        "\u05f3": "'",
        "\u05f4": '"',
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    }
)
_HEBREW = frozenset("\u05f3\u05f4")
_PERSIAN_DIGITS = re.compile(r"[\u06f0-\u06f9]")
_ARABIC_DIGITS = re.compile(r"[\u0660-\u0669]")
# What screens a document: any of the marks at all.
GATE = _MARKS
# How far each side of a mark its context is read: enough for the nearest letter past
# spaces and for "is written ", and bounded so a long text with many marks stays linear.
_WINDOW = 40


def rtl_punctuation_findings(ctx: DocumentContext) -> Iterator[Finding]:
    text = ctx.text
    reported = 0
    for m in _MARKS.finditer(text):
        before = text[max(0, m.start() - _WINDOW) : m.start()].rstrip()
        after = text[m.end() : m.end() + _WINDOW].lstrip()
        # The nearest letter either side, past any space: Arabic typists space the
        # comma ("العودة ، لا") and digits sit between words ("ثورة ٢٥ يناير").
        if _RTL_LETTER.match(before[-1:]) or _RTL_LETTER.match(after[:1]):
            continue  # punctuation of Arabic or Hebrew text left as it was: L402's
        if _mentioned(before, after):
            continue
        run = m.group(0)
        english = run.translate(_ENGLISH)
        what, langs = _kind(run)
        yield ctx.finding(
            RTL_PUNCTUATION,
            m.start(),
            m.end(),
            f"“{run}” is {what}; English writes “{english}”.",
            suggestion=english,
            strength=_STRENGTH if reported == 0 else _REPEAT_STRENGTH,
            **with_langs(langs, kind="digits" if english.isdigit() else "punctuation"),
        )
        reported += 1


def _mentioned(before: str, after: str) -> bool:
    """Whether a mark is named, as an article about Arabic script names it, not left over."""
    if before[-1:] in _OPENS and after[:1] in _CLOSES:
        return True
    return bool(_SHOWN_AFTER.search(before))


def _kind(run: str) -> tuple[str, tuple[str, ...]]:
    """What ``run`` is in words, and the languages that write it."""
    if set(run) <= _HEBREW:
        return "Hebrew punctuation (gershayim or geresh used as a quotation mark)", ("he",)
    if _PERSIAN_DIGITS.search(run):
        return "written with Persian or Urdu digits", ("fa", "ur")
    if _ARABIC_DIGITS.search(run):
        return "written with Arabic-Indic digits", ("ar",)
    return "Arabic-script punctuation", ("ar", "fa", "ur")
