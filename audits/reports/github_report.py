"""GitHub Actions workflow commands: one annotation per finding.

``::warning file=F,line=L,endLine=L2,col=C,endColumn=C2,title=T::MESSAGE``

Workflow commands are line-based, so the data after ``::`` escapes ``%``,
CR and LF, and property values also escape ``:`` and ``,`` (which would
otherwise end the value). Lines and columns are given only where they point
into the file (UTF-8 text files; a JSONL record gets its line), and columns
only for one-line spans, as GitHub requires; columns count UTF-16 code units
(see ``utf16_column``). A machine-translated document gets one file-level
error annotation with its verdict (a notice when a baseline already judged it
so, as it then does not fail the gate), an unreadable input an error, and the
run starts with a notice carrying the summary and signature. GitHub keeps only
the first ten annotations of each level per step, so the order is chosen: the
summary, unreadable inputs, machine-translated documents from the most likely,
then the findings in document order.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from audits.document import DocumentAudit, RunAudit, line_start
from audits.reports.base import Reporter
from audits.reports.labels import (
    hidden_by_baseline,
    history_run_label,
    plural,
    printable,
    verdict_message,
)
from audits.reports.locations import Copies, SourceLocation, locate, page_line, workspace_path
from audits.reports.model import run_to_dict

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
# GitHub turns at most this many workflow commands of each level into annotations
# per step (actions/toolkit, docs/problem-matchers.md, "Limitations"); the rest stay
# in the log only.
SHOWN_PER_LEVEL = 10


# The first-strong isolate and its end (Unicode bidi, UAX #9): input text between
# them is laid out in its own direction and moves nothing around it.
FSI, PDI = "\u2068", "\u2069"


@dataclass(frozen=True)
class Isolated:
    """Input text (a flagged span, a title, an id) in an annotation, which GitHub lays
    out left to right: a Hebrew or Arabic span took the quotes, colon and numbers
    beside it into its run, so “שלום עולם.”: read with its full stop on the wrong
    side and the English after it out of order. Written in a bidi isolate, after
    ``printable`` made the text's own bidi controls U+FFFD, so only ours are left."""

    text: str

    @functools.cached_property
    def marked(self) -> bool:
        """Whether the text needs its isolate: only right-to-left letters reorder what
        stands around them in a left-to-right line; the marks are invisible and are
        copied with the words they wrap, so English text goes without them."""
        return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in self.text)


# An annotation's message or property: plain text, or pieces some of them isolated.
Text = str | tuple["str | Isolated", ...]


def _marks(piece: str | Isolated) -> tuple[str, str]:
    """What stands before and after a piece: its isolate, where it needs one."""
    return (FSI, PDI) if isinstance(piece, Isolated) and piece.marked else ("", "")


def escape_data(value: object) -> str:
    if isinstance(value, tuple):
        return "".join(_escaped_piece(p) for p in value)
    return _escaped(value)


def _escaped_piece(piece: str | Isolated) -> str:
    # Escaped before its marks go round it: ``printable`` makes bidi controls U+FFFD.
    before, after = _marks(piece)
    return before + _escaped(_words(piece)) + after


def _escaped(value: object) -> str:
    # Other control characters (ESC sequences, which the log viewer renders) are shown.
    text = str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(value: object) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


# The sizes GitHub takes for an annotation's title and message (REST API, check runs,
# annotations object: "The maximum size is 255 characters", "64 KB").
MAX_TITLE = 255
MAX_MESSAGE_BYTES = 64 * 1024


def _plain_length(text: Text) -> int:
    """Characters as GitHub counts a title's, the isolates' marks among them."""
    if isinstance(text, str):
        return len(text)
    return sum(len(_words(p)) + len("".join(_marks(p))) for p in text)


def clip(text: Text, limit: int, *, measure: Callable[[Text], int] = _plain_length) -> Text:
    """``text`` cut to ``limit`` (as ``measure`` counts) with an ellipsis: a feed's
    long title or a 100 000-character "sentence" of a page without punctuation went
    out whole, over what GitHub takes for one annotation. Of pieces, the longest is
    cut (the next longest too, when that is not enough)."""
    if measure(text) <= limit:
        return text
    if isinstance(text, str):
        return _clipped(text, lambda head: measure(head + "…") <= limit) + "…"
    pieces = list(text)
    for i in sorted(range(len(pieces)), key=lambda k: -len(_words(pieces[k]))):
        if measure(tuple(pieces)) <= limit:
            break
        kind = Isolated if isinstance(pieces[i], Isolated) else str

        def fits(head: str, i: int = i, kind: type = kind) -> bool:
            return measure((*pieces[:i], kind(head + "…"), *pieces[i + 1 :])) <= limit

        pieces[i] = kind(_clipped(_words(pieces[i]), fits) + "…")
    return tuple(pieces)


def _clipped(text: str, fits: Callable[[str], bool]) -> str:
    """The longest prefix of ``text`` that ``fits``."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if fits(text[:mid]):
            low = mid
        else:
            high = mid - 1
    return text[:low]


def _words(piece: str | Isolated) -> str:
    return piece.text if isinstance(piece, Isolated) else piece


def _utf8_size(text: Text) -> int:
    return len(escape_data(text).encode("utf-8"))


@dataclass(frozen=True)
class Annotation:
    """One workflow command and its level, which GitHub counts per step."""

    level: str
    line: str


def annotation(level: str, message: Text, **properties: object) -> Annotation:
    return Annotation(level, command(level, message, **properties))


def command(level: str, message: Text, **properties: object) -> str:
    title = properties.get("title")
    if title is not None:
        title = title if isinstance(title, tuple) else str(title)
        properties["title"] = clip(title, MAX_TITLE)
    message = clip(message, MAX_MESSAGE_BYTES, measure=_utf8_size)
    props = ",".join(
        f"{key}={escape_property(value)}" for key, value in properties.items() if value is not None
    )
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


class GithubReporter(Reporter):
    name = "github"
    extension = ""
    description = "GitHub Actions annotations (workflow commands), for CI logs and pull requests"

    def render(self, run: RunAudit) -> str:
        report = run_to_dict(run)
        unreadable: list[Annotation] = []
        verdicts: list[tuple[float, Annotation]] = []
        findings: list[Annotation] = []
        for entry, audit in zip(report["documents"], run.documents, strict=True):
            loc = locate(entry)
            loc = dataclasses.replace(loc, path=workspace_path(loc.path))
            if entry["status"] != "ok":
                unreadable.append(
                    annotation(
                        "error",
                        (Isolated(entry["source"]), f": could not be audited: {entry['error']}"),
                        file=loc.path,
                        title="mtaudit: unreadable input",
                    )
                )
                continue
            v = entry["verdict"]
            if v and v["machine_translated"]:
                known = run.baseline is not None and run.baseline.verdict_known(entry["id"])
                verdicts.append((-v["probability"], _verdict(entry, v, loc, known=known)))
            # Only a page's findings look for their words' copies (_position).
            on_page = loc.path is not None and not loc.exact and loc.record_line is None
            copies = Copies(audit) if audit is not None and entry["findings"] and on_page else None
            for f in entry["findings"]:
                findings.append(_finding(f, entry, loc, audit, copies))
        for rf in report["run_findings"]:
            findings.append(
                annotation(
                    LEVELS.get(rf["severity"], "warning"),
                    _run_message(rf),
                    title=f"{rf['code']} {rf['name']}",
                )
            )
        verdicts.sort(key=lambda pair: pair[0])  # stable: equal P keep document order
        annotations = unreadable + [a for _, a in verdicts] + findings
        lines = [_summary(report, annotations), *(a.line for a in annotations)]
        return "".join(line + "\n" for line in lines)


# What a run finding's message quotes from its documents: a title in curly quotes,
# an id in brackets (S520: 'near-duplicates: “כותרת שלום” (שלום-0), ...').
_QUOTED = re.compile(r"(?<=“)[^“”]+(?=”)|(?<=\()[^()]+(?=\))")


def _message_pieces(message: str) -> tuple[str | Isolated, ...]:
    """``message`` with what it quotes from the documents in pieces of their own, so
    a Hebrew or Arabic title keeps its quotes and brackets where they stand."""
    pieces: list[str | Isolated] = []
    at = 0
    for m in _QUOTED.finditer(message):
        pieces += [message[at : m.start()], Isolated(m.group())]
        at = m.end()
    pieces.append(message[at:])
    return tuple(p for p in pieces if p)


def _run_message(rf: Mapping[str, Any]) -> Text:
    """A run finding's message and, in brackets, the ids of the documents it is in,
    each its own piece: a Hebrew or Arabic id took the commas and brackets beside it
    into its run. The titles and ids the message quotes are pieces too.

    Ids past what the message can hold are cut here, with "…", in one pass: ``clip``
    measures every piece at each step, so thousands of ids made it quadratic. A
    message with no room left for one id goes without them, ending in " (…)", or is cut
    at its end (``_cut_tail``)."""
    pieces = _message_pieces(str(rf["message"]))
    head = (*pieces, " (")
    room = MAX_MESSAGE_BYTES - _utf8_size(head) - len(", …)".encode())
    if rf["places"] and room < _utf8_size((Isolated(str(rf["places"][0].get("document"))),)):
        # The ids go, and the message says so: one that fitted, left as it was, hid
        # that documents were left out. " (…)" after it, or a cut text's own "…".
        dropped = " (…)"
        whole = _cut_tail(pieces, MAX_MESSAGE_BYTES - _utf8_size((dropped,)))
        return (*pieces, dropped) if whole is pieces else whole
    ids: list[str | Isolated] = []
    for place in rf["places"]:
        doc = Isolated(str(place.get("document")))
        piece: tuple[str | Isolated, ...] = (", ", doc) if ids else (doc,)
        room -= _utf8_size(piece)
        if room < 0:
            ids.append(", …")  # the first id fits: the early return saw to it
            break
        ids += piece
    return (*head, *ids, ")")


def _cut_tail(pieces: tuple[str | Isolated, ...], limit: int) -> tuple[str | Isolated, ...]:
    """The pieces that fit in ``limit`` bytes from the start, ending in one "…". S520's
    thousands of near-duplicates made a message over GitHub's 64 KB that ``clip`` cut
    piece by piece, the longest first: every title became "“…” (…)", and the ids after
    it one more "(…)". A title cut inside keeps its closing quote; a quote or bracket
    the cut would leave empty goes with it."""
    sizes = [_utf8_size((p,)) for p in pieces]  # escape_data joins its pieces' escapes
    # Room for a "…" is kept only where something is cut: a message 6 bytes short of
    # the limit lost its last character to one, where " (…)" after it fitted.
    if sum(sizes) <= limit:
        return pieces
    ellipsis = len("…".encode())
    used, n = 0, 0
    while n < len(pieces) and used + sizes[n] + ellipsis <= limit:
        used, n = used + sizes[n], n + 1
    kept, piece = list(pieces[:n]), pieces[n]
    if isinstance(piece, Isolated):
        close = _words(pieces[n + 1])[:1] if n + 1 < len(pieces) else ""
        room = limit - used - _utf8_size((close,))
        head = _clipped(piece.text, lambda h: _utf8_size((Isolated(h + "…"),)) <= room)
        if head:
            return (*kept, Isolated(head + "…"), close)
        piece = kept.pop() if kept else ""  # the text before it, which opens its quote
        used -= _utf8_size((piece,))
    head = _clipped(_words(piece), lambda h: used + _utf8_size((_ended(h),)) <= limit)
    return (*kept, _ended(head))


def _ended(text: str) -> str:
    """``text`` and "…", less a quote or bracket it opens at its end, which nothing
    would follow; a list cut after its comma goes on ", …" as the ids do."""
    text = text.rstrip()
    while text.endswith(("“", "(")):
        text = text[:-1].rstrip()
    return text + (" …" if text.endswith(",") else "…")


def _summary(report: Mapping[str, Any], annotations: list[Annotation]) -> str:
    """The run's totals and signature, first: GitHub shows only the first
    ``SHOWN_PER_LEVEL`` annotations of each level a step prints, so a summary printed
    last was lost behind ten info findings, and nothing said that some were hidden."""
    s = report["summary"]
    b = report["baseline"]
    # With a baseline the documents left are those with something new: "0 documents
    # audited" read as a job that had audited nothing at all.
    done = "audited" if b is None else "with something new"
    compared = ""
    if b is not None:
        counts = b["documents"]
        compared = (
            f" (baseline {b['path']}: {counts['new']} new, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged documents; "
            f"{hidden_by_baseline(b['known_findings'], b['known_places'])})"
        )
    text = (
        f"{plural(s['ok'], 'document')} {done}{compared}, "
        f"{s['machine_translated']} machine-translated, "
        f"{plural(s['findings'], 'finding')}, {plural(s['errors'], 'error')}."
    )
    per_level = Counter(a.level for a in annotations)
    per_level["notice"] += 1  # this one
    over = {level: n for level, n in per_level.items() if n > SHOWN_PER_LEVEL}
    if over:
        counts_text = ", ".join(f"{n} {level}s" for level, n in sorted(over.items()))
        text += (
            f" GitHub shows the first {SHOWN_PER_LEVEL} annotations of each level per step"
            f" ({counts_text} here: unreadable inputs first, then machine-translated documents"
            " from the most likely); the log has them all."
        )
    if report.get("history_run_id") is not None:
        label = history_run_label(report["history_run_id"], report.get("history_show_command"))
        text += f" Recorded as {label}."
    return command(
        "notice", f"{text} Signature: {report['signature_string']}", title="mtaudit summary"
    )


def utf16_column(text: str, offset: int) -> int:
    """The 1-based column of ``offset`` in UTF-16 code units, where our JSON counts code
    points. GitHub does not say what ``col`` counts; its own producers of these
    commands do UTF-16 (the actions toolkit and the problem matchers for tsc and
    ESLint are JavaScript, the runner is .NET), so after an emoji or another
    character outside the BMP (two code units, one code point) a code-point column
    pointed one character early for each, and disagreed with the other annotations
    of the job."""
    start = line_start(text, offset)
    return 1 + len(text[start:offset].encode("utf-16-le")) // 2


def _position(
    f: Mapping[str, Any],
    entry: Mapping[str, Any],
    loc: SourceLocation,
    audit: DocumentAudit,
    copies: Copies | None,
) -> dict[str, object]:
    text = audit.document.text
    if loc.path is None:
        return {}  # stdin or a URL: no file for a line to be in (the message says where)
    if loc.exact:
        position: dict[str, object] = {"line": f["line"], "endLine": f["end_line"]}
        if f["line"] == f["end_line"]:
            position["col"] = utf16_column(text, f["start"])
            position["endColumn"] = utf16_column(text, f["end"])
        return position
    if loc.record_line is not None:
        return {"line": loc.record_line}
    # A page: the line of its source where the flagged words stand, so the annotation
    # shows beside them in a pull request's diff.
    line = page_line(f, entry, loc, audit, copies)
    return {} if line is None else {"line": line}


def _finding(
    f: Mapping[str, Any],
    entry: Mapping[str, Any],
    loc: SourceLocation,
    audit: DocumentAudit,
    copies: Copies | None,
) -> Annotation:
    message: tuple[str | Isolated, ...] = ("“", Isolated(f["text"]), f"”: {f['message']}")
    if f.get("suggestion") and f["suggestion"] not in f["message"]:
        message += (f" Natural English: {f['suggestion']}.",)
    if loc.path is None or not loc.exact:
        where = ("[", Isolated(entry["id"]), f", line {f['line']}:{f['column']}] ")
        message = where + message
    return annotation(
        LEVELS.get(f["severity"], "warning"),
        message,
        file=loc.path,
        **_position(f, entry, loc, audit, copies),
        title=f"{f['code']} {f['name']}",
    )


def _verdict(
    entry: Mapping[str, Any], v: Mapping[str, Any], loc: SourceLocation, *, known: bool
) -> Annotation:
    message: Text = verdict_message(entry, v, known=known)
    if loc.path is None:
        message = ("[", Isolated(entry["id"]), f"] {message}")
    title = entry.get("title") or entry["id"]
    # A document the baseline already judged machine-translated does not fail the
    # gate on P: an error annotation would show a failure in a passing check, on
    # every pull request that touches the article.
    return annotation(
        "notice" if known else "error",
        message,
        file=loc.path,
        line=loc.line if loc.path is not None else None,
        title=("Machine-translated: ", Isolated(title)),
    )
