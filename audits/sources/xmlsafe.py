"""Making feed XML safe to parse: encodings, DOCTYPEs and entities.

feedparser already refuses external entities, but its fallback parser expands
the "safe" entities a DOCTYPE declares as often as the document refers to
them: one 50 KB entity used 50,000 times costs minutes and gigabytes (the
quadratic-blowup attack). So no DOCTYPE ever reaches feedparser. We remove
every DOCTYPE, expand plain-text entities ourselves within a size budget,
delete references to external, parameter or nested entities, and say so.
"""

from __future__ import annotations

import codecs
import html.entities
import re
from dataclasses import dataclass, field

from audits.sources.decode import StrayRun, decode_bytes, decode_declared, decode_with_strays

_XML_DECL = re.compile(r"""\A\s*<\?xml\b[^>]*\?>""")
_XML_DECL_ENCODING = re.compile(
    rb"""\A\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"""
)
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_STRAY_ENTITY = re.compile(r"<!ENTITY\b", re.IGNORECASE)
_ENTITY_DECL = re.compile(
    r"""<!ENTITY\s+(?P<param>%\s+)?(?P<name>[^\s"'>]+)\s+"""
    r"""(?:(?P<external>SYSTEM|PUBLIC)\b[^>]*|"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*[^>]*>""",
    re.IGNORECASE,
)
_CHAR_REF = re.compile(r"&#(?:(\d+)|x([0-9A-Fa-f]+));")
_ENTITY_REF = re.compile(r"&([A-Za-z_][\w.:-]*);")
# Parts of a document where "&name;" is not a reference: (opener, closer).
_OPAQUE = (("<![CDATA[", "]]>"), ("<!--", "-->"))
# Entity declarations are read in detail only in a DOCTYPE this small; in a
# larger one (no real feed has one) every declared entity counts as unsafe.
_MAX_PARSED_DOCTYPE = 16 * 1024
_XML_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
# Expanding declared entities may add at most this much text, or as much as
# the document itself, whichever is more.
_EXPANSION_BUDGET = 256 * 1024


@dataclass
class SafeXml:
    """A feed as UTF-8 bytes with no DOCTYPE, and what was removed on the way."""

    data: bytes
    encoding: str
    problems: list[str] = field(default_factory=list)
    # A feed read as UTF-8 that mostly is: its decoded text and the runs of bytes in
    # it that are not UTF-8 (``utf8_with_strays``), which its entries report.
    decoded: str = ""
    strays: list[StrayRun] = field(default_factory=list)


def decode_xml_with_strays(
    data: bytes, source: str, declared_charset: str | None = None
) -> tuple[str, str, list[StrayRun]]:
    """Decode feed XML: a BOM, then the XML declaration, then the HTTP charset, then
    guess. The bytes' own declaration wins over the header; the header is used when
    the bytes do not declare an encoding (or declare one they do not decode in). The
    runs of bytes that are not UTF-8 in a feed read as UTF-8 that mostly is come back
    too: one marked, declared or guessed UTF-8 with a cp1252 item appended. A
    declared encoding the bytes decode in decides."""
    boms = (
        codecs.BOM_UTF8,
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    )
    if data.startswith(boms):
        return decode_with_strays(data, source, markup=True)  # a BOM settles it
    if data.startswith(b"<\x00?\x00"):
        return _wide(_try(data, "utf-16-le") or decode_bytes(data, source))
    if data.startswith(b"\x00<\x00?"):
        return _wide(_try(data, "utf-16-be") or decode_bytes(data, source))
    match = _XML_DECL_ENCODING.match(data)
    candidates = [match.group(1).decode("ascii") if match else None, declared_charset]
    for encoding in candidates:
        if encoding:
            decoded = _try(data, encoding)
            if decoded is not None:
                return _wide(decoded)
    return decode_with_strays(data, source, markup=True)


def _wide(decoded: tuple[str, str]) -> tuple[str, str, list[StrayRun]]:
    return (*decoded, [])


def _try(data: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")) and not data.startswith((b"<\x00", b"\x00<")):
        return None  # an ASCII-compatible document that claims UTF-16 is lying
    text = decode_declared(data, name)
    return None if text is None else (text, name)


def make_safe(data: bytes, source: str, declared_charset: str | None = None) -> SafeXml:
    """Decode, defuse DOCTYPEs and entities, and re-encode as UTF-8 for feedparser."""
    decoded, encoding, strays = decode_xml_with_strays(data, source, declared_charset)
    text, problems = defuse(decoded)
    text = text.lstrip("\ufeff")
    decl = _XML_DECL.match(text)
    body = text[decl.end() :] if decl else text.lstrip()
    # feedparser reads the declaration; it must name the encoding we now use.
    out = '<?xml version="1.0" encoding="utf-8"?>' + body
    safe = out.encode("utf-8", "surrogatepass")
    return SafeXml(safe, encoding, problems, decoded if strays else "", strays)


def defuse(text: str) -> tuple[str, list[str]]:
    """Remove DOCTYPEs and resolve entity references safely; returns (text, problems)."""
    declared: dict[str, str | None] = {}  # name → literal value, or None when unsafe
    pieces: list[str] = []
    pos = 0
    for match in _DOCTYPE.finditer(text):
        if match.start() < pos:
            continue  # inside a DOCTYPE we already removed
        end = doctype_end(text, match.start())
        pieces.append(text[pos : match.start()])
        doctype = text[match.start() : end]
        declared.update(_entities(doctype))
        # Keep the line count so parser errors still point at the right line.
        pieces.append("\n" * doctype.count("\n"))
        pos = end
    pieces.append(text[pos:])
    text = "".join(pieces)
    if _STRAY_ENTITY.search(text):
        # Declarations outside a DOCTYPE are not XML, but the fallback parser
        # would still read them; each runs to the next ">".
        pieces, pos = [], 0
        while (m := _STRAY_ENTITY.search(text, pos)) is not None:
            close = text.find(">", m.end())
            end = len(text) if close < 0 else close + 1
            declared.update(_entities(text[m.start() : end]))
            pieces += [text[pos : m.start()], "\n" * text.count("\n", m.start(), end)]
            pos = end
        pieces.append(text[pos:])
        text = "".join(pieces)

    problems: list[str] = []
    unsafe = sorted(name for name, value in declared.items() if value is None)
    if unsafe:
        problems.append(
            "the feed declares XML entities that could read files, fetch URLs or "
            f"expand without bound ({_names(unsafe)}); they were removed, not resolved"
        )
    safe = {name: value for name, value in declared.items() if value is not None}
    budget = max(_EXPANSION_BUDGET, len(text))
    expanded, overflow = _replace_references(text, safe, set(unsafe), budget)
    if overflow:
        problems.append(
            "the feed's XML entities would expand to more than "
            f"{budget:,} extra characters; they were removed, not expanded"
        )
        expanded, _ = _replace_references(text, {}, set(declared), budget)
    return _legal_char_refs(expanded), problems


def _legal_char_refs(text: str) -> str:
    """Character references to code points XML forbids ("&#xD800;", "&#0;") become
    U+FFFD: the fallback parser turned a surrogate into text no encoder could write,
    and the whole feed failed with a UnicodeEncodeError."""

    def legal(match: re.Match[str]) -> str:
        decimal, hexadecimal = match.groups()
        code = int(decimal) if decimal else int(hexadecimal, 16)
        allowed = (
            code in (0x9, 0xA, 0xD)
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF
        )
        return match.group(0) if allowed else "&#xFFFD;"

    return _CHAR_REF.sub(legal, text) if "&#" in text else text


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


_DOCTYPE_TOKEN = re.compile(r"""["'>]|<!--""")


def doctype_end(text: str, start: int) -> int:
    """Index just past the DOCTYPE starting at ``start`` (internal subset included)."""
    i = start + len("<!DOCTYPE")
    depth = 0
    while (m := _DOCTYPE_TOKEN.search(text, i)) is not None:
        # Brackets between tokens open and close the internal subset.
        depth = max(depth + text.count("[", i, m.start()) - text.count("]", i, m.start()), 0)
        token = m.group(0)
        if token == ">":
            if depth == 0:
                return m.end()
            i = m.end()
            continue
        closer = "-->" if token == "<!--" else token
        close = text.find(closer, m.end())
        if close < 0:
            return len(text)
        i = close + len(closer)
    return len(text)


def _entities(doctype: str) -> dict[str, str | None]:
    """Declared general entities: the literal value when it is plain text, else None."""
    out: dict[str, str | None] = {}
    detailed = _ENTITY_DECL.finditer(doctype) if len(doctype) <= _MAX_PARSED_DOCTYPE else ()
    for m in detailed:
        name = m.group("name")
        if m.group("param"):
            out[name] = None  # a parameter entity only matters to a DTD we never read
            continue
        value = m.group("dq") if m.group("dq") is not None else m.group("sq")
        if m.group("external") or value is None:
            out[name] = None
            continue
        plain = _CHAR_REF.sub("", value)
        out[name] = None if any(ch in plain for ch in "&%<") else value
    # A declaration the pattern could not read is unsafe by default.
    for name in re.findall(r"<!ENTITY\s+(?:%\s+)?([^\s\"'>]+)", doctype, re.IGNORECASE):
        out.setdefault(name, None)
    return out


def _replace_references(
    text: str, safe: dict[str, str], removed: set[str], budget: int
) -> tuple[str, bool]:
    """Expand safe entities, drop removed ones, turn HTML names into character references.

    Returns the new text and whether expansions would have added more than
    ``budget`` characters (in which case the text is incomplete and the caller
    must not use it); expansion stops there, so memory stays bounded.
    """
    grew = 0
    overflow = False

    def replace(m: re.Match[str]) -> str:
        nonlocal grew, overflow
        name = m.group(1)
        if name in _XML_PREDEFINED:
            return m.group(0)
        if name in safe:
            grew += len(safe[name]) - len(m.group(0))
            if grew > budget:
                overflow = True
                return ""
            return safe[name]
        if name in removed:
            return ""
        char = html.entities.html5.get(name + ";")
        if char is not None:
            # RSS 0.91 and hand-written feeds use HTML's names (&eacute;, &nbsp;),
            # which XML does not define; read them as a browser would.
            return "".join(f"&#{ord(c)};" for c in char)
        return m.group(0)

    out: list[str] = []
    for chunk, opaque in _split_opaque(text):
        out.append(chunk if opaque else _ENTITY_REF.sub(replace, chunk))
    return "".join(out), overflow


def _split_opaque(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_cdata_or_comment), in one linear scan."""
    out: list[tuple[str, bool]] = []
    pos = 0
    # Next occurrence of each opener at or after ``pos`` (-1: none left).
    nxt = {op: text.find(op) for op, _ in _OPAQUE}
    while True:
        for op, _ in _OPAQUE:
            if 0 <= nxt[op] < pos:
                nxt[op] = text.find(op, pos)
        found = [(nxt[op], op, cl) for op, cl in _OPAQUE if nxt[op] >= 0]
        if not found:
            break
        start, opener, closer = min(found)
        close = text.find(closer, start + len(opener))
        end = len(text) if close < 0 else close + len(closer)
        out += [(text[pos:start], False), (text[start:end], True)]
        pos = end
    out.append((text[pos:], False))
    return out
