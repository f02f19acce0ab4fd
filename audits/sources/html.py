"""Web pages: the main text and title via trafilatura, never navigation or scripts."""

from __future__ import annotations

import re

import trafilatura

from audits.document import Document
from audits.errors import InputError
from audits.sources.decode import decode_bytes, repair_mojibake

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode a page, trusting (in order) a BOM or valid UTF-8, the header, then <meta>."""
    meta = _META_CHARSET.search(data[:4096])
    for encoding in (declared, meta.group(1).decode("ascii") if meta else None):
        if not encoding or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
            continue
        try:
            data.decode("utf-8")
            break  # valid UTF-8 wins over a stale declaration
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(encoding), encoding.lower()
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_bytes(data, source)


def document_from_html(
    html: str,
    source: str,
    *,
    doc_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    encoding: str = "utf-8",
) -> Document:
    """Extract the article of a page; raises InputError when there is none."""
    if not html.strip():
        raise InputError(source, "empty page: no text to audit")
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(source, f"could not parse the page ({type(exc).__name__})") from exc
    body = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not body:
        raise InputError(source, "no article text found in the page")
    # trafilatura puts one block per line; blank lines keep our paragraph model.
    text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    text, findings = repair_mojibake(text)
    return Document(
        id=doc_id or source,
        text=text,
        source=source,
        title=title or getattr(extracted, "title", None),
        url=url or getattr(extracted, "url", None),
        published=getattr(extracted, "date", None),
        author=getattr(extracted, "author", None),
        meta={"encoding": encoding, "extracted_from": "html"},
        input_findings=findings,
    )


def read_html(
    data: bytes, source: str, *, url: str | None = None, declared_charset: str | None = None
) -> Document:
    html, encoding = decode_html(data, source, declared_charset)
    return document_from_html(html, source, url=url, encoding=encoding)
