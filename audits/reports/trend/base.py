"""Trend report formats: one small class per format, like the audit reports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar


class TrendReporter(ABC):
    """Renders a trend report (the ``mtaudit-trend/1`` dict of ``audits.trend``)."""

    name: ClassVar[str]
    extension: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str]

    @classmethod
    def file_extensions(cls) -> tuple[str, ...]:
        return cls.extensions or ((cls.extension,) if cls.extension else ())

    def __init__(self, *, color: bool = False, width: int | None = None) -> None:
        self.color = color
        self.width = width

    @abstractmethod
    def render(self, trend: dict[str, Any]) -> str:
        """The whole report as text."""
