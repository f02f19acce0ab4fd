"""Time stamps and agency datelines: the dates and places a page prints around its
story.

A page prints when it was published or updated above the story ("Updated 12:04 GMT,
3 March 2024"), and an agency opens its story with where it was written ("PARIS
(AFP) —"). Each is furniture, not a sentence of the article.
"""

from __future__ import annotations

import re

# Month and weekday names as written, whole or cut short ("Sept", "Thur"): one
# pattern for time stamps and written_dates, so a date read is a stamp too.
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
WEEKDAYS = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
_ZONES = (
    r"gmt|utc|bst|cet|cest|eet|eest|wet|west|est|edt|et|cst|cdt|ct|mst|mdt|mt|pst|pdt|pt"
    r"|ist|jst|kst|hkt|sgt|aest|aedt|awst|nzst|nzdt|msk|sast|wat|eat"
)
# An age written short, as MSN and apps write it ("Story by Jane Doe • 2h", "3d ago"),
# in lower case: "5m" and "3D" say other things.
_COMPACT_AGE = r"mins?|hrs?|h|d|w|mo"
# Minutes and seconds written "5m", "30s" are a stamp's with what says it is one
# ("5m ago", "30s ago"), not alone nor after hours ("2h 30m" is how long, not when;
# "30s" a decade). In lower case as the rest: "30M ago" is a million's.
_COMPACT_AGE_WORD = rf"(?-i:{_COMPACT_AGE}|m|s)"
_MINUTES = re.compile(r"\d{1,3}[ms]")
_AGO = re.compile(r"\bago\b", re.I)
# The verbs that open a time stamp ("Updated", "Published").
STAMP_LEADS = r"updated?|published|posted|modified|edited|created"
# A time stamp's words, each whole: what it says, when, and the joints between. A
# zone's name glued to its offset is one word ("IST+05:30", "GMT+1").
_STAMP_TOKEN = re.compile(
    rf"""(?:
        (?:last|first|originally)|{STAMP_LEADS}
        |date|time|on|at|of|the|am|pm|a\.m\.|p\.m\.|noon|midnight|ago|just|now|today|yesterday
        |(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?
        |(?:{MONTHS})\.?|(?:{WEEKDAYS})\.?|(?:{_ZONES})|(?:{_ZONES})?[+-]\d{{1,4}}(?::\d\d)?
        |\d{{1,2}}(?:st|nd|rd|th)
        |\d{{1,3}}(?:{_COMPACT_AGE_WORD})
        |\d{{1,2}}[:.h]\d\d(?:[:.]\d\d)?(?:am|pm|a\.m\.|p\.m\.)?
        |\d{{1,4}}(?:[-/.]\d{{1,2}}[-/.]\d{{1,4}})?(?:am|pm)?
        |\d{{4}}-\d\d-\d\dt\d\d:\d\d(?::\d\d)?z?
    )""",
    re.I | re.X,
)
# "UK" as a zone, as Sky News writes its stamps ("Sunday 3 March 2024 10:04, UK"):
# only right after the clock time; elsewhere it is a heading's ("March 2024 UK",
# "UK: March 3, 2024").
_UK_ZONE = re.compile(r"uk", re.I)
# What "UK" follows as a zone: a clock time, its "am" or "pm", and a comma perhaps.
_BEFORE_ZONE = re.compile(r"\d[:.h]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?[\s,]*$", re.I)
# "10:04:05 a.m., " with room for a few spaces more.
_BEFORE_ZONE_REACH = 32


def _follows_clock(text: str, at: int) -> bool:
    # Only the few characters before the word: the text before each "UK" read whole
    # made a paragraph of "10:04 UK" repeated quadratic (72 KB took 6 s).
    return bool(_BEFORE_ZONE.search(text, max(0, at - _BEFORE_ZONE_REACH), at))


def _are_stamp_words(text: str, words: list[re.Match[str]]) -> bool:
    return bool(words) and all(
        _STAMP_TOKEN.fullmatch(word.group())
        or (_UK_ZONE.fullmatch(word.group()) and _follows_clock(text, word.start()))
        for word in words
    )


_JOINT_CHARS = r"\s,:|·•/()\u2013\u2014-"
_DATE = re.compile(
    rf"\b(?:{MONTHS})\b\.?|\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}|\bago\b"
    rf"|(?-i:\b\d{{1,3}}(?:{_COMPACT_AGE})\b)",
    re.I,
)
_TIME = re.compile(r"\d[:.h]\d\d")
_LEADS = re.compile(rf"\b(?:{STAMP_LEADS})\b", re.I)

# An agency dateline standing alone: "PARIS (AFP) —", "WASHINGTON, March 3 (Reuters) -".
_DATELINE = re.compile(
    rf"[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){{0,3}}"
    rf"(?:,\s*(?:[A-Z][A-Za-z.]+\s*)+(?:\d{{1,2}}(?:,\s*\d{{4}})?|(?:(?i:{MONTHS})\.?\s+\d{{1,2}})))?"
    r"(?:\s*\([A-Za-z][\w .&/'-]{0,40}\))?\s*[\u2013\u2014-]{1,2}$"
)


def is_time_stamp(text: str) -> bool:
    """Whether ``text`` is only a date or time, with what it dates ("Updated")."""
    text = text.strip()
    if not text or not any(ch.isdigit() for ch in text):
        return False
    words = list(_STAMP_WORD.finditer(text))
    if not _are_stamp_words(text, words):
        return False
    if any(_MINUTES.fullmatch(w.group()) for w in words) and not _AGO.search(text):
        return False  # "1h 30m", a recipe's or a race's time; "the 30s"
    # A bare clock time heads a live blog's post; with what it dates, it is a stamp.
    return bool(_DATE.search(text) or (_TIME.search(text) and _LEADS.search(text)))


def is_date_heading(text: str) -> bool:
    """Whether ``text`` is a date alone, as a timeline heads its entries ("3 March
    2024"), not a stamp of what it dates ("Updated 3 March 2024")."""
    return "\n" not in text.strip() and is_time_stamp(text) and not _LEADS.search(text)


_MONTH_WORD = re.compile(rf"\b(?:{MONTHS})\b", re.I)
_WEEKDAY_WORD = re.compile(rf"\b(?:{WEEKDAYS})\b", re.I)
# A stamp is a few words: only the last of a text are looked at for one.
_MAX_STAMP_WORDS = 8
_SPACED_WORD = re.compile(r"(?<=\s)\S+")
# Words that may open a stamp glued to a name, each as a stamp opens, not as a
# name's word may be ("Day", "Sun", "May", "West", "Just"): a number; a month before
# a day's number or a year ("March 3", not "May 10:04"); a weekday before such a
# date or a day's number ("Sunday, March 3", "Sat 3 Mar"); what a stamp dates.
_DAY_OR_YEAR = r"(?:\d{1,2}(?:st|nd|rd|th)?|\d{4})(?![\d:h]|\.\d)"
_GLUED_STAMP_OPENING = re.compile(
    rf"""\d
    |(?:{MONTHS})\.?,?\s+{_DAY_OR_YEAR}
    |(?:{WEEKDAYS})\.?,?\s+(?:(?:{MONTHS})\.?\s+)?{_DAY_OR_YEAR}
    |(?:(?:last|first|originally)\s+)?(?:updated|published|posted)\b""",
    re.I | re.X,
)
# Where a name ends right before a stamp: a letter, or an initial's or "Jr."'s dot.
_NAME_END = re.compile(r"[^\W\d_.]\.?\s+$")
# A stamp's own joints before a date ("on March 3", "at 10:04"): no name ends there.
_STAMP_JOINT_END = re.compile(r"\b(?:on|at)\s+$", re.I)


def glued_stamp_starts(text: str) -> list[int]:
    """Where a time stamp that ends ``text`` right after a name may start, with only
    a space between ("Jane Doe March 3, 2024", as "By <a>Jane Doe</a> <time>March 3,
    2024</time>" reads), earliest first: each word from which the rest is one stamp
    (one month and one weekday at most) and that opens one as a stamp opens ("Sun"
    in "Mei Sun 3 hours ago" may, "Day" in "Elizabeth Day March 3" may not). A comma,
    an "on" or an "at" before the stamp parts it already: no start there. Which start
    leaves a name before it is the caller's to judge ("Mei" is none, "Mei Sun" one)."""
    starts: list[int] = []
    for word in list(_SPACED_WORD.finditer(text))[-_MAX_STAMP_WORDS:]:
        head, rest = text[: word.start()], text[word.start() :]
        if (
            _NAME_END.search(head)
            and not _STAMP_JOINT_END.search(head)
            and _GLUED_STAMP_OPENING.match(rest)
            and is_time_stamp(rest)
            and len(_MONTH_WORD.findall(rest)) <= 1
            and len(_WEEKDAY_WORD.findall(rest)) <= 1
        ):
            starts.append(word.start())
    return starts


# A word of a text, as a time stamp's joints part it.
_STAMP_WORD = re.compile(rf"[^{_JOINT_CHARS}]+")


def is_stamp_word(word: str) -> bool:
    """Whether ``word`` is one a time stamp may hold ("Updated", "Sat", "GMT")."""
    return _STAMP_TOKEN.fullmatch(word) is not None


def opens_time_stamp(text: str) -> bool:
    """Whether ``text`` opens with a date or time stamp, whatever follows it
    ("Saturday, March 3, 2024 | 5 min read", "Updated 10:04 GMT"): its words up to
    the first no stamp has are one (``is_time_stamp``)."""
    end = 0
    for word in _STAMP_WORD.finditer(text):
        if not _STAMP_TOKEN.fullmatch(word.group()):
            break
        end = word.end()
    return is_time_stamp(text[:end])


def is_dateline(paragraph: str) -> bool:
    """Whether ``paragraph`` is only an agency's dateline ("PARIS (AFP) —")."""
    return bool(_DATELINE.fullmatch(" ".join(paragraph.split())))
