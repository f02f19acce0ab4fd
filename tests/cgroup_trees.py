"""Fake /proc/self and /sys/fs/cgroup trees in a folder, for cgroup_quota's
readers (quota_cores, usable_cores, share_cores_among_workers take their root)."""

from __future__ import annotations

from pathlib import Path

# /proc/self/mountinfo lines as a pure cgroup v2 host mounts it, and as a hybrid
# (v1 controllers, v2 under unified/) one does.
V2_MOUNT = "31 23 0:28 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
V1_CPU_MOUNT = "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
V1_MEMORY_MOUNT = "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"


def fake_root(tmp_path: Path, cgroup: str, mountinfo: str, files: dict[str, str]) -> Path:
    """A root folder holding proc/self/cgroup, proc/self/mountinfo and ``files``
    (paths under it, e.g. "sys/fs/cgroup/cpu.max")."""
    (tmp_path / "proc/self").mkdir(parents=True)
    (tmp_path / "proc/self/cgroup").write_text(cgroup)
    (tmp_path / "proc/self/mountinfo").write_text(mountinfo)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path
