"""The pre-publication gate: which documents reach the failure threshold."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from audits.config import AuditConfig
from audits.document import RunAudit
from audits.intake import checked_config
from audits.reports.labels import printable, probability_and_threshold
from audits.rules import matches_any, quoted, rule_codes


@dataclass
class GateResult:
    failed: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, 1 when a document failed, else 0."""
        if self.errors:
            return 2
        return 1 if self.failed else 0

    def failure_line(self, limit: int = 5) -> str:
        """Which documents failed and why, in one line: with ``-f json`` or reports only
        in files, a CI log otherwise showed exit 1 and nothing to say what failed."""
        parts = [
            f"{_one_line(doc)} ({'; '.join(why)})" for doc, why in list(self.failed.items())[:limit]
        ]
        more = len(self.failed) - limit
        if more > 0:
            parts.append(f"and {more} more document{'s' if more > 1 else ''}")
        return "gate failed: " + ", ".join(parts)


def outcome(gate: GateResult, config: AuditConfig) -> dict[str, Any]:
    """The gate's decision as the JSON report carries it: a CI step that reads the
    report, not stderr, learns which documents failed and why."""
    config = checked_config(config)
    return {
        "set": is_gate(config),
        "fail_over": config.fail_over,
        "fail_on": list(config.fail_on or []),
        "failed": bool(gate.failed or gate.errors),
        "exit_code": gate.exit_code,
        "documents": [{"id": doc, "why": why} for doc, why in gate.failed.items()],
        "unreadable": list(gate.errors),
    }


def never_run(fail_on: Iterable[str], selected: Iterable[str]) -> list[str]:
    """The ``fail_on`` codes and prefixes that name only rules the run will not run
    (``select`` leaves them out, ``ignore`` drops them): a gate that can never fire.
    `--fail-on C201` beside an `ignore = ["C2"]` in mtaudit.toml passed every run."""
    run = list(selected)
    return [
        sel
        for sel in rule_codes(fail_on, "fail_on")
        if sel != "ALL" and not any(code.startswith(sel) for code in run)
    ]


def never_run_line(setting: str, codes: list[str], *, need_lm: Collection[str] = ()) -> str:
    """``need_lm``: those of ``codes`` that name only fluency (F) rules the selection
    keeps, which a run without the language model never runs; the others are left out
    by select or ignore. All are said on one line: `ignore = ["C2"]` beside
    `fail_on = ["C201", "F601"]` and `--no-lm` named C201 and never F601."""
    one = len(codes) == 1
    it = "it" if one else "them"
    left_out = [c for c in codes if c not in need_lm]
    lm_why = "the language model is off, and F rules need it"
    if not left_out:
        why = lm_why
    elif len(left_out) == len(codes):
        why = f"select or ignore leaves {it} out"
    else:
        why = f"select or ignore leaves out {', '.join(repr(c) for c in left_out)}; {lm_why}"
    named = ", ".join(quoted(c) for c in codes)
    return (
        f"{setting}: {named} name{'s' if one else ''} no rule this run runs ({why}), so "
        f"the gate can never fail on {it}"
    )


def evaluate(run: RunAudit, config: AuditConfig) -> GateResult:
    """Which documents fail the gate.

    With a baseline (``run.baseline``) only what is new counts: ``fail_on``
    sees only the new findings left in the run, and a document the baseline
    knew and already judged machine-translated does not fail on its
    probability again (one that has just turned machine-translated does, and
    so does one whose P rose far above the baseline's or that was rewritten).
    New documents are gated like any other; unreadable inputs always fail.
    """
    # Checked as the engine checks it: fail_on="C201" (a string) was read letter by
    # letter, and its "C" failed the gate on every calque.
    config = checked_config(config)
    result = GateResult()
    for audit in run.documents:
        doc_id = audit.document.id
        if not audit.ok:
            result.errors.append(doc_id)
            continue
        reasons: list[str] = []
        v = audit.verdict
        known = run.baseline is not None and run.baseline.verdict_known(doc_id)
        if v is not None and v.machine_translated and not known:
            p, t = probability_and_threshold(v.probability, v.threshold)
            why = f"P(machine-translated) {p} >= {t}"
            if run.baseline is not None and doc_id in run.baseline.reopened:
                why += f", {run.baseline.reopened[doc_id]}"
            reasons.append(why)
        if config.fail_on:
            hit = sorted({f.code for f in audit.findings if matches_any(f.code, config.fail_on)})
            if hit:
                reasons.append("findings " + ", ".join(hit))
        if reasons:
            result.failed[doc_id] = reasons
    if config.fail_on:
        for rf in run.run_findings:
            if matches_any(rf.code, config.fail_on):
                for doc_id, _ in rf.places:
                    reasons = result.failed.setdefault(doc_id, [])
                    # A document can hold two places of one finding (two spellings).
                    if f"finding {rf.code}" not in reasons:
                        reasons.append(f"finding {rf.code}")
    return result


def accepts(gate: GateResult, config: AuditConfig) -> bool:
    """Whether what this run saw may become known: to a history's later ``--new-only``
    runs, and as the next ``--write-baseline`` baseline.

    Not when the gate the user set (``fail_on`` or ``fail_over``) failed: the retry of a
    failed CI job would find every finding known and pass (a ``--fail-over`` gate did
    so, as only ``--fail-on`` held its run). A run with neither, gated only by the
    verdict's own threshold, is a scheduled alert, accepted even when its verdicts exit
    1, so each new article is reported once.
    """
    return not (gate.failed and is_gate(config))


def is_gate(config: AuditConfig) -> bool:
    """Whether the user set a failure threshold (``fail_on`` or ``fail_over``, on the
    command line or in a config file): a CI gate rather than a scheduled alert."""
    config = checked_config(config)
    return bool(config.fail_on) or config.fail_over is not None


def _one_line(doc_id: str) -> str:
    """A document id as one line of a log: a JSONL record's own id can hold a line feed
    or an ESC sequence, which would split the line or drive the terminal."""
    return printable(doc_id.replace("\n", "\u240a"))
