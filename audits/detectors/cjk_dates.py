"""English for a date written with Chinese, Japanese or Korean date characters.

Shared by T110's Chinese ("2023年7月1日") and Korean ("2024년 3월 4일") numbers: the
year, month and day they name, written as English writes them ("1 July 2023"), or
nothing where they name no date.
"""

from __future__ import annotations

import calendar

from audits.segment import MONTHS

# The years a dated article names in four digits: "0000년" or "9999年" is a
# placeholder or a code, and "5 March 0" is no date to suggest.
MIN_YEAR = 1000
MAX_YEAR = 2200


def english_date(
    year: str | None, month: str | None, day: str | None = None, *, comma: bool = False
) -> str | None:
    """ "1 July 2023" for ("2023", "7", "1"), "March 5, 2024" with ``comma`` (the
    writer put one before the year, as English does after a month and day), "2024"
    for a year alone; None for a month, day or year that cannot be ("13", 30 February,
    year 0). Digits may be full-width ("２０２３")."""
    if year and not MIN_YEAR <= int(year) <= MAX_YEAR:
        return None
    if month is None:
        return str(int(year)) if year else None
    if not 1 <= int(month) <= 12:
        return None
    # Without a year, a leap year's days: "2월 29일" may be any 29 February.
    days = calendar.monthrange(int(year) if year else 2000, int(month))[1]
    if day and not 1 <= int(day) <= days:
        return None
    name = MONTHS[int(month) - 1].capitalize()
    if comma and day and year:
        return f"{name} {int(day)}, {int(year)}"
    parts = [str(int(day))] if day else []
    parts.append(name)
    if year:
        parts.append(str(int(year)))
    return " ".join(parts)
