"""The rules of ``audits.detectors.datelines``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.rules import Rule

CONTINENTAL_DATELINE = Rule(
    code="T109",
    name="continental-dateline",
    summary="A dateline closed with a full stop (Berlin. / BERLIN (dpa). / Moscow, 15 March.)",
    source_langs=("de", "ru", "uk"),
    reason="{n} continental dateline{s} (“Berlin. The …”, “Moscow, 15 March. …”)",
    what="""
Finds a story that opens with its place and a full stop, the way German papers
set their datelines: `Berlin. The federal government ...`, `Hamburg/Berlin. ...`,
or with a news agency in brackets, `BERLIN (dpa). The ...`. A story left in German
(`Berlin. Der Bundestag hat ...`) is L401's to report. Only the head of a
document is looked at (its first lines), and the place must be one German-language
papers date their stories from (a list in `typography.toml`) unless a news agency
follows it (`dpa`, `AFP`, `Reuters`, `epd`, `KNA` ...). A line that is a heading
of its own (`Berlin.` alone, or a few words), a one-word sentence of English
(`Saturday. We were ...`) and a feature's opening about the place's own name
(`Berlin. The name alone conjures up ...`; not `Munich. The name Wirecard ...` nor
`Berlin. The word from the chancellery ...`) are not flagged. A place and a date
closed with a full stop, `Moscow, 15 March. The ...` (or `MOSCOW, March 15. /TASS/. ...`),
is the dateline of Russian and Ukrainian agencies (`МОСКВА, 15 марта.`), from any
place.
""",
    why="""
English wire copy closes a dateline with a dash (`BERLIN (Reuters) -`, `BERLIN —`)
or a comma; the full stop after the place is German newspaper style, which a
translation engine keeps as it keeps the rest of the punctuation.
""",
    example="""
`Berlin. The federal government wants to ...` → `BERLIN — The federal government wants to ...`
""",
)
