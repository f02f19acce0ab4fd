"""One small class per report format behind one interface, picked by name."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from audits.document import RunAudit


class Reporter(ABC):
    """Renders a RunAudit. Every format renders from the same RunAudit, so they agree."""

    name: ClassVar[str]
    # The extension a file of this format gets; "" for formats meant for
    # stdout (their files need FORMAT:PATH).
    extension: ClassVar[str]
    # Every extension that names this format in `--output PATH`, longest
    # match first (".sarif.json" beats ".json"); defaults to ``extension``.
    extensions: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str]

    @classmethod
    def file_extensions(cls) -> tuple[str, ...]:
        return cls.extensions or ((cls.extension,) if cls.extension else ())

    def __init__(self, *, color: bool = False, width: int | None = None) -> None:
        self.color = color
        self.width = width

    @abstractmethod
    def render(self, run: RunAudit) -> str:
        """The whole report as text."""
