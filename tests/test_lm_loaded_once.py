"""The model is loaded once per process for the same weights (no model needed: the
load from a model folder is stood in for)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
import warnings
import weakref
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from audits.lm import forget_loaded_model, loading


class _Model:
    config = SimpleNamespace(_commit_hash="c0ffee")

    def eval(self) -> _Model:
        return self

    def to(self, device: str) -> _Model:
        return self


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def from_pretrained(where: str, dtype: str, local_only: bool, own: bool = False) -> Any:
        calls.append(where)
        return _Model(), object()

    monkeypatch.setattr(loading, "_from_pretrained", from_pretrained)
    monkeypatch.setattr(loading, "_KEEP", True, raising=False)  # a CLI run turns it off
    forget_loaded_model()
    yield calls
    forget_loaded_model()


def _model_folder(tmp_path: Path, name: str = "model") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    (folder / "model.safetensors").write_bytes(b"weights")
    return folder


def test_the_same_weights_are_loaded_once(tmp_path: Path, loads: list[str]) -> None:
    """A notebook calling audit_documents once per batch loaded the model each time
    (10 s a call)."""
    folder = _model_folder(tmp_path)
    first = loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    again = loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    assert again is first
    assert len(loads) == 1
    loading.load_model(str(folder), "cpu", "bf16", tmp_path)  # another precision
    assert len(loads) == 2


def test_replaced_weights_are_loaded_again(tmp_path: Path, loads: list[str]) -> None:
    folder = _model_folder(tmp_path)
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    weights = folder / "model.safetensors"
    weights.write_bytes(b"new weights")
    os.utime(weights, ns=(1, 1))
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    assert len(loads) == 2


def test_threads_asking_at_once_load_it_once(
    tmp_path: Path, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load waits until the other threads have had time to ask too: without
    the lock each of them loads its own."""
    started, release = threading.Event(), threading.Event()

    def slow_load(where: str, dtype: str, local_only: bool, own: bool = False) -> Any:
        loads.append(where)
        started.set()
        release.wait(10)
        return _Model(), object()

    monkeypatch.setattr(loading, "_from_pretrained", slow_load)
    folder = _model_folder(tmp_path)
    got: list[Any] = []
    threads = [
        threading.Thread(
            target=lambda: got.append(loading.load_model(str(folder), "cpu", "fp32", tmp_path))
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    assert started.wait(10)
    time.sleep(0.3)  # the others reach the lock (or, without one, a load of their own)
    release.set()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert len(got) == 4
    assert all(each is got[0] for each in got)


def test_another_device_or_cache_dir_is_another_load(tmp_path: Path, loads: list[str]) -> None:
    folder = _model_folder(tmp_path)
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    on_gpu = loading.load_model(str(folder), "cuda", "fp32", tmp_path)
    assert on_gpu.device == "cuda"
    assert len(loads) == 2
    loading.load_model(str(folder), "cuda", "fp32", tmp_path / "elsewhere")
    assert len(loads) == 3


def test_the_old_model_is_let_go_before_another_loads(
    tmp_path: Path, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two models in memory at once, for a moment, is twice the memory at its peak."""
    first = weakref.ref(loading.load_model(str(_model_folder(tmp_path)), "cpu", "fp32", tmp_path))
    alive_while_loading: list[bool] = []

    def load(where: str, dtype: str, local_only: bool, own: bool = False) -> Any:
        gc.collect()
        alive_while_loading.append(first() is not None)
        return _Model(), object()

    monkeypatch.setattr(loading, "_from_pretrained", load)
    loading.load_model(str(_model_folder(tmp_path, "other")), "cpu", "fp32", tmp_path)
    assert alive_while_loading == [False]


def test_forgetting_the_model_loads_it_again(tmp_path: Path, loads: list[str]) -> None:
    folder = _model_folder(tmp_path)
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    forget_loaded_model()
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    assert len(loads) == 2


def _snapshot(hub: Path, commit: str) -> None:
    """A snapshot of org/tiny-lm in the hub cache, laid out as `hf download` leaves it."""
    repo = hub / "models--org--tiny-lm"
    (repo / "snapshots" / commit).mkdir(parents=True, exist_ok=True)
    (repo / "snapshots" / commit / "config.json").write_text("{}")
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / "main").write_text(commit)


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from huggingface_hub import constants

    folder = tmp_path / "hub"
    folder.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(folder))
    monkeypatch.chdir(tmp_path)  # no folder named org/tiny-lm here
    return folder


def test_a_hub_id_is_loaded_again_when_its_cached_snapshot_changes(
    tmp_path: Path, loads: list[str], hub: Path
) -> None:
    """A hub id was kept for the whole process, whatever was downloaded meanwhile."""
    _snapshot(hub, "aaaa111")
    loading.load_model("org/tiny-lm", "cpu", "fp32", tmp_path)
    loading.load_model("org/tiny-lm", "cpu", "fp32", tmp_path)
    assert len(loads) == 1
    _snapshot(hub, "bbbb222")  # `hf download` fetched a newer snapshot
    loading.load_model("org/tiny-lm", "cpu", "fp32", tmp_path)
    assert len(loads) == 2


def test_a_hub_id_downloaded_by_its_first_load_is_kept(
    tmp_path: Path, loads: list[str], hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keyed by the snapshot cached before the load, which the load itself downloads, a
    hub id's first load was kept under no key and the next call loaded it again."""

    def download_and_load(where: str, dtype: str, local_only: bool, own: bool = False) -> Any:
        loads.append(where)
        _snapshot(hub, "aaaa111")
        return _Model(), object()

    monkeypatch.setattr(loading, "_from_pretrained", download_and_load)
    first = loading.load_model("org/tiny-lm", "cpu", "fp32", tmp_path)
    assert loading.load_model("org/tiny-lm", "cpu", "fp32", tmp_path) is first
    assert len(loads) == 1


def test_a_library_caller_can_choose_not_to_keep_the_model(
    tmp_path: Path, loads: list[str]
) -> None:
    """Kept for the whole process, a model held its memory (gigabytes on a GPU for a
    large --model) after the audit with no way to say no."""
    from audits.lm import keep_loaded_model

    folder = _model_folder(tmp_path)
    kept = weakref.ref(loading.load_model(str(folder), "cpu", "fp32", tmp_path))
    keep_loaded_model(False)
    gc.collect()
    assert kept() is None  # the kept one is let go at once
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    assert len(loads) == 3
    keep_loaded_model(True)
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    loading.load_model(str(folder), "cpu", "fp32", tmp_path)
    assert len(loads) == 4


def test_the_cli_keeps_no_model() -> None:
    """One run per process: a model kept after the audit only held its memory."""
    script = (
        "import atexit, sys\n"
        "import cli.commands\n"
        "from audits.lm import loading\n"
        "cli.commands.run = lambda: 0\n"
        "atexit.register(lambda: print('keeps', loading._KEEP))\n"
        "sys.argv = ['mtaudit', 'rules']\n"
        "from cli.app import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "keeps False"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_child_can_load_while_the_parent_is_loading() -> None:
    """The child of a fork made while a thread held the lock waited for ever."""
    with loading._LOADING, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads running
        pid = os.fork()
        if pid == 0:
            os._exit(0 if loading._LOADING.acquire(timeout=5) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.fixture
def alive(monkeypatch: pytest.MonkeyPatch, loads: list[str]) -> Any:
    """Stand-in models tracked by weak references (``models``; ``held``: how many were
    alive as each load began), and a stand-in scorer that only holds its model: the
    keeping of the process scorer is tested, not the scoring."""
    from audits.lm import factory

    seen = SimpleNamespace(models=[], held=[])

    def from_pretrained(where: str, dtype: str, local_only: bool, own: bool = False) -> Any:
        seen.held.append(_models_alive(seen.models))
        model = _Model()
        seen.models.append(weakref.ref(model))
        return model, object()

    monkeypatch.setattr(loading, "_from_pretrained", from_pretrained)
    monkeypatch.setattr(factory, "TransformersScorer", _HoldsItsModel)
    monkeypatch.setattr(factory, "find_calibration", lambda *args, **kwargs: None)
    yield seen
    forget_loaded_model()  # no stand-in scorer is left kept for later tests


class _HoldsItsModel:
    def __init__(self, loaded: Any, settings: Any, **kwargs: Any) -> None:
        self.loaded = loaded


def _models_alive(models: list[weakref.ref[Any]]) -> int:
    gc.collect()
    return sum(ref() is not None for ref in models)


def _config(tmp_path: Path, folder: Path) -> Any:
    from audits import AuditConfig

    return AuditConfig(model=str(folder), cache=False, cache_dir=str(tmp_path / "cache"))


def test_the_kept_process_scorer_goes_when_another_model_loads(tmp_path: Path, alive: Any) -> None:
    """audit_document with one model, then audit_documents with another, left both
    models in memory: the scorer audit_document kept still held the first."""
    from audits.lm import factory

    first, second = _model_folder(tmp_path, "a"), _model_folder(tmp_path, "b")
    factory.process_scorer(_config(tmp_path, first))  # what audit_document builds
    factory.build_scorer(_config(tmp_path, second))  # what audit_documents builds, dropped
    assert len(alive.models) == 2
    assert _models_alive(alive.models) == 1


def test_the_process_scorer_lets_its_model_go_before_another_loads(
    tmp_path: Path, alive: Any
) -> None:
    """audit_document with other settings built the new scorer while the old one,
    and its model, were still kept: two models in memory during the load."""
    from audits.lm import factory

    first, second = _model_folder(tmp_path, "a"), _model_folder(tmp_path, "b")
    factory.process_scorer(_config(tmp_path, first))
    factory.process_scorer(_config(tmp_path, second))
    assert alive.held == [0, 0]
    assert _models_alive(alive.models) == 1


def test_turning_keeping_off_while_the_process_scorer_is_built_keeps_nothing(
    tmp_path: Path, alive: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """keep_loaded_model(False) from another thread between process_scorer's first
    look at the setting and its lock: the scorer was kept all the same, and its model
    with it, though keeping was off."""
    from audits.lm import factory

    real_keeps_models = loading.keeps_models
    looks: list[bool] = []

    def keeping_turned_off_meanwhile() -> bool:
        keeps = real_keeps_models()
        looks.append(keeps)
        if len(looks) == 1:  # process_scorer's look, before its lock
            loading.keep_loaded_model(False)
        return keeps

    monkeypatch.setattr(loading, "keeps_models", keeping_turned_off_meanwhile)
    scorer = factory.process_scorer(_config(tmp_path, _model_folder(tmp_path)))
    assert loading.PROCESS_SCORER == {}
    del scorer
    assert _models_alive(alive.models) == 0


@pytest.fixture
def builds(alive: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every scorer ``factory.build_scorer`` builds, in order."""
    from audits.lm import factory

    built: list[Any] = []
    real_build = factory.build_scorer

    def counted(config: Any) -> Any:
        built.append(real_build(config))
        return built[-1]

    monkeypatch.setattr(factory, "build_scorer", counted)
    return built


def test_threads_asking_for_the_process_scorer_at_once_build_one(
    tmp_path: Path, builds: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight threads ask while the first build is slow: one scorer, shared by all."""
    from audits.lm import factory

    real_load = loading._from_pretrained

    def slow(where: str, dtype: str, local_only: bool, own: bool = False) -> Any:
        time.sleep(0.3)  # the others reach process_scorer meanwhile
        return real_load(where, dtype, local_only, own)

    monkeypatch.setattr(loading, "_from_pretrained", slow)
    config = _config(tmp_path, _model_folder(tmp_path))
    got: list[Any] = []
    ready = threading.Barrier(8)

    def ask() -> None:
        ready.wait(10)
        got.append(factory.process_scorer(config))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(got) == 8
    assert len(builds) == 1
    assert all(each is builds[0] for each in got)


def test_a_hub_id_downloaded_by_the_process_scorers_build_is_kept(
    tmp_path: Path, builds: list[Any], hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keyed by the snapshot cached before the build, which the build itself downloads,
    the first scorer was kept under a key no later call makes: the next call (or a
    thread that asked while the first was building) built a second one."""
    from audits import AuditConfig
    from audits.lm import factory

    def download_and_load(where: str, dtype: str, local_only: bool, own: bool = False) -> Any:
        _snapshot(hub, "aaaa111")
        return _Model(), object()

    monkeypatch.setattr(loading, "_from_pretrained", download_and_load)
    config = AuditConfig(model="org/tiny-lm", cache=False, cache_dir=str(tmp_path / "cache"))
    first = factory.process_scorer(config)
    assert factory.process_scorer(config) is first
    assert len(builds) == 1
