"""Legacy (not UTF-8) inputs with no declared charset: the code page detected for
news text in the languages and code pages they are usually saved in."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from audits import AuditConfig, audit_documents
from audits.document import Document
from audits.sources import legacy_charset, read_inputs
from audits.sources.decode import decode_bytes, decode_with_strays
from audits.sources.html import read_html
from audits.sources.text import read_text

_CZECH = (
    "Praha - Vláda ve středu schválila návrh zákona o státním rozpočtu na příští rok. "
    "Podle ministra financí počítá rozpočet se schodkem necelých tři sta miliard korun, "
    "což je méně než letos. Opozice kritizuje, že vláda nešetří dostatečně a že výdaje na "
    "provoz úřadů stále rostou. Ministr uvedl, že největší část peněz půjde na důchody, "
    "zdravotnictví a školství. Učitelé by měli dostat přidáno zhruba o pět procent. "
    "Hejtmani krajů žádají víc peněz na opravy silnic druhé a třetí třídy, které jsou "
    "podle nich v žalostném stavu. Sněmovna bude o návrhu jednat v prvním čtení koncem "
    "měsíce. Ekonomové upozorňují, že veřejný dluh se bude dál zvyšovat a že stát by měl "
    "začít řešit důchodovou reformu dříve, než bude pozdě."
)

_TURKISH = (
    "Ankara - Hükümet çarşamba günü gelecek yılın bütçe taslağını onayladı. Maliye bakanı, "
    "öğretmenlerin maaşlarının yüzde on artacağını söyledi. Muhalefet, işsizliğin hâlâ "
    "yüksek olduğunu ve gençlerin iş bulmakta zorlandığını belirtti. Meclis tasarıyı "
    "gelecek ay görüşecek."
)
_UKRAINIAN = (
    "Київ - Уряд у середу схвалив проєкт державного бюджету на наступний рік. Міністр "
    "фінансів заявив, що зарплати вчителів зростуть на десять відсотків. Опозиція "
    "розкритикувала те, що безробіття залишається високим, а молоді люди не можуть "
    "знайти роботу. Верховна Рада розгляне законопроєкт наступного місяця."
)


def _big_head() -> str:
    # A news site's head: a grid stylesheet and analytics and menu scripts inline.
    grid = "".join(
        f".col-{i} {{ width: {i % 100}%; float: left; padding: 0 {i % 7}px; }}\n"
        for i in range(300)
    )
    script = (
        "var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1234567-1']);\n"
        "function toggleMenu(id) { var el = document.getElementById(id);\n"
        "  el.style.display = el.style.display == 'none' ? 'block' : 'none'; }\n"
    ) * 40
    return (
        '<!DOCTYPE html>\n<html><head><meta name="viewport" content="width=device-width">\n'
        f"<title>Zprávy</title>\n<style>\n{grid}</style>\n<script>\n{script}</script>\n</head>\n"
    )


def test_a_legacy_page_is_detected_by_its_text_not_its_head() -> None:
    # Detected whole, the head's ASCII CSS and script outweighed the article: read as
    # cp1252, "Vláda ve støedu" ("Vláda ve středu").
    page = f"{_big_head()}<body><h1>Rozpočet</h1><p>{_CZECH}</p></body></html>\n"
    doc = read_html(page.encode("cp1250"), "page.html")
    assert doc.meta["encoding"] == "cp1250"
    assert _CZECH in doc.text


# A head of ASCII alone: 200 CSS rules and 30 lines of script, or a title.
_ASCII_HEAD = (
    "<!DOCTYPE html><html><head><style>"
    + "".join(f".c{i}{{margin:{i}px}}\n" for i in range(200))
    + "</style><script>var a=1;function f(x){return x*2;}\n" * 30
    + "</script></head>"
)
_SMALL_HEAD = "<html><head><title>News</title></head>"
_ENGLISH_NAMES = "Zoë Brontë met Björn at the café in São Paulo."
_ONE_LINERS = [
    ("Ação não é opção, disse o João.", "cp1252", _ASCII_HEAD),
    ("Napsali Š. Novák, Ž. Dvořák a Č. Procházka.", "iso8859_2", _ASCII_HEAD),
    ("Yazarlar: Ö. Yılmaz, Ş. Demir, Ç. Kaya ve Ü. Çelik.", "cp1254", _ASCII_HEAD),
    (_ENGLISH_NAMES, "mac_roman", _SMALL_HEAD),
    (_ENGLISH_NAMES, "mac_roman", _ASCII_HEAD),
    (_ENGLISH_NAMES, "cp850", _ASCII_HEAD),
]


@pytest.mark.parametrize(("line", "encoding", "head"), _ONE_LINERS)
def test_a_one_line_page_is_read_as_its_whole_bytes_where_they_tell(
    line: str, encoding: str, head: str
) -> None:
    # Its text alone is a few dozen bytes padded with blanks where the tags stood: that
    # verdict replaced the whole page's, and cp1252 Portuguese read as iso8859_10
    # ("Aįão"), iso8859_2 Czech as cp1250 ("©. Novák"), cp1254 Turkish as cp850,
    # mac_roman and cp850 English as cp1252 ("Zo‘ Bront‘", "caf‚").
    page = f"{head}<body><h1>News</h1><p>{line}</p></body></html>\n"
    doc = read_html(page.encode(encoding), "page.html")
    assert line in doc.text
    assert doc.meta["encoding"] == encoding


_CDATA_FEEDS = [
    ("Haberler bugün", _TURKISH, "iso8859_9"),
    ("Ankara Hükümet", _TURKISH, "cp1254"),
    ("Новини", _UKRAINIAN, "koi8_u"),
]


@pytest.mark.parametrize(("title", "body", "encoding"), _CDATA_FEEDS)
def test_a_feed_is_detected_on_its_cdata_text_too(title: str, body: str, encoding: str) -> None:
    # A WordPress <description> is CDATA; taken whole as one tag, it left the short
    # titles alone to detect the code page on: Turkish read as cp1252 ("çarþamba"),
    # Ukrainian KOI8-U as KOI8-R ("Ки╖в").
    items = "".join(
        f"<item><title>{title}</title><link>http://e.x/{i}</link>"
        f"<description><![CDATA[{body}]]></description></item>"
        for i in range(3)
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>'
        f"<link>http://e.x/</link><description>d</description>{items}</channel></rss>"
    )
    text, _, strays = decode_with_strays(feed.encode(encoding), "feed.xml", markup=True)
    assert body in text and title in text and strays == []


_ENGLISH = (
    "Lyon's council voted on Tuesday to make buses and trams free for residents under 25 "
    "from January, and for everyone the year after. The scheme will cost about €40m a "
    "year, paid for by a higher transport levy on employers. The mayor called it a "
    "historic decision; business groups said it was a false economy and warned that "
    "firms would pass the cost on. Users' associations welcomed the plan but asked for "
    "more buses in the evenings and at weekends.\n"
)
_QUOTE = "Selon l'opposition, la mesure « profitera surtout aux touristes »."


def test_a_french_line_keeps_its_guillemets() -> None:
    # A French line pasted from a cp1252 page into a UTF-8 article: charset_normalizer
    # fit iso8859_14 best, whose letters stand where cp1252 has the guillemets
    # ("ḋ profitera surtout aux touristes Ṡ"), and cp1252 was never weighed by words.
    data = _ENGLISH.encode() + _QUOTE.encode("cp1252") + b"\n" + _ENGLISH.encode()
    text, encoding, strays = decode_with_strays(data, "article.txt")
    assert encoding == "utf-8" and _QUOTE in text
    assert {stray.encoding for stray in strays} == {"cp1252"}


def test_a_short_legacy_text_keeps_its_guillemets() -> None:
    # The same line alone, in cp1252 or latin-1 (alike for it).
    for encoding in ("cp1252", "latin-1"):
        assert decode_bytes(_QUOTE.encode(encoding), "quote.txt") == (_QUOTE, "cp1252")


def test_a_guillemet_set_off_by_no_break_spaces_is_weighed_as_a_word() -> None:
    # French typesets « » with no-break spaces. Split at ASCII white space alone, each
    # guillemet was glued to its word ("«\xa0profitera"), no word, so iso8859_14's
    # letter for it ("ḋ") went unweighed and that reading won.
    quote = _QUOTE.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    for encoding in ("cp1252", "latin-1"):
        assert decode_bytes(quote.encode(encoding), "quote.txt") == (quote, "cp1252")


def test_a_short_german_text_is_read_as_cp1252() -> None:
    # Fit best by DOS Baltic cp775 and named cp850 (the same reading), "k³nftig":
    # cp1252, as clean, was never weighed by its words.
    text = (
        "Berlin - Die Bundesregierung hat am Mittwoch einen Gesetzentwurf zur Reform der "
        "Grundsteuer beschlossen. Nach Angaben des Finanzministeriums sollen die Kommunen "
        "künftig mehr Spielraum erhalten.\n"
    )
    assert decode_bytes(text.encode("cp1252"), "news.txt") == (text, "cp1252")


def test_a_shift_jis_record_among_utf8_ones_reads_as_japanese(tmp_path: Path) -> None:
    # The one line not UTF-8 tied on chaos in cp932 and cp1252 (its JSON keys'
    # ASCII diluting cp1252's odd characters) and the web's preference took
    # cp1252: "ƒgƒˆƒ^Ž©“®ŽÔ".
    english = [
        "Toyota's chief executive said on Monday that the café-style showrooms opened "
        "last year had drawn younger buyers, and that the company would add forty more.",
        "Sales of hybrid cars rose by a fifth in the first half, led by Europe, where "
        "the naïve hope of a quick switch to electric cars has faded.",
        "Analysts expect the yen's weakness to lift profits again this quarter, though "
        "costs for steel and chips remain high — a risk the company named in its report.",
    ]
    japanese = "トヨタ自動車"
    lines = [
        json.dumps({"id": str(i), "text": t}, ensure_ascii=False) for i, t in enumerate(english)
    ]
    record = json.dumps({"id": "3", "text": japanese}, ensure_ascii=False)
    path = tmp_path / "news.jsonl"
    path.write_bytes(
        b"\n".join([*(line.encode() for line in lines), record.encode("shift_jis")]) + b"\n"
    )
    docs = list(read_inputs([str(path)]))  # type: ignore[arg-type]
    assert [doc.text for doc in docs if isinstance(doc, Document)] == [*english, japanese]


_GERMAN = (
    "Berlin - Die Bundesregierung hat am Mittwoch einen Gesetzentwurf zur Reform der "
    "Grundsteuer beschlossen. Kritiker befürchten jedoch, dass Mieter in großen Städten "
    "deutlich mehr zahlen müssen. Der Städtetag begrüßte den Entwurf grundsätzlich.\n"
)
_YO = "Всё хорошо, ещё приду."
_RUSSIAN = (
    "Москва - Правительство в среду одобрило проект федерального бюджета на следующий "
    "год. Государственная дума рассмотрит законопроект в первом чтении в конце месяца.\n"
)


def test_koi8_r_is_tried_only_on_bytes_it_could_be() -> None:
    # Tried on every legacy text, KOI8-R's reading of German or Spanish cp1252
    # ("befЭrchten", "grundsДtzlich") was clean enough to be kept and weighed by its
    # words, a language detection and a look-up per word for nothing.
    assert legacy_charset._passed_over(_GERMAN.encode("cp1252"), {}) == {}
    assert legacy_charset._passed_over(_RUSSIAN.encode("cp1251"), {}) == {}
    assert legacy_charset._passed_over(_RUSSIAN.encode("koi8_r"), {}) == {"koi8_r": _RUSSIAN}
    assert decode_bytes(_RUSSIAN.encode("koi8_r"), "news.txt") == (_RUSSIAN, "koi8_r")
    assert decode_bytes(_GERMAN.encode("cp1252"), "news.txt") == (_GERMAN, "cp1252")
    # ё and Ё are 0xA3 and 0xB3 in KOI8-R, below its other letters: a short line with
    # them was passed over and read as shift_jis_2004 ("縧｣ ﾈﾏﾒﾏﾛﾏ").
    assert decode_bytes(_YO.encode("koi8_r"), "news.txt") == (_YO, "koi8_r")


_SHOUTED = (
    "ГОСУДАРСТВЕННАЯ ДУМА РАССМОТРИТ ЗАКОНОПРОЕКТ В ПЕРВОМ ЧТЕНИИ В КОНЦЕ МЕСЯЦА. "
    "ДЕПУТАТЫ ОППОЗИЦИИ ЗАЯВИЛИ, ЧТО БУДУТ ГОЛОСОВАТЬ ПРОТИВ, ПОТОМУ ЧТО РАСХОДЫ НА "
    "ОБРАЗОВАНИЕ И ЗДРАВООХРАНЕНИЕ СНОВА СОКРАЩАЮТСЯ.\n"
)
_SHOUTED_YO = "ВСЁ ХОРОШО, ЕЩЁ ПРИДУ."


@pytest.mark.parametrize("text", [_SHOUTED, _SHOUTED_YO])
def test_russian_in_capitals_is_read_as_koi8_r(text: str) -> None:
    # KOI8-R's capitals stand where cp1251 has its small letters: a shouted paragraph
    # was read as Greek cp1253 ("ηοσυδαςστχεξξαρ δυνα"), a shouted line as cp1251
    # ("чуі иптпып, еэі ртйдх."), and a text in capitals is named Bulgarian or
    # Ukrainian by langdetect, whose word lists then knew none of its words.
    assert decode_bytes(text.encode("koi8_r"), "news.txt") == (text, "koi8_r")


@pytest.mark.parametrize("text", [_SHOUTED, _SHOUTED_YO, _RUSSIAN, _YO])
def test_russian_in_cp1251_stays_cp1251_in_capitals_too(text: str) -> None:
    assert decode_bytes(text.encode("cp1251"), "news.txt") == (text, "cp1251")


_POLISH = (
    "Warszawa - Rząd przyjął w środę projekt ustawy budżetowej na przyszły rok. Według "
    "ministra finansów deficyt wyniesie niespełna sto miliardów złotych, czyli mniej niż "
    "w tym roku. Opozycja krytykuje, że rząd nie oszczędza wystarczająco, a wydatki na "
    "administrację wciąż rosną. Minister powiedział, że największa część pieniędzy trafi "
    "na emerytury, służbę zdrowia i szkolnictwo. Nauczyciele mają dostać podwyżkę o mniej "
    "więcej pięć procent. Marszałkowie województw domagają się więcej pieniędzy na remonty "
    "dróg, które ich zdaniem są w fatalnym stanie. Sejm zajmie się projektem w pierwszym "
    "czytaniu pod koniec miesiąca. Ekonomiści ostrzegają, że dług publiczny będzie dalej "
    "rósł i że państwo powinno zacząć reformę emerytalną, zanim będzie za późno.\n"
)

_CZECH_SHORT = (
    "Praha - Vláda ve středu schválila návrh zákona o státním rozpočtu na příští rok. "
    "Učitelé by měli dostat přidáno zhruba o pět procent. Daň z příjmu se nemění.\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (_POLISH * 4, "iso8859_2"),
        (_POLISH * 4, "cp1250"),
        (_CZECH_SHORT, "iso8859_2"),
        ("Daň z příjmů\n", "cp1250"),
    ],
)
def test_a_central_european_text_is_read_in_its_own_code_page(text: str, encoding: str) -> None:
    # Past about 2,500 bytes charset_normalizer samples chunks, cp1250 failed on them
    # (iso8859_2's "ą" and "ś" are its "±" and "¶"), and iso8859_2 was skipped as "too
    # similar" to it: Polish was read as iso8859_14 ("Rzḟd przyjḟġ w ¶rodê"). A short
    # Czech text's matches lacked iso8859_2 too, and it was read as cp1250 ("příątí").
    assert decode_bytes(text.encode(encoding), "news.txt") == (text, encoding)


_ICELANDIC = (
    "Reykjavík - Ríkisstjórnin samþykkti á miðvikudag fjárlagafrumvarp næsta árs. "
    "Fjármálaráðherra sagði að laun kennara myndu hækka um tíu prósent.\n"
)
_NORWEGIAN = (
    "Oslo - Regjeringen la onsdag fram forslaget til statsbudsjett for neste år. "
    "Finansministeren sa at lærernes lønn skal øke med ti prosent, og at økonomien går "
    "bra på Sørlandet.\n"
)
_LITHUANIAN = (
    "Vilnius - Vyriausybė trečiadienį pritarė kitų metų biudžeto projektui. Finansų "
    "ministrė sakė, kad mokytojų atlyginimai didės dešimt procentų.\n"
)
_LATVIAN = (
    "Rīga - Valdība trešdien apstiprināja nākamā gada budžeta projektu. Finanšu ministrs "
    "sacīja, ka skolotāju algas pieaugs par desmit procentiem.\n"
)
_NORDIC = [
    (_ICELANDIC, "iso8859_10"),
    (_NORWEGIAN, "iso8859_10"),
    (_NORWEGIAN, "iso8859_4"),
    (_LITHUANIAN, "iso8859_4"),
    (_LATVIAN, "iso8859_4"),
]


@pytest.mark.parametrize(("text", "encoding"), _NORDIC)
@pytest.mark.parametrize("times", [1, 20])
def test_nordic_and_baltic_texts_keep_their_reading(text: str, encoding: str, times: int) -> None:
    # Weighed beside them, the Central European pages must not win. A reading alike in
    # cp1252 (Icelandic and Norwegian) is named cp1252, the more common page.
    data = (text * times).encode(encoding)
    read, named = decode_bytes(data, "news.txt")
    assert read == text * times and data.decode(named) == read


def _cp1258(text: str) -> bytes:
    """``text`` in cp1258 as Windows writes it: a letter cp1258 has whole (â, ơ, đ,
    á) as its byte, a tone it lacks whole as the base letter's byte and the tone's
    combining mark (Python's codec maps characters one by one and refuses "ủ")."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        letter = base + "".join(m for m in marks if m in _VIETNAMESE_SHAPES)
        tones = "".join(m for m in marks if m not in _VIETNAMESE_SHAPES)
        out.append(unicodedata.normalize("NFC", letter).encode("cp1258") + tones.encode("cp1258"))
    return b"".join(out)


# Circumflex, breve and horn: Vietnamese letters of their own (â, ă, ơ), not tones.
_VIETNAMESE_SHAPES = "\u0302\u0306\u031b"
_VIETNAMESE_HEADLINES = [
    "Tin tức",
    "Thời sự",
    "Bóng đá: Việt Nam thắng Thái Lan 2-1",
    "Xuất khẩu gạo đạt kỷ lục",
    "Giá xăng dầu tăng mạnh trong tuần này",
]


@pytest.mark.parametrize("headline", _VIETNAMESE_HEADLINES)
def test_a_vietnamese_headline_is_read_as_cp1258(headline: str) -> None:
    # cp1258 writes most tones as combining marks after the letter: a headline's few
    # bytes fit other code pages as well, and "Tin tức" was read as Korean cp949
    # ("Tin t喜c"), "Thời sự" as Urdu cp1006, "Bóng đá: Việt Nam" as cp1250 ("Vięňt"),
    # and a page holding "Xuất khẩu gạo" as cp1252.
    data = _cp1258(headline)
    text, encoding = decode_bytes(data, "news.txt")
    assert (text, encoding) == (data.decode("cp1258"), "cp1258")
    assert unicodedata.normalize("NFC", text) == headline
    page = f"{_SMALL_HEAD}<body><h1>".encode() + data + b"</h1></body></html>\n"
    doc = read_html(page, "page.html")
    assert doc.meta["encoding"] == "cp1258" and data.decode("cp1258") in doc.text


_NOT_VIETNAMESE = [
    ("Non si può fare, però così va.", "cp1252"),
    ("Ação não é opção, disse o João.", "cp1252"),
    ("Il a dit « ça va » à Zoë.", "cp1252"),
    ("Daň z příjmu se nemění.", "cp1250"),
]


@pytest.mark.parametrize(("line", "encoding"), _NOT_VIETNAMESE)
def test_a_short_western_line_is_not_read_as_cp1258(line: str, encoding: str) -> None:
    # cp1258's tone marks are cp1252's "ì" and "ò", cp1250's "ě" and "ň": after a vowel
    # ("può", "daň") they read as a Vietnamese tone ("pụ", "dạ"), which the words weigh.
    assert decode_bytes(line.encode(encoding), "news.txt") == (line, encoding)


_UKRAINIAN_LINES = [
    "Київ - Уряд схвалив проєкт бюджету.",
    "Новини України: ґрунт, їжа, є, і.",
    "Привіт, як справи? Все добре, дякую. Їдемо додому.",
]


@pytest.mark.parametrize("line", _UKRAINIAN_LINES)
def test_a_short_ukrainian_line_is_read_as_koi8_u(line: str) -> None:
    # KOI8-U's і, ї, є and ґ are box drawing in KOI8-R: a line holding them fell
    # under KOI8-R's nine letters in ten, neither page was tried, and it was read as
    # shift_jis_2004 ("毖ｧﾗ" for "Київ"), or as KOI8-R where few ("Прив╕т").
    text = line + "\n"
    assert decode_bytes(text.encode("koi8_u"), "news.txt") == (text, "koi8_u")


def test_koi8_u_is_tried_only_where_its_own_letters_are() -> None:
    # Without і, ї, є or ґ, KOI8-U reads every byte as KOI8-R does: a second pass
    # and weighing for nothing.
    assert legacy_charset._passed_over(_RUSSIAN.encode("koi8_r"), {}) == {"koi8_r": _RUSSIAN}
    ukrainian = _UKRAINIAN_LINES[0]
    assert "koi8_u" in legacy_charset._passed_over(ukrainian.encode("koi8_u"), {})


@pytest.mark.parametrize("line", ["Lui può venire domani.", "Perché no? Lui può."])
def test_a_lone_quote_mark_a_code_page_reads_for_a_letter_is_no_quote(line: str) -> None:
    # cp775 reads cp1252's "ò" as "“": taken off "pu“" as a closing quote, it left
    # "pu", a word in the Romanian langdetect named the line, and cp775 won. A quote
    # mark with no partner in the text is not taken off a word.
    assert decode_bytes(line.encode("cp1252"), "news.txt") == (line, "cp1252")
    assert legacy_charset._word_score("Lui pu“ venire domani.", "ro")[1] == 2
    assert legacy_charset._word_score("Er sagte „pu“ und ging.", "de")[1] >= 4


_SHORT_ENGLISH = [
    "Café prices rose 5% in £ terms.\n",
    "The café charged £4 for tea.",
    "He paid £5 for a naïve painting.",
    "He paid £5.",
    "It’s the “best” café in town.\n",
]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(text, "mac_roman") for text in _SHORT_ENGLISH]
    + [(text, "cp850") for text in _SHORT_ENGLISH if "“" not in text],  # no curly quotes
)
def test_short_english_in_a_mac_or_dos_code_page_keeps_its_accents(
    text: str, encoding: str
) -> None:
    # Weighed by their English words, cp1252 was, the Mac's and DOS's code pages of
    # English were not: charset_normalizer names a group that reads alike by one of
    # them, and Mac Roman was read as mac_greek ("in Θ terms") or cp1252 ("cafŽ"),
    # cp850 as cp1252 ("He paid œ5"). Where cp1252 reads the bytes alike (Mac Roman's
    # "£" is its byte), the page is named cp1252, the more common.
    data = text.encode(encoding)
    read, named = decode_bytes(data, "news.txt")
    assert read == text and data.decode(named) == read


_SAMI = (
    "Sámediggi lea Norgga sámiid álbmotválljen orgána. Ođđa čállit šaddet guoŋŋa ja "
    "ožžo ášši buoremus vuoŧŧa.\n"
)


def test_a_reading_that_breaks_words_loses_to_one_that_does_not() -> None:
    # Northern Sami in iso8859_10 tied on chaos in a dozen code pages, and
    # charset_normalizer's letter frequencies, which know no Sami (nor do langdetect
    # and wordfreq), chose iso8859_16: "oŒŒo" for "ožžo", "vuo»»a" for "vuoŧŧa".
    assert decode_bytes(_SAMI.encode("iso8859_10"), "news.txt") == (_SAMI, "iso8859_10")
    assert legacy_charset._broken_words("Očča oŒŒo vuo»»a O¹¹a l’État «ok» Čálli") == 3


def test_a_cp1258_text_is_audited_composed_and_reported_as_read() -> None:
    # cp1258 writes a tone as a combining mark after its letter: the rules read the
    # text's NFC view (audits.composed), where "Schọlz" is one word of letters, and
    # the finding points at the characters of the text as read, its mark included.
    line = (
        "Chancellor Olaf Schölz met Thomas Müller in Hà Nội on Monday. Later, Olaf "
        "Schọlz said the talks would go on. Officials from the ministry were there.\n"
    )
    doc = read_text(_cp1258(line), "news.txt")
    assert doc.meta["encoding"] == "cp1258" and doc.text == _cp1258(line).decode("cp1258")
    [found] = audit_documents([doc], AuditConfig(lm=False)).documents[0].findings
    assert found.code == "N301" and found.text == doc.text[found.start : found.end]
    assert unicodedata.normalize("NFC", found.text) == "Olaf Schọlz" != found.text


@pytest.mark.parametrize(
    "line",
    [
        "It´s a nice day, don´t you think?\n",
        "5 m² Wohnfläche für 30 €, sagt Jürgen. Das ½ Haus.\n",
        "Le prix est de 30 € le m², dit-il. C’est cher.\n",
    ],
)
def test_a_symbol_the_text_means_breaks_no_word(line: str) -> None:
    # "´" for an apostrophe and "²" after a unit are the writer's: counted as words
    # broken by a code page, the "m²" and "don´t" of cp1252 lost to cp1250's "m˛",
    # cp874's "mฒ" and iso8859_10's "donīt", which break none.
    assert decode_bytes(line.encode("cp1252"), "news.txt") == (line, "cp1252")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Der m²-Preis liegt bei 12 € in München.\n", "cp1252"),
        (
            "Der m²-Preis liegt bei 12 € in München. "
            + "Die Wohnungen in der Stadt sind in den letzten Jahren deutlich teurer geworden. " * 3
            + "\n",
            "cp1252",
        ),
        (
            "Der m²-Preis liegt bei 12 € in München. "
            + "Die Wohnungen in der Stadt sind in den letzten Jahren deutlich teurer geworden. " * 8
            + "\n",
            "cp1252",
        ),
        ("Die Lego®-Steine kosten 30 € bei Müller.\n", "cp1252"),
        ("Le prix au m²–net est de 30 €, dit-il.\n", "cp1252"),
        ("Precio por m²-año: 30 €, según él.\n", "cp1252"),
        ("O preço por m²/mês é 30 €, disse ele.\n", "cp1252"),
        ("Il prezzo al m²/anno è 30 €, già.\n", "cp1252"),
        ("Die „Nein“-Kampagne gewann knapp, sagte Müller.\n", "cp1252"),
        ("Цена «за»-год — 500 руб, сказал он.\n", "cp1251"),
    ],
)
def test_a_symbol_joined_to_a_word_by_a_hyphen_or_slash_breaks_no_word(
    text: str, encoding: str
) -> None:
    # Trimmed to its first and last letter, "m²-Preis" held "²" between letters and
    # cp1252's right reading counted as breaking a word: cp1250's "m˛-Preis", Mac
    # Central European's "Legoģ-Steine" and Thai cp874's reading of "«за»-год", which
    # break none, won. Only a symbol with letters directly on both sides breaks one.
    assert decode_bytes(text.encode(encoding), "news.txt") == (text, encoding)


def test_only_a_symbol_between_letters_breaks_a_word() -> None:
    count = legacy_charset._broken_words
    assert count("m²-Preis m²/mês Lego®-Steine „Nein“-Kampagne «за»-год m²–net") == 0
    assert count("vuo»»a O¹¹a") == 2


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("El precio de Lego®Duplo es de 30 €, según él.\n", "cp1252"),
        ("Цена «за»год — 500 руб, сказал он.\n", "cp1251"),
    ],
)
def test_a_reading_that_breaks_a_word_is_still_weighed_by_its_words(
    text: str, encoding: str
) -> None:
    # A writer's symbol between letters breaks a word as a code page's does. The
    # readings that break none took over and the one that broke it was dropped
    # from the word weighing: Mac Central European's "LegoģDuplo ... 30 Ä" and
    # Thai cp874 won unweighed.
    assert decode_bytes(text.encode(encoding), "news.txt") == (text, encoding)


def test_a_trademark_sign_between_two_names_breaks_no_word() -> None:
    # Counted as a broken word, "Lego®Duplo" handed DOS German to cp852, whose "ę"
    # for the sign broke none: "LegoęDuplo" (main read it right before the
    # broken-word rule). A code page's letter read as the sign stays a break. (A
    # short cp1252 "Das Galaxy™Tab kostet 300 Euro." needs more: see
    # test_a_short_reading_that_breaks_no_word_may_be_a_little_less_clean.)
    count = legacy_charset._broken_words
    assert count("Lego®Duplo Windows®XP Galaxy™Tab") == 0
    assert count("zwi®kszy GR™SSE a®b") == 3
    line = "Die Lego®Duplo-Steine kosten 30 EUR bei Müller.\n"  # cp850 has no €
    assert decode_bytes(line.encode("cp850"), "news.txt") == (line, "cp850")


def test_a_modifier_symbol_between_letters_breaks_a_word_but_the_acute_accent() -> None:
    # "¸" for "ü" (mac_iceland's "M¸ller") and "˛" for "²" (cp1250's "X˛Pro") are a
    # code page's, and exempt as modifier symbols they broke no word, so such a
    # reading won where cp1252's "X²Pro" broke one; "´" alone stands for an
    # apostrophe.
    count = legacy_charset._broken_words
    assert count("M¸ller a˛b m¨u") == 3
    assert count("don´t It´s") == 0
    line = "Das Gerät heißt X²Pro und kostet 30 € bei Müller.\n"
    assert decode_bytes(line.encode("cp1252"), "news.txt") == (line, "cp1252")


def test_a_long_legacy_text_weighs_a_bounded_sample_of_english_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Mac Roman's and cp850's readings of a long Western text differ from the best
    # guess's in every accented word, and each was looked up in English: 1 MB of
    # French in cp1252 made some 260,000 look-ups and took 4-6 times main's time.
    looked_up = []

    def zipf_en(word: str) -> float:
        looked_up.append(word)
        return real(word)

    real = legacy_charset.zipf_en
    monkeypatch.setattr(legacy_charset, "zipf_en", zipf_en)
    line = (
        "Le gouvernement a présenté mercredi son projet de loi de finances. « Nous "
        "devons réduire le déficit », a déclaré le ministre ; 15 € le m². C’est l’été.\n"
    )
    text = line * (1_000_000 // len(line))
    assert decode_bytes(text.encode("cp1252"), "news.txt") == (text, "cp1252")
    # Two pages, a few hundred words where each differs, both readings of each.
    assert 0 < len(looked_up) <= 2_400


def test_a_reading_that_breaks_more_words_must_gain_more_by_its_words() -> None:
    # Weighed again beside the reading that breaks no word, cp1252's reading of DOS
    # French ("O— est lh“tel") won on the Catalan "o" its dash left, langdetect
    # having named the line Catalan: each word it breaks beyond the other's costs it
    # a margin more.
    line = "« Ça va ? » demanda-t-il. Où est lhôtel ?\n"
    assert decode_bytes(line.encode("cp850"), "news.txt") == (line, "cp850")


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [
        ("Он ответил «да»и ушёл.\n", "cp1251", "cp1251"),
        ("Он сказал «нет»и ушёл.\n", "cp1251", "cp1251"),
        ("Dijo «no»y se fue, según él.\n", "cp1252", "cp1252"),
        # cp850 has no ’: the line as a DOS editor would save it.
        ("Il a dit «non»et il est parti, à lété.\n", "cp850", "cp850"),
        ("Er sagte »Nein«und ging, so Jürgen.\n", "cp1252", "cp1252"),
        # cp1250 reads these bytes as cp1252 does, and is named by it.
        ("Er sagte »Nein«und ging, so Jürgen.\n", "cp1250", "cp1252"),
    ],
)
def test_a_quote_closed_before_the_next_word_breaks_no_word(
    text: str, encoding: str, named: str
) -> None:
    # A space left out after a closing quote ("«да»и") held the quote between
    # letters, so the right reading broke a word and one that broke none won: Thai
    # cp874 for the Russian, iso8859_2's "Ťnoťy", cp1253's "®non―et",
    # iso8859_14's "ṠNeinḋund".
    assert decode_bytes(text.encode(encoding), "news.txt") == (text, named)


def test_a_quote_breaks_no_word_only_where_its_partner_opens_the_word() -> None:
    count = legacy_charset._broken_words
    assert count("«да»и »Nein«und „Ja“und «no»y") == 0
    assert count("vuo»»a da»i a«b»c") == 3


def test_a_broken_word_hands_the_text_to_no_reading_in_another_script() -> None:
    pick = "Он ответил «да»и ушёл."
    thai = pick.encode("cp1251").decode("cp874")
    assert not legacy_charset._same_script(pick, thai)
    assert legacy_charset._same_script("Očča oŒŒo vuo»»a", "Očča ožžo vuoŧŧa")


def test_a_modifier_letter_is_of_no_script_a_reading_must_match() -> None:
    # cp1252 reads cp852's "ł" as "ˆ", a modifier letter: taken for a script of its
    # own, it kept cp852's Latin "Spółka" from taking over cp1252's "Sp¢ˆka".
    line = "Spółka Orlen zwiększyła zysk o 12 %, poinformowała w środę.\n"
    assert decode_bytes(line.encode("cp852"), "news.txt") == (line, "cp852")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("It´s a nice day.\n", "cp1252"),
        ("It´s raining again today.\n", "cp1252"),
        ("Let x = a²b.\n", "cp1252"),
        ("O menino comeu pão na praia com a mãe.\n", "cp850"),
    ],
)
def test_a_latin_text_is_not_read_as_lone_cjk_characters(text: str, encoding: str) -> None:
    # A double-byte page pairs each accented byte with the ASCII letter after it
    # into one character, alone among ASCII: gb18030 "It磗" for "It´s", "a瞓" for
    # "a²b", "p苚" for cp850's "pão". Taken for CJK text, such a
    # reading went before the web's single-byte preference.
    assert decode_bytes(text.encode(encoding), "news.txt") == (text, encoding)


def test_lone_cjk_characters_are_no_cjk_text_but_runs_of_them_are() -> None:
    lone = legacy_charset._lone_wide_characters
    assert lone("It磗 a nice day. p苚 m芿")
    assert not lone("トヨタ自動車 is Toyota.")
    assert not lone("Toyota (トヨタ) and 東京")
    # A name or surname of one character stands between spaces or before a comma;
    # a double-byte page's pairing sits inside a word, after an ASCII letter.
    assert not lone("Mr 王 and Ms 李 met in Beijing.")
    assert not lone("Her surname is 김, his is 이.")
    assert not lone("Tickets cost 500円 each.")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Mr 王 and Ms 李 met in Beijing.\n", "gb18030"),
        ("Mr 王 and Ms 李 met in Beijing.\n", "big5"),
        ("Her surname is 김, his is 이.\n", "euc_kr"),
        ("Her surname is 김, his is 이.\n", "cp949"),
        (
            "Korean surnames such as 김, 이 and 박 cover almost half of the population,"
            " the report said on Tuesday.\n",
            "euc_kr",
        ),
    ],
)
def test_a_name_of_one_cjk_character_stays_cjk(text: str, encoding: str) -> None:
    # Taken for a double-byte page's pairing of accented bytes, Chinese names and
    # Korean surnames of one character were read as Mac Roman ("Mr Õı", "±Ë, ¿Ã")
    # or cp1252 ("Mr ¤ý"). cp949 and euc_kr read Korean alike; cp949 is named.
    assert decode_bytes(text.encode(encoding), "news.txt")[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "The area is a²b plus 5 m² of garden.\n",
        "Die Fläche beträgt 5 m² und a²b.\n",
    ],
)
def test_a_superscript_after_a_letter_breaks_no_word(text: str) -> None:
    # "a²b" is an exponent, as "m²" is: counted as a broken word, cp1252's right
    # reading lost to iso8859_10's "aēb" (and to cp932's "aｲb"), which break none.
    assert decode_bytes(text.encode("cp1252"), "news.txt") == (text, "cp1252")
    count = legacy_charset._broken_words
    assert count("a²b X²Pro m³h") == 0
    assert count("O¹¹a") == 1


def test_a_superscript_read_for_a_central_european_letter_breaks_a_word() -> None:
    # cp1252 and cp850 read ą, ł, š, ű and ř of Central European pages as ¹, ³, ²:
    # exempt as exponents, cp850's "A t¹z ünnepén" for cp852 Hungarian broke no word.
    # An exponent is ² or ³ between ASCII letters, after one letter or before a
    # capital ("a²b", "X²Pro").
    count = legacy_charset._broken_words
    assert count("t¹z Rz¹d sz¹kebb zá²ka mo²e") == 5
    assert count("a²b X²Pro m³h") == 0


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("The Galaxy™Tab costs 300 dollars.\n", "cp1252"),
        ("Das Galaxy™Tab kostet 300 Euro.\n", "cp1252"),
        ("Perché è così? Più tardi.\n", "mac_roman"),
    ],
)
def test_a_short_reading_that_breaks_no_word_may_be_a_little_less_clean(
    text: str, encoding: str
) -> None:
    # One symbol or accent in a short line weighs a lot in charset_normalizer's
    # chaos (0.12 for "™" in 33 characters), and the readings that broke a word
    # won: cp850's "GalaxyÖTab", cp1250's "PerchŽ Ź cos“? Piť".
    assert decode_bytes(text.encode(encoding), "news.txt") == (text, encoding)


@pytest.mark.parametrize(
    ("line", "pad", "encoding"),
    [
        ("Das Galaxy™Tab kostet 300 Euro.", "\n" * 60, "cp1252"),
        ("Perché è così? Più tardi.", "\n" * 60, "mac_roman"),
        ("O café é bom, disse ele.", "\n" * 60, "cp850"),
        ("O café é bom, disse ele.", "-" * 60, "cp850"),
    ],
    ids=["cp1252-newlines", "mac_roman-newlines", "cp850-newlines", "cp850-dashes"],
)
def test_a_short_line_padded_with_blanks_is_still_short(line: str, pad: str, encoding: str) -> None:
    # Blank lines and a rule of dashes leave the chaos of the odd character where
    # it was (0.12 for "™" at 31 characters and at 150); measured on all characters,
    # a text of over 80 went to cp869, cp1250, koi8_r, mac_greek.
    text = line + pad + "\n"
    assert decode_bytes(text.encode(encoding), "news.txt") == (text, encoding)


@pytest.mark.parametrize("text", ["I paid £ 20.\n", "The price is £ for now.\n"])
def test_a_currency_sign_alone_is_english(text: str) -> None:
    # Other pages read cp1252's "£" as a lone letter ("È" in hp_roman8, "μ" in
    # cp737), no English word; the sign is one as much as "£20" is.
    assert decode_bytes(text.encode("cp1252"), "news.txt") == (text, "cp1252")


@pytest.mark.parametrize(
    "text",
    [
        "O café é bom, disse ele.\n",
        "Le gouvernement a présenté mercredi son projet de loi de finances.\n",
        "Het café is één keer open.\n",
    ],
)
def test_a_low_quote_after_a_letter_breaks_a_word(text: str) -> None:
    # cp1252 reads DOS cp850's "é" as "‚", a low quote that only opens a quote:
    # "caf‚ ‚ bom" and "pr‚sent‚" broke no word and cp1252 won on chaos, charset-
    # normalizer measuring the right reading 0.12 more chaotic.
    assert decode_bytes(text.encode("cp850"), "news.txt") == (text, "cp850")
    count = legacy_charset._broken_words
    assert count("caf‚ pr‚sent‚ ueber„") == 3
    assert count("„Nein“ ‚ja‘ sagte er") == 0


def test_a_low_quote_whose_partner_closes_in_its_word_breaks_none() -> None:
    # A space left out before a quote ("sagte„Nein“") is no cp850 "é": counted as a
    # break, cp850's "sagteäNeinô" took the German line from cp1252.
    text = "Er sagte„Nein“ und ging.\n"
    assert decode_bytes(text.encode("cp1252"), "news.txt") == (text, "cp1252")
    count = legacy_charset._broken_words
    assert count("sagte„Nein“ nazwą„Orlen” sagte‚ja‘") == 0
    assert count("caf‚ pr‚sent‚ sagte‚Nein“") == 3  # ‚ is closed by ‘ alone
