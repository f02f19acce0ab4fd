"""The rules of ``audits.detectors.scrape``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.document import Severity
from audits.rules import Rule

DUPLICATED_LINE = Rule(
    code="S501",
    name="duplicated-line",
    summary="The headline or a line repeated by the scraper",
    severity=Severity.INFO,
    reason="{n} line{s} duplicated by the scraper",
    what="""
Finds the headline repeated just below itself, and any line of three or more
words repeated on the very next line. The finding covers the repeat. A refrain
inside a stanza (three or more short lines broken by single line breaks, as
songs, chants and hymns are set), or a couplet in a poem or song (a text of two
or more such stanzas with no prose paragraph after its title), is not a
scraper's repeat.
""",
    why="""
A scraper that copies both a page's title and its article body writes the
headline twice; a careless copy-and-paste doubles paragraphs. Publishers'
own pages do not, so a doubled headline says the text was lifted by a pipeline,
which is how most machine-translated news is republished.
""",
    example="""
`Lavrov and Blinken hold their positions in Geneva` on two consecutive lines →
keep one.
""",
)


RELATED_LINK = Rule(
    code="S502",
    name="injected-related-link",
    summary="An injected 'See also' / 'Read also' / 'Related' line",
    source_langs=("fr", "de", "es", "it", "pt", "ru", "uk", "pl", "nl", "cs"),
    reason="{n} injected “See also” line{s}",
    what="""
Finds lines that open with a "related article" marker: "See also", "Read also",
"Related:", "You may also like", and the same markers in other languages ("Lire
aussi", "Lesen Sie auch", "Читайте также"), followed by the title of another
article. An untranslated marker names the site's language; wording such as
"To read also" is the machine translation of French "À lire aussi".
""",
    why="""
News sites insert links to their other articles between paragraphs. A scraper
copies them into the text, and a translation engine translates them, so an
English "See also" line in the middle of an article says the text was copied
and probably translated from another site.
""",
    example="""
`See also  Aid to Ukraine "on the backs" of farmers` between two paragraphs →
remove the line.
""",
)


PROMO_LINE = Rule(
    code="S503",
    name="media-promo-line",
    summary="An audio, video or promotion line (e.g. '• Listen to ... interview')",
    source_langs=("fr", "de", "es", "it", "pt", "ru"),
    reason="{n} audio or video promo line{s}",
    what="""
Finds lines that advertise a recording rather than tell the story: bullets
such as `• Listen to … interview on QUB Radio:`, `WATCH:`, `VIDEO:`, `In
pictures`, "Écoutez", "Regardez". A line counts when it names a medium
(interview, podcast, video, radio...) or ends in a colon after a bullet.
""",
    why="""
Sites embed their audio and video players in articles with a line of text
above them. The player does not survive scraping but the line does, dangling,
often translated word by word.
""",
    example="""
`  • Listen to Philip Vincent Foissy’s interview with Pierre Jolicoeur on QUB Radio:`
→ remove the line.
""",
)


SITE_CHROME = Rule(
    code="S504",
    name="site-chrome",
    summary="Site name, section or menu lines above the headline",
    severity=Severity.INFO,
    reason="{n} line{s} of site chrome above the headline",
    what="""
Finds short title-case lines above the headline that name a site, a section or
a menu ("Awani Review", "Complete News World", "Home › World › Europe")
rather than belong to the article. Bylines, datelines and a press release's own
label ("News Release") are left alone.
""",
    why="""
A scraper that takes a page's text rather than its article picks up the
site's banner and navigation, and a translation engine translates them too
("Complete News World"). Original articles start with their headline.
""",
    example="""
`Awani Review` and `Complete News World` on the lines above the headline →
remove them.
""",
)


SHARE_WIDGET = Rule(
    code="S505",
    name="share-widget",
    summary="A share, subscribe, newsletter, cookie or advertisement line",
    severity=Severity.INFO,
    source_langs=("fr", "de", "es", "it", "pt", "ru", "uk"),
    reason="{n} share or subscribe widget line{s}",
    what="""
Finds lines that are the text of a page widget: "Share this article", "Share:
Facebook Twitter WhatsApp", "Subscribe to our newsletter", "We use cookies",
"Advertisement", and the same in other languages ("Partager", "Abonnez-vous",
"Teilen"). A publisher's own sign-off below the article's last paragraph, one
that says whose news it follows ("Follow us on Facebook for club news.", "... for
our opening hours and offers."), is not reported; a widget's label ("Follow us on
Twitter and Facebook.", a full stop or none), a news site's footer promising news in
general ("Follow us on Telegram to stay up to date.", "... for our latest news.",
"... @BBCSport for the latest news.") or naming a footer's network (Telegram, VK,
Dzen, Google News), or such a line between paragraphs is. A line that ends with the
publisher's account ("Follow us on Twitter: @CityCouncil") is not.
""",
    why="""
Buttons and banners belong to the page, not the article; their text in an
article body means it was scraped, and untranslated widget text names the
language of the site it came from.
""",
    example="""
`Share this article` on a line of its own → remove it.
""",
)

# The rules of audits.detectors.scrape, in its order.
SCRAPE_RULES: tuple[Rule, ...] = (
    DUPLICATED_LINE,
    RELATED_LINK,
    PROMO_LINE,
    SITE_CHROME,
    SHARE_WIDGET,
)
