"""Another year, other systems: WMT21 zh-en documents in the dev set's schema.

    MTAUDIT_BENCH_DIR=../shared/bench python bench/wmt21_docs.py [--systems 3]

``sentences_mqm.jsonl`` holds WMT21 newstest2021 zh-en MT sentences from 13 systems
(5 per source segment) together with each segment's human reference (ref A). Grouped by
WMT document, they give machine and human translations of the same news articles, a
year before the dev set's and from other systems: the test a verdict fitted on WMT22
should pass, and more MT-vs-human examples to learn from.

Per source document: for each of the ``--systems`` systems that translated the most of
its segments (at least ``MIN_SEGMENTS``), one machine-translated document made of that
system's segments in order; and one human translation made of the references of the
*first* system's segments, so the pair covers the same sentences and differs only in
who translated them. Text is normalised the way the dev set's builder did it (see the
bench README: straight quotes, plain dashes, no no-break spaces), so quote style cannot
give the label away.

Written to ``bench/.cache/wmt21_docs.jsonl`` (gitignored: derived research data, not
for the repository); prints its path.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._data import REPO, read_jsonl

OUT = REPO / "bench" / ".cache" / "wmt21_docs.jsonl"
MIN_SEGMENTS = 5
_TYPO = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)


def normalise(segment: str) -> str:
    """The dev set's English typography normalisation (bench README, *Text normalisation*)."""
    text = segment.replace("\u2026", "...").translate(_TYPO)
    return re.sub(r"\s+", " ", text).strip()


def build(systems_per_doc: int) -> list[dict]:
    mt: dict[str, dict[str, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    refs: dict[str, dict[int, str]] = defaultdict(dict)
    for row in read_jsonl("sentences_mqm.jsonl"):
        mt[row["doc_id"]][row["system"]][row["doc_seg_id"]] = row["target"]
        refs[row["doc_id"]][row["doc_seg_id"]] = row["reference"]
    out: list[dict] = []
    for doc_id in sorted(mt):
        ranked = sorted(mt[doc_id].items(), key=lambda kv: (-len(kv[1]), kv[0]))
        chosen = [(s, segs) for s, segs in ranked[:systems_per_doc] if len(segs) >= MIN_SEGMENTS]
        if not chosen:
            continue
        group = f"wmt21:zh-en:{doc_id}"
        for system, segs in chosen:
            out.append(
                _doc(
                    doc_id,
                    group,
                    "machine_translation",
                    [segs[k] for k in sorted(segs)],
                    system=system,
                )
            )
        first = sorted(chosen[0][1])
        out.append(
            _doc(
                doc_id, group, "human_translation", [refs[doc_id][k] for k in first], translator="A"
            )
        )
    return out


def _doc(doc_id: str, group: str, label: str, segments: list[str], **who: str) -> dict:
    lines = [normalise(s) for s in segments]
    tag = who.get("system") or f"ref {who.get('translator')}"
    return {
        "id": "wmt21-" + hashlib.sha256(f"{doc_id}|{tag}".encode()).hexdigest()[:12],
        "label": label,
        "src_lang": "zh",
        "origin": f"wmt21 zh-en {'system ' + tag if 'system' in who else tag}",
        "domain": "news",
        "text": "\n".join(lines),
        "n_sentences": len(lines),
        "group": group,
        "year": 2021,
        "testset": "newstest2021",
        "lang_pair": "zh-en",
        "wmt_doc_id": doc_id,
        "system": who.get("system"),
        "translator": who.get("translator"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--systems", type=int, default=3, help="MT documents per source document")
    args = ap.parse_args()
    docs = build(args.systems)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    tmp.replace(OUT)
    counts: dict[str, int] = defaultdict(int)
    for d in docs:
        counts[d["label"]] += 1
    print(f"{OUT}: {dict(counts)}", file=sys.stderr)
    print(OUT)


if __name__ == "__main__":
    main()
