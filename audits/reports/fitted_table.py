"""Tables kept readable on a narrow terminal: each column wraps at words or folds, a
word of at most ``WORD_MAX`` columns is never broken, and the columns named to go first
give way when even that leaves no room. rich shrank every column alike instead and cut
them: "A…" for a count's header, "20…" for a day, the run id gone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table
from rich.text import Text

# The most one word of a wrapping column claims: a longer one (a URL in an error, a
# long id) is folded rather than dropping its column at every width. Narrower than
# this, a folded id reads a letter a line.
WORD_MAX = 16


@dataclass
class Column:
    header: str
    cells: list[RenderableType] = field(default_factory=list)
    justify: Any = "left"  # rich's JustifyMethod
    no_wrap: bool = False  # kept whole: never wrapped, folded or cut
    folded_at: int | None = None  # no words to wrap at: folded at this width
    # Kept whole (as no_wrap) while columns of ``dropped_first`` can give way, and folded
    # at WORD_MAX only once none is left to: a rule's name, which is typed next.
    folds_last: bool = False

    def least_width(self) -> int:
        """The fewest columns it is still readable in, padding included."""
        texts = [self.header, *(c.plain if isinstance(c, Text) else str(c) for c in self.cells)]
        if self.no_wrap:
            return 2 + max(len(t) for t in texts)
        if self.folded_at is not None:
            return 2 + min(self.folded_at, max(len(t) for t in texts))
        return 2 + max(min(len(word), WORD_MAX) for t in texts for word in t.split() or [""])

    def full_width(self) -> int:
        """The columns it takes on one line a cell, padding included."""
        texts = [self.header, *(c.plain if isinstance(c, Text) else str(c) for c in self.cells)]
        return 2 + max(len(line) for t in texts for line in t.splitlines() or [""])


def fitting(
    columns: Iterable[Column], width: int | None, dropped_first: Sequence[str]
) -> list[Column]:
    """``columns`` less those of ``dropped_first`` (in that order) it takes for the rest
    to fit ``width``; all of them where no width is known."""
    kept = list(columns)
    if width is None:
        return kept
    whole = [replace(c, no_wrap=True) if c.folds_last else c for c in kept]
    for header in dropped_first:
        if fits(whole, width):
            break
        whole = [c for c in whole if c.header != header]
    if fits(whole, width):
        return whole
    return [replace(c, no_wrap=False, folded_at=WORD_MAX) if c.folds_last else c for c in whole]


def fits(columns: Sequence[Column], width: int) -> bool:
    """Whether ``columns``, each at its least width, fit ``width``."""
    # Borders: one column at each edge and one between two columns.
    return sum(c.least_width() for c in columns) + len(columns) + 1 <= width


def table_of(columns: Sequence[Column], width: int | None = None, **options: Any) -> Table:
    """A rich table of ``columns``, folded where it must be, never cut: at ``width``,
    each column gets at least its ``least_width``."""
    table = Table(box=options.pop("box", box.SIMPLE_HEAVY), **options)
    widths = _shared_out(columns, width)
    for c, w in zip(columns, widths, strict=True):
        table.add_column(
            c.header,
            justify=c.justify,
            no_wrap=c.no_wrap,
            overflow="fold",
            width=None if w is None else w - 2,
        )
    for i in range(min((len(c.cells) for c in columns), default=0)):
        table.add_row(*(c.cells[i] for c in columns))
    return table


def _shared_out(columns: Sequence[Column], width: int | None) -> list[int | None]:
    """Each column's width (padding included) where ``columns`` do not fit ``width`` on
    one line a cell: its least width, and what is left given to those that lack least
    first. rich narrowed the widest columns first, below their longest word
    ("2026-11-3" and "0" for a day), whatever they held. None: rich's own widths."""
    borders = len(columns) + 1
    full = [c.full_width() for c in columns]
    if width is None or sum(full) + borders <= width:
        return [None] * len(columns)
    least = [min(c.least_width(), f) for c, f in zip(columns, full, strict=True)]
    left = max(0, width - borders - sum(least))
    given = [0] * len(columns)
    lacking = [f - m for f, m in zip(full, least, strict=True)]
    # What is left goes to the columns that lack least first: a header or a short cell
    # made whole reads better than a long id folded one line fewer.
    for i in sorted(range(len(columns)), key=lambda i: lacking[i]):
        given[i] = min(lacking[i], left)
        left -= given[i]
    return [m + g for m, g in zip(least, given, strict=True)]


@dataclass
class FittedTable:
    """A table that fits the width it is printed at (the console's, known only then),
    dropping ``dropped_first`` as it must. Rows are added as to a rich table."""

    columns: list[Column]
    dropped_first: Sequence[str] = ()
    options: dict[str, Any] = field(default_factory=dict)  # rich Table's: title, box
    caption: str | None = None

    def add_row(self, *cells: RenderableType) -> None:
        for column, cell in zip(self.columns, cells, strict=True):
            column.cells.append(cell)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Table]:
        kept = fitting(self.columns, options.max_width, self.dropped_first)
        yield table_of(kept, options.max_width, caption=self.caption, **self.options)
