"""Runs `mtaudit ARGS` (the console script) with Ray workers that each leave a process
behind them, as a worker whose library starts a helper of its own would:

    python tests/ray_lingering_child.py PID_FILE audit ... --engine ray

The helper (a `sleep` of ten minutes, its pid written to PID_FILE) is the worker's
grandchild, an orphan at once: Ray's clean-up of a worker's children never sees it.
Run as a process of its own by tests/test_ray_engine.py, so that the CLI starts and
stops its own local Ray as a user's run does. LOCAL_RAY_EXIT_WAIT is lowered to 2 s:
the helper never ends on its own, so the run waits that long before it kills it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from audits import ray_engine
from audits.document import Document


class LingeringAuditor(ray_engine._Auditor):
    """``ray_engine._Auditor``, defined in ``__main__``, so Ray sends the class (with
    ``pid_file``) to the workers."""

    pid_file = ""

    def audit(self, docs: list[Document]) -> tuple[list[ray_engine._Done], dict | None]:
        started = subprocess.run(
            # Far longer than any run: ended by the time mtaudit exits only if
            # mtaudit ended it.
            ["sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!"],
            capture_output=True,
            text=True,
            check=True,
        )
        Path(self.pid_file).write_text(started.stdout.strip(), encoding="utf-8")
        return super().audit(docs)


def main() -> None:
    LingeringAuditor.pid_file = sys.argv[1]
    ray_engine._Auditor = LingeringAuditor  # type: ignore[misc]
    ray_engine.LOCAL_RAY_EXIT_WAIT = 2.0
    from cli.app import main as mtaudit

    sys.argv = ["mtaudit", *sys.argv[2:]]
    mtaudit()


if __name__ == "__main__":
    main()
