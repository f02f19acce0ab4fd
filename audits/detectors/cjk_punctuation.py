"""T110: Chinese and Japanese punctuation left in English text.

Chinese and Japanese set their punctuation in full-width forms (，。：；！？（）％)
and quote with 「」『』 and title marks 《》. A translation engine that renders the
words often keeps the marks, and no English keyboard types them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from audits.detectors.base import DocumentContext
from audits.document import Finding
from audits.rules import Rule

CJK_PUNCTUATION = Rule(
    code="T110",
    name="cjk-punctuation",
    summary="Chinese or Japanese punctuation (，。：《》「」％) in English text",
    source_langs=("zh", "ja"),
    reason="{n} Chinese or Japanese punctuation mark{s} (“，”, “《》”)",
    what="""
Finds full-width punctuation (`，` `。` `：` `；` `！` `？` `（` `）` `％`, the
ideographic comma `、` and space) next to English words, and titles or quotations in
Chinese title marks or Japanese corner brackets around English words
(`《Opinions on the Private Economy》`, `「we will continue」`). Marks inside a run of
Chinese or Japanese text (`《人民日报》`, a quotation left in its language) are L402's
to judge, and are not flagged.
""",
    why="""
Chinese and Japanese typeset punctuation in full-width forms and quote with their own
brackets; English never does, and an English keyboard does not produce them. They
survive when an engine translates the words and leaves the marks.
""",
    example="""
`The spokesperson said："We will continue，and support enterprises。"` →
`The spokesperson said: "We will continue, and support enterprises."`
""",
)

_STRENGTH = 0.5
_HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
_CJK_LETTER = re.compile(f"[{_HAN_KANA}]")
# Paired marks around at least one Latin letter: the title marks of Chinese, the corner
# brackets of Japanese (and traditional Chinese).
_PAIRED = re.compile(r"([《「『〈【])([^《》「」『』〈〉【】\n]{1,300}?)([》」』〉】])")
_PAIR_ENGLISH = {"《": "“", "》": "”", "「": "“", "」": "”", "『": "‘", "』": "’"}
_PAIR_LANGS = {"《": ["zh"], "〈": ["zh"], "【": ["zh"], "「": ["ja", "zh"], "『": ["ja", "zh"]}
_PAIR_NAMES = {
    "《": "are Chinese title marks",
    "「": "are Japanese corner brackets",
    "『": "are Japanese double corner brackets",
}
# Single marks: full-width ASCII punctuation, the ideographic comma, full stop and space.
_SINGLE = re.compile(r"[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u3000-\u3002]+")
_SINGLE_ENGLISH = {
    "\u3001": ",",
    "\u3002": ".",
    "\u3000": " ",
    "\uff61": ".",
    "\uff64": ",",
    # Half-width corner brackets and middle dot, outside the full-width ASCII block.
    "\uff62": "“",
    "\uff63": "”",
    "\uff65": "·",
}


def cjk_punctuation_findings(ctx: DocumentContext) -> Iterator[Finding]:
    text = ctx.text
    for m in _PAIRED.finditer(text):
        inner = m.group(2)
        if _CJK_LETTER.search(inner) or not re.search(r"[A-Za-z]", inner):
            continue  # "《人民日报》": a title left in Chinese, L402's question
        opening, closing = m.group(1), m.group(3)
        english = f"{_PAIR_ENGLISH.get(opening, '“')}{inner}{_PAIR_ENGLISH.get(closing, '”')}"
        yield ctx.finding(
            CJK_PUNCTUATION,
            m.start(),
            m.end(),
            f"{opening} {closing} {_PAIR_NAMES.get(opening, 'are Chinese brackets')}; "
            "English uses “ ” (or italics for a title).",
            suggestion=english,
            strength=_STRENGTH,
            source_lang=None,
            evidence={"source_langs": _PAIR_LANGS.get(opening, ["zh", "ja"]), "kind": "paired"},
        )
    for m in _SINGLE.finditer(text):
        near = text[max(0, m.start() - 1) : m.end() + 1]
        if _CJK_LETTER.search(near):
            continue  # punctuation of Chinese or Japanese text left as it was
        english = "".join(_english(ch) for ch in m.group(0))
        english += " " if _needs_space(english, text[m.end() : m.end() + 1]) else ""
        yield ctx.finding(
            CJK_PUNCTUATION,
            m.start(),
            m.end(),
            f"“{m.group(0)}” is full-width Chinese or Japanese punctuation; English writes "
            f"“{english.strip() or ' '}”.",
            suggestion=english,
            strength=_STRENGTH,
            source_lang=None,
            evidence={"source_langs": ["zh", "ja"], "kind": "full_width"},
        )


def _needs_space(mark: str, after: str) -> bool:
    """Whether English puts a space after ``mark`` before ``after``, where full-width
    punctuation carried its own: "said：\"We" → "said: \"We", "continue，and" →
    "continue, and", but "enterprises。\"" → "enterprises.\""."""
    if not after or after.isspace() or mark[-1:] not in ",:;.!?)":
        return False
    if mark[-1] in ",:;":
        return after not in ")]}”’"
    return after.isalnum()


def _english(ch: str) -> str:
    if ch in _SINGLE_ENGLISH:
        return _SINGLE_ENGLISH[ch]
    if "\uff01" <= ch <= "\uff5e":
        return chr(ord(ch) - 0xFEE0)
    return ch
