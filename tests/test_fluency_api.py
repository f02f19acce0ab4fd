"""``audits.fluency.score_documents`` as a library caller uses it: its arguments are
checked as ``audit_documents`` checks them (no model needed: a stand-in scores)."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterator
from typing import Any

import pytest

from audits import AuditConfig, Document
from audits.document import SentenceFluency, TokenScore
from audits.errors import ConfigError, UsageError
from audits.fluency import (
    fluency_json_chunks,
    fluency_run_to_dict,
    score_documents,
    stream_documents,
)
from audits.reports import strict_json

SHORT = "The council approved the new budget on Tuesday evening after a long debate."


class _Scorer:
    def score(self, requests: list[Any], progress: Any = None, **_: Any) -> list[SentenceFluency]:
        return [SentenceFluency(1, -1.0, -1.0, 2.7, 0.0, 0.0, 0.0) for _ in requests]

    def describe(self) -> dict[str, Any]:
        return {"model": "stand-in", "weights": "none"}


def doc(text: str, doc_id: str = "a", **fields: object) -> Document:
    return Document(id=doc_id, text=text, source=f"{doc_id}.txt", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "inputs", [[SHORT], SHORT, None, doc(SHORT), 42], ids=["list", "str", "None", "doc", "int"]
)
def test_inputs_that_are_not_documents_are_a_usage_error(inputs: object) -> None:
    """A list of strings ended in a KeyError, a bare string scored each character."""
    with pytest.raises(UsageError, match=r"score_documents takes|not a Document"):
        score_documents(inputs, AuditConfig(), scorer=_Scorer())  # type: ignore[arg-type]


def test_a_document_field_of_the_wrong_type_names_the_field() -> None:
    """A text of None was an "internal error" entry."""
    bad = dataclasses.replace(doc(SHORT, "b"), text=None)
    with pytest.raises(UsageError, match=r"input 1 .*Document\.text must be a str"):
        score_documents([doc(SHORT), bad], AuditConfig(), scorer=_Scorer())


def test_a_config_that_is_not_one_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="config must be an AuditConfig"):
        score_documents([doc(SHORT)], {"lm": True}, scorer=_Scorer())  # type: ignore[arg-type]


def test_duplicate_ids_are_numbered_and_the_callers_documents_are_copied() -> None:
    mine = doc(SHORT, "same")
    run = score_documents([mine, doc(SHORT, "same")], scorer=_Scorer())
    assert [d.document.id for d in run.documents] == ["same", "same#2"]
    assert all(d.ok and d.fluency for d in run.documents)
    mine.text = "changed"
    assert run.documents[0].document.text == SHORT


class _TokenScorer(_Scorer):
    """Scores with a token each, one of them not a number (strict JSON writes null)."""

    def score(self, requests: list[Any], progress: Any = None, **_: Any) -> list[SentenceFluency]:
        out = []
        for i, request in enumerate(requests):
            token = TokenScore(0, 3, request.text[:3], -2.5 if i else math.nan, i, -7.0)
            out.append(SentenceFluency(1, -1.0, -1.0, 2.7, 0.0, 0.0, 0.0, token_scores=[token]))
        return out


@pytest.mark.parametrize("tokens", [True, False])
def test_the_streamed_json_report_is_the_whole_reports_text(tokens: bool) -> None:
    """`mtaudit fluency -f json` built the whole report (every token's score) in memory
    before writing a byte; it is written a document at a time now, and what comes out
    is the text of the whole report to the byte."""
    texts = [SHORT, "", "Der Rat hat den Haushalt am Dienstag gebilligt. " * 3, SHORT + " “Yes.”"]
    for count in (0, 1, 4):
        inputs = [doc(text, f"d{i}") for i, text in enumerate(texts[:count])]
        run = score_documents(inputs, AuditConfig(), scorer=_TokenScorer())
        whole = strict_json.dumps(fluency_run_to_dict(run, tokens=tokens), indent=2) + "\n"
        assert "".join(fluency_json_chunks(run, tokens=tokens)) == whole
        assert len(json.loads(whole)["documents"]) == count
    assert "null" in whole and "NaN" not in whole


def test_a_streamed_report_that_fails_midway_keeps_what_was_written_and_raises(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    """A report written as it is made cannot be taken back: what came before the error
    is on stdout and the error is raised for the command to report (its exit status)."""
    from cli.console import STDOUT_CLOSED_NO_FILE, print_report_chunks

    def chunks() -> Iterator[str]:
        yield '{\n  "documents": [\n'
        raise OSError("the disk is full")

    with pytest.raises(OSError, match="the disk is full"):
        print_report_chunks(chunks(), "json", closed=STDOUT_CLOSED_NO_FILE)
    assert capsysbinary.readouterr().out == b'{\n  "documents": [\n'


class _ByTextScorer(_Scorer):
    """A score that depends on the sentence alone, as a real one nearly does; counts
    its passes."""

    def __init__(self) -> None:
        self.passes: list[int] = []

    def score(self, requests: list[Any], progress: Any = None, **_: Any) -> list[SentenceFluency]:
        self.passes.append(len(requests))
        if progress:
            progress(len(requests))
        out = []
        for request in requests:
            value = -float(len(request.text) % 7)
            token = TokenScore(0, 3, request.text[:3], value, len(request.context), -7.0)
            out.append(SentenceFluency(1, value, value, 2.7, 0.0, 0.0, 0.0, token_scores=[token]))
        return out


def _mixed_inputs() -> list[Any]:
    from audits.sources.base import InputFailure

    return [
        doc(SHORT + " It passed by two votes.", "a"),
        InputFailure("gone.txt", "cannot read gone.txt"),
        doc("", "empty"),
        doc("The budget. " + "Der Rat hat den Haushalt am Dienstag gebilligt. " * 3, "de"),
        doc("The mayor spoke first. Then the council voted. It was late.", "b"),
        doc(SHORT, "a"),
    ]


def test_a_stream_in_passes_of_one_sentence_gives_the_whole_runs_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Streamed a pass at a time, every entry (error entries too, in input order) and
    the JSON report are those of one pass over the whole run."""
    from audits.fluency import stream_documents
    from audits.lm import context

    whole_scorer = _ByTextScorer()
    whole = score_documents(_mixed_inputs(), AuditConfig(), scorer=whole_scorer)
    assert len(whole_scorer.passes) == 1
    monkeypatch.setattr(context, "CHUNK_SENTENCES", 1)
    scorer = _ByTextScorer()
    stream = stream_documents(_mixed_inputs(), AuditConfig(), scorer=scorer)
    streamed = list(stream)
    assert streamed == whole.documents
    assert len(scorer.passes) == sum(d.ok for d in streamed) == 4  # one per document
    assert [d.document.id for d in streamed if not d.ok] == ["gone.txt", "empty"]
    assert stream.lm == whole.lm
    again = stream_documents(_mixed_inputs(), AuditConfig(), scorer=_ByTextScorer())
    assert "".join(fluency_json_chunks(again)) == "".join(fluency_json_chunks(whole))


def test_a_streams_first_document_comes_before_the_last_input_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """score_documents read every input and held every sentence's token scores before
    the first document came back: a feed's worth of scores in memory at once."""
    from audits.fluency import stream_documents
    from audits.lm import context

    monkeypatch.setattr(context, "CHUNK_SENTENCES", 2)
    pulled: list[str] = []

    def inputs() -> Iterator[Document]:
        for i in range(5):
            pulled.append(f"d{i}")
            yield doc("The mayor spoke first. Then the council voted.", f"d{i}")

    scorer = _ByTextScorer()
    stream = stream_documents(inputs(), AuditConfig(), scorer=scorer)
    assert pulled == []  # nothing read until asked
    seen = []
    for audit in stream:
        seen.append((audit.document.id, list(pulled), len(scorer.passes)))
    assert seen[0] == ("d0", ["d0"], 1)
    assert seen[-1] == ("d4", ["d0", "d1", "d2", "d3", "d4"], 5)


def test_the_streamed_json_report_writes_the_first_document_before_the_last_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from audits.fluency import stream_documents
    from audits.lm import context

    monkeypatch.setattr(context, "CHUNK_SENTENCES", 1)
    pulled: list[int] = []

    def inputs() -> Iterator[Document]:
        for i in range(3):
            pulled.append(i)
            yield doc(SHORT, f"d{i}")

    chunks = fluency_json_chunks(stream_documents(inputs(), AuditConfig(), scorer=_Scorer()))
    head, first = next(chunks), next(chunks)
    assert '"model": "stand-in"' in head
    assert '"id": "d0"' in first
    assert pulled == [0]
    rest = "".join(chunks)
    assert json.loads(head + first + rest)["documents"][2]["id"] == "d2"


class _PassScorer(_Scorer):
    """A sentence's score is minus the size of the pass it was scored in: two runs split
    into different passes give different scores."""

    def score(self, requests: list[Any], progress: Any = None, **_: Any) -> list[SentenceFluency]:
        if progress:
            progress(len(requests))
        n = -float(len(requests))
        return [SentenceFluency(1, n, n, 2.7, 0.0, 0.0, 0.0) for _ in requests]


def test_an_audit_scores_in_the_passes_fluency_streams_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """An audit's scores are the ones `mtaudit fluency` prints: audit_documents and the
    fluency stream split a run into the same passes, and the progress bar counts every
    sentence of the run."""
    from audits import audit_documents
    from audits.fluency import stream_documents
    from audits.lm import context

    monkeypatch.setattr(context, "CHUNK_SENTENCES", 3)
    ticks: list[tuple[str, int, int]] = []
    audited = audit_documents(
        _mixed_inputs(),
        AuditConfig(),
        scorer=_PassScorer(),
        progress=lambda *tick: ticks.append(tick),
    ).documents
    streamed = list(stream_documents(_mixed_inputs(), AuditConfig(), scorer=_PassScorer()))

    def scores(audits: list[Any]) -> list[dict[int, float]]:
        return [{i: f.logprob for i, f in d.fluency.items()} for d in audits]

    assert scores(audited) == scores(streamed)
    # Passes of 2 + 4 sentences, then 3, then 1: a pass closes once it holds 3.
    assert sorted({v for d in scores(streamed) for v in d.values()}) == [-6.0, -3.0, -1.0]
    total = sum(len(d.sentences) for d in streamed)
    assert [t for t in ticks if t[0] == "fluency"][-1] == ("fluency", total, total)


def test_score_documents_checks_every_input_before_it_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bad input after the first pass was raised by score_documents once the model
    was loaded and that pass scored (minutes on a CPU); it holds every result anyway,
    so it checks them all first, as audit_documents does."""
    from audits.lm import context

    monkeypatch.setattr(context, "CHUNK_SENTENCES", 1)
    scorer = _ByTextScorer()
    inputs = [doc(SHORT, f"d{i}") for i in range(3)] + ["not a document"]
    with pytest.raises(UsageError, match="input 3 is a str"):
        score_documents(inputs, AuditConfig(), scorer=scorer)
    assert scorer.passes == []


@pytest.mark.parametrize("call", [score_documents, stream_documents])
def test_a_wrong_input_type_names_the_function_called(call) -> None:  # type: ignore[no-untyped-def]
    # stream_documents' message named score_documents, a function the caller never called.
    with pytest.raises(UsageError, match=rf"^{call.__name__} takes an iterable"):
        call("one article as a string", AuditConfig(lm=True), scorer=object())
