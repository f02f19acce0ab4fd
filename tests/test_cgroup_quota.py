"""hardware.usable_cores counts a cgroup CPU quota (`docker --cpus`), read by
cgroup_quota from fake /proc/self and /sys/fs/cgroup trees built in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audits.lm.cgroup_quota import quota_cores
from audits.lm.hardware import usable_cores
from tests.cgroup_trees import V1_CPU_MOUNT, V1_MEMORY_MOUNT, V2_MOUNT, fake_root


def affinity() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def test_a_v2_quota_of_one_cpu_gives_one_core(tmp_path: Path) -> None:
    root = fake_root(
        tmp_path,
        "0::/ci.slice/job\n",
        V2_MOUNT,
        {"sys/fs/cgroup/ci.slice/job/cpu.max": "100000 100000\n"},
    )
    assert quota_cores(root) == 1
    # The affinity (every core of the host in such a container) no longer counts alone.
    assert usable_cores(root) == 1


@pytest.mark.parametrize(
    ("cpu_max", "cores"),
    [
        ("200000 100000\n", 2),
        ("150000 100000\n", 2),
        ("50000 100000\n", 1),
        ("6400000 100000", 64),
        ("18446744073709551615 100000", 184467440737096),
    ],
    ids=["two", "one and a half, rounded up", "half, rounded up", "64", "u64's largest"],
)
def test_a_v2_quota_counts_whole_cpus_rounded_up(tmp_path: Path, cpu_max: str, cores: int) -> None:
    root = fake_root(tmp_path, "0::/\n", V2_MOUNT, {"sys/fs/cgroup/cpu.max": cpu_max})
    assert quota_cores(root) == cores
    assert usable_cores(root) == min(affinity(), cores)


def test_v2_max_is_no_limit(tmp_path: Path) -> None:
    root = fake_root(tmp_path, "0::/job\n", V2_MOUNT, {"sys/fs/cgroup/job/cpu.max": "max 100000\n"})
    assert quota_cores(root) is None
    assert usable_cores(root) == affinity()


@pytest.mark.parametrize(
    ("parent", "child", "cores"),
    [
        ("300000 100000", "max 100000", 3),
        ("300000 100000", "100000 100000", 1),
        ("100000 100000", "400000 100000", 1),
    ],
    ids=[
        "the parent's limit applies to the child",
        "the child's is tighter",
        "the parent's is tighter",
    ],
)
def test_nested_v2_limits_the_tightest_wins(
    tmp_path: Path, parent: str, child: str, cores: int
) -> None:
    root = fake_root(
        tmp_path,
        "0::/user.slice/ci/job\n",
        V2_MOUNT,
        {
            "sys/fs/cgroup/user.slice/ci/cpu.max": parent,
            "sys/fs/cgroup/user.slice/ci/job/cpu.max": child,
            # A sibling's limit is not this process's.
            "sys/fs/cgroup/user.slice/other/cpu.max": "10000 100000",
        },
    )
    assert quota_cores(root) == cores


def test_a_container_given_its_group_as_the_mount_reads_the_mount_point(tmp_path: Path) -> None:
    """Without a cgroup namespace the process's group is the host's full path, and
    the container's /sys/fs/cgroup is that group (mountinfo's fourth field)."""
    mount = "31 23 0:28 /system.slice/docker-ab.scope /sys/fs/cgroup ro - cgroup2 cgroup2 rw\n"
    root = fake_root(
        tmp_path,
        "0::/system.slice/docker-ab.scope\n",
        mount,
        {"sys/fs/cgroup/cpu.max": "200000 100000"},
    )
    assert quota_cores(root) == 2


def test_a_group_outside_the_mounted_one_says_nothing(tmp_path: Path) -> None:
    mount = "31 23 0:28 /system.slice/docker-ab.scope /sys/fs/cgroup ro - cgroup2 cgroup2 rw\n"
    for cgroup in ("0::/system.slice/other.scope\n", "0::/../../outside\n"):
        root = tmp_path / str(len(cgroup))
        fake_root(root, cgroup, mount, {"sys/fs/cgroup/cpu.max": "100000 100000"})
        assert quota_cores(root) is None


@pytest.mark.parametrize(
    ("quota", "cores"), [("-1\n", None), ("150000\n", 2), ("100000\n", 1)], ids=["-1", "1.5", "1"]
)
def test_v1_cfs_quota(tmp_path: Path, quota: str, cores: int | None) -> None:
    root = fake_root(
        tmp_path,
        "4:memory:/docker/ab\n3:cpu,cpuacct:/docker/ab\n0::/\n",
        V1_MEMORY_MOUNT + V1_CPU_MOUNT,
        {
            "sys/fs/cgroup/cpu,cpuacct/docker/ab/cpu.cfs_quota_us": quota,
            "sys/fs/cgroup/cpu,cpuacct/docker/ab/cpu.cfs_period_us": "100000\n",
            # The memory controller's folder is not the cpu one's.
            "sys/fs/cgroup/memory/docker/ab/cpu.cfs_quota_us": "1000",
            "sys/fs/cgroup/memory/docker/ab/cpu.cfs_period_us": "100000",
        },
    )
    assert quota_cores(root) == cores
    assert usable_cores(root) == (affinity() if cores is None else min(affinity(), cores))


def test_a_hybrid_host_takes_the_tighter_of_v1_and_v2(tmp_path: Path) -> None:
    unified = "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
    root = fake_root(
        tmp_path,
        "3:cpu,cpuacct:/\n0::/job\n",
        V1_CPU_MOUNT + unified,
        {
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "400000",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000",
            "sys/fs/cgroup/unified/job/cpu.max": "300000 100000",
        },
    )
    assert quota_cores(root) == 3


def test_a_mount_point_with_a_space(tmp_path: Path) -> None:
    mount = "31 23 0:28 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n"
    root = fake_root(tmp_path, "0::/\n", mount, {"sys/fs/my cgroup/cpu.max": "200000 100000"})
    assert quota_cores(root) == 2


def test_missing_files_leave_the_affinity(tmp_path: Path) -> None:
    assert quota_cores(tmp_path) is None
    assert usable_cores(tmp_path) == affinity()
    # No mountinfo: where the hierarchy is mounted is unknown.
    (tmp_path / "proc/self").mkdir(parents=True)
    (tmp_path / "proc/self/cgroup").write_text("0::/\n")
    (tmp_path / "sys/fs/cgroup").mkdir(parents=True)
    (tmp_path / "sys/fs/cgroup/cpu.max").write_text("100000 100000")
    assert quota_cores(tmp_path) is None


def test_an_unreadable_quota_file_is_no_limit(tmp_path: Path) -> None:
    root = fake_root(tmp_path, "0::/\n", V2_MOUNT, {})
    # A folder where the file should be: reading it fails (as a file we may not read does).
    (root / "sys/fs/cgroup/cpu.max").mkdir(parents=True)
    assert quota_cores(root) is None
    assert usable_cores(root) == affinity()


@pytest.mark.parametrize(
    "cpu_max",
    [
        "",
        "abc",
        "200000",
        "200000 abc",
        "0 100000",
        "200000 0",
        "-5 100000",
        "²00000 100000",
        "200000 100000 7",
        "\x00\xff",
        "1e5 100000",
        # Past Python's 4300-digit int() limit; the kernel's values are u64, 20 digits.
        "9" * 5000 + " 100000",
        "100000 " + "9" * 5000,
    ],
)
def test_garbage_in_cpu_max_is_ignored(tmp_path: Path, cpu_max: str) -> None:
    root = fake_root(tmp_path, "0::/\n", V2_MOUNT, {"sys/fs/cgroup/cpu.max": cpu_max})
    assert quota_cores(root) is None
    assert usable_cores(root) == affinity()


@pytest.mark.parametrize(
    ("cgroup", "mountinfo"),
    [
        ("garbage\n::\n0:\n0::relative\n", V2_MOUNT),
        ("0::/\n", "garbage\n - \n1 2 3 4 5 - cgroup2\n31 23 0:28 / relative - cgroup2 c rw\n"),
        ("3:cpu:/\n", "1 2 3 / /x - cgroup c\n"),
        ("\x00\n", "\x00 - \x00\n"),
    ],
    ids=["cgroup", "mountinfo", "v1 mount without options", "nul bytes"],
)
def test_garbage_in_proc_is_ignored(tmp_path: Path, cgroup: str, mountinfo: str) -> None:
    root = fake_root(tmp_path, cgroup, mountinfo, {"sys/fs/cgroup/cpu.max": "100000 100000"})
    assert quota_cores(root) is None


def test_this_machine_counts_its_affinity_at_most() -> None:
    """A smoke test that reading the real / works: whatever it finds (a limit or
    none), never more than the affinity, never 0. The quota's reading itself is
    checked on the fake trees above."""
    quota = quota_cores()
    assert 1 <= usable_cores() == min(affinity(), quota or affinity())
