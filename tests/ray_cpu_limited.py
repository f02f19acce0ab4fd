"""Audits documents on a local Ray whose workers the OS kills when they exceed a CPU
time limit (RLIMIT_CPU, SIGXCPU), and prints each document's status and error as JSON.

    python tests/ray_cpu_limited.py DOCS.json

Run as a process of its own by tests/test_ray_engine.py: the limit is set in every
Ray worker by Ray's ``worker_process_setup_hook``, so it needs a Ray started for it.
A document that takes more CPU than the limit kills every worker that audits it, as
a document that runs a node out of memory or crashes native code would.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
from pathlib import Path

import ray

from audits.config import AuditConfig
from audits.document import Document
from audits.engine import audit_documents

# CPU seconds a worker may use once it has loaded mtaudit: a short article takes
# milliseconds, so only a document that takes seconds crosses it.
CPU_SECONDS = 3


def limit_cpu() -> None:
    """In each Ray worker: load what an auditor loads (so that loading is not
    counted), then let the worker use CPU_SECONDS more before the OS kills it."""
    from audits.engine import check_config_codes
    from audits.rule_workers import preload

    config = AuditConfig(lm=False)
    preload(config, check_config_codes(config))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the kill
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    resource.setrlimit(resource.RLIMIT_CPU, (used + CPU_SECONDS, hard))


def main() -> None:
    docs = [Document(**doc) for doc in json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))]
    ray.init(
        num_cpus=2,
        object_store_memory=128 * 1024 * 1024,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
        runtime_env={"worker_process_setup_hook": limit_cpu},
    )
    try:
        run = audit_documents(docs, AuditConfig(lm=False, engine="ray"))
    finally:
        ray.shutdown()
    print(json.dumps([[d.document.id, d.status, d.error] for d in run.documents]))


if __name__ == "__main__":
    main()
