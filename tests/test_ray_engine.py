"""The Ray engine (``--engine ray``) gives the run the local engine gives.

Every test runs a real Ray: one small local Ray for the session (conftest's
``ray_cluster``), which the engine uses as it would a cluster the caller connected to.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audits import ray_engine
from audits.config import AuditConfig
from audits.document import Document
from audits.engine import audit_documents
from audits.errors import UsageError
from audits.history import HistoryStore
from audits.reports import get_reporter
from audits.sources import InputFailure, read_inputs
from cli.app import app
from tests.conftest import ROOT, SAMPLES, SEED
from tests.test_english_gate import FRENCH
from tests.test_rule_workers import ARTICLES

pytestmark = pytest.mark.usefixtures("ray_cluster", "live_stop_signals")
MTAUDIT = [sys.executable, "-c", "from cli.app import app; app()"]
# A hang guard for a whole Ray run in a child process, not a timing: these runs take
# about a minute alone, and 240 s was passed on a machine running three test suites
# at once (a killed worker's document retried behind a slow raylet).
RAY_RUN_HANG_GUARD_S = 600

# Read by the rules through its NFC view, with the results put back into it as read.
DECOMPOSED = unicodedata.normalize(
    "NFD", "Foreign Minister Sergueï Lavrov spoke in Geneva on Friday about the talks."
)


def _inputs() -> list[Document | InputFailure]:
    """The samples, and enough short articles for several Ray batches, with the
    documents that end as error entries in between."""
    items: list[Document | InputFailure] = list(read_inputs([str(SAMPLES)]))
    items += [
        Document(f"a{i}", ARTICLES[i % len(ARTICLES)], f"a{i}.txt")
        for i in range(2 * ray_engine.DOCS_PER_BATCH)
    ]
    items.insert(3, Document("nfd", DECOMPOSED, "nfd.txt"))
    items.insert(7, Document("empty", "  \n", "empty.txt"))
    items.insert(9, Document("fr", FRENCH, "fr.txt"))
    items.insert(12, InputFailure("missing.txt", "file not found"))
    return items


def _report(run: Any) -> dict[str, Any]:
    report = json.loads(get_reporter("json").render(run))
    for volatile in ("started", "finished", "duration", "timing"):
        report.pop(volatile, None)
    return report


def test_a_ray_run_reports_what_a_local_run_reports() -> None:
    items = _inputs()
    local = audit_documents(items, AuditConfig(lm=False))
    ray = audit_documents(items, AuditConfig(lm=False, engine="ray"))
    assert _report(ray) == _report(local)
    # What the comparison covers: several batches, error entries kept in their place,
    # a decomposed text, and run-level findings across documents of different batches.
    assert len(items) > 2 * ray_engine.DOCS_PER_BATCH
    assert [d.document.id for d in ray.documents] == [d.document.id for d in local.documents]
    errors = {d.document.id: d.error for d in ray.errors}
    assert set(errors) == {"empty", "fr", "missing.txt"}
    assert errors["missing.txt"] == "file not found"
    assert {rf.code for rf in ray.run_findings} >= {"N310"}
    nfd = next(d for d in ray.documents if d.document.id == "nfd")
    assert nfd.document.text == DECOMPOSED
    assert any("Sergue" in f.text for f in nfd.findings)


def test_a_ray_run_writes_nothing_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    """Ray's own C++ log line about actors restarted with their arguments in the object
    store (Ray Data's actors restart for ever) came on every run, under the CLI's bar."""
    docs = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(ARTICLES)]
    capfd.readouterr()
    run = audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    assert len(run.documents) == len(docs)
    assert capfd.readouterr().err == ""


def test_a_ray_run_with_a_history_reuses_stored_results(tmp_path: Path) -> None:
    docs = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(ARTICLES)]
    config = AuditConfig(lm=False, engine="ray")
    with HistoryStore(tmp_path / "h.sqlite") as store:
        first = audit_documents(docs, config, cache=store)
        store.record(first, config)
        again = audit_documents(docs, config, cache=store)
    assert all(d.reused for d in again.documents)
    # Run-level rules still compare every document, the reused ones included.
    assert _report(again)["run_findings"] == _report(first)["run_findings"]
    assert [d.findings for d in again.documents] == [d.findings for d in first.documents]


def _close(a: Any, b: Any, path: str = "") -> None:
    """Equal, but for the last digits of scores: the two engines batch different
    sentences together for the model, and a batch's padding moves its sums by a hair."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-4), path
    elif isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            _close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


@pytest.mark.lm
def test_with_the_model_a_ray_run_reports_what_a_local_run_reports(
    scorer: Any, lm_cache_dir: Path
) -> None:
    items: list[Document | InputFailure] = [
        Document("seed", SEED.read_text(encoding="utf-8"), "seed.txt"),
        Document("nfd", DECOMPOSED, "nfd.txt"),
        *(Document(f"a{i}", text, f"a{i}.txt") for i, text in enumerate(ARTICLES[:4])),
    ]
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    local = audit_documents(items, config, scorer=scorer)
    ray = audit_documents(items, dataclasses.replace(config, engine="ray"))
    # Each Ray worker's torch runs on the one CPU Ray gave it, the local scorer on
    # every usable core; the model and its numbers are the same.
    assert ray.signature["lm"] == {**local.signature["lm"], "threads": 1}
    assert local.signature["lm"] == scorer.describe()
    verdicts = [(d.verdict.machine_translated, d.verdict.source_lang) for d in ray.documents]
    assert verdicts == [
        (d.verdict.machine_translated, d.verdict.source_lang) for d in local.documents
    ]
    report = _report(ray)
    report["signature"]["lm"]["threads"] = local.signature["lm"]["threads"]
    _close(report, _report(local))
    assert any(d.fluency for d in ray.documents)


@pytest.mark.lm
def test_a_document_that_fails_in_a_worker_is_an_error_entry(
    monkeypatch: pytest.MonkeyPatch, scorer: Any, lm_cache_dir: Path
) -> None:
    """What an actor runs for a batch (``audit_batch``), here in this process, where a
    fault can be injected: one document fails in the rules, one in the model's scoring
    of the batch; the others are audited as if they had not been there."""
    from audits.detectors.typography import Typography
    from audits.engine import check_config_codes

    real_detect, real_score = Typography.detect, ray_engine.score_contexts

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if "DETECTFAULT" in ctx.text:
            raise KeyError("boom")
        return real_detect(self, ctx)

    def score_contexts(scorer, contexts, *args):  # type: ignore[no-untyped-def]
        if any("LMFAULT" in ctx.text for ctx in contexts):
            raise RuntimeError("the model choked")
        return real_score(scorer, contexts, *args)

    monkeypatch.setattr(Typography, "detect", detect)
    monkeypatch.setattr(ray_engine, "score_contexts", score_contexts)
    texts = [ARTICLES[0], "DETECTFAULT here. Another sentence.", ARTICLES[1], "LMFAULT here. Ok."]
    docs = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(texts)]
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    selected = check_config_codes(config)
    done, scored = ray_engine.audit_batch(docs, config, selected, scorer)
    assert scored
    assert [d.prepared for d in done] == [True, True, True, False]
    assert [d.audit.status for d in done] == ["ok", "error", "ok", "error"]
    assert done[1].audit.error == "internal error while auditing (KeyError: 'boom')"
    assert done[3].audit.error == "internal error while auditing (RuntimeError: the model choked)"
    assert all(d.audit.fluency for d in (done[0], done[2]))


@pytest.mark.lm
@pytest.mark.parametrize("cpus", [1, 2])
def test_a_workers_torch_runs_on_the_cpus_ray_gave_it(
    ray_cluster: Any, scorer: Any, lm_cache_dir: Path, cpus: int
) -> None:
    """A worker's torch (and the OpenMP/MKL pools it sets) runs as many threads as the
    CPUs Ray reserved for the worker, not every core of its node: N one-CPU workers on
    an N-core node ran N*N threads. Asked of a worker made as the engine makes them,
    given one CPU (what the engine asks) or both of the session's Ray. A scorer scores
    on the count its describe() gives (test_lm_scorer holds that), so the description
    is the count torch ran on. On a 2-core machine only [1] fails without the fix: [2]
    is also every usable core there, and checks the reading of Ray's CPUs on a bigger
    node."""
    from audits.engine import check_config_codes
    from audits.lm.hardware import usable_cores

    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False, engine="ray")
    selected = check_config_codes(config)
    actor_class = ray_engine.auditor_class(ray_cluster, config, {})
    actor = actor_class.options(num_cpus=cpus).remote(config, selected)
    try:
        assert ray_cluster.get(actor.ready.remote(), timeout=RAY_RUN_HANG_GUARD_S) is None
        doc = Document("a0", ARTICLES[0], "a0.txt")
        done, described = ray_cluster.get(actor.audit.remote([doc]), timeout=RAY_RUN_HANG_GUARD_S)
    finally:
        ray_cluster.kill(actor)
    assert done[0].audit.fluency
    assert described["threads"] == min(cpus, usable_cores())


@pytest.mark.parametrize("cpus", [1, 2])
def test_a_workers_tokenizer_pool_runs_on_the_cpus_ray_gave_it(ray_cluster: Any, cpus: int) -> None:
    """A worker's Hugging Face tokenizer (its Rust pool, Rayon's) runs as many threads
    as the CPUs Ray reserved for the worker, as its torch does: Rayon sized itself to
    every core of the node in each worker. Asked of a worker made as the engine makes
    them, once it is ready (a tokenizer loads there, not before)."""
    from audits.engine import check_config_codes
    from audits.lm.hardware import usable_cores

    config = AuditConfig(lm=False, engine="ray")
    selected = check_config_codes(config)
    actor_class = ray_engine.auditor_class(ray_cluster, config, {})
    actor = actor_class.options(num_cpus=cpus).remote(config, selected)
    try:
        assert ray_cluster.get(actor.ready.remote(), timeout=RAY_RUN_HANG_GUARD_S) is None
        env = ray_cluster.get(
            actor.__ray_call__.remote(lambda _self: dict(os.environ)),
            timeout=RAY_RUN_HANG_GUARD_S,
        )
    finally:
        ray_cluster.kill(actor)
    threads = min(cpus, usable_cores())
    assert env.get("RAYON_NUM_THREADS") == str(threads)
    assert env.get("TOKENIZERS_PARALLELISM") == ("false" if threads == 1 else None)


@pytest.mark.parametrize(
    ("threads", "node", "expected"),
    [
        (2, {}, {"RAYON_NUM_THREADS": "2", "TOKENIZERS_PARALLELISM": None}),
        (1, {}, {"RAYON_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}),
        # The node's own choice wins.
        (1, {"RAYON_NUM_THREADS": "7", "TOKENIZERS_PARALLELISM": "true"}, None),
        # A blank value is no choice: Rayon read it as unset and took every core.
        (2, {"RAYON_NUM_THREADS": ""}, {"RAYON_NUM_THREADS": "2"}),
        (
            1,
            {"RAYON_NUM_THREADS": " ", "TOKENIZERS_PARALLELISM": ""},
            {"RAYON_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"},
        ),
    ],
)
def test_a_workers_tokenizer_cap_leaves_only_a_value_the_node_chose(
    monkeypatch: pytest.MonkeyPatch,
    threads: int,
    node: dict[str, str],
    expected: dict[str, str | None] | None,
) -> None:
    for name in ("RAYON_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in node.items():
        monkeypatch.setenv(name, value)
    ray_engine._cap_tokenizer_threads(threads)
    for name, value in (expected or node).items():
        assert os.environ.get(name) == value, name


def test_jobs_is_the_most_ray_workers_a_run_starts(ray_cluster: Any) -> None:
    """Unset, a run starts one worker per CPU of the cluster (the session's Ray has
    two); ``--jobs N`` (or ``jobs`` in a config file) caps that at N."""
    assert ray_engine._pool_size(ray_cluster, AuditConfig(engine="ray"), 10) == 2
    assert ray_engine._pool_size(ray_cluster, AuditConfig(engine="ray"), 1) == 1
    one = AuditConfig(engine="ray", jobs=1)
    one.origins["jobs"] = "command line"
    assert ray_engine._pool_size(ray_cluster, one, 10) == 1
    assert ray_engine._pool_size(ray_cluster, AuditConfig(engine="ray", jobs=8), 10) == 2


def test_a_cluster_without_the_workers_device_is_a_one_line_error(ray_cluster: Any) -> None:
    """`--device cuda` on a cluster with no GPU (the session's Ray has none): the pool
    took one GPU slot for granted and its worker waited for a GPU for ever, the run
    hanging without a word. With --no-lm the device is never used, and no GPU is
    asked for."""
    cuda = AuditConfig(engine="ray", device="cuda")
    cuda.origins["device"] = "command line"
    with pytest.raises(UsageError) as caught:
        ray_engine._pool_size(ray_cluster, cuda, 10)
    assert str(caught.value) == (
        "--device cuda (from the command line): the Ray cluster has no GPU for its "
        "workers; pass --device cpu, or add a node with a GPU to the cluster"
    )
    rules_only = AuditConfig(engine="ray", device="cuda", lm=False)
    assert ray_engine._gpus(rules_only) == 0
    assert ray_engine._pool_size(ray_cluster, rules_only, 10) == 2


def test_only_a_ray_the_run_did_not_start_gets_the_drivers_env(
    ray_cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A runtime env made every worker of a local Ray a fresh process of its own (about
    2.5 s each): a local Ray the run starts has the driver's environment already. A
    cluster, or a Ray the caller started (before the driver's settings changed, maybe),
    still gets them; the session's Ray, all on this machine, its cache paths too."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", "/somewhere")
    forwarded = {"HF_HUB_OFFLINE": "1", "MTAUDIT_CACHE_DIR": "/somewhere"}

    class NotStarted:
        @staticmethod
        def is_initialized() -> bool:
            return False

    assert ray_engine._starts_its_own(NotStarted, AuditConfig(engine="ray"))
    assert ray_engine._starts_its_own(NotStarted, AuditConfig(engine="ray", ray_address="local"))
    assert not ray_engine._starts_its_own(NotStarted, AuditConfig(engine="ray", ray_address="auto"))
    assert not ray_engine._starts_its_own(ray_cluster, AuditConfig(engine="ray"))
    assert ray_engine._forwarded_env(ray_cluster).items() >= forwarded.items()


def test_a_cluster_with_a_node_elsewhere_gets_no_paths_of_the_driver(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MTAUDIT_CACHE_DIR and HF_HOME went to every Ray the run did not start: paths on
    the driver's machine, which on another node name another folder or none (the
    driver's home), so that its workers failed to load the model or kept a second
    cache. They go only to a Ray whose nodes all are this machine; the offline flags,
    the run's own choice of where the model may come from, go to any."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", "/home/driver/hf")
    doc = [Document("d0", ARTICLES[0], "d0.txt")]
    local = _report(audit_documents(doc, AuditConfig(lm=False)))
    losing = losing_ray(many=None, one=None)
    losing.elsewhere = ["10.255.0.7"]
    assert _report(audit_documents(doc, AuditConfig(lm=False, engine="ray"))) == local
    sent = {name for options in losing.options for name in options["runtime_env"]["env_vars"]}
    assert "HF_HUB_OFFLINE" in sent
    assert sent.isdisjoint({"HF_HOME", "MTAUDIT_CACHE_DIR"}), sent


# The command line.


def test_the_cli_audits_on_ray(runner: CliRunner, isolated_cwd: Path) -> None:
    local = runner.invoke(app, ["audit", "--no-lm", str(SEED), "-f", "json"])
    ray = runner.invoke(app, ["audit", "--no-lm", "--engine", "ray", str(SEED), "-f", "json"])
    assert ray.exit_code == local.exit_code == 1, ray.output  # the sample is judged MT
    assert _report_text(ray.stdout) == _report_text(local.stdout)


def _report_text(text: str) -> dict[str, Any]:
    report = json.loads(text)
    for volatile in ("started", "finished", "duration", "timing"):
        report.pop(volatile, None)
    return report


def test_the_engine_is_a_setting_of_the_config_file(runner: CliRunner, isolated_cwd: Path) -> None:
    (isolated_cwd / "mtaudit.toml").write_text(
        'engine = "ray"\nray-address = "auto"\n', encoding="utf-8"
    )
    shown = runner.invoke(app, ["config", "-f", "json"])
    assert shown.exit_code == 0, shown.output
    settings = json.loads(shown.stdout)["settings"]
    assert settings["engine"]["value"] == "ray"
    assert settings["ray_address"]["value"] == "auto"
    (isolated_cwd / "mtaudit.toml").write_text('engine = "spark"\n', encoding="utf-8")
    (isolated_cwd / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    bad = runner.invoke(app, ["audit", "--no-lm", "a.txt"])
    assert bad.exit_code == 2
    assert bad.stderr.strip().splitlines() == [
        f"mtaudit: error: engine must be local or ray, not 'spark' "
        f"(from {isolated_cwd / 'mtaudit.toml'})"
    ]


def test_without_ray_installed_the_ray_engine_is_a_one_line_error(
    runner: CliRunner, isolated_cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets without it
    for command in (["audit", "--no-lm", str(SEED)], ["config"]):
        result = runner.invoke(app, [*command, "--engine", "ray"])
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "install mtaudit[ray]" in lines[0], lines


def test_a_cluster_address_nothing_answers_at_is_a_one_line_error() -> None:
    # In a process of its own: this one already runs the session's Ray, which the
    # engine would use whatever the address.
    # The port stays bound, never listening, until both runs are over: closed first, it
    # was free for another process (a Ray's own servers, say) to listen on.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        for address in (f"127.0.0.1:{port}", f"ray://127.0.0.1:{port}"):
            args = ["audit", "--no-lm", "--engine", "ray", "--ray-address", address, str(SEED)]
            result = subprocess.run(
                [*MTAUDIT, *args],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=120,
            )
            assert result.returncode == 2, result.stderr
            assert result.stderr.strip().splitlines() == [
                f"mtaudit: error: cannot reach the Ray cluster at {address} "
                "(from the command line): Connection refused"
            ]


def test_a_document_that_kills_its_worker_is_an_error_entry(tmp_path: Path) -> None:
    """A document whose worker the OS kills (here for exceeding a CPU time limit set
    in the workers) was retried by Ray for ever, stalling the run; now its batch is
    audited again document by document and only that document is lost."""
    # A text that takes far more CPU than the workers' limit: 4,000 articles took
    # 2.4 CPU s on a fast machine, under the 3 s limit, so the test failed there.
    # The worker is killed at the limit whatever the size, so a larger text costs
    # the test nothing but its serialising (about 1.3 MB).
    killer = "\n\n".join(ARTICLES[i % len(ARTICLES)] for i in range(16000))
    docs = [
        {"id": f"a{i}", "text": ARTICLES[i % len(ARTICLES)], "source": f"a{i}.txt"}
        for i in range(20)
    ]
    docs.insert(5, {"id": "killer", "text": killer, "source": "killer.txt"})
    (tmp_path / "docs.json").write_text(json.dumps(docs), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "ray_cpu_limited.py"), str(tmp_path / "docs.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=RAY_RUN_HANG_GUARD_S,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    assert [doc_id for doc_id, _, _ in outcomes] == [doc["id"] for doc in docs]
    failed = {doc_id: error for doc_id, status, error in outcomes if status != "ok"}
    assert failed == {
        "killer": "its Ray worker died while auditing it (out of memory, a crash in native "
        "code or a signal); the rest of the run was audited"
    }


def test_workers_that_keep_dying_fail_the_run_with_one_line(tmp_path: Path) -> None:
    """Workers that die on whatever they audit (tests/ray_dying_workers.py): the batch
    of two, then each document alone. After one death per worker plus
    MORE_DEATHS_IN_A_ROW (lowered to 1 there), with nothing audited in between, the
    run stops with one line and exit 2. Each replacement's start counted as a success
    and reset the count, so a crawl whose workers died on every batch started a worker
    for every document, to the end. And Ray's paragraph about each death was printed
    on stdout, into the `-f json` report: it goes to stderr now."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ARTICLES[0], encoding="utf-8")
    script = ROOT / "tests" / "ray_dying_workers.py"
    command = ["audit", "a.txt", "b.txt", "--no-lm", "--isolated", "--engine", "ray", "-fjson"]
    result = subprocess.run(
        [sys.executable, str(script), *command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=RAY_RUN_HANG_GUARD_S,
    )
    assert (result.returncode, result.stdout) == (2, ""), result.stderr[-3000:]
    assert result.stderr.splitlines()[-1] == (
        "mtaudit: error: the Ray run failed: its workers keep dying (3 in a row; the last: "
        "The actor died unexpectedly before finishing this task.)"
    )


class _LosingRay:
    """The session's Ray, but the results it fetches are lost (``many``: the errors for
    the first batches of more than one document, one each; ``one``: for the first
    batches of one), as when the node that held a finished batch's result in its object
    store goes away before the driver has it, or Ray's memory monitor kills a worker.

    Only the loss is feigned: the worker whose result was "lost" lives on. The engine
    kills it and starts another, as it must; but starting a worker costs seconds (a
    process, mtaudit's imports, the lexicons), once after every loss, 13 times in one
    test. So each worker the engine kills is kept in ``kept``, alive, and handed out
    again when the engine next starts one with the same arguments, behind a new
    ``_Handle`` (a start that fits none of them ends them all, for their CPUs). The
    killed handle stays dead, its calls fail as a killed actor's do, so the engine's
    own handling of the loss is what runs, and ``killed`` says it let go of each
    worker."""

    def __init__(
        self,
        ray: Any,
        many: BaseException | list[BaseException] | None,
        one: BaseException | list[BaseException] | None,
        kept: list[tuple[Any, Any]],
    ) -> None:
        self._ray = ray
        self.losses = {
            kind: list(errors) if isinstance(errors, list) else [e for e in [errors] if e]
            for kind, errors in (("many", many), ("one", one))
        }
        # (how it was made, the worker) for each worker the engine killed.
        self.kept = kept
        self.killed = 0
        # Refs of calls made on a killed handle: fetching one raises ActorDiedError.
        self.dead_refs: set[Any] = set()
        # The ids of documents a worker hangs on: a batch holding one never finishes
        # (its call's ref is never ready), as when a worker deadlocks.
        self.hang_on: set[str] = set()
        self.hanging_refs: set[Any] = set()
        # How many of the next starts never finish (their readiness is never ready), as
        # a model load that never ends.
        self.hang_starts = 0
        # How many of the next starts Ray holds back for ``queued_for`` seconds, as it
        # holds an actor until a node of a busy cluster has a free CPU: no call on the
        # worker answers before then.
        self.queued_starts = 0
        self.queued_for = 0.0
        # The calls on a held-back worker, and when they may answer (``now``).
        self.queued_refs: dict[Any, float] = {}
        # The errors the next starts' loads raise (``ready``), one each, as a worker's
        # own code raising on one flaky node.
        self.failing_starts: list[BaseException] = []
        self.failing_refs: dict[Any, BaseException] = {}
        # The ids of documents whose batch's result is there only after its deadline
        # passed (once): the first wait that would return it moves ``now`` on by
        # ``slow_by`` and returns nothing.
        self.slow_on: set[str] = set()
        self.slow_by = 0.0
        self.slow_refs: set[Any] = set()
        # The ids of each batch sent to a live worker, in order.
        self.sent: list[set[str]] = []
        # The addresses of nodes the cluster feigns to have elsewhere (``nodes``).
        self.elsewhere: list[str] = []
        # The options of each actor class the engine made (``remote``).
        self.options: list[dict[str, Any]] = []
        # The engine's clock (``hang_clock``): it moves on while every awaited call
        # hangs, the timeout of each wait, so that a deadline passes at once and only
        # for a hang; a real call (a worker's start) is never late by it. With ``tick``,
        # each result the wait returns took that long too, and a wait for live calls
        # always returns one (the other workers answer faster than WAIT_STEP).
        self.now = 0.0
        self.tick = 0.0

    def wait(self, refs: list[Any], **options: Any) -> tuple[list[Any], list[Any]]:
        live = [
            ref
            for ref in refs
            if ref not in self.hanging_refs and self.queued_refs.get(ref, 0.0) <= self.now
        ]
        if not live:
            self.now += options.get("timeout") or 0
            if self.now > HANG_GUARD_S:
                raise AssertionError(f"the engine waited {self.now:g} s for hung workers")
            return [], list(refs)
        slow = [ref for ref in live if ref in self.slow_refs]
        if slow and options.get("timeout"):
            self._ray.wait(slow, num_returns=len(slow), timeout=STAND_IN_HANG_GUARD_S)
            self.slow_refs.difference_update(slow)
            self.now += self.slow_by
            return [], list(refs)
        options["num_returns"] = min(options.get("num_returns", 1), len(live))
        if self.tick and options.get("timeout"):
            options["timeout"] = STAND_IN_HANG_GUARD_S
        ready, _ = self._ray.wait(live, **options)
        self.now += self.tick * len(ready)
        return ready, [ref for ref in refs if ref not in ready]

    def hang_clock(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The engine's deadlines read ``now``."""
        monkeypatch.setattr(ray_engine, "_now", lambda: self.now)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ray, name)

    def get(self, ref: Any, **options: Any) -> Any:
        if ref in self.dead_refs:
            raise self._ray.exceptions.ActorDiedError()
        if ref in self.failing_refs:
            raise self.failing_refs.pop(ref)
        result = self._ray.get(ref, **options)
        if isinstance(result, tuple):  # a batch's outcomes (else a worker's readiness)
            lost = self.losses["many" if len(result[0]) > 1 else "one"]
            if lost:
                raise lost.pop(0)
        return result

    def nodes(self) -> list[dict[str, Any]]:
        """The session's node, and one alive at each address of ``elsewhere``."""
        feigned = [{"Alive": True, "NodeManagerAddress": ip} for ip in self.elsewhere]
        return [*self._ray.nodes(), *feigned]

    def remote(self, **options: Any) -> Any:
        """``ray.remote(**options)(cls)``: an actor class whose ``remote`` hands out a
        kept worker made the same way, if there is one."""
        self.options.append(options)
        real = self._ray.remote(**options)

        def actor_class(cls: type) -> Any:
            made = real(cls)
            losing = self

            class _Kept:
                @staticmethod
                def remote(*args: Any) -> Any:
                    how = (cls, options, args)
                    same = [i for i, (kept_how, _) in enumerate(losing.kept) if kept_how == how]
                    if same:
                        handle = _Handle(losing, how, losing.kept.pop(same[0])[1])
                    else:
                        # The kept workers hold the CPUs a new one needs, and none of
                        # them fits: left alive, they had it wait for a CPU for ever.
                        _end_kept(losing._ray, losing.kept)
                        handle = _Handle(losing, how, made.remote(*args))
                    if losing.queued_starts > 0:
                        losing.queued_starts -= 1
                        handle.placed_at = losing.now + losing.queued_for
                    return handle

            return _Kept

        return actor_class

    def kill(self, actor: Any) -> None:
        if not isinstance(actor, _Handle):
            # Only an engine bug could kill what this stand-in's actor class did not
            # start: end it for real, or it holds a CPU of the session's Ray.
            self._ray.kill(actor)
        elif not actor.dead:
            actor.dead = True
            self.killed += 1
            self.kept.append((actor.how, actor.actor))


class _Handle:
    """What ``_LosingRay``'s actor class hands out for one start: the kept worker's
    methods, until ``_LosingRay.kill`` marks it dead; then a call's ref is one that
    ``_LosingRay.get`` turns into ActorDiedError, as a killed actor's call is."""

    def __init__(self, losing: _LosingRay, how: Any, actor: Any) -> None:
        self.losing = losing
        self.how = how
        self.actor = actor
        self.dead = False
        # When Ray lets the worker run (``_LosingRay.queued_starts``).
        self.placed_at = 0.0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.actor, name)
        handle = self

        class _Method:
            @staticmethod
            def remote(*args: Any) -> Any:
                losing = handle.losing
                ids = {doc.id for doc in args[0]} if name == "audit" else set()
                if not handle.dead and name == "audit":
                    losing.sent.append(ids)
                hangs = (name == "audit" and losing.hang_on & ids) or (
                    name == "ready" and losing.hang_starts > 0
                )
                if not handle.dead and name == "ready" and losing.failing_starts:
                    ref = losing._ray.put(None)
                    losing.failing_refs[ref] = losing.failing_starts.pop(0)
                    return ref
                if not handle.dead and hangs:
                    if name == "ready":
                        losing.hang_starts -= 1
                    ref = losing._ray.put(None)
                    losing.hanging_refs.add(ref)
                    return ref
                if not handle.dead:
                    ref = method.remote(*args)
                    if handle.placed_at > losing.now:
                        losing.queued_refs[ref] = handle.placed_at
                    if losing.slow_on & ids:
                        losing.slow_on -= ids
                        losing.slow_refs.add(ref)
                    return ref
                ref = handle.losing._ray.put(None)
                handle.losing.dead_refs.add(ref)
                return ref

        return _Method


@pytest.fixture(scope="module")
def kept_workers(ray_cluster: Any) -> Iterator[list[tuple[Any, Any]]]:
    """The workers ``_LosingRay`` kept, shared by the stand-in's tests: each start costs
    seconds, and a test that reuses the last one's workers starts none (the hang tests
    took 10-30 s each for their starts alone). Ended at the end of the module."""
    kept: list[tuple[Any, Any]] = []
    yield kept
    _end_kept(ray_cluster, kept)


@pytest.fixture(autouse=True)
def _no_kept_workers_without_the_stand_in(
    request: pytest.FixtureRequest, ray_cluster: Any, kept_workers: list[tuple[Any, Any]]
) -> None:
    """Kept workers hold the session Ray's two CPUs: a test that starts real workers
    without the stand-in waited for a CPU for ever. They are ended before it."""
    if "losing_ray" not in request.fixturenames:
        _end_kept(ray_cluster, kept_workers)


@pytest.fixture
def losing_ray(
    ray_cluster: Any, monkeypatch: pytest.MonkeyPatch, kept_workers: list[tuple[Any, Any]]
) -> Iterator[Any]:
    """``lose(many, one)``: a ``_LosingRay`` the engine uses from then on; the workers
    it keeps are left to the next test that uses it (``kept_workers``)."""

    def lose(
        many: BaseException | list[BaseException] | None,
        one: BaseException | list[BaseException] | None,
    ) -> _LosingRay:
        losing = _LosingRay(ray_cluster, many, one, kept_workers)
        monkeypatch.setattr(ray_engine, "_import_ray", lambda config: losing)
        return losing

    yield lose


def _end_kept(ray: Any, kept: list[tuple[Any, Any]]) -> None:
    """End for real the workers ``_LosingRay`` kept."""
    for _, actor in kept:
        with contextlib.suppress(Exception):  # already gone
            ray.kill(actor)
    kept.clear()


# A hang guard for one small worker's start on the session's Ray, not a timing.
STAND_IN_HANG_GUARD_S = 120
# The deadline of the hang tests: the default, so that they reuse the workers the
# other stand-in tests kept (a worker is kept for the config it was started with).
TIMEOUT_S = AuditConfig().ray_batch_timeout
# Feigned seconds the engine may wait for workers that all hang before a test fails:
# it waited for ever. The most a test waits for is 1 + MORE_DEATHS_IN_A_ROW + 1 hangs.
HANG_GUARD_S = 10 * TIMEOUT_S


def _named_worker() -> type:
    """A worker class that says the name it was started with: defined in a function, so
    that Ray sends it by value to workers that cannot import the tests."""

    class Named:
        def __init__(self, name: str) -> None:
            self.name = name

        def ready(self) -> str:
            return self.name

    return Named


def test_the_stand_in_hands_out_a_new_handle_each_start_and_a_killed_one_dies(
    ray_cluster: Any, losing_ray: Any
) -> None:
    """Each start gets a handle of its own and a killed handle's calls die, as with a
    real actor: when the kept worker itself was handed back out, an engine that used a
    worker after killing it passed the loss tests."""

    losing = losing_ray(many=None, one=None)
    named = losing.remote(num_cpus=1)(_named_worker())
    first = named.remote("a")
    assert losing.get(first.ready.remote()) == "a"
    losing.kill(first)
    second = named.remote("a")
    assert second is not first
    with pytest.raises(ray_cluster.exceptions.ActorDiedError):
        losing.get(first.ready.remote())
    assert losing.get(second.ready.remote()) == "a"
    assert losing.killed == 1


def test_the_stand_in_ends_kept_workers_a_start_cannot_reuse(
    ray_cluster: Any, losing_ray: Any
) -> None:
    """Kept workers hold the session Ray's two CPUs: a start with other arguments, which
    can reuse none of them, waited for a CPU for ever (the engine has no timeout)."""

    losing = losing_ray(many=None, one=None)
    named = losing.remote(num_cpus=1)(_named_worker())
    pair = [named.remote("a"), named.remote("a")]
    assert [losing.get(handle.ready.remote()) for handle in pair] == ["a", "a"]
    for handle in pair:
        losing.kill(handle)
    other = named.remote("b")
    assert losing.get(other.ready.remote(), timeout=STAND_IN_HANG_GUARD_S) == "b"


def test_a_lost_result_is_a_worker_death(ray_cluster: Any, losing_ray: Any) -> None:
    """A batch whose result was lost with its node (ObjectLostError, here its
    ObjectReconstructionFailedError: a finished actor call is not run again) ended
    the run as 'the Ray run failed', the crawl lost; now it is a worker death: its
    documents are audited again one by one, and the run reports what a local run
    does. A document whose worker the memory monitor kills while it audits it alone
    (OutOfMemoryError) is an error entry."""
    errors = ray_cluster.exceptions
    lost = errors.ObjectReconstructionFailedError("ab" * 14)
    losing = losing_ray(many=lost, one=None)
    docs = [
        Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt")
        for i in range(ray_engine.DOCS_PER_BATCH + 3)
    ]
    ray = audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    assert losing.losses["many"] == []  # it was lost
    # Two batches on two workers; the first result fetched is lost: its worker, its
    # replacement and the other worker, the last two at the end.
    assert losing.killed == 3
    assert _report(ray) == _report(audit_documents(docs, AuditConfig(lm=False)))

    oom = errors.OutOfMemoryError("Task was killed due to the node running low on memory.")
    losing = losing_ray(many=None, one=oom)
    alone = audit_documents(docs[:1], AuditConfig(lm=False, engine="ray"))
    assert [(d.document.id, d.status) for d in alone.documents] == [("d0", "error")]
    assert losing.killed == 1  # the one worker, after its loss; no other was started
    # Which memory ran out and what to do: it said 'out of memory, a crash in native
    # code or a signal' though Ray had said which.
    assert alone.documents[0].error == (
        "its Ray worker died while auditing it alone: Ray's memory monitor killed the "
        "worker, its node low on memory; run fewer workers with -j N, or give the node "
        "more memory; the rest of the run was audited"
    )


def test_a_worker_that_hangs_is_killed_and_its_documents_audited_elsewhere(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that never answered (a deadlock, a stuck node) held the run for ever:
    ``_next_result`` waited without end. Past ``ray_batch_timeout`` it is killed; the
    documents of its batch are audited again one by one on other workers, and one that
    its worker hangs on alone, again once on another worker, is then an error entry that
    says so. The rest of the run is what a local run reports."""
    monkeypatch.setattr(ray_engine, "DOCS_PER_BATCH", 2)
    docs = [Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt") for i in range(4)]
    docs.insert(1, Document("hang", ARTICLES[0], "hang.txt"))
    losing = losing_ray(many=None, one=None)
    losing.hang_on = {"hang"}
    losing.hang_clock(monkeypatch)
    run = audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    # Its batch [d0, hang], then hang alone, then hang alone on a fresh worker.
    assert len(losing.hanging_refs) == 3
    assert losing.killed == 3
    by_id = {d.document.id: d for d in run.documents}
    assert by_id["hang"].status == "error"
    assert by_id["hang"].error == (
        f"its Ray worker hung on it: no answer within {TIMEOUT_S:g} s (ray_batch_timeout), "
        "audited alone on 2 workers in turn; the rest of the run was audited"
    )
    others = [doc for doc in docs if doc.id != "hang"]
    local = audit_documents(others, AuditConfig(lm=False))
    assert [
        (d.document.id, d.status, d.findings) for d in run.documents if d.document.id != "hang"
    ] == [(d.document.id, d.status, d.findings) for d in local.documents]


def test_workers_that_all_hang_fail_the_run_with_one_line(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every batch hangs: like workers that keep dying, the run ends with one line after
    one hang per worker plus MORE_DEATHS_IN_A_ROW, not after a deadline per document."""
    losing = losing_ray(many=None, one=None)
    docs = [Document(f"d{i}", ARTICLES[0], f"d{i}.txt") for i in range(8)]
    losing.hang_on = {doc.id for doc in docs}
    losing.hang_clock(monkeypatch)
    # Eight documents are one batch: a pool of one worker.
    with pytest.raises(UsageError) as caught:
        audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    deaths = 1 + ray_engine.MORE_DEATHS_IN_A_ROW + 1
    assert str(caught.value) == (
        f"the Ray run failed: its workers keep dying ({deaths} in a row; the last: a worker "
        f"did not audit its batch within {TIMEOUT_S:g} s (ray_batch_timeout))"
    )
    assert len(losing.hanging_refs) == losing.killed == deaths


def test_a_hung_worker_is_killed_while_the_others_keep_answering(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deadlines were looked at only when no result came within WAIT_STEP: while
    another worker answered more often than that, a hung one was found only once the
    queue ran dry, the end of a long crawl. Each result here takes a fifth of the
    deadline: the hung document goes to a fresh worker long before the last batch."""
    monkeypatch.setattr(ray_engine, "DOCS_PER_BATCH", 1)
    docs = [Document("hang", ARTICLES[0], "hang.txt")]
    docs += [Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt") for i in range(20)]
    losing = losing_ray(many=None, one=None)
    losing.hang_on = {"hang"}
    losing.tick = TIMEOUT_S / 5
    losing.hang_clock(monkeypatch)
    run = audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    hang_sends = [i for i, ids in enumerate(losing.sent) if ids == {"hang"}]
    assert len(hang_sends) == 2, losing.sent
    # The retry comes after about five results of the other worker, not after twenty.
    assert hang_sends[1] < losing.sent.index({"d19"}) - 5, losing.sent
    assert [(d.document.id, d.status) for d in run.documents] == [("hang", "error")] + [
        (doc.id, "ok") for doc in docs[1:]
    ]


def test_a_result_there_after_its_deadline_is_read_not_killed(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A late result that a wait with no timeout finds there is the batch's: its worker
    is not taken for hung, its documents not audited again."""
    doc = [Document("d0", ARTICLES[0], "d0.txt")]
    local = _report(audit_documents(doc, AuditConfig(lm=False)))
    losing = losing_ray(many=None, one=None)
    losing.slow_on = {"d0"}
    losing.slow_by = TIMEOUT_S + 1
    losing.hang_clock(monkeypatch)
    assert _report(audit_documents(doc, AuditConfig(lm=False, engine="ray"))) == local
    assert losing.slow_refs == set()  # it was late
    assert losing.sent == [{"d0"}]
    assert losing.killed == 1  # at the end of the run, not for a hang


def test_a_worker_that_never_starts_is_killed_and_the_others_audit_the_run(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start that never ends (a model load that never returns) is killed after
    ``ray_batch_timeout``; the run is audited by the other worker. When no start ever
    ends, the run fails with one line that says so."""
    docs = [
        Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt")
        for i in range(ray_engine.DOCS_PER_BATCH + 3)
    ]
    local = _report(audit_documents(docs, AuditConfig(lm=False)))
    losing = losing_ray(many=None, one=None)
    losing.hang_starts = 1
    losing.hang_clock(monkeypatch)
    assert _report(audit_documents(docs, AuditConfig(lm=False, engine="ray"))) == local
    assert len(losing.hanging_refs) == 1
    assert losing.killed == 2  # the hung start, and the other worker at the end

    losing = losing_ray(many=None, one=None)
    deaths = 1 + ray_engine.MORE_DEATHS_IN_A_ROW + 1
    losing.hang_starts = deaths
    losing.hang_clock(monkeypatch)
    with pytest.raises(UsageError) as caught:
        audit_documents(docs[:1], AuditConfig(lm=False, engine="ray"))
    assert str(caught.value) == (
        f"the Ray run failed: its workers keep dying ({deaths} in a row; the last: a worker "
        f"did not start within {TIMEOUT_S:g} s (ray_batch_timeout))"
    )
    assert losing.killed == deaths


def test_a_worker_held_back_for_a_free_cpu_is_not_taken_for_hung(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy cluster Ray holds a new worker back until a node has a free CPU. Its
    start's deadline counted that wait: a worker held back longer than
    ``ray_batch_timeout`` was killed as hung, counted as a death, and its replacement
    held back in turn. The deadline counts from when the worker runs: one held back
    three deadlines, while the other worker audits (two of its batches take two
    deadlines each, read late, not killed), is not taken for hung; both are ended only
    at the end of the run."""
    monkeypatch.setattr(ray_engine, "DOCS_PER_BATCH", 1)
    docs = [Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt") for i in range(8)]
    local = _report(audit_documents(docs, AuditConfig(lm=False)))
    losing = losing_ray(many=None, one=None)
    losing.queued_starts = 1  # the first of the two workers
    losing.queued_for = 3 * TIMEOUT_S
    losing.slow_on = {"d1", "d3"}
    losing.slow_by = 2 * TIMEOUT_S
    losing.hang_clock(monkeypatch)
    assert _report(audit_documents(docs, AuditConfig(lm=False, engine="ray"))) == local
    assert losing.now >= 4 * TIMEOUT_S  # it was held back past its deadline, while others ran
    assert len(losing.sent) == len(docs)  # no batch audited again after a "hang"
    assert losing.killed == 2  # both, at the end of the run, not for a hang


def test_a_run_whose_workers_all_wait_for_a_cpu_fails_after_the_deadline(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When no worker of the run gets a CPU (other jobs hold them all), the run waited
    for ever without a word: it has audited nothing and cannot go on. Past
    ``ray_batch_timeout`` with no worker running it fails with one line; its held-back
    workers are ended with it, not counted as deaths one by one."""
    docs = [Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt") for i in range(3)]
    losing = losing_ray(many=None, one=None)
    losing.queued_starts = 100
    losing.queued_for = 1e12  # the other jobs never give a CPU back
    losing.hang_clock(monkeypatch)
    with pytest.raises(UsageError) as caught:
        audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    assert str(caught.value) == (
        f"the Ray run failed: no worker got a CPU within {TIMEOUT_S:g} s "
        "(ray_batch_timeout): the cluster's CPUs are all taken by other jobs (see "
        "`ray status`); run it later or raise ray_batch_timeout"
    )
    assert TIMEOUT_S < losing.now < TIMEOUT_S + 1
    assert losing.sent == []
    assert losing.killed == 1  # the one worker of the run, at its end


def test_a_run_audited_by_the_others_does_not_wait_for_a_held_back_worker(
    ray_cluster: Any, losing_ray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that Ray still holds back for a free CPU once the others have audited
    every batch is ended with them: with no deadline for that wait, the run waited for
    it to run (on a busy cluster, as long as the other jobs kept their CPUs), only to
    end it."""
    docs = [
        Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt")
        for i in range(ray_engine.DOCS_PER_BATCH + 3)
    ]
    local = _report(audit_documents(docs, AuditConfig(lm=False)))
    losing = losing_ray(many=None, one=None)
    losing.queued_starts = 1  # the first of the two workers
    losing.queued_for = 3 * TIMEOUT_S
    losing.hang_clock(monkeypatch)
    assert _report(audit_documents(docs, AuditConfig(lm=False, engine="ray"))) == local
    assert len(losing.sent) == 2  # both batches, to the other worker
    assert losing.now < TIMEOUT_S  # not waited for
    assert losing.killed == 2  # both, at the end of the run


def _load_error(errors: Any) -> BaseException:
    """What Ray raises on the driver for a worker's load that raised a RuntimeError."""
    cause = RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
    return errors.RayTaskError("ready", "Traceback ...", cause).as_instanceof_cause()


def test_a_worker_whose_load_raises_is_replaced_and_the_run_goes_on(
    ray_cluster: Any, losing_ray: Any
) -> None:
    """A worker whose load raised (not mtaudit's own error: a MemoryError, a stale cache
    on one node) died with its start and was replaced while the load ran in the actor's
    ``__init__``; raised from ``ready`` it ended the whole run. It is a death again:
    once, the run is audited; on every worker, the run fails as workers that keep dying
    do, with the error's line."""
    docs = [Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt") for i in range(3)]
    local = _report(audit_documents(docs, AuditConfig(lm=False)))
    losing = losing_ray(many=None, one=None)
    losing.failing_starts = [_load_error(ray_cluster.exceptions)]
    assert _report(audit_documents(docs, AuditConfig(lm=False, engine="ray"))) == local
    assert losing.failing_refs == {}
    assert losing.killed == 2  # the one that failed, and its replacement at the end

    losing = losing_ray(many=None, one=None)
    deaths = 1 + ray_engine.MORE_DEATHS_IN_A_ROW + 1
    losing.failing_starts = [_load_error(ray_cluster.exceptions) for _ in range(deaths)]
    with pytest.raises(UsageError) as caught:
        audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    assert str(caught.value) == (
        f"the Ray run failed: its workers keep dying ({deaths} in a row; the last: CUDA out "
        "of memory. Tried to allocate 2.00 GiB)"
    )
    assert losing.killed == deaths


def test_workers_the_memory_monitor_keeps_killing_fail_the_run_with_what_to_do(
    ray_cluster: Any, losing_ray: Any
) -> None:
    """The run's one line named Ray's first line, 'Task was killed due to the node
    running low on memory.', and nothing to do about it."""
    oom = ray_cluster.exceptions.OutOfMemoryError(
        "Task was killed due to the node running low on memory."
    )
    # One batch, then each document alone: the pool of one worker gives up after
    # 1 + MORE_DEATHS_IN_A_ROW deaths with nothing audited in between.
    deaths = 1 + ray_engine.MORE_DEATHS_IN_A_ROW + 1
    losing_ray(many=oom, one=[oom] * deaths)
    docs = [Document(f"d{i}", ARTICLES[0], f"d{i}.txt") for i in range(deaths + 1)]
    with pytest.raises(UsageError) as caught:
        audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    assert str(caught.value) == (
        f"the Ray run failed: its workers keep dying ({deaths} in a row; the last: Ray's "
        "memory monitor killed the worker, its node low on memory); run fewer workers "
        "with -j N, or give the node more memory"
    )


def test_a_document_alone_is_not_blamed_for_its_node(ray_cluster: Any, losing_ray: Any) -> None:
    """A document audited alone whose worker was lost with its node (the node died or
    was preempted, the result went with the node's object store, the worker could not be
    reached) was reported as the document that killed its worker, 'out of memory, a
    crash in native code or a signal', and left out of the gate. As the -j pool blames
    a document only for its own worker's death, it is audited again; lost again, it is
    an error entry that says how, and still not as its worker's killer."""
    errors = ray_cluster.exceptions
    doc = [Document("d0", ARTICLES[0], "d0.txt")]
    local = _report(audit_documents(doc, AuditConfig(lm=False)))
    node_died = errors.ActorDiedError()
    node_died.error_msg += (
        "\n\tclass_name: _Auditor\nThe actor died because its node has died. Node Id: ab"
    )
    losses = [
        errors.NodeDiedError("node ab has died"),
        node_died,
        errors.RayActorError(preempted=True),
        errors.ObjectReconstructionFailedError("ab" * 14),
        errors.ActorUnavailableError("The actor is temporarily unavailable", None),
    ]
    for lost in losses:
        losing = losing_ray(many=None, one=[lost])
        assert _report(audit_documents(doc, AuditConfig(lm=False, engine="ray"))) == local
        assert losing.losses["one"] == []  # it was lost, then audited again
        assert losing.killed == 2  # the lost worker, and at the end the one after it

    losing = losing_ray(many=None, one=[losses[3], losses[0], losses[0]])
    run = audit_documents(doc, AuditConfig(lm=False, engine="ray"))
    assert [(d.document.id, d.status, d.error) for d in run.documents] == [
        (
            "d0",
            "error",
            "its Ray worker was lost 2 times while auditing it (the last time its node died: "
            "the cluster's doing, not the document's, as far as Ray tells); the rest of "
            "the run was audited",
        )
    ]
    assert len(losing.losses["one"]) == 1  # not sent a third time


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")
def test_a_ray_run_leaves_no_process_behind(tmp_path: Path) -> None:
    """A local Ray's workers are the raylet's children, and what a worker starts is
    theirs: ray.shutdown ends the raylet, and its orphans ended (and were reaped by
    init) when they got to it, after mtaudit had exited: seconds on a loaded machine,
    where a SIGTERM to the run's process group failed the signal test below now and
    then. Here a worker leaves a helper process behind it: mtaudit waits for it (and
    would kill it after ``LOCAL_RAY_EXIT_WAIT`` seconds) before it exits."""
    pid_file = tmp_path / "helper.pid"
    (tmp_path / "a.txt").write_text(ARTICLES[0], encoding="utf-8")
    lingering = [sys.executable, str(ROOT / "tests" / "ray_lingering_child.py"), str(pid_file)]
    process = subprocess.Popen(
        [*lingering, "audit", "--no-lm", "--engine", "ray", str(tmp_path / "a.txt"), "-f", "json"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=RAY_RUN_HANG_GUARD_S)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode in (0, 1), stderr[-3000:]
    assert [d["id"] for d in json.loads(stdout)["documents"]] == [str(tmp_path / "a.txt")]
    helper = int(pid_file.read_text(encoding="utf-8"))
    try:
        assert not Path(f"/proc/{helper}").exists()  # ended, and reaped
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(helper, signal.SIGKILL)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of the run's process group is left


def _descendants(pid: int) -> dict[int, str]:
    """The processes under ``pid`` (Linux's /proc), each with its command line."""
    children: dict[int, list[int]] = {}
    lines: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            lines[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # ended meanwhile
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        each = todo.pop()
        found[each] = lines.get(each, "")
        todo += children.get(each, [])
    return found


def _blocks(pid: int, signum: int) -> bool:
    """Whether process ``pid`` blocks ``signum`` (True too for one that has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    blocked = next(line for line in status.splitlines() if line.startswith("SigBlk:"))
    return bool(int(blocked.split()[1], 16) & (1 << (signum - 1)))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")
@pytest.mark.parametrize(
    ("signum", "line"),
    [
        (signal.SIGINT, "interrupted"),
        (signal.SIGTERM, "terminated"),
        *([(signal.SIGHUP, "hung up")] if hasattr(signal, "SIGHUP") else []),
    ],
)
def test_a_signal_during_a_ray_run_stops_it_with_one_line(
    tmp_path: Path, signum: int, line: str
) -> None:
    """A terminal's Ctrl-C, a service manager's SIGTERM, or a closed terminal's SIGHUP,
    to the whole process group while the workers audit. The CLI's handler raised inside
    Ray's C++ wait, which came out as 'internal error: SystemError: <cyfunction
    CoreWorker.wait> returned a result with an exception set' or a segmentation fault;
    SIGTERM met the handler ray.init puts in place (sys.exit(15)): status 15, no word;
    SIGHUP killed the local Ray's processes outright, and mtaudit with them when its
    raylet went first. Now: one line, status 128 + the signal, no report nor `.tmp`,
    and no Ray process of the run left behind."""
    slow = "\n\n".join(ARTICLES[i % len(ARTICLES)] for i in range(3000))  # seconds
    (tmp_path / "slow.txt").write_text(slow, encoding="utf-8")
    for i, text in enumerate(ARTICLES):
        (tmp_path / f"a{i}.txt").write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    # The console script (cli.app.main), which handles the signals.
    mtaudit = [sys.executable, "-c", "from cli.app import main; main()"]
    command = [*mtaudit, "audit", "--no-lm", "--engine", "ray", str(tmp_path), "-o", str(report)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        # Until a worker has started (Ray names its process after the actor's class),
        # and a little longer: it audits the slow document for seconds.
        while not any("_Auditor" in line for line in _descendants(process.pid).values()):
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.1)
        time.sleep(1.5)
        # SIGTERM and SIGHUP reach mtaudit alone: Ray's processes (raylet, GCS,
        # workers) shut themselves down (SIGTERM) or died (SIGHUP) at the same moment,
        # and a raylet gone before mtaudit had let go of Ray made Ray end mtaudit itself
        # (status 1, a line about lost objects), a run in three on a loaded machine.
        ray_processes = _descendants(process.pid)
        stopping = {signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
        unblocked = {pid for pid in ray_processes for s in stopping if not _blocks(pid, s)}
        assert ray_processes and not unblocked, ray_processes
        os.killpg(process.pid, signum)
        signalled = time.monotonic()
        _, stderr = process.communicate(timeout=120)
        took = time.monotonic() - signalled
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert (process.returncode, stderr) == (128 + signum, f"mtaudit: error: {line}\n")
    # The worker auditing the slow document outlives its raylet: mtaudit waited
    # LOCAL_RAY_EXIT_WAIT for it to end before it killed it (about 12 s of the test's
    # 45); a stopped run kills it at once.
    assert took < ray_engine.LOCAL_RAY_EXIT_WAIT
    assert list(tmp_path.iterdir()) == list(tmp_path.glob("*.txt"))  # no report, no temp file
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of the run's process group is left
