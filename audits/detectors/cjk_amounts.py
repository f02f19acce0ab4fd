"""Exact English digits for an amount written with Chinese, Japanese or Korean scales.

Shared by T110's Chinese and Korean numbers: "3.5亿" is 350,000,000 and "1조 2,000억"
is 1,200,000,000,000. Fractions keep every digit (floats printed "12,345,678,901,234,568"
for "12,345,678,901,234,567" and overflowed on a long run of digits), and what no
English writer would type as digits has no English form.
"""

from __future__ import annotations

from fractions import Fraction

# Digits beyond which a run is no amount a writer typed but a blob of digits: it would
# print as a number no one reads, and int() refuses strings over 4,300 digits.
MAX_DIGITS = 24


def exact(number: str) -> Fraction | None:
    """ "1,000.5" as 2001/2; None where it has more digits than an amount has."""
    digits = number.replace(",", "")
    if sum(ch.isdigit() for ch in digits) > MAX_DIGITS:
        return None
    return Fraction(digits)


def whole(value: Fraction, unit: str = "") -> str | None:
    """ "1,200,000,000,000 won"; None where ``value`` is not whole ("0.5명" is no count
    of people, "10,000.5원" no sum in won English writes with a scale)."""
    if value.denominator != 1 or len(str(value.numerator)) > MAX_DIGITS:
        return None
    return f"{value.numerator:,}" + (f" {unit}" if unit else "")
