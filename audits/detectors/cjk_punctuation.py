"""T110: Chinese and Japanese punctuation, and Chinese, Japanese or Korean numbers,
left in English text.

Chinese and Japanese set their punctuation in full-width forms (，。：；！？（）％)
and quote with 「」『』 and title marks 《》. A translation engine that renders the
words often keeps the marks, and no English keyboard types them. It keeps numbers
written with the source's counters the same way ("2023年7月1日", Korean "10만 명",
audits/detectors/korean_numbers.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from audits.detectors.base import DocumentContext, with_langs
from audits.detectors.character_names import named_characters
from audits.detectors.cjk_amounts import exact, whole
from audits.detectors.cjk_dates import english_date
from audits.detectors.korean_numbers import korean_numbers
from audits.document import Finding
from audits.rule_docs.cjk_punctuation import CJK_PUNCTUATION

_STRENGTH = 0.5
_HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
_CJK_LETTER = re.compile(f"[{_HAN_KANA}]")
# One run of ASCII digits and one character ("18时", "5号"): dropping the character
# leaves the English number. Dropping those of several parts runs the digits together
# ("9时30分" would read "930", "2月30日" "230"), and full-width digits are no English ones.
_ONE_PART = re.compile(f"[0-9]+[{_HAN_KANA}]")
# Paired marks around at least one Latin letter: the title marks of Chinese, the corner
# brackets of Japanese (and traditional Chinese).
_PAIRED = re.compile(r"([《「『〈【])([^《》「」『』〈〉【】\n]{1,300}?)([》」』〉】])")
# The languages each bracket mark (opening or closing) is typed in: the title marks are
# Chinese, the corner brackets Japanese and traditional Chinese, the lenticular brackets
# both (a Chinese headline's label and a Japanese one's, "【速報】"). A finding names one
# language as its source where its mark has only one, as T102's spaced « » does.
_MARK_LANGS = {
    **dict.fromkeys("《》〈〉", ("zh",)),
    **dict.fromkeys("「」『』", ("ja", "zh")),
    **dict.fromkeys("【】", ("zh", "ja")),
}
_ZH_JA = ("zh", "ja")
_KO = ("ko",)
# Each opening mark's own closing mark: "《…」" is no pair, only two stray marks.
_CLOSES = {"《": "》", "「": "」", "『": "』", "〈": "〉", "【": "】"}
# A bracket mark with no partner around English words ("《Opinions」", "the 「plan"),
# reported alone with the English quotation mark it stands for.
_LONE = re.compile(r"[《》「」『』〈〉【】]")
_LONE_ENGLISH = {
    "『": "‘",
    "』": "’",
    **dict.fromkeys("《「〈【", "“"),
    **dict.fromkeys("》」〉】", "”"),
}
# The digits Chinese and Japanese type, ASCII or full-width ("２０２３年"): "٣万" keeps
# an Arabic digit, T111's, as Korean numbers take ASCII digits alone.
_DIGIT = "[0-9\uff10-\uff19]"
# A number written with Chinese or Japanese counters and date characters ("2023年7月1日",
# "3万", "5亿", "18时"): the engine translated the words around it and left the number
# as the source wrote it. Not inside a run of Chinese or Japanese text (L402's).
# A scale may be a trillion ("22.8万亿", ten thousand hundred millions) and an amount may
# keep its yuan ("3.5亿元"), which the lookahead would otherwise take for more Chinese.
CJK_NUMBER = re.compile(
    rf"(?<![{_HAN_KANA}\d.,]){_DIGIT}+(?:[.,]{_DIGIT}+)?"
    r"(?:万亿|萬億|[万萬亿億]?元|[年月日时時分秒万萬亿億号號])"
    rf"(?:{_DIGIT}+(?:[.,]{_DIGIT}+)?[年月日时時分秒号號])*(?![{_HAN_KANA}\d])"
)
_CJK_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号號]")
_CJK_SCALES = {
    "万": 10_000,
    "萬": 10_000,
    "亿": 100_000_000,
    "億": 100_000_000,
    "万亿": 10**12,
    "萬億": 10**12,
    "": 1,  # "300元": yuan alone
}
_PAIR_NAMES = {
    "《": "are Chinese title marks",
    "「": "are Japanese corner brackets",
    "『": "are Japanese double corner brackets",
    "【": "are Chinese or Japanese lenticular brackets",
}
# Single marks: full-width ASCII punctuation, the ideographic comma, full stop and space,
# and the full-width digits and letters Chinese and Japanese type beside them ("２０２３",
# "ＵＳＢ"), which an engine leaves as they were.
_SINGLE = re.compile(r"[\uff01-\uff65\u3000-\u3002]+")
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
    paired: list[tuple[int, int]] = []
    for m in _PAIRED.finditer(text):
        inner = m.group(2)
        if _CJK_LETTER.search(inner) or not re.search(r"[A-Za-z]", inner):
            paired.append(m.span())
            continue  # "《人民日报》": a title left in Chinese, L402's question
        opening, closing = m.group(1), m.group(3)
        if _CLOSES[opening] != closing:
            continue  # "《…」": two stray marks, reported one by one below
        paired.append(m.span())
        english = f"{_LONE_ENGLISH[opening]}{inner}{_LONE_ENGLISH[closing]}"
        yield ctx.finding(
            CJK_PUNCTUATION,
            m.start(),
            m.end(),
            f"{opening} {closing} {_PAIR_NAMES.get(opening, 'are Chinese brackets')}; "
            "English uses “ ” (or italics for a title).",
            suggestion=english,
            strength=_STRENGTH,
            **with_langs(_MARK_LANGS[opening], kind="paired"),
        )
    for m in _LONE.finditer(text):
        if any(a <= m.start() < b for a, b in paired):
            continue
        near = text[max(0, m.start() - 1) : m.end() + 1]
        if _CJK_LETTER.search(near):
            continue  # a mark of Chinese or Japanese text left as it was
        english = _LONE_ENGLISH[m.group(0)]
        yield ctx.finding(
            CJK_PUNCTUATION,
            m.start(),
            m.end(),
            f"“{m.group(0)}” is a Chinese or Japanese bracket with no partner of its kind; "
            f"English writes “{english}”.",
            suggestion=english,
            strength=_STRENGTH,
            **with_langs(_MARK_LANGS[m.group(0)], kind="lone"),
        )
    for m in CJK_NUMBER.finditer(text):
        english = _english_number(m.group(0))
        yield ctx.finding(
            CJK_PUNCTUATION,
            m.start(),
            m.end(),
            f"“{m.group(0)}” is a number written the Chinese or Japanese way; "
            + (f"English writes “{english}”." if english else _without_characters(m.group(0))),
            suggestion=english,
            strength=_STRENGTH,
            **with_langs(_ZH_JA, kind="cjk_number"),
        )
    for number in korean_numbers(text):
        yield ctx.finding(
            CJK_PUNCTUATION,
            number.start,
            number.end,
            f"“{number.text}” is a number written the Korean way; "
            + (
                f"English writes “{number.english}”."
                if number.english
                else f"English writes it in digits, without {number.korean_words}."
            ),
            suggestion=number.english,
            # A number glossed in English ("3,000원 (about $2.30)") is the English
            # writer's aside more often than MT's leftover: weaker, as L402's glossed phrase.
            strength=_STRENGTH / 2 if number.glossed else _STRENGTH,
            **with_langs(_KO, kind="korean_number"),
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
            f"“{m.group(0)}” is full-width Chinese or Japanese "
            f"{'typing' if m.group(0).isalnum() else 'punctuation'}; English writes "
            f"“{english.strip() or ' '}”.",
            suggestion=english,
            strength=_STRENGTH,
            **with_langs(_ZH_JA, kind="full_width"),
        )


def _without_characters(number: str) -> str:
    """How English writes a number that has no one English form ("18时", "9时30分")."""
    if _ONE_PART.fullmatch(number):
        return f"English writes it in digits, without {named_characters(number[-1:])}."
    return "English writes it without the Chinese or Japanese counters."


def _english_number(number: str) -> str | None:
    """ "2023年7月1日" as "1 July 2023", "3万" as "30,000", "5亿" as "500,000,000",
    "22.8万亿" as "22,800,000,000,000" and "3.5亿元" as "350,000,000 yuan"; None
    for what has no one English form ("18时", "3号")."""
    date = _CJK_DATE.fullmatch(number)
    if date:
        return english_date(date.group(1), date.group(2), date.group(3))  # "２０２３" too
    year = re.fullmatch(r"(\d{4})年", number)
    if year:
        return english_date(year.group(1), None)
    amount = re.fullmatch(r"([\d.,]+)(万亿|萬億|[万萬亿億]?)(元?)", number)
    if amount and (amount.group(2) or amount.group(3)):
        value = exact(amount.group(1))
        if value is None:
            return None  # a blob of digits, no amount
        if value.denominator != 1 and not amount.group(2):
            # "19.99元": yuan and fen, which English writes as they are.
            return f"{Decimal(amount.group(1).replace(',', '')):,} yuan"
        return whole(value * _CJK_SCALES[amount.group(2)], "yuan" if amount.group(3) else "")
    return None


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
