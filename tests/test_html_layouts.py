"""Article extraction from page layouts of the real web: old table layouts, captions
and photo credits, Blogger and AMP pages.

The pages are small and hand-written after the markup those sites produce; each
test names the fault it guards against.
"""

from __future__ import annotations

import html
import json

import pytest

from audits import AuditConfig, audit_document
from audits.document import Document
from audits.errors import InputError
from audits.segment import segment
from audits.sources.captions import is_credit_line
from audits.sources.feed import read_feed
from audits.sources.html import RefreshOnly, document_from_html
from tests.feed_fixtures import rss_entry

HARBOUR = [
    "The harbour council voted on Tuesday to approve a new ferry terminal on the north "
    "quay, ending three years of debate over the future of the waterfront.",
    "Councillors said the terminal would bring more visitors to the town and create about "
    "forty jobs once it opens in the spring of 2026.",
    "Opponents warned that the extra traffic would clog the narrow streets of the old town "
    "and asked the council to publish its traffic study in full.",
]
HARBOUR_HEADLINE = "Harbour council approves new ferry terminal"


def _paragraphs(doc: Document) -> list[str]:
    return doc.text.split("\n\n")


def _table_layout(article_cell: str) -> str:
    """A page laid out the way old CMSs did it: one <table> for the whole page, the
    menu in the left cell, the article in the middle, ads and a poll on the right."""
    return (
        f"<html><head><title>{HARBOUR_HEADLINE} - Coastal Gazette</title></head><body>"
        '<table width="100%" border="0" cellpadding="0" cellspacing="0">'
        '<tr><td colspan="3"><img src="logo.gif" alt="Coastal Gazette"></td></tr><tr>'
        '<td width="160" valign="top" class="leftnav">'
        '<a href="/">Home</a><br><a href="/news">Local News</a><br>'
        '<a href="/sport">Sport</a><br><a href="/weather">Weather</a><br>'
        "<b>Most read this week</b><br>"
        '<a href="/a1">Fishermen protest new quota rules at the harbour office</a><br>'
        '<a href="/a2">School fete raises record sum for the new library wing</a><br></td>'
        f'<td valign="top">{article_cell}</td>'
        '<td width="180" valign="top"><b>Advertise with us</b><br>Call 01234 567890 for our '
        "rates.<br><b>Weather</b><br>Sunny spells, light winds from the west, highs of 14 "
        "degrees.<br><b>Poll</b><br>Should the council build a second car park on the quay? "
        "Yes / No<br></td></tr>"
        '<tr><td colspan="3">Copyright 2024 Coastal Gazette. All rights reserved.</td></tr>'
        "</table></body></html>"
    )


def test_a_table_layout_keeps_the_menu_and_sidebar_cells_out_of_the_article() -> None:
    # The menu, "Most read" links, the ad, the weather box and the poll came out as
    # paragraphs of the article, audited as its prose; the headline was lost.
    cell = (
        f'<font size="4"><b>{HARBOUR_HEADLINE}</b></font><br>'
        '<font size="2">By Mary Jones, 12 March 2024</font>'
        + "".join(f"<p>{p}</p>" for p in HARBOUR)
    )
    doc = document_from_html(_table_layout(cell), "gazette.html")
    byline = "By Mary Jones, 12 March 2024"
    assert _paragraphs(doc)[:4] == [f"{HARBOUR_HEADLINE}\n{byline}", *HARBOUR]
    assert _paragraphs(doc)[4:] == []
    for chrome in ("Local News", "Most read", "Fishermen protest", "Advertise", "Poll"):
        assert chrome not in doc.text


def test_a_layout_table_nested_in_a_layout_table_is_read_the_same() -> None:
    inner = (
        '<table width="100%"><tr><td class="story">'
        + "".join(f"<p>{p}</p>" for p in HARBOUR)
        + "</td></tr></table>"
    )
    doc = document_from_html(_table_layout(inner), "gazette.html")
    assert _paragraphs(doc)[-3:] == HARBOUR
    assert not any("Most read" in p or "Poll" in p for p in _paragraphs(doc))


def test_a_data_table_inside_the_article_stays_out_of_the_prose() -> None:
    # Tables of figures are left out of the text (they are not sentences); telling a
    # layout table from a data table must not bring them back.
    results = (
        "<table><tr><th>Ward</th><th>Yes</th><th>No</th></tr>"
        "<tr><td>North Quay</td><td>412</td><td>180</td></tr>"
        "<tr><td>Old Town</td><td>233</td><td>391</td></tr></table>"
    )
    body = f"<p>{HARBOUR[0]}</p>{results}<p>{HARBOUR[1]}</p><p>{HARBOUR[2]}</p>"
    page = (
        f"<html><head><title>{HARBOUR_HEADLINE}</title></head><body><article>"
        f"<h1>{HARBOUR_HEADLINE}</h1>{body}</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "results.html")) == [HARBOUR_HEADLINE, *HARBOUR]


# --- captions and photo credits ------------------------------------------------------

FLOOD_HEADLINE = "Flood barrier opens a year late"
FLOOD = [
    "The new flood barrier on the river finally opened on Monday, a year later than "
    "planned and two million pounds over budget.",
    "The mayor said the delay had been caused by a shortage of steel and by two winters "
    "of unusually high water.",
    "Engineers expect the barrier to protect about four thousand homes from the kind of "
    "flooding that hit the town in 2020.",
    "Residents who were flooded four years ago said they would sleep better now, but "
    "some still wait for their insurance claims to be settled.",
]
# WordPress's entry-content with the ways themes and editors caption a photo.
FLOOD_CONTENT = (
    '<figure class="wp-block-image size-large"><img src="barrier.jpg" alt="">'
    '<figcaption class="wp-element-caption">The new flood barrier on the River Ouse. '
    "Photo : AFP / John Smith</figcaption></figure>"
    f"<p>{FLOOD[0]}</p>"
    '<div id="attachment_55" style="width: 610px" class="wp-caption aligncenter">'
    '<img src="mayor.jpg" width="600"><p id="caption-attachment-55" class="wp-caption-text">'
    "Mayor Ann Hill at the opening ceremony</p></div>"
    f"<p>{FLOOD[1]}</p>"
    '<p><img src="crowd.jpg"></p><p>(Photo: Ludovic Marin/AFP)</p>'
    f"<p>{FLOOD[2]}</p>"
    '<figure class="wp-block-image"><img src="river.jpg"><figcaption>Photo: Getty '
    "Images</figcaption></figure>"
    "<p>(Reuters)</p>"
    f"<p>{FLOOD[3]}</p>"
    '<p class="has-small-font-size">Photo credit: Jane Doe / Riverside Chronicle</p>'
    "<p>\u00a9 Riverside Chronicle 2024</p>"
    "<p>Copyright 2024 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.</p>"
)


def _flood_feed() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Riverside Chronicle</title><link>https://riverside.example/</link><item>"
        f"<title>{FLOOD_HEADLINE}</title><link>https://riverside.example/flood</link>"
        f"<content:encoded><![CDATA[{FLOOD_CONTENT}]]></content:encoded></item>"
        "</channel></rss>"
    ).encode()


def test_captions_and_photo_credits_are_not_audited_as_the_articles_prose() -> None:
    # "Photo : AFP / John Smith" in a feed's figcaption was flagged T101 (a French
    # space before a colon), and credit lines in paragraphs of their own ("(Photo:
    # Ludovic Marin/AFP)", "(Reuters)", "Photo credit: ...") were sentences of the
    # article, on pages and in feeds alike.
    page = (
        f"<html><head><title>{FLOOD_HEADLINE}</title></head><body><article>"
        f'<h1 class="entry-title">{FLOOD_HEADLINE}</h1><div class="entry-content">'
        f"{FLOOD_CONTENT}</div></article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "flood.html")) == [FLOOD_HEADLINE, *FLOOD]
    (entry,) = read_feed(_flood_feed(), "flood.rss")
    assert isinstance(entry, Document)
    assert FLOOD[0] in entry.text
    leftovers = ("Photo", "Reuters", "Mayor Ann", "\u00a9", "Copyright")
    assert not any(word in entry.text for word in leftovers)
    findings = audit_document(entry, AuditConfig(lm=False)).findings
    assert not [f for f in findings if f.code == "T101"]


def test_the_credit_ending_a_caption_written_as_a_paragraph_is_not_audited() -> None:
    # A photo and its caption in a plain <p>: "... River Ouse. Photo : AFP / John
    # Smith" was audited whole, its agency's French "Photo : AFP" flagged T101. The
    # caption's words stay; a wire story's "(Reuters)" after a sentence is its own.
    caption = "The new flood barrier on the River Ouse."
    content = (
        f"<p>{FLOOD[0]}</p><p><img src='barrier.jpg'><br>{caption} Photo : AFP / John Smith"
        f"</p><p>{FLOOD[1]}</p><p>{caption} (AP Photo/Evan Vucci)</p>"
        f"<p>{FLOOD[2]} (Reuters)</p>"
    )
    kept = [FLOOD[0], caption, FLOOD[1], caption, f"{FLOOD[2]} (Reuters)"]
    page = (
        f"<html><head><title>{FLOOD_HEADLINE}</title></head><body><article>"
        f"<h1>{FLOOD_HEADLINE}</h1>{content}</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "flood.html")) == [FLOOD_HEADLINE, *kept]
    (entry,) = read_feed(rss_entry(content, FLOOD_HEADLINE), "flood.rss")
    assert isinstance(entry, Document)
    assert _paragraphs(entry) == [FLOOD_HEADLINE, *kept]
    findings = audit_document(entry, AuditConfig(lm=False)).findings
    assert not [f for f in findings if f.code == "T101"]


def test_what_a_credit_line_is() -> None:
    credits = [
        "Photo: AFP/John Smith",
        "Photo : AFP",
        "Photo credit: Jane Doe / Riverside Chronicle",
        "Photograph by Tom Reed",
        "Images: Getty",
        "(Photo: Ludovic Marin/AFP)",
        "[Photo: Reuters]",
        "(AP Photo/Evan Vucci)",
        "(Reuters)",
        "REUTERS/Benoit Tessier",
        "(EPA-EFE/Andy Rain)",
        "\u00a9 Riverside Chronicle 2024",
        # An agency's notice under its story, and a site's.
        "Copyright 2024 The Associated Press. All rights reserved. This material may not "
        "be published, broadcast, rewritten or redistributed without permission.",
        "Copyright \u00a9 2024 Riverside Chronicle Media Group, LLC. All Rights Reserved.",
        "(c) 2024 Reuters. All rights reserved.",
        # A caption's credit on its own line, without its word.
        "Ludovic Marin/AFP via Getty Images",
        "Jane Doe/Reuters",
    ]
    prose = [
        "(Reuters) - Oil prices rose on Monday.",
        "Photo: the mayor asked residents to send their pictures of the flood to the council.",
        "Reuters reported the vote.",
        "(The council has since apologised.)",
        "Credit card fees will rise in April.",
        "Image rights are a matter for the courts, the judge said.",
        "Copyright 2024 cases rose sharply.",
        "Copyright holders said all rights reserved notices were often ignored.",
        "Copyright 2024 filings rose. All rights reserved cases fell.",
        "Either/Or",
        "The UK/EU deal",
        "Jane Doe/John Roe said so.",
    ]
    assert [c for c in credits if not is_credit_line(c)] == []
    assert [p for p in prose if is_credit_line(p)] == []


def test_sentences_that_mention_photos_and_agencies_stay() -> None:
    kept = [
        "Photo: the mayor asked residents to send their pictures of the flood to the council.",
        "Reuters reported on Monday that the barrier had cost two million pounds more than "
        "planned.",
        "(The council has since apologised for the delay.)",
        "Credit: where it is due, the engineers finished the work in a hard winter.",
    ]
    page = (
        f"<html><head><title>{FLOOD_HEADLINE}</title></head><body><article>"
        f"<h1>{FLOOD_HEADLINE}</h1>"
        + "".join(f"<p>{p}</p>" for p in [*kept, *FLOOD])
        + "</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "flood.html")) == [FLOOD_HEADLINE, *kept, *FLOOD]


# --- posts embedded from social networks ---------------------------------------------

# The networks' embed code as news sites and WordPress paste it between paragraphs.
EMBEDS = [
    '<blockquote class="twitter-tweet" data-width="550"><p lang="fr" dir="ltr">Enfin ! '
    'La barri\u00e8re est ouverte. <a href="https://t.co/x">#crue</a></p>&mdash; Riverside '
    'Watch (@riverwatch) <a href="https://twitter.com/riverwatch/status/1">March 11, 2024'
    '</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script>',
    '<blockquote class="instagram-media" data-instgrm-permalink="https://instagram.com/p/x">'
    '<div><a href="https://instagram.com/p/x">View this post on Instagram</a>'
    "<p>A post shared by Riverside Chronicle (@riversidechronicle)</p></div></blockquote>",
    '<div class="fb-post" data-href="https://facebook.com/x"><blockquote '
    'class="fb-xfbml-parse-ignore"><p>The barrier is open!</p>Posted by <a href="#">Town '
    'Council</a> on <a href="#">Monday, March 11, 2024</a></blockquote></div>',
]


def test_posts_embedded_from_social_networks_are_not_the_articles_prose() -> None:
    # A tweet pasted into the article was audited as its paragraphs: the author's
    # line ("— Riverside Watch (@riverwatch) March 11, 2024") as a sentence, a French
    # tweet as French left untranslated; Instagram's "View this post on Instagram".
    body = "".join(f"<p>{p}</p>{e}" for p, e in zip(FLOOD, [*EMBEDS, ""], strict=True))
    page = (
        f"<html><head><title>{FLOOD_HEADLINE}</title></head><body><article>"
        f"<h1>{FLOOD_HEADLINE}</h1>{body}</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "flood.html")) == [FLOOD_HEADLINE, *FLOOD]
    feed = rss_entry(body, FLOOD_HEADLINE)
    (entry,) = read_feed(feed, "flood.rss")
    assert isinstance(entry, Document)
    assert _paragraphs(entry) == [FLOOD_HEADLINE, *FLOOD]


# --- feeds: the entry's title -------------------------------------------------------


def _geneva_feed(content: str, fmt: str = "rss") -> bytes:
    title = "Lavrov and Blinken hold their positions in Geneva"
    if fmt == "json":
        item = {"id": "1", "title": title, "url": "https://r.example/1", "content_html": content}
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": "R", "items": [item]}
        return json.dumps(feed).encode()
    return rss_entry(content, title)


GENEVA_HEADLINE = "Lavrov and Blinken hold their positions in Geneva"
GENEVA = [
    "The head of Russian diplomacy, Sergei Lavrov, and his American counterpart, Antony "
    "Blinken, met on Friday in Geneva for talks that lasted an hour and a half.",
    "Both men said afterwards that their positions had not changed, but that they had "
    "agreed to keep talking.",
]


def test_a_feed_entry_opens_with_its_title_so_a_repeated_headline_is_seen() -> None:
    # The entry's title was only metadata: a scraped body that repeats the headline
    # (S501's sign of a copied page) showed it once, and went unflagged, where the
    # same article read from its page showed it twice and was flagged.
    for fmt in ("rss", "json"):
        scraped = "".join(f"<p>{p}</p>" for p in [GENEVA_HEADLINE, *GENEVA])
        (entry,) = read_feed(_geneva_feed(scraped, fmt), f"farm.{fmt}")
        assert isinstance(entry, Document)
        assert _paragraphs(entry) == [GENEVA_HEADLINE, GENEVA_HEADLINE, *GENEVA]
        assert entry.title == GENEVA_HEADLINE
        findings = audit_document(entry, AuditConfig(lm=False)).findings
        assert [f.text for f in findings if f.code == "S501"] == [GENEVA_HEADLINE]

        plain = "".join(f"<p>{p}</p>" for p in GENEVA)
        (entry,) = read_feed(_geneva_feed(plain, fmt), f"site.{fmt}")
        assert isinstance(entry, Document)
        assert _paragraphs(entry) == [GENEVA_HEADLINE, *GENEVA]
        findings = audit_document(entry, AuditConfig(lm=False)).findings
        assert not [f for f in findings if f.code == "S501"]


# --- AMP ----------------------------------------------------------------------------

STORM = [
    "A storm with gusts of up to 80 miles an hour cut power to about 20,000 homes across "
    "the north-east overnight, the electricity network said on Tuesday.",
    "Engineers worked through the night to restore supplies, and the network said most "
    "homes would be reconnected by the evening.",
    "Several roads were closed by fallen trees, and rail services between Newcastle and "
    "Edinburgh were suspended until the line was cleared.",
]


def test_an_amp_pages_ads_and_embeds_leave_no_stand_in_text() -> None:
    # An <amp-ad>'s placeholder ("Advertisement") and fallback ("Ad failed to load")
    # and an embed's "Loading video..." were paragraphs of the article, as was an
    # <amp-list>'s overflow button ("See more").
    page = (
        '<!doctype html><html amp lang="en"><head><meta charset="utf-8">'
        "<title>Storm cuts power to 20,000 homes | Northern Echo</title></head><body>"
        '<amp-sidebar id="s" layout="nodisplay"><ul><li><a href="/">Home</a></li></ul>'
        '</amp-sidebar><article><h1 class="amp-title">Storm cuts power to 20,000 homes</h1>'
        f"<p>{STORM[0]}</p>"
        '<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/amp">'
        "<div placeholder>Advertisement</div><div fallback>Ad failed to load</div></amp-ad>"
        f"<p>{STORM[1]}</p>"
        '<amp-youtube data-videoid="x" width="480" height="270"><div placeholder>Loading '
        "video...</div></amp-youtube>"
        f"<p>{STORM[2]}</p>"
        '<amp-embed type="taboola" width="100" height="100"><div fallback>Sponsored stories '
        "could not load.</div></amp-embed>"
        # A list drawn from JSON: its static children are stand-ins ("See more").
        '<amp-list src="/related.json" layout="fixed-height" height="200"><template '
        'type="amp-mustache"><a href="{{url}}">{{title}}</a></template><div overflow>'
        "See more</div><div placeholder>Loading stories</div></amp-list>"
        '</article><amp-analytics type="gtag"><script type="application/json">{}</script>'
        "</amp-analytics></body></html>"
    )
    doc = document_from_html(page, "storm.amp.html")
    assert _paragraphs(doc) == ["Storm cuts power to 20,000 homes", *STORM]


# --- live blogs and boxes named as posts ------------------------------------------

ELECTION = [
    (
        "Polls open",
        "Polling stations opened at 7am across the county, with long queues "
        "reported in the town centre.",
    ),
    (
        "Turnout high",
        "Turnout was running well ahead of the last election by late morning, officials said.",
    ),
    (
        "Mayor votes",
        "The mayor cast her vote at the primary school on Mill Lane and told "
        "reporters she was confident.",
    ),
]


@pytest.mark.parametrize(
    "post",
    [
        "<div class='post'><time>10:05</time><h3>{h}</h3><p>{p}</p></div>",
        "<article class='entry'><h3>{h}</h3><p>{p}</p></article>",
        "<div class='post-body' id='post-1'><h3>{h}</h3><p>{p}</p></div>",
    ],
)
def test_a_live_blogs_posts_are_read_in_order_with_their_headings(post: str) -> None:
    # trafilatura took the first post (a block named "post", "entry", "post-body")
    # for the article, found it short and added the page's other paragraphs after
    # it: the first post came before the story's opening, the other posts lost
    # their headings.
    posts = "".join(post.format(h=h, p=p) for h, p in ELECTION)
    page = (
        "<html><head><title>County election live</title></head><body><article>"
        f"<h1>County election live</h1><p>{STORM[0]}</p><p>{STORM[1]}</p>"
        f"<div class='live-feed'>{posts}</div></article></body></html>"
    )
    paragraphs = _paragraphs(document_from_html(page, "live.html"))
    blocks = [block for entry in ELECTION for block in entry]
    assert paragraphs == ["County election live", *STORM[:2], *blocks]


def test_a_long_live_blog_is_read_in_order() -> None:
    # Forty posts, each with an id of its own: the first twenty lost their names, and
    # trafilatura took the twenty-first for the article.
    posts = [
        (f"Update {i}", f"Officials gave update number {i} on the count at noon.")
        for i in range(40)
    ]
    blog = "".join(
        f"<div class='post' id='post-{i}'><h3>{h}</h3><p>{p}</p></div>"
        for i, (h, p) in enumerate(posts)
    )
    page = (
        "<html><head><title>County election live</title></head><body><article>"
        f"<h1>County election live</h1><p>{STORM[0]}</p><p>{STORM[1]}</p>{blog}"
        "</article></body></html>"
    )
    paragraphs = _paragraphs(document_from_html(page, "live.html"))
    assert paragraphs == ["County election live", *STORM[:2], *(b for post in posts for b in post)]


def test_a_live_blog_after_a_sidebar_post_is_read_in_order() -> None:
    # A sidebar's "post" box came first in the page; trafilatura prunes the sidebar
    # and then took the live blog's first post for the article.
    posts = "".join(f"<div class='post'><h3>{h}</h3><p>{p}</p></div>" for h, p in ELECTION)
    page = (
        "<html><head><title>County election live</title></head><body>"
        "<aside class='sidebar'><div class='post'><p>Most read: library opens on Sundays "
        "after a council vote in March.</p></div></aside><article>"
        f"<h1>County election live</h1><p>{STORM[0]}</p><p>{STORM[1]}</p>{posts}"
        "</article></body></html>"
    )
    paragraphs = _paragraphs(document_from_html(page, "live.html"))
    blocks = [block for entry in ELECTION for block in entry]
    assert paragraphs == ["County election live", *STORM[:2], *blocks]


def test_a_box_named_as_a_post_in_the_middle_of_a_story_keeps_its_place() -> None:
    # The box's paragraph came out first, above the headline.
    page = (
        "<html><head><title>Storm cuts power</title></head><body><article>"
        f"<h1>Storm cuts power</h1><p>{STORM[0]}</p><p>{STORM[1]}</p>"
        f"<div class='post'><p>{ELECTION[0][1]}</p></div><p>{STORM[2]}</p>"
        "</article></body></html>"
    )
    paragraphs = _paragraphs(document_from_html(page, "storm.html"))
    assert paragraphs == ["Storm cuts power", *STORM[:2], ELECTION[0][1], STORM[2]]


def test_a_post_body_that_is_the_article_is_still_taken_alone() -> None:
    # WordPress: entry-content holds the story; the <article> around it also holds
    # the theme's header and footer, which stay out.
    page = (
        "<html><head><title>Storm cuts power</title></head><body><article class='post'>"
        "<header><h1>Storm cuts power</h1><p class='meta'>Posted on 12 March by admin</p>"
        "</header><div class='entry-content'>"
        + "".join(f"<p>{p}</p>" for p in STORM)
        + "</div><footer><p>Leave a comment on this story and share it with friends</p>"
        "</footer></article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "storm.html")) == ["Storm cuts power", *STORM]


# --- Blogger ------------------------------------------------------------------------

BRIDGE_HEADLINE = "Bridge closed for repairs"


def _blogger(body: str) -> str:
    """Blogger's theme: "Blog name: Post title" as <title>, the post's title in an
    <h3 class="post-title">, and the post as its editor writes it."""
    return (
        f"<html><head><title>Village Notes: {BRIDGE_HEADLINE}</title></head><body>"
        '<div class="header"><h1 class="title"><a href="/">Village Notes</a></h1></div>'
        '<div class="post hentry"><h3 class="post-title entry-title">'
        f'{BRIDGE_HEADLINE}</h3><div class="post-body entry-content">{body}</div>'
        '<div class="post-footer">Posted by Anna at 10:15</div></div></body></html>'
    )


BRIDGE_LINES = [
    "The old stone bridge over the brook will be closed for six weeks from Monday "
    "while the county council repairs its parapet,",
    "which was damaged by a lorry in January.",
    "Drivers will have to use the ford road, which the council says is safe for cars "
    "but not for vans or lorries.",
    "The parish council asked for a footbridge during the works.",
]


def _bridge_post() -> str:
    """The post as Blogger's editor writes it: a <div> of every line, and a
    <div><br></div> of a blank one."""
    style = ' style="text-align: justify;"'
    lines = BRIDGE_LINES
    return (
        f"<div{style}>{lines[0]}</div><div{style}>{lines[1]}</div><div{style}><br /></div>"
        f"<div{style}>{lines[2]}</div><div{style}>&nbsp;</div>"
        f'<div{style}><span style="font-family: arial;">{lines[3]}</span></div>'
    )


def test_a_blogger_post_written_a_div_per_line_keeps_its_sentences_whole() -> None:
    # Each line became a paragraph, so a sentence that ran onto a second line was
    # cut in two ("...its parapet," / "which was damaged by a lorry in January.").
    lines = BRIDGE_LINES
    doc = document_from_html(_blogger(_bridge_post()), "post.html")
    # The blog's name, on the left of "Village Notes: Bridge...", is no headline,
    # in whatever box the theme puts its link home.
    home = '<div class="titlewrapper"><h1 class="title"><a href="https://v.example/">'
    named = _blogger(_bridge_post()).replace(
        '<div class="header"><h1 class="title"><a href="/">', home
    )
    assert document_from_html(named, "post.html").text == doc.text
    assert _paragraphs(doc) == [BRIDGE_HEADLINE, f"{lines[0]}\n{lines[1]}", *lines[2:]]
    assert doc.title == BRIDGE_HEADLINE
    sentences = [s.text for s in segment(doc.text).sentences]
    assert f"{lines[0]}\n{lines[1]}" in sentences


def test_a_blogger_feed_entry_written_a_div_per_line_keeps_its_sentences_whole() -> None:
    feed = (
        "<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Village Notes</title><entry><id>tag:blogger.com,1999:post-9</id>"
        f"<title type='text'>{BRIDGE_HEADLINE}</title><content type='html'>"
        + html.escape(_bridge_post())
        + "</content><link rel='alternate' href='https://v.example/bridge.html'/></entry></feed>"
    )
    (entry,) = read_feed(feed.encode(), "village.atom")
    assert isinstance(entry, Document)
    lines = BRIDGE_LINES
    assert _paragraphs(entry) == [BRIDGE_HEADLINE, f"{lines[0]}\n{lines[1]}", *lines[2:]]


# --- WordPress plugins --------------------------------------------------------------

MARKET = [
    "The Victorian market hall will reopen in May after an eighteen-month restoration "
    "that replaced its roof and cast-iron columns.",
    "Traders who moved to the car park during the works will return to their old stalls, "
    "and twelve new stalls will be let to food sellers.",
    "The council said the rent for the first year would be frozen at the level traders "
    "paid before the hall closed.",
]


def test_jetpack_share_like_and_related_boxes_are_chrome() -> None:
    # Jetpack's boxes at the foot of entry-content came out as the article's last
    # paragraphs: "Like this:", "Like Loading...", "Related".
    share = (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
        'sd-social sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content">'
        '<ul><li><a class="share-twitter sd-button" href="?share=twitter"><span>Twitter</span>'
        '</a></li><li><a class="share-facebook sd-button" href="?share=facebook"><span>'
        "Facebook</span></a></li></ul></div></div></div>"
    )
    like = (
        "<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper "
        "jetpack-likes-widget-unloaded' id='like-post-wrapper-1-77'><h3 class=\"sd-title\">"
        "Like this:</h3><div class='likes-widget-placeholder post-likes-widget-placeholder'>"
        "<span class='button'><span>Like</span></span> <span class=\"loading\">Loading..."
        "</span></div></div>"
    )
    related = (
        "<div id='jp-relatedposts' class='jp-relatedposts'><h3 class=\"jp-relatedposts-"
        'headline"><em>Related</em></h3></div>'
    )
    addtoany = (
        '<div class="addtoany_share_save_container addtoany_content"><div class="a2a_kit '
        'a2a_kit_size_32 addtoany_list"><a class="a2a_button_facebook" href="#">'
        '<span>Facebook</span></a><a class="a2a_dd" href="#">Share</a></div></div>'
    )
    body = "".join(f"<p>{p}</p>" for p in MARKET) + share + like + related + addtoany
    page = (
        "<html><head><title>Market hall to reopen in May &#8211; Town Crier</title></head>"
        '<body><div id="primary" class="content-area"><main id="main" class="site-main">'
        '<article class="post type-post"><header class="entry-header"><h1 class="entry-title">'
        "Market hall to reopen in May</h1></header>"
        f'<div class="entry-content">{body}</div></article></main></div></body></html>'
    )
    assert _paragraphs(document_from_html(page, "market.html")) == [
        "Market hall to reopen in May",
        *MARKET,
    ]


def test_ad_boxes_between_paragraphs_are_chrome() -> None:
    # A site's ad slots between the article's paragraphs: their stand-in text came
    # out as paragraphs ("ADVERTISEMENT"), which S505 then took for a scraper's
    # leftover. The same label written as a paragraph of the text is still seen.
    ads = [
        '<div class="advert"><p>ADVERTISEMENT</p></div>',
        '<div class="ad-slot"><span class="ad-label">Advertisement</span></div>',
        '<aside id="inline-ad-2"><p>Advertisement</p><ins class="adsbygoogle"></ins></aside>',
    ]
    body = "".join(f"<p>{p}</p>{ad}" for p, ad in zip(MARKET, ads, strict=True))
    page = (
        "<html><head><title>Market hall to reopen in May</title></head><body><article>"
        f"<h1>Market hall to reopen in May</h1>{body}</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "ads.html")) == [
        "Market hall to reopen in May",
        *MARKET,
    ]
    copied = page.replace(ads[0], "<p>ADVERTISEMENT</p>")
    doc = document_from_html(copied, "copied.html")
    assert "ADVERTISEMENT" in _paragraphs(doc)


def test_feed_entries_lose_the_share_boxes_and_footer_their_pages_lose() -> None:
    # WordPress feeds carry plugins' share boxes and page links in content:encoded,
    # and Yoast SEO's footer line at the foot of every entry: "Share this:",
    # "Twitter" and "The post ... appeared first on ..." were the entry's last
    # paragraphs, though the page reader drops the same boxes.
    boxes = (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
        '<ul><li><a href="?share=twitter">Twitter</a></li></ul></div>'
        '<div class="addtoany_share_save_container"><a class="a2a_dd" href="#">Share</a></div>'
        '<p class="post-nav-links">Pages: <a href="/1">1</a> <a href="/2">2</a></p>'
        '<p>The post <a href="https://r.example/1">Market hall to reopen in May</a> appeared '
        'first on <a href="https://r.example/">Town Crier</a>.</p>'
    )
    content = "".join(f"<p>{p}</p>" for p in MARKET) + boxes
    (entry,) = read_feed(rss_entry(content, "Market hall to reopen in May"), "town.rss")
    assert isinstance(entry, Document)
    assert _paragraphs(entry) == ["Market hall to reopen in May", *MARKET]
    # A paragraph that only speaks of a post that appeared first elsewhere stays.
    quoted = f"<p>The post about the hall appeared first on Monday, he said.</p>{content}"
    (entry,) = read_feed(rss_entry(quoted, "Market hall to reopen in May"), "quoted.rss")
    assert isinstance(entry, Document)
    assert "appeared first on Monday" in entry.text


# What blog platforms add to each entry of their feeds, as they write it.
PLATFORM_FURNITURE = {
    "wordpress-more": (
        '<p><a href="https://r.example/1#more-12" class="more-link">Continue reading'
        '<span class="screen-reader-text"> "Market hall"</span> &#8594;</a></p>'
    ),
    "substack": (
        '<p class="button-wrapper" data-attrs="{}" data-component-name="ButtonCreateButton">'
        '<a class="button primary" href="https://x.substack.com/subscribe?"><span>Subscribe '
        'now</span></a></p><p class="button-wrapper"><a class="button primary" '
        'href="https://x.substack.com/p/x?action=share"><span>Share</span></a></p>'
    ),
    "substack-caption": (
        '<div class="captioned-button-wrap" data-attrs="{}"><div class="preamble">'
        '<p class="cta-caption">Town Crier is a reader-supported publication. To receive new '
        "posts and support my work, consider becoming a free or paid subscriber.</p></div>"
        '<p class="button-wrapper"><a class="button primary" href="/subscribe">'
        "<span>Subscribe now</span></a></p></div>"
    ),
    "blogger": "<div class='blogger-post-footer'>Visit the Town Crier for more news.</div>",
    "feedburner": (
        '<div class="feedflare"><a href="http://feeds.feedburner.com/~ff/x?a=1">Email this</a>'
        '</div><img src="http://feeds.feedburner.com/~r/x/~4/abc" height="1" width="1" alt="">'
    ),
    "medium": (
        '<hr><p><a href="https://medium.com/p/1">Market hall to reopen in May</a> was '
        'originally published in <a href="https://medium.com/town">Town Crier</a> on Medium, '
        "where people are continuing the conversation by highlighting and responding to this "
        "story.</p>"
    ),
}


@pytest.mark.parametrize("platform", PLATFORM_FURNITURE)
def test_feed_entries_lose_what_their_platform_adds(platform: str) -> None:
    # WordPress's "Continue reading →", Substack's "Subscribe now" and "Share",
    # Blogger's post footer, FeedBurner's "Email this" and Medium's "... was
    # originally published in ... on Medium" were the entry's last paragraphs.
    content = "".join(f"<p>{p}</p>" for p in MARKET) + PLATFORM_FURNITURE[platform]
    (entry,) = read_feed(rss_entry(content, "Market hall to reopen in May"), "town.rss")
    assert isinstance(entry, Document)
    assert _paragraphs(entry) == ["Market hall to reopen in May", *MARKET]


def test_a_read_more_link_ending_a_paragraph_is_not_its_words() -> None:
    # "... in the spring. Read more »" on a teaser: the link ran into the sentence.
    *rest, last = MARKET
    more = '<a class="more-link" href="https://r.example/1">Read more \u00bb</a>'
    content = "".join(f"<p>{p}</p>" for p in rest) + f"<p>{last} {more}</p>"
    (entry,) = read_feed(rss_entry(content, "Market hall to reopen in May"), "town.rss")
    assert isinstance(entry, Document)
    assert _paragraphs(entry) == ["Market hall to reopen in May", *MARKET]
    page = (
        "<html><head><title>Market hall to reopen in May</title></head><body><article>"
        f"<h1>Market hall to reopen in May</h1>{content}</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "teaser.html")) == [
        "Market hall to reopen in May",
        *MARKET,
    ]


def test_pagination_and_post_navigation_in_the_article_are_chrome() -> None:
    # A page of a story split in pages, and WordPress's page links and post
    # navigation inside the article's block: "« Previous Page 2 of 3" came out as
    # the article's last paragraph (and its « was flagged as French typography).
    boxes = {
        "pagination": '<div class="pagination"><a href="?page=1">\u00ab Previous</a> '
        '<span>Page 2 of 3</span> <a href="?page=3">Next \u00bb</a></div>',
        "bootstrap": '<ul class="pagination"><li class="page-item"><a class="page-link" '
        'href="?page=1">1</a></li><li class="page-item active">2</li></ul>',
        "page-links": '<div class="page-links">Pages: <a href="/1">1</a> <span>2</span></div>',
        "post-navigation": '<nav class="navigation post-navigation" aria-label="Posts">'
        '<h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">'
        '<div class="nav-previous"><a href="/p" rel="prev">Previous: Harbour wall repaired'
        '</a></div><div class="nav-next"><a href="/n" rel="next">Next: Ferry fares frozen'
        "</a></div></div></nav>",
    }
    for name, box in boxes.items():
        for article in (MARKET, MARKET[:1]):  # a short one is taken whole
            body = "".join(f"<p>{p}</p>" for p in article) + box
            page = (
                "<html><head><title>Market hall to reopen in May</title></head><body>"
                '<article class="post"><h1 class="entry-title">Market hall to reopen in May'
                f'</h1><div class="entry-content">{body}</div></article></body></html>'
            )
            assert _paragraphs(document_from_html(page, f"{name}.html")) == [
                "Market hall to reopen in May",
                *article,
            ], (name, len(article))


def test_a_title_cut_from_the_entrys_own_text_is_not_put_before_it() -> None:
    # Feeds of untitled posts title each entry with its opening words cut short;
    # put first, that fragment was audited as a sentence of its own.
    opening = GENEVA[0][:60]
    for title in (f"{opening}...", f"{opening}\u2026", f"{opening} ..."):
        feed = _geneva_feed("".join(f"<p>{p}</p>" for p in GENEVA)).replace(
            GENEVA_HEADLINE.encode(), title.encode()
        )
        (entry,) = read_feed(feed, "notes.rss")
        assert isinstance(entry, Document)
        assert _paragraphs(entry) == GENEVA


# --- feeds read the article as its page does ---------------------------------------


def test_a_feed_entry_leaves_out_figures_and_data_tables_as_its_page_does() -> None:
    # The page's reader leaves <figure> (photos, pull quotes, embeds) and tables of
    # figures out; the feed reader made a paragraph of every table cell ("North
    # Quay", "412") and of a pull quote and its attribution, audited as prose.
    results = (
        "<table><tr><td>North Quay</td><td>412</td><td>180</td></tr>"
        "<tr><td>Old Town</td><td>233</td><td>391</td></tr></table>"
    )
    pullquote = (
        '<figure class="wp-block-pullquote"><blockquote><p>Three years of debate are '
        "over</p><cite>The harbour master</cite></blockquote></figure>"
    )
    embed = (
        '<figure class="wp-block-embed is-type-rich"><div class="wp-block-embed__wrapper">'
        "https://twitter.com/council/status/1</div></figure>"
    )
    content = (
        f"<p>{HARBOUR[0]}</p>{results}<p>{HARBOUR[1]}</p>{pullquote}{embed}<p>{HARBOUR[2]}</p>"
    )
    layout = (
        '<table width="600"><tr><td width="120"><a href="/">Home</a><br><a href="/n">News</a>'
        f"</td><td>{''.join(f'<p>{p}</p>' for p in HARBOUR)}</td></tr></table>"
    )
    # A short post framed in a one-cell table is read, not taken for data.
    framed = f'<table width="100%"><tr><td><p>{HARBOUR[0]}</p></td></tr></table>'
    (entry,) = read_feed(_geneva_feed(framed).replace(GENEVA_HEADLINE.encode(), b""), "g.rss")
    assert isinstance(entry, Document) and entry.text == HARBOUR[0]
    for html_content in (content, layout):
        feed = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>G'
            "</title><item><link>https://g.example/1</link><description>"
            + html.escape(html_content)
            + "</description></item></channel></rss>"
        )
        (entry,) = read_feed(feed.encode(), "gazette.rss")
        assert isinstance(entry, Document)
        assert _paragraphs(entry) == HARBOUR


# --- redirects ------------------------------------------------------------------------


def test_a_refresh_for_browsers_without_scripts_is_no_redirect() -> None:
    # Sites that draw their pages with scripts send browsers without scripts on with
    # a refresh inside <noscript>; no browser with scripts sees it. The page was
    # reported as "only redirects to /no-javascript", and fetched by URL it would
    # have been followed to the "please enable JavaScript" page.
    page = (
        "<html><head><title>Storm cuts power</title>"
        '<meta property="og:description" content="A storm cut power to 20,000 homes.">'
        '<noscript><meta http-equiv="refresh" content="0; url=/no-javascript"></noscript>'
        '</head><body><div id="root"></div><script src="/app.js"></script></body></html>'
    )
    with pytest.raises(InputError) as caught:
        document_from_html(page, "storm.html")
    assert "only a summary (og:description)" in caught.value.reason
    assert not isinstance(caught.value, RefreshOnly)


def test_a_presentation_table_without_data_cells_does_not_cost_the_page() -> None:
    # role="presentation" on a table with header cells only (or none) made the
    # search for the article's cell fail: "could not read the input (ValueError)".
    for table in (
        '<table role="presentation"><tr><th>Menu</th></tr></table>',
        '<table role="none"></table>',
    ):
        page = (
            f"<html><head><title>{HARBOUR_HEADLINE}</title></head><body>{table}<article>"
            f"<h1>{HARBOUR_HEADLINE}</h1>{''.join(f'<p>{p}</p>' for p in HARBOUR)}"
            "</article></body></html>"
        )
        assert _paragraphs(document_from_html(page, "p.html")) == [HARBOUR_HEADLINE, *HARBOUR]


def test_a_table_layout_read_by_the_plain_reader_keeps_its_article() -> None:
    # A page with more elements in paragraphs than trafilatura reads in good time (a
    # gallery of linked thumbnails under the article) is read plain, and the plain
    # reader left out every table: a table-laid-out page lost its article.
    thumbs = "".join(
        "<p>"
        + "".join(f'<a href="/p/{i}-{j}"><img src="/t/{j}.gif"></a>' for j in range(230))
        + "</p>"
        for i in range(90)
    )
    cell = "".join(f"<p>{p}</p>" for p in HARBOUR) + thumbs
    doc = document_from_html(_table_layout(cell), "gazette.html")
    assert doc.meta["extracted_from"] == "html-plain"
    assert _paragraphs(doc) == HARBOUR


QUOTED = "We will not raise taxes this year, whatever the opposition says"


@pytest.mark.parametrize("container", ["div", "section", "article", "main", "center"])
@pytest.mark.parametrize(
    "quote", [f"<blockquote>{QUOTED}</blockquote>", f"<blockquote><p>{QUOTED}</p></blockquote>"]
)
def test_a_blockquote_in_a_blocks_running_text_is_a_paragraph_of_its_own(
    container: str, quote: str
) -> None:
    """A <blockquote> between the running text of a <section>, an <article> or a <main>
    cost the text before it: trafilatura drops a container's opening text when a block
    follows ("The harbour council voted ..." was lost), though it keeps it in a <div>.
    The text, the quote and the text after it are three paragraphs, in order, in pages
    and feeds alike, neither lost nor run together."""
    first, after = HARBOUR[0], HARBOUR[1]
    block = f"<{container}>{first}{quote}{after}</{container}>"
    body = f"<h1>{HARBOUR_HEADLINE}</h1>{block}<p>{HARBOUR[2]}</p>"
    page = document_from_html(
        f"<html><head><title>{HARBOUR_HEADLINE}</title></head><body><article>{body}"
        "</article></body></html>",
        "q.html",
    )
    (entry,) = read_feed(rss_entry(block + f"<p>{HARBOUR[2]}</p>", HARBOUR_HEADLINE), "f.xml")
    expected = [HARBOUR_HEADLINE, first, QUOTED, after, HARBOUR[2]]
    assert _paragraphs(page) == expected
    assert _paragraphs(entry) == expected


def test_a_headers_opening_text_is_the_pages_furniture_not_its_story() -> None:
    """ "<header>Posted in <a>News</a><h1>...</h1></header>" reached the audit as a
    paragraph, "Posted in News", once a container's opening text was kept: a
    <header> holds what the page prints above the headline."""
    body = "".join(f"<p>{p}</p>" for p in HARBOUR)
    page = document_from_html(
        f"<html><head><title>{HARBOUR_HEADLINE}</title></head><body><article><header>"
        f'Posted in <a href="/news">News</a><h1>{HARBOUR_HEADLINE}</h1></header>{body}'
        "</article></body></html>",
        "h.html",
    )
    assert _paragraphs(page) == [HARBOUR_HEADLINE, *HARBOUR]


def test_the_text_after_a_list_items_quote_does_not_run_into_the_next_item() -> None:
    """An item holding a quote, then text ("<li>... <blockquote>...</blockquote>Then
    ...</li><li>The opposition ...</li>"), ran that text into the next item: "Then the
    vote was taken. - The opposition walked out ...", one sentence of two items."""
    items = [
        f"<li>{HARBOUR[0]}<blockquote>{QUOTED}</blockquote>{HARBOUR[1]}</li>",
        "<li>The opposition walked out before the vote in protest at the plan.</li>",
    ]
    page = document_from_html(
        f"<html><head><title>{HARBOUR_HEADLINE}</title></head><body><article>"
        f"<h1>{HARBOUR_HEADLINE}</h1><p>{HARBOUR[2]}</p><ul>{''.join(items)}</ul>"
        "</article></body></html>",
        "li.html",
    )
    paragraphs = _paragraphs(page)
    assert paragraphs[paragraphs.index(QUOTED) + 1] == HARBOUR[1]
    assert "The opposition walked out before the vote in protest at the plan." in paragraphs[-1]
    assert HARBOUR[1] not in paragraphs[-1]


@pytest.mark.parametrize(
    "invisible", ["&shy;", "&#8203;", "&#8288;", "&#8204;", "&#65279;", "&#8205;"]
)
def test_characters_that_print_nothing_split_no_word_in_feeds_or_pages(invisible: str) -> None:
    """A feed entry kept a soft hyphen inside a word ("coun\\u00adcil", as hyphenation
    plugins write them) and made two words of a zero-width space ("coun cil"), where
    the browser and the same page's text show "council"."""
    hidden = HARBOUR[0].replace("council", f"coun{invisible}cil")
    body = f"<p>{hidden}</p><p>{HARBOUR[1]}</p>"
    (entry,) = read_feed(rss_entry(body, HARBOUR_HEADLINE), "f.xml")
    page = document_from_html(
        f"<html><head><title>{HARBOUR_HEADLINE}</title></head><body><article>"
        f"<h1>{HARBOUR_HEADLINE}</h1>{body}</article></body></html>",
        "z.html",
    )
    for doc in (entry, page):
        assert _paragraphs(doc) == [HARBOUR_HEADLINE, HARBOUR[0], HARBOUR[1]]


def test_a_zero_width_joiner_between_emoji_stays_in_a_feed() -> None:
    """The joiner was left out with the other characters that print nothing, and a
    feed's family emoji became three faces, a rainbow flag a white flag and a
    rainbow; between letters it still hides nothing."""
    for joined in (
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",
        "\U0001f3f3\ufe0f\u200d\U0001f308",
    ):
        said = f"{HARBOUR[1]} {joined}"
        body = f"<p>{HARBOUR[0]}</p><p>{said}</p>"
        (entry,) = read_feed(rss_entry(body, HARBOUR_HEADLINE), "f.xml")
        assert _paragraphs(entry) == [HARBOUR_HEADLINE, HARBOUR[0], said], ascii(joined)
