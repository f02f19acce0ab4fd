"""Bytes that are not UTF-8 in a text that mostly is: read in their own encoding,
reported and placed in the text."""

from __future__ import annotations

import codecs
import html
import itertools
import re
from dataclasses import dataclass, replace

import charset_normalizer
from charset_normalizer.utils import is_multi_byte_encoding

from audits.document import Finding, Severity
from audits.sources.legacy_charset import _MARKUP, _most_likely
from audits.sources.mojibake import MOJIBAKE_CODE


@dataclass(frozen=True)
class StrayRun:
    """Bytes that are not UTF-8 in a text that otherwise is, and where their reading
    stands in the text."""

    start: int
    end: int
    raw: bytes
    encoding: str


@dataclass(frozen=True)
class MixedUtf8:
    """A text read as UTF-8 but for its runs of bytes that are not (``strays``)."""

    text: str
    strays: list[StrayRun]


# Bytes that are not UTF-8, as the surrogateescape handler keeps them.
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def utf8_with_strays(
    data: bytes, encoding: str | None = None, *, markup: bool = False
) -> MixedUtf8 | None:
    """``data`` read as UTF-8 where it is mostly UTF-8 (more UTF-8 characters than
    bytes that are not, or more of its non-ASCII lines UTF-8 than not), each run of
    bytes that are not read in the encoding detected for the lines holding them;
    None where the text is not such a mix.

    Files concatenated from two sources are: UTF-8 articles with a line pasted from a
    cp1252 one (a bare 0xE9 for "é", 0x92 for "'"). Detected whole, such a file was
    read as iso8859_2 and every UTF-8 line made mojibake ("cafĂŠ"), while the stray
    line's apostrophe became a control character. A legacy text is no such mix: the
    bytes of its accented letters only now and then make a UTF-8 character too
    ("Ã©" for a literal "é"), so its bytes and lines that are not UTF-8 outnumber
    those.

    A known limit: in a stray line, bytes that happen to make a UTF-8 character are
    read as it, with no finding (cp1252 "CAFÉ’S", 0xC9 0x92, reads "CAFɒS"). Reading
    a whole stray line in the fallback instead would turn the UTF-8 characters of a
    UTF-8 line holding one stray byte into mojibake.

    A UTF-8 byte order mark says the file is meant as UTF-8, whatever the count: a
    marked file of one UTF-8 line and one cp1252 line was refused on the tie. Stray
    lines in a multi-byte encoding (Shift_JIS, GBK, Big5, EUC-KR) are read whole in
    it, each a stray run: their trail bytes can be ASCII or chance UTF-8, so runs of
    stray bytes cut their characters in pieces. ``encoding``: the stray bytes' encoding
    where the caller has detected it (for more lines than ``data``'s). ``markup``: the
    stray lines' tags (plain or escaped, as in a feed) are left out to detect it: with
    "<em>" in it, a line's "déjà vu" in cp1252 was detected as cp1257, "déją vu"."""
    marked = data.startswith(codecs.BOM_UTF8)
    data = data.removeprefix(codecs.BOM_UTF8)  # read as utf-8-sig reads it
    escaped = data.decode("utf-8", "surrogateescape")
    runs = list(_ESCAPED_BYTES.finditer(escaped))
    stray_bytes = sum(len(run.group()) for run in runs)
    non_ascii = len(escaped) - len(escaped.encode("ascii", "ignore"))
    utf8_characters = non_ascii - stray_bytes
    lines = [line for line in data.split(b"\n") if not line.isascii()]
    stray_lines = [line for line in lines if not _is_utf8(line)]
    if not marked and utf8_characters <= stray_bytes and len(lines) <= 2 * len(stray_lines):
        return None
    if markup:
        stray_lines = [_without_tags(line) for line in stray_lines]
    fallback = encoding or stray_encoding(stray_lines) or "cp1252"
    if is_multi_byte_encoding(fallback):
        return _stray_lines(data, fallback)
    parts: list[str] = []
    strays: list[StrayRun] = []
    cursor = shift = 0
    for run in runs:
        raw = run.group().encode("utf-8", "surrogateescape")
        read = raw.decode(fallback, "replace")
        parts += [escaped[cursor : run.start()], read]
        strays.append(StrayRun(run.start() + shift, run.start() + shift + len(read), raw, fallback))
        shift += len(read) - len(raw)
        cursor = run.end()
    parts.append(escaped[cursor:])
    return MixedUtf8("".join(parts), strays)


def _stray_lines(data: bytes, encoding: str) -> MixedUtf8:
    """``data`` read line by line: UTF-8 lines as UTF-8, each other line whole in
    ``encoding`` and a stray run (its line end left out)."""
    parts: list[str] = []
    strays: list[StrayRun] = []
    at = 0
    for line in data.split(b"\n"):
        if parts:
            parts.append("\n")
            at += 1
        try:
            read = line.decode("utf-8")
        except UnicodeDecodeError:
            body = line.removesuffix(b"\r")
            read = body.decode(encoding, "replace")
            strays.append(StrayRun(at, at + len(read), body, encoding))
            read += "\r" * (len(line) - len(body))
        parts.append(read)
        at += len(read)
    return MixedUtf8("".join(parts), strays)


def stray_encoding(stray_lines: list[bytes]) -> str | None:
    """The encoding of the lines of a text that are not UTF-8, as detected for them
    together, not with the UTF-8 lines (whose bytes no legacy encoding reads right);
    None where nothing fits. The UTF-8 characters of a line that is mostly UTF-8 are
    left out: one with a stray byte was detected as iso8859_10 or cp1250 by its UTF-8
    bytes, which no legacy encoding reads right; the stray byte was cp1252's. A line
    that is mostly not UTF-8 is kept whole: its chance UTF-8 is its own encoding's
    (GBK without them read as Thai cp874)."""
    lines = b"\n".join(_without_utf8(line) for line in stray_lines)
    best = _most_likely(charset_normalizer.from_bytes(lines), lines)
    return best[1] if best is not None else None


def _without_tags(line: bytes) -> bytes:
    text = line.decode("utf-8", "surrogateescape")
    text = _ESCAPED_TAG.sub(" ", _MARKUP.sub(" ", text))
    return text.encode("utf-8", "surrogateescape")


_ESCAPED_TAG = re.compile(r"&lt;/?[A-Za-z][^<>]*?&gt;")


def _without_utf8(line: bytes) -> bytes:
    escaped = line.decode("utf-8", "surrogateescape")
    kept = _UTF8_CHARACTERS.sub("", escaped)
    stray_bytes = len(kept) - len(kept.encode("ascii", "ignore"))
    if len(escaped) - len(kept) <= stray_bytes:
        return line
    # The stray bytes with the ASCII text around them are what tells their encoding:
    # the line's UTF-8 bytes mislead detection (a long UTF-8 line with one cp1252
    # byte was detected whole as cp1250, or as nothing).
    pieces: list[str] = []
    end = 0
    for run in _ESCAPED_BYTES.finditer(kept):
        start = max(run.start() - _AROUND, end)
        if start > end and pieces:
            pieces.append("\n")
        pieces.append(kept[start : run.end() + _AROUND])
        end = run.end() + _AROUND
    return "".join(pieces).encode("utf-8", "surrogateescape")


# How many characters on either side of a stray run are kept to detect its encoding.
_AROUND = 80


# Characters that are not ASCII and not escaped bytes: UTF-8 ones.
_UTF8_CHARACTERS = re.compile("[^\x00-\x7f\udc80-\udcff]+")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def stray_findings(text: str, strays: list[StrayRun]) -> list[Finding]:
    """A finding for each stretch of ``text`` its stray runs (see ``utf8_with_strays``)
    were read in: the text there is a guess, and says which. Runs on one line with no
    ASCII letter or digit between them are one stretch, where a pasted Cyrillic
    sentence made one finding per word, each listing its bytes."""
    findings: list[Finding] = []
    for stretch in _stretches(text, strays):
        start, end = stretch[0].start, stretch[-1].end
        raw = b"".join(run.raw for run in stretch)
        many = len(raw) > 1
        reading = text[start:end]
        unreadable = all(set(text[run.start : run.end]) == {"\ufffd"} for run in stretch)
        findings.append(
            Finding(
                code=MOJIBAKE_CODE,
                start=start,
                end=end,
                text=reading,
                message=(
                    f"{'bytes' if many else 'byte'} {_hex_bytes(raw, _MAX_HEX)} in a UTF-8 "
                    f"text {'are' if many else 'is'} not UTF-8: "
                    + (
                        f"not readable in {stretch[0].encoding}"
                        if unreadable
                        else f"read as {stretch[0].encoding}, {_shortened(reading)!r}"
                    )
                ),
                severity=Severity.INFO,
                strength=0.1,
                evidence={
                    "broken": _hex_bytes(raw),
                    "repaired": reading,
                    "repaired_text": True,
                },
            )
        )
    return findings


@dataclass(frozen=True)
class StrayMark:
    """A ``stray_findings`` finding with the text around it in the same run of text
    (up to markup or a line end, entities read), by which it is found again in text
    extracted from the decoded one: a page's or a feed item's article. ``cut_before``
    and ``cut_after``: whether that run starts or ends there, so the match must stand
    at a word's edge too."""

    finding: Finding
    before: str
    after: str
    cut_before: bool = True
    cut_after: bool = True


def stray_marks(text: str, strays: list[StrayRun], *, unescape: int = 1) -> list[StrayMark]:
    """The findings of ``strays`` in ``text``, markup, each with its context.
    ``unescape``: how many times its text is escaped (2 in a feed's escaped HTML)."""
    return marks_at(text, stray_findings(text, strays), unescape=unescape)


def marks_at(text: str, findings: list[Finding], *, unescape: int = 1) -> list[StrayMark]:
    """``findings`` (stray ones, in ``text``) each with its context. In a page
    (``unescape`` 1) one in the ``<head>`` (the title, a script) or inside a tag (an
    attribute) has none: it is not in the article, and its context can match the
    article's (a title that repeats the headline). Nor has one whose context does not
    match exactly once in all of ``text`` (inline tags left out, entities read): a
    copy of its sentence elsewhere in the page (a pull quote, a caption, an aside)
    may be the article's only copy after extraction, in correct UTF-8."""
    unaudited = [m.span() for m in _HEAD.finditer(text)] if unescape == 1 else []
    source = _readable(text, unescape)
    marks: list[StrayMark] = []
    for found in findings:
        if unescape == 1 and (
            _in_tag(text, found.start) or any(low <= found.start < high for low, high in unaudited)
        ):
            continue
        low = max(0, found.start - _RAW_CONTEXT)
        before, cut_before = _run_part(text[low : found.start], low == 0, unescape, tail=True)
        high = found.end + _RAW_CONTEXT
        after, cut_after = _run_part(
            text[found.end : high], high >= len(text), unescape, tail=False
        )
        mark = StrayMark(found, before, after, cut_before, cut_after)
        pattern = _context_pattern(mark)
        if pattern is not None and len(_matches_at_edges(pattern, source)) == 1:
            marks.append(mark)
    return marks


def _readable(markup: str, unescape: int) -> str:
    """``markup`` as ``_run_part`` reads a window of it: inline tags left out,
    entities read."""
    for _ in range(unescape - 1):
        markup = html.unescape(markup)
    return html.unescape(_INLINE_TAG.sub("", markup))


def _in_tag(markup: str, at: int) -> bool:
    """Whether ``at`` is inside a tag of ``markup`` (an attribute's value). Text such
    as ``x<y caf\xe9`` counts as in a tag too: its stray loses its mark, never
    misplaces it."""
    opened = markup.rfind("<", 0, at)
    return opened > markup.rfind(">", 0, at) and _TAG_START.match(markup, opened + 1) is not None


# Where a page's markup holds no article text: its head, any title (an SVG's in the
# body too: a stray there is read, not marked), script or style (the tags
# themselves are told by ``_in_tag``).
_HEAD = re.compile(
    r"<head\b.*?(?:</head\s*>|(?=<body\b)|\Z)|<(title|script|style)\b.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_TAG_START = re.compile(r"[A-Za-z/!]")


def _run_part(window: str, whole: bool, unescape: int, *, tail: bool) -> tuple[str, bool]:
    """The part of ``window`` (text before a stray stretch where ``tail``, after it
    otherwise) in the stretch's run of text, inline tags (a link, bold) left out and
    entities read, at most ``_CONTEXT`` characters of it, and whether the run ends
    there (``whole``: the window reaches the text's end)."""
    for _ in range(unescape - 1):
        window = html.unescape(window)
    window = _INLINE_TAG.sub("", window)
    parts = _RUN_BREAK.split(window)
    part = parts[-1] if tail else parts[0]
    cut = whole or len(parts) > 1
    if len(part) > _CONTEXT:
        part, cut = (part[-_CONTEXT:], False) if tail else (part[:_CONTEXT], False)
    if not cut:
        # The window's edge cuts a word (or an entity) in two: leave that word out.
        if tail:
            words = part.split(None, 1)
            part = words[1] if len(words) == 2 else ""
        else:
            words = part.rsplit(None, 1)
            part = words[0] if len(words) == 2 else ""
    return html.unescape(part), cut


def placed_strays(text: str, marks: list[StrayMark]) -> list[Finding]:
    """The findings of ``marks`` where their readings stand in ``text``, a text made
    from the one they were found in, white space as extraction left it. A mark is
    placed only where its context is sure: it holds a whole word on each side of the
    stray's own word, and it matches once in ``text``, at word edges (``marks_at``
    has already kept only marks whose context matches once in the whole source).
    Any other stood at a paragraph's edge, or cannot be told from a right reading
    elsewhere (extraction may drop the stray copy of a sentence the article holds in
    correct UTF-8), and is dropped: its stray bytes are still read, not marked. A
    context cut to a word fragment ("caf" of a link's "<a>caf\xe9</a>") put S500s on
    the page's correct UTF-8 "café"."""
    placed: list[Finding] = []
    for mark in marks:
        pattern = _context_pattern(mark)
        if pattern is None:
            continue
        found = _matches_at_edges(pattern, text)
        if len(found) != 1:
            continue
        start, end = found[0].span(1)
        placed.append(replace(mark.finding, start=start, end=end))
    return placed


def _context_pattern(mark: StrayMark) -> re.Pattern[str] | None:
    """A pattern for ``mark``'s reading in its context, the reading its group 1; none
    where the context lacks a whole word on either side of the stray's own word."""
    before, after = mark.before.lstrip(), mark.after.rstrip()
    if not (_WORD.search(_WORD_END.sub("", before)) and _WORD.search(_WORD_START.sub("", after))):
        return None
    # No look-behind first: the pattern's literal start lets the search skip ahead.
    return re.compile(
        _loose(before) + "(" + re.escape(mark.finding.text) + ")" + _loose(after) + r"(?!\w)"
    )


def _matches_at_edges(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Up to two matches of ``pattern`` in ``text`` that start at a word's edge."""
    at_edge = (
        m for m in pattern.finditer(text) if not (m.start() and _WORD.match(text, m.start() - 1))
    )
    return list(itertools.islice(at_edge, 2))


_WORD = re.compile(r"\w")
# The part of the stray's own word that stands before it and after it.
_WORD_END = re.compile(r"\w*\Z")
_WORD_START = re.compile(r"\A\w*")


def _loose(text: str) -> str:
    """A pattern for ``text`` with any run of white space for each of its own."""
    return "".join(
        r"\s+" if part.isspace() else re.escape(part) for part in _SPACES.split(text) if part
    )


_SPACES = re.compile(r"(\s+)")


# How much text on either side of a stray stretch is its context, stopping at block
# markup and a line end (which extraction rewrites); inline tags, left out of it, may
# take up to ``_RAW_CONTEXT`` characters of markup with it.
_CONTEXT = 30
_RAW_CONTEXT = 300
_RUN_BREAK = re.compile(r"[<>\n]")
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strong"
    r"|sub|sup|time|u|var)\b[^<>]*>",
    re.IGNORECASE,
)


# The most stray bytes and characters of their reading a finding's message shows;
# the evidence keeps them all.
_MAX_HEX = 8
_MAX_QUOTED = 40
# What may stand between two stray runs of one stretch: not a line end, and no ASCII
# letter or digit (which a word of the UTF-8 text around them has).
_WITHIN_STRETCH = re.compile(r"[^\nA-Za-z0-9]*")


def _stretches(text: str, strays: list[StrayRun]) -> list[list[StrayRun]]:
    stretches: list[list[StrayRun]] = []
    for run in strays:
        if stretches and _WITHIN_STRETCH.fullmatch(text, stretches[-1][-1].end, run.start):
            stretches[-1].append(run)
        else:
            stretches.append([run])
    return stretches


def _shortened(reading: str) -> str:
    return reading if len(reading) <= _MAX_QUOTED else reading[: _MAX_QUOTED - 1] + "…"


def _hex_bytes(raw: bytes, most: int | None = None) -> str:
    shown = " ".join(f"0x{b:02x}" for b in raw[:most])
    return shown if most is None or len(raw) <= most else f"{shown} … ({len(raw)} in all)"
