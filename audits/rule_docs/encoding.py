"""The rules of ``audits.detectors.encoding``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.document import Severity
from audits.rules import Rule

MOJIBAKE_CODE = "S500"


MOJIBAKE = Rule(
    code=MOJIBAKE_CODE,
    reason="{n} piece{s} of encoding damage (mojibake)",
    name="mojibake",
    summary="Encoding damage (mojibake) in the text",
    severity=Severity.INFO,
    what="""
Finds characters that were decoded with the wrong encoding somewhere upstream,
such as "Ã©" for "é" or "â€™" for "’", using ftfy. In UTF-8 text files the
damage is reported where it stands (so offsets still point into the file); in
other encodings and in text extracted from HTML or feeds it is repaired and
the finding records what the input read before.
""",
    why="""
Scraper pipelines that copy text between sites and encodings leave this damage
behind. It tells an editor the text went through an automated pipeline, and it
would otherwise garble names and words that other rules look at.
""",
    example="""
`The cafÃ© reopened on Monday.` → encoding damage: 'Ã©' should read 'é'.
""",
)

# The rules of audits.detectors.encoding, in its order; the rule catalog lists these.
ENCODING_RULES: tuple[Rule, ...] = (MOJIBAKE,)
