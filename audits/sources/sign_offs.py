"""A news site's sign-off lines: what it prints under every story, not the story.

Reuters ends each story with "Our Standards: The Thomson Reuters Trust
Principles." and puts "The Reuters Daily Briefing newsletter provides all the
news you need to start your day. Sign up here." between its paragraphs; many
sites end with "Have a story tip? Email us at tips@...", the AP with "___", its
contributors ("Associated Press writer Jim Salter in St. Louis contributed to
this report.") and "Follow AP's coverage of ... at https://apnews.com/hub/...",
the BBC with "Follow BBC Riverside on Facebook, X and Instagram. Send your
story ideas to ...", The Conversation's republished stories with "This article
is republished from The Conversation under a Creative Commons license. Read the
original article.". Written as plain paragraphs they reached the text and were
audited as its sentences; with them after it, a wire story's "Reporting by ...;
Editing by ..." credit was no longer among the last three paragraphs, where
credits are looked for, and was audited too.

Only a line that is wholly such a sign-off, or a rule drawn in punctuation
("___", "* * *"), goes; a sentence that mentions a tip or Twitter in passing is
the story's. A widget's line that S505 reports ("Follow us on Twitter") stays
for it, as a share line does.
"""

from __future__ import annotations

import re

from audits.sources.name_words import NAME_JOINTS, NAME_PARTICLES, ROLES

_NETWORKS = (
    r"twitter|x|facebook|instagram|threads|bluesky|linkedin|tiktok|youtube|mastodon"
    r"|whatsapp|telegram|flipboard|google\s+news"
)
_HANDLE = r"@\w{1,30}"
# Capitalised words, whatever the flags of the pattern around them.
_NAME = r"(?-i:[A-Z])[\w.'\u2019-]*(?:\s+(?-i:[A-Z])[\w.'\u2019-]*){0,4}"

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_ONE_SIGN_OFF = rf"""(?:
    # Reuters: "Our Standards: The Thomson Reuters Trust Principles., opens new tab"
    our\s+standards\s*:\s*the\s+thomson\s+reuters\s+trust\s+principles\.?
        (?:\s*,?\s*opens\s+new\s+tab)?
    # "Have a story tip? Email us at ...", "Got a confidential news tip? We want to
    # hear from you."
    | (?:do\s+you\s+)?(?:have|got)\s+(?:a|any)\s+(?:confidential\s+)?(?:news\s+|story\s+)?
        tips?\s*\?
        (?:\s+[^\n]{{0,200}}?
            \b(?:e-?mail|contact|send|reach|tell\s+us|let\s+us\s+know|hear\s+from\s+you
                |get\s+in\s+touch|signal|whatsapp)\b[^\n]{{0,160}})?
    # AP: "Follow AP's coverage of the election at https://apnews.com/hub/election"
    | follow\s+{_NAME}(?:['\u2019]s?)?\s+coverage\s+of\s+[^\n]{{1,160}}?\s+at\s+https?://\S+
    # Reuters between paragraphs: "The Reuters Power Up newsletter provides
    # everything you need to know about the global energy industry. Sign up here."
    | (?:[^\n]{{0,300}}\bnewsletters?\b[^\n]{{0,300}}?[.!:]\s+)?sign\s+up\s+here
    # "Follow BBC Riverside on Facebook, X and Instagram", "Follow Jane Doe on X
    # @janedoe" ("Follow us on ..." is S505's widget line, kept for it)
    | follow\s+(?:{_HANDLE}|{_NAME})\s+on\s+(?:{_NETWORKS})
        (?:\s*(?:,|and|&)\s*(?:{_NETWORKS}))*
        (?:\s*:?\s*{_HANDLE})?
    # The Conversation's, under each story it lets others republish: "This article
    # is republished from The Conversation under a Creative Commons license. Read
    # the original article."
    | this\s+(?:article|story|piece)\s+(?:is|was|has\s+been)\s+
        (?:republished|originally\s+published|first\s+published)\s+[^\n]{{1,160}}?
        (?:creative\s+commons\s+licen[cs]e[^\n]{{0,40}}?\.\s*read\s+the\s+original\s+article
            |\.\s*read\s+the\s+original\s+article
            |creative\s+commons\s+licen[cs]e)
    # The BBC's next: "Send your story ideas to riverside@bbc.co.uk."
    | (?:send|e-?mail)\s+(?:us\s+)?your\s+
        (?:story\s+ideas?|stories|news|tips?|views|pictures|photos|videos)
        (?:\s+(?:and|or)\s+\w+)?\s+to\s+{_EMAIL}
)\s*\.?"""
# A line may hold several, one after the other.
_SIGN_OFF = re.compile(rf"{_ONE_SIGN_OFF}(?:\s+{_ONE_SIGN_OFF})*", re.I | re.X)
# Sign-offs are short; a longer line is the story's, whatever it opens with.
MAX_SIGN_OFF_WORDS = 40


# "Associated Press writer Jim Salter in St. Louis contributed to this report.",
# "Jane Doe contributed reporting from Paris."
_THIS_STORY = r"(?:to|for)\s+this\s+(?:report|story|article)"
_CONTRIBUTED = re.compile(
    rf"(?P<who>(?-i:[A-Z]).*?)\s+contributed\s+"
    rf"(?:(?:reporting|research)(?:\s+(?:from|in)\s+(?P<where>.+?))?(?:\s+{_THIS_STORY})?"
    rf"|{_THIS_STORY})\.?",
)
# The words a contributor line holds besides names: roles, and what joins them.
_CONTRIBUTOR_WORDS = (
    NAME_JOINTS
    | NAME_PARTICLES
    | {"from", "also"}
    | frozenset(ROLES)
    | frozenset(f"{role}s" for role in ROLES)
)
_WORD = re.compile(r"[^\s,;]+")


def is_sign_off(line: str) -> bool:
    """Whether ``line`` is only a site's sign-off ("Have a story tip? Email us") or a
    line that credits the story's contributors."""
    text = " ".join(line.split())
    if not text or len(text.split()) > MAX_SIGN_OFF_WORDS:
        return False
    return _SIGN_OFF.fullmatch(text) is not None or _is_contributor_line(text)


def _is_contributor_line(text: str) -> bool:
    m = _CONTRIBUTED.fullmatch(text)
    if m is None:
        return False
    words = _WORD.findall(" ".join(p for p in (m["who"], m["where"]) if p))
    return all(w[0].isupper() or w.casefold() in _CONTRIBUTOR_WORDS for w in words)


# A rule drawn in text ("___" above the AP's credits, "* * *" between sections): a
# line that was audited as a sentence of three underscores. In a <pre> block, rules
# are drawn with box-drawing characters too ("────", "═══") and a table's borders
# with corners and bars ("+------+------+", "|------|"); its other lines stay.
_RULE = re.compile(r"[\s_*=~•·#+|\u2013\u2014\u2015\u2500-\u257f-]*")
_MIN_RULE_MARKS = 3


def is_rule(line: str) -> bool:
    """Whether ``line`` is only a rule drawn in punctuation ("___", "* * *", "────",
    "+------+")."""
    return _RULE.fullmatch(line) is not None and len("".join(line.split())) >= _MIN_RULE_MARKS


def drop_sign_offs(text: str) -> str:
    """``text`` (paragraphs separated by blank lines) without its sign-off lines and
    rules."""
    paragraphs = text.split("\n\n")
    kept = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        left = [line for line in lines if not (is_sign_off(line) or is_rule(line))]
        if left and len(left) < len(lines):
            # A <pre> block's margin was measured with the lines that go: between two
            # rules at the left edge, its lines kept the indentation they all share.
            margin = min(len(line) - len(line.lstrip(" ")) for line in left)
            left = [line[margin:] for line in left]
        if left:
            kept.append("\n".join(left))
    return text if kept == paragraphs else "\n\n".join(kept)
