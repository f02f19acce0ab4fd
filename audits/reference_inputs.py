"""Reading what `mtaudit compare` compares, and pairing hypothesis with references.

Three shapes of input:
* text files aligned by line (HYP REF [REF...]), read exactly as the
  `sacrebleu` command reads them, so the scores agree with it;
* one JSONL file whose records carry ``hyp`` and ``ref`` (a string or a list);
* two documents whose line counts differ: their sentences are aligned.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audits.datafiles import and_list
from audits.errors import InputError, UsageError, read_reason
from audits.reference_align import AlignParams, align_sentences
from audits.reference_records import LINES, RECORDS, SENTENCES, Alignment, Segment
from audits.segment import segment
from audits.sources.base import MAX_INPUT_BYTES
from audits.sources.decode import (
    StrayRun,
    decode_with_strays,
    json_error,
    json_kind,
    load_json,
    record_lines,
    record_position,
    stray_findings,
)
from audits.sources.gzipped import inner_name, opens_as_gzip, read_file
from audits.sources.jsonl import id_refusal, scalar_id
from audits.sources.links import dead_link, not_a_file_link
from audits.sources.mojibake import find_mojibake
from audits.sources.stdin import read_stdin

STDIN = "-"
ALIGN_MODES = ("auto", "lines", "sentences")
JSONL_EXTENSIONS = (".jsonl", ".ndjson")

HYP_FIELDS = ("hyp", "hypothesis", "mt", "target")
REF_FIELDS = ("ref", "refs", "reference", "references")
DOC_FIELDS = ("doc_id", "doc")


@dataclass
class PairedInput:
    """Hypothesis and references, paired into segments that are ready to score."""

    hypothesis_source: str
    reference_sources: list[str]
    hypothesis: str
    references: list[str]
    segments: list[Segment]
    alignment: Alignment
    # What the reading of the inputs leaves to doubt (lines in another encoding), one
    # line each, for the caller to warn of.
    warnings: list[str] = field(default_factory=list)


def read_source(path: str, stdin: bytes | None = None, warnings: list[str] | None = None) -> str:
    """A file (or stdin for ``-``) as text, decoded like every other mtaudit input.
    ``warnings`` gets a line for a UTF-8 file with lines in another encoding."""
    source = "stdin" if path == STDIN else path
    try:
        data = _read_bytes(path, stdin)
        text, encoding, strays = decode_with_strays(data, source)
        if warnings is not None and (
            doubt := mixed_encoding_warning(source, text, encoding, strays)
        ):
            warnings.append(doubt)
        if not text.strip():
            raise InputError(source, "empty file: nothing to compare")
    except InputError as exc:
        target = None if path == STDIN else not_a_file_link(path)
        if target is None:
            raise
        # Named as audit names it: a link to a directory or /dev/null read as a file.
        raise InputError(exc.source, f"a link to {target}: {exc.reason}") from exc
    return text


def mixed_encoding_warning(
    source: str, text: str, encoding: str, strays: list[StrayRun]
) -> str | None:
    """One line on a file whose lines are in two encodings, as files joined from two
    sources are, or None. Read as UTF-8, its other bytes are where they stand and how
    they were read (``audit`` marks each S500); read whole in a legacy encoding, its
    UTF-8 lines are mojibake ("cafÃ©"). compare scored either reading without a word,
    and a wrong reading changes the scores."""
    if strays:
        findings = stray_findings(text, strays)
        what = findings[0].message.replace(" in a UTF-8 text", "")
        lines = _line_numbers(text, [f.start for f in findings])
        return (
            f"{source}: {_lines(lines)} not UTF-8 in a UTF-8 file ({_first(lines)}{what}); "
            "scored as read: save the file in one encoding"
        )
    if encoding.replace("_", "-").lower() in ("utf-8", "ascii", "utf-16", "utf-32"):
        return None
    spans = find_mojibake(text)
    utf8 = _utf8_lines(text, encoding)
    lines = sorted({*_line_numbers(text, [span.start for span in spans]), *utf8})
    if not lines:
        return None
    # find_mojibake knows cp1252's and latin-1's readings of UTF-8 ('Ã©'); a file read
    # as another legacy encoding has its own ('cafÃĐ', as iso8859_10), told by a word.
    broken, fixed = (spans[0].broken, spans[0].fixed) if spans else utf8[lines[0]]
    return (
        f"{source}: read as {encoding}, but {_lines(lines)} UTF-8 ({_first(lines)}"
        f"{broken!r} is {fixed!r} in UTF-8); scored as read: save the file in one encoding"
    )


def _utf8_lines(text: str, encoding: str) -> dict[int, tuple[str, str]]:
    """The lines of ``text``, read in ``encoding``, whose bytes in it are UTF-8 that is
    not ASCII, by number, each with its first word that reads otherwise in UTF-8."""
    found: dict[int, tuple[str, str]] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if line.isascii() or _as_utf8(line, encoding) is None:
            continue
        # Split at ASCII spaces only: the same byte in both readings, where a
        # mojibake's no-break space ('Ã\xa0' is 'à') is part of its word.
        for word in line.split(" "):
            if not word.isascii() and (as_utf8 := _as_utf8(word, encoding)) is not None:
                found[number] = (word, as_utf8)
                break
    return found


def _as_utf8(text: str, encoding: str) -> str | None:
    """``text``'s bytes in ``encoding`` read as UTF-8, or None where they are not UTF-8."""
    try:
        return text.encode(encoding).decode("utf-8")
    except (UnicodeError, LookupError):
        return None


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The numbers of the lines (ended by LF, as ``_utf8_lines`` splits them) holding
    ``offsets``, each once. Looked up among the line ends: counting them from the
    start for each offset took a 6 MB file of 50,000 stray lines a minute."""
    if not offsets:
        return []
    ends = [m.start() for m in re.finditer("\n", text)]
    return list(dict.fromkeys(bisect.bisect_left(ends, at) + 1 for at in offsets))


def _lines(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"line {numbers[0]} is"
    return f"lines {_listed(numbers)} are"


def _first(numbers: list[int]) -> str:
    return "" if len(numbers) == 1 else f"line {numbers[0]}: "


def _listed(numbers: list[int], most: int = 5) -> str:
    if len(numbers) > most:
        return f"{', '.join(map(str, numbers[:most]))} … ({len(numbers)} in all)"
    return and_list([str(n) for n in numbers])


def _read_bytes(path: str, stdin: bytes | None) -> bytes:
    if path == STDIN:
        data = stdin if stdin is not None else read_stdin(MAX_INPUT_BYTES)
        if opens_as_gzip(data):
            # sacrebleu reads stdin undecompressed too; 'binary file' said nothing of why.
            raise InputError(
                "stdin", "gzip data, which compare reads only from a file: name the .gz file"
            )
        return data
    try:
        # A .gz decompressed as sacrebleu does (WMT references are often kept
        # compressed), and the size limit, by the reader audit uses: compare kept its own.
        return read_file(path, MAX_INPUT_BYTES)
    except FileNotFoundError as exc:
        raise InputError(path, dead_link(path) or "no such file or directory") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory, not a text file") from exc
    except PermissionError as exc:
        raise InputError(path, "permission denied") from exc
    except OSError as exc:
        raise InputError(path, dead_link(path) or f"cannot read ({read_reason(exc)})") from exc


def read_pairs(
    paths: Sequence[str],
    *,
    align: str = "auto",
    align_params: AlignParams | None = None,
    stdin: bytes | None = None,
) -> PairedInput:
    """Pair ``paths`` (HYP REF [REF...], or one JSONL file) into segments."""
    if align not in ALIGN_MODES:
        raise UsageError(f"--align takes {', '.join(ALIGN_MODES)}, not {align!r}")
    if not paths:
        raise UsageError("compare needs a hypothesis and a reference: mtaudit compare HYP REF")
    warnings: list[str] = []
    paired = _read_pairs(paths, align, align_params, stdin, warnings)
    paired.warnings = warnings
    return paired


def _read_pairs(
    paths: Sequence[str],
    align: str,
    align_params: AlignParams | None,
    stdin: bytes | None,
    warnings: list[str],
) -> PairedInput:
    if len(paths) == 1:
        text = read_source(paths[0], stdin, warnings)
        if not _is_jsonl(paths[0], text):
            raise UsageError(
                f"{paths[0]}: no reference given; pass HYP REF [REF...], or one JSONL file "
                'whose records have "hyp" and "ref" fields'
            )
        return pairs_from_jsonl(text, paths[0])
    if any(_named_jsonl(p) for p in paths):
        raise UsageError("a JSONL file carries its own references: pass it alone")
    if sum(1 for p in paths if p == STDIN) > 1:
        raise UsageError("stdin (-) can be only one of the inputs")
    hyp_path, ref_paths = paths[0], list(paths[1:])
    hyp_text = read_source(hyp_path, stdin, warnings)
    ref_texts = [read_source(p, stdin, warnings) for p in ref_paths]
    hyp_lines = sacrebleu_lines(hyp_text)
    ref_lines = [sacrebleu_lines(t) for t in ref_texts]
    same = all(len(lines) == len(hyp_lines) for lines in ref_lines)
    if align == "lines" or (align == "auto" and same):
        if not same:
            counts = ", ".join(
                f"{p} has {len(lines)}" for p, lines in zip(ref_paths, ref_lines, strict=True)
            )
            raise InputError(
                hyp_path,
                f"has {len(hyp_lines)} lines but {counts}; line alignment needs equal counts "
                "(use --align sentences for documents)",
            )
        return pairs_from_lines(hyp_text, hyp_path, ref_texts, ref_paths)
    if len(ref_paths) > 1:
        raise UsageError(
            "sentence alignment takes one reference; with several, give files with "
            "one segment per line and the same number of lines"
        )
    return pairs_from_documents(hyp_text, hyp_path, ref_texts[0], ref_paths[0], align_params)


def _is_jsonl(path: str, text: str) -> bool:
    return _named_jsonl(path) or text.lstrip().startswith("{")


def _named_jsonl(path: str) -> bool:
    """Whether ``path``'s name says JSONL, a gzipped file's by the name it holds
    (``hyp.jsonl.gz``), as audit reads ``feed.jsonl.gz``."""
    return Path(inner_name(path)).suffix.lower() in JSONL_EXTENSIONS


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def sacrebleu_lines(text: str) -> list[Line]:
    """Lines as the `sacrebleu` command reads a file: split at \\n only, right-stripped."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        lines.append(Line(pos, pos + len(stripped), stripped))
        pos += len(raw) + 1
    if lines and text.endswith("\n"):
        lines.pop()
    return lines


def pairs_from_lines(
    hyp_text: str, hyp_source: str, ref_texts: Sequence[str], ref_sources: Sequence[str]
) -> PairedInput:
    hyp_lines = sacrebleu_lines(hyp_text)
    ref_lines = [sacrebleu_lines(t) for t in ref_texts]
    segments = []
    for i, line in enumerate(hyp_lines):
        refs = [lines[i] for lines in ref_lines]
        segments.append(
            Segment(
                index=i,
                hyp=line.text,
                refs=[r.text for r in refs],
                start=line.start,
                end=line.end,
                alignment="line",
                ref_spans=[(r.start, r.end) for r in refs],
            )
        )
    alignment = Alignment(LINES, len(hyp_lines), len(hyp_lines), {"line": len(hyp_lines)})
    return PairedInput(
        hyp_source, list(ref_sources), hyp_text, list(ref_texts), segments, alignment
    )


def pairs_from_jsonl(text: str, source: str) -> PairedInput:
    """Records ``{"hyp": ..., "ref": "..." | [...], "id"?, "doc_id"?}``, one per line."""
    hyps: list[str] = []
    records: list[tuple[str, list[str | None], str | None, str | None]] = []
    # Split at \n only: JSON strings may hold a raw U+2028, which splitlines() would cut.
    pieces = text.split("\n")
    for raw, lineno in zip(pieces, record_lines(pieces), strict=True):
        if not raw.strip():
            continue
        try:
            record = load_json(raw)
        except json.JSONDecodeError as exc:
            at, column = record_position(raw, lineno, exc.pos)
            raise InputError(
                source, f"line {at}: not valid JSON ({json_error(exc, f'column {column}')})"
            ) from exc
        if not isinstance(record, dict):
            raise InputError(
                source, f"line {lineno}: expected a JSON object, got {json_kind(record)}"
            )
        hyp = _field(record, HYP_FIELDS, source, lineno)
        if not isinstance(hyp, str):
            raise InputError(
                source, f'line {lineno}: no "hyp" string field (records need "hyp" and "ref")'
            )
        refs = _refs(_field(record, REF_FIELDS, source, lineno), source, lineno)
        rec_id = _record_id(record, "id", source, lineno)
        # Not refused for two names: "doc" beside "doc_id" is often the document's
        # text or title, so "doc_id" wins as it always did.
        doc_field = next((name for name in DOC_FIELDS if name in record), None)
        doc = None if doc_field is None else _record_id(record, doc_field, source, lineno)
        hyps.append(hyp)
        records.append(
            (
                hyp,
                refs,
                rec_id,
                doc,
            )
        )
    if not records:
        raise InputError(source, "no records: nothing to compare")
    width = max(len(refs) for _, refs, _, _ in records)
    segments: list[Segment] = []
    pos = 0
    for i, (hyp, refs, rec_id, doc) in enumerate(records):
        padded: list[str | None] = [*refs, *([None] * (width - len(refs)))]
        segments.append(
            Segment(
                index=i,
                hyp=hyp,
                refs=padded,
                start=pos,
                end=pos + len(hyp),
                alignment="record",
                id=rec_id,
                doc=doc,
                ref_spans=[None] * width,
            )
        )
        pos += len(hyp) + 1
    alignment = Alignment(RECORDS, len(records), len(records), {"record": len(records)})
    return PairedInput(source, [source], "\n".join(hyps), [], segments, alignment)


def _record_id(record: dict[str, Any], name: str, source: str, lineno: int) -> str | None:
    """The record's ``name`` (an id) as text, as audit reads a JSONL id: str() made an
    array, true or NaN Python's text ("[1, 2]", "True", "nan"), which no other tool
    reads."""
    value = record.get(name)
    if value is None:
        return None
    text = scalar_id(value)
    if text is None:
        raise InputError(source, f"line {lineno}: {id_refusal(value, json.dumps(name))}")
    return text


def _field(record: dict[str, Any], names: Sequence[str], source: str, lineno: int) -> Any:
    """The record's value under one of ``names``, which are aliases: a record with two
    of them is refused, since reading one would drop the other unseen."""
    given = [name for name in names if name in record]
    if len(given) > 1:
        both = " and ".join(f'"{name}"' for name in given)
        raise InputError(source, f"line {lineno}: both {both} name one field; keep one")
    return record[given[0]] if given else None


def _refs(value: Any, source: str, lineno: int) -> list[str | None]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise InputError(
        source, f'line {lineno}: "ref" must be a string or a non-empty list of strings'
    )


def pairs_from_documents(
    hyp_text: str,
    hyp_source: str,
    ref_text: str,
    ref_source: str,
    params: AlignParams | None = None,
) -> PairedInput:
    """Split both documents into sentences and align them monotonically."""
    hyp_sents = segment(hyp_text).sentences
    ref_sents = segment(ref_text).sentences
    beads = align_sentences(
        [s.text for s in hyp_sents], [s.text for s in ref_sents], params or AlignParams()
    )
    segments: list[Segment] = []
    alignment = Alignment(SENTENCES, len(hyp_sents), len(ref_sents))
    moves: Counter[str] = Counter()
    last_end = 0
    for i, bead in enumerate(beads):
        moves[bead.kind] += 1
        hs = [hyp_sents[k] for k in bead.hyp]
        rs = [ref_sents[k] for k in bead.ref]
        start, end = (hs[0].start, hs[-1].end) if hs else (last_end, last_end)
        last_end = end
        segments.append(
            Segment(
                index=i,
                hyp=_joined([s.text for s in hs]),
                refs=[_joined([s.text for s in rs]) if rs else None],
                start=start,
                end=end,
                alignment=bead.kind,
                ref_spans=[(rs[0].start, rs[-1].end) if rs else None],
                similarity=None if bead.similarity is None else round(bead.similarity, 4),
            )
        )
        if not rs:
            alignment.unaligned_hypothesis.append(i)
        if not hs:
            alignment.unaligned_reference.append(i)
    alignment.moves = dict(sorted(moves.items()))
    return PairedInput(hyp_source, [ref_source], hyp_text, [ref_text], segments, alignment)


def _joined(sentences: Sequence[str]) -> str:
    """Sentences as one line, inner line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(s.split()) for s in sentences)
