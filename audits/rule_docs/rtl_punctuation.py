"""The rules of ``audits.detectors.rtl_punctuation``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.rules import Rule

RTL_PUNCTUATION = Rule(
    code="T111",
    name="rtl-punctuation",
    summary="Arabic, Persian or Hebrew punctuation or digits (، ؟ ٪ ٢٠٢٣ ״) in English text",
    source_langs=("ar", "fa", "ur", "he"),
    reason="{n} Arabic or Hebrew punctuation mark{s} or digit{s}{examples}",
    what="""
Finds the punctuation of Arabic script (the comma `،`, semicolon `؛`, question mark
`؟`, percent sign `٪`, decimal and thousands separators `٫` `٬`), Arabic-Indic digits
(`٢٥٠`) and the Persian and Urdu ones (`۲۵۰`), and Hebrew's gershayim and geresh used as
quotation marks (`״we will win״`), next to English words. Marks inside a run of Arabic
or Hebrew text (a quotation left in its language, spaces around a mark or not) are
L402's to judge, and are not flagged; nor is a mark an English text shows as an
example ("a small circle (٥)", "250 is written ٢٥٠"). After a document's first mark,
the others count for little.
""",
    why="""
Arabic and Hebrew set their own punctuation and Arabic its own digits; English never
does, and an English keyboard does not produce them. They survive when an engine
translates the words and leaves the marks.
""",
    example="""
`The rate rose to ٥٪ this year، the ministry said.` →
`The rate rose to 5% this year, the ministry said.`
""",
)
