"""Baselines: report only what is new since a previous JSON report.

Documents are matched by a hash of their text (a renamed file or a feed entry
with a new URL is still the same article), else by id, else by file path when
the two runs spelled it from different directories (``audits.baseline_paths``).
A document the baseline does not know is "new" and keeps all its findings; a
known one is "unchanged" or "changed" (its text differs) and keeps only the
findings the baseline did not have. A known document with nothing new is left out of the
report, unless it has just turned machine-translated.

Findings are matched by rule, flagged text and the text of their sentence
(whitespace-normalised), never by offsets, so an edit in one paragraph does
not make the rest of the article look new; a finding in an edited sentence is
still known when its sentence is nearly the same (``audits.baseline_edits``).
Repeated findings are matched as a multiset: a second "diplomatic chief" in
the same sentence is new even when the baseline had one. Run-level findings
(N310) are matched place by place (rule, document, flagged text): a new article
that repeats an accepted misspelling is that finding's only new place.

Unreadable inputs (error entries) are always reported: a gate whose inputs
could not be read fails closed, baseline or not.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from audits.baseline_edits import KnownFinding, known_findings, match_edited
from audits.baseline_paths import CurrentPath, current_path, match_by_path
from audits.byte_order_marks import text_file_encoding
from audits.document import SCHEMA, BaselineComparison, Document, DocumentAudit, Finding, RunAudit
from audits.errors import BaselineError, InputError, read_reason
from audits.fingerprints import document_hash, finding_fingerprint, run_place_key
from audits.folder_names import refuse_a_separator
from audits.line_endings import lf_line_endings
from audits.reports.labels import probability_text
from audits.signature import compact_signature
from audits.sources.base import MAX_INPUT_BYTES
from audits.sources.decode import (
    json_error,
    json_error_in,
    json_kind,
    load_json,
    record_lines,
    record_position,
)
from audits.sources.gzipped import read_gzip_bytes
from audits.sources.inputs import printable_name
from audits.verdict_model import log_odds

# How far a known machine-translated article's P may rise over the baseline's, in
# log-odds, before its verdict is news again. The verdict is a logistic model, so
# noise in its features (a language model on another device) moves the log-odds by
# about as much at any P; two nats, odds 7.4 times as high, is far (0.62 -> 0.92,
# 0.9 -> 0.985), as an edit of a few lines of a short article can move one nat.
VERDICT_RISE = 2.0
# An article that keeps less than this share of its words in order (difflib's ratio
# over words) was rewritten, not edited: the baseline's verdict was on another text.
REWRITTEN = 0.5
# P as the report rounds it, kept off 0 and 1, where the log-odds are infinite.
_P_FLOOR = 0.00005


@dataclass(frozen=True)
class BaselineDocument:
    id: str
    content_hash: str | None
    machine_translated: bool
    # Finding fingerprints (``audits.fingerprints``), as a multiset.
    finding_keys: Counter[str] = field(default_factory=Counter)
    # The findings themselves, for those whose sentence has been edited since
    # (``audits.baseline_edits``).
    findings: tuple[KnownFinding, ...] = ()
    # The input it was read from (``feed.xml#3``, ``a.jsonl:2``), where the report says.
    source: str | None = None
    # P(machine-translated) as the baseline reported it (None in old histories).
    probability: float | None = None
    # The text the verdict was on (its sentences), to tell an edit from a rewrite.
    text: str | None = None
    # Where ``findings`` and ``text`` are read only when needed (a history, which holds
    # every document it ever saw): a loader of this document with both filled in.
    details: Callable[[BaselineDocument], BaselineDocument | None] | None = field(
        default=None, compare=False, repr=False
    )

    def in_full(self) -> BaselineDocument:
        """This document with its findings and text, loaded where they are kept apart."""
        if self.details is None:
            return self
        return self.details(self) or self


@dataclass(frozen=True)
class Baseline:
    """What a previous report knew, reduced to what matching needs."""

    path: str
    signature: str
    by_id: dict[str, BaselineDocument]
    by_hash: dict[str, BaselineDocument]
    # The places of its run-level findings (``run_place_key``), as a multiset.
    run_finding_places: Counter[str]
    # The report as read (None from a history): what a stream given to --write-baseline
    # gets again when this run's baseline is refused (``cli.audit_cmd``).
    text: str | None = field(default=None, repr=False, compare=False)


def load_baseline(path: str | Path) -> Baseline:
    """Read a JSON (or JSONL) report written by mtaudit; a clear error otherwise."""
    where = str(path)
    if refusal := refuse_a_separator(f"baseline {where}", path):
        raise BaselineError(refusal)
    try:
        # Gzipped by its magic bytes, not its name: a report kept gzipped (a CI
        # artifact) read as "not UTF-8: byte 0x8b", and --write-baseline writes plain
        # JSON to a name ending .gz, which must still read back.
        data = read_gzip_bytes(Path(path).read_bytes(), where, MAX_INPUT_BYTES)
        raw = data.decode(text_file_encoding(data))
    except FileNotFoundError:
        raise BaselineError(f"baseline {where}: no such file") from None
    except InputError as exc:
        raise BaselineError(f"baseline {where}: {exc.reason}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {where}: cannot read it ({read_reason(exc)})") from None
    return parse_baseline(raw, where)


def parse_baseline(raw: str, where: str) -> Baseline:
    hint = "pass a report written by `mtaudit audit --format json` (or -o report.json)"
    try:
        data: Any = load_json(raw)
    except json.JSONDecodeError as exc:
        try:
            data = _jsonl_report(raw)
        except _BrokenJsonlLine as broken:
            raise BaselineError(
                f"baseline {where}: not JSON Lines ({broken}); {hint} or --format jsonl"
            ) from None
        if data is None:
            raise BaselineError(
                f"baseline {where}: not JSON ({json_error_in(raw, exc)}); {hint}"
            ) from None
    if isinstance(data, dict) and "documents" not in data and "findings" in data:
        data = _jsonl_report(raw)  # a JSONL report of a single document
    if not isinstance(data, dict):
        raise BaselineError(f"baseline {where}: not an mtaudit report; {hint}")
    schema = data.get("schema")
    if schema != SCHEMA:
        # `{}` was "schema None", a Python word for the missing field.
        if "runs" in data and "version" in data:
            what = "a SARIF log"
        elif "schema" not in data:
            what = 'no "schema" field'
        elif schema is None:
            what = 'a null "schema" field'
        else:
            what = f"schema {schema!r}"
        raise BaselineError(f"baseline {where}: {what}, not an {SCHEMA} report; {hint}")
    if data.get("baseline"):
        raise BaselineError(
            f"baseline {where}: this report was itself filtered by a baseline, so it lacks "
            "the documents that were unchanged; use a full report (see --write-baseline)"
        )
    documents = data.get("documents")
    if documents is None:
        raise BaselineError(f"baseline {where}: malformed report (no documents list)")
    if not isinstance(documents, list):
        raise BaselineError(
            f"baseline {where}: malformed {SCHEMA} report: documents is "
            f"{json_kind(documents)}, not a list"
        )
    try:
        docs = []
        for i, entry in enumerate(documents):
            entry = _object(entry, f"documents[{i}]")
            if entry.get("status") == "ok":
                docs.append(_baseline_document(entry, f"documents[{i}]"))
        run_places = Counter(_run_places(data.get("run_findings")))
    except _Malformed as exc:
        # A hand-edited report said "AttributeError: 'str' object has no attribute
        # 'get'": Python's words, naming no field.
        raise BaselineError(f"baseline {where}: malformed {SCHEMA} report: {exc}") from None
    signature = _signature_of(data, where)
    return Baseline(
        path=where,
        signature=signature,
        by_id={d.id: d for d in docs},
        by_hash={d.content_hash: d for d in docs if d.content_hash},
        run_finding_places=run_places,
        text=raw,
    )


def _signature_of(data: Mapping[str, Any], where: str) -> str:
    """The baseline's settings, as a signature string; a report edited by hand can hold
    anything there, which ended in a traceback."""
    string, full = data.get("signature_string"), data.get("signature")
    if string is not None and not isinstance(string, str):
        raise BaselineError(f"baseline {where}: malformed {SCHEMA} report (signature_string)")
    if string:
        return string
    if full is not None and not isinstance(full, dict):
        raise BaselineError(f"baseline {where}: malformed {SCHEMA} report (signature)")
    return compact_signature(full or {})


class _BrokenJsonlLine(Exception):
    """A line of what reads as a JSONL report that is not JSON: the whole file's error
    ("Extra data at line 2, column 1", where the second record starts) pointed past
    the damage, at a line that was fine."""


def _jsonl_report(raw: str) -> dict[str, Any] | None:
    """A JSONL report (one document per line) as the documents of a JSON report."""
    docs = []
    pieces = raw.split("\n")
    for line, lineno in zip(pieces, record_lines(pieces), strict=True):
        if not line.strip():
            continue
        try:
            entry = load_json(line)
        except json.JSONDecodeError as exc:
            if not docs:
                return None
            at, column = record_position(line, lineno, exc.pos)
            raise _BrokenJsonlLine(json_error(exc, f"line {at}, column {column}")) from None
        if not isinstance(entry, dict) or entry.get("schema") != SCHEMA:
            return None
        docs.append(entry)
    if not docs:
        return None
    return {
        "schema": SCHEMA,
        "signature_string": docs[0].get("signature_string"),
        "baseline": any(d.get("baseline") for d in docs),
        "documents": docs,
        "run_findings": _jsonl_run_findings(docs),
    }


def _jsonl_run_findings(lines: list[dict[str, Any]]) -> list[Any]:
    """The run-level findings of a JSONL report: each line carries those that involve
    its document, with the places in it (a report of an older mtaudit: with all their
    places, so one that spans two documents is on both lines, and is counted once)."""
    counts: Counter[str] = Counter()
    found: dict[str, Any] = {}
    for line in lines:
        here: Counter[str] = Counter()
        for rf in line.get("run_findings") or []:
            key = json.dumps(rf, sort_keys=True, ensure_ascii=False)
            found.setdefault(key, rf)
            here[key] += 1
        counts |= here  # the most copies any one line holds
    return [found[key] for key, n in counts.items() for _ in range(n)]


class _Malformed(Exception):
    """A field of a baseline report that is missing or not of its JSON type; the
    message says which (``documents[2].findings[0].code``) and what it holds."""


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _Malformed(f"{where} is {json_kind(value)}, not an object")
    return value


def _list(value: object, where: str) -> list[Any]:
    """A list field, where null stands for an empty one (as older reports wrote)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Malformed(f"{where} is {json_kind(value)}, not a list")
    return value


def _field(entry: Mapping[str, Any], key: str, where: str, kind: type | None = str) -> Any:
    """``entry[key]``, which must be there (and be ``kind``, unless None)."""
    if key not in entry:
        raise _Malformed(f'{where} has no "{key}"')
    value = entry[key]
    if kind is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        name = {str: "a string", int: "a whole number"}[kind]
        raise _Malformed(f"{where}.{key} is {json_kind(value)}, not {name}")
    return value


def _run_places(run_findings: object) -> list[str]:
    places = []
    for i, rf in enumerate(_list(run_findings, "run_findings")):
        rf = _object(rf, f"run_findings[{i}]")
        code = _field(rf, "code", f"run_findings[{i}]")
        for j, place in enumerate(_list(rf.get("places"), f"run_findings[{i}].places")):
            at = f"run_findings[{i}].places[{j}]"
            place = _object(place, at)
            document = _field(place, "document", at, None)
            places.append(run_place_key(code, str(document), _field(place, "text", at)))
    return places


def _baseline_document(entry: Mapping[str, Any], where: str = "document") -> BaselineDocument:
    sentences = {}
    for i, s in enumerate(_list(entry.get("sentences"), f"{where}.sentences")):
        at = f"{where}.sentences[{i}]"
        s = _object(s, at)
        sentences[_field(s, "index", at, int)] = _field(s, "text", at)
    stored = []
    for i, f in enumerate(_list(entry.get("findings"), f"{where}.findings")):
        at = f"{where}.findings[{i}]"
        f = _object(f, at)
        sentence = f.get("sentence")
        if sentence is not None and (not isinstance(sentence, int) or isinstance(sentence, bool)):
            raise _Malformed(f"{at}.sentence is {json_kind(sentence)}, not a whole number")
        stored.append((_field(f, "code", at), _field(f, "text", at), sentence))
    findings = known_findings(stored, sentences)
    keys = Counter(k.fingerprint for k in findings)
    verdict = _object(entry.get("verdict") or {}, f"{where}.verdict")
    probability = verdict.get("probability")
    if probability is not None and (
        isinstance(probability, bool)
        or not isinstance(probability, int | float)
        or not 0.0 <= probability <= 1.0  # NaN too
    ):
        raise _Malformed(
            f"{where}.verdict.probability is {probability!r}, not a number from 0 to 1"
        )
    # A document whose id was lost in a hand edit loaded as one named "None".
    doc_id = _field(entry, "id", where)
    digest = entry.get("content_hash")
    if digest is not None and not isinstance(digest, str):
        # It becomes a dict key: a list here was an internal error, not a bad baseline.
        raise _Malformed(f"{where}.content_hash is {json_kind(digest)}, not a string")
    return BaselineDocument(
        id=doc_id,
        content_hash=digest,
        machine_translated=bool(verdict.get("machine_translated")),
        finding_keys=keys,
        findings=tuple(findings),
        source=str(entry["source"]) if entry.get("source") is not None else None,
        probability=None if probability is None else float(probability),
        text=" ".join(sentences[i] for i in sorted(sentences)),
    )


def baseline_run(run: RunAudit) -> RunAudit:
    """``run`` as ``--write-baseline`` writes it: documents in id order, no clock times
    nor history run id, and no language-model measurements.

    A baseline is committed beside the articles and rewritten by each run; in the
    order the inputs were named, with the run's start and end times, it differed on
    every run even when nothing had changed (and ``audit news/b news/a`` reordered
    it), so its diff said nothing. Every sentence's LM scores, and the evidence of the
    fluency rules, were a third of the file and most of its lines, and moved in their
    last digits with the device and batch. Matching reads none of these.
    """
    documents = sorted(
        (
            dataclasses.replace(
                a,
                fluency={},
                findings=[
                    dataclasses.replace(f, evidence={}) if f.code.startswith("F") else f
                    for f in a.findings
                ],
            )
            for a in run.documents
        ),
        key=lambda a: a.document.id,
    )
    run_findings = sorted(run.run_findings, key=lambda rf: (rf.code, [d for d, _ in rf.places]))
    return dataclasses.replace(
        run,
        documents=documents,
        run_findings=run_findings,
        started=None,
        finished=None,
        history_run_id=None,
        history_show_command=None,
    )


def unread_documents(
    run: RunAudit, baseline: Baseline, hashes: TextHashes | None = None
) -> list[str]:
    """The baseline's documents that this run could not read: those of an input that
    failed (a file, or a feed whose entries' sources are ``feed#N``) and that the run
    has under no id. A baseline rewritten from this run would lose them, and their
    accepted findings would be new on the next run.

    An input is the baseline's by its path as the baseline recorded it, or spelt from
    another directory (``b.txt`` inside ``news/`` is the baseline's ``news/b.txt``),
    matched as documents are (``audits.baseline_paths``). ``hashes`` holds the texts'
    hashes where the run's baseline was matched already."""
    failed = {a.document.source for a in run.errors}
    if not failed:
        return []
    hashes = hashes if hashes is not None else TextHashes()
    seen = {a.document.id for a in run.documents if a.ok}
    seen_text = {h for a in run.documents if a.ok for h in hashes(a.document)}
    candidates = {
        d.id: _input_of(d.source)
        for d in baseline.by_id.values()
        if d.id not in seen and d.content_hash not in seen_text and d.source is not None
    }
    lost = failed & set(candidates.values())
    elsewhere = [p for s in failed - lost if (p := current_path(s, s)) is not None]
    if elsewhere:
        others = set(candidates.values()) - lost
        anchors = _anchors(run, baseline, hashes)
        lost |= set(match_by_path(elsewhere, others, anchors).values())
    return sorted(doc_id for doc_id, source in candidates.items() if source in lost)


def _anchors(
    run: RunAudit, baseline: Baseline, hashes: TextHashes
) -> list[tuple[CurrentPath, str]]:
    """This run's files that the baseline has by text or id, with the baseline's id:
    where the baseline's run stood, for ``match_by_path``."""
    anchors = []
    for a in run.documents:
        if not a.ok or (path := current_path(a.document.id, a.document.source)) is None:
            continue
        known = _by_text(baseline, hashes(a.document)) or baseline.by_id.get(path.id)
        if known is not None:
            anchors.append((path, known.id))
    return anchors


def text_hashes(document: Document) -> tuple[str, ...]:
    """The hashes the baseline may know ``document``'s text by: its own, then that of
    the same text with the other line endings (LF for a text with CR or CRLF ones,
    CRLF for one with LF ones).

    A checkout with CRLF line endings (git's ``autocrlf`` on a Windows runner, an
    editor that saved the file so) holds the article the baseline was written from on
    Linux, but hashed apart from it: it came out "changed", and once renamed "new",
    with every accepted finding failing the gate. A baseline written on Windows and
    checked in meets the same article with LF endings on a Linux runner, the other
    way round (autocrlf converts every line, so one CRLF form is enough)."""
    exact = document_hash(document)
    if "\r" in document.text:
        other = _with_text(document, lf_line_endings)
    elif "\n" in document.text:
        other = _with_text(document, lambda t: t.replace("\n", "\r\n"))
    else:
        return (exact,)
    return (exact, document_hash(other))


class TextHashes:
    """Each document's ``text_hashes``, made once for a run: matching the baseline and
    keeping it from shrinking ask for them five times a document, each time hashing the
    whole text and a copy of it with the other line endings. A document is known by
    its identity (and held, so that its id is not another's): its text is not changed
    during a run."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[Document, tuple[str, ...]]] = {}

    def __call__(self, document: Document) -> tuple[str, ...]:
        made = self._made.get(id(document))
        if made is None:
            made = self._made[id(document)] = (document, text_hashes(document))
        return made[1]


def _with_text(document: Document, convert: Callable[[str], str]) -> Document:
    """``document`` with ``convert``ed text, and the offsets of its repaired input
    findings (part of its hash) moved to where the same characters stand there."""
    findings = [
        dataclasses.replace(f, start=len(convert(document.text[: f.start])))
        if f.evidence.get("repaired_text")
        else f
        for f in document.input_findings
    ]
    return dataclasses.replace(document, text=convert(document.text), input_findings=findings)


def _by_text(baseline: Baseline, digests: tuple[str, ...]) -> BaselineDocument | None:
    return next((baseline.by_hash[d] for d in digests if d in baseline.by_hash), None)


# An entry's place in its input: a feed's ``#3``, a JSONL file's ``:3``.
_ENTRY_SUFFIX = re.compile(r"(#|:)\d+$")


def _input_of(source: str) -> str:
    return _ENTRY_SUFFIX.sub("", source)


def apply_baseline(run: RunAudit, baseline: Baseline, hashes: TextHashes | None = None) -> RunAudit:
    """A copy of ``run`` with only the documents and findings that are new. ``hashes``
    keeps the texts' hashes for ``unread_documents`` of the same run."""
    hashes = hashes if hashes is not None else TextHashes()
    comparison = BaselineComparison(
        # As the reports name an input: a baseline named in bytes that are not UTF-8
        # (its lone surrogates) stopped every report with an internal UnicodeEncodeError.
        path=printable_name(baseline.path),
        signature=baseline.signature,
        # An empty history's (the first scheduled run) has no settings to differ: its
        # reports said "the baseline was made with other settings".
        signature_matches=baseline.signature in ("", compact_signature(run.signature)),
    )
    kept: list[DocumentAudit] = []
    # Baseline documents whose very text is in this run: those documents are theirs.
    held = {
        baseline.by_hash[d].id
        for a in run.documents
        if a.ok
        for d in hashes(a.document)
        if d in baseline.by_hash
    }
    by_path = _path_matches(run, baseline, held, hashes)
    # This run's document id -> the baseline's id for the same document.
    baseline_ids: dict[str, str] = {}
    for audit in run.documents:
        if not audit.ok:
            kept.append(audit)
            continue
        doc_id = audit.document.id
        digests = hashes(audit.document)
        # The same text first: an id can name another article by now (a record's line).
        # Where two documents have one text (a mirrored copy), each is its own id's.
        same = baseline.by_id.get(doc_id)
        known = (
            (same if same is not None and same.content_hash in digests else None)
            or _by_text(baseline, digests)
            or _by_id(audit.document, baseline, held)
            or by_path.get(doc_id)
        )
        if known is None:
            comparison.status[doc_id] = "new"
            kept.append(audit)
            continue
        baseline_ids[doc_id] = known.id
        unchanged = known.content_hash in digests
        comparison.status[doc_id] = "unchanged" if unchanged else "changed"
        if not unchanged:
            known = known.in_full()
        comparison.was_machine_translated[doc_id] = known.machine_translated
        if (why := _reopened(audit, known, unchanged)) is not None:
            comparison.reopened[doc_id] = why
        # Unchanged text can still have new findings (new rules, other settings).
        fresh = _new_findings(audit, known)
        comparison.known_findings[doc_id] = len(audit.findings) - len(fresh)
        turned = bool(audit.verdict and audit.verdict.machine_translated) and not (
            comparison.verdict_known(doc_id)
        )
        if fresh or turned:
            kept.append(dataclasses.replace(audit, findings=fresh))

    remaining = Counter(baseline.run_finding_places)
    run_findings = []
    for rf in run.run_findings:
        fresh_places, known_places = [], []
        for doc_id, f in rf.places:
            # A document the baseline lacks has only new places, whatever its id.
            known_id = baseline_ids.get(doc_id)
            key = run_place_key(rf.code, known_id, f.text) if known_id is not None else None
            if key is not None and remaining[key] > 0:
                remaining[key] -= 1
                known_places.append((doc_id, f))
            else:
                fresh_places.append((doc_id, f))
        if not fresh_places:
            comparison.known_run_findings += 1
        else:
            # The message still tells the whole story (how many documents spell it so),
            # and the known places stay with it, out of sight: the reports count them,
            # and SARIF fingerprints the whole finding, as a run without a baseline does.
            run_findings.append(
                dataclasses.replace(rf, places=fresh_places, known_places=known_places)
            )
    return dataclasses.replace(run, documents=kept, run_findings=run_findings, baseline=comparison)


def _reopened(audit: DocumentAudit, known: BaselineDocument, unchanged: bool) -> str | None:
    """Why the baseline's machine-translated verdict no longer covers ``audit``, if so.

    The baseline accepted an article at the P it had then: one whose P has since risen
    far above that (a machine-translated section pasted in), or that was rewritten into
    another article under the same name, is a new judgement to make, not a known one.
    """
    v = audit.verdict
    if not known.machine_translated or v is None or not v.machine_translated:
        return None
    if known.probability is not None:
        rise = log_odds(v.probability, _P_FLOOR) - log_odds(known.probability, _P_FLOOR)
        if rise > VERDICT_RISE:
            return f"up from {probability_text(known.probability)} in the baseline"
    if not unchanged and known.text is not None:
        text = " ".join(s.text for s in audit.sentences)
        if _kept(known.text, text) < REWRITTEN:
            return "rewritten since the baseline"
    return None


def _kept(before: str, after: str) -> float:
    """How much of the text is the same, in order: difflib's ratio over its words."""
    matcher = SequenceMatcher(None, before.split(), after.split(), autojunk=False)
    if matcher.real_quick_ratio() < REWRITTEN or matcher.quick_ratio() < REWRITTEN:
        return 0.0
    return matcher.ratio()


# A JSONL record without an id of its own is known by its line (``feed.jsonl:3``).
_RECORD_LINE = re.compile(r":\d+$")


def _by_id(document: Document, baseline: Baseline, held: set[str]) -> BaselineDocument | None:
    """The baseline document of the same id, unless the id is a record's line and that
    document's text is elsewhere in this run: a record inserted above moved every
    record below it, and the line now holds another article (which, matched by id,
    came out "changed", with all its findings new and its verdict taken as known)."""
    known = baseline.by_id.get(document.id)
    positional = document.id == document.source and _RECORD_LINE.search(document.id)
    if known is not None and positional and known.id in held:
        return None
    return known


def _path_matches(
    run: RunAudit, baseline: Baseline, held: set[str], hashes: TextHashes
) -> dict[str, BaselineDocument]:
    """The documents that neither id nor text matches, matched by file path: the same
    article, edited, audited from another directory than the baseline's run. A baseline
    document whose text is in this run (``held``) is that document's, not another's."""
    anchors = _anchors(run, baseline, hashes)
    anchored = {path.id for path, _ in anchors}
    unmatched = [
        path
        for a in run.documents
        if a.ok
        and a.document.id not in anchored
        and (path := current_path(a.document.id, a.document.source)) is not None
    ]
    if not unmatched:
        return {}
    current = {a.document.id for a in run.documents}
    free = [bid for bid in baseline.by_id if bid not in current and bid not in held]
    pairs = match_by_path(unmatched, free, anchors)
    return {cid: baseline.by_id[bid] for cid, bid in pairs.items()}


def _new_findings(audit: DocumentAudit, known: BaselineDocument) -> list[Finding]:
    sentences = {s.index: s.text for s in audit.sentences}
    remaining = Counter(known.finding_keys)
    unmatched: list[Finding] = []
    for f in audit.findings:
        key = finding_fingerprint(f.code, f.text, sentences.get(f.sentence))
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            unmatched.append(f)
    if not unmatched or not known.findings:
        return unmatched
    # What exact matching left of the baseline: candidates for edited sentences.
    leftovers = []
    for k in known.findings:
        if remaining[k.fingerprint] > 0:
            remaining[k.fingerprint] -= 1
            leftovers.append(k)
    edited = match_edited(
        [(f.code, f.text, sentences.get(f.sentence) or "") for f in unmatched], leftovers
    )
    return [f for i, f in enumerate(unmatched) if i not in edited]
