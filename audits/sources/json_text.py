"""JSON read from text: records, nesting limits, errors placed, lone surrogates."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from audits.document import LINE_END, LineIndex

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
