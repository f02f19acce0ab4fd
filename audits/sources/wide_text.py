"""UTF-16 and UTF-32 without a byte order mark, told from binary and from 8-bit text."""

from __future__ import annotations

import re
from array import array

import charset_normalizer
from charset_normalizer.md import mess_ratio

from audits.errors import InputError

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


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad / len(sample)
