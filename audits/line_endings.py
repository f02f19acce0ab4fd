"""What a text's "LF form" is: one definition for the sources and the baseline."""

from __future__ import annotations


def lf_line_endings(text: str) -> str:
    """``text`` with its CRLF and lone CR line endings as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
