"""Shared fixtures. Tests never touch the network or a model hub."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.pop("FORCE_COLOR", None)
# The HTTP tests talk to a server on 127.0.0.1; a proxy from the environment must not intercept.
for _proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_proxy, None)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "awani-lavrov-blinken.txt"

# How far a sentence's summed log-prob may move, per token, when it is scored in
# another batch (alone, or beside other sentences). In fp32: 7e-5 nats a sentence at
# most (200 news sentences on an Intel Xeon with AMX).
# In bf16 every linear layer rounds its input and its output to bf16: a 1-ulp fp32
# difference anywhere (attention over a wider, padded row; oneDNN picking another
# matmul kernel for another row count, here above 32 rows) flips some roundings,
# and over 30 layers that grows to the size of bf16's own error against fp32.
# Measured on test_lm_scorer's three sentences (13-14 tokens): 0.027 nats over 13
# tokens on an AMD EPYC with avx512_bf16, 0.147 and 0.193 on an Intel Xeon with AMX.
# On the Xeon, 200 news sentences scored in batches of 16 and alone: up to 0.036
# nats a token (median 0.005); single tokens moved by 0.043 (sd), as much as bf16
# moves them against fp32 (0.04).
BF16_BATCH_NATS_PER_TOKEN = 0.05


def batch_tolerance(dtype: str, tokens: int) -> float:
    """How far ``tokens`` tokens' summed log-prob may move with the batch (see above)."""
    return 1e-3 if dtype == "fp32" else BF16_BATCH_NATS_PER_TOKEN * tokens


def tomllib_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text ``tomllib.loads`` parses from now on, the real parser still doing the
    parsing (a spy, not a mock): how often the calque lexicons are read."""
    import tomllib

    parses: list[str] = []
    parse = tomllib.loads

    def counted(text: str) -> dict:
        parses.append(text)
        return parse(text)

    monkeypatch.setattr(tomllib, "loads", counted)
    return parses


# What a command with no -o of its own says when started with stdout closed (`>&-`).
NO_STDOUT = (
    "mtaudit: error: cannot write the report to stdout: stdout is closed (give the run "
    "a stdout, such as > FILE)\n"
)


def run_stdout_closed(args: list[str], cwd: Path | None = None) -> tuple[int, str]:
    """``mtaudit ARGS >&-`` in a real process (the test runner always gives a stdout):
    its exit status and its stderr."""
    mtaudit = [sys.executable, "-c", "from cli.app import main; main()"]
    closed = subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "mtaudit", *mtaudit, *args],
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    return closed.returncode, closed.stderr


def run_redirected(
    args: list[str], into: Path, *, stream: str = "stdout"
) -> subprocess.CompletedProcess[str]:
    """``mtaudit ARGS >> INTO`` (``2>> INTO`` with ``stream="stderr"``) in a real
    process, the other stream captured: the test runner's own streams are never a file
    in the folder a test audits."""
    mtaudit = [sys.executable, "-c", "from cli.app import main; main()"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    with into.open("ab") as fh:
        if stream == "stdout":
            streams = {"stdout": fh, "stderr": subprocess.PIPE}
        else:
            streams = {"stdout": subprocess.PIPE, "stderr": fh}
        return subprocess.run(
            [*mtaudit, *args], **streams, stdin=subprocess.DEVNULL, text=True, env=env, timeout=600
        )


def on_a_terminal(
    args: list[str], columns: int, cwd: Path, *, with_stderr: bool = False, **env: str
) -> list[str]:
    """The lines `mtaudit ARGS` prints to a terminal ``columns`` wide (a pseudo-terminal;
    stderr, where the progress bar goes, is left out unless ``with_stderr``)."""
    import fcntl
    import struct
    import termios  # Unix only

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from cli.app import main; main()", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower if with_stderr else subprocess.DEVNULL,
        cwd=cwd,
        env={**environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", **env},
    )
    os.close(follower)
    out = b""
    with contextlib.suppress(OSError):  # EIO once the process has closed its end
        while chunk := os.read(leader, 65536):
            out += chunk
    os.close(leader)
    proc.wait(timeout=120)
    return out.decode("utf-8").splitlines()


@pytest.fixture(scope="module")
def live_stop_signals() -> Iterator[None]:
    """SIGINT, SIGHUP and SIGTERM at their defaults while a module's tests send them to
    the runs they start. A test session started as a background job (SIGINT ignored)
    or under nohup (SIGHUP ignored) hands the ignored signals on to its children, and
    mtaudit keeps a signal ignored that it was started with, as it should: the tests
    that send one saw nothing happen and failed."""
    saved: dict[int, object] = {}
    for name in ("SIGINT", "SIGHUP", "SIGTERM"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) == signal.SIG_IGN:
            saved[signum] = signal.SIG_IGN
            live = signal.default_int_handler if name == "SIGINT" else signal.SIG_DFL
            signal.signal(signum, live)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class Ran(NamedTuple):
    """What ``run_mtaudit`` saw of one run. A NamedTuple, not a dataclass, because its
    callers unpack it (``code, out, err = run_mtaudit(...)``)."""

    code: int | str | None
    out: str
    err: str


@pytest.fixture
def run_mtaudit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[[list[str]], Ran]:
    """``mtaudit ARGS`` through the console script's own entry point
    (``cli.commands.run``, whose error lines CliRunner goes around), in this process:
    its exit status, stdout and stderr."""
    from cli.commands import run

    def invoke(args: list[str]) -> Ran:
        monkeypatch.setattr(sys, "argv", ["mtaudit", *args])
        try:
            code: int | str | None = run()
        except SystemExit as stopped:
            code = stopped.code
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return invoke


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no config file above it that we control."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def feed_server(tmp_path_factory: pytest.TempPathFactory):
    """A real HTTP server on 127.0.0.1 serving good and hostile feeds (tests/feedserver.py)."""
    from tests import feedserver

    secret = tmp_path_factory.mktemp("xxe") / "secret.txt"
    secret.write_text("TOP SECRET: the vault code is 4417\n", encoding="utf-8")
    state, httpd = feedserver.start(secret)
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def _tls_server(feed_server):  # type: ignore[no-untyped-def]
    from tests import feedserver

    state, httpd = feedserver.start_tls(feed_server)
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def tls_server(_tls_server, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An https server on 127.0.0.1 that redirects to ``feed_server`` (feedserver.py's
    TlsServer), its self-signed certificate trusted for this test through SSL_CERT_FILE."""
    from tests import feedserver

    monkeypatch.setenv("SSL_CERT_FILE", str(feedserver.TLS_CERT))
    return _tls_server


# The cores the run may use, as share_cores_among_workers found them before it
# narrowed this worker to its share ("cores"; absent outside xdist).
RUN_CORES: dict[str, set[int]] = {}


def pytest_configure(config: pytest.Config) -> None:
    share_cores_among_workers()


def share_cores_among_workers(root: Path = Path("/")) -> None:
    """Each pytest-xdist worker runs on its own share of the cores this run may use
    (cores_of_the_run, core_share), and so do the runs it starts (affinity is
    inherited). The scorer gives torch one thread per usable core
    (hardware.usable_cores: the affinity, as taskset sets it, and a CPU quota, its
    cgroup files read under ``root``, a fake tree in test_worker_cores): two
    workers on two cores each ran two OpenMP threads, four on two cores, and every
    matmul's barrier waited on a thread the other worker had descheduled. One bf16
    linear of a short sentence took 12x as long as on a worker of its own. No effect
    outside xdist (the Ray phase of `make test`, a lone session).

    Known limit (README.md says it): the share goes by the worker's number, and
    xdist numbers a worker that replaces a crashed one on (gw2 for a crashed gw1, the
    count staying 2), so on two cores gw2 shares gw0's core and the other idles for
    the rest of the run (slower, not wrong; claiming a free slot with a lock file
    would fix it)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not worker.startswith("gw") or count < 2 or not hasattr(os, "sched_setaffinity"):
        return
    from audits.lm.hardware import usable_cores

    if "cores" not in RUN_CORES:
        RUN_CORES["cores"] = cores_of_the_run(os.sched_getaffinity(0), usable_cores(root))
    # Pinning only speeds the run up: a sandbox that refuses it, or a cpuset that
    # shrank since, leaves the worker on every core rather than end `make test`.
    with contextlib.suppress(OSError):
        os.sched_setaffinity(0, core_share(RUN_CORES["cores"], int(worker[2:]), count))


def cores_of_the_run(affinity: Iterable[int], usable: int) -> set[int]:
    """The cores the workers share: ``usable`` (hardware.usable_cores: the
    affinity's count, lowered by a cgroup CPU quota) of the ``affinity``'s, the
    lowest. Under `docker --cpus 2` on 64 cores the affinity is all 64: shared as
    it is, each of two workers would have 32 cores and (the quota's) two torch
    threads, four in all for two CPUs' time; sharing two cores, each has one, as on
    a 2-core machine. Without a quota these are all the affinity's cores."""
    # The lowest is an arbitrary choice (it often includes core 0, where IRQs land;
    # not measured to matter for the tests): any `usable` of them would do.
    return set(sorted(affinity)[: max(1, usable)])


def core_share(cores: Iterable[int], index: int, count: int) -> list[int]:
    """The cores worker ``index`` of ``count`` runs on: every count-th core from the
    index-th. Fewer cores than workers: worker i gets core i mod the number of cores."""
    ordered = sorted(cores)
    return ordered[index::count] or [ordered[index % len(ordered)]]


@contextlib.contextmanager
def every_core_of_the_run() -> Iterator[None]:
    """What starts in here (the kernel builds' child processes) runs on every core of
    the run, not this worker's share: the other worker waits on the build's lock
    meanwhile, its core otherwise idle. Not for loading a scorer the session keeps:
    its torch would take a thread per core, which share_cores_among_workers is there
    to prevent (a test of the thread count loads one in here and resets torch's)."""
    # Set only where share_cores_among_workers found CPU affinity to narrow.
    if "cores" not in RUN_CORES:
        yield
        return
    narrowed = os.sched_getaffinity(0)
    # Refused (see share_cores_among_workers), the build runs on the share.
    with contextlib.suppress(OSError):
        os.sched_setaffinity(0, RUN_CORES["cores"])
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, narrowed)


def is_ray_test(item: pytest.Item) -> bool:
    """A test that starts a Ray: the session's (``ray_cluster``, asked for directly or
    through another fixture) or one of its own in a subprocess (tests/test_ray_*.py)."""
    return item.path.name.startswith("test_ray_") or "ray_cluster" in getattr(
        item, "fixturenames", ()
    )


# tryfirst: `-m` deselects in the mark plugin's own hook, which must see the mark.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every Ray test ``ray``: `make test` runs ``-m "not ray"`` on two xdist
    workers, then ``-m ray`` in one serial process. A second local Ray on a 2-core
    machine starves both, and the tests that count Ray's workers or wait for a node
    to die time out; xdist's loadgroup cannot keep them on one worker under pytest 9
    (it never tags the node ids), so they are kept out of the parallel run."""
    for item in items:
        if is_ray_test(item):
            item.add_marker(pytest.mark.ray)


@pytest.fixture(scope="session")
def lm_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory per test session (per xdist worker: each has its own
    basetemp): the embedded model is converted into it once, and CLI tests that load
    the model again find the warm safetensors copy."""
    return tmp_path_factory.mktemp("mtaudit-cache")


@pytest.fixture(scope="session", autouse=True)
def _session_cache_dir(lm_cache_dir: Path) -> Iterator[None]:
    """$MTAUDIT_CACHE_DIR is the session's own cache for every test, not only those that
    ask for ``lm_env``: a run with no cache setting wrote the score cache, the
    lost-letter index and the converted model to the user's ~/.cache/mtaudit, which
    two xdist workers (and every other test session on the machine) shared. Tests of
    the default location unset it themselves (monkeypatch.delenv)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MTAUDIT_CACHE_DIR", str(lm_cache_dir))
        yield


@pytest.fixture(scope="session")
def scorer(lm_cache_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The real embedded model, loaded once per session, without a score cache."""
    from audits.config import AuditConfig
    from audits.lm import load_scorer

    def load():  # type: ignore[no-untyped-def]
        return load_scorer(AuditConfig(cache_dir=str(lm_cache_dir), cache=False))

    shared = shared_build_folder(tmp_path_factory)
    return load() if shared is None else _converted_once(load, lm_cache_dir, shared)


def shared_build_folder(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """Where this test run keeps what is built once for all its sessions (the converted
    model, the compiled kernels): the folder `make test` names to both its phases in
    $MTAUDIT_TEST_MODELS, else the one all xdist workers of this run share (each has
    its basetemp in it); None for a lone session, which builds its own."""
    named = os.environ.get("MTAUDIT_TEST_MODELS")
    if named:
        return Path(named)
    if os.environ.get("PYTEST_XDIST_WORKER") is not None:
        return tmp_path_factory.getbasetemp().parent
    return None


def _converted_once(load: Callable[[], object], cache: Path, shared: Path) -> object:
    """``load()`` with the embedded model converted once per test run, not once per
    xdist worker and again in `make test`'s Ray phase (which names one ``shared``
    folder to both phases in $MTAUDIT_TEST_MODELS): the conversion costs a
    CPU-half-minute (gguf_cache), and each session and worker did it at its start.
    The first to get here converts it as any run does (the product's own path, into
    its own cache) and publishes the copy in ``shared``; the others wait for it, link
    it into theirs and load it warm, as a second run would. Hard links: nothing in
    the cache is rewritten in place (gguf_cache renames)."""
    import fcntl
    import shutil

    published = shared / "mtaudit-converted-models"
    with open(shared / ".mtaudit-convert.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if published.is_dir():
            if not (cache / "models").exists():  # else a CLI run of its own converted it
                shutil.copytree(published, cache / "models", copy_function=_link_or_copy)
            return load()
        loaded = load()
        staging = shared / ".mtaudit-converted-models.tmp"
        shutil.rmtree(staging, ignore_errors=True)  # a worker killed while it copied
        shutil.copytree(cache / "models", staging, copy_function=_link_or_copy)
        staging.rename(published)
        return loaded


def _link_or_copy(source: str, target: str) -> None:
    import shutil

    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


@pytest.fixture
def lm_env(scorer, lm_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """For CLI tests: point MTAUDIT_CACHE_DIR at the session's warm cache."""
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(lm_cache_dir))
    return lm_cache_dir


@pytest.fixture(scope="session")
def ray_cluster():  # type: ignore[no-untyped-def]
    """One small local Ray for the session (starting one costs seconds): the Ray engine
    uses a Ray this process already runs, so every test of it shares this one. Shut down
    at the end of the session, so that no Ray process outlives pytest."""
    import logging

    ray = pytest.importorskip(
        "ray", reason="the Ray engine is not installed (pip install -e '.[ray]')"
    )
    ray.init(
        # A Ray of this session's own, even where $RAY_ADDRESS names another.
        address="local",
        num_cpus=2,
        object_store_memory=256 * 1024 * 1024,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
    )
    yield ray
    ray.shutdown()
