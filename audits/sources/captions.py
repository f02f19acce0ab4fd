"""Photo captions and credits: the picture's words, not the article's.

A caption ("The new flood barrier on the River Ouse. Photo : AFP / John
Smith") and a credit in a paragraph of its own ("(Photo: Ludovic Marin/AFP)",
"(Reuters)", "© Riverside Chronicle") were audited as sentences of the article:
an agency's French-style "Photo : AFP" was flagged as French typography, and a
photographer's name could count as a second spelling of a name in the story.
So was a gallery's counter ("1 of 12", "Image 3 of 12"), and the copyright
notice an agency's story ends with ("Copyright 2024 The
Associated Press. All rights reserved. This material may not be published,
broadcast, rewritten or redistributed.").
trafilatura already leaves ``<figcaption>`` out of a page's text; the feed
reader kept it, and neither knew the captions themes mark with a class
(WordPress's ``wp-caption-text``, Blogger's ``tr-caption``) or credit lines.
"""

from __future__ import annotations

import re

from audits.sources.name_words import is_name_shaped, is_outlet_name, is_person_name

# Class names themes and editors give a caption or credit (or the box holding a
# photo and its caption), whole tokens: "has-caption" on an article is no caption.
CAPTION_CLASSES = frozenset(
    {
        "blocks-gallery-caption",
        "caption",
        "caption-text",
        "credit",
        "figcaption",
        "image-caption",
        "image-credit",
        "img-caption",
        "media-caption",
        "media-credit",
        "photo-caption",
        "photo-credit",
        "picture-caption",
        "tr-caption",
        "tr-caption-container",
        "wp-caption",
        "wp-caption-dd",
        "wp-caption-text",
        "wp-element-caption",
    }
)

# Words a credit opens with, before its colon (or "by"): "Photo credit:", "Image by".
_CREDIT_WORD = r"(?:photo(?:graph)?s?|pictures?|pics?|images?|illustrations?|credits?)"
# News and photo agencies that a bare "(Reuters)" or "(AFP/Getty Images)" names.
_AGENCIES = (
    r"afp|ap|associated\s+press|reuters|epa|epa-efe|efe|dpa|ansa|xinhua|tass|anadolu"
    r"|getty(?:\s+images)?|shutterstock|istock(?:photo)?|alamy|pa(?:\s+wire)?|sipa|bloomberg"
)
_CREDIT_LINE = re.compile(
    rf"""^[(\[]?\s*(?:
        {_CREDIT_WORD}(?:\s+(?:credits?|by))?\s*[:：|]\s*\S.*?   # Photo: X/Y, Photo credit: X
        | {_CREDIT_WORD}\s+by\s+\S.*?                            # Photo by X
        | ©\s*\S.*?                                              # © X
        | (?:{_AGENCIES})(?:\s+(?:photos?|images?|pictures?))?   # (Reuters), (AFP/Getty),
          (?:\s*[/,]\s*[^()]+?)?                                  # (AP Photo/Evan Vucci)
    )\s*[)\]]?\.?$""",
    re.I | re.X,
)
# A credit is a name or two; a longer line is a sentence that happens to open so.
MAX_CREDIT_WORDS = 10
# A copyright notice: its owner (a few words), then the notice's own sentences. Without
# those it is a credit ("\u00a9 Riverside Chronicle") or a sentence ("Copyright 2024
# cases rose sharply.").
_COPYRIGHT_NOTICE = re.compile(
    r"""(?:copyright\s*(?:\u00a9|\(c\))?|\u00a9|\(c\))\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*,?\s*)?
    (?:[^\s.]+\s+){0,6}[^\s.]+\.?
    (?:\s+(?:all\s+rights\s+reserved
        |this\s+(?:material|article|content|story)\s+may\s+not\s+be\s+published,\s+broadcast,
         \s+rewritten,?\s+or\s+redistributed(?:\s+(?:in\s+any\s+form|without\s+(?:prior\s+)?
         (?:written\s+)?permission))*
        |used\s+(?:with|by)\s+permission|reprinted\s+with\s+permission)\.?)+""",
    re.I | re.X,
)


# A gallery's counter under each picture ("1 of 12", "Image 3 of 12", "Photo 2/8"):
# the pictures' words too, and no sentence; the page's reader scored it out, the
# feed reader kept it.
_GALLERY_COUNTER = re.compile(
    rf"(?:{_CREDIT_WORD}|slides?)?\s*\d{{1,3}}\s*(?:of|/)\s*\d{{1,3}}", re.I
)


def is_credit_line(paragraph: str) -> bool:
    """A paragraph that is only a photo credit, a gallery's counter or a copyright
    notice."""
    text = " ".join(paragraph.split())
    if _COPYRIGHT_NOTICE.fullmatch(text) or _GALLERY_COUNTER.fullmatch(text):
        return True
    if len(text.split()) > MAX_CREDIT_WORDS or "\n" in paragraph.strip():
        return False
    if text.startswith(("(", "[")) != text.rstrip(".").endswith((")", "]")):
        return False  # "(Reuters) reported ..." is a sentence
    if (labelled := _LABELLED.fullmatch(text)) is not None and _is_heading(labelled["what"]):
        return False
    return bool(_CREDIT_LINE.match(text)) or _is_bare_credit(text)


# How an agency passed a picture on: "Jane Doe/AFP via Getty Images".
_VIA_AGENCY = re.compile(rf"\s+via\s+(?:{_AGENCIES})\.?$", re.I)


def without_via_agency(credited: str) -> str:
    """A credit's names without how an agency passed the picture on: "Jane Doe/AFP
    via Getty Images" credits Jane Doe and AFP, as "Jane Doe/AFP" does."""
    return _VIA_AGENCY.sub("", credited)


def _is_bare_credit(text: str) -> bool:
    """Whether ``text`` is a credit without its word: a person's name and the agency
    after a slash ("Jane Doe/Reuters", "Ludovic Marin/AFP via Getty Images"), as a
    caption's credit stands on its own line once the caption's box is gone."""
    name = without_via_agency(text)
    return "/" in name and is_credited_name(name)


# A credit's word and a colon, then what it credits: "Photos: Jane Doe/Reuters".
_LABELLED = re.compile(rf"[(\[]?\s*{_CREDIT_WORD}\s*[:：|]\s*(?P<what>.+?)\s*[)\]]?\.?", re.I)
# What only a credit holds: an agency's slash or comma, a copyright sign, an agency.
_CREDIT_MARKS = re.compile(rf"[/,;&©()]|\b(?:courtesy|{_AGENCIES})\b", re.I)
_AGENCY = re.compile(rf"(?:{_AGENCIES})(?:\s+(?:photos?|images?|pictures?))?", re.I)


def is_credited_name(name: str, labelled: bool = False) -> bool:
    """Whether ``name`` is one a picture's credit gives: a person's, a known agency's,
    or a person's with the agency after a slash ("Jane Doe/Reuters", "AFP/Getty
    Images"). Before an agency's slash, or where the credit's line ``labelled`` it
    a name already, a name shaped as a person's is one though its given name is
    none the name list knows ("Ludovic Marin/AFP"). How an agency passed it on
    ("Ludovic Marin/AFP via Getty Images") is part of the credit."""
    parts = [p.strip() for p in without_via_agency(name).split("/")]
    shaped = labelled or (len(parts) > 1 and _AGENCY.fullmatch(parts[-1]) is not None)
    return all(
        p and (is_person_name(p) or _AGENCY.fullmatch(p) or (shaped and is_name_shaped(p)))
        for p in parts
    )


# A gallery's heading is a few words at least ("Royal Wedding Day"); a name may be two.
_MIN_HEADING_WORDS = 3
# Words a credit holds and a heading does not: how the picture came ("Via Instagram",
# "Supplied By Family", "For The Guardian") and the particles of a name ("Jane De La
# Cruz", "Ludwig Van Der Berg"), which is_person_name does not read.
_CREDIT_WORDS = re.compile(
    r"\b(?:via|by|for|supplied|handout|pool|file|staff|de|la|le|del|della|da|di|du|van"
    r"|von|der|den|ter|bin|al|el)\b",
    re.I,
)
# An initialism names an agency or a body ("NASA JPL Caltech"); a heading in Title
# Case has none.
_INITIALISM = re.compile(r"\b[A-Z]{2,}\b")


def _is_heading(what: str) -> bool:
    """Whether the words after a credit's colon are a heading's, not a credit's: Title
    Case words that name no person, outlet or agency ("Photos: Highlights From The
    Parade", "Pictures: Royal Wedding Day" head a gallery in the story, where "Photos:
    Jane Doe/Reuters", "Photo: Jane Doe, Reuters" and "Photos: AP" credit one)."""
    words = what.split()
    if len(words) < _MIN_HEADING_WORDS or _CREDIT_MARKS.search(what):
        return False
    if not all(w[0].isupper() for w in words):
        return False  # "Jane Doe and John Roe", "courtesy of the family"
    if _CREDIT_WORDS.search(what) or _INITIALISM.search(what):
        return False
    return not (is_person_name(what) or is_outlet_name(what))


# Where a caption's credit starts: after its last sentence, or at an opening bracket.
_CREDIT_TAIL = re.compile(
    r"(?<=[.!?\u201d\"])\s+(?=[^\s.!?][^.!?]*$)|\s+(?=[(\[][^()\[\]]*[)\]]\.?$)"
)
# A credit is short (MAX_CREDIT_WORDS): only the paragraph's end is searched.
_MAX_TAIL_CHARS = 200
_NAMES_A_PICTURE = re.compile(rf"\b{_CREDIT_WORD}\b", re.I)


def without_credit_tail(paragraph: str) -> str:
    """A caption written as a paragraph ("Parents outside County Hall. Photo: Jane
    Smith") without its credit; the credit must name a picture ("Photo", "Image"):
    "(Reuters)" after a sentence of a wire story is the story's."""
    start = max(0, len(paragraph) - _MAX_TAIL_CHARS)
    cuts = list(_CREDIT_TAIL.finditer(paragraph, start))
    if not cuts:
        return paragraph
    cut = cuts[-1]
    tail = paragraph[cut.end() :]
    if not _NAMES_A_PICTURE.search(tail) or not is_credit_line(tail):
        return paragraph
    return paragraph[: cut.start()]
