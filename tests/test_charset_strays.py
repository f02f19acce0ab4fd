"""Mostly-UTF-8 inputs with stray bytes of another encoding, in every input kind:
read as UTF-8, the stray bytes read in their own encoding and marked S500."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from audits.document import Document, Finding
from audits.sources import InputFailure, read_inputs
from audits.sources.decode import StrayMark, decode_bytes, placed_strays
from audits.sources.feed import read_feed
from audits.sources.html import read_html

_SENTENCE = "The council met on Monday and the mayor said the café would reopen — a naïve hope. "
_STRAY = b"It\x92s the caf\xe9 again, said Jos\xe9 on Tuesday after the meeting."
_READ = "It’s the café again, said José on Tuesday after the meeting."


def _read(path: Path) -> list[Document | InputFailure]:
    return list(read_inputs([str(path)]))  # type: ignore[arg-type]


def _s500(doc: Document) -> list[tuple[str, str]]:
    return [(doc.text[f.start : f.end], f.message) for f in doc.input_findings if f.code == "S500"]


def _stray_readings(encoding: str = "cp1252") -> list[tuple[str, str]]:
    return [
        ("’", f"byte 0x92 in a UTF-8 text is not UTF-8: read as {encoding}, '’'"),
        ("é", f"byte 0xe9 in a UTF-8 text is not UTF-8: read as {encoding}, 'é'"),
        ("é", f"byte 0xe9 in a UTF-8 text is not UTF-8: read as {encoding}, 'é'"),
    ]


def _placed_readings() -> list[tuple[str, str]]:
    # The paragraph's first stray, "It’s", has no whole word before it in its
    # paragraph: it is read, but not placed in a page's article (no sure context).
    return _stray_readings()[1:]


def _page(charset: str) -> bytes:
    head = f'<meta charset="{charset}">' if charset else ""
    para = f"<p>{_SENTENCE * 3}</p>\n"
    return (
        (f"<html><head>{head}<title>Café news</title></head><body><article>\n" + para * 3).encode()
        + b"<p>"
        + _STRAY
        + b"</p>\n"
        + (para + "</article></body></html>\n").encode()
    )


def test_a_utf8_page_with_a_cp1252_paragraph_marks_its_stray_bytes() -> None:
    # The stray bytes were read (as cp1252) but said nothing: no S500, as a text file has.
    for charset in ("utf-8", ""):
        doc = read_html(_page(charset), "page.html")
        assert _READ in doc.text and doc.meta["encoding"] == "utf-8"
        assert _s500(doc) == _placed_readings()
        at = doc.text.index(_READ)
        assert [f.start - at for f in doc.input_findings] == [12, 29]


def test_a_page_marked_utf8_with_a_stray_byte_reads_it() -> None:
    # A bad byte after the mark was U+FFFD, "the caf\ufffd", with no word of it.
    doc = read_html(codecs.BOM_UTF8 + _page(""), "page.html")
    assert _READ in doc.text and _s500(doc) == _placed_readings()


def test_a_page_that_declares_cp1252_is_read_so() -> None:
    # A declaration the bytes decode in stays authoritative: no stray reading.
    doc = read_html(_page("windows-1252"), "page.html")
    assert doc.meta["encoding"] == "windows-1252"
    assert not any("in a UTF-8 text" in message for _, message in _s500(doc))


def _feed(declaration: str) -> bytes:
    channel = (
        f'<?xml version="1.0"{declaration}?><rss version="2.0"><channel><title>T</title>'
        "<link>https://example.com/</link><description>News</description>"
    )
    first = (
        "<item><title>Café reopens</title><link>https://example.com/a</link>"
        f"<description>{_SENTENCE * 4}</description></item>"
    )
    second = (
        "<item><title>Café again</title><link>https://example.com/b</link>"
        f"<description>{_SENTENCE * 4}"
    )
    return (channel + first + second).encode() + _STRAY + b"</description></item></channel></rss>\n"


def test_a_utf8_feed_with_a_cp1252_item_marks_its_stray_bytes_in_that_item() -> None:
    for declaration in ("", ' encoding="utf-8"'):
        first, second = read_feed(_feed(declaration), "feed.xml")
        assert isinstance(first, Document) and isinstance(second, Document)
        assert _READ in second.text
        assert _s500(first) == []
        assert [reading for reading, _ in _s500(second)] == ["’", "é", "é"]
        assert all("in a UTF-8 text is not UTF-8: read as" in m for _, m in _s500(second))


def test_a_feed_that_declares_latin_1_is_read_so() -> None:
    _, second = read_feed(_feed(' encoding="iso-8859-1"'), "feed.xml")
    assert isinstance(second, Document) and "’" in second.text
    assert not any("in a UTF-8 text" in message for _, message in _s500(second))


def test_a_mostly_utf8_json_lines_record_with_a_stray_byte_is_read_as_utf8(
    tmp_path: Path,
) -> None:
    # Alone, the record was read as UTF-8 with no S500; beside a wholly cp1252 record,
    # it was read whole as cp1252: "ZoÃ« and ChloÃ«", its encoding cp1252.
    utf8 = "Zoë and Chloë ordered crème brûlée at the café: naïve, déjà vu, voilà."
    mixed = b'{"id":"c","text":"' + utf8.encode() + b' Fin\xe9 \\"ok\\"."}\n'
    legacy = json.dumps({"id": "b", "text": "The café reopened."}, ensure_ascii=False)
    for data in (mixed, legacy.encode("cp1252") + b"\n" + mixed):
        path = tmp_path / "records.jsonl"
        path.write_bytes(data)
        docs = {d.id: d for d in _read(path) if isinstance(d, Document)}
        doc = docs["c"]
        assert doc.text == utf8 + ' Finé "ok".' and doc.meta["encoding"] == "utf-8"
        assert _s500(doc) == [("é", "byte 0xe9 in a UTF-8 text is not UTF-8: read as cp1252, 'é'")]
        assert doc.text[doc.input_findings[0].start - 3 : doc.input_findings[0].end] == "Finé"


def test_a_file_marked_utf8_with_as_many_cp1252_bytes_as_utf8_is_read(tmp_path: Path) -> None:
    # One UTF-8 "é", one cp1252 one: a tie, refused as "invalid utf-8-sig text".
    path = tmp_path / "marked.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Le café.\n".encode() + "Le café.\n".encode("cp1252"))
    [doc] = _read(path)
    assert isinstance(doc, Document)
    assert doc.text == "Le café.\nLe café.\n" and doc.meta["encoding"] == "utf-8"
    assert _s500(doc) == [("é", "byte 0xe9 in a UTF-8 text is not UTF-8: read as cp1252, 'é'")]


def test_a_shift_jis_line_among_utf8_ones_is_read_and_marked(tmp_path: Path) -> None:
    # Refused as "no text encoding fits", or read whole in one guess.
    head = "We met at the café on Monday.\nThe naïve plan worked — at last.\n"
    line = "東京で会議が開かれました。"
    path = tmp_path / "joined.txt"
    path.write_bytes(head.encode() + line.encode("shift_jis") + "\nZoë’s résumé.\n".encode())
    [doc] = _read(path)
    assert isinstance(doc, Document)
    assert doc.text == head + line + "\nZoë’s résumé.\n"
    [(reading, message)] = _s500(doc)
    assert reading == line
    assert message.startswith("bytes 0x93 0x8c") and "read as cp932" in message


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        # Read as cp1252: "Czeœæ, jak siê masz?", "Kraków jest piêkny."
        ("cp1250", "Cześć, jak się masz?\n"),
        ("cp1250", "Dziękuję bardzo za pomoc.\n"),
        ("cp1250", "Kraków jest piękny.\n"),
        # Read as shift_jis_2004: "崹ﾅﾚﾉﾄﾅﾎﾔ ﾚﾁﾑﾗﾉﾌ, ﾞﾔﾏ ﾗﾓ｣ ﾈﾏﾒﾏﾛﾏ."
        ("koi8_r", "Президент заявил, что всё хорошо.\n"),
        ("koi8_r", "Привет, как дела?\n"),
    ],
)
def test_a_short_text_is_read_in_the_code_page_its_words_are_in(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "t") == (text, encoding)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        # Read as cp1257, "Zoė Brontė": the right reading was named Albanian, which
        # wordfreq has no list for, and lost to mojibake named English.
        ("cp1252", "Zoë Brontë and Björn met at the Café Müller.\n"),
        ("latin_1", "Zoë Brontë and Björn met at the Café Müller.\n"),
        ("cp1252", "Ms Brontë, 45, said: “We’re delighted.”\n"),
    ],
)
def test_english_names_with_a_diaeresis_stay_cp1252(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "t") == (text, "cp1252")


def _noise(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))


@pytest.mark.parametrize(
    "after_mark", [_noise(1, 5000), bytes.fromhex("89504e470d0a1a0a") + _noise(2, 3000)]
)
def test_binary_after_a_utf8_mark_is_refused(tmp_path: Path, after_mark: bytes) -> None:
    # Read as UTF-8 with a thousand stray runs of control characters and garbage.
    path = tmp_path / "marked.txt"
    path.write_bytes(codecs.BOM_UTF8 + after_mark)
    [failure] = _read(path)
    assert isinstance(failure, InputFailure)
    assert failure.reason.startswith("invalid utf-8-sig text (")


def _utf8_page(head: bytes, tail: bytes = b"") -> bytes:
    # A clean UTF-8 article whose words ("café") are those of a stray byte elsewhere.
    para = f"<p>{_SENTENCE * 3}</p>\n".encode()
    return (
        b"<html><head>"
        + head
        + "</head><body><article><h1>Café reopens</h1>\n".encode()
        + para * 3
        + tail
        + b"</article></body></html>\n"
    )


@pytest.mark.parametrize(
    "page",
    [
        _utf8_page(b'<script>var s="caf\xe9";</script><title>News</title>'),
        _utf8_page(b"<title>Caf\xe9 news</title>"),
        _utf8_page(b"<title>News</title>", b'<img alt="caf\xe9">\n'),
    ],
)
def test_a_stray_byte_outside_the_article_marks_nothing(page: bytes) -> None:
    # Placed by its context cut to a fragment ("caf"), it marked the article's
    # correct UTF-8 "café" or the heading's "Café".
    doc = read_html(page, "page.html")
    assert "Café reopens" in doc.text and "the café would reopen" in doc.text
    assert _s500(doc) == []


@pytest.mark.parametrize(
    ("paragraph", "marked", "at"),
    [
        (
            b'<p>Visit the <a href="/x">caf\xe9</a> today, said the owner.</p>\n',
            "Visit the café",
            13,
        ),
        (b"<p>The <b>caf\xe9</b> would reopen, he said.</p>\n", "The café would", 7),
    ],
)
def test_a_stray_byte_inside_inline_markup_is_marked_in_its_own_paragraph(
    paragraph: bytes, marked: str, at: int
) -> None:
    # The link or bold tag cut the context to "caf": the S500 landed on the first
    # paragraph's correct UTF-8 "café" and the stray one had none.
    doc = read_html(_utf8_page(b"<title>News</title>", paragraph), "page.html")
    assert [f.start for f in doc.input_findings if f.code == "S500"] == [
        doc.text.index(marked) + at
    ]


def test_stray_bytes_in_a_page_are_read_in_the_encoding_of_their_text_not_tags() -> None:
    # With its <em> tags the line was detected as cp1257: "Zoė ... déją vu".
    paragraph = b"<p>Zo\xeb said it was <em>d\xe9j\xe0 vu</em> for all of us here today.</p>\n"
    doc = read_html(_utf8_page(b"<title>News</title>", paragraph), "page.html")
    assert "Zoë said it was déjà vu for all of us here today." in doc.text
    assert all("read as cp1252" in message for _, message in _s500(doc))


def test_stray_bytes_in_a_feed_are_read_in_the_encoding_of_their_text_not_tags() -> None:
    clean = ("&lt;p&gt;" + _SENTENCE * 2 + "&lt;/p&gt;").encode()
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<link>https://e.com/</link><description>N</description><item><title>A</title>"
        b"<link>https://e.com/a</link><description>"
        + clean
        + b"&lt;p&gt;Zo\xeb said it was &lt;em&gt;d\xe9j\xe0 vu&lt;/em&gt; for all of us "
        b"here today.&lt;/p&gt;</description></item></channel></rss>\n"
    )
    [doc] = read_feed(feed, "feed.xml")
    assert isinstance(doc, Document)
    assert "Zoë said it was déjà vu for all of us here today." in doc.text


def test_a_stray_byte_in_a_feed_items_link_is_marked_in_its_own_paragraph() -> None:
    clean = ("&lt;p&gt;" + _SENTENCE * 2 + "&lt;/p&gt;").encode()
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<link>https://e.com/</link><description>N</description><item><title>A</title>"
        b"<link>https://e.com/a</link><description>"
        + clean
        + b'&lt;p&gt;We went to the &lt;a href="x"&gt;caf\xe9&lt;/a&gt; with Jos\xe9 '
        b"&amp;amp; co. today.&lt;/p&gt;</description></item></channel></rss>\n"
    )
    [doc] = read_feed(feed, "feed.xml")
    assert isinstance(doc, Document)
    at = doc.text.index("We went to the café with José")
    assert [f.start - at for f in doc.input_findings if f.code == "S500"] == [18, 28]


def test_a_stray_byte_in_a_title_that_repeats_the_headline_marks_nothing() -> None:
    # The title's context matched the headline's correct UTF-8 "café".
    page = (
        b"<html><head><title>Our caf\xe9 reopens today</title></head><body><article>"
        + "<h1>Our café reopens today</h1>\n".encode()
        + f"<p>{_SENTENCE * 3}</p>\n".encode()
        + b"</article></body></html>\n"
    )
    doc = read_html(page, "page.html")
    assert "Our café reopens today" in doc.text
    assert _s500(doc) == []


def test_a_stray_byte_whose_context_is_not_sure_is_not_placed() -> None:
    # Context repeated in the article (no single place), or no whole word before it
    # in its paragraph: read, but not marked anywhere.
    repeated = (
        f"<p>{_SENTENCE}</p>\n".encode() * 2
        + b"<p>"
        + _SENTENCE.encode().replace("é".encode(), b"\xe9", 1)
        + b"</p>\n"
    )
    doc = read_html(_utf8_page(b"<title>News</title>", repeated), "page.html")
    assert _s500(doc) == []
    doc = read_html(
        _utf8_page(b"<title>News</title>", b"<p>Caf\xe9 owners met today.</p>\n"), "page.html"
    )
    assert "Café owners met today." in doc.text and _s500(doc) == []


def test_a_stray_byte_in_a_page_marks_only_its_own_paragraph() -> None:
    page = _utf8_page(b"<title>News</title>", b"<p>" + _STRAY + b'</p><img alt="caf\xe9">\n')
    doc = read_html(page, "page.html")
    assert _s500(doc) == _placed_readings()
    at = doc.text.index(_READ)
    assert [f.start - at for f in doc.input_findings] == [12, 29]


def test_a_stray_byte_in_a_records_id_marks_nothing(tmp_path: Path) -> None:
    # Searched for in the text by its context "caf", it marked the text's "café".
    text = json.dumps(_SENTENCE * 2, ensure_ascii=False).encode()
    clean = json.dumps({"id": "a", "text": _SENTENCE}, ensure_ascii=False).encode()
    path = tmp_path / "records.jsonl"
    path.write_bytes(clean + b'\n{"id":"caf\xe9","text":' + text + b"}\n")
    docs = [d for d in _read(path) if isinstance(d, Document)]
    assert len(docs) == 2 and docs[1].id == "café"
    assert all(_s500(doc) == [] for doc in docs)


def test_a_stray_byte_in_the_html_of_a_record_with_a_blank_text_is_marked(
    tmp_path: Path,
) -> None:
    # The record is read from its "html" when its "text" is blank; the strays were
    # looked for in the blank "text", and the html's "café" went unmarked.
    utf8 = "Zoë and Chloë ordered crème brûlée at the café: naïve, déjà vu, voilà."
    para = "<p>" + "The council met on Monday and the mayor said the café would reopen. " * 3
    html = (
        f"<article>{para}</p><p>{utf8}".encode()
        + b" The caf\xe9 reopened on Tuesday after the meeting.</p></article>"
    )
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'{"id":"c","text":"","html":"' + html + b'"}\n')
    [doc] = _read(path)
    assert isinstance(doc, Document) and "The café reopened" in doc.text
    assert _s500(doc) == [("é", "byte 0xe9 in a UTF-8 text is not UTF-8: read as cp1252, 'é'")]
    at = doc.input_findings[0].start
    assert doc.text[at - 4 : at + 10] == " café reopened"


def test_a_page_with_no_charset_is_weighed_by_its_words_not_its_markup() -> None:
    # Read as cp1252, "Dziêkujê ... piêkny": the words weighed were the <head>'s CSS
    # and script, English in every reading.
    style = (
        "body { font-family: Georgia, serif; margin: 0 auto; } .article .byline { color: gray; } "
    )
    script = 'var settings = {theme: "light", comments: true, analytics: false};'
    head = f"<html><head><style>{style * 12}</style><script>{script}</script></head>"
    text = "Dziękuję bardzo za pomoc. Kraków jest piękny."
    page = f"{head}<body><article><p>{text}</p></article></body></html>\n"
    doc = read_html(page.encode("cp1250"), "page.html")
    assert text in doc.text and doc.meta["encoding"] == "cp1250"


def test_a_clean_legacy_page_or_feed_reads_as_its_utf8_twin() -> None:
    # The latin-1 page was read as cp1257, "Zoė Brontė", its words weighed in
    # different languages for each reading.
    names = "Zoë Brontë and Björn met at the Café Müller. " * 4
    page = (
        "<html><head><title>Café news</title><style>body{font:12px}</style></head>"
        "<body><article><h1>Café reopens</h1>"
        + f"<p>{names}</p>\n" * 6
        + "</article></body></html>\n"
    )
    twin = read_html(page.encode(), "page.html")
    for encoding in ("latin_1", "cp1252"):
        doc = read_html(page.encode(encoding), "page.html")
        assert doc.text == twin.text and doc.meta["encoding"] == "cp1252"
        assert _s500(doc) == []
    feed = _feed("").removesuffix(_STRAY + b"</description></item></channel></rss>\n")
    feed += b"</description></item></channel></rss>\n"
    twins = read_feed(feed, "feed.xml")
    for doc, utf8 in zip(read_feed(feed.decode().encode("cp1252"), "feed.xml"), twins, strict=True):
        assert isinstance(doc, Document) and isinstance(utf8, Document)
        assert doc.text == utf8.text and _s500(doc) == []


@pytest.mark.parametrize(
    ("encoding", "text", "was"),
    [
        ("mac_roman", "Merci beaucoup, à demain !\n", "mac_greek"),
        ("mac_roman", "¡Gracias, señor!\n", "mac_iceland"),
        ("cp850", "Noël à Paris.\n", "cp437"),
    ],
)
def test_a_reading_alike_in_several_code_pages_is_named_by_the_plain_one(
    encoding: str, text: str, was: str
) -> None:
    assert decode_bytes(text.encode(encoding), "t") == (text, encoding), was


def test_a_stray_mark_is_placed_only_at_word_edges_and_only_once() -> None:
    mark = StrayMark(Finding("S500", 0, 1, "é", "m"), "Visit the caf", " today, said")
    assert [f.start for f in placed_strays("Visit the café today, said so.", [mark])] == [13]
    assert placed_strays("ReVisit the café today, said so.", [mark]) == []
    assert placed_strays("Visit the café today, said so. Visit the café today, said", [mark]) == []


_TWIN = "Visit the café today, said the owner of the bakery next door."
_TWIN_STRAY = _TWIN.encode().replace("é".encode(), b"\xe9")


@pytest.mark.parametrize(
    ("inside", "outside"),
    [
        (b"", b"<aside><p>" + _TWIN_STRAY + b"</p></aside>"),
        (b"<figure><img src='x.png'><figcaption>" + _TWIN_STRAY + b"</figcaption></figure>", b""),
        (b"<blockquote><p>" + _TWIN_STRAY + b"</p></blockquote>", b""),
    ],
    ids=["aside", "figcaption", "blockquote"],
)
def test_a_stray_copy_of_an_article_sentence_marks_nothing(inside: bytes, outside: bytes) -> None:
    # Extraction left the stray copy out (a block outside the article, or a duplicate
    # it dropped): its context matched the article's correct UTF-8 twin once, and the
    # S500 went on that "café". The page holds the context twice, so no mark.
    para = f"<p>{_SENTENCE * 3}</p>\n".encode()
    page = (
        b"<html><head><title>News</title></head><body><article><h1>Mayor speaks</h1>\n"
        + para * 3
        + f"<p>{_TWIN}</p>\n".encode()
        + inside
        + para
        + b"</article>"
        + outside
        + b"</body></html>\n"
    )
    doc = read_html(page, "page.html")
    assert doc.text.count(_TWIN) == 1
    assert _s500(doc) == []


def test_a_record_of_many_stray_bytes_is_placed_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each stray's place in the string was found by reading the record's string from
    # its start again: a record of a few thousand strays took minutes.
    import audits.sources.jsonl as jsonl

    piece = 'Caf\xe9 \\"no\\u00ebl\\" \\ud83d\\ude00 na\\u00efve\\n'.encode("latin-1")
    utf8 = json.dumps("The café opened — again. ", ensure_ascii=False).encode()[1:-1]
    many = 400
    line = b'{"id": "r", "text": "' + (utf8 + piece) * many + b'"}'
    path = tmp_path / "records.jsonl"
    path.write_bytes(line + b"\n")
    calls = 0
    loads = json.loads

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return loads(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonl.json, "loads", counted)
    [doc] = _read(path)
    assert isinstance(doc, Document)
    findings = [f for f in doc.input_findings if f.code == "S500"]
    assert len(findings) == many
    assert all(doc.text[f.start : f.end] == "é" for f in findings)
    record = 'The café opened — again. Café "noël" \U0001f600 naïve\n'
    assert doc.text == record * many
    at = len("The café opened — again. Caf")
    assert [f.start for f in findings] == [i * len(record) + at for i in range(many)]
    assert calls < many
