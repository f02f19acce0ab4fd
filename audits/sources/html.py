"""Web pages: the main text and title via trafilatura, never navigation or scripts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

import trafilatura
from lxml.html import HtmlElement, tostring
from trafilatura.utils import load_html

from audits.document import Document
from audits.errors import InputError
from audits.sources.author_bios import drop_italic_bios
from audits.sources.author_links import author_links, with_linked_authors
from audits.sources.author_names import author_names, page_author
from audits.sources.base import TEASER_KEY
from audits.sources.byline_boxes import byline_boxes
from audits.sources.byline_labels import space_glued_bylines
from audits.sources.bylines import is_byline
from audits.sources.canonical_link import resolve_canonical_link
from audits.sources.decode import placed_strays, repair_mojibake, stray_marks
from audits.sources.deep_tree import at_parser_depth_limit, full_tree
from audits.sources.editor_lines import join_editor_lines
from audits.sources.entry_title import title_key
from audits.sources.fact_lists import tables_of_fact_lists
from audits.sources.fragment import PAGE_CHROME, html_to_text
from audits.sources.html_body import unname_article_parts
from audits.sources.html_charset import decode_html_with_strays
from audits.sources.html_clean import (
    drop_comment_sections,
    drop_hidden,
    drop_prompts,
    keep_related_lines,
    unwrap_inline_text,
    unwrap_layout_tables,
)
from audits.sources.html_headline import Headline, mark_headline, restore_headline
from audits.sources.html_jsonld import (
    LdArticle,
    article_of_text,
    json_ld_articles,
    restore_paragraphs,
)
from audits.sources.html_meta import (
    description_name,
    headline_title,
    is_redirect_notice,
    meta_author_line,
    meta_authors,
    meta_dates,
    refresh_target,
    site_name,
)
from audits.sources.html_text import body_text, split_merged_blocks, unwrap_source_lines
from audits.sources.loose_text import wrap_opening_text
from audits.sources.menu_lines import drop_menu_lines, menu_links
from audits.sources.note_marks import drop_note_marks
from audits.sources.page_dates import PUBLISHED_RAW_KEY, dropped_head_lines, page_date
from audits.sources.related_lists import join_related_lists
from audits.sources.site_lines import drop_site_lines
from audits.sources.standfirst import page_standfirst, with_standfirst
from audits.sources.teasers import page_teaser, text_teaser


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
    tree = _parse(html, source)
    return _document_from_tree(tree, html, source, doc_id, url, title, encoding)


def _parse(html: str, source: str) -> HtmlElement:
    if not html.strip():
        raise InputError(source, "empty page: no text to audit")
    try:
        tree = load_html(html)
        if tree is None:
            # trafilatura takes a lone block without an <html> tag near the start
            # (a JSON Lines record's "<p>...</p>") for something other than HTML.
            tree = load_html(f"<html><body>{html}</body></html>")
    except Exception as exc:  # lxml raises many kinds on hostile markup
        raise InputError(source, f"could not parse the page ({type(exc).__name__})") from exc
    if tree is None:
        raise InputError(source, "no article text found in the page")
    return tree


def _document_from_tree(
    tree: HtmlElement,
    html: str,
    source: str,
    doc_id: str | None,
    url: str | None,
    title: str | None,
    encoding: str,
) -> Document:
    """The article of ``tree``, the page ``html`` as parsed (and changed here)."""
    deep = at_parser_depth_limit(tree)
    if deep:
        # libxml2 stopped at its depth limit: what lay deeper and all that followed
        # is missing from its tree.
        tree = full_tree(html, skip=PAGE_CHROME)
    drop_hidden(tree)
    space_glued_bylines(tree)
    drop_note_marks(tree)
    unwrap_layout_tables(tree)
    tables_of_fact_lists(tree)  # after: they are tables of data
    unwrap_source_lines(tree)
    join_editor_lines(tree)
    _merge_crowded_paragraphs(tree)
    too_many_deep = deep and _more_than(tree.iter(), MAX_DEEP_ELEMENTS)
    if too_many_deep or _too_many_paragraph_elements(tree):
        # The tree as cleaned: its layout tables are blocks by now, and only the
        # tables that hold data are left out.
        text = html_to_text(tostring(tree, encoding="unicode"), skip=PAGE_CHROME)
        title = title or _page_title(tree)
        site = site_name(tree, [a.publisher for a in json_ld_articles(tree)])
        return _document(text, source, doc_id, url, title, encoding, "html-plain", site=site)
    ld_articles = json_ld_articles(tree)
    target = refresh_target(tree)
    resolve_canonical_link(tree, url)
    # A "See also" box is made a line before the related-post boxes are dropped.
    join_related_lists(tree)
    keep_related_lines(tree)
    # Before the prompts go: the paywall's box among them says the story stops there.
    teaser = page_teaser(tree)
    drop_prompts(tree)
    drop_italic_bios(tree)
    drop_comment_sections(tree)
    unwrap_inline_text(tree, is_byline)
    wrap_opening_text(tree)
    headline = mark_headline(tree)
    menus = menu_links(tree)
    bylines = byline_boxes(tree)
    unname_article_parts(tree)
    standfirst = page_standfirst(tree, headline and headline.element)
    try:
        extracted = trafilatura.bare_extraction(
            tree,
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
    text = restore_paragraphs(_extracted_text(extracted), ld_articles)
    text = split_merged_blocks(text, tree)
    text = restore_headline(headline, text)
    ld_article = article_of_text(text, ld_articles) if headline is None else None
    if ld_article is not None and ld_article.headline is not None:
        # A page drawn by scripts has its headline in the JSON-LD beside the body:
        # the page's <title> (often only the site's name) stood in for it.
        headline = Headline(ld_article.headline, "")
        text = _headline_first(ld_article.headline, text)
    text = with_standfirst(text, standfirst, headline and headline.text)
    if target is not None and is_redirect_notice(text):
        # Auditing "Redirecting to ..." as an article says nothing; the user needs the
        # page it points to (which is fetched instead when the page came by URL).
        raise RefreshOnly(source, target)
    if text and _only_menus(tree, text):
        # trafilatura, finding no article, fell back on what text there was: a
        # page of menus and a cookie banner was audited as the sentence "Home".
        raise InputError(source, NO_ARTICLE_BUT_MENUS)
    if text and not (text := drop_menu_lines(text, menus, headline and headline.text)):
        raise InputError(source, NO_ARTICLE_BUT_MENUS)
    if not text and (described := description_name(tree)) is not None:
        # A page drawn by scripts: its summary is no article, but the user should know
        # why there is nothing to audit.
        raise InputError(
            source,
            f"no article text found in the page, only a summary ({described}): "
            "its article is probably drawn by scripts",
        )
    return _document(
        text,
        source,
        doc_id,
        url or getattr(extracted, "url", None),
        title or _title(tree, headline, getattr(extracted, "title", None)),
        encoding,
        "html",
        published=getattr(extracted, "date", None),
        author=getattr(extracted, "author", None),
        bylines=bylines,
        teaser=teaser,
        stated=_stated_author(tree, ld_article, ld_articles),
        meta_author=meta_author_line(tree),
        site=site_name(tree, [a.publisher for a in (ld_article, *ld_articles) if a]),
        linked_authors=author_links(tree),
        stated_dates=[
            *meta_dates(tree),
            *(a.published for a in (ld_article, *ld_articles) if a and a.published),
        ],
    )


# The meta key of the outlet a page names itself by.
SITE_NAME_KEY = "site_name"

NO_ARTICLE_BUT_MENUS = "no article text found in the page, only its menus and footer"


class RefreshOnly(InputError):
    """The page only sends the reader on to ``target`` (a meta refresh)."""

    def __init__(self, source: str, target: str) -> None:
        super().__init__(
            source, f"the page only redirects to {target} (meta refresh); audit that page"
        )
        self.target = target


_REFRESH_META = re.compile(rb"""http-equiv\s*=\s*["']?\s*refresh""", re.I)


def may_refresh(data: bytes) -> bool:
    """Whether the page ``data`` may hold a ``<meta http-equiv="refresh">``: only such
    a page can send the reader on (``RefreshOnly``), and only it is read at once when
    fetched, to know whether to follow it."""
    return bool(_REFRESH_META.search(data))


def _title(tree: HtmlElement, headline: Headline | None, extracted: str | None) -> str | None:
    """The headline found on the page (it matches the page's <title> or og:title), else
    trafilatura's title: trafilatura took a blog's name in an <h1> over the post's
    title in Blogger's <h3 class="post-title">."""
    if headline is not None:
        return headline.text
    return headline_title(tree, extracted)


def _headline_first(headline: str, text: str) -> str:
    """``text`` opening with ``headline``, as a page's text does, unless its first
    line already is it (case, spacing, quotes and dashes aside: a headline put before
    its copy would read as the scraper's repeat, S501)."""
    if title_key(text.split("\n", 1)[0]) == title_key(headline):
        return text
    return f"{headline}\n\n{text}"


def _stated_author(
    tree: HtmlElement, ld_article: LdArticle | None, ld_articles: list[LdArticle]
) -> str | None:
    """The author the page's metadata states, one word or more: trafilatura drops a
    one-word ``<meta name="author">`` ("Reuters") and every JSON-LD author that is an
    organisation. The authors of the JSON-LD article whose body is the text, else the
    ``<meta>``'s, else those of the first JSON-LD article that names any."""
    candidates = [
        ld_article.authors if ld_article else (),
        meta_authors(tree),
        *(a.authors for a in ld_articles),
    ]
    return next((named for names in candidates if (named := author_names(names))), None)


def _extracted_text(extracted: object) -> str:
    body = getattr(extracted, "body", None)
    text = body_text(body) if body is not None else None
    if text is None:
        # trafilatura's own text: one block or line per line, each made a paragraph.
        raw = (getattr(extracted, "text", None) or "").strip()
        text = "\n\n".join(line.strip() for line in raw.splitlines() if line.strip())
    return text


def _document(
    text: str,
    source: str,
    doc_id: str | None,
    url: str | None,
    title: str | None,
    encoding: str,
    extracted_from: str,
    *,
    published: str | None = None,
    author: str | None = None,
    bylines: list[str] | None = None,
    teaser: str | None = None,
    stated: str | None = None,
    meta_author: str | None = None,
    site: str | None = None,
    linked_authors: list[str] | None = None,
    stated_dates: list[str] | None = None,
) -> Document:
    """The Document of the page's ``text``; ``bylines`` are the page's byline boxes,
    which the text lacks; ``stated`` the author its metadata names, for a page whose
    bylines name none; ``meta_author`` its author ``<meta>`` as written; ``site`` the
    outlet it names itself by (``site_name``); ``stated_dates`` the dates its <meta>s
    and JSON-LD state, as written."""
    # Read before drop_site_lines removes the bylines in the text.
    author = page_author(author, bylines or [], text, title, meta_author, stated) or stated
    author = with_linked_authors(author, linked_authors or [])
    read = text
    text = drop_site_lines(text, title, author)
    if not text:
        raise InputError(source, "no article text found in the page")
    stamps = [*(stated_dates or []), *(bylines or []), *dropped_head_lines(read, text)]
    dated = page_date(published, stamps)
    text, findings = repair_mojibake(text)
    meta = {"encoding": encoding, "extracted_from": extracted_from}
    if dated.unread is not None:
        meta[PUBLISHED_RAW_KEY] = dated.unread
    if site is not None:
        meta[SITE_NAME_KEY] = site
    if teaser := teaser or text_teaser(text):
        meta[TEASER_KEY] = teaser
    return Document(
        id=doc_id or source,
        text=text,
        source=source,
        title=title,
        url=url,
        published=dated.published,
        author=author,
        meta=meta,
        input_findings=findings,
    )


# trafilatura evaluates the XPath "//p//text()", which libxml2 answers in time quadratic
# in the text runs inside paragraphs: one <p> holding 20,000 <b> took 35 s here, 64,000
# short paragraphs with a <b> each 112 s, so one hostile page of a few MB could stall a
# feed audit for hours. Each element inside a paragraph adds a run or two. Beyond this
# many (an article has a few thousand; 32,000 plain paragraphs took 2.7 s) the page is
# read as a fragment (``html_to_text``), in linear time and without boilerplate scoring.
MAX_PARAGRAPH_ELEMENTS = 40_000
# No article paragraph holds this many elements; one that does becomes a single run of
# text (its line breaks kept), which trafilatura reads in linear time.
MAX_ELEMENTS_IN_PARAGRAPH = 500

# A page at the parser's depth limit is parsed again whole (deep_tree.py) and then
# read like any other page. Real pages hold a few thousand elements; one that nests
# this deep and holds more than this many is hostile more often than not, and is
# read plain (trafilatura took 14 s over 19,000 blocks).
MAX_DEEP_ELEMENTS = 20_000


def _too_many_paragraph_elements(tree: HtmlElement) -> bool:
    paragraphs = tree.iter("p")
    return _more_than(chain.from_iterable(p.iter() for p in paragraphs), MAX_PARAGRAPH_ELEMENTS)


def _merge_crowded_paragraphs(tree: HtmlElement) -> None:
    crowded = [
        p for p in tree.iter("p") if _more_than(p.iterdescendants(), MAX_ELEMENTS_IN_PARAGRAPH)
    ]
    for paragraph in crowded:
        for br in paragraph.iter("br"):
            br.tail = "\n" + (br.tail or "")
        text = paragraph.text_content()
        for child in list(paragraph):
            paragraph.remove(child)  # drops the child's tail too: it is in ``text``
        paragraph.text = text


# Menus, headers and footers: what trafilatura may fall back on when a page holds no
# article. Their text is looked at only when the page's text is this short.
_MENUS = ("nav", "header", "footer", "aside")
_MAX_MENU_WORDS = 40


def _only_menus(tree: HtmlElement, text: str) -> bool:
    """Whether ``text``, a few words, is only text of the page's menus, header and
    footer."""
    if len(text.split()) > _MAX_MENU_WORDS:
        return False
    menus = [" ".join(e.text_content().split()) for e in tree.iter(*_MENUS)]
    return all(any(p in m for m in menus) for p in text.split("\n\n"))


def _more_than(items: Iterable[object], limit: int) -> bool:
    """Whether ``items`` holds more than ``limit`` things, reading at most limit + 1."""
    return any(i >= limit for i, _ in enumerate(items))


def _page_title(tree: HtmlElement) -> str | None:
    for path in (".//title", ".//h1"):
        found = tree.find(path)
        if found is not None:
            title = " ".join(found.text_content().split())
            if title:
                return title
    return None


def read_html(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    declared_charset: str | None = None,
    doc_id: str | None = None,
) -> Document:
    html, encoding, strays = decode_html_with_strays(data, source, declared_charset)
    doc = document_from_html(html, source, doc_id=doc_id, url=url, encoding=encoding)
    if strays:
        # A UTF-8 page with a cp1252 paragraph pasted in: what its stray bytes were
        # read as is a guess, told where the article text holds it.
        found = placed_strays(doc.text, stray_marks(html, strays))
        doc.input_findings = sorted([*doc.input_findings, *found], key=lambda f: f.start)
    return doc
