"""A web page's bytes to text, in the order browsers use: BOM, HTTP header, <meta>.

Charset labels mean what the WHATWG Encoding Standard says they mean, which is
not always what Python's codec of that name does: every browser decodes a page
labelled ``iso-8859-1`` (or ``latin1``, ``us-ascii``) as windows-1252, so pages
written in cp1252 carry that label for decades without a visible fault. Python's
latin-1 turns their curly quotes and dashes (bytes 0x80-0x9F) into C1 control
characters, which the extractor then deletes: "the mayor’s spokesman – a former
journalist" came out as "the mayors spokesman  a former journalist".
"""

from __future__ import annotations

import codecs

from audits.byte_order_marks import bom_encoding
from audits.sources.decode import StrayRun, decode_declared, decode_with_strays
from audits.sources.html_meta_charset import meta_charset

# WHATWG labels whose Python codec of the same name decodes differently, mapped to
# the Python codec that matches the browser's decoder.
_WHATWG_CODECS = {
    **dict.fromkeys(
        (
            "ansi_x3.4-1968",
            "ascii",
            "cp819",
            "csisolatin1",
            "ibm819",
            "iso-8859-1",
            "iso-ir-100",
            "iso8859-1",
            "iso88591",
            "iso_8859-1",
            "iso_8859-1:1987",
            "l1",
            "latin1",
            "us-ascii",
            "x-cp1252",
            "x-user-defined",
        ),
        "windows-1252",
    ),
    **dict.fromkeys(
        (
            "csisolatin5",
            "iso-8859-9",
            "iso-ir-148",
            "iso8859-9",
            "iso88599",
            "iso_8859-9",
            "iso_8859-9:1989",
            "l5",
            "latin5",
            "x-cp1254",
        ),
        "windows-1254",
    ),
    **dict.fromkeys(("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620"), "cp874"),
    **dict.fromkeys(
        (
            "chinese",
            "csgb2312",
            "csiso58gb231280",
            "gb2312",
            "gb_2312",
            "gb_2312-80",
            "gbk",
            "iso-ir-58",
            "x-gbk",
        ),
        "gb18030",  # the WHATWG GBK decoder is the gb18030 decoder
    ),
    **dict.fromkeys(
        (
            "cseuckr",
            "csksc56011987",
            "euc-kr",
            "iso-ir-149",
            "korean",
            "ks_c_5601-1987",
            "ks_c_5601-1989",
            "ksc5601",
            "ksc_5601",
            "windows-949",
        ),
        "cp949",
    ),
    **dict.fromkeys(("big5", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(
        ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "x-sjis"),
        "cp932",
    ),
}
_UTF8 = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8"})
# A <meta> that the prescan could read is in an ASCII-compatible encoding, so a
# UTF-16 label there is wrong by construction; browsers ignore it.
_UTF16 = frozenset({"utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "csunicode"})


def whatwg_codec(label: str) -> str:
    """The Python codec that decodes a page labelled ``label`` as browsers do."""
    name = label.strip().lower()
    return _WHATWG_CODECS.get(name, name)


def decode_html(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode a page: a BOM, then valid UTF-8, then the header's charset, then <meta>'s.

    Returns (text, the codec that decoded it).
    """
    text, codec, _ = decode_html_with_strays(data, source, declared)
    return text, codec


def decode_html_with_strays(
    data: bytes, source: str, declared: str | None = None
) -> tuple[str, str, list[StrayRun]]:
    """As ``decode_html``, with the runs of bytes that are not UTF-8 in a page read as
    UTF-8 that mostly is (``utf8_with_strays``): one declared or sniffed as UTF-8, or
    with no charset, that has a cp1252 paragraph pasted in. A charset the page
    declares otherwise decides, as in browsers."""
    if data.startswith(codecs.BOM_UTF8):
        # A bad byte after the mark is a stray, read and reported as in a text file,
        # where it was U+FFFD with no word of it.
        return decode_with_strays(data, source, markup=True)
    if codec := bom_encoding(data):
        # A UTF-16 or UTF-32 BOM overrides every declaration; like a browser, a bad
        # byte after it costs one character (U+FFFD), not the page.
        return data.decode(codec, errors="replace"), codec.replace("-sig", ""), []
    meta_label = meta_charset(data, known=_has_codec)
    if meta_label and meta_label.lower() in _UTF16:
        meta_label = None
    for label in (declared, meta_label):
        if not label or label.lower().replace("_", "-") in _UTF8:
            continue
        try:
            data.decode("utf-8")
            break  # valid UTF-8 wins over a stale declaration
        except UnicodeDecodeError:
            pass
        codec = whatwg_codec(label)
        text = _decode_single_byte(data, codec) or decode_declared(data, codec)
        if text is not None:
            return text, codec, []
    return decode_with_strays(data, source, markup=True)


def _has_codec(label: str) -> bool:
    try:
        codecs.lookup(whatwg_codec(label))
    except LookupError:
        return False
    return True


def _decode_single_byte(data: bytes, codec: str) -> str | None:
    """A windows code page decodes every byte, as in browsers: a byte it leaves
    undefined is one character, not a reason to doubt the declaration. Python's
    codecs fail on them, the declared windows-1252 was passed over, and detection
    chose cp1250 for a page with one stray 0x9D: "Muñoz" came out "Muńoz"."""
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return None
    if name not in _SINGLE_BYTE:
        return None
    # windows-1252's five undefined bytes are C1 controls to browsers (and gone from
    # the text, as trafilatura drops unprintable characters); elsewhere U+FFFD.
    errors = _C1_FOR_UNDEFINED if name == "cp1252" else "replace"
    return data.decode(name, errors=errors)


def _c1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(map(chr, error.object[error.start : error.end])), error.end


_C1_FOR_UNDEFINED = "mtaudit-c1-for-undefined"
codecs.register_error(_C1_FOR_UNDEFINED, _c1_for_undefined)
_SINGLE_BYTE = frozenset({f"cp{n}" for n in range(1250, 1259)} | {"cp874"})
