"""Runs `mtaudit ARGS` (the console script) with Ray workers that die as soon as they
are given documents, as workers whose node runs out of memory or whose native code
crashes would:

    python tests/ray_dying_workers.py audit ... --engine ray

Run as a process of its own by tests/test_ray_engine.py, so that the CLI starts and
stops its own local Ray as a user's run does. MORE_DEATHS_IN_A_ROW is lowered to 1:
each worker that dies costs seconds to start.
"""

from __future__ import annotations

import os
import sys

from audits import ray_engine
from audits.config import AuditConfig
from audits.document import Document


class DyingAuditor:
    """Stands for ``ray_engine._Auditor``; defined in ``__main__``, so Ray sends the
    class itself to the workers."""

    def __init__(self, config: AuditConfig, selected: frozenset[str]) -> None:
        pass

    def running(self) -> bool:
        return True

    def ready(self) -> None:
        return None

    def audit(self, docs: list[Document]) -> None:
        os._exit(1)


def main() -> None:
    ray_engine._Auditor = DyingAuditor  # type: ignore[misc]
    ray_engine.MORE_DEATHS_IN_A_ROW = 1
    from cli.app import main as mtaudit

    sys.argv = ["mtaudit", *sys.argv[1:]]
    mtaudit()


if __name__ == "__main__":
    main()
