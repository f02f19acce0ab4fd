"""From requests to the rows a causal LM scores: tokenizing with character offsets,
trimming context, windowing long sentences, and batching rows of similar length.

Every row starts with the document-start token. Inside a row, the positions
``[first, first + count)`` hold sentence tokens that the row scores; anything
before them is context the row only conditions on. A sentence longer than a
window is split over several rows that overlap, so each token is scored exactly
once and always with some preceding text; nothing is ever dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audits.lm.base import ScoreRequest


@dataclass(frozen=True)
class Encoded:
    """One request's sentence tokens with their spans in the sentence text."""

    ids: list[int]
    spans: list[tuple[int, int]]
    context_ids: list[int]


@dataclass(frozen=True)
class Row:
    request: int
    ids: list[int]
    # Row positions [first, first + count) are sentence tokens scored by this row;
    # they are sentence tokens [token_start, token_start + count).
    first: int
    count: int
    token_start: int
    context_tokens: int

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Windowing:
    # Longest row the model sees, start token included.
    max_tokens: int = 512
    # Most context tokens kept before a sentence (the nearest ones).
    max_context_tokens: int = 96
    # Tokens a window repeats from the one before it, as conditioning only.
    overlap: int = 64


def encode(tokenizer: object, requests: Sequence[ScoreRequest]) -> list[Encoded]:
    """Tokenize context and sentence together, so the sentence's first token is the one
    the model would see in running text (" The", not "The"), then split them apart."""
    joined: list[str] = []
    cuts: list[int] = []
    for r in requests:
        context = r.context.rstrip()
        if context:
            joined.append(f"{context} {r.text}")
            cuts.append(len(context) + 1)
        else:
            joined.append(r.text)
            cuts.append(0)
    batch = tokenizer(  # type: ignore[operator]
        joined, add_special_tokens=False, return_offsets_mapping=True, return_attention_mask=False
    )
    out: list[Encoded] = []
    for ids, offsets, cut, r in zip(
        batch["input_ids"], batch["offset_mapping"], cuts, requests, strict=True
    ):
        context_ids: list[int] = []
        sentence_ids: list[int] = []
        spans: list[tuple[int, int]] = []
        for tid, (a, b) in zip(ids, offsets, strict=True):
            if cut and b < cut:
                context_ids.append(tid)
                continue
            start, end = max(a - cut, 0), max(b - cut, 0)
            # Byte-level tokens carry their leading space; point at the visible text.
            while start < end and r.text[start].isspace():
                start += 1
            sentence_ids.append(tid)
            spans.append((start, end))
        out.append(Encoded(sentence_ids, spans, context_ids))
    return out


def make_rows(encoded: Sequence[Encoded], start_id: int, windowing: Windowing) -> list[Row]:
    rows: list[Row] = []
    width = windowing.max_tokens - 1
    for index, enc in enumerate(encoded):
        n = len(enc.ids)
        if n == 0:
            continue
        if n <= width:
            room = min(windowing.max_context_tokens, width - n)
            context = enc.context_ids[-room:] if room > 0 else []
            rows.append(
                Row(index, [start_id, *context, *enc.ids], 1 + len(context), n, 0, len(context))
            )
            continue
        rows.append(Row(index, [start_id, *enc.ids[:width]], 1, width, 0, 0))
        done = width
        step = width - windowing.overlap
        while done < n:
            lead = windowing.overlap
            take = min(step, n - done)
            piece = enc.ids[done - lead : done + take]
            rows.append(Row(index, [start_id, *piece], 1 + lead, take, done, lead))
            done += take
    return rows


def batches(rows: Sequence[Row], batch_size: int, max_batch_tokens: int) -> list[list[Row]]:
    """Rows sorted by length (longest first, so memory peaks early), then cut into
    batches of at most ``batch_size`` rows and ``max_batch_tokens`` padded tokens."""
    ordered = sorted(rows, key=lambda r: (-len(r), r.request, r.token_start))
    out: list[list[Row]] = []
    current: list[Row] = []
    for row in ordered:
        longest = len(current[0]) if current else len(row)
        if current and (
            len(current) >= batch_size or longest * (len(current) + 1) > max_batch_tokens
        ):
            out.append(current)
            current = []
        current.append(row)
    if current:
        out.append(current)
    return out
