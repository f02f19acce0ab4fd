"""One small class per report format behind one interface, picked by name."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from audits.document import RunAudit


class Reporter(ABC):
    """Renders a RunAudit. Every format renders from the same RunAudit, so they agree."""

    name: ClassVar[str]
    extension: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, *, color: bool = False, width: int | None = None) -> None:
        self.color = color
        self.width = width

    @abstractmethod
    def render(self, run: RunAudit) -> str:
        """The whole report as text."""
