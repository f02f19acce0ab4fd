"""Words shared by the human-readable reports: language and family names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from audits.bidi_controls import BIDI_CONTROL_CLASS
from audits.datafiles import and_list
from audits.datafiles import language_name as english_name
from audits.document import Unnamed, unnamed_reason
from audits.history_commands import reported_show_command
from audits.noncharacters import NONCHARACTER_CLASS
from audits.rules import FAMILIES

# The reports have always taken it from here; it lives beside the engine so that the
# verdict's reasons write shares by the same rule.
from audits.shares import percent as percent


def probability_and_threshold(probability: float, threshold: float) -> tuple[str, str]:
    """P and the threshold with two decimals, or as many more as it takes for the two
    printed numbers to stand in the order the numbers themselves do, and for a P short
    of certainty (or a threshold) not to print as certain (see ``probability_text``).

    Every place that sets P beside its threshold (the gate line, the reports, the
    annotations) prints them here: "P = 0.99 (threshold 0.99)" on a document that was
    not flagged reads as a bug, and "0.47 >= 0.47" on one that was hides that P
    is above the threshold (0.4695 against 0.4691), not on it.
    """
    for digits in range(2, 7):
        p, t = probability_text(probability, digits), probability_text(threshold, digits)
        order = _order(_value(p, probability), _value(t, threshold))
        if order == _order(probability, threshold) and (p == t) == (probability == threshold):
            return p, t
    # Closer than a millionth: only the full numbers tell them apart.
    return repr(probability), repr(threshold)


def probability_text(probability: float, digits: int = 2) -> str:
    """P with ``digits`` decimals, or as many more as it takes not to read as certain:
    a P of 0.996 printed as "1.00" (and 0.004 as "0.00") said the verdict was beyond
    doubt where the JSON beside it says 0.996. Only a P that is 0 or 1 (the JSON's four
    decimals rounded it there) prints as 0.00 or 1.00."""
    for places in range(digits, 7):
        text = f"{probability:.{places}f}"
        if not _rounded_to_certainty(text, probability):
            return text
    return "<0.000001" if probability < 0.5 else ">0.999999"


def _value(text: str, number: float) -> float:
    # "<0.000001" stands where the number does, beside any other printed number.
    return number if text[0] in "<>" else float(text)


def _rounded_to_certainty(text: str, probability: float) -> bool:
    return float(text) in (0.0, 1.0) and float(text) != probability


def shown_probability(probability: float, threshold: float | None) -> str:
    """P as ``probability_and_threshold`` prints it, for a place that does not show
    the threshold (a summary table's column beside the verdict): a row "0.47 MT" above
    a row "0.47 -" read as two verdicts on one P, where the numbers were 0.4695 and
    0.4689 about a threshold of 0.4691. ``probability_text`` when the threshold is
    unknown."""
    if threshold is None:
        return probability_text(probability)
    return probability_and_threshold(probability, threshold)[0]


def _order(a: float, b: float) -> int:
    return (a > b) - (a < b)


def verdict_language(v: Mapping[str, Any]) -> str:
    """A JSON verdict's source language as ``source_language`` says it, with its votes
    and the reason the verdict kept."""
    return source_language(
        v.get("source_lang"), v.get("source_lang_scores"), v.get("source_lang_unnamed")
    )


def verdict_language_with_confidence(v: Mapping[str, Any]) -> str:
    """``verdict_language`` and, for a named language, the verdict's confidence in it
    as ``source_language_with_confidence`` writes it."""
    return source_language_with_confidence(
        v.get("source_lang"),
        v.get("source_lang_scores"),
        v.get("source_lang_unnamed"),
        v.get("source_lang_confidence"),
    )


def verdict_message(entry: Mapping[str, Any], v: Mapping[str, Any], *, known: bool) -> str:
    """What a machine-translated document's alert says (GitHub annotations and SARIF
    alike): P, its threshold, the source language and the reasons."""
    lang = verdict_language_with_confidence(v)
    why = "; ".join(r["text"] for r in v["reasons"])
    p, t = probability_and_threshold(v["probability"], v["threshold"])
    message = f"P(machine-translated) = {p} (threshold {t}), source language {lang}." + (
        f" Why: {why}" if why else ""
    )
    # A document the baseline already judged machine-translated is there for its new
    # findings and does not fail the gate on P.
    if known:
        message += " Already machine-translated in the baseline: not a gate failure."
    elif (entry.get("baseline") or {}).get("reopened"):
        message += f" Judged again: {entry['baseline']['reopened']}."
    return message


def language_name(code: str | None) -> str:
    """``French (fr)``; ``unknown`` when no language was named."""
    if not code:
        return "unknown"
    # One table of names for the engine and the reports (languages.toml): a second,
    # shorter one here showed "sv (sv)" where a finding's message said "Swedish".
    return f"{english_name(code, code)} ({code})"


def source_language(
    code: str | None,
    scores: Mapping[str, float] | None = None,
    unnamed: Unnamed | Mapping[str, Any] | None = None,
) -> str:
    """The verdict's source language as a document's report says it: ``French (fr)``,
    or why none is named. "unknown" beside "Why: 1 French calque" read as the report
    contradicting itself, where one hint is too little to name a language (by
    design); the reason is the verdict's own (``unnamed_language``): too little
    evidence, a tie or no language standing out, with the languages hinted at.
    ``scores`` None: the votes are unknown, and so is the reason. ``unnamed`` is the
    verdict's reason (``source_lang_unnamed``, from the raw votes), which every
    ``Verdict`` naming no language holds (``Verdict.__post_init__``); a JSON report
    written before the field has none, and its reason is worked out from its scores
    as that ``Verdict`` would (a tie read "too little evidence" on 3.2 votes)."""
    if code:
        return language_name(code)
    if scores is None:
        # The votes are not known (a trend's history keeps the language alone): no
        # reason is better than a guessed one.
        return "not named"
    if isinstance(unnamed, Mapping):
        unnamed = Unnamed(unnamed["reason"], tuple(unnamed.get("tied") or ()))
    if unnamed is None:
        unnamed = unnamed_reason(scores)
    if unnamed.reason == "tie":
        tied, more = _some(unnamed.tied)
        return f"not named ({and_list(tied + ([f'{more} more'] if more else []))} equally likely)"
    if unnamed.reason == "unlearnt":
        return (
            # Spellings, not letters: "Mateusz Morawiecki" is Polish without a Polish letter.
            f"not named ({and_list([english_name(c) for c in unnamed.tied])} spellings, "
            "which the classifier never learnt)"
        )
    hinted = sorted((c for c, w in scores.items() if w > 0), key=lambda c: (-scores[c], c))
    why = "no language stands out" if unnamed.reason == "spread" else "too little evidence"
    if not hinted:
        return f"not named ({why})"
    names, more = _some(hinted)
    return f"not named ({why}; hints: {', '.join(names)}" + (f" +{more} more)" if more else ")")


def source_language_with_confidence(
    code: str | None,
    scores: Mapping[str, float] | None,
    unnamed: Unnamed | Mapping[str, Any] | None,
    confidence: float | None,
) -> str:
    """The source language as ``source_language`` says it, and for a named one the
    verdict's confidence in it: "French (fr), 87% confidence". Every human-read report
    writes it here (the terminal wrote "French (fr) (87%)", HTML "· 87% confidence",
    Markdown ", 87%", the GitHub and SARIF alerts nothing), with ``percent``'s rule
    that a share short of certainty never reads as certain (0.996 is ">99%", not
    "100%"). A language not named has no confidence to give."""
    text = source_language(code, scores, unnamed)
    if not code or confidence is None:
        return text
    return f"{text}, {percent(confidence)} confidence"


def _some(codes: Sequence[str], shown: int = 3) -> tuple[list[str], int]:
    """The names of the first ``shown`` languages, and how many more there are: five
    hints listed as their first three read as if there were three."""
    return [english_name(c, c) for c in codes[:shown]], max(len(codes) - shown, 0)


def rule_counts(codes: Iterable[str]) -> list[tuple[str, int]]:
    """How often each rule fired, most first and by code on a tie: the same order in
    every audit report's overview (Markdown and the terminal listed a tie in the order the
    findings came, "T104×3 T102×3", and HTML by code, "T102×3 T104×3")."""
    return sorted(Counter(codes).items(), key=lambda kv: (-kv[1], kv[0]))


def family_name(code: str) -> str:
    """The family of a rule code (``C201`` → ``calques and literal translations``)."""
    return FAMILIES.get(code[:1], "other")


def history_run_label(run_id: int, command: str | None = None) -> str:
    """The history run a report is of, with the command that shows it again: a report
    (or a CI log) of a run recorded with --history named no run, and `mtaudit history
    show` needs its id (and ``command`` names the history where the plain one would
    not find it)."""
    return f"history run {run_id} ({reported_show_command(run_id, command)})"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def hidden_by_baseline(known_findings: int, known_places: int) -> str:
    """What a baseline hid, in words: "3 known findings hidden", and the known places
    of run-level findings still shown for their new places (a new article repeating an
    accepted misspelling), which no count of findings covers."""
    text = f"{plural(known_findings, 'known finding')} hidden"
    if known_places:
        text += f", and {plural(known_places, 'known place')} of run-level findings"
    return text


# The bidirectional embeddings, overrides and isolates (audits.bidi_controls): a
# U+202E in a feed's title reversed the rest of an annotation in GitHub's log viewer,
# and of a line in a terminal that does bidi. The marks U+200E/U+200F stay.
_BIDI = BIDI_CONTROL_CLASS
_BIDI_CONTROL = re.compile(f"[{_BIDI}]")
# The noncharacters (audits.noncharacters): no character at all, which a terminal
# draws as garbage of its own choosing (or nothing) and an HTML parser reports.
_NONCHARACTERS = NONCHARACTER_CLASS
# C0 controls but tab and line feed, DEL and the C1 controls (CSI, OSC, ...), the
# bidi controls and the noncharacters.
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_NONCHARACTERS}]")


def without_bidi_controls(text: str) -> str:
    """``text`` with each bidi embedding, override or isolate shown as U+FFFD, one for
    one, for reports that are read rather than run (HTML, Markdown): a U+202E in an
    article made the rest of its paragraph, highlights included, read backwards."""
    return _BIDI_CONTROL.sub("\ufffd", text)


# The controls HTML does not take in text (a parse error, "control character in input
# stream"): all but its white space (tab, LF, FF, CR); and the noncharacters, another
# parse error that reached the page as they were.
_HTML_CONTROL = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f{_BIDI}{_NONCHARACTERS}]")


def html_visible(text: str) -> str:
    """``text`` for an HTML page: each control character but HTML's white space shown,
    one for one, as ``printable`` shows it (ESC as ␛, a C1 control or a bidi control
    as U+FFFD), and each noncharacter as U+FFFD. An article's ESC sequence reached the
    page as it was: printed in a CI job (``-f html``) it coloured or cleared the log,
    and a validator refused the page."""
    return _HTML_CONTROL.sub(_picture, text)


def printable(text: str) -> str:
    """Article text as a terminal or a log viewer shows it, never as commands to it.

    A title holding ESC sequences (a JSON Feed or JSONL record can) would otherwise
    clear the screen, retitle the window or plant a hyperlink. Each control character
    becomes one visible character (ESC as ␛, a C1 control, a bidi override or a
    noncharacter as U+FFFD, as the HTML report shows them) and CR a space (the CR of
    CRLF), so offsets into the text still hold for highlighting.
    """
    return _CONTROL.sub(_picture, text)


def printable_line(text: str) -> str:
    """A title, source or id as ``printable`` shows it, on one line: a line break is a
    space, as rich makes it in a panel's border (a feed's title or a JSONL id can
    hold one, and it split a row of a table in two). So is a line or paragraph
    separator (U+2028, U+2029), where rich breaks a cell too."""
    return printable(text).translate(_LINE_BREAKS)


_LINE_BREAKS = str.maketrans({"\n": " ", "\u2028": " ", "\u2029": " "})


# What ``printable_lines`` shows: as ``_CONTROL``, but a text's own line structure
# stays (tab, LF and the CR of a CRLF), and a CR alone is matched to be shown.
_CONTROL_IN_LINES = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_NONCHARACTERS}]|\r(?!\n)"
)


def printable_lines(text: str) -> str:
    """A line-based file format's whole text (CSV) as a terminal shows it, never as
    commands to it: each control character shown as ``printable`` shows it, but tab,
    LF and CRLF kept, since they are the format's own cells and rows, and a CR alone
    shown as ␍. That CR sent the cursor back to the start of the line, and what
    followed it in an article's cell overwrote the row's first cells on a terminal."""
    return _CONTROL_IN_LINES.sub(_line_picture, text)


def _line_picture(match: re.Match[str]) -> str:
    return "\u240d" if match[0] == "\r" else _picture(match)


def first_three(names: list[str]) -> str:
    """The first three of ``names``, printable, then ", ..." for the rest: how a warning
    names the documents it is about."""
    shown = ", ".join(printable(name) for name in names[:3])
    return shown + (", ..." if len(names) > 3 else "")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code == 0x0D:
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ... ␟
    return "\u2421" if code == 0x7F else "\ufffd"
