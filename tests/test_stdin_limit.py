"""stdin over the input limit: a file over 512 MiB was refused, a pipe of any size was
read whole into memory first. A pipe stops at the limit now, reading at most one byte
over it; gzip on stdin stops at the limit once decompressed.
The runs below lower the limit inside the mtaudit process itself and feed it from a
real writer process, which is cut off (a broken pipe) when the reader stops early."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIMIT = 100_000
# The limit is lowered before any reader imports it by name.
MTAUDIT = [
    sys.executable,
    "-c",
    f"import audits.sources.base as b; b.MAX_INPUT_BYTES = {LIMIT}; "
    "from cli.app import main; main()",
]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}
# 20 MB of text, 200 times the limit: it exits 0 only if all of it was read.
FLOOD = "import sys\nfor _ in range(500):\n    sys.stdout.buffer.write(b'word ' * 8192)\n"
# A gzip bomb: 50 MB of text in some 50 kB, under the limit as it comes.
GZIP_BOMB = "import gzip, sys\nsys.stdout.buffer.write(gzip.compress(b'word ' * 10_000_000))\n"
TOO_LARGE = f"too large (over {LIMIT} bytes; limit {LIMIT} bytes)"


def _piped(
    writer: str, args: list[str], cwd: Path
) -> tuple[subprocess.CompletedProcess[bytes], int]:
    """The run, fed by ``writer``, and the writer's exit status."""
    source = subprocess.Popen(
        [sys.executable, "-c", writer], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert source.stdout is not None
    try:
        done = subprocess.run(
            [*MTAUDIT, *args],
            stdin=source.stdout,
            capture_output=True,
            cwd=cwd,
            env=ENV,
            timeout=120,
        )
    finally:
        source.stdout.close()  # the run's end is the pipe's end now
    return done, source.wait(timeout=60)


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_a_flood_on_a_pipe_stops_at_the_input_limit(tmp_path: Path, name: str) -> None:
    done, writer = _piped(FLOOD, ["audit", name, "--no-lm", "--isolated"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert writer != 0  # cut off: the rest was never read
    source = "stdin" if name == "-" else name
    assert f"{source}: {TOO_LARGE}" in done.stderr.decode()


def test_compare_stops_a_flood_on_a_pipe_at_the_input_limit(tmp_path: Path) -> None:
    (tmp_path / "ref.txt").write_text("word\n")
    done, writer = _piped(FLOOD, ["compare", "ref.txt", "-"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert writer != 0
    assert f"stdin: {TOO_LARGE}" in done.stderr.decode()


def test_a_gzip_bomb_on_stdin_stops_at_the_limit_once_decompressed(tmp_path: Path) -> None:
    """A regression guard: it passed before the limit on stdin too."""
    done, _writer = _piped(GZIP_BOMB, ["audit", "-", "--no-lm", "--isolated"], tmp_path)
    assert done.returncode == 2, done.stderr
    expected = f"stdin: too large once decompressed (limit {LIMIT} bytes)"
    assert expected in done.stderr.decode()


def test_a_pipe_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    """A regression guard: it passed before the limit on stdin too."""
    text = b"The cat sat on the mat, as cats do. " * 2000  # 74 kB, under the limit
    done = subprocess.run(
        [*MTAUDIT, "audit", "-", "--no-lm", "--isolated", "-f", "json"],
        input=text,
        capture_output=True,
        cwd=tmp_path,
        env=ENV,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    assert b"too large" not in done.stderr


SIZE = 64 * 1024 * 1024
# The reader's peak memory beyond what the process held before it, in bytes: VmHWM, as
# ru_maxrss keeps the forking pytest's peak across exec.
PEAK = (
    "import sys\n"
    "from audits.sources.gzipped import read_file\n"
    "from audits.sources.stdin import read_stdin\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1]) * 1024\n"
    "before = peak()\n"
    "limit = 512 * 1024 * 1024\n"
    "data = read_stdin(limit) if sys.argv[1] == '-' else read_file(sys.argv[1], limit)\n"
    "print(len(data), peak() - before)\n"
)


@pytest.mark.parametrize("how", ["file", "pipe"])
def test_an_input_is_read_into_one_copy_of_its_size(tmp_path: Path, how: str) -> None:
    """A file, and a pipe, read a chunk at a time and the chunks then joined took twice
    their size in memory at their peak: 1 GiB for a file at the 512 MiB limit."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (SIZE // 5))
    size = big.stat().st_size
    command = [sys.executable, "-c", PEAK, str(big) if how == "file" else "-"]
    with big.open("rb") as fh:
        writer = subprocess.Popen(["cat"], stdin=fh, stdout=subprocess.PIPE)
    assert writer.stdout is not None
    try:
        done = subprocess.run(
            command,
            stdin=writer.stdout if how == "pipe" else subprocess.DEVNULL,
            capture_output=True,
            env=ENV,
            timeout=120,
        )
    finally:
        writer.stdout.close()
        writer.wait(timeout=60)
    assert done.returncode == 0, done.stderr
    read, peak = map(int, done.stdout.split())
    assert read == size
    assert peak < 1.4 * size, f"peak {peak / size:.2f} times the size"


def test_stdin_from_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    """stdin redirected from a regular file is read by its size in one read: over the
    limit, that read is the limit and one byte, and is refused as a pipe's is. A guard
    for the one read: the chunked reading before it passed too."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (2 * LIMIT // 5))
    with big.open("rb") as fh:
        done = subprocess.run(
            [*MTAUDIT, "audit", "-", "--no-lm", "--isolated"],
            stdin=fh,
            capture_output=True,
            cwd=tmp_path,
            env=ENV,
            timeout=120,
        )
    assert done.returncode == 2, done.stderr
    assert f"stdin: {TOO_LARGE}" in done.stderr.decode()


def test_a_device_with_no_end_is_refused_at_the_limit(tmp_path: Path) -> None:
    """/dev/zero, named or through a link, was read without end (memory filling up);
    it stops at the limit as a pipe does. Not run against the code before: it would
    fill the machine's memory."""
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    for name, says in (
        ("/dev/zero", f"/dev/zero: {TOO_LARGE}"),
        ("zero.txt", f"zero.txt: a link to /dev/zero: {TOO_LARGE}"),
    ):
        done = subprocess.run(
            [*MTAUDIT, "audit", name, "--no-lm", "--isolated"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            cwd=tmp_path,
            env=ENV,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert says in done.stderr.decode()


def _gzip_on_stdin(data: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*MTAUDIT, "audit", "-", "--no-lm", "--isolated", "-f", "json"],
        input=data,
        capture_output=True,
        cwd=cwd,
        env=ENV,
        timeout=120,
    )


def test_gzip_on_stdin_is_decompressed_as_it_is_read_and_keeps_its_errors(
    tmp_path: Path,
) -> None:
    """Regression guards for the streaming reader: within the limit it is read whole;
    a stream cut short, and one over the limit as it comes (incompressible, so its
    compressed copy is the larger), fail in one line as they did."""
    import gzip

    text = b"The cat sat on the mat, as cats do. " * 2000  # 74 kB, under the limit
    done = _gzip_on_stdin(gzip.compress(text), tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert b"The cat sat on the mat" in done.stdout

    done = _gzip_on_stdin(gzip.compress(text)[:-20], tmp_path)
    assert done.returncode == 2, done.stderr
    cut = "stdin: corrupt gzip file (it ends before its compressed data does: cut short?)"
    assert cut in done.stderr.decode()
    assert len(done.stderr.decode().strip().splitlines()) == 1

    done = _gzip_on_stdin(gzip.compress(os.urandom(3 * LIMIT), compresslevel=0), tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"stdin: {TOO_LARGE}" in done.stderr.decode()

    done = _gzip_on_stdin(gzip.compress(text) + b"GARBAGE", tmp_path)
    assert done.returncode == 2, done.stderr
    assert "stdin: corrupt gzip file (data after the end of its gzip stream)" in (
        done.stderr.decode()
    )


# The reader audit uses for `-`, and its peak memory beyond what the process held.
GZIP_PEAK = PEAK.replace(
    "import sys\n", "import sys\nfrom audits.sources.inputs import _read_bytes\n"
).replace(
    "data = read_stdin(limit) if sys.argv[1] == '-' else read_file(sys.argv[1], limit)\n",
    "data = _read_bytes(sys.argv[1], None)\n",
)


@pytest.mark.parametrize(("name", "how"), [("-", "file"), ("-", "pipe"), ("/dev/stdin", "file")])
def test_gzip_on_stdin_is_held_in_one_copy(tmp_path: Path, name: str, how: str) -> None:
    """gzip on stdin was read whole, then decompressed into chunks that were then
    joined: the compressed copy and two decompressed ones at the peak, some 3 times
    the size of an incompressible stream (1.5 GiB near the 512 MiB limit)."""
    import gzip

    packed = tmp_path / "big.gz"
    packed.write_bytes(gzip.compress(os.urandom(SIZE), compresslevel=1))
    command = [sys.executable, "-c", GZIP_PEAK, name]
    with packed.open("rb") as fh:
        if how == "file":
            done = subprocess.run(command, stdin=fh, capture_output=True, env=ENV, timeout=120)
        else:
            # cat shares the file's offset: started only when stdin is its pipe.
            writer = subprocess.Popen(["cat"], stdin=fh, stdout=subprocess.PIPE)
            assert writer.stdout is not None
            try:
                done = subprocess.run(
                    command, stdin=writer.stdout, capture_output=True, env=ENV, timeout=120
                )
            finally:
                writer.stdout.close()
                writer.wait(timeout=60)
    assert done.returncode == 0, done.stderr
    read, peak = map(int, done.stdout.split())
    assert read == SIZE
    assert peak < 1.4 * SIZE, f"peak {peak / SIZE:.2f} times the size"
