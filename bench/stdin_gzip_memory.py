"""Peak memory of reading gzip on stdin (`mtaudit audit - < big.jsonl.gz`), as ratios.

    python bench/stdin_gzip_memory.py [--mib 100] [--root OTHER_CHECKOUT]

A gzip stream of N MiB of incompressible bytes (its compressed copy as large as what
it holds, the worst case near the input limit) and one of N MiB of text are read by
the reader audit uses for `-`, from a redirected file and from a pipe, each in a
fresh process; the peak resident memory the read added (VmHWM) is printed as a
ratio to the decompressed size. Read whole and then decompressed, the compressed
copy, the decompressed chunks and their join were held at once (about 3 for the
incompressible stream); decompressed as it is read, about 1. ``--root`` measures
another checkout's code (``git worktree add /tmp/old main``) for a before/after.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

READER = (
    "import sys\n"
    "from audits.sources.inputs import _read_bytes\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1]) * 1024\n"
    "before = peak()\n"
    "data = _read_bytes('-', None)\n"
    "print(len(data), peak() - before)\n"
)


def _peak(root: Path, packed: Path, how: str) -> tuple[int, int]:
    env = {**os.environ, "PYTHONPATH": str(root), "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-c", READER]
    with packed.open("rb") as fh:
        if how == "file":
            done = subprocess.run(
                command, stdin=fh, capture_output=True, env=env, cwd=root, check=True
            )
        else:
            writer = subprocess.Popen(["cat"], stdin=fh, stdout=subprocess.PIPE)
            assert writer.stdout is not None
            try:
                done = subprocess.run(
                    command, stdin=writer.stdout, capture_output=True, env=env, cwd=root, check=True
                )
            finally:
                writer.stdout.close()
                writer.wait()
    read, peak = map(int, done.stdout.split())
    return read, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=100, help="decompressed size, MiB")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    args = parser.parse_args()
    size = args.mib << 20
    kinds = {
        "incompressible": lambda: gzip.compress(os.urandom(size), compresslevel=1),
        "text": lambda: gzip.compress(b"word " * (size // 5), compresslevel=6),
    }
    print(f"{'stream':<16} {'stdin':<6} {'gzip MiB':>9} {'read MiB':>9} {'peak/size':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for kind, make in kinds.items():
            packed = Path(folder) / f"{kind}.gz"
            packed.write_bytes(make())
            packed_mib = packed.stat().st_size / (1 << 20)
            for how in ("file", "pipe"):
                read, peak = _peak(args.root, packed, how)
                print(
                    f"{kind:<16} {how:<6} {packed_mib:9.1f} {read / (1 << 20):9.1f} "
                    f"{peak / read:10.2f}"
                )


if __name__ == "__main__":
    main()
