"""Run ids said briefly, as stretches: ``1-40, 42, 45-60``."""

from __future__ import annotations

from collections.abc import Iterable

# How many stretches of run ids a line names before it counts the rest.
SHOWN_STRETCHES = 8


def run_stretches(run_ids: Iterable[int]) -> str:
    """Run ids (ascending) as stretches, ``1-40, 42, 45-60``, the first
    ``SHOWN_STRETCHES`` of them and a count of the rest: the latest accepted run, kept
    after a failed gate, and runs whose clock put them inside --older-than's window
    leave gaps."""
    stretches: list[list[int]] = []
    for run_id in run_ids:
        if stretches and run_id == stretches[-1][1] + 1:
            stretches[-1][1] = run_id
        else:
            stretches.append([run_id, run_id])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in stretches[:SHOWN_STRETCHES]]
    rest = sum(b - a + 1 for a, b in stretches[SHOWN_STRETCHES:])
    return ", ".join(shown) + (f" and {rest} more" if rest else "")
