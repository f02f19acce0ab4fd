"""Bytes to text: encoding detection, binary refusal and mojibake repair."""

from __future__ import annotations

import codecs
import difflib
import html
import itertools
import json
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import charset_normalizer
import ftfy
from charset_normalizer.md import mess_ratio
from charset_normalizer.utils import is_multi_byte_encoding

from audits.byte_order_marks import bom_encoding
from audits.document import LINE_END, Finding, LineIndex, Severity
from audits.errors import InputError
from audits.names import zipf_en
from audits.rule_docs.encoding import MOJIBAKE_CODE

# Only the fixes that undo encoding damage: curly quotes, ligatures, widths and
# normalisation are genuine content here (and fingerprints we want to see).
_MOJIBAKE_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(text: str) -> Any:
    """``json.loads``, with every lone UTF-16 surrogate in a string replaced by U+FFFD.

    JSON may escape half a surrogate pair ("\\ud800"); Python keeps it as a code
    point that no encoder writes, so one such record made every report fail. The
    replacement is one code point for one, so offsets into the text stay true.
    """
    try:
        return without_surrogates(json.loads(text))
    except RecursionError:
        # Python's JSON reader recurses per level: thousands of '[' on one line ended
        # a whole run in "internal error: RecursionError". It is invalid input here.
        depth, pos = _deepest_nesting(text)
        raise json.JSONDecodeError(
            f"arrays and objects nested too deeply ({depth} levels) at", text, pos
        ) from None
    except json.JSONDecodeError:
        raise
    except ValueError:
        # An integer of over sys.get_int_max_str_digits() digits is refused with a
        # plain ValueError, no JSONDecodeError, which every caller's guard let through:
        # one such record made a whole JSON Lines file "could not read the input".
        found = _long_integer(text)
        if found is None:
            raise
        digits, pos = found
        limit = sys.get_int_max_str_digits()
        raise json.JSONDecodeError(
            f"an integer of {digits} digits, more than the {limit} read, at", text, pos
        ) from None


# A JSON string (skipped whole, so that digits in it are no number) or a number, its
# integer part apart: a number with a fraction or an exponent is a float, read at any
# length.
_STRING_OR_NUMBER = re.compile(r'"(?:[^"\\]|\\.)*"|-?(\d+)(\.\d+)?([eE][-+]?\d+)?')


def _long_integer(text: str) -> tuple[int, int] | None:
    """The digit count and place of ``text``'s first integer over the digits json
    reads, None when there is none."""
    limit = sys.get_int_max_str_digits()
    for match in _STRING_OR_NUMBER.finditer(text):
        digits, fraction, exponent = match.groups()
        if digits and not fraction and not exponent and 0 < limit < len(digits):
            return len(digits), match.start()
    return None


def _deepest_nesting(text: str) -> tuple[int, int]:
    """How deep ``text``'s arrays and objects go, and where the first bracket at that
    depth is (brackets inside strings do not count)."""
    depth = deepest = where = 0
    in_string = escaped = False
    for pos, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, pos
        elif char in "]}":
            depth -= 1
    return deepest, where


def record_lines(lines: Iterable[str]) -> Iterator[int]:
    """The line (from 1) each record of the file's LF-ended ``lines`` starts on, past
    its leading white space, as editors and the reports count lines (``LINE_END``:
    CRLF, LF and a lone CR, which JSON reads as white space between tokens): records
    end at LF only, so a lone CR inside one moved every later record's number one
    line before the line the editor shows it on."""
    number = 1
    for line in lines:
        lead = len(line) - len(line.lstrip())
        yield number + len(LINE_END.findall(line, 0, lead))
        # A CR that ends the piece is the CR of a CRLF: one line end, counted as LF.
        number += 1 + len(LINE_END.findall(line.removesuffix("\r")))


def json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words: a record that is no object was 'got
    NoneType', 'got list', Python's names for null and an array."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", list: "an array"}.get(type(value), "an object")


def record_position(line: str, lineno: int, pos: int) -> tuple[int, int]:
    """The file's (line, column) of offset ``pos`` in a record (``line``, one of
    ``record_lines``'s pieces, numbered ``lineno`` by it): where a JSON error is,
    counted as ``LineIndex`` and editors count it. The CR that ends a CRLF file's
    piece is its line end, not a lone CR: an error at the record's end (a truncated
    record) was put on the next line, at column 1."""
    body = line.removesuffix("\r")
    index = LineIndex(body)
    first, _ = index.position(len(body) - len(body.lstrip()))
    at, column = index.position(min(pos, len(body)))
    return lineno + at - first, column


def json_error(exc: json.JSONDecodeError, place: str) -> str:
    """json's message for ``exc`` and ``place`` ("line 3, column 42"): two of its
    messages end in "at" ("Unterminated string starting at", "Invalid control
    character at"), so "... starting at at line 3" it read."""
    return f"{exc.msg.removesuffix(' at')} at {place}"


def json_error_in(text: str, exc: json.JSONDecodeError) -> str:
    """``json_error`` with where ``exc`` is in ``text`` (the whole string given to
    ``json.loads``) as ``LineIndex`` and editors count: ``exc.lineno`` counts LF
    alone, so in an old Mac file (lone CRs) every error was on line 1, at a column
    past the file's first line."""
    line, column = LineIndex(text).position(exc.pos)
    return json_error(exc, f"line {line}, column {column}")


def without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    return value


def decode_declared(data: bytes, encoding: str) -> str | None:
    """``data`` decoded as a header or the document itself declares, or None when that
    declaration is unusable and the caller should detect the encoding instead.

    Unusable is any failure of the codec, not only an unknown name or bytes it
    cannot decode: Python's ``undefined`` codec (``charset=undefined`` is seen
    in the wild) raises plain UnicodeError, ``idna`` and ``punycode`` raise it
    too, and ``rot13`` or ``base64`` are not text encodings (LookupError).
    """
    try:
        return data.decode(encoding)
    except (LookupError, ValueError):  # UnicodeError and its subclasses are ValueErrors
        return None


BINARY = "binary file (NUL bytes), not text"


def wide_or_binary(data: bytes, source: str) -> tuple[str, str]:
    """``data``, which holds a NUL and no BOM, read as UTF-32 or UTF-16 without a BOM
    (text, encoding), or refused as binary."""
    wide = bomless_utf32(data) or bomless_utf16(data)
    if wide is None:
        raise InputError(source, _utf16_with_a_tail(data) or BINARY)
    return wide


# The bytes of 8-bit text, as ``_eight_bit_runs`` counts them: printable ASCII, tab,
# newline and return.
_ASCII_TEXT_BYTES = bytes((*range(0x20, 0x7F), 0x09, 0x0A, 0x0D))


def _utf16_with_a_tail(data: bytes) -> str | None:
    """Why ``data`` is refused, where it is UTF-16 text without a BOM up to its last
    line end and 8-bit text after it (`echo done >> article.txt` on a file saved as
    UTF-16): "binary file" sent the user looking for a binary file. None otherwise."""
    # From the end, not by searching for line ends: a binary holds many b"\n\x00" at
    # odd offsets, and stepping back through each took seconds on a large one.
    text_end = len(data.rstrip(_ASCII_TEXT_BYTES))  # after the last byte not 8-bit text
    for encoding, name, line_end, back in (
        ("utf_16_le", "UTF-16LE", b"\n\x00", 2),
        ("utf_16_be", "UTF-16BE", b"\x00\n", 1),
    ):
        # The line end's NUL is the last one: its second byte in UTF-16LE, its first
        # in UTF-16BE, whose newline byte is then stripped with the tail.
        at = text_end - back
        if at < 0 or at % 2 or data[at : at + 2] != line_end:
            continue
        head, tail = data[: at + 2], data[at + 2 :]
        if not tail:
            continue
        read = bomless_utf16(head)
        if read is not None and read[1] == encoding:
            if len(tail) == 2 and tail.decode(encoding).isalpha():
                # Two ASCII letters are also one CJK character (中 is b"-N" in
                # UTF-16LE): English whose last line is 中 with no newline after it
                # was told only that a tool had appended ASCII.
                return (
                    f"{name} text (no byte order mark) with 2 bytes after its last line "
                    f"that are 8-bit text or the character {tail.decode(encoding)!r} "
                    "(appended by a tool that writes ASCII, or a last line with no "
                    "newline after it?): save it in one encoding, or end it with a newline"
                )
            return (
                f"{name} text (no byte order mark) with {len(tail)} "
                f"byte{'s' if len(tail) != 1 else ''} of 8-bit text after its last line "
                "(appended by a tool that writes ASCII?): save it in one encoding"
            )
    return None


_UTF32 = ("utf_32_le", "utf_32_be")
# charset_normalizer's measure of odd characters (0 to 1 and beyond) that its own
# detection allows a decoding by default.
_MAX_MESS = 0.2


def bomless_utf32(data: bytes) -> tuple[str, str] | None:
    """``data`` as UTF-32 text without a BOM, with the encoding's name, or None. It was
    refused as binary (every character's three NULs make zero UTF-16 code units).

    Unambiguous where it decodes: a code point is at most U+10FFFF, so each 4 bytes'
    high byte is a NUL, which in the other byte order is the low one of nearly any
    character (b"T\x00\x00\x00" is U+54000000 read big-endian). Binary that happens
    to decode (an array of 32-bit numbers under 0x110000) is refused by what it
    decodes to: a zero (U+0000), control characters, or a mess of scripts and marks
    no text is (numbers under 1000 read as Latin, IPA, Greek and combining marks)."""
    if len(data) < _MIN_UTF16_BYTES or len(data) % 4:
        return None
    for encoding in _UTF32:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if (
            "\x00" not in text
            and _control_ratio(text) <= 0.05
            and mess_ratio(text[:8192], _MAX_MESS) < _MAX_MESS
        ):
            return text, encoding
    return None


UNDECODABLE = "binary or undecodable file: no text encoding fits"


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding). Raises InputError for binary input."""
    text, encoding, _ = decode_with_strays(data, source)
    return text, encoding


def decode_with_strays(
    data: bytes, source: str, *, markup: bool = False
) -> tuple[str, str, list[StrayRun]]:
    """As ``decode_bytes``, with the runs of bytes that are not UTF-8 in a text read
    as UTF-8 that mostly is (see ``utf8_with_strays``); none for any other text. One
    pass: a caller that reports them need not detect their encoding again.
    ``markup``: ``data`` is a page or feed, whose tags are left out where the stray
    bytes' encoding is detected."""
    if encoding := bom_encoding(data):
        try:
            return data.decode(encoding), encoding.replace("-sig", ""), []
        except UnicodeDecodeError as exc:
            # An editor's UTF-8 with its mark, and a cp1252 line appended after. The
            # mark is all that makes it UTF-8, so binary after one (random bytes, a
            # PNG) stays refused, not read as a thousand stray runs.
            mixed = utf8_with_strays(data, markup=markup) if encoding == "utf-8-sig" else None
            if mixed is not None and _control_ratio(mixed.text) <= 0.05:
                return mixed.text, "utf-8", mixed.strays
            raise InputError(source, f"invalid {encoding} text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        return *wide_or_binary(data, source), []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if (mixed := utf8_with_strays(data, markup=markup)) is not None:
        return mixed.text, "utf-8", mixed.strays
    best = _page_reading(data) if markup else None
    best = best or _most_likely(charset_normalizer.from_bytes(data), data)
    if best is None:
        raise InputError(source, UNDECODABLE)
    text, encoding = best
    if _control_ratio(text) > 0.05:
        raise InputError(source, "binary file (control characters), not text")
    return text, encoding, []


def _page_reading(data: bytes) -> tuple[str, str] | None:
    """A page's bytes read in the encoding detected for its text alone, its tags,
    scripts and styles left out; None where that text is ASCII or the encoding does
    not read the whole page. Detected whole, a Czech cp1250 page with a large <head>
    was judged by its CSS and script: ASCII, which every code page reads alike,
    outweighing the few paragraphs that tell them apart, and the words weighed
    (the first ``_WORDS_SAMPLE`` characters of text) were the head's alone."""
    text = _MARKUP_BYTES.sub(b" ", data)
    if text.isascii():
        return None
    best = _most_likely(charset_normalizer.from_bytes(text), text)
    if best is None:
        return None
    try:
        return data.decode(best[1]), best[1]
    except (UnicodeDecodeError, LookupError):
        return None


_MARKUP_BYTES = re.compile(
    rb"<(script|style)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>", re.DOTALL | re.IGNORECASE
)


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


_UTF16 = ("utf_16_le", "utf_16_be")


def bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """``data`` as UTF-16 text without a BOM, with the encoding's name, or None where
    its NUL bytes are not UTF-16's (a binary file).

    In UTF-16 a NUL byte is half of a code unit (the high byte of every ASCII
    character, or the low one of U+4E00 一), never a whole one: binary data is
    refused without a guess when it holds a zero code unit (two NULs at an even
    offset, as nearly every binary format's padding does) or is an odd number of
    bytes. Which byte order is charset_normalizer's guess, which must be UTF-16;
    the decoding is strict, so a lone surrogate (random bytes) is refused too.
    Where NULs sit is no test: Chinese text with 一 and newlines has them at both
    parities.

    A text of 8 bits with a stray NUL can pass all that (b"x\x00" reads as 砀), so
    the bytes must also show UTF-16: at least ``_MIN_UTF16_BYTES`` of them, and no
    8-bit text read as UTF-16 (see ``_eight_bit_runs``)."""
    if len(data) < _MIN_UTF16_BYTES or len(data) % 2 or array("H", data).count(0):
        return None
    best = charset_normalizer.from_bytes(data, cp_isolation=list(_UTF16)).best()
    if best is None or best.encoding not in _UTF16:
        return None
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError:
        return None
    if _control_ratio(text) > 0.05 or _eight_bit_runs(text):
        return None
    return text, best.encoding


# Fewer bytes are too few to tell UTF-16 from a short text with a NUL ("OK\x00\n",
# "The end.\x00\n" and "hello, world\x00z" each decode strictly, as CJK).
_MIN_UTF16_BYTES = 64
# An 8-bit text's bytes are printable ASCII, tab, newline and return (the low bytes
# below); as the high byte of a code unit only printable ASCII counts. Tab, newline
# and return make U+09xx, U+0Axx and U+0Dxx, where Devanagari, Gurmukhi, Gujarati and
# Malayalam letters are (न U+0928 is "(\t"): English quoting Hindi was refused as
# binary.
_HIGH_BYTES = range(0x20, 0x7F)
# Runs of code units whose two bytes are each such a byte, in either order.
_PAIR_RUNS = re.compile(
    "["
    + "".join(
        f"{chr(high << 8 | 0x20)}-{chr(high << 8 | 0x7E)}"
        + "".join(chr(high << 8 | low) for low in (0x09, 0x0A, 0x0D))
        for high in _HIGH_BYTES
    )
    + "]+"
)
# Space to "/" as the high byte: punctuation, symbols and box drawing (╔═╗ is U+2554,
# U+2550, U+2557), which English holds in a row too, and the scripts there (Tifinagh
# ⵜⴰⵎⴰⵣⵉⵖⵜ is "0-", Glagolitic small letters, Kangxi radicals from PDF extraction);
# a run of them alone is no 8-bit text's, whose runs are its words and need every
# second byte to be punctuation for one.
_SYMBOLS = re.compile("[\u2000-\u2fff]+")
# Units whose high byte is tab, newline or return and whose low byte is an 8-bit
# text's (b"F\n" is U+0A46): an ASCII tail's line ends, which are no pair (they are
# Indic letters too), but after which a run still ends the text (b"EOF\n" reads as
# 佅 and U+0A46).
_LINE_ENDS = "".join(
    chr(high << 8 | low)
    for high in (0x09, 0x0A, 0x0D)
    for low in (*range(0x20, 0x7F), 0x09, 0x0A, 0x0D)
)
# Scripts written with many characters whose code units are pairs of such bytes: CJK
# symbols, kana, ideographs (Extension A on), Hangul, compatibility and full widths.
_WIDE_SCRIPTS = re.compile("[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# How many times more of the characters such runs hold than the rest of the text holds
# of those scripts make the runs 8-bit text: Japanese of 32 characters with long runs
# of hiragana (の U+306E is "n0") stays well under it.
_RUN_SHARE = 4


def _eight_bit_runs(text: str) -> bool:
    """Whether ``text`` holds 8-bit text read as UTF-16: runs of code units whose two
    bytes are each an ASCII text byte (b"abcd" reads as 扡摣, b"B0n0" as あの, b"a4b5"
    as Extension A's 㑡㕢), where the rest of the text is in none of the scripts such
    units come from. An ASCII tail on UTF-16 English (the runs are the tail), or an
    8-bit text with a stray NUL (the runs are nearly all of it).

    A run counts from 3 units, with two different ones, or from 1 that ends the text
    but for line ends (b"ok" is 歯, b"abcd" 扡摣, b"ok" and CRLF 歯 and U+0A0D), and
    never of symbols or the scripts among them alone (a box-drawn table, ╔═══╗, is
    U+2554, U+2550 again and again and U+2557, English's symbols and not 8-bit text;
    Tifinagh ⵜⴰⵎⴰⵣⵉⵖⵜ is U+2D5C, U+2D30 ..., each letter a pair): English quoting 中
    (U+4E2D, "-N") or 中山 in a sentence is read, where every ideograph that was such
    a pair used to make it binary. Chinese and Japanese have such runs too (a third of
    the ideographs, half the hiragana), among many more characters of their scripts.
    Runs of which none ends the text (no tail) must outnumber the Latin units too,
    which UTF-16 English is made of and 8-bit text read as UTF-16 has only at a NUL."""
    end = len(text.rstrip(_LINE_ENDS))
    runs = [
        m
        for m in _PAIR_RUNS.finditer(text)
        if (m.end() == end or (len(m.group()) >= 3 and len(set(m.group())) > 1))
        and not _SYMBOLS.fullmatch(m.group())
    ]
    inside = sum(len(run.group()) for run in runs)
    if not inside:
        return False
    rest = _wide_count(text) - sum(_wide_count(run.group()) for run in runs)
    if any(run.end() == end for run in runs):
        return inside > _RUN_SHARE * rest
    # No run ends the text, so no ASCII tail: 8-bit text with a stray NUL is such runs
    # nearly throughout, with a code unit below U+0100 only where a NUL is, where
    # UTF-16 English is such units throughout. English quoting 中山大学 (each a pair:
    # "-N", "q\", "'Y", "f[") mid-sentence was refused as binary.
    return inside > _RUN_SHARE * rest + len(_LATIN_UNITS.findall(text))


# Code units whose high byte is a NUL: the Latin text of UTF-16 English.
_LATIN_UNITS = re.compile("[\x00-\xff]")


def _wide_count(text: str) -> int:
    return len(text) - len(_WIDE_SCRIPTS.sub("", text))


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
    if data and not any(m.encoding == "cp1252" for m in candidates):
        # cp1252, the legacy encoding of English on the web, judged in its own right:
        # charset_normalizer leaves it out when another code page decodes alike (folded
        # into that page's match, with that page's coherence) or stops before it. A
        # match of its own already is what a pass of cp1252 alone would find again.
        candidates += list(charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]))
    cp1252 = next((m for m in candidates if m.encoding == "cp1252"), None)
    if cp1252 is not None and _english_words_favour(str(cp1252), str(best)):
        return str(cp1252), cp1252.encoding
    ties = [
        m
        for m in candidates
        if m.chaos - best.chaos < _CHAOS_MARGIN and abs(m.coherence - best.coherence) < 1e-6
    ]

    pick = min(ties, key=lambda m: (not _wide_reading(m), _web_rank(m.encoding)))
    readings = {pick.encoding: str(pick)}
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
    text, encoding = str(pick), pick.encoding
    if len(set(readings.values())) > 1:
        text, encoding = _most_words(readings, pick.encoding)
        # Code pages that read the bytes alike are named by the most common one: a
        # German text read alike in cp1250 and cp1252 is cp1252's.
        alike = [encoding] + [e for e, read in readings.items() if read == text]
        encoding = min(alike, key=_web_rank)
    match = next((m for m in ties if m.encoding == encoding), None)
    return text, _plain_name(data, text, encoding, match)


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
    return bool(beyond) and _wide_count(beyond) == len(beyond)


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
# a short Russian text in KOI8-R was matched only as shift_jis_2004 ("崹ﾅﾚﾉﾄﾅﾎﾔ").
_PASSED_OVER = ("koi8_r",)


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
        if _control_ratio(text) == 0 and mess_ratio(text[:8192], _MAX_MESS) < _MAX_MESS:
            found[encoding] = text
    return found


def _koi8_r_plausible(data: bytes) -> bool:
    """Whether ``data``'s bytes beyond ASCII are as KOI8-R Russian's: nearly all
    letters (0xC0 to 0xFF, box drawing and symbols below), more of them small
    (0xC0 to 0xDF) than capital. Tried on every legacy text, its reading cost a
    language detection and a look-up of every word, and was kept for half the
    French, German, Czech and Polish texts of a probe: their accented letters are
    0xE0 to 0xFF (KOI8-R capitals) or below 0xC0, and so are cp1251 Russian's small
    letters. A Russian text in capitals alone is passed over (left to
    charset_normalizer's own matches)."""
    high = len(data) - len(data.translate(None, _HIGH))
    letters = len(data) - len(data.translate(None, _KOI8_LETTERS))
    small = len(data) - len(data.translate(None, _KOI8_SMALL))
    return high > 0 and letters >= 0.9 * high and small > letters - small


_HIGH = bytes(range(0x80, 0x100))
_KOI8_LETTERS = bytes(range(0xC0, 0x100))
_KOI8_SMALL = bytes(range(0xC0, 0xE0))
# Which texts each of ``_PASSED_OVER`` is tried on.
_PLAUSIBLE = {"koi8_r": _koi8_r_plausible}


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


def _most_words(readings: dict[str, str], pick: str) -> tuple[str, str]:
    """The reading among ``readings`` (encoding to text) whose words are the most
    common in the language langdetect names for it, where they are more so than
    ``pick``'s words in that same language by ``_WORDS_MARGIN``, at least half of them
    are known, and it does not lose to ``pick`` in ``pick``'s language; else
    ``pick``'s. Polish in cp1250 tied with cp1252 on
    charset_normalizer's measures and the web's preference chose cp1252 ("Czeœæ, jak
    siê masz?"); a reading's words in its own language tell them apart, as
    ``_english_words_favour`` does for English.

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
        # Where wordfreq has a list for the pick's language, its reading must not be
        # better words of it. Where it has none (cp1252 "Brontë" named Albanian), the
        # comparison in the other's language is all there is: "Brontë" and "Brontė"
        # are alike unknown in English, no gain, while shift_jis_2004's reading of
        # KOI8-R Russian ("崹ﾅﾚﾉﾄﾅﾎﾔ") is named nothing and must be able to lose.
        holds = (
            pick_language is None
            or score(encoding, pick_language)[0] >= score(pick, pick_language)[0]
        )
        if gain > max(_WORDS_MARGIN, best_gain) and known * 2 >= words and holds:
            best, best_gain = encoding, gain
    return readings[best], best


# How much more a reading's words' Zipf frequencies must add up to than the chosen
# one's: a reading that differs in one word by a whisker is no evidence.
_WORDS_MARGIN = 1.0


def _sample(text: str) -> str:
    """The start of ``text`` whose words are weighed, markup left out: a page with no
    charset was judged by its <head>'s CSS and script, English whatever the page's
    language, and Polish in cp1250 read as cp1252 ("Dziêkujê")."""
    head = text[: _WORDS_SAMPLE * _MARKUP_SHARE]
    if "<" in head:
        head = _MARKUP.sub(" ", head)
    return head[:_WORDS_SAMPLE]


# How much more than the sample is read for it where markup is taken out.
_MARKUP_SHARE = 10
_MARKUP = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)|<[^<>]*>", re.DOTALL | re.IGNORECASE)


def _language_of(sample: str) -> str | None:
    """The language langdetect names for ``sample`` where wordfreq has a list for it."""
    from wordfreq import available_languages

    from audits.language_id import detect_language

    detected = detect_language(sample)
    if detected is None or detected[0] not in available_languages("best"):
        return None
    return detected[0]


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
    words = [
        token.strip(_AROUND_WORDS + "«»„¿¡")
        for token in sample.split()
        if any(c.isalpha() for c in token)
    ]
    score, known = 0.0, 0
    for word in words:
        if not word.isalpha():
            continue
        try:
            zipf = zipf_frequency(word.casefold(), language)
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


# What a lone letter unknown as a word in the language takes off a reading's score.
_UNKNOWN_COST = 1.0


# The punctuation English puts around a word, as cp1252 reads it: quotes and dashes.
_AROUND_WORDS = (
    "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())
    + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
)
# An amount in the currencies English writes with a sign cp1252 has ("£40", "€1.5bn"),
# where other code pages read a letter ("Ł40" in cp1250, "Ç50" in cp437).
_CURRENCY_AMOUNT = re.compile(r"[€£]\d[\d,.]*[a-z]{0,2}")
# How common (Zipf) a word must be in English to count as one: mojibake such as
# "itõs" (1.22) and "donõt" (1.04) is in wordfreq's English list too.
_KNOWN_ZIPF = 1.5
_ASCII_WHITE_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _english_words_favour(cp1252: str, other: str) -> bool:
    """Whether ``cp1252``, the bytes read as cp1252, makes more English words than
    ``other``, the best guess's reading, where the two differ: the evidence that
    tips an English text to the legacy encoding of English. A short one read as DOS
    Baltic cp775 fit a language's letters a hair better than cp1252 ("We met at
    the cafķ", "the na’ve murals", "ōbrightö", "Ć50") and charset_normalizer
    cannot weigh that the text is English.

    Only words holding an ASCII letter are weighed, the ones English writes accents
    into ("café", "naïve"), and amounts in pounds and euros: a Russian, Greek or
    other text in another script makes no such word in either reading, and a
    Polish or Lithuanian one read as cp1252 makes no English word ("Mówiê",
    "priëmë"), so its own code page stays; nor does an English text's Polish name
    ("Wałęsa" against "Wa³êsa"). The readings are compared word for word, split
    at ASCII white space, which every candidate reads alike."""
    ours, theirs = _ASCII_WHITE_SPACE.split(cp1252), _ASCII_WHITE_SPACE.split(other)
    if len(ours) != len(theirs):
        return False
    pairs = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    return sum(_english_word(a) for a, _ in pairs) > sum(_english_word(b) for _, b in pairs)


def _english_word(token: str) -> bool:
    core = token.strip(_AROUND_WORDS)
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


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad / len(sample)


@dataclass(frozen=True)
class MojibakeSpan:
    start: int
    end: int
    broken: str
    fixed: str


def find_mojibake(text: str) -> list[MojibakeSpan]:
    """Spans of ``text`` that ftfy reads as encoding damage, with their repair."""
    spans: list[MojibakeSpan] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if not line.isascii():
            fixed = ftfy.fix_text(line, config=_MOJIBAKE_ONLY)
            if fixed != line:
                spans.extend(_diff_spans(line, fixed, pos))
        pos += len(line)
    return spans


def _diff_spans(old: str, new: str, offset: int) -> list[MojibakeSpan]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    spans: list[MojibakeSpan] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        # Merge edits separated by at most one unchanged character: "Ã©tÃ©" is one repair.
        if spans and offset + a1 - spans[-1].end <= 1:
            prev = spans[-1]
            spans[-1] = MojibakeSpan(
                prev.start,
                offset + a2,
                old[prev.start - offset : a2],
                prev.fixed + new[b1 - (offset + a1 - prev.end) : b2],
            )
        else:
            spans.append(MojibakeSpan(offset + a1, offset + a2, old[a1:a2], new[b1:b2]))
    return spans


def splice_repairs(text: str, spans: list[MojibakeSpan]) -> tuple[str, list[int]]:
    """``text`` with each of ``spans`` (in order, as ``find_mojibake`` gives them)
    replaced by its repair, and where each repair starts in the new text."""
    parts: list[str] = []
    new_starts: list[int] = []
    cursor = shift = 0
    for span in spans:
        parts += [text[cursor : span.start], span.fixed]
        new_starts.append(span.start + shift)
        shift += len(span.fixed) - len(span.broken)
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts), new_starts


def repair_mojibake(text: str) -> tuple[str, list[Finding]]:
    """Repair encoding damage, returning the new text and a finding per repaired span.

    Findings point at the repaired text, whose spans now read correctly.
    """
    spans = find_mojibake(text)
    if not spans:
        return text, []
    repaired, new_starts = splice_repairs(text, spans)
    findings = [
        Finding(
            code=MOJIBAKE_CODE,
            start=new_start,
            end=new_start + len(span.fixed),
            text=span.fixed,
            message=f"encoding damage repaired: the input read {span.broken!r}",
            severity=Severity.INFO,
            strength=0.1,
            suggestion=span.fixed,
            evidence={"broken": span.broken, "repaired": span.fixed, "repaired_text": True},
        )
        for span, new_start in zip(spans, new_starts, strict=True)
    ]
    return repaired, findings


def report_mojibake(text: str) -> list[Finding]:
    """Findings for encoding damage left in place (text the user's editor shows as is)."""
    return [
        Finding(
            code=MOJIBAKE_CODE,
            start=span.start,
            end=span.end,
            text=span.broken,
            message=f"encoding damage: {span.broken!r} should read {span.fixed!r}",
            severity=Severity.INFO,
            strength=0.1,
            suggestion=span.fixed,
            evidence={"broken": span.broken, "repaired": span.fixed, "repaired_text": False},
        )
        for span in find_mojibake(text)
    ]
