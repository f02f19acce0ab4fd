"""What detecting a legacy code page costs, and that UTF-8 input does not pay it.

    python bench/legacy_decode.py [--runs 200]

Prints, best of a few runs, ``decode_bytes`` on UTF-8 texts against a plain
``bytes.decode("utf-8")`` of the same bytes (the ratio is the whole overhead of the
detection path for UTF-8, which returns before any code page is weighed), then the
time of each legacy text alone, then of a ~1 MB legacy text in seconds per MB (a
long text pays for every word weighed that is not bounded to a sample). Run it
before and after a change to ``audits/sources/legacy_charset.py`` on an idle
machine: the legacy times move with the machine's load, the UTF-8 ratio should not
move at all.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audits.sources.decode import decode_bytes

_ENGLISH = (
    "Lyon's council voted on Tuesday to make buses and trams free for residents under 25 "
    "from January. The scheme will cost about €40m a year, the café owners said.\n"
)
_CZECH = "Vláda ve středu schválila návrh zákona o státním rozpočtu na příští rok.\n"
_RUSSIAN = "Правительство в среду одобрило проект федерального бюджета на следующий год.\n"
UTF8 = {"English": _ENGLISH * 50, "Czech": _CZECH * 50, "Russian": _RUSSIAN * 50}
LEGACY = [
    (_CZECH, "cp1250"),
    (_RUSSIAN, "koi8_r"),
    (_RUSSIAN, "cp1251"),
    ("Київ - Уряд схвалив проєкт бюджету.\n", "koi8_u"),
    ("Lui può venire domani.\n", "cp1252"),
    ("Café prices rose 5% in £ terms.\n", "mac_roman"),
    ("He paid £5 at the café.\n", "cp850"),
    ("Sámediggi lea Norgga sámiid álbmotválljen orgána. Ođđa čállit ožžo.\n", "iso8859_10"),
]

# A long legacy text: French in cp1252, its accents, quotes, "€" and "m²" throughout.
_LONG_LINE = (
    "Le gouvernement a présenté mercredi son projet de loi de finances. « Nous devons "
    "réduire le déficit », a déclaré le ministre ; 15 € le m². C’est l’été.\n"
)
LONG = [(_LONG_LINE * (1_000_000 // len(_LONG_LINE) + 1), "cp1252")]


def _best(call: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per UTF-8 text")
    args = parser.parse_args()
    for text, encoding in LEGACY:  # langdetect and the word lists load on first use
        decode_bytes(text.encode(encoding), "warm-up")
    print(f"{'UTF-8 text':<10} {'decode (ms)':>12} {'decode_bytes':>13} {'ratio':>6}")
    for name, text in UTF8.items():
        data = text.encode()
        plain = _best(lambda data=data: data.decode("utf-8"), args.runs)
        ours = _best(lambda data=data: decode_bytes(data, "bench"), args.runs)
        print(f"{name:<10} {plain * 1e3:12.3f} {ours * 1e3:13.3f} {ours / plain:6.1f}")
    print(f"\n{'legacy text':<28} {'page':<11} {'ms':>7}")
    for text, encoding in LEGACY:
        data = text.encode(encoding)
        took = _best(lambda data=data: decode_bytes(data, "bench"), max(args.runs // 40, 3))
        print(f"{text.strip()[:26]:<28} {encoding:<11} {took * 1e3:7.1f}")
    print(f"\n{'long legacy text':<28} {'page':<11} {'MB':>5} {'s/MB':>6}")
    for text, encoding in LONG:
        data = text.encode(encoding)
        took = _best(lambda data=data: decode_bytes(data, "bench"), 2)
        megabytes = len(data) / 1e6
        print(f"{text.strip()[:26]:<28} {encoding:<11} {megabytes:5.2f} {took / megabytes:6.2f}")


if __name__ == "__main__":
    main()
