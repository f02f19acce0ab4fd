"""The legacy (not UTF-8) code page of a text: charset_normalizer's matches, weighed
by chaos, the web's preference and the words of each reading."""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from collections.abc import Iterator

import charset_normalizer
from charset_normalizer.md import mess_ratio
from charset_normalizer.utils import is_multi_byte_encoding

from audits.names import zipf_en
from audits.sources.wide_text import _MAX_MESS, _WIDE_SCRIPTS, _control_ratio, _wide_count


def _page_reading(data: bytes, whole: tuple[str, str] | None) -> tuple[str, str] | None:
    """A page's reading: ``whole`` (detected on all of its bytes) weighed by its words
    against the bytes read in the encoding detected for its text alone, its tags,
    scripts and styles left out, a CDATA section's text kept. Detected whole, a
    Czech cp1250 page with a large <head> was judged by its CSS and script: ASCII,
    which every code page reads alike, outweighing the few paragraphs that tell
    them apart, and the words weighed (the first ``_WORDS_SAMPLE`` characters of
    text) were the head's alone.
    The text alone is no verdict either: a one-sentence page is a few dozen bytes
    padded with blanks where the tags stood, and cp1252 Portuguese read as
    iso8859_10 on them ("Aįão"), mac_roman English as cp1252 ("Zo‘ Bront‘")."""
    text = _MARKUP_BYTES.sub(b" ", data)
    if text.isascii():
        return whole
    best = _most_likely(charset_normalizer.from_bytes(text), text)
    page = None
    if best is not None:
        try:
            page = data.decode(best[1]), best[1]
        except (UnicodeDecodeError, LookupError):
            page = None
    if page is None or whole is None or page[0] == whole[0]:
        return page or whole
    return _most_words({page[1]: page[0], whole[1]: whole[0]}, page[1])


# Markup left out where a page's text is read: scripts, styles, comments and tags,
# and a CDATA section's markers but not its text (a feed's <description> is CDATA,
# and taken whole as one tag it left the titles alone to detect on). One source for
# the str and bytes forms, so that the words weighed are the text detected on.
_MARKUP_SOURCE = r"<!\[CDATA\[|\]\]>|<(script|style)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>"
_MARKUP_BYTES = re.compile(_MARKUP_SOURCE.encode("ascii"), re.DOTALL | re.IGNORECASE)
_MARKUP = re.compile(_MARKUP_SOURCE, re.DOTALL | re.IGNORECASE)


# Among encodings that decode the bytes equally well, the more common one on the
# web wins: a short French text in cp1252 reads just as "cleanly" in cp1250.
_WEB_PREFERENCE = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "koi8_r",
    "cp1250",
    "iso8859_2",
)


def _own_right(data: bytes) -> list[str]:
    """The common web code pages ``data`` is read in even where charset_normalizer's
    matches lack them: cp1252 always, iso8859_2 where a byte is one of its letters
    from 0xA1 to 0xBF ("ą", "ł", "ś", "š", "ž"; symbols in cp1252: a German text has
    none, but French guillemets and Spanish ¡ ¿ are among them, and such a text pays
    one more pass, its iso8859_2 reading then losing on words) and none is a C1
    control in it (0x80 to 0x9F, cp1252's quotes and dashes)."""
    if not data:
        return []
    if _ISO8859_2_LETTER.search(data) and not _C1.search(data):
        return ["cp1252", "iso8859_2"]
    return ["cp1252"]


_ISO8859_2_LETTER = re.compile(
    rb"[\xa1\xa3\xa5\xa6\xa9-\xac\xae\xaf\xb1\xb3\xb5\xb6\xb9-\xbc\xbe\xbf]"
)
_C1 = re.compile(rb"[\x80-\x9f]")


# How much more chaos (charset_normalizer's measure of odd characters, 0 to 1) a
# common web encoding may show than the best guess and still be taken: "café" and
# "José" in cp1252 read as "cafť" and "Josť" in mac_latin2, a hair less chaotic
# (0.0 against 0.036) on a short English text, and cp1252 was not even among the
# guesses. Coherence (the letters' fit to a language) must still tie.
_CHAOS_MARGIN = 0.05


def _most_likely(
    matches: charset_normalizer.CharsetMatches, data: bytes = b""
) -> tuple[str, str] | None:
    """The likeliest reading of ``data`` among ``matches`` (charset_normalizer's for it)
    and a few code pages it passes over, as (text, encoding)."""
    best = matches.best()
    if best is None:
        return _only_reading(data)
    candidates = list(matches)
    for encoding in _own_right(data):
        # cp1252, the legacy encoding of English on the web, and iso8859_2, judged in
        # their own right: charset_normalizer leaves one out when another code page
        # decodes alike (folded into that page's match, with that page's coherence),
        # stops before it, or skips it as "too similar" to one that failed: a long
        # Polish iso8859_2 text failed as cp1250 on the chunks it samples, iso8859_2
        # went untried, and iso8859_14 won ("Rzḟd przyjḟġ"). One pass each: passed
        # together, the same skip held. A match of its own already is what a pass
        # of it alone would find again.
        if not any(m.encoding == encoding for m in candidates):
            candidates += list(charset_normalizer.from_bytes(data, cp_isolation=[encoding]))
    english = _english_reading(data, candidates, best)
    if english is not None:
        return english
    ties = [
        m
        for m in candidates
        if m.chaos - best.chaos < _CHAOS_MARGIN and abs(m.coherence - best.coherence) < 1e-6
    ]

    pick = min(ties, key=lambda m: (not _wide_reading(m), _web_rank(m.encoding)))
    whole = _whole_word_readings(pick, candidates, best)
    readings: dict[str, str] = {}
    if whole:
        # The reading that broke words is weighed still, by its words against theirs:
        # a writer's symbol between letters ("Lego®Duplo") breaks a word as much as a
        # code page's, and left out, Mac Central European's "LegoģDuplo ... 30 Ä"
        # won unweighed against cp1252's French.
        ties = [*whole, pick]
        pick = min(whole, key=lambda m: (-m.coherence, _web_rank(m.encoding)))
    readings[pick.encoding] = str(pick)
    for m in ties:
        readings.setdefault(m.encoding, str(m))
    for m in candidates:
        # A common web code page that reads the bytes as cleanly is weighed by its
        # words too, whatever its coherence: charset_normalizer's letter frequencies
        # favoured iso8859_14, whose letters "ḋ" and "Ṡ" stand where cp1252 reads a
        # French text's guillemets, and DOS cp775 for a short German one.
        if m.encoding in _WEB_PREFERENCE and m.chaos - best.chaos < _CHAOS_MARGIN:
            readings.setdefault(m.encoding, str(m))
    if data:
        readings.update(_passed_over(data, readings))
        if any(_lone_wide_characters(str(m)) for m in ties):
            readings.update(_latin_readings(data, readings, best))
    text, encoding = str(pick), pick.encoding
    if len(set(readings.values())) > 1:
        handicap = _broken_handicap(readings, text) if whole else None
        text, encoding = _most_words(readings, pick.encoding, handicap)
        # Code pages that read the bytes alike are named by the most common one: a
        # German text read alike in cp1250 and cp1252 is cp1252's.
        alike = [encoding] + [e for e, read in readings.items() if read == text]
        encoding = min(alike, key=_web_rank)
    match = next((m for m in ties if m.encoding == encoding), None)
    return text, _plain_name(data, text, encoding, match)


def _broken_handicap(readings: dict[str, str], pick: str) -> dict[str, float]:
    """What each of ``readings`` must gain by its words beyond ``_WORDS_MARGIN`` to
    beat ``pick``: a margin more for each word it breaks beyond ``pick``'s. Weighed
    against the reading that broke none, cp1252's reading of cp850 French ("O—" for
    "Où"), which broke a word ("lh“tel"), won on a Catalan "o" that its dash left,
    langdetect having named the line Catalan."""
    mine = _broken_words(pick)
    extra = {encoding: _broken_words(text) - mine for encoding, text in readings.items()}
    return {encoding: _WORDS_MARGIN * more for encoding, more in extra.items() if more > 0}


def _whole_word_readings(
    pick: charset_normalizer.CharsetMatch,
    candidates: list[charset_normalizer.CharsetMatch],
    best: charset_normalizer.CharsetMatch,
) -> list[charset_normalizer.CharsetMatch]:
    """Where ``pick``'s reading breaks words (see ``_broken_words``), the candidates
    about as clean as ``best`` that break the fewest, if fewer; else none. Northern
    Sami in iso8859_10 tied on chaos in a dozen pages, and charset_normalizer's
    letter frequencies, which know no Sami, favoured iso8859_16 and cp1250: "oŒŒo"
    for "ožžo", "vuo»»a" for "vuoŧŧa". Words in no language are weighed for it.
    The likeliest of them becomes the reading the others must beat by their words;
    ``pick`` and the web's common code pages are weighed against it still."""
    broken = _broken_words(str(pick))
    if broken == 0:
        return []
    short = sum(c.isalpha() for c in str(pick)[:_CHAOS_SAMPLE]) <= _SHORT_TEXT_LETTERS
    margin = _WHOLE_CHAOS_MARGIN if short else _CHAOS_MARGIN
    counts = {
        m.encoding: _broken_words(str(m))
        for m in candidates
        if m.chaos - best.chaos < margin and _same_script(str(pick), str(m))
    }
    fewest = min(counts.values())
    if fewest >= broken:
        return []
    return [m for m in candidates if counts.get(m.encoding) == fewest]


# How much more chaos than the best guess a reading that breaks fewer words may show
# and still be weighed against one that breaks them: one symbol or accent in a short
# line weighs a lot in charset_normalizer's measure (0.12 for cp1252's "™" in "The
# Galaxy™Tab costs 300 dollars.", 0.105 for Mac Roman Italian "Perché è così? Più
# tardi."), and within ``_CHAOS_MARGIN`` only cp850's "GalaxyÖTab" and cp1250's
# "PerchŽ Ź cos“? Piť", which break words, were left. Only in a short text: in three
# lines of cp1252 with a UTF-8 one (63 letters), whose mojibake breaks a word in
# every Western reading, DOS Baltic cp775's ("caf├®", 0.127 more) took over.
# Short by its letters, not its characters: blank lines, trailing spaces and a rule
# of dashes leave the odd character's weight where it was (0.12 for the "™" at 31
# characters and at 150), and counted, a line padded past 80 went to cp869.
_WHOLE_CHAOS_MARGIN = 0.13
_SHORT_TEXT_LETTERS = 60


def _same_script(pick: str, other: str) -> bool:
    """Whether the letters ``other`` reads where it differs from ``pick`` are of the
    scripts of ``pick``'s letters there (of all of its letters where it has none
    there). A word broken in a Russian line ("«да»и") is no reason to read it as
    Thai cp874, whose letters break none."""
    mine = _scripts(set(pick) - set(other)) or _scripts(set(pick))
    return _scripts(set(other) - set(pick)) <= mine


def _scripts(chars: set[str]) -> set[str]:
    """The scripts of the letters among ``chars``, by the first word of their
    Unicode names ("LATIN", "CYRILLIC", "THAI"). A spacing modifier letter is of
    none: cp1252's "ˆ" (MODIFIER LETTER CIRCUMFLEX ACCENT) for cp852's "ł" made
    Polish "Sp¢ˆka" a script of its own, which cp852's "Spółka" was not of."""
    names = (unicodedata.name(c, "?").split()[0] for c in chars if c.isalpha())
    return {name for name in names if name != "MODIFIER"}


def _broken_words(text: str) -> int:
    """How many words of the start of ``text`` hold a capital beyond ASCII after a
    small letter ("oŒŒo") or a run of symbols, number signs or quote marks with a
    letter directly on both sides ("vuo»»a", "O¹¹a"): a code page's letter read as
    another's symbol or capital. A run with a hyphen, slash or dash in it joins two
    words the writer meant ("m²-Preis", "«за»-год", "m²/mês"), and the apostrophe
    is a letter's neighbour in many languages ("l’État"). So does a low quote mark
    after a letter ("caf‚", "pr‚sent‚"): „ and ‚ only open a quote, before its
    first word."""
    broken = 0
    for word in text[:_WORDS_SAMPLE].split():
        if (
            _opens_no_quote(word)
            or any(
                not char.isascii() and char.isupper() and before.islower()
                for before, char in itertools.pairwise(word)
            )
            or any(
                all(
                    not c.isascii()
                    and c not in _LETTERS_NEIGHBOURS
                    and unicodedata.category(c) in _NOT_IN_WORDS
                    for c in run
                )
                for run in _between_letters(word)
            )
        ):
            broken += 1
    return broken


def _opens_no_quote(word: str) -> bool:
    """Whether a low quote mark („ or ‚) stands after a letter in ``word`` with no
    mark that closes it later in the word. cp1252's "‚" is DOS cp850's "é": "O caf‚
    ‚ bom" and "pr‚sent‚" broke no word, and the cp1252 and cp1250 readings of
    short Portuguese and French won on chaos. A quote closed in its word is a
    space left out before it ("sagte„Nein“", "nazwą„Orlen”"): counted, cp850's
    "sagteäNeinô" took the German line."""
    return any(
        not any(c in word[m.end() :] for c in _LOW_QUOTE_CLOSERS[m.group()[-1]])
        for m in _LOW_QUOTE_AFTER_LETTER.finditer(word)
    )


_LOW_QUOTE_AFTER_LETTER = re.compile(r"[^\W\d_][„‚]")
# The marks that close a low quote: German „…“ and ‚…‘, Polish „…”.
_LOW_QUOTE_CLOSERS = {"„": "“”", "‚": "‘"}


def _between_letters(word: str) -> list[str]:
    """The runs of characters that are not letters with a letter directly on each
    side in ``word``: "²" of "O²a", "²-" of "m²-Preis", not "²," of "m²,"."""
    runs = [(letters, "".join(chars)) for letters, chars in itertools.groupby(word, str.isalpha)]
    return [
        run
        for i, (letters, run) in enumerate(runs)
        if not letters
        and 0 < i < len(runs) - 1
        and not _closes(run, runs[0][1])
        and not _exponent(run, runs[i - 1][1], runs[i + 1][1])
        and not _joins_names(run, runs[i - 1][1], runs[i + 1][1])
    ]


def _joins_names(run: str, before: str, after: str) -> bool:
    """Whether ``run`` is a trademark sign after a small letter and before a capital:
    a writer's mark between two names ("Lego®Duplo", "Windows®XP"). Counted as a
    broken word, it handed DOS cp850 German "Lego®Duplo-Steine" to cp852's
    "LegoęDuplo", which broke none; a code page's letter read as the sign sits in
    a word of small letters ("zwi®kszy" for cp852's "zwiększy") or of capitals
    ("GR™SSE" for cp850's "GRÖSSE")."""
    return run in _TRADEMARKS and before[-1].islower() and after[0].isupper()


_TRADEMARKS = ("®", "™")


def _exponent(run: str, before: str, after: str) -> bool:
    """Whether ``run`` is one ² or ³ between ASCII letters, after a single letter or
    before a capital: an exponent ("a²b", "X²Pro"; after a unit, "m²", it ends the
    word). Counted as a break, cp1252's "a²b" lost to iso8859_10's "aēb". Only so:
    cp1252 and cp850 read Central European ą, ł, š, ű and ř as ¹, ³ or ², and exempt
    wherever they stood, cp850's "A t¹z ünnepén" for cp852 Hungarian broke no word
    ("Rz¹d", "sz¹kebb" neither). No exponent is 1; a run ("O¹¹a") is letters."""
    return (
        run in _EXPONENTS
        and (before + after[:1]).isascii()
        and (len(before) == 1 or after[0].isupper())
    )


_EXPONENTS = ("²", "³")


def _closes(run: str, lead: str) -> bool:
    """Whether ``run`` is one quote mark that closes one opening its word (``lead``,
    the characters before its first letter): a space left out after a quote
    ("«да»и", "»Nein«und") breaks no word."""
    return len(run) == 1 and any(opener in lead for opener in _QUOTE_OPENERS.get(run, ""))


# The marks a closing quote closes: French and Russian «…», German »…«, „…“ and ‚…‘.
_QUOTE_OPENERS = {"»": "«", "«": "»", "“": "„", "”": "“„", "‘": "‚", "›": "‹", "‹": "›"}


# The kinds of character a letter is read as where another page reads a symbol:
# maths, currency, modifier and other symbols, number signs (¹ ½), opening and
# closing quotes. A modifier symbol counts ("M¸ller", "a˛b" for "a²b"): exempt,
# it let mac_iceland and cp1250 break no word where cp1252 broke one.
_NOT_IN_WORDS = {"Sm", "Sc", "Sk", "So", "No", "Pi", "Pf"}
# What stands between letters for an apostrophe: ’, and "´" ("don´t").
_LETTERS_NEIGHBOURS = "\u2019\u00b4"


def _wide_reading(match: charset_normalizer.CharsetMatch) -> bool:
    """Whether ``match`` is a multi-byte code page's reading whose characters beyond
    ASCII are all of the scripts written with many characters (CJK, kana, Hangul):
    its byte pairs made characters of its own scripts throughout, which a single-byte
    page's reading of them ties on chaos with where ASCII (a JSON record's keys)
    dilutes the odd characters. A Shift_JIS line in a UTF-8 file, tied so, went to
    the web's preference, cp1252 ("ƒgƒˆƒ^Ž©" for "トヨタ自")."""
    if not is_multi_byte_encoding(match.encoding):
        return False
    beyond = re.sub("[\x00-\x7f]+", "", str(match))
    return (
        bool(beyond)
        and _wide_count(beyond) == len(beyond)
        and not _lone_wide_characters(str(match))
    )


def _lone_wide_characters(text: str) -> bool:
    """Whether ``text`` holds characters of the wide scripts only one at a time, each
    inside a word, right after an ASCII letter: a double-byte page's reading of a
    Latin text, which pairs each accented byte with the ASCII letter after it
    ("It磗" for cp1252 "It´s", "p苚" for cp850 "pão"). CJK text runs to two
    characters and more ("トヨタ", "東京"), and a name of one character stands
    after a space or at the start of the text ("Mr 王", "김, 이"): counted as
    pairings too, Chinese names and Korean surnames were read as Mac Roman ("Mr Õı",
    "±Ë, ¿Ã").
    The start is looked at, as chaos is measured: the whole of 1 MB took 20 ms a
    reading."""
    runs = list(_WIDE_RUN.finditer(text[:_CHAOS_SAMPLE]))
    return bool(runs) and all(
        len(run.group()) == 1 and _ASCII_LETTER.fullmatch(text[run.start() - 1 : run.start()])
        for run in runs
    )


_WIDE_RUN = re.compile(f"(?:{_WIDE_SCRIPTS.pattern})+")
_ASCII_LETTER = re.compile("[A-Za-z]")


# The Western code pages a Latin text read as lone CJK characters is read in too:
# charset_normalizer's matches for cp850 Portuguese "O menino comeu pão" were four
# double-byte pages alone, and gb18030's "p苚" won on the web's preference.
_LATIN_PAGES = ("cp1252", "cp850", "mac_roman")


def _latin_readings(
    data: bytes, readings: dict[str, str], best: charset_normalizer.CharsetMatch
) -> dict[str, str]:
    """Readings of ``data`` in ``_LATIN_PAGES`` not among ``readings``, each where it
    is about as clean as ``best``'s (see ``_direct_reading``)."""
    found: dict[str, str] = {}
    for encoding in _LATIN_PAGES:
        if encoding not in readings and (text := _direct_reading(data, encoding, best)):
            found[encoding] = text
    return found


def _direct_reading(
    data: bytes, encoding: str, best: charset_normalizer.CharsetMatch
) -> str | None:
    """``data`` read in ``encoding`` where it decodes with no control character and
    about as little chaos as ``best``'s reading, else None."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None  # cp1252 leaves five bytes undefined
    if (
        _control_ratio(text) > 0
        or mess_ratio(text[:_CHAOS_SAMPLE], _MAX_MESS) - best.chaos >= _CHAOS_MARGIN
    ):
        return None
    return text


# How much of a reading charset_normalizer's chaos is measured on here, and lone
# wide characters are looked for in: the start, as charset_normalizer samples too.
_CHAOS_SAMPLE = 8192


def _web_rank(encoding: str) -> int:
    enc = encoding.lower()
    return _WEB_PREFERENCE.index(enc) if enc in _WEB_PREFERENCE else len(_WEB_PREFERENCE)


# The names an identical reading is reported by first: charset_normalizer names a
# group of code pages that read alike by one of them, German Mac Roman "mac_greek",
# Spanish "mac_iceland", cp850 French "cp437".
_PLAIN_NAMES = ("mac_roman", "cp850")


def _plain_name(
    data: bytes, text: str, encoding: str, match: charset_normalizer.CharsetMatch | None
) -> str:
    """``encoding``, or the first of ``_PLAIN_NAMES`` that reads ``data`` as ``text``
    too among those ``match`` says read it alike."""
    if match is None or encoding.lower() in _WEB_PREFERENCE or not data:
        return encoding
    alike = match.could_be_from_charset
    for name in _PLAIN_NAMES:
        if name in alike and name != encoding and data.decode(name, "replace") == text:
            return name
    return encoding


# Code pages charset_normalizer leaves out of its matches for text they read well:
# a short Russian text in KOI8-R was matched only as shift_jis_2004 ("崹ﾅﾚﾉﾄﾅﾎﾔ"),
# a Ukrainian one in KOI8-U so too ("毖ｧﾗ" for "Київ").
_PASSED_OVER = ("koi8_r", "koi8_u", "cp1258")


def _passed_over(data: bytes, readings: dict[str, str]) -> dict[str, str]:
    """Readings of ``data`` in ``_PASSED_OVER``'s code pages not among ``readings``,
    where one decodes with no more odd characters than a match may show."""
    found: dict[str, str] = {}
    for encoding in _PASSED_OVER:
        if encoding in readings or not _PLAUSIBLE[encoding](data):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) == 0 and mess_ratio(text[:_CHAOS_SAMPLE], _MAX_MESS) < _MAX_MESS:
            found[encoding] = text
    return found


def _koi8_r_plausible(data: bytes) -> bool:
    """Whether ``data``'s bytes beyond ASCII are as KOI8-R Russian's: nearly all
    letters (0xC0 to 0xFF and ё/Ё, box drawing and symbols below), more of them
    small (0xC0 to 0xDF and ё) than capital. Tried on every legacy text, its
    reading cost a language detection and a look-up of every word, and was kept
    for half the French, German, Czech and Polish texts of a probe: their accented
    letters are 0xE0 to 0xFF (KOI8-R capitals) or below 0xC0, and so are cp1251
    Russian's small letters.

    A Russian text in capitals (a headline, a shouted paragraph) is tried too, where
    no KOI8-R capital sits in a word beside a small letter or an ASCII one: left to
    charset_normalizer's matches, a shouted paragraph was read as Greek cp1253
    ("ηοσυδαςστχεξξαρ δυνα"). Read as KOI8-R, a cp1251 Russian text's capitalised
    words start with a small letter before capitals ("мОСКВА"), and a Latin text's
    accented letters sit in words of ASCII letters ("café", "großen")."""
    return _koi8_plausible(data, _KOI8_R)


def _koi8_u_plausible(data: bytes) -> bool:
    """Whether ``data`` is KOI8-U Ukrainian by the same measure as KOI8-R Russian,
    і, ї, є and ґ (and their capitals, box drawing in KOI8-R) counted as letters,
    where one of them is there at all: without them KOI8-U reads every byte as
    KOI8-R does. Counted as box drawing, they put a Ukrainian line under nine
    letters in ten and it was tried in neither."""
    return bool(_KOI8_U_ONLY.search(data)) and _koi8_plausible(data, _KOI8_U)


def _koi8_plausible(data: bytes, page: _Koi8Letters) -> bool:
    high = len(data) - len(data.translate(None, _HIGH))
    letters = len(data) - len(data.translate(None, page.letters))
    small = len(data) - len(data.translate(None, page.small))
    if high == 0 or letters < 0.9 * high:
        return False
    return small > letters - small or not page.capital_beside_others.search(data)


@dataclasses.dataclass(frozen=True)
class _Koi8Letters:
    """A KOI8 page's letter bytes, its small ones, and a capital of it in a word
    beside a small letter or an ASCII one."""

    letters: bytes
    small: bytes
    capital_beside_others: re.Pattern[bytes]


def _koi8_letters(small_extra: bytes, capital_extra: bytes) -> _Koi8Letters:
    # ё and Ё are 0xA3 and 0xB3, apart from the other letters: left out, a short line
    # with a few of them ("Всё хорошо, ещё приду.") fell under nine in ten.
    small = bytes(range(0xC0, 0xE0)) + b"\xa3" + small_extra
    capitals = bytes(range(0xE0, 0x100)) + b"\xb3" + capital_extra
    small_class, capital_class = (re.escape(b).decode("latin-1") for b in (small, capitals))
    beside = f"[{capital_class}][{small_class}A-Za-z]|[{small_class}A-Za-z][{capital_class}]"
    return _Koi8Letters(small + capitals, small, re.compile(beside.encode("latin-1")))


_HIGH = bytes(range(0x80, 0x100))
_KOI8_R = _koi8_letters(b"", b"")
# KOI8-U's є, і, ї, ґ and Є, І, Ї, Ґ, where KOI8-R has box drawing.
_KOI8_U_SMALL = b"\xa4\xa6\xa7\xad"
_KOI8_U_CAPITALS = b"\xb4\xb6\xb7\xbd"
_KOI8_U = _koi8_letters(_KOI8_U_SMALL, _KOI8_U_CAPITALS)
_KOI8_U_ONLY = re.compile(b"[" + re.escape(_KOI8_U_SMALL + _KOI8_U_CAPITALS) + b"]")


def _cp1258_plausible(data: bytes) -> bool:
    """Whether ``data`` read as cp1258 is Vietnamese: a tone mark (cp1258 writes the
    five as combining marks after the letter) stands after a vowel that has none,
    every tone mark does, and every other character beyond ASCII is a Vietnamese
    letter or punctuation. charset_normalizer reads longer Vietnamese right, but a
    headline's few bytes fit other pages as well: "Tin tức" was read as Korean
    cp949 ("Tin t喜c"), "Thời sự" as Urdu cp1006, "Bóng đá: Việt Nam thắng" as
    cp1250 ("Vięňt", "thăěng"). A Western text rarely passes: its ç, ñ, ö or ß are
    no Vietnamese letters, and cp1252's ì and ò (cp1258's tone marks) follow
    consonants ("così", "però"); where one follows a vowel (Italian "può", "pụ"),
    the words weigh it."""
    text = data.decode("cp1258", "replace")
    marks = _TONE_MARK.findall(text)
    if not marks or any(not _TONELESS_VOWEL.fullmatch(mark[0]) for mark in marks):
        return False
    return all(_vietnamese_or_punctuation(c) for c in set(text) if not c.isascii())


def _vietnamese_or_punctuation(char: str) -> bool:
    if char in _TONES or char in "đĐ" or unicodedata.category(char)[0] in "PZ":
        return True
    base, *marks = unicodedata.normalize("NFD", char)
    return base.isascii() and base.isalpha() and all(m in _VIETNAMESE_MARKS for m in marks)


# The five tone marks cp1258 writes as combining characters: grave, acute, tilde,
# hook above and dot below; and the marks of Vietnamese letters of their own (â,
# ă, ơ: circumflex, breve, horn).
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VIETNAMESE_MARKS = _TONES + "\u0302\u0306\u031b"
_TONE_MARK = re.compile(f".?[{_TONES}]", re.DOTALL)
_TONELESS_VOWEL = re.compile("[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY]")


# Which texts each of ``_PASSED_OVER`` is tried on.
_PLAUSIBLE = {
    "koi8_r": _koi8_r_plausible,
    "koi8_u": _koi8_u_plausible,
    "cp1258": _cp1258_plausible,
}


def _only_reading(data: bytes) -> tuple[str, str] | None:
    """Where charset_normalizer finds no match, the one of ``_PASSED_OVER`` that
    reads ``data`` as words of a language, if any."""
    readings = _passed_over(data, {}) if data else {}
    for encoding, text in readings.items():
        language = _language_of(_sample(text))
        if language is None:
            continue
        _, known, words = _word_score(_sample(text), language)
        if known * 2 >= words > 0:
            return text, encoding
    return None


# How much of each reading is weighed by its words: langdetect and wordfreq look-ups
# cost time, and a few hundred words settle it.
_WORDS_SAMPLE = 2000
# How common (Zipf) a word must be in its language to count as one.
_KNOWN_IN_LANGUAGE = 1.0


def _most_words(
    readings: dict[str, str], pick: str, handicap: dict[str, float] | None = None
) -> tuple[str, str]:
    """The reading among ``readings`` (encoding to text) whose words are the most
    common in the language langdetect names for it, where they are more so than
    ``pick``'s words in that same language by ``_WORDS_MARGIN``, at least half of them
    are known, and it does not lose to ``pick`` in ``pick``'s language where
    ``pick``'s reading is words of it (half of them known); else
    ``pick``'s, a reading's ``handicap`` added to the margin it must gain by.
    Polish in cp1250 tied with cp1252 on
    charset_normalizer's measures and the web's preference chose cp1252 ("Czeœæ, jak
    siê masz?"); a reading's words in its own language tell them apart, as
    ``_english_gain`` does for English.

    Like with like: each reading scored in its own detected language let a reading
    detected wrong lose to mojibake detected right. cp1252 English "Zoë Brontë and
    Björn" was named Albanian, which wordfreq lacks (0), and cp1257's "Zoė Brontė"
    English (every word known). Frequencies, not a count of known words: web text's
    mojibake is in wordfreq's lists too, rarely ("siê" 3.6 against "się" 7.3)."""
    samples = {encoding: _sample(text) for encoding, text in readings.items()}
    languages = {encoding: _language_of(sample) for encoding, sample in samples.items()}
    pick_language = languages[pick]
    scores: dict[tuple[str, str], tuple[float, int, int]] = {}

    def score(encoding: str, language: str) -> tuple[float, int, int]:
        if (encoding, language) not in scores:
            scores[encoding, language] = _word_score(samples[encoding], language)
        return scores[encoding, language]

    best, best_gain = pick, 0.0
    for encoding, language in languages.items():
        if encoding == pick or language is None:
            continue
        mine, known, words = score(encoding, language)
        gain = mine - score(pick, language)[0]
        # Where wordfreq has a list for the pick's language and the pick reads as
        # words of it, the other reading must not be worse words of it. Where it has
        # none (cp1252 "Brontë" named Albanian), the comparison in the other's
        # language is all there is: "Brontë" and "Brontė" are alike unknown in
        # English, no gain, while shift_jis_2004's reading of KOI8-R Russian
        # ("崹ﾅﾚﾉﾄﾅﾎﾔ") is named nothing and must be able to lose. Nor does a pick
        # whose words its language mostly lacks hold: cp1253's reading of KOI8-R
        # Russian in capitals ("ηοσυδαςστχεξξαρ δυνα ... χ πες") is named Greek,
        # four of its 26 words are, and the Russian reading's Cyrillic made fewer.
        holds = True
        if pick_language is not None:
            pick_score, pick_known, pick_words = score(pick, pick_language)
            holds = pick_known * 2 < pick_words or score(encoding, pick_language)[0] >= pick_score
        margin = _WORDS_MARGIN + (handicap or {}).get(encoding, 0.0)
        if gain > margin and gain > best_gain and known * 2 >= words and holds:
            best, best_gain = encoding, gain
    return readings[best], best


# How much more a reading's words' Zipf frequencies must add up to than the chosen
# one's: a reading that differs in one word by a whisker is no evidence.
_WORDS_MARGIN = 1.0


def _sample(text: str) -> str:
    """The start of ``text`` whose words are weighed, markup left out: a page with no
    charset was judged by its <head>'s CSS and script, English whatever the page's
    language, and Polish in cp1250 read as cp1252 ("Dziêkujê"). Composed (NFC):
    cp1258 writes a tone as a combining mark after its letter, and "tư\u0301c" is
    no word of letters alone ("tức" is)."""
    head = text[: _WORDS_SAMPLE * _MARKUP_SHARE]
    if "<" in head:
        head = _MARKUP.sub(" ", head)
    return unicodedata.normalize("NFC", head[:_WORDS_SAMPLE])


# How much more than the sample is read for it where markup is taken out.
_MARKUP_SHARE = 10


def _language_of(sample: str) -> str | None:
    """The language langdetect names for ``sample`` where wordfreq has a list for it."""
    from wordfreq import available_languages

    from audits.language_id import detect_language

    detected = detect_language(_unshouted(sample))
    if detected is None or detected[0] not in available_languages("best"):
        return None
    return detected[0]


def _unshouted(sample: str) -> str:
    """``sample`` in small letters where most of its letters are capitals:
    langdetect's profiles are of text as written, and it named Russian in capitals
    Bulgarian ("ВСЁ ХОРОШО, ЕЩЁ ПРИДУ.") or Ukrainian ("НОВОСТИ ДНЯ"), whose word
    lists know few of its words."""
    cased = [c for c in sample if c.lower() != c.upper()]
    capitals = sum(c.isupper() for c in cased)
    return sample.lower() if capitals * 2 > len(cased) else sample


def _word_score(sample: str, language: str) -> tuple[float, int, int]:
    """The Zipf frequencies in ``language`` of the words of ``sample`` added up, how
    many of them are known and how many words there are."""
    from wordfreq import zipf_frequency

    # Words as white space parts them, each letters alone once the punctuation
    # around it is off: a symbol mojibake made inside one ("Z│rich", cp850's
    # "Zürich" read as KOI8-R) made two common words of it ("z", "rich").
    # White space is each reading's own (split() parts at a no-break space too): a
    # French guillemet's no-break space glued it to its word, and the letter another
    # code page reads for the guillemet went unweighed.
    around = _AROUND_WORDS + "«»„¿¡"
    # A quote mark with no partner in the sample is no quote: cp775's "“" for
    # cp1252's "ò" made Italian "può" "pu“", taken off as a closing quote, and "pu"
    # is a word in the Romanian langdetect named the line.
    around = _partnered(around, _QUOTE_PARTNERS, sample)
    words = [token.strip(around) for token in sample.split() if any(c.isalpha() for c in token)]
    score, known = 0.0, 0
    for word in words:
        # An apostrophe is part of a word ("it’s", "l’État"), which wordfreq knows
        # by the ASCII one: skipped, cp1252's "It’s" weighed nothing against Mac
        # Central European's "Itís", a word of letters (1.06 in English).
        bare = word.replace("\u2019", "'")
        if not bare.replace("'", "").isalpha():
            continue
        try:
            zipf = zipf_frequency(bare.casefold(), language)
        except ImportError:  # wordfreq's CJK tokenisers need packages not always installed
            return 0.0, 0, len(words)
        # A lone letter the language lacks as a word costs: a reading that makes
        # letters of the punctuation another reads alone between spaces (iso8859_14's
        # "ḋ" for "«") adds such words and nothing else, and scored them 0, as the
        # other scored the punctuation.
        # (A modifier letter, cp1252's "ˆ" for mac_roman's "à", is a mark, no word.)
        lone = len(word) == 1 and zipf < _KNOWN_IN_LANGUAGE and word.upper() != word.lower()
        score += -_UNKNOWN_COST if lone else zipf
        known += zipf >= _KNOWN_IN_LANGUAGE
    return score, known, len(words)


# Each typographic quote mark and the marks it is paired with in one language or
# another (German opens with „ and closes with “, Swedish closes with ” too). The
# apostrophe ’ is left out: it stands alone in "it’s".
_QUOTE_PARTNERS = {
    "\u201c": "\u201d\u201e",
    "\u201d": "\u201c\u201e\u201d",
    "\u201e": "\u201c\u201d",
    "\u2018": "\u2019\u201a",
    "«": "»",
    "»": "«»",
}


def _partnered(around: str, partners: dict[str, str], text: str) -> str:
    """``around`` less each quote mark of ``partners`` none of whose partners is in
    ``text`` (a mark that is its own partner, Swedish ”, twice)."""
    return "".join(
        c
        for c in around
        if c not in partners or any(text.count(p) > 1 if p == c else p in text for p in partners[c])
    )


# What a lone letter unknown as a word in the language takes off a reading's score.
_UNKNOWN_COST = 1.0


# The punctuation English puts around a word, as cp1252 reads it: quotes and dashes.
_AROUND_WORDS = (
    "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())
    + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
)
# An amount in the currencies English writes with a sign cp1252 has ("£40", "€1.5bn"),
# where other code pages read a letter ("Ł40" in cp1250, "Ç50" in cp437), or the sign
# alone ("I paid £ 20", "in £ terms"), which they read as a lone letter, no English
# word ("È" in hp_roman8, "μ" in cp737).
_CURRENCY_AMOUNT = re.compile(r"[€£](?:\d[\d,.]*[a-z]{0,2})?")
# How common (Zipf) a word must be in English to count as one: mojibake such as
# "itõs" (1.22) and "donõt" (1.04) is in wordfreq's English list too.
_KNOWN_ZIPF = 1.5
_ASCII_WORD = re.compile(r"[^ \t\n\r\f\v]+")


# The legacy code pages of English: Windows', the Mac's and DOS's. Each is weighed
# by its English words against the best guess; the first wins a tie.
_ENGLISH_PAGES = ("cp1252", "mac_roman", "cp850")


def _english_reading(
    data: bytes,
    candidates: list[charset_normalizer.CharsetMatch],
    best: charset_normalizer.CharsetMatch,
) -> tuple[str, str] | None:
    """The reading of ``data`` in the one of ``_ENGLISH_PAGES`` that makes the most
    English words beyond those of ``best``'s reading (see ``_english_gain``), as
    (text, encoding), where one makes more and reads the bytes about as cleanly.
    cp1252 is among ``candidates``; mac_roman and cp850 rarely are by name:
    charset_normalizer names a group of code pages that read alike by one of them,
    and Mac Roman English with a pound sign was read as mac_greek ("Café prices
    rose 5% in Θ terms"), DOS cp850 English as cp1252 ("He paid œ5")."""
    found, most = None, 0
    for encoding in _ENGLISH_PAGES:
        match = next((m for m in candidates if m.encoding == encoding), None)
        if match is not None:
            text = str(match)
        elif encoding == "cp1252" or not data:
            continue  # cp1252 leaves five bytes undefined: no match, no reading
        else:
            text = data.decode(encoding)  # every byte is a character of theirs
        gain = _english_gain(text, str(best))
        # How clean a direct reading is, is measured last: most never gain.
        if gain <= most or (match is None and _direct_reading(data, encoding, best) is None):
            continue
        found, most = (text, encoding), gain
    return found


def _english_gain(ours: str, other: str) -> int:
    """How many more English words ``ours``, the bytes read in a code page of
    English, makes than ``other``, the best guess's reading, where the two differ:
    the evidence that tips an English text to a legacy encoding of English. A
    short one read as DOS Baltic cp775 fit a language's letters a hair better
    than cp1252 ("We met at the cafķ", "the na’ve murals", "ōbrightö", "Ć50") and
    charset_normalizer cannot weigh that the text is English.

    Only words holding an ASCII letter are weighed, the ones English writes accents
    into ("café", "naïve"), and amounts in pounds and euros: a Russian, Greek or
    other text in another script makes no such word in either reading, and a
    Polish or Lithuanian one read as cp1252 makes no English word ("Mówiê",
    "priëmë"), so its own code page stays; nor does an English text's Polish name
    ("Wałęsa" against "Wa³êsa"). The readings are compared word for word, split
    at ASCII white space, which every candidate reads alike; the first
    ``_ENGLISH_PAIRS_SAMPLE`` words where they differ among the first
    ``_ENGLISH_WORDS_SAMPLE`` are weighed."""
    if ours == other:
        return 0
    pairs = []
    words = itertools.zip_longest(_ascii_words(ours), _ascii_words(other))
    for a, b in itertools.islice(words, _ENGLISH_WORDS_SAMPLE):
        if a is None or b is None:
            return 0  # the readings part into words differently: no telling
        if a != b:
            pairs.append((a, b))
            if len(pairs) == _ENGLISH_PAIRS_SAMPLE:
                break
    ours_around, theirs_around = _english_around(ours), _english_around(other)
    return sum(_english_word(a, ours_around) for a, _ in pairs) - sum(
        _english_word(b, theirs_around) for _, b in pairs
    )


def _ascii_words(text: str) -> Iterator[str]:
    return (m.group() for m in _ASCII_WORD.finditer(text))


# How many of the words where two readings differ are weighed, the first ones, and
# how far into the texts they are looked for: each is looked up in English, and
# Mac Roman's and cp850's readings of a long Western text differ from the best
# guess's in every accented word (1 MB of French cp1252 took 4-6 times as long as
# without them); a few hundred settle it, as ``_WORDS_SAMPLE`` does for the other
# readings.
_ENGLISH_PAIRS_SAMPLE = 300
_ENGLISH_WORDS_SAMPLE = 20_000


def _english_around(text: str) -> str:
    """What English puts around a word in ``text``: ``_AROUND_WORDS``, less a curly
    quote whose English partner is not in it. Mac Roman reads cp775's "ė" as "”":
    taken off Lithuanian "sakė" ("sak”"), it left "sak", known in English, and Mac
    Roman won."""
    return _partnered(_AROUND_WORDS, _ENGLISH_QUOTES, text)


# English's curly quotes and the partner each needs to be one.
_ENGLISH_QUOTES = {"\u201c": "\u201d", "\u201d": "\u201c", "\u2018": "\u2019"}


def _english_word(token: str, around: str) -> bool:
    core = token.strip(around)
    if _CURRENCY_AMOUNT.fullmatch(core):
        return True
    return any(c.isascii() and c.isalpha() for c in core) and all(
        _known_word(part) for part in core.split("-")
    )


def _known_word(word: str) -> bool:
    stem = word.removesuffix("'s").removesuffix("\u2019s")  # "Zoë's" is Zoë's
    return (
        stem.replace("'", "").replace("\u2019", "").isalpha()
        and zipf_en(stem.casefold()) >= _KNOWN_ZIPF
    )
