from __future__ import annotations

import codecs
import json
import random
import re
from pathlib import Path

import charset_normalizer
import pytest

from audits.document import Document
from audits.errors import InputError
from audits.sources import InputFailure, read_inputs
from audits.sources.decode import StrayRun, decode_bytes, stray_findings, utf8_with_strays
from audits.sources.inputs import is_walked_file
from audits.sources.links import dead_link
from audits.sources.sniff import sniff_kind
from tests.conftest import SAMPLES, SEED
from tests.folder_permissions import without_search_permission


def read_all(paths: list[str], **kw: object) -> list[Document | InputFailure]:
    return list(read_inputs(paths, **kw))  # type: ignore[arg-type]


def test_utf8_text_file_is_kept_byte_for_byte() -> None:
    [doc] = read_all([str(SEED)])
    assert isinstance(doc, Document)
    assert doc.text == SEED.read_bytes().decode("utf-8")
    # Its first lines are the scraped site's name and section (S504), not its title.
    assert doc.title == "Lavrov and Blinken hold their positions in Geneva"


def test_a_text_title_is_its_first_line_unless_site_chrome_stands_above_it() -> None:
    from audits.sources.text import guess_title

    body = "Plans to shut three branch libraries in Stockport were dropped after a petition."
    headline = "Council scraps plan to close three libraries"
    assert guess_title(f"Awani Review\nComplete News World\n{headline}\n\n{body}") == headline
    assert guess_title(f"Home | News | World\n{headline}\n\n{body}") == headline
    assert guess_title(f"# {headline}\n\n{body}") == headline
    # A line above that is not the site's stays the title, as before.
    assert guess_title(f"Jane Doe\n{headline}\n\n{body}") == "Jane Doe"
    assert guess_title(body) is None


def test_a_short_latin_1_article_is_read_as_cp1252(tmp_path: Path) -> None:
    # charset_normalizer's best guess for these bytes was mac_latin2, a hair "less
    # chaotic": the article was audited as "Le cafť ťtait fermť", "the owner Josť".
    text = "Le café était fermé. The café was closed on Monday, said the owner José.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)
    assert (doc.text, doc.meta["encoding"]) == (text, "cp1252")
    # Central European text keeps its own code page.
    polish = "Minister powiedział, że rozmowy będą kontynuowane w przyszłym tygodniu.\n"
    path.write_bytes(polish.encode("cp1250"))
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document) and doc.text == polish


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The code pages each charset_normalizer pass was held to (None: all), in order."""
    held: list[object] = []
    real = charset_normalizer.from_bytes

    def counted(data: bytes, **kw: object) -> charset_normalizer.CharsetMatches:
        held.append(kw.get("cp_isolation"))
        return real(data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(charset_normalizer, "from_bytes", counted)
    return held


def test_cp1252_is_not_judged_again_where_it_already_has_a_match_of_its_own(
    passes: list[object],
) -> None:
    # The pass of cp1252 alone is for bytes where charset_normalizer folded cp1252 into
    # another code page's match; where it found cp1252 itself, a second pass only
    # repeated that work and found the same match.
    text = "Le ministre a déclaré que la réunion était terminée après une journée agitée."
    assert decode_bytes(text.encode("cp1252"), "t") == (text, "cp1252")
    assert passes == [None]
    # Where cp1252 hides behind another code page, it is still judged on its own.
    passes.clear()
    text = "Le café était fermé. The café was closed on Monday, said the owner José.\n"
    assert decode_bytes(text.encode("latin-1"), "t") == (text, "cp1252")
    assert passes == [None, ["cp1252"]]


def test_legacy_encoding_is_detected(tmp_path: Path) -> None:
    text = (
        "Le ministre a déclaré que la réunion était terminée. "
        "Les élèves sont rentrés à la maison après une journée très agitée à l'école."
    )
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("cp1252"))
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.meta["encoding"] != "utf-8"


@pytest.mark.parametrize("encoding", ["cp850", "cp437", "mac_roman"])
def test_english_saved_in_a_dos_or_mac_code_page_is_read(tmp_path: Path, encoding: str) -> None:
    # A rule that let a web encoding replace any best guess that is none, within the
    # chaos margin, read this as cp1251 "ZЃrich" (DOS) and cp1252 "ZŸrich" (Mac).
    text = (
        "The mayor of Zürich, Corinne Mauch, said on Tuesday that the city would expand its"
        " tram network. Critics, including the Swiss People's Party, said the plan was too"
        " costly. Señor García of the Spanish delegation praised the décor of the hall, and"
        " the café owners near the station welcomed the news. "
    ) * 3
    path = tmp_path / f"article_{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document) and doc.text == text


def test_kazakh_saved_in_kz1048_is_read() -> None:
    # The same rule, even limited to a chaos tie, read this as cp1251 "Ќазаќстан".
    text = "Қазақстан үкіметі бүгін жаңа бюджетті бекітті. Министр экономика өсіп жатқанын айтты."
    assert decode_bytes(text.encode("kz1048"), "t")[0] == text


@pytest.mark.parametrize(
    "text",
    [
        # Read as DOS Baltic cp775: "the cafķ", "the na’ve murals".
        "We met at the café on Monday. The naïve murals were lovely.\n",
        # cp775 again: "na’ve murals ¢ ōbrightö and ōboldö ¢ cost Ć500 or Ż400".
        "The cafe's naïve murals – “bright” and “bold” – cost €500 or £400.\n",
        # cp775: "the Zoļ's flat for Ć50".
        "A spokesman described the Zoë's flat for €50.\n",
        # cp1250: "the soufflé for Ł40".
        "A spokesman described the soufflé for £40.\n",
        # mac_latin2: "Le cafť ťtait fermť ... NoŽl".
        "Le café était fermé. José a dit « c'est la vie » à Noël.\n",
    ],
)
def test_short_cp1252_text_is_read_as_cp1252(text: str) -> None:
    assert decode_bytes(text.encode("cp1252"), "t") == (text, "cp1252")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "cp1251",
            "В понедельник мэр Москвы объявил о новых мерах. По его словам, город"
            " выделит дополнительные средства на ремонт дорог и строительство школ.",
        ),
        ("cp1251", "Привет, как дела?"),
        *(
            (
                encoding,
                "W poniedziałek burmistrz Krakowa ogłosił nowe środki. Według niego miasto"
                " przeznaczy dodatkowe pieniądze na remont dróg i budowę szkół.",
            )
            for encoding in ("cp1250", "iso8859_2")
        ),
        ("cp1250", "Vláda dnes schválila nový rozpočet. Ministr řekl, že ekonomika roste."),
        ("cp1253", "Τη Δευτέρα ο δήμαρχος της Αθήνας ανακοίνωσε νέα μέτρα για την πόλη."),
        *(
            (
                encoding,
                "Pirmadienį Vilniaus meras paskelbė naujas priemones. Pasak jo, miestas"
                " skirs papildomų lėšų kelių remontui.",
            )
            for encoding in ("cp1257", "cp775")
        ),
        (
            "cp775",
            "Lietuvos Respublikos Seimas priėmė įstatymą dėl mokesčių. Ministras sakė, kad"
            " ekonomika auga.",
        ),
        (
            "cp1254",
            "Hükümet bugün yeni ekonomik önlemler açıkladı. Bakan, ekonominin büyüdüğünü söyledi.",
        ),
        # An English text's Polish names are no English words in cp1252 ("Wa³êsa").
        ("cp1250", "We met Lech Wałęsa in Gdańsk on Monday. He said it was a good day."),
    ],
)
def test_text_in_another_code_page_keeps_it(encoding: str, text: str) -> None:
    # cp1252 wins a short text only where it makes English words the best guess does
    # not: these read as cp1252 would be "Mówiê", "priëmë", "Ðóññêèé".
    assert decode_bytes(text.encode(encoding), "t")[0] == text


_UTF8_LINES = "We met at the café on Monday.\nThe naïve plan worked — at last.\n"


@pytest.mark.parametrize(
    ("encoding", "line"),
    [
        ("cp1252", "It’s the café again.\n"),
        ("cp1251", "Президент заявил, что всё хорошо.\n"),
        ("cp1253", "Η κυβέρνηση ανακοίνωσε νέα μέτρα.\n"),
    ],
)
@pytest.mark.parametrize("mark", [b"", codecs.BOM_UTF8])
def test_utf8_text_with_a_line_in_a_legacy_encoding_reads_both(
    encoding: str, line: str, mark: bytes
) -> None:
    # Detected whole, the cp1252 case was read as iso8859_2 ("cafĂŠ" on every UTF-8
    # line, the apostrophe a control character), the others refused as binary; with
    # the mark, all as "invalid utf-8-sig text".
    data = mark + _UTF8_LINES.encode() + line.encode(encoding) + "Zoë’s résumé.\n".encode()
    assert decode_bytes(data, "t") == (_UTF8_LINES + line + "Zoë’s résumé.\n", "utf-8")


@pytest.mark.parametrize(
    ("encoding", "line"),
    [
        ("shift_jis", "東京で会議が開かれました。\n"),
        ("gbk", "北京今天召开了会议。\n"),
        ("big5", "台北今天召開了會議。\n"),
        ("euc_kr", "서울에서 회의가 열렸다.\n"),
    ],
)
def test_utf8_text_with_a_line_in_a_multibyte_legacy_encoding_reads_that_line_whole(
    encoding: str, line: str
) -> None:
    # Each run of stray bytes was decoded alone, but these encodings' trail bytes can
    # be ASCII or chance UTF-8: a character was cut across runs, "東京�ŉ��cが�Jかれ".
    # The file was then read whole (refused, or a legacy guess with no word of the
    # mix); the line is read whole in its encoding, and is one stray run.
    data = _UTF8_LINES.encode() + line.encode(encoding) + "Zoë’s résumé.\n".encode()
    mixed = utf8_with_strays(data)
    assert mixed is not None
    assert mixed.text == _UTF8_LINES + line + "Zoë’s résumé.\n"
    [run] = mixed.strays
    assert mixed.text[run.start : run.end] == line.removesuffix("\n")
    assert run.raw == line.removesuffix("\n").encode(encoding)


def test_bytes_that_are_not_utf8_in_a_utf8_text_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "joined.txt"
    path.write_bytes(
        codecs.BOM_UTF8 + _UTF8_LINES.encode() * 2 + b"It\x92s the caf\xe9\x93 again.\n"
    )
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)
    assert doc.text == _UTF8_LINES * 2 + "It’s the café“ again.\n"
    assert doc.meta["encoding"] == "utf-8"
    found = [(f.code, doc.text[f.start : f.end], f.message) for f in doc.input_findings]
    assert found == [
        ("S500", "’", "byte 0x92 in a UTF-8 text is not UTF-8: read as cp1252, '’'"),
        ("S500", "é“", "bytes 0xe9 0x93 in a UTF-8 text are not UTF-8: read as cp1252, 'é“'"),
    ]


def test_a_line_in_another_script_among_utf8_ones_is_one_finding(tmp_path: Path) -> None:
    # Runs of stray bytes end at ASCII spaces: a pasted Russian sentence made one
    # S500 per word, each message listing every byte of its word.
    line = "Президент заявил, что всё хорошо, а министр финансов согласился с ним."
    path = tmp_path / "joined.txt"
    path.write_bytes(_UTF8_LINES.encode() * 3 + line.encode("cp1251") + b"\nThe end.\n")
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)
    [found] = doc.input_findings
    assert doc.text[found.start : found.end] == line.removesuffix(".")
    assert found.message == (
        "bytes 0xcf 0xf0 0xe5 0xe7 0xe8 0xe4 0xe5 0xed … (57 in all) in a UTF-8 text are not"
        " UTF-8: read as cp1251, 'Президент заявил, что всё хорошо, а мин…'"
    )


def test_a_stray_byte_its_encoding_cannot_read_says_so() -> None:
    # It said "read as cp1252, '\ufffd'".
    [found] = stray_findings("caf\ufffd.", [StrayRun(3, 4, b"\x81", "cp1252")])
    assert found.message == "byte 0x81 in a UTF-8 text is not UTF-8: not readable in cp1252"
    # Two runs of one stretch, a space between them.
    runs = [StrayRun(3, 4, b"\x81", "cp1252"), StrayRun(5, 6, b"\x8d", "cp1252")]
    [found] = stray_findings("caf\ufffd \ufffd.", runs)
    assert found.message.endswith("are not UTF-8: not readable in cp1252")


def test_a_text_file_with_stray_bytes_detects_their_encoding_once(
    passes: list[object], tmp_path: Path
) -> None:
    # read_text decoded the file, then ran the whole mixed reading again to report the
    # stray bytes, charset detection of their lines and all.
    data = _UTF8_LINES.encode() + "It’s the café again.\n".encode("cp1252")
    decode_bytes(data, "t")
    decoding = len(passes)
    passes.clear()
    path = tmp_path / "joined.txt"
    path.write_bytes(data)
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document) and len(doc.input_findings) == 2
    assert len(passes) == decoding


def test_legacy_text_with_a_chance_utf8_sequence_is_read_whole() -> None:
    # "Ã©" is valid UTF-8 ("é"), but the text's other accents are not: it is cp1252.
    text = "The page showed Ã© where it meant é, in the naïve café’s menu.\n"
    assert decode_bytes(text.encode("cp1252"), "t") == (text, "cp1252")


def test_mojibake_in_utf8_is_reported_in_place(tmp_path: Path) -> None:
    broken = "The cafÃ© on the corner reopened on Monday after the renovation.\n"
    path = tmp_path / "moji.txt"
    path.write_text(broken, encoding="utf-8")
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)
    assert doc.text == broken  # offsets stay true to the file
    [finding] = doc.input_findings
    assert finding.code == "S500"
    assert doc.text[finding.start : finding.end] == "Ã©"
    assert finding.suggestion == "é"


def test_mojibake_in_html_is_repaired_and_recorded(tmp_path: Path) -> None:
    page = (
        "<html><head><title>CafÃ© news</title></head><body><article><h1>CafÃ© news</h1>"
        "<p>The cafÃ© on the corner reopened on Monday after a long renovation that "
        "took most of the winter and cost more than planned.</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)
    assert "café" in doc.text and "Ã©" not in doc.text
    assert doc.input_findings
    for f in doc.input_findings:
        assert f.code == "S500"
        assert doc.text[f.start : f.end] == f.text == "é"
        assert f.evidence["broken"] == "Ã©"


def test_html_extracts_article_not_navigation_or_scripts() -> None:
    [doc] = read_all([str(SAMPLES / "berlin-heating-law.html")])
    assert isinstance(doc, Document)
    assert doc.title == "Berlin: the coalition makes itself strong for the heating law"
    assert "made itself strong for more openness to technology" in doc.text
    for chrome in ("Subscribe", "dataLayer", "All rights reserved", "Heat pumps", "color: red"):
        assert chrome not in doc.text
    assert "\n\n" in doc.text  # paragraphs kept


def test_a_paragraph_crowded_with_inline_elements_is_read_whole() -> None:
    from audits.sources.html import MAX_ELEMENTS_IN_PARAGRAPH, document_from_html

    words = [f"w{i} <b>b{i}</b>" for i in range(MAX_ELEMENTS_IN_PARAGRAPH + 100)]
    page = (
        "<html><head><title>Crowded</title></head><body><nav>Home | World</nav><article>"
        "<p>The council met on Tuesday to approve the budget for next year.</p>"
        f"<p>{' '.join(words)}</p><p>The vote passed by a wide margin.</p>"
        "</article></body></html>"
    )
    doc = document_from_html(page, "crowded.html")
    assert doc.meta["extracted_from"] == "html"
    crowded = next(p for p in doc.text.split("\n\n") if p.startswith("w0 "))
    assert crowded.split() == [w for i in range(len(words)) for w in (f"w{i}", f"b{i}")]
    assert "The vote passed by a wide margin." in doc.text and "Home" not in doc.text


def test_a_page_too_large_for_boilerplate_scoring_is_read_whole_without_its_chrome() -> None:
    from audits.sources.html import MAX_PARAGRAPH_ELEMENTS, document_from_html

    n = MAX_PARAGRAPH_ELEMENTS // 2 + 1
    page = (
        "<html><head><title>The whole report</title><style>p {color: red}</style></head>"
        "<body><nav>Home | World</nav><article><h1>Report</h1>"
        + "".join(f"<p>Finding {i} is <b>noted</b>.</p>" for i in range(n))
        + "<table><tr><th>Year</th><th>Cases</th></tr><tr><td>2023</td><td>41</td></tr>"
        "</table></article>"
        "<footer>All rights reserved</footer><script>track()</script></body></html>"
    )
    doc = document_from_html(page, "big.html")
    assert doc.meta["extracted_from"] == "html-plain"
    assert doc.title == "The whole report"
    paragraphs = doc.text.split("\n\n")
    assert paragraphs == ["Report", *(f"Finding {i} is noted." for i in range(n))]


FERRY_ARTICLE = (
    "<p>The harbour board voted on Tuesday to extend the night ferry service for another "
    "three years, after a consultation in which most islanders asked for it to stay.</p>"
    "<p>The operator said the new contract would let it order a second vessel.</p>"
)
FERRY_TEXT = [
    "Ferry deal extended",
    "The harbour board voted on Tuesday to extend the night ferry service for another "
    "three years, after a consultation in which most islanders asked for it to stay.",
    "The operator said the new contract would let it order a second vessel.",
]


@pytest.mark.parametrize("depth", [254, 3000])
def test_an_article_nested_past_the_parsers_depth_limit_is_read(depth: int) -> None:
    from audits.sources.html import document_from_html

    # libxml2 stops at 255 levels: what lies deeper, and all that follows, is lost.
    page = (
        "<html><head><title>Ferry deal extended</title></head><body>"
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        + "<div>" * depth
        + f"<h1>Ferry deal extended</h1>{FERRY_ARTICLE}"
        + "</div>" * depth
        + "<p>The first sailing under the new contract leaves on 1 May.</p>"
        "<footer>All rights reserved</footer></body></html>"
    )
    doc = document_from_html(page, "deep.html")
    assert doc.meta["extracted_from"] == "html" and doc.title == "Ferry deal extended"
    assert doc.text.split("\n\n") == [
        *FERRY_TEXT,
        "The first sailing under the new contract leaves on 1 May.",
    ]


def test_a_table_laid_out_page_nested_past_the_depth_limit_keeps_its_article() -> None:
    from audits.sources.html import document_from_html

    # A comment template that leaves out a </div> nests one level per comment. The
    # page was read from its markup with every table left out: the article in the
    # layout table's cell was lost, and the 300 comments were all that was audited.
    menu = "<ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(6))
    page = (
        "<html><head><title>Ferry deal extended</title></head><body>"
        f'<table width="100%"><tr><td width="150">{menu}</ul></td>'
        f"<td><h1>Ferry deal extended</h1>{FERRY_ARTICLE}</td>"
        '<td>Most read: <a href="/x">Storm closes road</a></td></tr></table>'
        '<div id="comments"><h3>300 Comments</h3>'
        + '<div class="comment">Great news for the islands, thanks.' * 300
        + "</div></body></html>"
    )
    doc = document_from_html(page, "deep-table.html")
    assert doc.text.split("\n\n") == FERRY_TEXT


def test_a_hidden_block_nested_past_the_depth_limit_costs_nothing_after_it() -> None:
    from audits.sources.html import document_from_html

    # The hidden keyword list was dropped, so the tree no longer reached the limit,
    # but libxml2 had already stopped there: the article after it was never parsed.
    stuffing = "<div>" * 300 + "cheap ferry tickets" + "</div>" * 300
    page = (
        "<html><head><title>Ferry deal extended</title></head><body>"
        f'<div style="display:none">{stuffing}</div>'
        f"<article><h1>Ferry deal extended</h1>{FERRY_ARTICLE}</article></body></html>"
    )
    doc = document_from_html(page, "deep-hidden.html")
    assert doc.text.split("\n\n") == FERRY_TEXT


def test_what_lies_past_the_depth_limit_is_flattened_into_blocks() -> None:
    from lxml.html import tostring

    from audits.sources.deep_tree import PARSER_DEPTH_LIMIT, full_tree
    from audits.sources.fragment import html_to_text

    inner = (
        "<p>First <b>bold</b> line<br>second line</p><script>track()</script>"
        "<span hidden>keywords</span><nav>Home</nav><div>Next block</div>"
    )
    page = "<html><body>" + "<div>" * 400 + inner + "</div>" * 400 + "<p>After</p></body></html>"
    tree = full_tree(page, skip=frozenset({"nav"}))
    assert max(len(list(e.iterancestors())) for e in tree.iter()) < PARSER_DEPTH_LIMIT
    text = html_to_text(tostring(tree, encoding="unicode"))
    assert text == "First bold line\nsecond line\n\nNext block\n\nAfter"


def test_stray_end_tags_are_ignored_in_fragments() -> None:
    from audits.sources.fragment import html_to_text

    fragment = "<div>" + "<span>" * 50 + "kept" + "</i>" * 50 + "</div><p>next</p>"
    assert html_to_text(fragment) == "kept\n\nnext"
    assert html_to_text("<p>a</p><aside>ad</aside><p>b</p>", skip=frozenset({"aside"})) == "a\n\nb"


def test_jsonl_records_text_and_html() -> None:
    docs = read_all([str(SAMPLES / "articles.jsonl")])
    assert [d.id for d in docs] == [
        "harbour-bridge-repairs",
        "madrid-housing-plan",
        "berlin-page-copy",
    ]
    assert all(isinstance(d, Document) for d in docs)
    html_doc = docs[2]
    assert isinstance(html_doc, Document)
    assert "alert" not in html_doc.text and "Home" not in html_doc.text
    assert html_doc.url == "https://example.org/world/berlin-heating-law"


def test_a_jsonl_record_with_an_empty_text_is_read_from_its_html(tmp_path: Path) -> None:
    """An export that writes both fields, ``"text": ""`` beside the article's ``"html"``,
    lost the article: the empty text was taken, and the record was an error entry
    (``empty input: no text to audit``). A blank text gives way to the html; one with
    words is still the record's text."""
    story = "The council met on Tuesday and agreed the budget for next year."
    html = f"<html><body><article><p>{story}</p><p>It was \u00e9lu.</p></article></body></html>"
    records = [
        {"id": "blank", "text": " \n", "html": html},
        {"id": "empty", "text": "", "html": html},
        {"id": "both", "text": story, "html": "<p>Other words.</p>"},
        {"id": "neither", "text": "", "html": ""},
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    blank, empty, both, neither = read_all([str(path)])
    for doc in (blank, empty):
        assert isinstance(doc, Document), doc
        assert story in doc.text and "<p>" not in doc.text
    assert isinstance(both, Document) and both.text == story
    assert isinstance(neither, InputFailure)


def test_lone_surrogates_in_jsonl_become_replacement_characters(tmp_path: Path) -> None:
    import subprocess
    import sys

    text = "The minister said \ud800 that the talks in Geneva would resume next week."
    record = {"id": "a\udc00", "title": "T\ud800", "text": text, "extra": ["\udfff"]}
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")  # writes "\ud800" escapes
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)
    assert doc.text == text.replace("\ud800", "\ufffd") and doc.id == "a\ufffd"
    assert doc.title == "T\ufffd" and doc.meta["extra"] == ["\ufffd"]
    # The reports can be written (the installed script, as users run it).
    script = Path(sys.executable).with_name("mtaudit")
    for fmt in ("json", "terminal"):
        run = subprocess.run(
            [str(script), "audit", "--no-lm", "--isolated", "-f", fmt, str(path)],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert run.returncode in (0, 1) and run.stderr == "", (fmt, run.stderr)


def test_jsonl_records_may_hold_raw_line_separators(tmp_path: Path) -> None:
    # json.dumps(..., ensure_ascii=False) writes U+2028, U+2029 and NEL raw; they are
    # not line ends in JSON Lines, so neither record may be cut, nor a line number move.
    first = "The minister spoke.\u2028He said the talks would resume.\x85Next week."
    second = "The council met.\u2029It approved the budget on Tuesday evening."
    path = tmp_path / "records.jsonl"
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in ((1, first),)]
    lines += ["", json.dumps({"text": second}, ensure_ascii=False)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    docs = read_all([str(path)])
    assert [d.text for d in docs if isinstance(d, Document)] == [first, second]
    assert [d.id for d in docs] == ["1", f"{path}:3"]


def test_jsonl_record_lines_count_a_lone_cr_as_the_editor_does(tmp_path: Path) -> None:
    # A lone CR between a record's tokens is white space to JSON but a line end to an
    # editor (and to the reports' lines): records were counted by LF only, so every
    # later record's number was one line before the line it stands on.
    path = tmp_path / "records.jsonl"
    path.write_bytes(
        b'{"id": "a",\r"text": "The minister spoke on Tuesday."}\n'
        b'{"text": "The council met on Wednesday evening."}\r\n'
        b'\r{"text": "It approved the budget."}\n'
        b'{"text": "Broken",\r "id" 1}\n'
    )
    out = read_all([str(path)])
    assert [o.id if isinstance(o, Document) else o.source for o in out] == [
        "a",
        f"{path}:3",
        f"{path}:5",
        f"{path}:6",
    ]
    # The error's column is on the line it is on, which the message names.
    assert isinstance(out[3], InputFailure)
    assert "at line 7, column 7)" in out[3].reason


@pytest.mark.parametrize("end", [b"\n", b"\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("broken", [b'{"text": "b."', b'{"text": "b.",'], ids=["cut", "comma"])
def test_a_broken_record_at_its_end_is_on_its_own_line_in_a_crlf_file_too(
    tmp_path: Path, end: bytes, broken: bytes
) -> None:
    # A record cut short (its writer killed mid-line) errs at its end: in a CRLF file
    # the CR there was counted as a lone CR, and the error named the next line (a
    # valid record) at column 1. It is at the end of its own line, as in an LF file.
    path = tmp_path / "records.jsonl"
    path.write_bytes(end.join([b'{"text": "a."}', broken, b'{"text": "c."}', b""]))
    (failure,) = [o for o in read_all([str(path)]) if isinstance(o, InputFailure)]
    assert failure.source == f"{path}:2"
    assert failure.reason.endswith(f" at column {len(broken) + 1})")


def test_a_json_error_after_a_leading_lone_cr_counts_its_column_on_its_line(
    tmp_path: Path,
) -> None:
    # The column was counted from the piece's start, the lone CR and all before it.
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'{"text": "a."}\n\r  {"text": x}\n')
    (failure,) = [o for o in read_all([str(path)]) if isinstance(o, InputFailure)]
    assert failure.source == f"{path}:3"
    assert failure.reason == "invalid JSON (Expecting value at column 12)"


def test_jsonl_with_mixed_encodings_reads_each_line_in_its_own(tmp_path: Path) -> None:
    # A dump appended to by two tools: a cp1252 line among UTF-8 ones. Decoded whole
    # in the encoding detected for the file, the UTF-8 line became mojibake, and both
    # records said meta.encoding "utf-8".
    utf8 = "Le café est très bon, said the owner of the place in Lyon on Sunday."
    legacy = "José went to the café on Sunday, and the owner said it was full."
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps({"id": "a", "text": utf8}, ensure_ascii=False).encode("utf-8")
        + b"\n"
        + json.dumps({"id": "b", "text": legacy}, ensure_ascii=False).encode("cp1252")
        + b"\n"
        + json.dumps({"id": "c", "text": "Plain words, nothing more."}).encode("ascii")
        + b"\n"
    )
    docs = {d.id: d for d in read_all([str(path)]) if isinstance(d, Document)}
    assert docs["a"].text == utf8 and docs["a"].meta["encoding"] == "utf-8"
    assert docs["b"].text == legacy and docs["b"].meta["encoding"] == "cp1252"
    assert docs["c"].meta["encoding"] == "utf-8"
    # A file in one legacy encoding says so of every record (it said utf-8).
    single = tmp_path / "legacy.jsonl"
    single.write_bytes(
        json.dumps({"id": "b", "text": legacy}, ensure_ascii=False).encode("cp1252") + b"\n"
    )
    (doc,) = read_all([str(single)])
    assert isinstance(doc, Document)
    assert doc.text == legacy and doc.meta["encoding"] == "cp1252"
    utf16 = tmp_path / "wide.jsonl"
    utf16.write_bytes(json.dumps({"id": "w", "text": utf8}, ensure_ascii=False).encode("utf-16"))
    (doc,) = read_all([str(utf16)])
    assert isinstance(doc, Document) and doc.meta["encoding"] == "utf-16"


def test_jsonl_legacy_lines_beside_a_mostly_utf8_one_keep_their_encoding(
    tmp_path: Path,
) -> None:
    # The lines that are not UTF-8 went through decode_bytes together, which read
    # them as UTF-8 where line c's UTF-8 outnumbered the stray bytes: every legacy
    # line was then decoded as UTF-8, "The caf\ufffd reopened", with no finding.
    legacy = "The café reopened on Monday after the renovation."
    path = tmp_path / "appended.jsonl"
    path.write_bytes(
        json.dumps(
            {"id": "a", "text": "We met at the café — the naïve plan worked."}, ensure_ascii=False
        ).encode()
        + b"\n"
        + json.dumps({"id": "b", "text": legacy}, ensure_ascii=False).encode("cp1252")
        + b"\n"
        + b'{"id":"c","text":"'
        + "Zoë and Chloë ordered crème brûlée at the café: naïve, déjà vu, voilà.".encode()
        + b' Fin\xe9."}\n'
    )
    docs = {d.id: d for d in read_all([str(path)]) if isinstance(d, Document)}
    assert docs["b"].text == legacy and docs["b"].meta["encoding"] != "utf-8"
    assert "\ufffd" not in docs["c"].text


def test_jsonl_saved_with_a_utf8_mark_and_a_cp1252_line_keeps_every_record(
    tmp_path: Path,
) -> None:
    # The byte order mark sent the whole file to one decoding: "invalid utf-8-sig
    # text (invalid continuation byte)", and no record was audited.
    utf8 = "Le café est très bon, said the owner of the place in Lyon on Sunday."
    legacy = "José went to the café on Sunday, and the owner said it was full."
    path = tmp_path / "marked.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"id": "a", "text": utf8}, ensure_ascii=False).encode("utf-8")
        + b"\n"
        + json.dumps({"id": "b", "text": legacy}, ensure_ascii=False).encode("cp1252")
        + b"\n"
    )
    docs = {d.id: d for d in read_all([str(path)]) if isinstance(d, Document)}
    assert docs["a"].text == utf8 and docs["a"].meta["encoding"] == "utf-8"
    assert docs["b"].text == legacy and docs["b"].meta["encoding"] == "cp1252"


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes_in_every_report(
    tmp_path: Path, runner
) -> None:  # type: ignore[no-untyped-def]
    import os

    from cli.app import app

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(name, "w", encoding="utf-8") as fh:
        fh.write("The minister said that the talks in Geneva would resume next week.")
    # (GitHub annotations name files only for findings; a clean file must not crash it.)
    # The SARIF URI carries the real byte, so a viewer opens the file.
    shown = {"json": "caf\\\\xe9.txt", "sarif": "caf%E9.txt", "github": "summary"}
    for fmt, text in shown.items():
        result = runner.invoke(app, ["audit", "--no-lm", "--isolated", "-f", fmt, str(folder)])
        assert result.exit_code in (0, 1), (fmt, result.output)
        assert text in result.stdout, fmt


def test_a_named_pipe_in_a_folder_is_not_read(tmp_path: Path) -> None:
    import os
    import threading

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The council met on Tuesday to approve the budget.")
    os.mkfifo(folder / "pipe.txt")  # opening it would wait for a writer forever
    out: list[object] = []
    reader = threading.Thread(target=lambda: out.extend(read_all([str(folder)])), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "reading the folder blocked on the pipe"
    assert [d.source for d in out] == [str(folder / "a.txt")]


@pytest.mark.parametrize(
    "args", [["news"], ["news/*.txt"], ["news/a.txt", "news/gone.txt", "news/loop.txt"]]
)
def test_a_link_that_leads_to_no_file_is_an_unreadable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """A walk or a glob skipped an article file that is a broken link (its archive
    unmounted, a git-annex file not fetched) or a loop of links without a word, and
    the gate passed on the rest; named, each was 'no such file or directory'."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (news / "gone.txt").symlink_to(Path("archive", "gone.txt"))
    (news / "loop.txt").symlink_to("loop.txt")
    (news / "up").symlink_to("..")  # a link to a folder is no file to read
    (news / "logo.png").symlink_to("logo-2024.png")  # nor is what no walk reads
    monkeypatch.chdir(tmp_path)
    items = read_all(args)
    # Found by the walk or the glob, the loop is no file to name again.
    remedy = "name another file" if "news/loop.txt" in args else "point it at a file"
    assert isinstance(items[0], Document) and items[0].source == "news/a.txt"
    assert [(i.source, i.reason) for i in items[1:] if isinstance(i, InputFailure)] == [
        ("news/gone.txt", "broken link: its target archive/gone.txt does not exist"),
        (
            "news/loop.txt",
            "it is a link that loops (its target loop.txt leads back through links, never to a"
            f" file); remove the link or {remedy}",
        ),
    ]
    assert len(items) == 3


def test_a_chain_of_links_ending_nowhere_names_its_first_hop_as_a_link(tmp_path: Path) -> None:
    # 'its target b.txt does not exist' sent the user looking for a b.txt that is there:
    # it is a link too, and the one that leads nowhere.
    (tmp_path / "b.txt").symlink_to("missing.txt")
    (tmp_path / "c.txt").symlink_to("b.txt")
    assert dead_link(str(tmp_path / "c.txt")) == (
        "broken link: its target b.txt is a link that leads to no file"
    )
    assert dead_link(str(tmp_path / "b.txt")) == (
        "broken link: its target missing.txt does not exist"
    )


def test_bad_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = {"id": "ok", "text": "The council approved the new budget on Tuesday evening."}
    path.write_text(
        "\n".join(
            [
                json.dumps(good),
                "{not json",
                json.dumps({"id": "x", "body": "no text"}),
                json.dumps(["a", "list"]),
                "null",
                '"a story"',
                "42",
                "true",
                "",
            ]
        ),
        encoding="utf-8",
    )
    out = read_all([str(path)])
    assert isinstance(out[0], Document) and out[0].id == "ok"
    failures = [o for o in out if isinstance(o, InputFailure)]
    assert [f.source for f in failures] == [f"{path}:{n}" for n in range(2, 9)]
    assert "invalid JSON" in failures[0].reason
    assert '"text" or "html"' in failures[1].reason
    assert failures[1].id == "x"
    # In JSON's words: the reasons said 'got list', 'got NoneType', Python's names.
    assert [f.reason for f in failures[2:]] == [
        f"expected a JSON object, got {kind}"
        for kind in ("an array", "null", "a string", "a number", "true")
    ]


@pytest.mark.parametrize("name", ["deep.jsonl", "deep.dump"])
def test_a_record_nested_thousands_deep_fails_alone(tmp_path: Path, name: str) -> None:
    # Python's JSON reader recurses per level: one such line ended the run in
    # "internal error: RecursionError", every other record and input lost with it,
    # whether the file was named .jsonl or sniffed as JSON Lines.
    path = tmp_path / name
    good = {"id": "ok", "text": "The council approved the new budget on Tuesday evening."}
    deep = '{"a": "[[", "b":' + "[" * 3000
    # Four records in five are objects: a dump of another name is sniffed as JSON Lines.
    path.write_text((json.dumps(good) + "\n") * 4 + deep + "\n", encoding="utf-8")
    *records, failure, seed = read_all([str(path), str(SEED)])
    assert [r.id for r in records if isinstance(r, Document)] == ["ok", "ok#2", "ok#3", "ok#4"]
    assert isinstance(failure, InputFailure) and failure.source == f"{path}:5"
    # The '[[' in a string is no level; the column is the 3001st bracket's.
    assert failure.reason == (
        f"invalid JSON (arrays and objects nested too deeply (3001 levels) at column {len(deep)})"
    )
    assert isinstance(seed, Document)


@pytest.mark.parametrize("name", ["big.jsonl", "big.dump"])
def test_a_record_with_an_integer_of_thousands_of_digits_fails_alone(
    tmp_path: Path, name: str
) -> None:
    # json.loads refuses an integer of over 4,300 digits with a plain ValueError, no
    # JSONDecodeError: one such record made the whole file 'could not read the input
    # (ValueError)', every other record in it lost. A string of digits is no integer.
    path = tmp_path / name
    good = {"id": "ok", "text": "The council approved the new budget on Tuesday evening."}
    head = '{"id": "b", "note": "' + "2" * 5000 + '", "n": '
    big = head + "1" * 5000 + ', "text": "x"}'
    # Four records in five are objects: a dump of another name is sniffed as JSON Lines.
    path.write_text((json.dumps(good) + "\n") * 2 + big + "\n" + (json.dumps(good) + "\n") * 2)
    *records, seed = read_all([str(path), str(SEED)])
    assert [getattr(r, "id", None) for r in records] == ["ok", "ok#2", None, "ok#3", "ok#4"]
    failure = records[2]
    assert isinstance(failure, InputFailure) and failure.source == f"{path}:3"
    assert failure.reason == (
        "invalid JSON (an integer of 5000 digits, more than the 4300 read,"
        f" at column {len(head) + 1})"
    )
    assert isinstance(seed, Document)


def test_a_text_of_thousands_of_brackets_is_no_json_lines_and_no_crash(tmp_path: Path) -> None:
    path = tmp_path / "brackets.dat"
    path.write_text('{"a":' + "[" * 3000, encoding="utf-8")
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document)


def test_a_jsonl_record_that_fails_keeps_its_title_and_url(tmp_path: Path) -> None:
    # A page with no article in a dump of records named only FILE:LINE in its error:
    # its title and url, which the record gives, showed null.
    path = tmp_path / "pages.jsonl"
    menus = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    record = {"id": "p1", "title": "Library closes", "url": "https://x.example/a", "html": menus}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [failure] = read_all([str(path)])
    assert isinstance(failure, InputFailure)
    assert (failure.id, failure.title, failure.url) == ("p1", "Library closes", record["url"])


def test_missing_empty_binary_and_unmatched_glob(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    out = read_all([str(tmp_path / "nope.txt"), str(empty), str(binary), str(tmp_path / "*.md")])
    reasons = [o.reason for o in out if isinstance(o, InputFailure)]
    assert reasons == [
        "no such file or directory",
        "empty input: no text to audit",
        "binary file (NUL bytes), not text",
        "no files match this pattern",
    ]


def test_a_text_file_with_a_binary_tail_is_binary(tmp_path: Path) -> None:
    """NULs were looked for in the first 8 KiB only: an article with an image appended
    after that was audited as ok, NULs and all."""
    article = SEED.read_bytes()
    tail = tmp_path / "article.txt"
    tail.write_bytes(article + b"a" * 9000 + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    [failure] = read_all([str(tail)])
    assert isinstance(failure, InputFailure), failure
    assert failure.reason == "binary file (NUL bytes), not text"


def test_a_binary_tail_is_refused_before_the_encoding_is_guessed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The NUL check ran after decoding: a Latin-1 article with a binary tail went
    through charset detection, the whole file, before it was refused. A UTF-16 file,
    whose bytes are half NULs, is still read."""
    import charset_normalizer

    import audits.sources.decode as decode

    guessed: list[int] = []
    guess = charset_normalizer.from_bytes

    def from_bytes(data: bytes, *args: object, **kwargs: object) -> object:
        guessed.append(len(data))
        return guess(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(decode.charset_normalizer, "from_bytes", from_bytes)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le café était fermé.\n".encode("latin-1") * 600 + b"\x00\x01PNG")
    [failure] = read_all([str(latin)])
    assert isinstance(failure, InputFailure), failure
    assert failure.reason == "binary file (NUL bytes), not text"
    assert guessed == []
    wide = tmp_path / "wide.txt"
    wide.write_bytes("The ferry left at noon.\n".encode("utf-16") * 2)
    [document] = read_all([str(wide)])
    assert not isinstance(document, InputFailure), document


def test_directories_recurse_by_extension_and_globs_expand(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("The first article is short but real.\n")
    (tmp_path / "a" / "two.md").write_text("# Second\n\nThe second article is here.\n")
    (tmp_path / "a" / "skip.py").write_text("print('not an article')\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden folders are skipped.\n")
    docs = read_all([str(tmp_path)])
    assert sorted(Path(d.source).name for d in docs) == ["one.txt", "two.md"]
    globbed = read_all([str(tmp_path / "a" / "*.txt")])
    assert [Path(d.source).name for d in globbed] == ["one.txt"]


def test_stdin_is_sniffed() -> None:
    [doc] = read_all(["-"], stdin=b'{"id": "s1", "text": "A record read from standard input."}\n')
    assert isinstance(doc, Document) and doc.id == "s1"
    [page] = read_all(["-"], stdin=(SAMPLES / "berlin-heating-law.html").read_bytes())
    assert isinstance(page, Document) and "dataLayer" not in page.text
    [plain] = read_all(["-"], stdin=b"Plain words from a pipe.\n")
    assert isinstance(plain, Document) and plain.source == "stdin"


def test_json_lines_on_stdin_with_a_long_record_or_a_bad_line_stay_json_lines() -> None:
    """Sniffing judged JSON Lines on the first 64 KiB, every line an object: a first
    record longer than that (a page's HTML in its "html" field) or one bad line (a
    record cut short, a `null`, a cp1252 line among UTF-8 ones) made the whole dump
    one text document of JSON, where a .jsonl file gave one error entry a bad line."""
    story = "The council met on Tuesday to agree the budget for the coming year. "
    record = {"text": story, "title": "Budget"}
    long = json.dumps({"id": "long", "html": f"<p>{story * 1500}</p>"}).encode()
    assert len(long) > 65536
    [doc] = read_all(["-"], stdin=long + b"\n")
    assert isinstance(doc, Document) and doc.id == "long"
    lines = [json.dumps({**record, "id": f"r{i}"}).encode() for i in range(12)]
    lines[3] = b'{"id": "cut", "text": "The council met on Tues'
    cafe = {**record, "id": "caf\u00e9", "text": "Caf\u00e9 " + story}
    lines[6] = json.dumps(cafe, ensure_ascii=False).encode("cp1252")
    items = read_all(["-"], stdin=b"\n".join([long, *lines, b"null"]) + b"\n")
    ids = ["long", *(f"r{i}" for i in range(12)), "stdin:14"]
    ids[4:8] = ["stdin:5", "r4", "r5", "caf\u00e9"]
    assert [getattr(i, "id", None) or i.source for i in items] == ids
    assert [type(i).__name__ for i in items].count("InputFailure") == 2
    # Prose that opens with a brace, and lines of which few are records, stay text.
    assert sniff_kind(b"{Editor's note} The council met.\nIt agreed the budget.\n") == "text"
    assert sniff_kind(b'{"a": 1}\nThe council met on Tuesday.\n') == "text"


def test_sniffing() -> None:
    assert sniff_kind(b"<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_kind(b'{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert sniff_kind(b"{ not really json\n") == "text"
    assert sniff_kind(b"Just words.\n") == "text"


@pytest.mark.parametrize(
    "root", [b"<!DOCTYPE html>\n<html xmlns='http://www.w3.org/1999/xhtml'>", b"<html>", b"<body>"]
)
def test_an_xhtml_page_after_its_xml_declaration_is_html(root: bytes) -> None:
    # Past the XML declaration the HTML root was never matched, so a page with few tags
    # was called a feed.
    page = b'<?xml version="1.0" encoding="utf-8"?>\n' + root + b"<p>The council met.</p>"
    assert sniff_kind(page) == "html"
    assert sniff_kind(b'<?xml version="1.0"?>\n<notes><p>x</p></notes>') == "feed"


def test_a_json_document_that_is_no_feed_nor_json_lines_is_an_unreadable_input(
    tmp_path: Path,
) -> None:
    """A CMS export (an array of records, or one object pretty-printed) named as
    ``articles.json`` or piped in was audited as an English article: its brackets,
    keys and quotes were the text, its title ``[``, and it passed the gate with a
    verdict on JSON syntax while no article in it was read."""
    story = "The council met on Tuesday and agreed the budget for next year."
    records = [{"id": "a", "text": story}, {"id": "b", "text": story}]
    array = tmp_path / "articles.json"
    array.write_text(json.dumps(records, indent=2), encoding="utf-8")
    one_line = tmp_path / "export.json"
    one_line.write_text(json.dumps(records), encoding="utf-8")
    pretty = tmp_path / "story.json"
    pretty.write_text(json.dumps({"id": "a", "body": story}, indent=2), encoding="utf-8")
    for path in (array, one_line, pretty):
        [item] = read_all([str(path)])
        assert isinstance(item, InputFailure), path.name
        assert "neither a JSON Feed nor JSON Lines" in item.reason
        # jq -c '.[]' of one object prints its values, bare strings read as text.
        assert "(jq -c '.[]' for an array, jq -c . for one object)" in item.reason
    [piped] = read_all(["-"], stdin=json.dumps(records, indent=2).encode())
    assert isinstance(piped, InputFailure) and piped.source == "stdin"
    assert "neither a JSON Feed nor JSON Lines" in piped.reason
    # Asked for as text, it is text; a JSON Feed and JSON Lines read as before.
    [forced] = read_all([str(array)], kind="text")
    assert isinstance(forced, Document) and forced.text.startswith("[")
    assert sniff_kind(b'{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert sniff_kind(b"[Editor's note] The council met.\n") == "text"
    assert sniff_kind(b"[1, 2] is how a list is written.\n") == "text"


def test_json_with_an_integer_of_thousands_of_digits_does_not_end_the_run(
    tmp_path: Path,
) -> None:
    """``json.loads`` refuses an integer of over 4,300 digits with a ValueError, no
    JSONDecodeError; sniffing runs outside any reader's guard, so one such file (or a
    piped input, or a URL's answer) ended the whole run in an internal error and the
    good file beside it was lost. It is no JSON document to sniffing: read as text."""
    good = tmp_path / "good.txt"
    good.write_text("The council met on Tuesday and agreed the budget.\n", encoding="utf-8")
    big = tmp_path / "bigint.json"
    big.write_text("[" + "1" * 5000 + "]\n", encoding="utf-8")
    doc, bigint = read_all([str(good), str(big)])
    assert isinstance(doc, Document) and doc.source == str(good)
    assert isinstance(bigint, Document) and bigint.text.startswith("[111")
    [piped] = read_all(["-"], stdin=b'{"n": ' + b"1" * 5000 + b"}\n")
    assert isinstance(piped, Document) and piped.source == "stdin"
    # A JSON Lines head with such a line is judged by its other lines.
    lines = b'{"text": "a"}\n' * 4 + b'{"n": ' + b"1" * 5000 + b"}\n"
    assert sniff_kind(lines) == "jsonl"


def test_json_served_as_a_feed_is_read_as_one_whatever_its_sniff() -> None:
    """A URL's JSON that sniffing calls no feed (an object with no items to tell it
    by) is read as what its Content-Type says, as plain-looking bytes are: served
    as application/feed+json it was the error of a JSON document that is no feed."""
    from audits.sources.http import FetchResult
    from audits.sources.inputs import _kind_of_response
    from audits.sources.sniff import JSON_DOCUMENT

    def served(body: bytes, content_type: str) -> FetchResult:
        return FetchResult("u", "u", 200, content_type, None, body)

    body = json.dumps({"title": "Empty today", "items": []}, indent=2).encode()
    assert _kind_of_response(served(body, "application/feed+json")) == "feed"
    assert _kind_of_response(served(body, "application/json")) == JSON_DOCUMENT


def test_a_json_feed_whose_version_comes_after_the_first_64_kib_is_a_feed_piped_in(
    tmp_path: Path,
) -> None:
    """A JSON Feed written with sorted keys (``json.dumps(sort_keys=True)``) has its
    ``"version"`` after ``"items"``, past the 64 KiB head once the items are long. Piped
    in, sniffing alone decides (the walk and a named file are held by
    test_a_json_feed_with_sorted_keys_is_a_feed_walked_or_named): it must call it a feed,
    not text and not a JSON document that is no feed, and every entry keeps its id."""
    story = "The council met on Tuesday and agreed the budget for next year. " * 40
    items = [{"id": f"s{i}", "title": f"Story {i}", "content_text": story} for i in range(30)]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Sorted", "items": items}
    data = json.dumps(feed, sort_keys=True, indent=2).encode()
    assert data.index(b'"version"') > 65536
    path = tmp_path / "news.json"
    path.write_bytes(data)
    for read in (read_all([str(path)]), read_all(["-"], stdin=data)):
        assert [getattr(i, "id", None) for i in read] == [f"s{i}" for i in range(30)]
        assert all(isinstance(i, Document) and i.meta["feed_format"] == "json11" for i in read)


def test_a_folder_that_cannot_be_listed_is_an_unreadable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.walk skipped a folder it could not list without a word: a scheduled job whose
    news/2024 folder lost its permissions audited the rest, and its gate passed. And a
    top folder that cannot be listed 'holds no article files'. (Denied by a stand-in
    for os.scandir: root, who runs some CI jobs, may list any folder.)"""
    import os

    for name in ("news/a.txt", "news/2024/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    real = os.scandir
    denied = {str(tmp_path / "news/2024")}

    def scandir(path: str) -> object:
        if str(path) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = read_all([str(tmp_path / "news")])
    assert [type(i).__name__ for i in items] == ["InputFailure", "Document"]
    assert (items[0].source, items[0].reason) == (
        str(tmp_path / "news/2024"),
        "cannot list this folder (permission denied)",
    )
    denied.add(str(tmp_path / "news"))
    [failure] = read_all([str(tmp_path / "news")])
    assert isinstance(failure, InputFailure)
    assert failure.reason == "cannot list this folder (permission denied)"


@pytest.mark.parametrize(
    "pattern", ["news/**/*.txt", "news/*/*.txt", "*/2024/*.txt", "news/2024/*.txt", "**/b.txt"]
)
def test_a_folder_a_glob_cannot_list_is_an_unreadable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    """glob skipped a folder it could not list without a word, as os.walk did: 'news/**/*.txt'
    over a news/2024 that lost its permissions audited the rest and passed its gate,
    where the folder 'news' names news/2024 as an unreadable input."""
    import os

    for name in ("news/a.txt", "news/2024/b.txt", "news/2024/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    real = os.scandir
    seen = [i.source for i in read_all([pattern]) if isinstance(i, Document)]
    assert any("2024" in s for s in seen)  # the pattern reaches news/2024 when it can
    denied = {"news/2024", os.path.join(".", "news", "2024")}

    def scandir(path: str = ".") -> object:
        if os.fspath(path).rstrip("/") in denied:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = read_all([pattern])
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert [(f.source, f.reason) for f in failures] == [
        ("news/2024", "cannot list this folder (permission denied)")
    ]
    # '**/b.txt' looks b.txt up in news/2024 (a folder with search permission but no
    # read permission gives it) and audited it beside the failure; the folder it could
    # not list is the unreadable input, as when 'news' is walked, whatever the pattern.
    assert not any("2024" in i.source for i in items if isinstance(i, Document))


@pytest.mark.parametrize(
    "pattern",
    ["news", "news/**/*.txt", "**/b.txt", "news/*/b.txt", "*/2024/*.txt", "news/2024/*.txt"],
)
def test_a_folder_that_cannot_be_searched_is_an_unreadable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    """A folder with read but no search permission lists its names, so nothing failed:
    'news/**/*.txt', a walk of 'news' and 'news/2024/*.txt' stopped on an internal error
    (pathlib's PermissionError on news/2024/b.txt), and '**/b.txt' or 'news/*/b.txt'
    found nothing there and passed the gate (exit 0). Each names the folder now."""
    for name in ("news/a.txt", "news/2024/b.txt", "news/2024/sub/b.txt", "news/2025/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    without_search_permission(monkeypatch, tmp_path / "news/2024")
    items = read_all([pattern])
    failures = [(i.source, i.reason) for i in items if isinstance(i, InputFailure)]
    assert failures == [("news/2024", "cannot reach the files in this folder (permission denied)")]
    found = [i.source for i in items if isinstance(i, Document)]
    assert not any("2024" in source for source in found)
    assert bool(found) == ("2024" not in pattern)  # the other folders are read


_ARTICLE = "The ferry left at noon. Officials from both sides met in Geneva on Monday.\n"
# Chinese with 一 (U+4E00, whose low byte is a NUL) and newlines (whose high byte is):
# NULs at both parities, so where NULs sit tells no UTF-16 from binary.
_CHINESE = "一个中国人说，我们今天在上海开会。他说这个问题很重要。\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # CJK alone for the first 8 KiB, a NUL (a newline's) only after: read until the
        # NUL check looked at the whole file, then refused as binary.
        ("日本語の文章です。" * 1000 + "\nEnd.\n", "utf_16_le"),
        ("日本語の文章です。" * 1000 + "\nEnd.\n", "utf_16_be"),
        (_ARTICLE * 30, "utf_16_le"),
        (_ARTICLE * 30, "utf_16_be"),
        (_CHINESE * 50, "utf_16_le"),
    ],
)
def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    # Named as charset-normalizer names what it detects (cp1252, utf_16_le).
    path.write_bytes(text.encode(encoding.replace("_", "-")))
    [document] = read_all([str(path)])
    assert isinstance(document, Document), document
    assert document.text == text
    assert document.meta["encoding"] == encoding
    assert decode_bytes(path.read_bytes(), "x") == (text, encoding)


@pytest.mark.parametrize(
    "text",
    [
        # Ideographs whose code units are two ASCII bytes (中 U+4E2D is "-N", 山 U+5C71
        # "q\\"): every such one made UTF-16 English binary.
        _ARTICLE * 10 + "The word 中 means middle.\n",
        _ARTICLE * 10 + "He was born in 中山 in 1950.\n",
        _ARTICLE * 10 + "Wait… • item ™ ═══════\n",
        # Three or more in a row (中山大学 is "-N", "q\\", "'Y", "f["), mid-sentence.
        _ARTICLE * 10 + "He studied at 中山大学 in Guangzhou.\n",
        _ARTICLE + "He studied at 中山大学 in Guangzhou. " + _ARTICLE,
    ],
    ids=["one-ideograph", "two-ideographs", "symbols", "four-ideographs", "four-mid-text"],
)
def test_utf16_english_quoting_ideographs_is_read(tmp_path: Path, text: str) -> None:
    for encoding in ("utf_16_le", "utf_16_be"):
        data = text.encode(encoding.replace("_", "-"))
        assert decode_bytes(data, "x") == (text, encoding)


# A box-drawn table: ╔═╗║╚╝ are U+2554 ("T%"), U+2550, U+2557, U+2551, U+255A and U+255D.
_BOX = "╔══════╦═══════╗\n║ North║ 1,204 ║\n╠══════╬═══════╣\n║ South║   987 ║\n╚══════╩═══════╝\n"


@pytest.mark.parametrize(
    "text",
    [
        # Devanagari (U+0900-097F) is tab as the high byte: अबकी बार (U+0905 U+092C
        # U+0915 U+0940) and every letter after it made 8-bit pairs.
        "The crowd chanted the slogan अबकी बार at the rally in Delhi on Monday, "
        "officials said. Police estimated that more than ten thousand people gathered.\n",
        _ARTICLE * 3 + "Prime Minister Narendra Modi (नरेन्द्र मोदी) spoke to reporters.\n",
        # Gurmukhi and Gujarati (newline as the high byte), Malayalam (return).
        _ARTICLE * 3 + "The sign read ਪੰਜਾਬ and ગુજરાત and കേരളം in three scripts.\n",
        _ARTICLE * 3 + "The results by district:\n" + _BOX + _ARTICLE * 3,
    ],
    ids=["hindi-quote", "hindi-name", "gurmukhi-gujarati-malayalam", "box-drawing"],
)
@pytest.mark.parametrize("encoding", ["utf_16_le", "utf_16_be"])
def test_utf16_english_quoting_indic_scripts_or_box_drawing_is_read(
    tmp_path: Path, text: str, encoding: str
) -> None:
    """Refused as binary ("8-bit text read as UTF-16"): tab, newline and return counted
    as the high byte of an 8-bit pair (U+09xx, U+0Axx, U+0Dxx), and a run of box
    drawing (U+25xx, "%" as the high byte) counted as one, so any three such
    characters in a row made the file binary."""
    path = tmp_path / "quote.txt"
    path.write_bytes(text.encode(encoding.replace("_", "-")))
    [document] = read_all([str(path)])
    assert isinstance(document, Document), document
    assert (document.text, document.meta["encoding"]) == (text, encoding)


# Review sched29-b's samples, quoted in a sentence of English: Tifinagh (U+2D30-2D7F,
# "0-" to "\x7f-") and Glagolitic small letters (U+2C30-2C5E, "0,") are ASCII pairs
# letter by letter, as are Kangxi radicals from U+2F20 (PDF extraction of Chinese).
_QUOTED = {
    "tifinagh": "The sign reads ⵜⴰⵎⴰⵣⵉⵖⵜ (Tamazight) at the entrance.",
    "tifinagh-word": "Morocco's official name in Tifinagh is ⵍⵎⵖⵔⵉⴱ on the new banknotes.",
    "glagolitic": "The manuscript opens with ⰀⰁⰂⰃ in Glagolitic letters.",
    "glagolitic-small": "The manuscript opens with ⰰⰱⰲⰳ in Glagolitic letters.",
    "kangxi": "PDF extraction produced ⼈⼝⽇ radicals instead of ideographs.",
    "kangxi-pairs": "PDF extraction produced ⽇⽉⽊⽔⽕ radicals instead of ideographs.",
    "georgian-supplement": "Old Georgian nuskhuri ⴀⴁⴂⴃ letters appear.",
    "hindi": "The crowd chanted अबकी बार at the rally.",
    "bengali": "He said আমার সোনার বাংলা quietly.",
    "tamil": "The sign said வணக்கம் to visitors.",
    "thai": "Locals say สวัสดีครับ as greeting.",
    "greek": "The word ελευθερία means freedom.",
    "russian": "He wrote Москва in the letter.",
    "arabic": "The banner said السلام عليكم in Arabic.",
    "hebrew": "The word שלום was written.",
    "korean": "She said 안녕하세요 warmly.",
    "math": "The proof uses ∀x∃y ≤ ≥ ∑∫ symbols.",
    "arrows": "Click File → Save → Export ⇒ done.",
    "braille": "Braille ⠓⠑⠇⠇⠕ on the sign.",
}


@pytest.mark.parametrize("quote", list(_QUOTED.values()), ids=list(_QUOTED))
@pytest.mark.parametrize("encoding", ["utf_16_le", "utf_16_be"])
def test_utf16_english_quoting_any_script_is_read(quote: str, encoding: str) -> None:
    """Tifinagh, Glagolitic small letters and Kangxi radicals U+2F20 on were refused as
    binary: a run of three such letters counted as 8-bit text."""
    for text in (f"{_ARTICLE}{quote} {_ARTICLE}", _ARTICLE + quote):
        assert decode_bytes(text.encode(encoding.replace("_", "-")), "x") == (text, encoding)


# One character alone on UTF-16 English's last line, with no newline after it. Two
# ASCII bytes appended after the last newline make the same code unit (b"& " is …
# in UTF-16LE, b"x " ⁸, `echo x >> file`'s b"x\n" U+0A78), so no rule on that unit
# can refuse the appended bytes without refusing these files too.
_LAST_LINES = [*"…•™†‡‰′※ⅰ⁸—§°€→№✓*!।॥नਨ", "\U0001f600"]


@pytest.mark.parametrize("last", _LAST_LINES, ids=[f"U+{ord(c[0]):04X}" for c in _LAST_LINES])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("encoding", ["utf_16_le", "utf_16_be"])
def test_utf16_english_whose_last_line_is_one_character_is_read(
    last: str, newline: str, encoding: str
) -> None:
    """A list ending in "•", a signature's "™", a Hindi danda: each was refused as 8-bit
    text appended after the last line, with "save it in one encoding" to a user who
    had saved the whole file as UTF-16."""
    text = (_ARTICLE * 3).replace("\n", newline) + last
    assert decode_bytes(text.encode(encoding.replace("_", "-")), "x") == (text, encoding)


_HINDI = "हमने आज बैठक की। सब लोग आए और चर्चा हुई। यह बहुत अच्छा रहा।\n"


@pytest.mark.parametrize(
    "text",
    [
        _ARTICLE * 3 + "Wait…",
        _ARTICLE * 3 + "Acme™",
        _ARTICLE * 3 + "See the note†",
        _ARTICLE * 3 + "Its mark is ੴ",
        _ARTICLE * 3 + _BOX.rstrip("\n"),
        _ARTICLE * 3 + "\n…\n",
        _HINDI * 3 + "।",
        _CHINESE * 5 + "中",
    ],
    ids=["ellipsis", "trade-mark", "dagger", "gurmukhi", "box", "ellipsis-line", "hindi", "zh"],
)
@pytest.mark.parametrize("encoding", ["utf_16_le", "utf_16_be"])
def test_utf16_ending_in_a_symbol_or_a_lone_letter_is_read(text: str, encoding: str) -> None:
    """A symbol that ends a line of text, a line that a newline ends, and a script's
    letter alone on the last line where the text is in that script are the text's
    own."""
    assert decode_bytes(text.encode(encoding.replace("_", "-")), "x") == (text, encoding)


@pytest.mark.parametrize("text", [_ARTICLE * 5, _CHINESE * 5, "日本語の文章です。\n" * 20])
@pytest.mark.parametrize("encoding", ["utf_32_le", "utf_32_be"])
def test_utf32_without_a_byte_order_mark_is_read(tmp_path: Path, text: str, encoding: str) -> None:
    """It was refused as binary: every character's three NULs make a zero UTF-16 unit."""
    path = tmp_path / "wide.txt"
    path.write_bytes(text.encode(encoding.replace("_", "-")))
    [document] = read_all([str(path)])
    assert isinstance(document, Document), document
    assert (document.text, document.meta["encoding"]) == (text, encoding)
    assert decode_bytes(path.read_bytes(), "x") == (text, encoding)


def _uint16s() -> bytes:
    # Little-endian numbers under 256: every NUL at an odd offset, as in UTF-16 English.
    return b"".join(n.to_bytes(2, "little") for n in range(1, 256)) * 20


@pytest.mark.parametrize(
    "data",
    [
        b"\x7fELF\x02\x01\x01" + bytes(9) + bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40,
        _uint16s(),
        (_ARTICLE * 30).encode("utf-16-le") + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        random.Random(7).randbytes(5999) + b"\x00",
        ("Le café était fermé.\n" * 600).encode("latin-1") + b"x\x00\x01PNG",
        # Even in length, with no zero code unit: read as UTF-16 it is CJK, which the
        # guess does not take for text.
        (_ARTICLE * 20).encode() + b"\x00" + (_ARTICLE * 20).encode() + b"\n",
        # Too short to tell: each decodes strictly as UTF-16 (b"x\x00" as 砀).
        b"x\x00",
        b"OK\x00\n",
        b"The end.\x00\n",
        b"ab\x00c",
        "Zürich\x00".encode(),
        b"caf\xe9\x00ol\xe9",
        b"hello, world\x00z",
        # An ASCII tail read as ideographs (b"abcd" as 扡摣), refused as a binary tail is.
        (_ARTICLE * 30).encode("utf-16-le") + b"abcd",
        (_ARTICLE * 30).encode("utf-16-be") + b"abcd",
        # One unit: b"ok" was read, as a last character 歯.
        (_ARTICLE * 30).encode("utf-16-le") + b"ok",
        (_ARTICLE * 30).encode("utf-16-be") + b"ok",
        # A short tail ending in a line end: the unit holding the newline (b"F\n" is
        # U+0A46) split the run off the end, so b"EOF\n" was read as 佅 and U+0A46.
        *(
            (_ARTICLE * 30).encode(encoding) + tail
            for tail in (b"EOF\n", b"ok\r\n", b"END\r\n\r", b"ok\n\n")
            for encoding in ("utf-16-le", "utf-16-be")
        ),
        # Long enough, but its ideographs are pairs of ASCII bytes: 8-bit text.
        b"The end.\x00\n" * 8,
        # ASCII tails that read as kana (b"B0" is あ) or Extension A (b"a4" is 㑡), which
        # were taken for text: only U+4E00 to U+9FFF was looked at.
        (_ARTICLE * 30).encode("utf-16-le") + b"B0B0n0o0k0",
        (_ARTICLE * 30).encode("utf-16-le") + b"a4b5c6d7",
        (_ARTICLE * 30).encode("utf-16-le") + b"see you later, bye!\n",
        # 32-bit numbers under 0x110000 decode as UTF-32, to no text.
        b"".join(n.to_bytes(4, "little") for n in range(32, 300)) * 3,
        b"".join(n.to_bytes(4, "little") for n in random.Random(5).choices(range(1, 1000), k=500)),
    ],
    ids=[
        "elf",
        "png",
        "uint16",
        "utf16-with-tail",
        "random",
        "latin1-with-tail",
        "utf8-nul",
        "x-nul",
        "ok-nul",
        "the-end-nul",
        "ab-nul-c",
        "utf8-zurich-nul",
        "latin1-nul",
        "hello-world-nul",
        "utf16le-ascii-tail",
        "utf16be-ascii-tail",
        "utf16le-two-byte-tail",
        "utf16be-two-byte-tail",
        *(
            f"utf16{order}-tail-{name}"
            for name in ("eof-lf", "ok-crlf", "end-crlf-cr", "ok-lf-lf")
            for order in ("le", "be")
        ),
        "the-end-nul-x8",
        "utf16-kana-tail",
        "utf16-extension-a-tail",
        "utf16-sentence-tail",
        "uint32-range",
        "uint32-random",
    ],
)
def test_binary_that_is_no_utf16_is_still_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    [failure] = read_all([str(path)])
    assert isinstance(failure, InputFailure), failure
    said = _appended_to_utf16(data) or "binary file (NUL bytes), not text"
    assert failure.reason == said
    if b"\x00" in data[:8192]:  # decode_bytes looks there, read_text at all of it
        with pytest.raises(InputError, match=re.escape(said)):
            decode_bytes(data, "blob.txt")


def _appended_to_utf16(data: bytes) -> str | None:
    """What the refusal of ``data`` says where it is the UTF-16 article with ASCII
    text after it."""
    for encoding, name in (("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")):
        article = (_ARTICLE * 30).encode(encoding)
        tail = data.removeprefix(article)
        if data.startswith(article) and tail.isascii() and b"\x00" not in tail:
            if len(tail) == 2 and tail.decode(encoding).isalpha():  # also one letter
                return (
                    f"{name} text (no byte order mark) with 2 bytes after its last line "
                    f"that are 8-bit text or the character {tail.decode(encoding)!r} "
                    "(appended by a tool that writes ASCII, or a last line with no "
                    "newline after it?): save it in one encoding, or end it with a newline"
                )
            return (
                f"{name} text (no byte order mark) with {len(tail)} bytes of 8-bit text "
                "after its last line (appended by a tool that writes ASCII?): save it in "
                "one encoding"
            )
    return None


def test_a_binary_full_of_odd_line_ends_is_refused_as_binary() -> None:
    """Every b"\n\x00" at an odd offset looks like a UTF-16LE line end before an ASCII
    tail; none is one, so the file is a binary, not text with 8-bit text appended.
    (How fast it is refused is measured in bench/, not here.)"""
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(b"x" + b"\n\x00" * 100_000, "blob.bin")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_whose_last_line_is_one_cjk_character_says_it_may_be_one(
    tmp_path: Path, encoding: str
) -> None:
    """中 is the two ASCII bytes b"-N" in UTF-16LE: English whose last line is 中, with
    no newline after it, was refused as 8-bit text appended by an ASCII tool, sending
    the user to look for one; ended with a newline, the same file is read."""
    path = tmp_path / "article.txt"
    path.write_bytes((_ARTICLE * 30 + "中").encode(encoding))
    [failure] = read_all([str(path)])
    assert isinstance(failure, InputFailure), failure
    order = encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    assert failure.reason == (
        f"{order} text (no byte order mark) with 2 bytes after its last line that are "
        "8-bit text or the character '中' (appended by a tool that writes ASCII, or a last "
        "line with no newline after it?): save it in one encoding, or end it with a newline"
    )
    path.write_bytes((_ARTICLE * 30 + "中\n").encode(encoding))
    [doc] = read_all([str(path)])
    assert not isinstance(doc, InputFailure), doc
    assert doc.text.endswith("中\n")


@pytest.mark.parametrize("tail", [b"\n", b"done\n", b"x"], ids=["lf", "done-lf", "x"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_ascii_text_appended_says_so(tmp_path: Path, tail: bytes, encoding: str) -> None:
    """`echo done >> article.txt` on an article saved as UTF-16 without a BOM: refused
    as "binary file (NUL bytes), not text", which sent the user looking for a binary
    file. An odd tail (one newline) too, which made the file an odd number of bytes."""
    path = tmp_path / "article.txt"
    path.write_bytes((_ARTICLE * 30).encode(encoding) + tail)
    [failure] = read_all([str(path)])
    assert isinstance(failure, InputFailure), failure
    order = encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    count = f"{len(tail)} byte{'s' if len(tail) > 1 else ''}"
    assert failure.reason == (
        f"{order} text (no byte order mark) with {count} of 8-bit text after its last line "
        "(appended by a tool that writes ASCII?): save it in one encoding"
    )


def test_a_jsonl_record_cut_inside_a_string_says_at_once(tmp_path) -> None:
    # json's "Unterminated string starting at" read "starting at at column 21".
    from audits.sources.jsonl import read_jsonl

    path = tmp_path / "cut.jsonl"
    path.write_text('{"id": "a", "text": "unterminated\n', encoding="utf-8")
    [failure] = list(read_jsonl(path.read_bytes(), str(path)))
    assert failure.reason == "invalid JSON (Unterminated string starting at column 21)"


def test_a_one_paragraph_html_fragment_is_read(tmp_path: Path) -> None:
    # trafilatura rejects a lone block with no <html> tag near the start as not HTML:
    # a record of one paragraph was "no article text found in the page".
    sentence = "The cafe on Main Street reopened on Monday after a long renovation."
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "a", "html": f"<p>{sentence}</p>"}) + "\n")
    [doc] = read_all([str(path)])
    assert isinstance(doc, Document) and doc.text == sentence
    page = tmp_path / "fragment.html"
    page.write_text(f"<div><p>{sentence}</p></div>")
    [doc] = read_all([str(page)])
    assert isinstance(doc, Document) and doc.text == sentence


def test_an_xhtml_page_with_one_block_in_its_body_is_read(tmp_path: Path) -> None:
    # The XML declaration and doctype push <html> past where trafilatura looks for it,
    # and a body of one block made the page "no article text found in the page".
    nav = "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    article = (
        "<article><h1>Council backs new tram line</h1><p>The city council voted on"
        " Tuesday to build a new tram line to the airport, ending a decade of debate"
        " over the project.</p><p>Work is due to start next spring, the mayor said, and"
        " the line should open in 2029.</p></article>"
    )
    footer = (
        "<footer><p>Copyright 2024 City News. All rights reserved. Subscribe to our"
        " newsletter for more stories like this every day.</p></footer>"
    )
    page = tmp_path / "page.html"
    page.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC'
        ' "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n<html><body><div id="page"><div>'
        f"{nav}{article}{footer}</div></div></body></html>"
    )
    [doc] = read_all([str(page)])
    assert isinstance(doc, Document)
    assert doc.text.startswith("Council backs new tram line\n\nThe city council voted")
    assert "Home" not in doc.text and "Copyright" not in doc.text


def test_a_link_target_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    # The target was quoted as it was: its newline broke the one-line error in two.
    (tmp_path / "nl.txt").symlink_to("gone\nnow\\x.txt")
    (tmp_path / "loop\tA").symlink_to("loop\tB")
    (tmp_path / "loop\tB").symlink_to("loop\tA")
    assert dead_link(str(tmp_path / "nl.txt")) == (
        "broken link: its target gone\\nnow\\\\x.txt does not exist"
    )
    assert dead_link(str(tmp_path / "loop\tA")) == (
        "it is a link that loops (its target loop\\tB leads back through links, never to a"
        " file); remove the link or name another file"
    )


def test_is_walked_file_takes_a_link_that_loops(tmp_path: Path) -> None:
    # Path.resolve raised RuntimeError for it (Python 3.11), where real_path, which the
    # rest of the walk uses, follows it as far as it goes: the walk reads it (and says
    # why it cannot), so a report written through it would be writing into an input.
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "loop.txt").symlink_to("loop.txt")
    assert is_walked_file(tmp_path / "loop.txt", tmp_path)
    assert not is_walked_file(tmp_path / ".hidden" / "loop.txt", tmp_path)


def test_a_jsonl_id_that_is_no_string_or_number_fails_its_record_alone(tmp_path: Path) -> None:
    # str() made an array id "['a', 'b']", Python's text, in every report.
    text = "The council approved the new budget on Tuesday evening."
    path = tmp_path / "ids.jsonl"
    records = [
        {"id": ["a", "b"], "title": "Budget", "text": text},
        {"id": {"k": 1}, "text": text},
        {"id": True, "text": text},
        {"id": 7, "text": text},
        {"id": "s", "text": text},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = read_all([str(path)])
    failures = [o for o in out if isinstance(o, InputFailure)]
    assert [(f.source, f.reason, f.id, f.title) for f in failures] == [
        (f"{path}:1", "id must be a string or a number, got an array", None, "Budget"),
        (f"{path}:2", "id must be a string or a number, got an object", None, None),
        (f"{path}:3", "id must be a string or a number, got true", None, None),
    ]
    assert [o.id for o in out if isinstance(o, Document)] == ["7", "s"]


def test_a_jsonl_id_that_is_no_finite_number_fails_its_record_alone(tmp_path: Path) -> None:
    # Python's json reads 1e400 as inf and NaN as nan: the ids were "inf" and "nan".
    text = "The council approved the new budget on Tuesday evening."
    path = tmp_path / "ids.jsonl"
    lines = [
        f'{{"id": 1e400, "title": "Budget", "text": "{text}"}}',
        f'{{"id": -1e400, "text": "{text}"}}',
        f'{{"id": NaN, "text": "{text}"}}',
        f'{{"id": 1.5, "text": "{text}"}}',
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    out = read_all([str(path)])
    too_large = "id must be a string or a finite number, got a number too large for a float"
    failures = [o for o in out if isinstance(o, InputFailure)]
    assert [(f.source, f.reason, f.id, f.title) for f in failures] == [
        (f"{path}:1", too_large, None, "Budget"),
        (f"{path}:2", too_large, None, None),
        (f"{path}:3", "id must be a string or a finite number, got NaN", None, None),
    ]
    assert [o.id for o in out if isinstance(o, Document)] == ["1.5"]


def test_an_empty_jsonl_id_is_the_records_line(tmp_path: Path) -> None:
    # "id": "" named no article (it was kept as the empty id until 802b1e7); it is
    # known by its line, as a record without an id is and as README says.
    text = "The council approved the new budget on Tuesday evening."
    path = tmp_path / "ids.jsonl"
    records = [{"id": "", "text": text}, {"text": text}, {"id": "a", "text": text}]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = read_all([str(path)])
    assert [o.id for o in out if isinstance(o, Document)] == [f"{path}:1", f"{path}:2", "a"]


def test_a_jsonl_published_number_is_unix_time(tmp_path: Path) -> None:
    # A number was dropped without a word: the document had no date.
    text = "The council approved the new budget on Tuesday evening."
    path = tmp_path / "dates.jsonl"
    records = [
        {"id": "s", "published": 1700000000, "text": text},
        {"id": "ms", "published": 1700000000123, "text": text},
        {"id": "f", "published": 1700000000.5, "text": text},
        {"id": "str", "published": "2024-03-03", "text": text},
        {"id": "far", "published": 1e300, "text": text},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = read_all([str(path)])
    assert [(o.id, o.published) for o in out if isinstance(o, Document)] == [
        ("s", "2023-11-14T22:13:20+00:00"),
        ("ms", "2023-11-14T22:13:20.123000+00:00"),
        ("f", "2023-11-14T22:13:20.500000+00:00"),
        ("str", "2024-03-03"),
    ]
    failures = [o for o in out if isinstance(o, InputFailure)]
    assert [(f.source, f.id, f.reason) for f in failures] == [
        (
            f"{path}:5",
            "far",
            "published 1e+300 is no date: a number must be Unix time in seconds or milliseconds",
        )
    ]


def test_a_jsonl_published_too_large_for_a_float_fails_its_record_alone(tmp_path: Path) -> None:
    # 10**400 (as JSON writes it) raised OverflowError outside the try: 'internal
    # error', exit 2, and the good record after it was lost too.
    text = "The council approved the new budget on Tuesday evening."
    path = tmp_path / "huge.jsonl"
    huge = '{"id": "a", "published": 1' + "0" * 400 + ', "text": "' + text + '"}'
    path.write_text(huge + "\n" + json.dumps({"id": "b", "text": text}), encoding="utf-8")
    out = read_all([str(path)])
    assert [o.id for o in out if isinstance(o, Document)] == ["b"]
    (failure,) = [o for o in out if isinstance(o, InputFailure)]
    assert (failure.source, failure.id) == (f"{path}:1", "a")
    # The 401 digits are shortened, not all put into the one-line error.
    assert failure.reason == (
        "published 1000000000000000000000…(401 digits) is no date: a number must be Unix "
        "time in seconds or milliseconds"
    )


@pytest.mark.parametrize(
    ("published", "kind"), [(True, "true"), (False, "false"), ([1], "an array"), ({}, "an object")]
)
def test_a_jsonl_published_that_is_no_string_or_number_fails_its_record(
    tmp_path: Path, published: object, kind: str
) -> None:
    # true, [1] and {} were dropped without a word, where such an id fails its record.
    text = "The council approved the new budget on Tuesday evening."
    path = tmp_path / "dates.jsonl"
    records = [{"id": "x", "published": published, "text": text}, {"id": "ok", "text": text}]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = read_all([str(path)])
    assert [o.id for o in out if isinstance(o, Document)] == ["ok"]
    (failure,) = [o for o in out if isinstance(o, InputFailure)]
    assert (failure.source, failure.id) == (f"{path}:1", "x")
    assert failure.reason == f"published must be a date string or a number, got {kind}"


def test_gzipped_inputs_are_read_as_what_they_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # feed.jsonl.gz was 'binary file (NUL bytes), not text'.
    import gzip

    text = "The council approved the new budget on Tuesday evening."
    monkeypatch.chdir(tmp_path)
    lines = [json.dumps({"id": "a", "text": text}), json.dumps({"id": ["x"], "text": text})]
    Path("feed.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    Path("a.txt.gz").write_bytes(gzip.compress(text.encode()))
    Path("p.HTML.GZ").write_bytes(
        gzip.compress(f"<html><body><article><p>{text}</p></article></body></html>".encode())
    )
    items = read_all(["feed.jsonl.gz", "a.txt.gz", "p.HTML.GZ"])
    assert [(i.source, i.id) for i in items if isinstance(i, Document)] == [
        ("feed.jsonl.gz:1", "a"),
        ("a.txt.gz", "a.txt.gz"),
        ("p.HTML.GZ", "p.HTML.GZ"),
    ]
    assert all(text in i.text for i in items if isinstance(i, Document))
    assert [(i.source, i.reason) for i in items if isinstance(i, InputFailure)] == [
        ("feed.jsonl.gz:2", "id must be a string or a number, got an array")
    ]


def test_a_corrupt_gzip_input_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    monkeypatch.chdir(tmp_path)
    whole = gzip.compress(b"The council approved the new budget. " * 200)
    Path("cut.txt.gz").write_bytes(whole[:40])
    Path("plain.txt.gz").write_bytes(b"hello")
    damaged = bytearray(whole)
    damaged[12] ^= 0xFF
    Path("damaged.txt.gz").write_bytes(bytes(damaged))
    Path("ok.txt").write_bytes(SEED.read_bytes())
    items = read_all(["cut.txt.gz", "plain.txt.gz", "damaged.txt.gz", "ok.txt"])
    reasons = [(i.source, i.reason) for i in items if isinstance(i, InputFailure)]
    assert reasons[:2] == [
        ("cut.txt.gz", "corrupt gzip file (it ends before its compressed data does: cut short?)"),
        ("plain.txt.gz", "corrupt gzip file (it does not start as gzip data does)"),
    ]
    # zlib's own words for the damage, which depend on where it is.
    assert reasons[2][0] == "damaged.txt.gz"
    assert reasons[2][1].startswith("corrupt gzip file (error -3 while decompressing data: ")
    assert len(reasons) == 3
    assert [i.source for i in items if isinstance(i, Document)] == ["ok.txt"]


def test_a_gzip_input_stops_at_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Decompressed a chunk at a time: a small file that unpacks to more than the
    # limit fails, where reading it whole would fill memory first.
    import gzip

    from audits.sources import inputs

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 3 << 20)
    Path("bomb.txt.gz").write_bytes(gzip.compress(b"a " * (4 << 20)))
    (item,) = read_all(["bomb.txt.gz"])
    assert isinstance(item, InputFailure)
    limit = 3 << 20
    assert item.reason == f"too large once decompressed (limit {limit} bytes)"


def test_a_file_over_the_limit_says_its_size_and_the_limit_in_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Worded as the gzip refusal is: "limit N" gave no unit beside "N bytes".
    from audits.sources import inputs

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 1000)
    Path("big.txt").write_bytes(b"a " * 600)
    (item,) = read_all(["big.txt"])
    assert isinstance(item, InputFailure)
    assert item.reason == "file too large (1200 bytes; limit 1000 bytes)"


def test_gzip_damage_is_named_in_words_that_fit_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bytes after a complete stream were 'it does not start as gzip data does', which
    # it does; a checksum failure was 'cRC check failed 0x... != 0x...'.
    import gzip

    monkeypatch.chdir(tmp_path)
    whole = gzip.compress(b"The council approved the new budget. " * 200)
    Path("trail.txt.gz").write_bytes(whole + b"GARBAGE")
    crc = bytearray(whole)
    crc[-5] ^= 0xFF
    Path("crc.txt.gz").write_bytes(bytes(crc))
    length = bytearray(whole)
    length[-1] ^= 0xFF
    Path("len.txt.gz").write_bytes(bytes(length))
    method = bytearray(whole)
    method[2] = 7
    Path("method.txt.gz").write_bytes(bytes(method))
    Path("plain.txt.gz").write_bytes(b"hello")
    names = ["trail.txt.gz", "crc.txt.gz", "len.txt.gz", "method.txt.gz", "plain.txt.gz"]
    items = read_all(names)
    assert [(i.source, i.reason) for i in items if isinstance(i, InputFailure)] == [
        ("trail.txt.gz", "corrupt gzip file (data after the end of its gzip stream)"),
        ("crc.txt.gz", "corrupt gzip file (its checksum does not match what it holds: damaged?)"),
        ("len.txt.gz", "corrupt gzip file (incorrect length of data produced)"),
        ("method.txt.gz", "corrupt gzip file (unknown compression method)"),
        ("plain.txt.gz", "corrupt gzip file (it does not start as gzip data does)"),
    ]


_RSS_ONE = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour Times</title>"
    b"<item><title>Budget</title><link>https://example.org/a</link><description>"
    b"The council approved the new budget on Tuesday evening.</description></item>"
    b"</channel></rss>"
)


def test_a_walk_reads_gzipped_article_files_as_naming_them_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The walk skipped every .gz file, though named or globbed ones were read: a folder
    # of dumps kept compressed was 'directory holds no article files'. It keeps its own
    # rules for what a .gz holds: hidden, a list of URLs or XML that is no feed is left
    # out, as the file itself would be.
    import gzip

    text = "The council approved the new budget on Tuesday evening."
    monkeypatch.chdir(tmp_path)
    news = Path("news")
    (news / ".old").mkdir(parents=True)
    (news / "a.txt.gz").write_bytes(gzip.compress(text.encode()))
    (news / "b.JSONL.GZ").write_bytes(gzip.compress(json.dumps({"id": "b", "text": text}).encode()))
    (news / "p.html.gz").write_bytes(
        gzip.compress(f"<html><body><article><p>{text}</p></article></body></html>".encode())
    )
    (news / "world.xml.gz").write_bytes(gzip.compress(_RSS_ONE))
    (news / "pom.xml.gz").write_bytes(gzip.compress(b"<?xml version='1.0'?><project/>"))
    (news / "list.urls.gz").write_bytes(gzip.compress(b"https://example.org/a\n"))
    (news / ".draft.txt.gz").write_bytes(gzip.compress(text.encode()))
    (news / ".old" / "c.txt.gz").write_bytes(gzip.compress(text.encode()))
    (news / "notes.gz").write_bytes(gzip.compress(text.encode()))  # says no kind
    items = read_all(["news"])
    assert [i.source for i in items if isinstance(i, Document)] == [
        "news/a.txt.gz",
        "news/b.JSONL.GZ:1",
        "news/p.html.gz",
        "news/world.xml.gz#1",
    ]
    assert [i for i in items if isinstance(i, InputFailure)] == []
    assert is_walked_file(news / "a.txt.gz", news)
    assert not is_walked_file(news / "list.urls.gz", news)


def test_a_walk_reads_each_bad_gzip_file_as_one_error_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    monkeypatch.chdir(tmp_path)
    news = Path("news")
    news.mkdir()
    whole = gzip.compress(b"The council approved the new budget. " * 200)
    (news / "cut.txt.gz").write_bytes(whole[:40])
    (news / "empty.txt.gz").write_bytes(b"")
    (news / "nothing.txt.gz").write_bytes(gzip.compress(b""))
    (news / "bin.txt.gz").write_bytes(gzip.compress(bytes(range(256)) * 4))
    (news / "ok.txt").write_bytes(SEED.read_bytes())
    items = read_all(["news"])
    assert [(i.source, i.reason) for i in items if isinstance(i, InputFailure)] == [
        ("news/bin.txt.gz", "binary file (NUL bytes), not text"),
        (
            "news/cut.txt.gz",
            "corrupt gzip file (it ends before its compressed data does: cut short?)",
        ),
        ("news/empty.txt.gz", "empty input: no text to audit"),
        ("news/nothing.txt.gz", "empty input: no text to audit"),
    ]
    assert [i.source for i in items if isinstance(i, Document)] == ["news/ok.txt"]


def test_a_folder_of_no_article_files_names_the_gzipped_kinds_too(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n")
    (item,) = read_all([str(tmp_path)])
    assert isinstance(item, InputFailure)
    assert item.reason.startswith("directory holds no article files (.atom ")
    assert item.reason.endswith(".xml, or any of these ending .gz)")


def test_gzipped_stdin_is_read_as_what_it_holds() -> None:
    # `mtaudit audit - < feed.jsonl.gz` was 'binary file (NUL bytes), not text': stdin
    # has no name to say it is gzip, but its first bytes do.
    import gzip

    text = "The council approved the new budget on Tuesday evening."
    records = [json.dumps({"id": "s1", "text": text}), json.dumps({"id": "s2", "text": text})]
    items = read_all(["-"], stdin=gzip.compress("\n".join(records).encode()))
    assert [(i.source, i.id) for i in items if isinstance(i, Document)] == [
        ("stdin:1", "s1"),
        ("stdin:2", "s2"),
    ]
    (page,) = read_all(
        ["-"], stdin=gzip.compress((SAMPLES / "berlin-heating-law.html").read_bytes())
    )
    assert isinstance(page, Document) and "extracted_from" in page.meta


def test_gzipped_stdin_keeps_the_size_limit_and_says_when_it_is_damaged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gzip

    from audits.sources import inputs

    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 3 << 20)
    (bomb,) = read_all(["-"], stdin=gzip.compress(b"a " * (4 << 20)))
    assert isinstance(bomb, InputFailure)
    assert (bomb.source, bomb.reason) == (
        "stdin",
        f"too large once decompressed (limit {3 << 20} bytes)",
    )
    whole = gzip.compress(b"The council approved the new budget. " * 200)
    (cut,) = read_all(["-"], stdin=whole[:40])
    assert isinstance(cut, InputFailure)
    assert (cut.source, cut.reason) == (
        "stdin",
        "corrupt gzip file (it ends before its compressed data does: cut short?)",
    )


def test_a_link_that_loops_found_by_a_walk_or_glob_is_not_asked_to_be_named_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 'remove the link or name another file' for a file nobody named: the walk found it.
    monkeypatch.chdir(tmp_path)
    Path("news").mkdir()
    (tmp_path / "news" / "loop.txt").symlink_to("loop.txt")
    looped = (
        "it is a link that loops (its target loop.txt leads back through links, never to a file)"
    )
    for args in (["news"], ["news/*.txt"]):
        (item,) = read_all(args)
        assert isinstance(item, InputFailure)
        assert item.reason == f"{looped}; remove the link or point it at a file"
    (named,) = read_all(["news/loop.txt"])
    assert isinstance(named, InputFailure)
    assert named.reason == f"{looped}; remove the link or name another file"


def test_a_walk_leaves_out_the_compressed_copy_beside_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Static-site builds (nginx gzip_static) leave index.html.gz beside index.html: the
    # walk read both, one text as two documents, every finding counted twice.
    import gzip

    monkeypatch.chdir(tmp_path)
    site = Path("site")
    site.mkdir()
    page = (SAMPLES / "berlin-heating-law.html").read_bytes()
    (site / "index.html").write_bytes(page)
    (site / "index.html.gz").write_bytes(gzip.compress(page))
    text = "The council approved the new budget on Tuesday evening."
    (site / "a.txt.gz").write_bytes(gzip.compress(text.encode()))
    items = read_all(["site"])
    assert [i.source for i in items] == ["site/a.txt.gz", "site/index.html"]
    assert not is_walked_file(site / "index.html.gz", site)
    # Named or globbed, the copy is read as asked.
    assert [i.source for i in read_all(["site/index.html.gz"])] == ["site/index.html.gz"]
    assert [i.source for i in read_all(["site/*.gz"])] == ["site/a.txt.gz", "site/index.html.gz"]


def test_gzipped_stdin_by_a_path_or_a_pipe_is_read_as_what_it_holds(tmp_path: Path) -> None:
    # `-` was decompressed, but /dev/stdin < feed.jsonl.gz and <(cat feed.jsonl.gz)
    # were 'binary file (NUL bytes), not text': neither has a name that says gzip.
    import gzip
    import os
    import subprocess
    import sys

    text = "The council approved the new budget on Tuesday evening."
    records = [json.dumps({"id": "s1", "text": text}), json.dumps({"id": "s2", "text": text})]
    packed = gzip.compress("\n".join(records).encode())
    read, write = os.pipe()
    try:
        os.write(write, packed)
        os.close(write)
        items = read_all([f"/dev/fd/{read}"])
    finally:
        os.close(read)
    assert [(i.source, i.id) for i in items] == [
        (f"/dev/fd/{read}:1", "s1"),
        (f"/dev/fd/{read}:2", "s2"),
    ]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(packed)
    probe = (
        "from audits.sources.inputs import read_inputs\n"
        "for i in read_inputs(['/dev/stdin']):\n"
        "    print(i.source, getattr(i, 'reason', None) or i.id)\n"
    )
    with open(path, "rb") as stdin:
        run = subprocess.run(
            [sys.executable, "-c", probe], stdin=stdin, capture_output=True, text=True
        )
    assert run.stdout.splitlines() == ["/dev/stdin:1 s1", "/dev/stdin:2 s2"], run.stderr
    # A gzip file named without .gz is still read as what its name says.
    misnamed = tmp_path / "feed.jsonl"
    misnamed.write_bytes(packed)
    (item,) = read_all([str(misnamed)])
    assert isinstance(item, InputFailure)


def test_a_json_feed_with_sorted_keys_is_a_feed_walked_or_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # json.dumps(sort_keys=True) and jq -S put "version" after "items": past the first
    # 64 KiB the walk looked at it was no feed (the folder held 'no article files'),
    # and named it was read as one text of raw JSON.
    import gzip

    text = "The council approved the new budget on Tuesday evening after a long debate. " * 20
    items = [{"id": f"i{n}", "title": f"Budget {n}", "content_text": text} for n in range(60)]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour", "items": items}
    dumped = json.dumps(feed, sort_keys=True, indent=2).encode()
    assert len(dumped) > 65536 and dumped.index(b'"version"') > 65536
    monkeypatch.chdir(tmp_path)
    news = Path("news")
    news.mkdir()
    (news / "feed.json").write_bytes(dumped)
    (news / "old.json.gz").write_bytes(gzip.compress(dumped))
    # JSON that only holds such a version, or JSON Lines of feeds, is still no feed.
    (news / "list.json").write_bytes(json.dumps([feed]).encode())
    one_line = json.dumps(feed, sort_keys=True).encode()
    (news / "lines.json").write_bytes(one_line + b"\n" + one_line)
    walked = read_all(["news"])
    assert [i.source for i in walked] == [f"news/feed.json#{n}" for n in range(1, 61)] + [
        f"news/old.json.gz#{n}" for n in range(1, 61)
    ]
    assert is_walked_file(news / "feed.json", news)
    assert not is_walked_file(news / "list.json", news)
    named = read_all(["news/feed.json"])
    assert len(named) == 60 and all(isinstance(i, Document) for i in named)
    assert named[0].title == "Budget 0" and named[0].meta["feed_format"] == "json11"
