"""Footnote and reference markers: the way to a note, not words of the sentence.

A page marks its notes with a superscript number or a bracketed one after the
word ("the treaty<sup>3</sup> was", Wikipedia's "the treaty[3] was", often a
link to the note). The page's text ran the marker into the word, "treaty3 was",
"in 19984": the sentence was garbled for the language model, and a number the
writer never wrote was compared with a reference's (R702). A marker is removed
from the page's tree (and from a feed entry's) and, where the page held it as
plain text (a content farm that copied an encyclopedia), from the text; so is a
note's link back to its marker ("The parapet was built in 1820. ↩").

A superscript that is a number's power ("10<sup>6</sup>", "km<sup>2</sup>") or an
ordinal's ending ("1<sup>st</sup>", "1<sup>er</sup>") is no marker and stays.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from audits.sources.html_clean import name_tokens

# What a marker holds: a note's number or numbers, a letter, a roman numeral, a
# symbol, or the encyclopedia's bracketed remarks.
_MARK = r"(?:\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*|[a-z]|[ivx]{1,4}|[*\u2020\u2021\u00a7]{1,3})"
_MARKER = re.compile(rf"\[\s*{_MARK}\s*\]|\(\s*{_MARK}\s*\)|{_MARK}", re.I)
# Class or id tokens (or their parts) that name a note's marker.
_NOTE_NAME = re.compile(r"footnote|endnote|reference|cite|citation|^fn|^ref|^note", re.I)
# Units written with a power ("km<sup>2</sup>", "m<sup>3</sup>/s"): the superscript
# is the number's.
_UNITS = frozenset({"m", "km", "cm", "mm", "ft", "in", "mi", "yd", "sq", "cu", "s", "mc"})
# A note's way back to its marker, as Markdown and wikis write it: arrows and carets,
# perhaps with a variation selector ("↩︎").
_BACK_LINK = re.compile(r"(?:[\u21a9\u21aa\u2191\u2934\u2b8f^][\ufe0e\ufe0f]?\s*){1,3}")
# Inline elements a theme wraps a marker in.
_WRAPPERS = frozenset({"span", "a", "small", "cite"})
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*$")
_NUMBER_BEFORE = re.compile(r"\d[\d,.]*$")


def drop_note_marks(tree: HtmlElement) -> None:
    """Remove the superscripts and links that mark a footnote or a reference."""
    sups = [sup for sup in tree.iter("sup") if _is_note_sup(sup)]
    # The elements themselves: lxml's proxies live only while referred to.
    dropped = set(sups)
    links = [a for a in tree.iter("a") if _is_note_link(a) and not _inside(a, dropped)]
    for mark in [*sups, *links]:
        if mark.getparent() is not None:
            mark.drop_tree()  # its tail stays


def may_hold_note_marks(markup: str) -> bool:
    """Whether ``markup`` may hold a marker (a quick test that spares parsing)."""
    return "<sup" in markup or "<SUP" in markup or 'href="#' in markup or "href='#" in markup


def _is_note_sup(sup: HtmlElement) -> bool:
    text = " ".join(sup.text_content().split())
    if not _MARKER.fullmatch(text):
        return False
    if any(_NOTE_NAME.search(token) for e in _wrapped(sup) for token in name_tokens(e)):
        return True
    if any(_is_note_link(a) for a in sup.iter("a")) or text.startswith(("[", "(")):
        return True
    if not text[0].isdigit():
        return False  # "1<sup>er</sup>", "x<sup>n</sup>": an ending or a power
    before = _text_before(sup)
    if not before or before[-1].isspace():
        return False  # after a space: a number of its own
    number = _NUMBER_BEFORE.search(before)
    if number is not None:
        # "10<sup>6</sup>", "2<sup>10</sup>": a power's base is short; a year or a
        # count ("in 1998<sup>4</sup>", "64,000<sup>5</sup>") is noted.
        return len(number.group()) > 2
    word = _WORD_BEFORE.search(before)
    return word is None or word.group(1).lower() not in _UNITS


def _is_note_link(a: HtmlElement) -> bool:
    """A link to a note on the same page whose text is only the note's marker, or the
    note's link back to its marker ("↩")."""
    href = (a.get("href") or "").strip()
    if not href.startswith("#") or len(href) < 2:
        return False
    text = " ".join(a.text_content().split())
    return bool(_MARKER.fullmatch(text) or _BACK_LINK.fullmatch(text))


def _inside(element: HtmlElement, marks: set[HtmlElement]) -> bool:
    return any(ancestor in marks for ancestor in element.iterancestors("sup"))


def _wrapped(sup: HtmlElement) -> list[HtmlElement]:
    """``sup`` and the inline elements around it that hold nothing else (themes wrap
    a marker: ``<span class="footnote-ref"><sup>1</sup></span>``)."""
    found = [sup]
    for parent in sup.iterancestors():
        inner = found[-1]
        if parent.tag not in _WRAPPERS or len(parent) != 1:
            break
        if (parent.text or "").strip() or (inner.tail or "").strip():
            break
        found.append(parent)
    return found


def _text_before(element: HtmlElement) -> str:
    """The text just before ``element`` (or the wrappers that hold only it)."""
    outer = _wrapped(element)[-1]
    previous = outer.getprevious()
    if previous is not None:
        return previous.tail or previous.text_content()
    parent = outer.getparent()
    return (parent.text or "") if parent is not None else ""


# A bracketed marker held as text, right after a word or its punctuation ("treaty[3]",
# "1998.[4][5]", "[citation needed]"): never after a space, where brackets may be the
# writer's, and only numbers, not letters ("x[i]" may be a formula's).
_TEXT_MARK = r"\[\s*(?:\d{1,3}|(?:note|nb)\s*\d{1,3}|citation needed)\s*\]"
_TEXT_MARKS = re.compile(rf"(?<=[^\s\[(])(?:{_TEXT_MARK})+", re.I)


def drop_text_note_marks(text: str) -> str:
    """``text`` without the bracketed markers run into its words."""
    return _TEXT_MARKS.sub("", text) if "[" in text else text
