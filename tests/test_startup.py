"""Start-up: commands that do not run the language model never import it.

Importing torch and transformers costs 4-9 s, Ray seconds more: `mtaudit --version`,
`--help`, a rule-only audit (`--no-lm`, every report format, a history) and `mtaudit
rules` must not pay for them. Each case runs the console script in a process of its
own, which then says which of those modules it had imported when it exited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEED

HEAVY = ("torch", "transformers", "accelerate", "gguf", "ray", "sacrebleu")
# Runs the console script as installed (cli.app.main), then prints, as its last line,
# the heavy modules the run imported.
PROBE = f"""
import atexit, json, sys
atexit.register(
    lambda: print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)), file=sys.stderr)
)
from cli.app import main
sys.argv = ["mtaudit", *sys.argv[1:]]
main()
"""


def heavy_imports(args: list[str], cwd: Path) -> tuple[int, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    return result.returncode, json.loads(result.stderr.strip().splitlines()[-1])


def test_version_imports_no_model(tmp_path: Path) -> None:
    # Every command module is loaded before any runs (`--help`, `rules` alike): this
    # is their start-up.
    assert heavy_imports(["--version"], tmp_path) == (0, [])


def test_a_no_lm_audit_imports_no_model_whatever_it_writes(tmp_path: Path) -> None:
    outputs = [f"{fmt}:report.{fmt}" for fmt in ("json", "jsonl", "csv", "sarif", "html")]
    args = ["audit", str(SEED), "--no-lm", "--isolated", "--history", "h.sqlite", "-f", "github"]
    for output in [*outputs, "markdown:report.md"]:
        args += ["-o", output]
    code, imported = heavy_imports(args, tmp_path)
    assert code == 1  # the sample is machine-translated
    assert imported == []
    assert len(list(tmp_path.glob("report.*"))) == 6
