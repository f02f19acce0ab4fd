"""The CPU quota of this process's cgroup, in whole CPUs.

A container limited with `docker --cpus 2` (a CFS quota: cgroup v2 ``cpu.max``
"200000 100000", v1 ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``) still has every
core of the host in its CPU affinity, so counting the affinity alone gave torch 64
threads for 2 CPUs' time on a 64-core host. Everything here is read under
``root`` (``/`` on a real machine, a folder of fake files in the tests) and any
file missing, unreadable or holding something else counts as no limit: the
quota only ever lowers the count, never stops a run.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# ASCII digits only: str.isdigit also takes "²", which int() refuses. At most 20,
# as the kernel's values are u64: int() refuses more than 4300 digits (ValueError).
_WHOLE = re.compile(r"[0-9]{1,20}")


@dataclass(frozen=True)
class CgroupMount:
    """A mounted cgroup hierarchy: ``version`` 1 (its cpu controller) or 2."""

    version: int
    # The hierarchy's group mounted there ("/" unless a container was given its
    # own group as its /sys/fs/cgroup without a cgroup namespace).
    group: PurePosixPath
    point: PurePosixPath


def quota_cores(root: Path = Path("/")) -> int | None:
    """Whole CPUs (rounded up) the CPU quota allows this process, the tightest of
    its cgroup's and every parent's under the mount (a parent's limit applies to
    its children too; a container sees no group above its own), in v2 and v1
    hierarchies alike; None where none is set or readable."""
    groups = _own_groups(_read(root / "proc/self/cgroup"))
    limits: list[int] = []
    for mount in _cgroup_mounts(_read(root / "proc/self/mountinfo")):
        group = groups.get(mount.version)
        if group is None:
            continue
        for folder in _folders_up_to_mount(root, mount, group):
            cores = _limit(folder, mount.version)
            if cores is not None:
                limits.append(cores)
    return min(limits, default=None)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return ""


def _own_groups(text: str) -> dict[int, PurePosixPath]:
    """This process's group in the v2 hierarchy ("0::/path") and in v1's cpu
    controller's ("3:cpu,cpuacct:/path"), from /proc/self/cgroup."""
    groups: dict[int, PurePosixPath] = {}
    for line in text.splitlines():
        number, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if not path.startswith("/"):
            continue
        if number == "0" and controllers == "":
            groups[2] = PurePosixPath(path)
        elif "cpu" in controllers.split(","):
            groups[1] = PurePosixPath(path)
    return groups


def _cgroup_mounts(text: str) -> list[CgroupMount]:
    """The cgroup2 mounts and the v1 mounts of the cpu controller in
    /proc/self/mountinfo ("36 25 0:31 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu")."""
    mounts = []
    for line in text.splitlines():
        before, dash, after = line.partition(" - ")
        fields, kind = before.split(), after.split()
        if not dash or len(fields) < 5 or len(kind) < 3:
            continue
        group, point = PurePosixPath(_unescape(fields[3])), PurePosixPath(_unescape(fields[4]))
        if kind[0] == "cgroup2":
            mounts.append(CgroupMount(2, group, point))
        elif kind[0] == "cgroup" and "cpu" in kind[2].split(","):
            mounts.append(CgroupMount(1, group, point))
    return mounts


def _unescape(field: str) -> str:
    # mountinfo writes a space in a path as \040 (and tab, newline, backslash so too).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def _folders_up_to_mount(root: Path, mount: CgroupMount, group: PurePosixPath) -> list[Path]:
    """The process's group's folder under ``mount`` and each parent's up to the
    mount point; none where the group is not under the mounted one (another
    namespace's view, which says nothing about this process)."""
    try:
        below = group.relative_to(mount.group)
    except ValueError:
        return []
    if ".." in below.parts or not mount.point.is_absolute():
        return []
    base = root / mount.point.relative_to("/")
    return [base.joinpath(*below.parts[:depth]) for depth in range(len(below.parts), -1, -1)]


def _limit(folder: Path, version: int) -> int | None:
    """Whole CPUs one group's quota allows, None for no limit ("max", -1) or a
    file that is missing or not a quota."""
    if version == 2:
        quota, _, period = _read(folder / "cpu.max").strip().partition(" ")
    else:
        quota = _read(folder / "cpu.cfs_quota_us").strip()
        period = _read(folder / "cpu.cfs_period_us").strip()
    if not (_WHOLE.fullmatch(quota) and _WHOLE.fullmatch(period)) or 0 in (int(quota), int(period)):
        return None
    return math.ceil(int(quota) / int(period))
