"""A compiled kernel for what the scorer reads off the output layer: each target
token's log-probability and rank, in one pass over the logits.

In plain torch this is a log-softmax that writes the whole fp32 row (49,152 floats
per position for SmolLM2) only for one entry of it to be read, and a comparison
that writes a boolean row to be counted. On 200 news sentences those passes cost
more than the output layer's matrix multiply itself. Compiled by torch's inductor
into one loop per row (max, sum of exponentials and the count fused), the same
numbers took about a tenth of the time; log-probs agree with the eager ones to
1e-5 nats and ranks exactly.

Compiling needs a C++ compiler and takes 15-30 s, so the kernel is built once, in
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
from collections.abc import Callable
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
BUILD_TIMEOUT_S = 600
MODES = ("auto", "compiled", "eager")

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
        # The package holds machine code for the CPU it was built on; a cache dir
        # shared with an older CPU must not hand it instructions it lacks.
        " ".join(sorted(cpu_flags())),
        dtype,
    ]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    return cache_dir / "kernels" / f"target-scores-{dtype}-{key}.pt2"


def _failure_path(package: Path) -> Path:
    return package.with_suffix(".failed.json")


def prepare(mode: str, cache_dir: Path, dtype: str, tokens: int) -> HeadKernel:
    """The kernel to score ``tokens`` tokens with, in ``mode`` (auto/compiled/eager)."""
    if mode == "eager":
        return HeadKernel("eager", "requested")
    package = kernel_path(cache_dir, dtype)
    if package.is_file():
        kernel = _load(package, dtype)
        if kernel.run is not None or mode == "auto":
            return kernel
    failed = _failure_path(package)
    if mode == "auto":
        if failed.is_file():
            return HeadKernel("eager", f"the compiled kernel failed to build: {_reason(failed)}")
        if tokens < AUTO_BUILD_TOKENS:
            return HeadKernel(
                "eager",
                f"no compiled kernel yet; auto builds it for runs of {AUTO_BUILD_TOKENS:,}+ "
                "tokens or with --lm-kernel compiled",
            )
    error = build(package, dtype)
    if error is not None:
        _write_failure(failed, error)
        return HeadKernel("eager", f"the compiled kernel failed to build: {error}")
    with contextlib.suppress(OSError):
        failed.unlink()
    return _load(package, dtype)


def build(package: Path, dtype: str) -> str | None:
    """Build the kernel package at ``package`` in a child process; None when built,
    else one line saying why not."""
    package.parent.mkdir(parents=True, exist_ok=True)
    # Built under a temporary name and renamed: a crash or a concurrent build
    # never leaves a half-written package under the real name.
    fd, temp = tempfile.mkstemp(suffix=".pt2", prefix=".building-", dir=package.parent)
    os.close(fd)
    try:
        try:
            # inductor's own cache (generated sources, objects) is scratch: the
            # package holds everything the kernel needs.
            with tempfile.TemporaryDirectory(prefix="mtaudit-inductor-") as scratch:
                done = subprocess.run(
                    [sys.executable, "-m", "audits.lm.head_kernel", temp, dtype],
                    capture_output=True,
                    text=True,
                    timeout=BUILD_TIMEOUT_S,
                    check=False,
                    env={**os.environ, "TORCHINDUCTOR_CACHE_DIR": scratch},
                )
        except subprocess.TimeoutExpired:
            return f"the build took more than {BUILD_TIMEOUT_S} s"
        except OSError as exc:
            return first_line(str(exc))
        if done.returncode != 0:
            return _last_error_line(done.stderr) or f"the build exited with {done.returncode}"
        if not Path(temp).is_file() or Path(temp).stat().st_size == 0:
            return "the build wrote no package"
        os.replace(temp, package)
        return None
    finally:
        with contextlib.suppress(OSError):
            Path(temp).unlink()


def _last_error_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "error" in line:
            return line[:300]
    return lines[-1][:300] if lines else ""


def _write_failure(path: Path, error: str) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"error": error}), encoding="utf-8")


def _reason(failed: Path) -> str:
    try:
        return str(json.loads(failed.read_text(encoding="utf-8"))["error"])
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown (delete the kernels folder of the cache dir to retry)"


def _load(package: Path, dtype: str) -> HeadKernel:
    """The built kernel at ``package`` if it loads and agrees with the eager path on
    a small check; otherwise eager, and the package is removed so it is rebuilt."""
    try:
        run = _loader(package)
        _self_check(run, dtype)
    except Exception as exc:  # any failure here means "use eager"
        with contextlib.suppress(OSError):
            package.unlink()
        why = first_line(str(exc))
        return HeadKernel("eager", f"the cached compiled kernel was unusable: {why}")
    return HeadKernel("compiled", "built with torch inductor", run)


def _loader(package: Path) -> LogitsScores:
    import torch

    # The C++ loader directly: torch._inductor.aoti_load_package imports inductor,
    # which costs a second or more of every run's start.
    loader = torch._C._aoti.AOTIModelPackageLoader(str(package), "model", False, 1, -1)

    def run(logits: Any, targets: Any) -> tuple[Any, Any]:
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
    if float((got_lp - want_lp).abs().max()) > 1e-3:
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
    torch._inductor.aoti_compile_and_package(exported, package_path=out)


if __name__ == "__main__":
    _build_here(sys.argv[1], sys.argv[2])
