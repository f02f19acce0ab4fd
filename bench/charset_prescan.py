"""How the charset prescan's time grows with a hostile head, as ratios.

    python bench/charset_prescan.py [--units 10000]

A head of N and of 4N unclosed or empty tags ("<meta", "<meta>", "<!--<meta") is
prescanned for its <meta charset>; the ratio of the two times (best of a few runs)
is about 4 where the scan is linear, 16 where it is quadratic, as
``<meta[^>]+charset`` over the bytes was (a head of 40,000 "<meta", 200 KB, took
about 17 s). tests/test_html_pages.py counts the bytes the scan reads instead, which
no machine's load can upset; this script times what counting cannot see, a pattern's
own backtracking.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audits.sources.html_meta_charset import meta_charset

UNITS = (b"<meta", b"<meta charset", b'<meta a="', b"<!--<meta", b"<meta>", b"<!---->")


def _best_time(data: bytes, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        meta_charset(data)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10_000, help="N, the smaller head's tags")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'unit':<16} {'N (ms)':>9} {'4N (ms)':>9} {'ratio':>6}")
    for unit in UNITS:
        small, large = (
            _best_time(b"<html><head>" + unit * n + b"</head><body></body></html>", args.runs)
            for n in (args.units, 4 * args.units)
        )
        ratio = large / small if small else float("nan")
        print(f"{unit.decode():<16} {small * 1e3:9.2f} {large * 1e3:9.2f} {ratio:6.1f}")


if __name__ == "__main__":
    main()
