"""`make test` runs the tests without Ray on two pytest-xdist workers, then the Ray
tests serially: what keeps the workers apart, checked on the real suite."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from platformdirs import user_cache_dir

from tests.conftest import ROOT

# Collects the suite once for each argument list in argv[1] (JSON), in one process so
# that the test modules are imported once: every test each run selects and every test
# `-m` deselects, with the file it is in and every fixture it uses.
_COLLECT = """
import json, sys

import pytest


def _row(item):
    return [item.nodeid, item.path.name, sorted(getattr(item, "fixturenames", ()))]


class Probe:
    def __init__(self):
        self.seen = {"status": None, "selected": [], "deselected": []}

    def pytest_deselected(self, items):
        self.seen["deselected"] += [_row(item) for item in items]

    def pytest_collection_finish(self, session):
        self.seen["selected"] = [_row(item) for item in session.items]


found = []
for args in json.loads(sys.argv[1]):
    probe = Probe()
    status = pytest.main([*args, "--collect-only", "-q", "-p", "no:cacheprovider"], [probe])
    probe.seen["status"] = int(status)
    found.append(probe.seen)
print(json.dumps(found))
"""


def _make_test_runs() -> list[list[str]]:
    """The arguments of each pytest run in the Makefile's `test` recipe."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "no test target in the Makefile"
    joined = recipe.group(1).replace("\\\n", " ")
    return [shlex.split(args) for args in re.findall(r"-m pytest([^|;\n]*)", joined)]


def _collect(runs: list[list[str]]) -> list[dict[str, list[list]]]:
    """What `pytest ARGS` would run, for each ARGS, and its exit
    status (xdist collects nothing of its own under --collect-only, so -n changes
    nothing here)."""
    done = subprocess.run(
        [sys.executable, "-c", _COLLECT, json.dumps(runs)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def _files_that_may_start_a_ray() -> list[str]:
    """Every test file named test_ray_* or naming the session's Ray fixture, and this
    file, which starts none."""
    here = Path(__file__)
    files = [
        path
        for path in sorted((ROOT / "tests").glob("test_*.py"))
        if path.name.startswith("test_ray_")
        or (path != here and "ray_cluster" in path.read_text(encoding="utf-8"))
    ]
    return [str(path.relative_to(ROOT)) for path in [*files, here]]


def _starts_a_ray(row: list) -> bool:
    _, file_name, fixtures = row
    return file_name.startswith("test_ray_") or "ray_cluster" in fixtures


def test_make_test_keeps_every_ray_test_out_of_the_parallel_run() -> None:
    """Two local Rays at once on two cores starve each other. xdist's loadgroup was to
    keep the Ray tests on one worker, but under pytest 9 it groups nothing, so they ran
    on both. `make test` now runs them in a serial run of their own: the parallel run
    selects no Ray test, and the serial one selects exactly what the parallel one
    left out, so no test is lost between the two."""
    runs = _make_test_runs()
    assert len(runs) == 2, runs
    parallel, serial = runs
    assert "-n" in parallel and "-n" not in serial, runs

    # Importing the whole suite to collect it costs a minute on a busy 2-core machine;
    # the files that can hold a Ray test, and this one as a control, show the split.
    files = _files_that_may_start_a_ray()
    # The serial run needs no xdist: a pytest without the plugin must take it as is.
    first, second = _collect([[*parallel, *files], [*serial, "-p", "no:xdist", *files]])
    assert first["status"] == 0, parallel
    assert first["selected"], "the parallel run selects no test"
    assert [row[0] for row in first["selected"] if _starts_a_ray(row)] == []
    assert [row[0] for row in first["deselected"] if not _starts_a_ray(row)] == []

    assert second["status"] == 0, serial
    assert second["deselected"]
    assert sorted(row[0] for row in second["selected"]) == sorted(
        row[0] for row in first["deselected"]
    )
    ray_files = {row[1] for row in second["selected"]}
    assert "test_ray_engine.py" in ray_files
    assert any("ray_cluster" in row[2] for row in second["selected"])


def test_a_cli_run_with_no_cache_setting_keeps_to_the_session(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A CLI run with no cache setting wrote to ~/.cache/mtaudit, which every worker
    and every other test session on the machine shared; a real process, as the CLI
    tests start it, resolves its cache inside this session's temporary folder."""
    mtaudit = [sys.executable, "-c", "from cli.app import main; main()"]
    shown = subprocess.run(
        [*mtaudit, "config", "--isolated", "-f", "json"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    resolved = Path(json.loads(shown.stdout)["settings"]["cache_dir"]["resolved"])
    assert resolved != Path(user_cache_dir("mtaudit", appauthor=False))
    assert resolved.is_relative_to(tmp_path_factory.getbasetemp())
