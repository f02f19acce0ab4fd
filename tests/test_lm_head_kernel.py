"""The compiled output-layer kernel: built once per session (a real C++ build),
checked against the eager path, and every way it can be missing or broken ending
on the eager path with a reason."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import torch

from audits.lm import head_kernel
from audits.lm.head_kernel import AUTO_BUILD_TOKENS, eager_scores, kernel_path, prepare
from tests.conftest import every_core_of_the_run, shared_build_folder

pytestmark = [
    pytest.mark.lm,
    pytest.mark.skipif(
        shutil.which("g++") is None and shutil.which("clang++") is None,
        reason="no C++ compiler to build the kernel with",
    ),
]


# What prepare() told its ``building`` callback, per dtype, over the session.
BUILD_CALLS: dict[str, list[bool]] = {}


@pytest.fixture(scope="session")
def kernel_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache dir holding both kernels, built once per test run: xdist hands this
    file's tests to both workers, and each built both kernels (a CPU-minute each).
    The first worker builds them (``_built_kernels``) and publishes the packages and
    what prepare() told ``building``; the others copy both (copies: a test here
    rewrites a package in place)."""
    root = tmp_path_factory.mktemp("kernel-cache")
    shared = shared_build_folder(tmp_path_factory)
    if shared is None:
        return _built_kernels(tmp_path_factory, root)
    published = shared / "mtaudit-kernels"
    with open(shared / ".mtaudit-kernels.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not published.is_dir():
            _built_kernels(tmp_path_factory, root)
            staging = shared / ".mtaudit-kernels.tmp"
            shutil.rmtree(staging, ignore_errors=True)  # a worker killed while it copied
            shutil.copytree(root, staging)
            (staging / "build-calls.json").write_text(json.dumps(BUILD_CALLS), encoding="utf-8")
            staging.rename(published)
            return root
        calls = json.loads((published / "build-calls.json").read_text(encoding="utf-8"))
        for dtype, told in calls.items():
            BUILD_CALLS.setdefault(dtype, []).extend(told)
        shutil.copytree(published / "kernels", root / "kernels", dirs_exist_ok=True)
        return root


def _built_kernels(tmp_path_factory: pytest.TempPathFactory, root: Path) -> Path:
    """Both kernels built into ``root`` by prepare(), as a run builds them. The two
    builds run at once: each keeps one core busy for half a minute while the tests
    wait, one after the other they took twice that. prepare() builds one at a time
    per cache dir, so each is built in a dir of its own and copied here."""
    dtypes = ("bf16", "fp32")
    own = {dtype: tmp_path_factory.mktemp(f"kernel-{dtype}") for dtype in dtypes}
    with every_core_of_the_run(), ThreadPoolExecutor(len(dtypes)) as pool:
        for built in [pool.submit(_compiled, own[dtype], dtype) for dtype in dtypes]:
            built.result()
    for dtype in dtypes:
        package = kernel_path(root, dtype)
        package.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kernel_path(own[dtype], dtype), package)
    return root


def _compiled(root: Path, dtype: str) -> head_kernel.HeadKernel:
    kernel = prepare("compiled", root, dtype, 0, building=BUILD_CALLS.setdefault(dtype, []).append)
    assert kernel.mode == "compiled", kernel.reason
    return kernel


def _logits(rows: int, vocab: int, dtype: torch.dtype, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return (torch.randn(rows, vocab, generator=generator) * 5).to(dtype)


@pytest.mark.parametrize("dtype", ["bf16", "fp32"])
def test_the_compiled_kernel_gives_the_eager_log_probs_and_ranks(
    kernel_root: Path, dtype: str
) -> None:
    kernel = _compiled(kernel_root, dtype)
    assert kernel.run is not None
    torch_dtype = torch.bfloat16 if dtype == "bf16" else torch.float32
    # Any number of rows and any vocabulary size: both are dynamic in the package.
    for rows, vocab, seed in ((1, 49152, 0), (3, 50, 1), (130, 49152, 2)):
        logits = _logits(rows, vocab, torch_dtype, seed)
        targets = torch.randint(0, vocab, (rows,), generator=torch.Generator().manual_seed(seed))
        # A word tied with the target is not ranked above it; one a hair higher is.
        target = logits[0, int(targets[0])]
        logits[0, (int(targets[0]) + 1) % vocab] = target
        logits[0, (int(targets[0]) + 2) % vocab] = (
            torch.nextafter(target.float(), torch.tensor(float("inf"))).to(torch_dtype)
            if torch_dtype == torch.float32
            # about one bf16 step up, whatever the sign
            else (target.float() + target.float().abs() * 2**-6 + 1e-3).to(torch_dtype)
        )
        with torch.inference_mode():
            got_lp, got_rank = kernel.run(logits, targets)
            want_lp, want_rank = eager_scores(logits, targets)
        assert got_rank.tolist() == want_rank.tolist()
        assert torch.allclose(got_lp, want_lp, atol=1e-5), float((got_lp - want_lp).abs().max())
        assert got_lp.dtype == torch.float32


def test_a_built_kernel_is_loaded_not_rebuilt_under_auto(kernel_root: Path) -> None:
    # A build takes a CPU-minute; what auto must do with a kept package is load it.
    # Told by the build callback and the package's mtime, not by a clock: a run big
    # enough for auto to build (AUTO_BUILD_TOKENS) would call building(False) and
    # rewrite the package if the kept one were passed over. A slow load is not
    # pinned here (no clock), only that nothing is rebuilt.
    _compiled(kernel_root, "bf16")
    package = kernel_path(kernel_root, "bf16")
    built = package.stat().st_mtime_ns
    calls: list[bool] = []
    kernel = prepare("auto", kernel_root, "bf16", AUTO_BUILD_TOKENS, building=calls.append)
    assert kernel.mode == "compiled", kernel.reason
    assert calls == []
    assert package.stat().st_mtime_ns == built


def test_a_build_is_announced_and_a_kept_kernel_is_not_rebuilt(kernel_root: Path) -> None:
    _compiled(kernel_root, "bf16")
    _compiled(kernel_root, "bf16")
    assert BUILD_CALLS["bf16"] == [False, True]


def test_auto_builds_nothing_for_a_small_run(tmp_path: Path) -> None:
    kernel = prepare("auto", tmp_path, "bf16", AUTO_BUILD_TOKENS - 1)
    assert kernel.mode == "eager" and kernel.run is None
    assert "20,000" in kernel.reason
    assert not (tmp_path / "kernels").exists()


def test_eager_is_eager(tmp_path: Path) -> None:
    kernel = prepare("eager", tmp_path, "bf16", 10**9)
    assert (kernel.mode, kernel.run) == ("eager", None)
    assert not (tmp_path / "kernels").exists()


def test_a_corrupt_package_is_dropped_for_the_eager_path(tmp_path: Path) -> None:
    package = kernel_path(tmp_path, "bf16")
    package.parent.mkdir(parents=True)
    package.write_bytes(b"PK\x03\x04 half a zip")
    kernel = prepare("auto", tmp_path, "bf16", 0)
    assert kernel.mode == "eager"
    assert "unusable" in kernel.reason
    assert not package.exists()  # rebuilt by the next run that needs it


def test_a_package_that_disagrees_with_eager_is_refused(kernel_root: Path, tmp_path: Path) -> None:
    """A package built for another dtype computes wrong numbers on this one: the
    self-check catches it, whatever put it there."""
    fp32 = kernel_path(kernel_root, "fp32")
    _compiled(kernel_root, "fp32")
    package = kernel_path(tmp_path, "bf16")
    package.parent.mkdir(parents=True)
    shutil.copyfile(fp32, package)
    kernel = prepare("auto", tmp_path, "bf16", 0)
    assert kernel.mode == "eager"
    assert "unusable" in kernel.reason


def test_a_failed_build_says_why_and_auto_does_not_retry_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXX", str(tmp_path / "no-such-compiler"))
    calls: list[bool] = []
    kernel = prepare("compiled", tmp_path, "bf16", 0, building=calls.append)
    assert calls == [False, True]
    assert kernel.mode == "eager"
    assert kernel.reason.startswith("the compiled kernel failed to build: ")
    assert "\n" not in kernel.reason
    package = kernel_path(tmp_path, "bf16")
    assert not package.exists()
    assert not list(package.parent.glob(".building-*"))  # no half-written package left
    failure = json.loads(package.with_suffix(".failed.json").read_text())
    assert failure["reason"] == kernel.reason

    builds: list[object] = []

    def no_build(*args: object) -> str:
        builds.append(args)
        return "still no compiler"

    monkeypatch.setattr(head_kernel, "build", no_build)
    again = prepare("auto", tmp_path, "bf16", AUTO_BUILD_TOKENS * 10)
    assert again.mode == "eager"
    assert again.reason == kernel.reason
    assert builds == []

    # A day later a passing cause (a full /tmp, a busy machine) gets another try.
    failure["at"] -= head_kernel.RETRY_AFTER_S + 1
    package.with_suffix(".failed.json").write_text(json.dumps(failure))
    later = prepare("auto", tmp_path, "bf16", AUTO_BUILD_TOKENS * 10)
    assert len(builds) == 1
    assert later.reason == "the compiled kernel failed to build: still no compiler"


def test_an_unwritable_cache_dir_ends_on_the_eager_path(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    kernel = prepare("compiled", blocked, "bf16", 0)
    assert kernel.mode == "eager"
    assert kernel.reason.startswith("the compiled kernel")


def test_inputs_the_package_was_not_built_for_go_the_eager_way(kernel_root: Path) -> None:
    """The package reads raw bytes: fp32 logits in a bf16 kernel would be garbage,
    and a target out of range would abort the process from its threads."""
    kernel = _compiled(kernel_root, "bf16")
    assert kernel.run is not None
    logits = _logits(3, 100, torch.float32, 5)
    targets = torch.tensor([1, 2, 3])
    got = kernel.run(logits, targets)
    want = eager_scores(logits, targets)
    assert torch.equal(got[0], want[0]) and torch.equal(got[1], want[1])
    with pytest.raises(RuntimeError, match="out of bounds"):  # not an abort
        kernel.run(logits.to(torch.bfloat16), torch.tensor([1, 2, 100]))
    empty = kernel.run(torch.zeros(0, 100, dtype=torch.bfloat16), torch.zeros(0, dtype=torch.long))
    assert empty[0].shape == (0,) and empty[1].shape == (0,)


@pytest.fixture
def auto_twin(scorer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A scorer in auto mode whose kernel choices are recorded (the tokens each was
    asked for) instead of built."""
    from audits.lm.transformer import TransformersScorer

    asked: list[int] = []

    def fake_prepare(mode, where, dtype, tokens, building=None):  # type: ignore[no-untyped-def]
        asked.append(tokens)
        return head_kernel.HeadKernel("eager", "test")

    settings = dataclasses.replace(scorer.settings, kernel="auto", kernel_dir=tmp_path)
    twin = TransformersScorer(scorer.loaded, settings, stats=scorer.stats)
    monkeypatch.setattr(head_kernel, "prepare", fake_prepare)
    return twin, asked


def test_auto_builds_the_kernel_for_a_big_scoring_run(
    auto_twin, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from audits.lm.base import ScoreRequest

    twin, asked = auto_twin
    monkeypatch.setattr(head_kernel, "AUTO_BUILD_TOKENS", 5)
    twin.raw_scores([ScoreRequest("Two words.")])
    assert asked == []  # under the bar: not even looked at
    twin.raw_scores([ScoreRequest("Lavrov and Blinken met in Geneva on Friday.")])
    assert len(asked) == 1 and asked[0] >= 5


def test_auto_counts_a_run_scored_a_batch_at_a_time(
    auto_twin, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # A Ray worker scores its share of a big feed one batch of documents per call: each
    # call alone stays under the bar, so the kernel was never built for such runs.
    from audits.lm.base import ScoreRequest

    twin, asked = auto_twin
    batch = [ScoreRequest("Lavrov and Blinken met in Geneva on Friday.")]
    per_call = len(twin.raw_scores(batch)[0].logprobs)
    monkeypatch.setattr(head_kernel, "AUTO_BUILD_TOKENS", per_call * 3)
    twin.raw_scores(batch)
    assert asked == []  # two calls' tokens: under the bar
    twin.raw_scores(batch)
    assert asked == [per_call * 3]


def test_the_scorer_scores_the_same_with_the_compiled_kernel(scorer, kernel_root: Path) -> None:  # type: ignore[no-untyped-def]
    from audits.lm.base import ScoreRequest
    from audits.lm.transformer import TransformersScorer

    settings = dataclasses.replace(scorer.settings, kernel="compiled", kernel_dir=kernel_root)
    compiled = TransformersScorer(scorer.loaded, settings, stats=scorer.stats)
    assert compiled.describe()["kernel"] == "compiled"
    assert scorer.describe()["kernel"] == "eager"  # the session's cache has none
    requests = [
        ScoreRequest("Lavrov and Blinken met in Geneva on Friday."),
        ScoreRequest("The meeting is the last point in an intense diplomatic ballet show."),
    ]
    for a, b in zip(compiled.raw_scores(requests), scorer.raw_scores(requests), strict=True):
        assert a.ranks == b.ranks
        assert a.logprobs == pytest.approx(b.logprobs, abs=1e-4)


def test_auto_tries_a_build_once_per_scorer(auto_twin, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # A build that failed without leaving its marker (a full disk) was tried again, 15-40 s
    # each time, on every batch a Ray worker scored once its run passed the bar.
    from audits.lm.base import ScoreRequest

    twin, asked = auto_twin
    monkeypatch.setattr(head_kernel, "AUTO_BUILD_TOKENS", 1)
    for _ in range(3):
        twin.raw_scores([ScoreRequest("Lavrov and Blinken met in Geneva on Friday.")])
    assert len(asked) == 1
