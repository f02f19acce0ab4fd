"""Unique document ids within one run.

Reports, baselines and the run-level rules key documents by id, so two documents of a
run must never share one. The second "a" becomes "a#2"; a number already taken by an
input's own id (a run holding "a", "a" and "a#2") is skipped, so the renamed document
never takes an id another document came with.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class UniqueIds:
    """Hands out each id once: the first time as it is, later ones numbered."""

    _taken: set[str] = field(default_factory=set)
    _next: dict[str, int] = field(default_factory=dict)

    def take(self, wanted: str) -> str:
        if wanted not in self._taken:
            self._taken.add(wanted)
            return wanted
        number = self._next.get(wanted, 2)
        while f"{wanted}#{number}" in self._taken:
            number += 1
        self._next[wanted] = number + 1
        unique = f"{wanted}#{number}"
        self._taken.add(unique)
        return unique
