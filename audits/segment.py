"""Paragraphs and sentences with exact character offsets.

The splitter only decides *cut points*; sentences are the stretches between
cuts with surrounding whitespace trimmed. That construction guarantees what
every report relies on: each sentence is ``text[start:end]``, sentences are
ordered and disjoint, and every non-whitespace character is in exactly one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from audits.document import Paragraph, Sentence

# Titles put before a name (AP style included: "Det. Dennis McCarthy", "Sens."),
# and those of other Englishes: Indian "Smt." and "Kum.", Nigerian "Engr.", "Barr.",
# "Alh.", "Pst.", Canadian "Coun." and "Cst.", a priest's "Fr.", an advocate's "Adv.".
_TITLES = frozenset(
    """
    mr mrs ms mx dr prof sen sens rep reps gov gen col lt sgt capt cmdr adm maj rev hon
    pres messrs mme mlle det cpl pvt supt insp atty msgr
    smt kum engr barr alh pst coun cllr cst const fr adv rt brig cdr lieut pte
    """.split()
)
# The academic ranks of university press releases ("Assoc. Prof. Mei Lin Ong", "Asst.
# Prof."): titles before a title or a name, but the end of a firm's name after "&" ("the
# contract went to Smith & Assoc. The firm said ...") and of a sentence before a word
# that opens one ("... an Asst. It said ...").
_RANKS = frozenset({"assoc", "asst"})

# Words after which a period never ends a sentence: titles, and abbreviations
# that are always followed by more of the same sentence.
_NEVER_FINAL = _TITLES | frozenset(
    """
    vs v e.g i.e cf fig figs approx dept est vol ch para eds
    """.split()
)
# Capitals that spell one of those abbreviations but are a word of their own: "EST" is
# Eastern Standard Time ("at 10 a.m. EST. Runners ..."), not "est." (established).
_NOT_ABBREVIATIONS = frozenset({"EST"})

# Abbreviations that end no sentence when a number follows: "No. 5", "p. 12",
# "Art. 5", "max. 10 hrs", "Eq. 2", "ed. 3", "Rs. 500" (rupees), and the years of
# "c. 1450", "ca. 1890", "b. 1950", "d. 2001", "fl. 1320".
_BEFORE_NUMBER = frozenset(
    "no nos p pp art arts sec secs max min tel nr eq eqs ed rs c ca b d fl".split()
)
# Days of the week before a date ("on Wed. 5 June"); capitalised only, so that "in
# the sun. 10 people fainted" still ends its sentence.
_DAYS_BEFORE_NUMBER = frozenset("Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split())

# Abbreviations that may or may not end a sentence: they end one only when the
# next word is one that typically opens a sentence. Street and place words belong
# here, not with the titles: "St." before a name is Saint ("St. John's", "St. Louis")
# but ends "He lives on Main St. The house is old."; likewise "Ft." (Fort, feet),
# "Mt.", the months ("in Jan. The deal ...", but "Jan. 5") and "et al."; "esp." and
# "incl." ("thanks, esp. @rob", "£40 incl. VAT"); German and Czech "Mio.", "Mrd.",
# "mld." and "Tsd." left in MT ("1,2 Mrd. Euro", "25 Mio. euros"); and the AP abbreviations of US
# states that are no English words ("MADISON, Wis. — Starting next fall ...").
_US_STATES = frozenset(
    """
    ala ariz calif colo conn fla ga kan ky mich minn mont neb nev okla tenn vt wis wyo
    """.split()
)
_MAYBE_FINAL = (
    frozenset(
        """
    u.s u.k u.n e.u u.s.a a.m p.m inc ltd co corp jr sr plc bros llc ag sa gmbh d.c n.y
    l.a st ste mt ft ave rd blvd jan feb aug sep sept oct nov dec al esp incl excl viz
    mio mrd mld tsd
    """.split()
    )
    | _US_STATES
)

# Abbreviations that close what comes before them: a company's name ("Acme Corp.",
# "Procter & Gamble Co."), a street's ("Fifth Ave.", "Elm Rd.") or a clock time
# ("5 p.m."). Mid-sentence, a capitalised word after one starts something that
# belongs to it: a title ("Apple Inc. Chief Executive Tim Cook", "Acme Inc. CEO"), a
# compass point ("Fifth Ave. South"), a day or time zone ("5 p.m. Friday", "8 p.m.
# Eastern time", "3 p.m. Moscow time"). Any other capitalised word followed by a
# lowercase one ("Acme Corp. Shares rose", "at 5 p.m. Police said") opens a new
# sentence. Not "Bros.", which goes on ("Warner Bros. Discovery"), nor "St." or
# "D.C." ("St. Louis officials", "the D.C. Council said"). Each closer: what must
# stand before it, what may follow it.
_COMPANY_TITLES = frozenset(
    """
    chief president vice chairman chairwoman chair executive director founder cofounder
    co-founder spokesman spokeswoman spokesperson head managing general senior deputy board
    treasurer secretary chairperson owner partner
    """.split()
)
_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = (
    "january february march april may june july august september october november december"
).split()
WEEKDAYS = frozenset(_WEEKDAYS)
_TIME_WORDS = frozenset(
    [
        *_WEEKDAYS,
        *MONTHS,
        *"""
        eastern central pacific mountain atlantic alaska hawaii local standard daylight
        greenwich british
        """.split(),
    ]
)
# A company's name before its designator: a capitalised word or "&" ("AT&T Inc.",
# "Procter & Gamble Co."); "in Co. Kerry" is a county, no company.
_COMPANY_BEFORE = re.compile(r"(?:[A-Z][\w'’&.-]*|&)\s+$")
_STREET_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th))\s+$")
_TIME_BEFORE = re.compile(r"\d\s*$")
# A state closes the place before it and its comma ("Fresno, Calif."); after it a
# capitalised subject opens a sentence ("... Fresno, Calif. Police said ...").
_PLACE_BEFORE = re.compile(r"[A-Z][\w'’.-]*,\s+$")
_NAME_CLOSERS: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {
    **dict.fromkeys(
        "inc corp co ltd plc llc ag sa gmbh".split(), (_COMPANY_BEFORE, _COMPANY_TITLES)
    ),
    **dict.fromkeys("ave rd blvd".split(), (_STREET_BEFORE, _COMPASS)),
    **dict.fromkeys("a.m p.m".split(), (_TIME_BEFORE, _TIME_WORDS)),
    **dict.fromkeys(_US_STATES, (_PLACE_BEFORE, frozenset())),
}
_CAPITALISED_THEN_LOWER = re.compile(r"([A-Z][a-z'’-]+)[ \t]+([a-z]+)")

# Abbreviations that end the sentence before any capitalised word: a list that
# trails off in "etc." is not followed by a name ("courts, etc. Many firms ...").
_FINAL_ABBREVIATIONS = frozenset({"etc"})

# Words that open sentences and never go on a name, a title or a company's name
# ("Apple Inc. Many analysts ...", but "Apple Inc. Chief Executive ...").
_SENTENCE_OPENERS = frozenset(
    """
    the a an he she it they we i you but and or so yet in on at of for to from with this
    that these those there here his her their its our my your as if when while after before
    however meanwhile according also then now still although though because since despite
    during mr mrs ms dr prof what who why how where which
    many some both each several none another such not even earlier later today yesterday
    once therefore moreover besides otherwise unfortunately currently instead finally
    nevertheless furthermore
    """.split()
)

_TERMINAL = ".!?…‽"
_CJK_TERMINAL = "。！？"
# What may close a sentence after its final mark. “ and ‘ close German quoting
# („Wir kommen.“, ‚so.‘), « and ‹ German and Danish »…« and ›…‹, › French ‹…›:
# without them, a quoted sentence ending in one ran on into the next. The same marks
# open English (“Why”, ‘so’) and French (« Bonjour ») quoting, which MT glues to the
# full stop before them ('He left.“ Why would he?”'), so they close only a quote
# their opener left open (_AMBIGUOUS_CLOSERS).
_QUOTES = "\"'”’»“‘«‹›"
_CLOSERS = _QUOTES + ")]」』"
# After 。！？ a “ opens the next sentence (Chinese quotes “…”), so it is no closer there.
_CJK_CLOSERS = "\"'”’»)]」』"

# Invisible characters pasted in from web pages and word processors (zero-width
# space, joiners, word joiner, BOM): next to a sentence's closing space they are
# read as part of it, not as a word that stops the sentence from ending.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_BOUNDARY = re.compile(
    r"(?P<punct>[.!?…‽]+(?:[ \t\u00a0\u202f][.!?…‽]+)*)"
    rf"(?P<close>[{re.escape(_CLOSERS)}{_ZERO_WIDTH}]*)"
    rf"(?P<space>\s[\s{_ZERO_WIDTH}]*)"
)
_CJK_BOUNDARY = re.compile(f"[。！？]+[{re.escape(_CJK_CLOSERS)}]*")
# Who said a quoted question or exclamation, right after it: '"Why?" Smith asked.'
# The clause ends there, so a new sentence that happens to open with a name and a
# speech verb ("Smith said the plan ...") is not taken for one.
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,3}"
    r"(?:said|says|asked|asks|added|adds|replied|replies|shouted|wrote|writes|exclaimed"
    r"|insisted|cried|yelled|wondered|demanded|recalled|joked)"
    r"(?=\s*[,.;:!?])"
)
# Each closer that also opens quoting, with the opener it closes: “ after „, ‘ after
# ‚, « after » (German, Danish), ‹ after › (Danish), › after ‹ (French).
_AMBIGUOUS_CLOSERS = {"“": "„", "‘": "‚", "«": "»", "‹": "›", "›": "‹"}


_QUOTE_MARK = re.compile("[„‚“‘”»«›‹]")
# »…« and «…» share their marks, as ›…‹ and ‹…› do: each closes the other's quote.
_PARTNER = {"»": "«", "«": "»", "›": "‹", "‹": "›"}


class _OpenQuotes:
    """Which quotes are open at a point of a run, read once from its start as the
    points asked about move on: a German quote may hold several sentences."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.pos = start
        # Keyed by the opener: whether a quote it opened is still open.
        self.open = dict.fromkeys("„‚»«›‹“", False)

    def closes(self, pos: int) -> bool:
        """Whether the mark at ``pos`` (a key of _AMBIGUOUS_CLOSERS) closes an open
        quote. In 'Il a dit « oui ».' the » closes French quoting, so no Danish quote
        is left for a later « to close. A “ also closes an English “ left open: MT
        types its closing quote as a second opening one ('She said “Go home.“ Then
        she left.'), and the quoted sentence ran on into the next."""
        self.advance(pos)
        c = self.text[pos]
        return self.open[_AMBIGUOUS_CLOSERS[c]] or (c == "“" and self.open["“"])

    def advance(self, pos: int) -> None:
        """Read the marks before ``pos``. „ closes with “ in German and with ” in
        Polish, Dutch, Hungarian or Romanian quoting („cytat”). A » or › opens a
        German or Danish quote only glued to the word it quotes (»Hallo«): one between
        spaces is a breadcrumb's separator ('Home » News'), whose « was no closer."""
        for m in _QUOTE_MARK.finditer(self.text, self.pos, pos):
            c = m.group()
            if c in "„‚":
                self.open[c] = True
            elif c == "“":
                if self.open["„"]:
                    self.open["„"] = False
                else:
                    self.open["“"] = not self.open["“"]
            elif c == "‘":
                self.open["‚"] = False
            elif c == "”":
                self.open["„"] = self.open["“"] = False
            elif self.open[_PARTNER[c]]:
                self.open[_PARTNER[c]] = False
            elif c not in "»›" or not self.text[m.end() : m.end() + 1].isspace():
                self.open[c] = True
        self.pos = max(self.pos, pos)

    def closers(self, lo: int, hi: int) -> frozenset[int]:
        """Where in ``text[lo:hi]`` a “ or ‘ closes an open quote, read on a copy, so
        this run's own reading stays at ``lo`` (one pass: a window's cut points are
        tried from its end backwards)."""
        self.advance(lo)
        ahead = _OpenQuotes(self.text, lo)
        ahead.open = dict(self.open)
        found: set[int] = set()
        for m in re.finditer("[“‘]", self.text[lo:hi]):
            if ahead.closes(lo + m.start()):
                found.add(lo + m.start())
        return frozenset(found)


# What may follow "& Assoc." in the sentence: a firm's suffix ("Smith & Assoc. LLP was
# fined") or the rank's "Prof." ("Lim & Assoc. Prof. Tan"); "Mr.", "Dr." or "Lawyers"
# open the next sentence.
_AFTER_AMPERSAND_RANK = frozenset("inc llc llp ltd plc co corp pllc gmbh prof professor".split())
_NEXT_WORD = re.compile(r"[A-Za-z]+")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)$")
_INITIAL = re.compile(r"(?:^|[\s(\"“])[A-Z]$")
_BULLET = re.compile(r"(?:[•·*▪◦‣–—-]|\d{1,2}[.)])\s")
# The number or letter that opens a list item or section ("1. Preheat the oven",
# "II. Background", "b. Bake", "2) Stir"): its period marks the item, it ends no
# sentence, and the word after it opens the sentence (names.py reads it so).
LIST_MARKER = re.compile(r"(?:\d{1,2}|[IVX]{1,4}|[a-z])[.)]")

# A day of the month written with the German, Czech or Nordic ordinal dot before an
# English month name ("since 13. October", "from 3. March to 5. April"): the dot is the
# ordinal's, not a sentence end. The number must stand alone ("2-1. October was ..."
# ends a score's sentence).
_MONTH_NAMES = "|".join(month.capitalize() for month in MONTHS)
DAY_DOT_MONTH = re.compile(rf"(?<![\d.,:/\-–])\b([1-9]|[12]\d|3[01])\.[ \u00a0]({_MONTH_NAMES})\b")
# Words that put a date after them ("since", "on Friday, 13. October", "as of 1. May",
# "by 1. May", "effective 1. July", "the 1. May demonstrations"); not "to" or "and",
# which also join scores and counts ("they won 3 to 1. October was ...") ...
_DATE_LEADS = frozenset(
    [
        *"""
        since on from until till before after between through dated starting beginning
        effective
        """.split(),
        *_WEEKDAYS,
    ]
)
# Leads that also end a clause with a number ("won by 3.", "a score of 1.", "took the
# 405."): the month after them opens a sentence when a verb follows it ("won by 3.
# March was ..."), and a date goes on otherwise ("by 1. May the ministry must ...").
_NUMBER_LEADS = frozenset("of by the".split())
_MONTH_AS_SUBJECT = re.compile(
    r"[ \u00a0]+(?:is|was|were|has|had|have|saw|brought|began|ended|will|would|could|"
    r"proved|became|remains|remained)\b"
)
# ... and what goes on after a date's month: a year, the clause's punctuation, or a
# word that carries the sentence on ("13. October in Prague"), where a sentence that
# opened with the month would go on with a verb ("... finished 3. March saw ...").
_AFTER_DATE = re.compile(
    r"[ \u00a0]*(?:$|[\d.,;:!?)\]\n]"
    r"|(?:in|at|to|until|till|and|or|through|last|this|next|when|while|onwards)\b)"
)
# A date written in numbers with the ordinal dots and spaces of Czech, Slovak or German
# ("on 1. 4. 2022"): neither dot ends a sentence.
SPACED_NUMERIC_DATE = re.compile(
    r"(?<![\d.,:/\-–])\b(0?[1-9]|[12]\d|3[01])\.[ \u00a0](0?[1-9]|1[0-2])\.[ \u00a0]?"
    r"((?:1[89]|20)\d\d)\b(?![.,]\d)"
)
# Names that keep their ordinal dot in English too: German clubs and leagues ("1. FC
# Köln", "1. FSV Mainz 05", "the 2. Bundesliga", "3. Liga") and Croatian and Slovenian
# leagues ("1. HNL", "1. SNL").
DOTTED_NAME = re.compile(
    r"(?<![\d.,\-–])\b"
    r"(?:1\.[ \u00a0](?:FC|FFC|FSV|SC|SV)|[1-4]\.[ \u00a0](?:Bundesliga|Liga|HNL|SNL))\b"
)
_LEAD_WORD = re.compile(r"([A-Za-z]+)[ \u00a0]*,?[ \u00a0]+$")
# "his 60. World Cup victory", "the 3. win": German "sein 60. Weltcupsieg" with its
# ordinal dot kept. After a determiner a number that takes a dot and goes on (a
# lowercase word, or a capitalised one that opens no sentence) is an ordinal.
DETERMINER_DOT_ORDINAL = re.compile(
    r"\b(?:the|his|her|their|its|our|my|your)[ \u00a0]+(\d{1,3})\.[ \u00a0]+([A-Za-z]+)",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|his|her|their|its|our|my|your)[ \u00a0]+$", re.I)
_LOWERCASE_NEXT = re.compile(r"[ \u00a0]+[a-z]")

# A "sentence" longer than this is cut at the best clause boundary, so that one
# unpunctuated blob (a table, a pasted list) never becomes a single unit.
MAX_SENTENCE_CHARS = 1000


@dataclass(frozen=True)
class Segmentation:
    paragraphs: list[Paragraph]
    sentences: list[Sentence]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset``, if any (binary search)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def sentence_of(self, start: int, end: int) -> Sentence | None:
        """The sentence a span ``[start, end)`` belongs to: the one holding ``start``, else
        the first it runs into. T102's `` - `` before a line of dialogue opens in the gap
        between two sentences; tied to none, it was in no sentence of any report (the
        terminal said "No findings.")."""
        # Sentences are sorted and never overlap: the first that ends after ``start``
        # holds it or, if it opens before ``end``, is the first the span runs into. A scan
        # from the first sentence per finding was quadratic on a long text's findings.
        i = bisect.bisect_right(self.sentences, start, key=lambda s: s.end)
        if i == len(self.sentences):
            return None
        found = self.sentences[i]
        return found if found.start <= start or found.start < end else None


def segment(text: str) -> Segmentation:
    """Split ``text`` into paragraphs (blank-line separated) and sentences."""
    paragraphs: list[Paragraph] = []
    cuts: set[int] = {0, len(text)}
    for block_start, block_end in _blocks(text):
        start, end = trim_span(text, block_start, block_end)
        if start >= end:
            continue
        paragraphs.append(Paragraph(len(paragraphs), start, end))
        cuts.add(block_start)
        cuts.add(block_end)
        cuts.update(_paragraph_cuts(text, start, end))

    sentences: list[Sentence] = []
    ordered = sorted(cuts)
    para_i = 0
    for a, b in itertools.pairwise(ordered):
        for s, e in _split_long(text, *trim_span(text, a, b)):
            if s >= e:
                continue
            while para_i + 1 < len(paragraphs) and paragraphs[para_i].end <= s:
                para_i += 1
            sentences.append(Sentence(len(sentences), s, e, text[s:e], para_i))
    return Segmentation(paragraphs, sentences)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Stretches separated by lines that hold only whitespace."""
    blocks: list[tuple[int, int]] = []
    block_start = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.isspace() or not line:
            if pos > block_start:
                blocks.append((block_start, pos))
            block_start = pos + len(line)
        pos += len(line)
    if pos > block_start:
        blocks.append((block_start, pos))
    return blocks


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without its leading and trailing white space, as offsets."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank lines of a paragraph as trimmed (start, end) offsets."""
    out: list[tuple[int, int]] = []
    pos = start
    for raw in text[start:end].splitlines(keepends=True):
        s, e = trim_span(text, pos, pos + len(raw))
        if s < e:
            out.append((s, e))
        pos += len(raw)
    return out


def _paragraph_cuts(text: str, start: int, end: int) -> list[int]:
    lines = _lines(text, start, end)
    wrapped = _looks_hard_wrapped(text, lines)
    line_cuts = {
        e1 for (s1, e1), (s2, _e2) in itertools.pairwise(lines) if not _joins(text, e1, s2, wrapped)
    }
    cuts = list(line_cuts)
    for s, e in _runs(lines, line_cuts):
        cuts.extend(_sentence_cuts(text, s, e))
    return cuts


def _runs(lines: list[tuple[int, int]], line_cuts: set[int]) -> list[tuple[int, int]]:
    """Consecutive lines joined into one stretch wherever no line cut separates them."""
    runs: list[tuple[int, int]] = []
    for s, e in lines:
        if runs and runs[-1][1] not in line_cuts:
            runs[-1] = (runs[-1][0], e)
        else:
            runs.append((s, e))
    return runs


def _looks_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """A paragraph typed with manual line breaks (e-mail, Markdown source)."""
    if len(lines) < 3:
        return False
    lengths = [e - s for s, e in lines]
    longest = max(lengths)
    if longest > 100 or longest < 30:
        return False
    body = lines[:-1]
    open_ended = sum(1 for s, e in body if _open_ended(text, e))
    even = sum(1 for s, e in body if (e - s) >= 0.6 * longest)
    return open_ended * 2 >= len(body) and even == len(body)


def _open_ended(text: str, e: int) -> bool:
    """Whether a line ending at ``e`` stops short of a sentence end (an abbreviation's
    period, as in "Mr.", is no sentence end)."""
    last = text[e - 1]
    if last == ".":
        return _abbreviation(text[max(0, e - 41) : e - 1]) is not None
    return last not in _TERMINAL + ":"


def _joins(text: str, e1: int, s2: int, wrapped: bool) -> bool:
    """Whether the line break between two lines falls inside a sentence."""
    if _BULLET.match(text, s2):
        return False
    if text[e1 - 1] == "." and _abbreviation_runs_on(text, e1 - 1, s2, wrapped):
        return True
    if text[e1 - 1] in _TERMINAL + _CJK_TERMINAL + ":":
        return False
    if wrapped:
        return True
    # An unfinished line followed by a lowercase word is a wrapped sentence.
    nxt = text[s2]
    return nxt.islower() and (text[e1 - 1].isalnum() or text[e1 - 1] in ",;")


def _abbreviation_runs_on(text: str, dot: int, s2: int, wrapped: bool) -> bool:
    """Whether a line that ends in an abbreviation ("Mr.", "(i.e.", "the U.S.") goes on
    into the next line, which starts at ``s2``."""
    before = text[max(0, dot - 40) : dot]
    word = _abbreviation(before)
    if word is None or _is_boundary(text, dot, ".", s2):
        return False
    # Outside hard-wrapped prose a line is usually a paragraph of its own, so the
    # break counts as inside a sentence only where a paragraph cannot end: after a
    # title, or before a lowercase word or a number ("on Sept." + "11 ...").
    nxt = text[s2]
    return wrapped or word in _TITLES or word in _RANKS or nxt.islower() or nxt.isdigit()


def _abbreviation(before: str) -> str | None:
    """The abbreviation or initial that ``before`` ends with (lowercase, without its
    final period), or None when the word there is no abbreviation."""
    word_match = _WORD_BEFORE.search(before)
    if not word_match:
        return None
    word = word_match.group(1).lower().rstrip(".")
    known = any(
        word in words
        for words in (_NEVER_FINAL, _MAYBE_FINAL, _FINAL_ABBREVIATIONS, _BEFORE_NUMBER, _RANKS)
    )
    if known or _is_dotted_acronym(word) or _INITIAL.search(before):
        return word
    return None


def _is_dotted_acronym(word: str) -> bool:
    return "." in word and all(len(p) <= 2 for p in word.split("."))


def _sentence_cuts(text: str, start: int, end: int) -> list[int]:
    # What follows the run's last letter or digit is no sentence of its own: a
    # spaced closing quote (MT writes 'the world. "'), a trailing emoji, a stray dash.
    tail = _last_alnum(text, start, end) + 1
    cuts: list[int] = []
    quotes = _OpenQuotes(text, start)
    for m in _BOUNDARY.finditer(text, start, end):
        after = m.end()
        if after >= tail or LIST_MARKER.fullmatch(text, start, m.end("punct")):
            continue
        if not _quotes_close(quotes, m.start("close"), m.end("close")):
            continue
        if _is_boundary(text, m.start(), m.group("punct"), after):
            cuts.append(m.start("space"))
    for m in _CJK_BOUNDARY.finditer(text, start, end):
        if m.end() < tail:
            cuts.append(m.end())
    return cuts


def _quotes_close(quotes: _OpenQuotes, lo: int, hi: int) -> bool:
    """Whether every mark in ``text[lo:hi]``, after a sentence's final mark, closes:
    an opening “ or « glued to the stop ('He left.“ Why', 'Il a dit.« Bonjour') leaves
    no space after the stop, so no sentence ends there."""
    text = quotes.text
    return all(quotes.closes(i) for i in range(lo, hi) if text[i] in _AMBIGUOUS_CLOSERS)


def _last_alnum(text: str, start: int, end: int) -> int:
    """Index of the last letter or digit in ``text[start:end]``, or ``start - 1``."""
    i = end - 1
    while i >= start and not text[i].isalnum():
        i -= 1
    return i


def _is_boundary(text: str, punct_start: int, punct: str, after: int) -> bool:
    """Whether ``punct`` at ``punct_start`` ends a sentence, the next one starting at
    ``after``."""
    nxt = text[after]
    if nxt.islower() or nxt in ",;:)]}" or nxt in _TERMINAL:
        return False
    if punct != ".":
        closed_quote = any(c in _QUOTES for c in text[punct_start + len(punct) : after])
        return not (closed_quote and _ATTRIBUTION.match(text, after))
    before = text[max(0, punct_start - 40) : punct_start]
    if _INITIAL.search(before):
        return _initial_ends_sentence(text, punct_start - 1, after)
    word_match = _WORD_BEFORE.search(before)
    if not word_match:
        return not (
            _ends_day_of_month(text, punct_start)
            or DOTTED_NAME.match(text, max(0, punct_start - 1))
            or _ends_ordinal_after_determiner(text, punct_start)
            or _inside_numeric_date(text, punct_start)
        )
    if word_match.group(1) in _NOT_ABBREVIATIONS:
        return True
    word = word_match.group(1).lower().rstrip(".")
    before_number = word in _BEFORE_NUMBER or word_match.group(1) in _DAYS_BEFORE_NUMBER
    if word in _NEVER_FINAL or (before_number and nxt.isdigit()):
        return False
    if word in _RANKS:
        return _rank_ends_sentence(before[: word_match.start()], text, after)
    if word in _MAYBE_FINAL or _is_dotted_acronym(word):
        next_word = _NEXT_WORD.match(text, after)
        if next_word and next_word.group(0).lower() in _SENTENCE_OPENERS:
            return True
        return word in _NAME_CLOSERS and _opens_after_closer(
            word, before[: word_match.start()], text, after
        )
    return True


def _rank_ends_sentence(left: str, text: str, after: int) -> bool:
    """Whether "Assoc." or "Asst.", with ``left`` before it, ends its sentence: after "&"
    it closes a firm's name unless the firm's suffix or "Prof." follows ("Smith & Assoc.
    LLP", "Lim & Assoc. Prof. Tan"), and before a word that opens sentences (a title
    aside) it ends the clause."""
    next_word = _NEXT_WORD.match(text, after)
    if next_word is None:
        return True
    word = next_word.group(0).lower()
    if left.rstrip().endswith("&"):
        return word not in _AFTER_AMPERSAND_RANK
    return word in _SENTENCE_OPENERS and word not in _TITLES


def reads_as_date(text: str, m: re.Match[str]) -> bool:
    """Whether the day with an ordinal dot and the month that ``DAY_DOT_MONTH`` matched
    at ``m`` ("13. October") read as one date: a date word leads up to them ("since",
    "on Friday,", "as of") or the month goes on as a date does (a year, punctuation, "in
    Prague"). Not where the number opens a line or a sentence: "1. January sales" is a
    list item."""
    previous = text[max(0, m.start() - 3) : m.start()].rstrip(" \t\u00a0")
    if not previous or previous[-1] in ".!?\n":
        return False
    if _AFTER_DATE.match(text, m.end()):
        return True
    lead = _LEAD_WORD.search(text, max(0, m.start() - 40), m.start())
    word = lead.group(1).lower() if lead else ""
    if word in _NUMBER_LEADS:
        return not _MONTH_AS_SUBJECT.match(text, m.end())
    return word in _DATE_LEADS


def _ends_day_of_month(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` is a day's ordinal dot before a month's name."""
    day = dot - 2 if dot >= 2 and text[dot - 2].isdigit() else dot - 1
    m = DAY_DOT_MONTH.match(text, day) if day >= 0 else None
    return m is not None and reads_as_date(text, m)


def reads_as_ordinal(text: str, m: re.Match[str]) -> bool:
    """Whether the number with a dot that ``DETERMINER_DOT_ORDINAL`` matched at ``m``
    is an ordinal ("his 60. World Cup victory", "the 3. win"), not the end of a
    sentence ("... and his 60. The rest ...", "He took the 405. Traffic was bad") nor a
    league's name ("the 2. Bundesliga")."""
    follower = m.group(2)
    if follower[0].isupper() and (
        opens_sentences(follower) or _LOWERCASE_NEXT.match(text, m.end())
    ):
        return False
    return not DOTTED_NAME.match(text, m.start(1))


def _ends_ordinal_after_determiner(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` is an ordinal's dot after a determiner."""
    number = dot
    while number > 0 and number > dot - 3 and text[number - 1].isdigit():
        number -= 1
    if number == dot:
        return False
    lead = _DETERMINER_BEFORE.search(text, max(0, number - 8), number)
    m = DETERMINER_DOT_ORDINAL.match(text, lead.start()) if lead else None
    return m is not None and m.end(1) == dot and reads_as_ordinal(text, m)


def _inside_numeric_date(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` follows the day or the month of a date written
    "1. 4. 2022"."""
    for m in SPACED_NUMERIC_DATE.finditer(text, max(0, dot - 7), min(len(text), dot + 12)):
        if dot in (m.end(1), m.end(2)):
            return True
    return False


def opens_sentences(word: str) -> bool:
    """Whether ``word`` is one that opens sentences and goes on no name ("The", "In",
    "Many"): after a period that might be an abbreviation's or an ordinal's, it says
    the sentence ended there."""
    return word.lower() in _SENTENCE_OPENERS


def _opens_after_closer(word: str, before: str, text: str, after: int) -> bool:
    """Whether the words at ``after``, right after the closer ``word`` (which
    ``before`` leads up to), open a sentence: a capitalised word that does not
    belong to what the closer closed, followed by a lowercase one."""
    closed, goes_on = _NAME_CLOSERS[word]
    if not closed.search(before):
        return False
    m = _CAPITALISED_THEN_LOWER.match(text, after)
    if not m or m.group(1).lower() in goes_on:
        return False
    return not (closed is _TIME_BEFORE and m.group(2) == "time")


def _initial_ends_sentence(text: str, letter: int, after: int) -> bool:
    """A capital letter and a period usually are an initial ("George W. Bush"), but
    end a sentence when a word follows that names no one: "antibodies A and G. But
    there is ...". A letter that opens its line labels it ("Q. Can you ...", "A. If
    you are ..."), and a single letter next is one more initial ("J. R. R. Tolkien")."""
    # Look back at most 40 characters for the line start (a long line scanned once
    # per letter would make segmenting quadratic).
    line_break = text.rfind("\n", max(0, letter - 40), letter)
    found_line_start = line_break >= 0 or letter <= 40
    if found_line_start and not text[line_break + 1 : letter].strip():
        return False
    next_word = _NEXT_WORD.match(text, after)
    if not next_word or len(next_word.group(0)) < 2:
        return False
    return next_word.group(0).lower() in _SENTENCE_OPENERS


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long stretch at clause boundaries, then at whitespace."""
    pieces: list[tuple[int, int]] = []
    quotes = _OpenQuotes(text, start)
    while end - start > MAX_SENTENCE_CHARS:
        cut = _long_cut(text, start, quotes)
        pieces.append(trim_span(text, start, start + cut))
        start, end = trim_span(text, start + cut, end)
    pieces.append((start, end))
    return pieces


# What closes the words before it: no piece of a cut stretch may open with it. A cut
# at the space of "word ;" (French spacing, the ';' the window's last character) made
# a sentence "; more words". A quote mark closes only when no word follows it: the
# same marks open text in German and Danish quoting ("»Hallo«", "›so‹"), Swedish
# ("”Hej”") and elisions ("’tis", "’90s"), where a cut before them is as good as any;
# “ and ‘ close German quoting („so“, ‚so‘) but open English (“$5 million”, “…”), so
# they close only a quote that „ or ‚ opened in the stretch (_closes_german_quote). «
# and ‹ are left to cut before: spaced, they open French quoting (« Bonjour ») as
# often as they close Danish.
_OPENS_WITH_CLOSING = re.compile(r"\s*(?:[;:,.!?)\]}…]|[»”’›](?!\w))")
_OPENS_WITH_QUOTE = re.compile(r"\s*[“‘](?!\w)")
_SPACES = re.compile(r"\s*")


def _long_cut(text: str, start: int, quotes: _OpenQuotes) -> int:
    """Where to cut the stretch from ``start`` (the length of its first piece): the
    last clause boundary in the second half of ``MAX_SENTENCE_CHARS``, else the last
    space there, that leaves no closing punctuation at the next piece's start.
    ``quotes`` reads the stretch's quotes from where it began, before any piece was
    cut from it."""
    window = text[start : start + MAX_SENTENCE_CHARS]
    # The quote marks a cut point may be followed by, its spaces between.
    reach = _SPACES.match(text, start + MAX_SENTENCE_CHARS).end() + 1
    closing = quotes.closers(start, reach)
    for sep in ("; ", ": ", ", ", " "):
        hi = len(window)
        while (found := window.rfind(sep, MAX_SENTENCE_CHARS // 2, hi)) > 0:
            cut = found + len(sep) - 1
            at = start + cut
            if not (_OPENS_WITH_CLOSING.match(text, at) or _closes_german_quote(text, closing, at)):
                return cut
            hi = cut
    return MAX_SENTENCE_CHARS


def _closes_german_quote(text: str, closing: frozenset[int], pos: int) -> bool:
    m = _OPENS_WITH_QUOTE.match(text, pos)
    return m is not None and m.end() - 1 in closing
