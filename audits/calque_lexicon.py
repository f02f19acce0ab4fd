"""Calque lexicons: loading ``audits/data/calques/<lang>.toml`` and matching them.

Each file holds the calques of one source language: a header naming its rule
(code, language, docs) and ``[[calque]]`` entries. An entry knows the source
phrase, its English surface forms as written by machine translation (compact
patterns, see ``audits.phrase_patterns``), the natural English, a severity, a
strength (how strongly one occurrence suggests machine translation) and
optional context constraints that keep it off ordinary English.

Everything is read and compiled once per process (``functools.cache``); every
phrase of every language goes into one automaton, so a text is read once. Reading,
checking and building all that took an audit about half a second, every run: the result
is kept in the cache directory (``calques-<digest>.pickle``), keyed by the lexicons'
files and the code that reads them, so a later run with the same files loads it.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from audits.document import Severity
from audits.errors import MtauditError
from audits.file_digests import add_files
from audits.phrase_patterns import PatternError, PhraseIndex, expand, fold_marks, normalize

CALQUE_DIR = Path(__file__).resolve().parent / "data" / "calques"
# Entries several languages build alike, defined once: ``<calque dir>/shared/*.toml``,
# each table an entry without its ``source``, which a lexicon's entry names with
# ``shared = "<table>"`` and completes with its own source phrase.
SHARED_SUBDIR = "shared"
_CODE = re.compile(r"^C2\d\d$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_HEADER_KEYS = {"lang", "language", "code", "summary", "why", "example", "defaults", "calque"}
_ENTRY_KEYS = {
    "source",
    "forms",
    "natural",
    "severity",
    "strength",
    "note",
    "before",
    "after",
    "not_before",
    "not_after",
    "cased",
    "indian_english",
    "fill",
    "shared",
}
# What a shared table may define: everything but the language's own phrase.
_SHARED_KEYS = _ENTRY_KEYS - {"source", "shared"}
# How much text either side of a match the context constraints look at.
CONTEXT_CHARS = 80
# Context regexes may write {SENT} for "the start of a sentence": a line break
# (the context window marks the edge of a paragraph with one) or closing
# punctuation, optionally followed by closing quotes or brackets.
SENTENCE_START = r"(?:\n|[.!?]['\"”’)\]]*)"
# ... and {GIVEN} for a given name of ``given_names.toml`` ("Robert", "Jiří"), so that
# "Under Robert M. Gates" reads as a name where "In Marseille M. Dupont" reads as a place.
# {UPPER} and {LOWER}, inside a character class, are the Latin-1 and Latin Extended
# letters of that case: U+0100-U+024F alternates cases, so a range there took a small
# "ł" or "ž" for a capital.
_LATIN_EXTENDED = [chr(c) for c in range(0xC0, 0x250)]
UPPER_LETTERS = "".join(c for c in _LATIN_EXTENDED if c.isupper())
LOWER_LETTERS = "".join(c for c in _LATIN_EXTENDED if c.islower())


class LexiconError(MtauditError):
    """A calque lexicon file is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class CalqueEntry:
    lang: str
    source: str
    forms: tuple[str, ...]
    # Every English phrase the forms expand to.
    phrases: tuple[str, ...]
    natural: tuple[str, ...]
    severity: Severity
    strength: float
    note: str = ""
    # Context constraints (anchored regexes, compiled on first use), matched
    # against the text just before / after the phrase.
    before: str | None = None
    after: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    # When set, the phrase must be written with exactly this capitalisation.
    cased: frozenset[str] | None = None
    # Indian English writes the phrase as it is ("pending since long"): not a calque in
    # a text of Indian English (one that counts in lakh and crore, names Smt. ...).
    indian_english: bool = False
    # A regex matched from the phrase's start into the text after it, whose named
    # groups fill the `natural` strings' {fields}: "last Friday (3)" is "on Friday",
    # not a fixed weekday. Where it does not match there is no suggestion. A part of a
    # `natural` string in [brackets] is kept only where its fields matched: "on {month}
    # {day}[, {year}]" is "on March 20, 2024" or "on March 20".
    fill: str | None = None

    def filled(self, text: str, start: int, end: int) -> tuple[tuple[str, ...], int]:
        """The natural English for this occurrence (``natural`` filled from the text),
        and where the phrase ends with what ``fill`` read after it ("last Friday (3)",
        "on the day 20 of March"), so that the suggestion replaces the whole calque."""
        if self.fill is None:
            return self.natural, end
        m = _regex(self.fill).match(text, start, min(len(text), end + CONTEXT_CHARS))
        if m is None:
            return (), end
        fields = {k: v or "" for k, v in m.groupdict().items()}
        naturals = tuple(_fill_optional(n, fields).format_map(fields) for n in self.natural)
        return naturals, max(end, m.end()) if naturals else end

    @property
    def id(self) -> str:
        """A stable key: the language and the first form (unique within a lexicon)."""
        return f"{self.lang}:{self.forms[0]}"

    def fits(self, text: str, start: int, end: int) -> bool:
        """Whether the context around ``text[start:end]`` allows this entry."""
        if self.cased is not None and _fold_case_kept(text[start:end]) not in self.cased:
            return False
        if not (self.before or self.after or self.not_before or self.not_after):
            return True
        left = fold_marks(_same_paragraph_left(text, start))
        right = fold_marks(_same_paragraph_right(text, end))
        if self.before and not _regex(self.before).search(left):
            return False
        if self.after and not _regex(self.after).search(right):
            return False
        if self.not_before and _regex(self.not_before).search(left):
            return False
        return not (self.not_after and _regex(self.not_after).search(right))


_OPTIONAL_PART = re.compile(r"\[([^\[\]]*)\]")
_FIELD = re.compile(r"\{(\w+)\}")


def _fill_optional(natural: str, fields: dict[str, str]) -> str:
    """``natural`` with each [part] kept, unbracketed, where all its fields are filled."""

    def keep(m: re.Match[str]) -> str:
        names = _FIELD.findall(m.group(1))
        return m.group(1) if all(fields.get(name) for name in names) else ""

    return _OPTIONAL_PART.sub(keep, natural)


@dataclass(frozen=True)
class Lexicon:
    """The calques of one source language and the rule that reports them."""

    lang: str
    language: str
    code: str
    summary: str
    why: str
    example: str
    entries: tuple[CalqueEntry, ...]
    path: Path


@dataclass(frozen=True)
class CalqueMatcher:
    """Every phrase of every lexicon in one automaton, plus the entries behind each phrase."""

    index: PhraseIndex
    # Normalized English phrase -> entries (at most one per language) it is a form of.
    entries_by_phrase: dict[str, tuple[CalqueEntry, ...]]


@cache
def lexicons(directory: Path = CALQUE_DIR) -> tuple[Lexicon, ...]:
    """Every calque lexicon, ordered by rule code."""
    kept = _kept(directory)
    if kept is not None:
        return kept[0]
    # The shared tables are read once for all lexicons, not parsed again for each.
    shared = _shared_tables_once(directory / SHARED_SUBDIR)
    loaded = [_lexicon(path, shared, once=True) for path in sorted(directory.glob("*.toml"))]
    seen: dict[str, Path] = {}
    for lex in loaded:
        if lex.code in seen:
            raise LexiconError(f"{lex.path}: rule code {lex.code} is also used by {seen[lex.code]}")
        seen[lex.code] = lex.path
    return tuple(sorted(loaded, key=lambda lex: lex.code))


@cache
def matcher(directory: Path = CALQUE_DIR) -> CalqueMatcher:
    """All lexicons as one phrase automaton (built on first use, once per process)."""
    kept = _kept(directory)
    if kept is not None:
        return kept[1]
    loaded = lexicons(directory)
    by_phrase: dict[str, list[CalqueEntry]] = {}
    for lex in loaded:
        for entry in lex.entries:
            for phrase in entry.phrases:
                bucket = by_phrase.setdefault(normalize(phrase), [])
                clash = next((e for e in bucket if e.lang == entry.lang), None)
                if clash is not None and clash is not entry:
                    raise LexiconError(
                        f"{lex.path}: {phrase!r} is a form of both "
                        f"{clash.source!r} and {entry.source!r}"
                    )
                if clash is None:
                    bucket.append(entry)
    built = CalqueMatcher(
        index=PhraseIndex(by_phrase),
        entries_by_phrase={k: tuple(v) for k, v in by_phrase.items()},
    )
    _keep(directory, loaded, built)
    return built


# Bump when what is kept changes shape in a way the code digest would not show.
_KEPT_FORMAT = 1
_KEPT_PREFIX = "calques-"
# The code that turns the files into what is kept ({GIVEN} is read by name_words): a
# change to it makes a new copy.
_HERE = Path(__file__).resolve().parent
_READERS = (
    _HERE / "calque_lexicon.py",
    _HERE / "phrase_patterns.py",
    _HERE / "sources" / "name_words.py",
)
GIVEN_NAMES = _HERE / "data" / "given_names.toml"
Kept = tuple[tuple[Lexicon, ...], CalqueMatcher]


# Where the copy is looked for and kept: the run's cache folder once ``keep_in`` has
# been told it; until then (``rules``, bare library use) the default one.
_kept_folder: Path | Literal["default"] | None = "default"


def keep_in(folder: Path | None) -> None:
    """Look for and keep the copy in ``folder`` (the config's cache folder, as
    ``audits.lm.paths.cache_dir_of`` gives it); None (``--no-cache``, or no home
    folder for the default): neither."""
    global _kept_folder
    _kept_folder = folder


def kept_path(directory: Path) -> Path | None:
    """Where the lexicons of ``directory``, checked and built, are kept: named by a
    digest of every file they are made from and of the code that reads them (None
    where the cache is off, or a file cannot be read: the lexicons' own loading
    reports that)."""
    from audits.lm.paths import NoCacheFolderError, cache_root

    try:
        folder = cache_root() if _kept_folder == "default" else _kept_folder
    except NoCacheFolderError:
        # No home folder for the default. Only `rules` and library use look up the
        # default here (a run told keep_in its folder, None without a home folder):
        # the copy only saves time.
        return None
    if folder is None:
        return None
    digest = _files_digest(directory)
    return None if digest is None else folder / f"{_KEPT_PREFIX}{digest}.pickle"


@cache
def _files_digest(directory: Path) -> str | None:
    # Once per process, as the lexicons themselves are read once (``lexicons``):
    # lexicons, matcher, their summaries and the copy's writing each asked for it, and
    # each read and hashed every file again.
    digest = hashlib.sha256(f"{_KEPT_FORMAT} {sys.version} {directory.resolve()}".encode())
    files = [*sorted(directory.glob("*.toml")), *sorted((directory / SHARED_SUBDIR).glob("*.toml"))]
    try:
        add_files(digest, [*files, GIVEN_NAMES, *_READERS], lambda path: path.name)
    except OSError:
        return None
    return digest.hexdigest()[:20]


def _kept(directory: Path) -> Kept | None:
    """The kept lexicons and matcher of ``directory`` for its files as they are now;
    None where there is no copy, or one that cannot be read (it is rebuilt)."""
    path = kept_path(directory)
    return _load_kept(path) if path is not None else None


@cache
def _load_kept(path: Path) -> Kept | None:
    # Keyed by the digest in the path: the lexicons, summaries and matcher of one run
    # share one load, and an edited file gives another path, never a stale copy.
    from audits.lm.paths import read_kept

    kept = read_kept(path)  # None where missing, truncated or from another version
    ok = (
        isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], tuple)
        and all(isinstance(lex, Lexicon) for lex in kept[0])
        and isinstance(kept[1], CalqueMatcher)
    )
    return kept if ok else None


def _keep(directory: Path, loaded: tuple[Lexicon, ...], built: CalqueMatcher) -> None:
    """Written atomically; a copy that cannot be written is simply not kept."""
    from audits.lm.paths import keep

    path = kept_path(directory)
    if path is not None and keep(path, (loaded, built), (f"{_KEPT_PREFIX}*.pickle",)):
        # A load that found no copy at this path is not the answer any more.
        _load_kept.cache_clear()


SharedTables = tuple[dict[str, dict[str, Any]], dict[str, Path]]


def load_lexicon(path: Path, shared_tables: SharedTables | None = None) -> Lexicon:
    """The lexicon of ``path``, completed from ``shared_tables`` (those of ``path``'s
    directory, as ``_shared_tables`` reads them), read here where not given."""
    return _lexicon(path, shared_tables)


def _lexicon(path: Path, shared_tables: SharedTables | None, *, once: bool = False) -> Lexicon:
    data, entries, _ = _read_lexicon(path, shared_tables, None, once=once)
    return Lexicon(
        lang=data["lang"],
        language=data["language"],
        code=data["code"],
        summary=data["summary"],
        why=data["why"],
        example=data["example"],
        entries=entries,
        path=path,
    )


@dataclass(frozen=True)
class LexiconSummary:
    """What a calque rule's documentation says of its lexicon: the header, the number of
    entries and the first few of them, built without the rest (`mtaudit rules` and
    `config` list the rules, and have no use for the matcher's every entry)."""

    lang: str
    language: str
    code: str
    summary: str
    why: str
    example: str
    count: int
    first: tuple[CalqueEntry, ...]


@cache
def lexicon_summaries(directory: Path = CALQUE_DIR, first: int = 3) -> tuple[LexiconSummary, ...]:
    """The summary of every calque lexicon, with its ``first`` entries, ordered by rule
    code. A mistake in a later entry is ``lexicons``' to report, as an audit loads it."""
    kept = _kept(directory)
    if kept is not None:
        # A kept copy was checked whole when it was built: its lexicons say it all.
        return tuple(
            LexiconSummary(
                lang=lex.lang,
                language=lex.language,
                code=lex.code,
                summary=lex.summary,
                why=lex.why,
                example=lex.example,
                count=len(lex.entries),
                first=lex.entries[:first],
            )
            for lex in kept[0]
        )
    shared = _shared_tables_once(directory / SHARED_SUBDIR)
    summaries: list[LexiconSummary] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.toml")):
        data, entries, count = _read_lexicon(path, shared, first, once=True)
        if data["code"] in seen:
            raise LexiconError(
                f"{path}: rule code {data['code']} is also used by {seen[data['code']]}"
            )
        seen[data["code"]] = path
        header = {
            key: data[key] for key in ("lang", "language", "code", "summary", "why", "example")
        }
        summaries.append(LexiconSummary(**header, count=count, first=entries))
    return tuple(sorted(summaries, key=lambda s: s.code))


def _read_lexicon(
    path: Path, shared_tables: SharedTables | None, limit: int | None, *, once: bool = False
) -> tuple[dict[str, Any], tuple[CalqueEntry, ...], int]:
    """The header of the lexicon of ``path``, its first ``limit`` entries built (all of
    them for None) and how many entries it has; ``once``: its TOML as ``_parsed_once``
    keeps it, else read afresh."""
    try:
        data = _parsed_once(path) if once else _parsed(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read calque lexicon ({exc})") from exc
    unknown = set(data) - _HEADER_KEYS
    if unknown:
        raise LexiconError(f"{path}: unknown keys {sorted(unknown)}")
    for key in ("lang", "language", "code", "summary", "why", "example"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise LexiconError(f"{path}: the header needs a non-empty string `{key}`")
    lang, code = data["lang"], data["code"]
    if not _LANG.match(lang) or path.stem != lang:
        raise LexiconError(f"{path}: `lang` must be the ISO 639-1 code in the file name")
    if not _CODE.match(code):
        raise LexiconError(f"{path}: `code` must be a calque rule code C2xx, not {code!r}")
    defaults = data.get("defaults", {})
    raw_entries = data.get("calque", [])
    if not raw_entries:
        raise LexiconError(f"{path}: no [[calque]] entries")
    if shared_tables is None:
        shared_tables = _shared_tables(path.parent / SHARED_SUBDIR)
    shared, shared_in = shared_tables
    entries = tuple(
        _entry(_where(path, raw, shared_in), lang, _with_shared(path, raw, shared), defaults)
        for raw in raw_entries[:limit]
    )
    return data, entries, len(raw_entries)


def _parsed(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# An audit reads the lexicons twice, cached each: ``lexicon_summaries`` for the rules'
# documentation, then ``lexicons`` for the matcher. Parsing every file twice cost it a
# fifteenth of a second; they share one parse. ``load_lexicon`` reads afresh, for its
# callers who edit a file between loads.
@cache
def _parsed_once(path: Path) -> dict[str, Any]:
    return _parsed(path)


@cache
def _shared_tables_once(directory: Path) -> SharedTables:
    return _shared_tables(directory)


def shared_entries(directory: Path) -> dict[str, dict[str, Any]]:
    """The shared tables of ``directory`` by name; none where it does not exist."""
    return _shared_tables(directory)[0]


def _shared_tables(directory: Path) -> SharedTables:
    """The shared tables of ``directory`` by name, and the file each is defined in. Read
    on each call, not cached: ``lexicons()`` is, and a caller of ``load_lexicon`` who
    edits a shared file must not get its old tables."""
    tables: dict[str, dict[str, Any]] = {}
    where_defined: dict[str, Path] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = _parsed(path)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise LexiconError(f"{path}: cannot read shared calques ({exc})") from exc
        for name, table in data.items():
            if not isinstance(table, dict):
                raise LexiconError(f"{path}: {name!r} must be a table of entry keys")
            if name in tables:
                raise LexiconError(
                    f"{path}: shared entry {name!r} is also defined in {where_defined[name]}"
                )
            unknown = set(table) - _SHARED_KEYS
            if unknown:
                raise LexiconError(
                    f"{path}: shared entry {name!r}: keys {sorted(unknown)} cannot be shared"
                )
            tables[name], where_defined[name] = table, path
    return tables, where_defined


def _where(path: Path, raw: dict[str, Any], shared_in: dict[str, Path]) -> str:
    """How an error names an entry: with the shared table it takes, where its keys may
    be, so a bad key is looked for in the file that holds it."""
    where = f"{path}: entry {raw.get('source', '?')!r}"
    name = raw.get("shared")
    if isinstance(name, str) and name in shared_in:
        where += f" (with shared {shared_in[name]} [{name}])"
    return where


def _with_shared(
    path: Path, raw: dict[str, Any], shared: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """``raw`` completed with the shared table it names; a key in both is an error, so
    no language's copy can drift from the others."""
    name = raw.get("shared")
    if name is None:
        return raw
    where = f"{path}: entry {raw.get('source', '?')!r}"
    if not isinstance(name, str) or name not in shared:
        raise LexiconError(f"{where}: no shared entry {name!r} in {path.parent / SHARED_SUBDIR}")
    twice = (set(raw) - {"source", "shared"}) & set(shared[name])
    if twice:
        raise LexiconError(f"{where}: {sorted(twice)} also defined by shared entry {name!r}")
    return {**shared[name], **{k: v for k, v in raw.items() if k != "shared"}}


def _entry(where: str, lang: str, raw: dict[str, Any], defaults: dict[str, Any]) -> CalqueEntry:
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
    merged = {**defaults, **raw}
    source = merged.get("source")
    if not isinstance(source, str) or not source.strip():
        raise LexiconError(f"{where}: needs a `source` phrase")
    forms = _strings(merged.get("forms"), where, "forms")
    natural = _strings(merged.get("natural"), where, "natural")
    try:
        phrases = tuple(dict.fromkeys(p for form in forms for p in expand(form)))
    except PatternError as exc:
        raise LexiconError(f"{where}: {exc}") from exc
    try:
        severity = Severity(merged.get("severity", "warning"))
    except ValueError as exc:
        raise LexiconError(f"{where}: severity must be info, warning or error") from exc
    cased = merged.get("cased", False)
    if not isinstance(cased, bool):
        raise LexiconError(f"{where}: `cased` must be true or false")
    indian = merged.get("indian_english", False)
    if not isinstance(indian, bool):
        raise LexiconError(f"{where}: `indian_english` must be true or false")
    fill = merged.get("fill")
    if fill is not None:
        try:
            groups = set(re.compile(fill).groupindex)
        except (TypeError, re.error) as exc:
            raise LexiconError(f"{where}: `fill` must be a regex: {exc}") from exc
        fields = {f for n in natural for f in _FIELD.findall(n)}
        if not fields <= groups:
            raise LexiconError(f"{where}: `natural` names {sorted(fields - groups)}, not in `fill`")
    strength = merged.get("strength")
    if not isinstance(strength, int | float) or not 0.0 < strength < 1.0:
        raise LexiconError(f"{where}: `strength` must be a number between 0 and 1")
    return CalqueEntry(
        lang=lang,
        source=source.strip(),
        forms=forms,
        phrases=phrases,
        natural=natural,
        severity=severity,
        strength=float(strength),
        note=str(merged.get("note", "")).strip(),
        before=_context(merged.get("before"), where, left=True),
        after=_context(merged.get("after"), where, left=False),
        not_before=_context(merged.get("not_before"), where, left=True),
        not_after=_context(merged.get("not_after"), where, left=False),
        cased=frozenset(_fold_case_kept(p) for p in phrases) if cased else None,
        indian_english=indian,
        fill=fill,
    )


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: `{key}` must be a string or a list of strings")
    return tuple(v.strip() for v in value)


def _context(value: Any, where: str, *, left: bool) -> str | None:
    """A context regex anchored to the phrase: it must end (left) or start (right) there."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise LexiconError(f"{where}: context constraints are regular expressions (strings)")
    value = value.replace("{SENT}", SENTENCE_START)
    value = value.replace("{UPPER}", UPPER_LETTERS).replace("{LOWER}", LOWER_LETTERS)
    if "{GIVEN}" in value:
        value = value.replace("{GIVEN}", _given_name_regex())
    anchored = rf"(?:{value})\s*$" if left else rf"^\s*(?:{value})"
    try:
        _regex(anchored)
    except re.error as exc:
        raise LexiconError(f"{where}: bad context regex ({exc})") from exc
    return anchored


@cache
def _given_name_regex() -> str:
    # Imported here: the names' module is only needed by the entries that ask for it.
    from audits.sources.name_words import given_names

    names = sorted(given_names(), key=lambda n: (-len(n), n))
    return r"(?:" + "|".join(re.escape(n) for n in names) + r")\b"


@cache
def _regex(anchored: str) -> re.Pattern[str]:
    return re.compile(anchored, re.IGNORECASE)


def _fold_case_kept(text: str) -> str:
    return " ".join(fold_marks(text).split())


def _same_paragraph_left(text: str, start: int) -> str:
    """Up to CONTEXT_CHARS before ``start``; a leading newline marks the paragraph's start."""
    window = text[max(0, start - CONTEXT_CHARS) : start]
    cut = window.rfind("\n\n")
    if cut >= 0:
        return "\n" + window[cut + 2 :]
    return "\n" + window if start <= CONTEXT_CHARS else window


def _same_paragraph_right(text: str, end: int) -> str:
    """Up to CONTEXT_CHARS after ``end``; a trailing newline marks the paragraph's end."""
    window = text[end : end + CONTEXT_CHARS]
    cut = window.find("\n\n")
    if cut >= 0:
        return window[:cut] + "\n"
    return window + "\n" if end + CONTEXT_CHARS >= len(text) else window
