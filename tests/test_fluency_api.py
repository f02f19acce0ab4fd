"""``audits.fluency.score_documents`` as a library caller uses it: its arguments are
checked as ``audit_documents`` checks them (no model needed: a stand-in scores)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from audits import AuditConfig, Document
from audits.document import SentenceFluency
from audits.errors import ConfigError, UsageError
from audits.fluency import score_documents

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
