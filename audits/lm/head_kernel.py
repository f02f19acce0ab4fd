"""A compiled kernel for what the scorer reads off the output layer: each target
token's log-probability and rank, in one pass over the logits.

In plain torch this is a log-softmax that writes the whole fp32 row (49,152 floats
per position for SmolLM2) only for one entry of it to be read, and a comparison
that writes a boolean row to be counted. On 200 news sentences those passes cost
more than the output layer's matrix multiply itself. Compiled by torch's inductor
into one loop per row (max, sum of exponentials and the count fused), the same
numbers took about a tenth of the time; log-probs agree with the eager ones to
1e-5 nats and ranks exactly.

Compiling needs a C++ compiler and takes 15-40 s, so the kernel is built once, in
a child process (a compiler crash cannot take an audit with it, and inductor's
imports do not stay in the auditing process), as an AOTInductor package in the
cache dir, keyed by torch version, CPU features and logits dtype. Loading a built
one takes milliseconds. Where there is no compiler, or the build or a self-check
against the eager path fails, the scorer stays on the eager path and says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audits.errors import first_line

# Bump when the kernel's code or its package layout changes.
KERNEL_VERSION = 1
# "auto" builds a missing kernel only for a run with at least this many tokens to
# score: such a run takes about as long as the build, and later runs reuse it. A
# one-article audit (on a CI runner with a fresh cache, say) never waits for it.
AUTO_BUILD_TOKENS = 20_000
BUILD_TIMEOUT_S = 300
# auto retries a failed build after this long (compiled retries every time).
RETRY_AFTER_S = 24 * 3600
PACKAGE_PREFIX = "target-scores-"
# Written into the package by the build, checked by the loader.
METADATA_DTYPE = "mtaudit_logits_dtype"
METADATA_VERSION = "mtaudit_kernel_version"

LogitsScores = Callable[[Any, Any], tuple[Any, Any]]


@dataclass
class HeadKernel:
    """How the scorer turns logits into target log-probs and ranks."""

    # "compiled" or "eager"
    mode: str
    reason: str
    run: LogitsScores | None = None


def eager_scores(logits: Any, targets: Any) -> tuple[Any, Any]:
    """Log-probability and rank (1 = the model's top choice) of each target.

    The log-softmax runs in fp32 whatever the model's dtype. Its fused kernel
    reads bf16 logits and writes fp32 in one pass; on CPU, a separate ``.float()``
    followed by ``torch.logsumexp`` (an unfused max, subtract, exp, sum and log)
    took 2.3x as long. The rank is counted on the logits themselves: subtracting
    the log-sum-exp rounds, and two logits a hair apart can come out equal.
    """
    import torch

    index = targets.unsqueeze(1)
    logprobs = torch.log_softmax(logits, dim=-1, dtype=torch.float32)
    # int32 sums run about twice as fast as the default int64 ones.
    rank = (logits > logits.gather(1, index)).sum(dim=-1, dtype=torch.int32) + 1
    return logprobs.gather(1, index).squeeze(1), rank


def _fused_module() -> Any:
    import torch

    class TargetScores(torch.nn.Module):
        """What the compiler fuses: the same numbers as ``eager_scores``, written
        as the max / exp-sum / count reductions it can merge into one loop."""

        def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> Any:
            index = targets.unsqueeze(1)
            target = logits.gather(1, index)
            wide = logits.float()
            top = wide.amax(dim=-1, keepdim=True)
            lse = (wide - top).exp().sum(dim=-1, keepdim=True).log() + top
            rank = (logits > target).sum(dim=-1, dtype=torch.int32) + 1
            return (target.float() - lse).squeeze(1), rank

    return TargetScores()


def kernel_path(cache_dir: Path, dtype: str) -> Path:
    import platform

    import torch

    from audits.lm.hardware import cpu_flags

    parts = [
        f"v{KERNEL_VERSION}",
        torch.__version__,
        platform.machine(),
        # The package holds machine code for the CPU it was built on (-march=native);
        # a cache dir shared with an older CPU must not hand it instructions it
        # lacks. /proc/cpuinfo's flags on Linux, the processor's name elsewhere.
        " ".join(sorted(cpu_flags())) or platform.processor(),
        dtype,
    ]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    return cache_dir / "kernels" / f"{PACKAGE_PREFIX}{dtype}-{key}.pt2"


def _failure_path(package: Path) -> Path:
    return package.with_suffix(".failed.json")


def prepare(
    mode: str,
    cache_dir: Path,
    dtype: str,
    tokens: int,
    building: Callable[[bool], None] | None = None,
) -> HeadKernel:
    """The kernel to score ``tokens`` tokens with, in ``mode`` (auto/compiled/eager).
    ``building(False)`` is called when a build starts, ``building(True)`` when it
    ends. Never raises: whatever goes wrong ends on the eager path, with the reason."""
    if mode == "eager":
        return HeadKernel("eager", "requested")
    try:
        return _prepare(mode, cache_dir, dtype, tokens, building)
    except Exception as exc:  # an unwritable cache dir, say: the eager path still works
        return HeadKernel("eager", f"the compiled kernel is unavailable: {first_line(str(exc))}")


def _prepare(
    mode: str,
    cache_dir: Path,
    dtype: str,
    tokens: int,
    building: Callable[[bool], None] | None,
) -> HeadKernel:
    package = kernel_path(cache_dir, dtype)
    if package.is_file():
        kernel = _load(package, dtype)
        if kernel.run is not None or mode == "auto":
            return kernel
    failed = _failure_path(package)
    if mode == "auto":
        reason = _recent_failure(failed)
        if reason is not None:
            return HeadKernel("eager", reason)
        if tokens < AUTO_BUILD_TOKENS:
            return HeadKernel(
                "eager",
                f"no compiled kernel yet; auto builds it for runs of {AUTO_BUILD_TOKENS:,}+ "
                "tokens or with --lm-kernel compiled",
            )
    with _build_lock(package.parent):
        # Another process may have built it while this one waited for the lock.
        if package.is_file():
            kernel = _load(package, dtype)
            if kernel.run is not None:
                return kernel
        if building:
            building(False)
        try:
            error = build(package, dtype)
        finally:
            if building:
                building(True)
        if error is not None:
            reason = f"the compiled kernel failed to build: {error}"
            _write_failure(failed, reason)
            return HeadKernel("eager", reason)
        kernel = _load(package, dtype)
        if kernel.run is None:
            # Built but not loadable here (a /tmp mounted noexec, a changed loader):
            # remembered, or every big run would rebuild it only to drop it.
            _write_failure(failed, kernel.reason)
            return kernel
    with contextlib.suppress(OSError):
        failed.unlink()
    _drop_other_builds(package, dtype)
    return kernel


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """One build at a time per cache dir: Ray workers or parallel jobs starting at
    once would each spend a CPU-minute on the same package."""
    folder.mkdir(parents=True, exist_ok=True)
    _drop_stale_temporaries(folder)
    try:
        import fcntl
    except ImportError:  # Windows: the temporary name and rename still keep it whole
        yield
        return
    with open(folder / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _drop_stale_temporaries(folder: Path) -> None:
    """``.building-*`` files a killed build left behind (an hour is past any build)."""
    cutoff = time.time() - 3600
    for stale in folder.glob(".building-*"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff:
                stale.unlink()


def _drop_other_builds(package: Path, dtype: str) -> None:
    """Packages for another torch version or CPU, same dtype: never loaded again here."""
    for other in package.parent.glob(f"{PACKAGE_PREFIX}{dtype}-*.pt2"):
        if other != package:
            with contextlib.suppress(OSError):
                other.unlink()


def build(package: Path, dtype: str) -> str | None:
    """Build the kernel package at ``package`` in a child process; None when built,
    else one line saying why not."""
    temp: Path | None = None
    try:
        package.parent.mkdir(parents=True, exist_ok=True)
        # Built under a temporary name and renamed: a crash or a concurrent build
        # never leaves a half-written package under the real name.
        fd, name = tempfile.mkstemp(suffix=".pt2", prefix=".building-", dir=package.parent)
        os.close(fd)
        temp = Path(name)
        error = _run_build(temp, dtype)
        if error is not None:
            return error
        if temp.stat().st_size == 0:
            return "the build wrote no package"
        os.replace(temp, package)
        return None
    except OSError as exc:
        return first_line(str(exc))
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()


def _run_build(out: Path, dtype: str) -> str | None:
    import audits

    # The child must import this very copy of mtaudit whatever the working
    # directory holds (PYTHONSAFEPATH keeps -m from putting the cwd first).
    root = str(Path(audits.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    # inductor's own cache (generated sources, objects) is scratch: the package
    # holds everything the kernel needs. Precompiled headers would go to a shared
    # folder in /tmp whatever the cache dir (150 MB a build), and thread counts
    # must not be baked in: the child's count is not the scorer's.
    with tempfile.TemporaryDirectory(prefix="mtaudit-inductor-") as scratch:
        env = {
            **os.environ,
            "PYTHONPATH": path,
            "PYTHONSAFEPATH": "1",
            "TORCHINDUCTOR_CACHE_DIR": scratch,
            "TORCHINDUCTOR_CPP_CACHE_PRECOMPILE_HEADERS": "0",
            "TORCHINDUCTOR_CPP_DYNAMIC_THREADS": "1",
        }
        try:
            done = subprocess.run(
                [sys.executable, "-m", "audits.lm.head_kernel", str(out), dtype],
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT_S,
                check=False,
                env=env,
            )
        except subprocess.TimeoutExpired:
            return f"the build took more than {BUILD_TIMEOUT_S} s"
    if done.returncode != 0:
        return _last_error_line(done.stderr) or f"the build exited with {done.returncode}"
    return None


def _last_error_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "error" in line:
            return line[:300]
    return lines[-1][:300] if lines else ""


def _write_failure(path: Path, reason: str) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"reason": reason, "at": time.time()}), encoding="utf-8")


def _recent_failure(failed: Path) -> str | None:
    """Why the last build failed, if it did within RETRY_AFTER_S: auto does not
    spend a build on every run, but a passing cause (a busy machine, a full /tmp)
    gets another try a day later. ``compiled`` always tries."""
    try:
        data = json.loads(failed.read_text(encoding="utf-8"))
        reason, at = str(data["reason"]), float(data["at"])
    except (OSError, ValueError, KeyError, TypeError):  # none, or unreadable: try again
        return None
    return reason if time.time() - at < RETRY_AFTER_S else None


def _load(package: Path, dtype: str) -> HeadKernel:
    """The built kernel at ``package`` if it loads, says it was built for ``dtype``
    and agrees with the eager path on a small check; otherwise eager, and the
    package is removed so it is rebuilt."""
    try:
        run = _loader(package, dtype)
        _self_check(run, dtype)
    except Exception as exc:  # any failure here means "use eager"
        with contextlib.suppress(OSError):
            package.unlink()
        why = first_line(str(exc))
        return HeadKernel("eager", f"the cached compiled kernel was unusable: {why}")
    return HeadKernel("compiled", "built with torch inductor", run)


def _loader(package: Path, dtype: str) -> LogitsScores:
    import torch

    # The C++ loader directly: torch._inductor.aoti_load_package imports inductor,
    # which costs a second or more of every run's start.
    loader = torch._C._aoti.AOTIModelPackageLoader(str(package), "model", False, 1, -1)
    metadata = loader.get_metadata()
    built = (metadata.get(METADATA_DTYPE), metadata.get(METADATA_VERSION))
    if built != (dtype, str(KERNEL_VERSION)):
        raise ValueError(f"it was built as {built}, not ({dtype!r}, {str(KERNEL_VERSION)!r})")
    want = _torch_dtype(dtype)

    def run(logits: Any, targets: Any) -> tuple[Any, Any]:
        # The package checks nothing: another dtype is read as raw bytes, and an
        # index out of range aborts the process from inside its threads. Anything
        # but what it was built for goes the eager way.
        if (
            logits.dtype != want
            or targets.dtype != torch.int64
            or logits.dim() != 2
            or logits.device.type != "cpu"
            or logits.shape[0] == 0
            or logits.shape[0] != targets.shape[0]
            or int(targets.min()) < 0
            or int(targets.max()) >= logits.shape[1]
        ):
            return eager_scores(logits, targets)
        logprobs, ranks = loader.run([logits.contiguous(), targets.contiguous()])
        return logprobs, ranks

    return run


def _self_check(run: LogitsScores, dtype: str) -> None:
    """Refuse a kernel that disagrees with the eager path (a stale or foreign build)."""
    import torch

    generator = torch.Generator().manual_seed(0)
    logits = (torch.randn(5, 1000, generator=generator) * 4).to(_torch_dtype(dtype))
    targets = torch.tensor([0, 17, 999, 500, 3])
    logits[4, 10] = logits[4, 3]  # a tie must not count as ranked above
    with torch.inference_mode():
        got_lp, got_rank = run(logits, targets)
        want_lp, want_rank = eager_scores(logits, targets)
    if not torch.equal(got_rank.to(torch.int32), want_rank.to(torch.int32)):
        raise ValueError("its ranks differ from the eager path's")
    if not torch.allclose(got_lp, want_lp, rtol=0, atol=1e-4):  # NaN fails too
        raise ValueError("its log-probs differ from the eager path's")


def _torch_dtype(dtype: str) -> Any:
    import torch

    return torch.bfloat16 if dtype == "bf16" else torch.float32


def _build_here(out: str, dtype: str) -> None:
    import torch

    rows = torch.export.Dim("rows", min=1, max=1 << 20)
    vocab = torch.export.Dim("vocab", min=2, max=1 << 24)
    logits = torch.randn(8, 4096).to(_torch_dtype(dtype))
    targets = torch.randint(0, 4096, (8,))
    exported = torch.export.export(
        _fused_module(),
        (logits, targets),
        dynamic_shapes=({0: rows, 1: vocab}, {0: rows}),
    )
    torch._inductor.aoti_compile_and_package(
        exported,
        package_path=out,
        inductor_configs={
            "aot_inductor.metadata": {METADATA_DTYPE: dtype, METADATA_VERSION: str(KERNEL_VERSION)},
            "aot_inductor.precompile_headers": False,
        },
    )


if __name__ == "__main__":
    _build_here(sys.argv[1], sys.argv[2])
