"""The library API as a Python caller uses it (README, *Library use*).

Whatever a caller passes, the engine either audits it or raises one of its own
errors (``UsageError`` for inputs, ``ConfigError`` for settings) that names what
is wrong; a result never changes after the call, and every offset indexes the text.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest

from audits import (
    AuditConfig,
    Document,
    audit_document,
    audit_documents,
    audit_paths,
    load_config,
)
from audits.document import Finding
from audits.errors import ConfigError, MtauditError, UsageError
from audits.reports import REPORTERS, get_reporter
from audits.reports.model import run_to_dict
from tests.conftest import SEED

OFF = AuditConfig(lm=False)
SHORT = "The council approved the new budget on Tuesday evening after a long debate."


def doc(text: str, doc_id: str = "a", **fields: object) -> Document:
    return Document(id=doc_id, text=text, source=f"{doc_id}.txt", **fields)  # type: ignore[arg-type]


def assert_offsets_hold(run_report: dict, texts: dict[str, str]) -> None:
    for entry in run_report["documents"]:
        text = texts[entry["id"]]
        for f in entry["findings"]:
            assert text[f["start"] : f["end"]] == f["text"], (entry["id"], f)
        for s in entry["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]


# --- inputs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inputs",
    [[SHORT], SHORT, None, doc(SHORT), 42],
    ids=["list of str", "str", "None", "a Document", "int"],
)
def test_inputs_that_are_not_documents_are_a_usage_error(inputs: object) -> None:
    with pytest.raises(UsageError, match="Document") as caught:
        audit_documents(inputs, OFF)  # type: ignore[arg-type]
    assert isinstance(caught.value, MtauditError)


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"text": None}, "Document.text must be a str, not NoneType"),
        ({"text": SHORT.encode()}, "Document.text must be a str, not bytes"),
        ({"id": None}, "Document.id must be a str"),
        ({"source": 3}, "Document.source must be a str"),
        ({"title": 1.5}, "Document.title must be a str or None"),
        ({"meta": ["x"]}, "Document.meta must be a dict"),
    ],
)
def test_a_document_field_of_the_wrong_type_names_the_field(fields: dict, named: str) -> None:
    bad = dataclasses.replace(doc(SHORT, "b"), **fields)
    with pytest.raises(UsageError, match="input 1") as caught:
        audit_documents([doc(SHORT), bad], OFF)
    assert named in str(caught.value)


def test_an_input_finding_must_quote_its_span() -> None:
    wrong = Finding(code="S500", start=0, end=7, text="council", message="m")
    with pytest.raises(UsageError, match="does not quote"):
        audit_documents([doc(SHORT, input_findings=[wrong])], OFF)


def test_empty_text_is_an_error_entry_as_for_an_empty_file() -> None:
    run = audit_documents([doc("", "e"), doc(" \n\t\n", "w"), doc(SHORT, "ok")], OFF)
    assert [(d.status, d.error) for d in run.documents[:2]] == [
        ("error", "empty input: no text to audit")
    ] * 2
    assert run.documents[2].ok


def test_lone_surrogates_become_replacement_characters_and_every_report_encodes() -> None:
    # A str decoded with errors="surrogateescape" holds them; no UTF-8 writer takes them.
    text = SEED.read_text(encoding="utf-8")
    broken = text[:300] + "\udcff\ud800" + text[300:]
    run = audit_documents([doc(broken, "s\udc80", title="T\ud800")], OFF)
    audit = run.documents[0]
    assert audit.ok and audit.findings
    assert audit.document.text == broken.replace("\udcff\ud800", "\ufffd\ufffd")
    assert (audit.document.id, audit.document.title) == ("s\ufffd", "T\ufffd")
    assert_offsets_hold(run_to_dict(run), {"s\ufffd": audit.document.text})
    for name in REPORTERS:
        get_reporter(name).render(run).encode("utf-8")


def test_duplicate_ids_are_numbered_as_the_readers_number_them() -> None:
    # Reports and run-level rules key documents by id: with two "same", the second one's
    # near-duplicate place was given the first one's line numbers.
    text = SEED.read_text(encoding="utf-8")
    padded = "A preface of some length that moves every offset.\n\n" * 3 + text
    run = audit_documents([doc(text, "same"), doc(padded, "same"), doc(text, "other")], OFF)
    assert [d.document.id for d in run.documents] == ["same", "same#2", "other"]
    report = run_to_dict(run)
    texts = {"same": text, "same#2": padded, "other": text}
    places = [p for rf in report["run_findings"] for p in rf["places"]]
    assert {p["document"] for p in places} == set(texts)
    for p in places:
        before = texts[p["document"]][: p["start"]]
        assert p["line"] == before.count("\n") + 1, p
        assert texts[p["document"]][p["start"] : p["end"]] == p["text"]


def test_a_numbered_id_never_takes_an_id_another_input_came_with() -> None:
    # "a", "a#2", "a": the second "a" was numbered "a#2", the id the middle input had.
    texts = ["One short sentence here.", "Another short sentence.", "A third one."]
    run = audit_documents([doc(texts[0], "a"), doc(texts[1], "a#2"), doc(texts[2], "a")], OFF)
    assert [d.document.id for d in run.documents] == ["a", "a#2", "a#3"]


def test_read_inputs_number_repeated_ids_past_the_ids_of_other_records(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from audits.sources import read_inputs

    lines = [
        {"id": "a", "text": "One."},
        {"id": "a#2", "text": "Two."},
        {"id": "a", "text": "Three."},
    ]
    path = tmp_path / "run.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    ids = [d.id for d in read_inputs([str(path)])]
    assert ids == ["a", "a#2", "a#3"]


def test_a_result_does_not_change_when_the_callers_document_does() -> None:
    text = SEED.read_text(encoding="utf-8")
    mojibake = "The cafÃ© reopened. "
    finding = Finding(code="S500", start=4, end=8, text="cafÃ", message="m")
    mine = doc(mojibake + text, meta={"feed": {"title": "Desk"}}, input_findings=[finding])
    run = audit_documents([mine], AuditConfig(lm=False, severity={"S500": "error"}))
    before = json.dumps(run_to_dict(run)["documents"])
    mine.text, mine.id = "Another article reusing the object.", "b"
    mine.meta["feed"]["title"] = "changed"
    assert json.dumps(run_to_dict(run)["documents"]) == before
    assert finding.severity == "warning"  # the engine's severity went on its own copy
    # A result outlives the process that made it.
    again = pickle.loads(pickle.dumps(run))
    assert json.dumps(run_to_dict(again)["documents"]) == before


def test_audit_document_checks_its_arguments_too() -> None:
    with pytest.raises(UsageError, match="not a Document"):
        audit_document(SHORT, OFF)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="AuditConfig"):
        audit_document(doc(SHORT), {"lm": False})  # type: ignore[arg-type]
    assert audit_document(doc(""), OFF).error == "empty input: no text to audit"


# --- settings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"lm": "no"}, "`lm` has the wrong type (str; expected true or false)"),
        ({"jobs": "2"}, "`jobs` has the wrong type"),
        ({"fail_over": "0.5"}, "`fail_over` has the wrong type"),
        ({"fail_over": 2.0}, "fail_over must be between 0 and 1"),
        ({"fail_over": float("nan")}, "fail_over is nan, not a number"),
        ({"fluency_percentile": float("nan")}, "fluency_percentile"),
        ({"jobs": 0}, "jobs must be at least 1"),
        ({"severity": {"C201": "loud"}}, "severity must be info, warning or error"),
        ({"allow": [1, 2]}, "`allow` has the wrong type"),
    ],
)
def test_a_config_built_by_hand_is_checked_like_a_config_file(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        audit_documents([doc(SHORT)], AuditConfig(**{"lm": False, **settings}))
    assert message in str(caught.value)


def test_a_config_that_is_not_an_auditconfig_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="must be an AuditConfig, not dict"):
        audit_documents([doc(SHORT)], {"lm": False})  # type: ignore[arg-type]


def test_hand_built_settings_mean_what_a_config_file_means() -> None:
    text = SEED.read_text(encoding="utf-8")
    full = audit_documents([doc(text)], OFF).documents[0].findings
    lavrov = [f for f in full if "lavrov" in f.text.casefold()]
    # A string is a list of one (it was read letter by letter: every "a" allowed).
    allowed = audit_documents([doc(text)], AuditConfig(lm=False, allow="Lavrov"))  # type: ignore[arg-type]
    assert len(allowed.documents[0].findings) == len(full) - len(lavrov) > 0
    # None in a list setting is the empty list; severity names may be plain strings.
    config = AuditConfig(lm=False, ignore=None, fail_on=None, severity={"c": "info"})  # type: ignore[arg-type]
    run = audit_documents([doc(text)], config)
    calques = [f for f in run.documents[0].findings if f.code.startswith("C")]
    assert calques and {str(f.severity) for f in calques} == {"info"}
    assert run_to_dict(run)["signature"]["rules"]["severity"] == {"C": "info"}
    assert config.ignore is None  # the caller's object is left as it was


# --- audit_paths -------------------------------------------------------------------


def test_audit_paths_takes_one_path_or_path_objects(tmp_path: Path) -> None:
    ids = [SEED.as_posix()]
    assert [d.document.id for d in audit_paths(str(SEED), lm=False).documents] == ids
    assert [d.document.id for d in audit_paths(SEED, lm=False).documents] == ids
    assert [d.document.id for d in audit_paths([SEED], lm=False).documents] == ids
    with pytest.raises(UsageError, match="a path or a list of paths"):
        audit_paths(None, lm=False)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="is not a path"):
        audit_paths([SEED, 3], lm=False)  # type: ignore[list-item]


def test_audit_paths_applies_settings_over_a_given_config() -> None:
    run = audit_paths([SEED], AuditConfig(lm=False), select=["C"])
    codes = {f.code[0] for f in run.documents[0].findings}
    assert codes == {"C"}
    assert run.signature["rules"]["select"] == ["C"]
    with pytest.raises(ConfigError, match="`lm` has the wrong type"):
        audit_paths([SEED], lm="false")
    with pytest.raises(ConfigError, match="unknown setting `colour`"):
        audit_paths([SEED], AuditConfig(lm=False), colour=True)


def test_a_library_calls_settings_are_named_as_the_library_calls_in_errors(
    tmp_path: Path,
) -> None:
    """``audit_paths(paths, jobs=0)`` was refused as "jobs must be at least 1, not 0 (from the
    command line)", to a caller who had typed no command; load_config's overrides, what
    the command line passes, still say so."""
    for call in (
        lambda: audit_paths([SEED], lm=False, jobs=0),
        lambda: audit_paths([SEED], AuditConfig(lm=False), jobs=0),
    ):
        with pytest.raises(ConfigError) as caught:
            call()
        assert str(caught.value) == "jobs must be at least 1, not 0 (from the library call)"
    with pytest.raises(ConfigError) as caught:
        load_config([str(tmp_path)], overrides={"jobs": 0})
    assert str(caught.value) == "jobs must be at least 1, not 0 (from the command line)"
    config = load_config([str(tmp_path)], overrides={"jobs": 2}, given_by="library call")
    assert config.origin("jobs") == "library call"


def test_load_config_takes_one_path(tmp_path: Path, isolated_cwd: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "mtaudit.toml").write_text('select = ["C"]\n', encoding="utf-8")
    article = site / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    for given in (str(article), article, [article]):
        config = load_config(given)
        assert config.select == ["C"] and config.origin("select") == str(site / "mtaudit.toml")


def test_read_inputs_takes_one_path(isolated_cwd: Path) -> None:
    from audits import read_inputs

    (isolated_cwd / "a.txt").write_text(SHORT, encoding="utf-8")
    # A bare string was read letter by letter: "." walked the folder, the rest failed.
    assert [d.id for d in read_inputs("a.txt")] == ["a.txt"]
    assert [d.id for d in read_inputs(Path("a.txt"))] == ["a.txt"]
    with pytest.raises(UsageError, match="read_inputs takes a path or a list of paths"):
        read_inputs(None)  # type: ignore[arg-type]


def test_the_gate_reads_its_config_as_the_engine_does() -> None:
    from audits.gate import evaluate

    text = SEED.read_text(encoding="utf-8")
    run = audit_documents([doc(text)], AuditConfig(lm=False, fail_over=1.0))
    codes = {f.code for f in run.documents[0].findings}
    assert "C201" in codes and "C205" not in codes
    # "C205" as a string was read letter by letter: its "C" failed on every calque.
    gate = evaluate(run, AuditConfig(lm=False, fail_over=1.0, fail_on="C205"))  # type: ignore[arg-type]
    assert gate.failed == {}
    assert evaluate(run, AuditConfig(fail_over=1.0, fail_on="C201")).failed  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="must be an AuditConfig"):
        evaluate(run, {})  # type: ignore[arg-type]


def test_a_history_records_one_input_as_one(tmp_path: Path) -> None:
    from audits.history import HistoryStore

    config = AuditConfig(lm=False, allow="Lavrov")  # type: ignore[arg-type]
    with HistoryStore(tmp_path / "h.sqlite") as store:
        run = audit_documents([doc(SEED.read_text(encoding="utf-8"))], config, cache=store)
        store.record(run, config, "feeds/")
        (inputs,) = store.conn.execute("SELECT inputs FROM runs").fetchone()
        assert json.loads(inputs) == ["feeds/"]
        # The result is stored under the settings the engine used, so it is reused.
        again = audit_documents([doc(SEED.read_text(encoding="utf-8"))], config, cache=store)
        assert again.documents[0].reused


def test_a_library_calls_setting_of_the_wrong_type_is_named_as_the_library_calls(
    tmp_path: Path,
) -> None:
    """``audit_paths(paths, jobs="2")`` said "settings: ..." where ``jobs=0`` said
    "(from the library call)"; the command line's overrides keep their wording."""
    with pytest.raises(ConfigError) as caught:
        audit_paths([SEED], lm=False, jobs="2")
    assert str(caught.value) == (
        "settings (from the library call): `jobs` has the wrong type (str; expected a whole number)"
    )
    with pytest.raises(ConfigError) as caught:
        load_config([str(tmp_path)], overrides={"jobs": "2"})
    assert str(caught.value).startswith("settings: `jobs` has the wrong type")


def test_load_config_refuses_a_given_by_it_does_not_know(tmp_path: Path) -> None:
    """A typo such as "library" was taken for a config file's path, and the settings'
    paths were resolved from its folder."""
    with pytest.raises(ValueError, match="given_by"):
        load_config([str(tmp_path)], overrides={"jobs": 2}, given_by="library")
