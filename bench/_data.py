"""Where the research-only bench data lives (never copied into the repo)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def bench_dir() -> Path:
    env = os.environ.get("MTAUDIT_BENCH_DIR")
    path = Path(env) if env else REPO.parent / "shared" / "bench"
    if not path.is_dir():
        raise SystemExit(f"bench data not found in {path}; set MTAUDIT_BENCH_DIR")
    return path


def read_jsonl(name: str) -> Iterator[dict[str, Any]]:
    with (bench_dir() / name).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)
