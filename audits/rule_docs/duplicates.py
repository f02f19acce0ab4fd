"""The rules of ``audits.detectors.duplicates``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.document import Severity
from audits.rules import Rule

NEAR_DUPLICATE = Rule(
    code="S520",
    reason="{n} near-duplicate article{s} in the run",
    name="near-duplicate-articles",
    summary="Articles in one run that are near-duplicates of each other",
    severity=Severity.WARNING,
    what="""
Compares every article of a run (a feed, a directory, a list of URLs) with the
others and groups those that share most of their wording: the Jaccard
similarity of their sets of five-word shingles is at or above 0.5, or 80% of a
shorter article (at least a paragraph) reappears in a longer one, as when a
scraper republishes the first half of a story. The report names the articles of
the group and, for the strongest links that join them, their similarity and how
much of the shorter article the longer one contains. Each place points at the
first sentence the article shares with the rest of its group.
""",
    why="""
Content farms scrape an article, machine-translate or lightly rewrite it, and
republish it under several addresses and bylines. Independent reports of the
same event rarely share even a tenth of their five-word phrases, so a group of
near-duplicates is a strong sign that the copies came from one source text.
Editors also want to audit one copy, not five.
""",
    example="""
`https://site-a.example/dock-strike` and `https://site-b.example/news/1234`
carry the same story with a different headline and share 86% of their
five-word shingles → "2 articles in this run are near-duplicates (86% of
their wording shared): …".
""",
)

# The rules of audits.detectors.duplicates.
DUPLICATE_RULES: tuple[Rule, ...] = (NEAR_DUPLICATE,)
