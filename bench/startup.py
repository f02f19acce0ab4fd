"""Start-up cost of the `mtaudit` console script, per command, measured in one run.

Each command runs in a process of its own (the installed console script beside this
interpreter), ``--repeat`` times; prints the median wall and CPU seconds (user +
system, the process and its children) of each. Most of a test suite's `mtaudit`
subprocesses are short runs whose time is start-up: imports, lexicons, the model.

    python bench/startup.py [--repeat 3] [--no-lm-only]

Needs no data outside the repository (the audits read samples/).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "samples" / "awani-lavrov-blinken.txt")
COMMANDS: list[tuple[str, list[str]]] = [
    ("--version", ["--version"]),
    ("--help", ["--help"]),
    ("audit --help", ["audit", "--help"]),
    ("rules", ["rules"]),
    ("rules C201", ["rules", "C201"]),
    ("config samples/", ["config", str(ROOT / "samples")]),
    ("history runs (no file)", ["history", "runs", "--history", "HISTORY"]),
    ("audit --no-lm sample", ["audit", "--no-lm", "--isolated", SAMPLE]),
]
WITH_LM: list[tuple[str, list[str]]] = [
    ("audit sample (LM)", ["audit", "--isolated", "--no-cache", SAMPLE]),
]


def mtaudit() -> str:
    script = Path(sys.executable).with_name("mtaudit")
    if not script.exists():
        sys.exit(f"startup.py: no console script at {script}: run `make bootstrap` first")
    return str(script)


def measure(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and exit status of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [mtaudit(), *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-lm-only", action="store_true", help="skip the audit with the model")
    ns = parser.parse_args()
    commands = COMMANDS if ns.no_lm_only else COMMANDS + WITH_LM
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # Then no start writes a .pyc: a module without one (the checkout's, after an
        # edit or in a fresh clone) is compiled again by every start, about 0.25 CPU s
        # of the audit when none of the project's has one (README, start-up).
        print("PYTHONDONTWRITEBYTECODE is set: modules without a .pyc compile at every start")
    print(f"{'command':<24} {'wall s':>8} {'cpu s':>8}  status")
    with tempfile.TemporaryDirectory(prefix="mtaudit-startup-") as tmp:
        cwd = Path(tmp)
        history = str(cwd / "runs.sqlite")
        for label, args in commands:
            args = [history if a == "HISTORY" else a for a in args]
            runs = [measure(args, cwd) for _ in range(ns.repeat)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"{label:<24} {wall:8.2f} {cpu:8.2f}  {sorted({r[2] for r in runs})}")


if __name__ == "__main__":
    main()
