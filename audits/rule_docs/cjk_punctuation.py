"""The rules of ``audits.detectors.cjk_punctuation``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.rules import Rule

CJK_PUNCTUATION = Rule(
    code="T110",
    name="cjk-punctuation",
    summary="Chinese or Japanese punctuation (，。：《》「」％) or CJK numbers in English text",
    source_langs=("zh", "ja", "ko"),
    # Named by the findings' languages: a Chinese document's marks were said to be
    # "Chinese, Japanese or Korean" once Korean numbers joined the rule.
    reason="{n} {lang} mark{s} or number{s}{examples}",
    shared_reason="{n} {langs} mark{s} or number{s}{examples}",
    # Korean is typed with English punctuation: its findings are numbers alone.
    lang_reasons=(("ko", "{n} {lang} number{s}{examples}"),),
    what="""
Finds full-width punctuation (`，` `。` `：` `；` `！` `？` `（` `）` `％`, the
ideographic comma `、` and space) and full-width digits and letters (`２０２３`, `ＵＳＢ`)
next to English words, and titles or quotations in
Chinese title marks or Japanese corner brackets around English words
(`《Opinions on the Private Economy》`, `「we will continue」`); a mark whose partner is
of another kind (`《…」`) or missing is reported alone. Numbers written with Chinese or
Japanese counters and date characters (`2023年7月1日`, `3万`, `5亿`, `22.8万亿`,
`3.5亿元`, `18时`) are reported too, and so are Korean ones (`2024년 3월 4일`, `오후 3시`,
`10만 명`, `1조 2,000억 원`), which name Korean as the source. Marks and numbers inside a
run of Chinese, Japanese or Korean text (`《人民日报》`, a quotation left in its
language) are L402's to judge, and are not flagged.
""",
    why="""
Chinese and Japanese typeset punctuation in full-width forms and quote with their own
brackets; English never does, and an English keyboard does not produce them. They
survive when an engine translates the words and leaves the marks, as numbers with
Chinese, Japanese or Korean counters survive when it leaves the number as it was.
""",
    example="""
`The spokesperson said："We will continue，and support enterprises。"` →
`The spokesperson said: "We will continue, and support enterprises."`
""",
)
