"""What the machine can do: CPU features that decide the dtype, and thread counts."""

from __future__ import annotations

import os
from pathlib import Path

from audits.lm.cgroup_quota import quota_cores

# bf16 matmuls are only fast where the CPU has native bf16 instructions; on
# AVX2-only CPUs they ran about 5x slower than fp32 in our measurements.
BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The feature flags of the first CPU listed in /proc/cpuinfo (empty elsewhere)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


def usable_cores(root: Path = Path("/")) -> int:
    """Cores this process may run on (the CPU affinity: taskset, container CPU
    sets), at most as many as its cgroup's CPU quota allows (`docker --cpus`,
    rounded up; cgroup_quota reads it under ``root``)."""
    try:
        cores = max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        cores = max(1, os.cpu_count() or 1)
    quota = quota_cores(root)
    return cores if quota is None else max(1, min(cores, quota))


def choose_dtype(requested: str, device: str) -> tuple[str, str]:
    """``(dtype, reason)`` for ``requested`` in auto/fp32/bf16 on ``device``."""
    if requested in ("fp32", "bf16"):
        return requested, "requested"
    if device.startswith("cuda"):
        import torch

        if torch.cuda.is_available() and torch.cuda.is_bf16_supported():
            return "bf16", "cuda device supports bf16"
        return "fp32", "cuda device without bf16"
    if device.startswith("mps"):
        return "fp32", "mps device"
    flags = cpu_flags()
    native = [f for f in BF16_CPU_FLAGS if f in flags]
    if native:
        return "bf16", f"cpu has {'+'.join(native)}"
    return "fp32", "cpu lacks avx512_bf16/amx_bf16 (bf16 would be slower than fp32)"
