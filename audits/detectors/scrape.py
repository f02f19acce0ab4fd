"""S501-S505: what a scraper leaves in the text it copies.

Content farms that republish machine-translated news copy whole pages: the
site's name and menu above the article, the headline twice, "See also" boxes,
audio and video promos and share buttons end up inside the text. These rules
work on lines, so every finding covers one whole line. Marker phrases, per
language of the site text, live in ``audits/data/scrape.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from audits.config import AuditConfig
from audits.datafiles import language_name, load_toml
from audits.detectors.base import Detector, DocumentContext, with_langs
from audits.document import Finding
from audits.rule_docs.scrape import (
    DUPLICATED_LINE,
    PROMO_LINE,
    RELATED_LINK,
    SCRAPE_RULES,
    SHARE_WIDGET,
    SITE_CHROME,
)
from audits.segment import trim_span

_SEPARATORS = ":|»›>-–—•·/"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TOKEN = re.compile(r"[\w'’-]+")
# An account's name on a network, "@hullcityofficial" (an email address is matched first).
_HANDLE = re.compile(r"(?<![\w@.])@\w{2,}")
_TERMINAL = '.!?…"”’»)'
# The headline and the chrome above it sit within the first lines of a page.
_MAX_HEADER_LINES = 8


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    words: list[str]


@dataclass(frozen=True)
class _Markers:
    """A marker lexicon compiled into one alternation, with each marker's languages."""

    pattern: re.Pattern[str]
    langs: dict[str, tuple[str, ...]]
    needs_separator: frozenset[str]
    # The first words of all markers: a line that opens with none of them is
    # skipped without trying the alternation.
    first_words: frozenset[str]


def _compile(table: dict[str, Any]) -> _Markers:
    langs: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if len(key) == 2 and isinstance(value, list):  # a language's marker list
            for phrase in value:
                langs.setdefault(phrase.casefold(), () if key == "en" else (key,))
    for phrase, codes in table.get("translated", {}).items():
        langs[phrase.casefold()] = tuple(codes)
    ordered = sorted(langs, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(p) for p in ordered), re.IGNORECASE)
    needs = frozenset(p.casefold() for p in table.get("needs_separator", ()))
    firsts = frozenset(_first_word(p) for p in ordered)
    return _Markers(pattern, langs, needs, firsts)


def _first_word(text: str) -> str:
    m = _WORD.search(text)
    return m.group(0).casefold() if m else ""


@dataclass(frozen=True)
class _Settings:
    data: dict[str, Any]
    related: _Markers
    promo: _Markers
    widget: _Markers
    media_words: frozenset[str]
    bullets: str
    networks: frozenset[str]
    sign_offs: frozenset[str]
    sign_off_own: frozenset[str]
    footer_networks: frozenset[tuple[str, ...]]
    chrome_words: frozenset[str]


def paywall_notices() -> list[str]:
    """The paywall's and the meter's notices ("Subscribe to continue reading"), as
    S505 reports them and a teaser's story stops at them."""
    return list(load_toml("scrape.toml")["widget"]["paywall"])


@cache
def _settings() -> _Settings:
    data = load_toml("scrape.toml")
    return _Settings(
        data=data,
        related=_compile(data["related"]),
        promo=_compile(data["promo"]),
        # The paywall's notices are English widget lines too.
        widget=_compile({**data["widget"], "en": [*data["widget"]["en"], *paywall_notices()]}),
        media_words=frozenset(w.casefold() for w in data["promo"]["media_words"]),
        bullets=data["promo"]["bullets"],
        networks=frozenset(w.casefold() for w in data["widget"]["social_networks"]),
        sign_offs=frozenset(w.casefold() for w in data["widget"]["sign_off"]),
        sign_off_own=frozenset(w.casefold() for w in data["widget"]["sign_off_own"]),
        footer_networks=frozenset(
            tuple(w.casefold().split()) for w in data["widget"]["footer_networks"]
        ),
        chrome_words=frozenset(w.casefold() for w in data["chrome"]["words"]),
    )


def _lines(text: str, limit: int | None = None) -> list[_Line]:
    """The text's non-blank lines, trimmed; the first ``limit`` of them when given."""
    out: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        start, end = trim_span(text, pos, pos + len(raw))
        pos += len(raw)
        if start < end:
            line = text[start:end]
            out.append(_Line(start, end, line, _WORD.findall(line)))
            if len(out) == limit:
                break
    return out


def _normal(text: str) -> str:
    """A line as compared for duplicates: case, spacing and final marks ignored."""
    return " ".join(text.casefold().split()).rstrip(" .!?:;")


def _strip_bullet(line: _Line, bullets: str) -> tuple[int, bool]:
    """Offset into the line after a leading bullet, and whether there was one."""
    text = line.text
    if text[0] in bullets and (len(text) == 1 or text[1].isspace()):
        i = 1
        while i < len(text) and text[i].isspace():
            i += 1
        return i, True
    return 0, False


def _marker_at(markers: _Markers, text: str, at: int) -> tuple[str, int] | None:
    """The marker that opens ``text`` at ``at`` and ends on a word boundary."""
    first = _WORD.match(text, at)
    if first is None or first.group(0).casefold() not in markers.first_words:
        return None
    m = markers.pattern.match(text, at)
    if not m:
        return None
    end = m.end()
    if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        return None
    return m.group(0).casefold(), end


class ScrapeArtefacts(Detector):
    """The S5xx line rules (S500, encoding damage, lives with the sources)."""

    rules = SCRAPE_RULES

    def preload(self, config: AuditConfig) -> None:
        _settings()

    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        st = _settings()
        lines = _lines(ctx.text)
        if not lines:
            return
        header, headline = _header(lines, st.data["chrome"]["breadcrumb_separators"])
        yield from _duplicates(ctx, st, lines, headline)
        yield from _chrome(ctx, st, header, headline)
        last_body = max((i for i, line in enumerate(lines) if _is_body(line)), default=-1)
        for i, line in enumerate(lines):
            finding = (
                _related(ctx, st, line)
                or _promo(ctx, st, line)
                or _widget(ctx, st, line, closing=i >= last_body)
            )
            if finding is not None:
                yield finding


def _is_body(line: _Line) -> bool:
    words = len(line.words)
    return words > 14 or (words >= 6 and line.text[-1] in _TERMINAL)


def _header(lines: list[_Line], separators: str) -> tuple[list[_Line], int | None]:
    """Lines above the first body line, and the index of the headline among them (never
    a breadcrumb menu, "Home | News | Events | Contact", however many words it has)."""
    header: list[_Line] = []
    for line in lines[:_MAX_HEADER_LINES]:
        if _is_body(line):
            break
        header.append(line)
    else:
        return [], None  # no body in sight: a list or a note, not an article
    candidates = [
        i
        for i, line in enumerate(header)
        if len(line.words) >= 4 and not _is_breadcrumb(line.text, separators)
    ]
    if not candidates:
        return header, None
    headline = max(candidates, key=lambda i: (len(header[i].words), -i))
    first = next(i for i in candidates if _normal(header[i].text) == _normal(header[headline].text))
    return header, first


def _duplicates(
    ctx: DocumentContext, st: _Settings, lines: list[_Line], headline: int | None
) -> Iterator[Finding]:
    table = st.data["duplicated_line"]
    reported: set[int] = set()
    if headline is not None:
        head = lines[headline]
        key = _normal(head.text)
        for j in range(headline + 1, min(len(lines), headline + 1 + table["headline_window"])):
            if _normal(lines[j].text) == key:
                reported.add(j)
                yield ctx.finding(
                    DUPLICATED_LINE,
                    lines[j].start,
                    lines[j].end,
                    "The headline is repeated here, as a scraper copies both a page's title "
                    "and its article; keep one.",
                    strength=table["headline_strength"],
                    evidence={"kind": "headline", "first": [head.start, head.end]},
                )
    verse: list[bool] | None = None
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        if i in reported or len(line.text) < table["min_chars"]:
            continue
        if abs(len(line.text) - len(prev.text)) > 3 or len(line.words) < table["min_words"]:
            continue
        if _normal(line.text) != _normal(prev.text):
            continue
        if verse is None:
            verse = _in_verse(ctx.text, lines, table)
        if verse[i]:
            continue  # a refrain: "Glory, glory, hallelujah!" three times over
        yield ctx.finding(
            DUPLICATED_LINE,
            line.start,
            line.end,
            "This line repeats the line above it word for word; keep one.",
            strength=table["line_strength"],
            evidence={"kind": "line", "first": [prev.start, prev.end]},
        )


def _in_verse(text: str, lines: list[_Line], table: dict[str, Any]) -> list[bool]:
    """Whether each line stands in a stanza: a block of short lines (broken by single
    line breaks), as verse is set, with blank lines between it and the rest of the text.

    A scraper's repeat is a headline or a paragraph; a song, chant or hymn
    repeats short lines inside a block of them on purpose. A text that is one block
    (a product page breaking every sentence onto its own line) is prose. In a poem or
    song (two or more stanzas, no prose paragraph after the title) a two-line block
    is a stanza too.
    """
    blocks = [[0]]
    for i, (prev, line) in enumerate(pairwise(lines), start=1):
        if text.count("\n", prev.end, line.start) == 1:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    verse = [False] * len(lines)
    if len(blocks) == 1:
        return verse
    short = [all(len(lines[i].text) <= table["verse_max_chars"] for i in b) for b in blocks]
    stanzas = [s and len(b) >= table["verse_min_lines"] for b, s in zip(blocks, short, strict=True)]
    # A text of stanzas with no prose paragraph after its title is a poem or a song: a
    # couplet in it ("Let it rain, let it rain." twice) is its refrain. One short block
    # (a byline, a list of links) does not make a news page verse, where a doubled
    # short paragraph standing alone is the scraper's.
    is_poem = sum(stanzas) >= 2 and all(short[1:])
    min_lines = 2 if is_poem else table["verse_min_lines"]
    for block, is_short in zip(blocks, short, strict=True):
        if is_short and len(block) >= min_lines:
            for i in block:
                verse[i] = True
    return verse


def _is_title_case(words: list[str]) -> bool:
    return bool(words) and all(w[0].isupper() for w in words)


def _is_breadcrumb(text: str, separators: str) -> bool:
    """Whether ``text`` is a menu trail, "Home | News | World": its separators stand
    between spaces, where a headline's "AC/DC" or "UK/Ireland" joins words."""
    parts = [p.strip() for p in re.split(r"\s[" + re.escape(separators) + r"]\s", text)]
    return len(parts) >= 3 and all(p and _is_title_case(_WORD.findall(p)) for p in parts)


def _chrome(
    ctx: DocumentContext, st: _Settings, header: list[_Line], headline: int | None
) -> Iterator[Finding]:
    if headline is None:
        return
    table = st.data["chrome"]
    for line in header[:headline]:
        what = _chrome_kind(st, line)
        if what is None:
            continue
        yield ctx.finding(
            SITE_CHROME,
            line.start,
            line.end,
            f"“{line.text}” above the headline is {what}, not part of the article; remove it.",
            strength=table["strength"],
            evidence={"headline": header[headline].text},
        )


def _chrome_kind(st: _Settings, line: _Line) -> str | None:
    """What a line above the headline is when it is the site's, not the article's:
    "a breadcrumb menu", "a site name or section title", or None."""
    table = st.data["chrome"]
    text = line.text
    words = line.words
    if any(ch.isdigit() for ch in text) or text.casefold().startswith("by "):
        return None  # a dateline or a byline belongs to the article
    breadcrumb = _is_breadcrumb(text, table["breadcrumb_separators"])
    if not breadcrumb and re.match(table["release_label"], text, re.IGNORECASE):
        return None  # "News Release" heads a press release as its own label
    if breadcrumb:
        return "a breadcrumb menu"
    site_like = (
        len(words) <= table["max_words"]
        and _is_title_case(words)
        and text[-1] not in _TERMINAL
        and any(w.casefold() in st.chrome_words for w in words)
    )
    return "a site name or section title" if site_like else None


def headline_under_chrome(text: str) -> str | None:
    """The headline of a text whose first lines are only site chrome (S504's site
    names, section titles and breadcrumb menus), or None when the text opens with
    its own first line: a scraped page's "Awani Review" is no article's title."""
    line = _headline_line(text)
    return line.text if line else None


def headline_start_under_chrome(text: str) -> int | None:
    """Where ``headline_under_chrome``'s line starts in ``text``: a headline that the
    segmenter splits into sentences ("Talks in Geneva? Lavrov and Blinken hold ...")
    is no one sentence's text, but its first sentence starts there."""
    line = _headline_line(text)
    return line.start if line else None


def _headline_line(text: str) -> _Line | None:
    st = _settings()
    # _header reads no further than its first lines: a long text is not read whole.
    lines = _lines(text, _MAX_HEADER_LINES)
    header, headline = _header(lines, st.data["chrome"]["breadcrumb_separators"])
    if not headline:  # None, or the first line is the headline itself
        return None
    if all(_chrome_kind(st, line) is not None for line in header[:headline]):
        return header[headline]
    return None


def is_related_line(text: str) -> bool:
    """Whether a line of text is one S502 reports: a "See also" marker (in any
    language the lexicon knows) opening a short line, then a title. The HTML reader
    asks, to keep such lines that a page injects between paragraphs."""
    text = text.strip()
    line = _Line(0, len(text), text, _WORD.findall(text))
    return bool(text) and _related_hit(_settings(), line) is not None


def _related_hit(st: _Settings, line: _Line) -> tuple[int, str, int] | None:
    """Where the marker starts, which it is and where it ends, if ``line`` is S502's."""
    at, _bullet = _strip_bullet(line, st.bullets)
    hit = _marker_at(st.related, line.text, at)
    if hit is None or len(line.words) > 25:
        return None
    marker, end = hit
    rest = line.text[end:]
    if rest:
        # A separator, right after the marker or, as French sets its colon, after a
        # space ("Lire aussi : Réforme des retraites").
        spaced = rest.lstrip(" \u00a0\u202f")[:1]
        separated = (
            rest[0] in "\u00a0\t"
            or rest.startswith("  ")
            or (bool(spaced) and spaced in _SEPARATORS)
        )
        titled = rest[0] == " " and (rest[1:2].isupper() or rest[1:2] in "\"“«'0123456789")
        if not separated and (marker in st.related.needs_separator or not titled):
            return None
    return at, marker, end


def _related(ctx: DocumentContext, st: _Settings, line: _Line) -> Finding | None:
    hit = _related_hit(st, line)
    if hit is None:
        return None
    at, marker, end = hit
    langs = st.related.langs[marker]
    table = st.data["related"]
    origin = f" ({language_name(langs[0])} site text)" if len(langs) == 1 else ""
    return ctx.finding(
        RELATED_LINK,
        line.start,
        line.end,
        f"“{line.text[at:end]}”{origin} introduces a link to another article that the "
        "scraper copied into the text; remove the line.",
        strength=table["strength"],
        **with_langs(langs, marker=marker),
    )


def _promo(ctx: DocumentContext, st: _Settings, line: _Line) -> Finding | None:
    at, bullet = _strip_bullet(line, st.bullets)
    hit = _marker_at(st.promo, line.text, at)
    if hit is None or len(line.words) > 40:
        return None
    marker, _end = hit
    words = {w.casefold() for w in line.words}
    media = bool(words & st.media_words)
    colon = marker.endswith(":") or (bullet and line.text.endswith(":"))
    if not (media or colon):
        return None
    langs = st.promo.langs[marker]
    return ctx.finding(
        PROMO_LINE,
        line.start,
        line.end,
        "This line promotes a recording (its player was lost in copying), not part of "
        "the story; remove it.",
        strength=st.data["promo"]["strength"],
        **with_langs(langs, marker=marker),
    )


def _names_footer_network(st: _Settings, tokens: list[str]) -> bool:
    # Whole names only: a bare "google" or "zen" ("Google Maps", "zen garden") is none.
    return any(
        tuple(tokens[i : i + len(name)]) == name
        for name in st.footer_networks
        for i in range(len(tokens) - len(name) + 1)
    )


def _signs_off(st: _Settings, marker: str, rest_tokens: list[str]) -> bool:
    """Whether a widget marker opens a publisher's sign-off: one it lists as such, then
    words past the network names that say whose news it is ("to keep up with club news",
    "for match reports"). A widget's label names networks only, with a full stop or
    none ("Follow us on Twitter and Facebook."), and a news site's footer promises news
    in general ("Follow us on Telegram to stay up to date", "for our latest news"), or
    names a network of such footers (Telegram, VK, Dzen, Google News) whatever it says."""
    if marker not in st.sign_offs or _names_footer_network(st, rest_tokens):
        return False
    if _promises_news_in_general(rest_tokens):
        return False
    return any(t in st.sign_off_own for t in rest_tokens if t not in st.networks)


_NEWS_IN_GENERAL = frozenset({"latest", "the", "breaking", "all", "daily", "top"})


def _promises_news_in_general(tokens: list[str]) -> bool:
    # "for our services and the latest news": an owner's noun elsewhere in the line does
    # not make "the latest news" its own, while "club news and updates", "news from our
    # centre" and "updates on our events" are the owner's.
    return any(
        t in ("news", "updates") and i > 0 and tokens[i - 1] in _NEWS_IN_GENERAL
        for i, t in enumerate(tokens)
    )


def _names_own_account(st: _Settings, rest: str, rest_tokens: list[str]) -> bool:
    """A handle that ends the line names the publisher's account; one followed by a
    promise of news ("@BBCSport for the latest news") is a news site's footer, and on a
    footer's network (Telegram, Dzen) the handle is the site's channel."""
    handles = list(_HANDLE.finditer(rest))
    if not handles or _names_footer_network(st, rest_tokens):
        return False
    return not _WORD.search(rest[handles[-1].end() :])


def _widget(
    ctx: DocumentContext, st: _Settings, line: _Line, *, closing: bool = False
) -> Finding | None:
    """``closing``: no paragraph of the article follows the line."""
    table = st.data["widget"]
    words = line.words
    if not words or len(words) > 2 * table["max_words"]:
        return None
    at, _bullet = _strip_bullet(line, st.bullets)
    hit = _marker_at(st.widget, line.text, at)
    marker = None
    if hit is not None:
        marker, end = hit
        rest = line.text[end:].strip()
        rest_tokens = [t.casefold() for t in _TOKEN.findall(rest)]
        alone = not rest_tokens or all(t in st.networks for t in rest_tokens)
        separated = bool(rest) and rest[0] in _SEPARATORS
        long_marker = " " in marker and len(words) <= 2 * table["max_words"]
        if not (alone or (separated and len(words) <= table["max_words"]) or long_marker):
            marker = None
        elif closing and _signs_off(st, marker, rest_tokens):
            marker = None  # "Follow us on Facebook." under the club's own release
        elif _EMAIL_ADDRESS.search(rest):
            marker = None  # "Email: clerk@town.gov" is a contact line of the article
        elif _names_own_account(st, rest, rest_tokens):
            marker = None  # "Follow us on Twitter: @CityCouncil" names the publisher's account
    networks_only = False
    if marker is None and words[0].casefold() in st.networks:
        tokens = [t.casefold() for t in _TOKEN.findall(line.text)]
        networks_only = len(tokens) >= 2 and all(t in st.networks for t in tokens)
    if marker is None and not networks_only:
        return None
    langs = st.widget.langs[marker] if marker else ()
    return ctx.finding(
        SHARE_WIDGET,
        line.start,
        line.end,
        "This line is the text of a page widget (share, subscribe, cookies, "
        "advertising), not part of the article; remove it.",
        strength=table["strength"],
        **with_langs(langs, marker=marker or "social network buttons"),
    )
