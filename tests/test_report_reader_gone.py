"""A report streamed to stdout whose reader has gone (`| true`, `| head`)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest

from cli.console import STDOUT_CLOSED_NO_FILE, print_report_chunks


def test_the_rest_of_a_streamed_report_is_still_made_once_its_reader_has_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`mtaudit fluency a.txt missing.txt -f json | true` exited 0 with no error line:
    the fluency report is made as its documents are scored, and the write that found
    the reader gone stopped making it, so the unreadable input was never reached."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    stdout = io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8")
    monkeypatch.setattr("sys.stdout", stdout)
    made: list[int] = []

    def chunks() -> Iterator[str]:
        for n in range(3):
            made.append(n)
            yield f"chunk {n}\n"

    try:
        print_report_chunks(chunks(), "json", closed=STDOUT_CLOSED_NO_FILE)
    finally:
        stdout.close()
    assert made == [0, 1, 2]


def test_once_its_reader_has_gone_a_report_is_not_made_only_what_it_is_made_from_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`fluency big-feed -f json | head` went on making every document's JSON (each
    token's score) after head had quit, only to throw it away: reading and scoring the
    documents is all the exit status needs."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    stdout = io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8")
    monkeypatch.setattr("sys.stdout", stdout)
    read: list[int] = []
    made: list[int] = []

    def source() -> Iterator[int]:
        for n in range(3):
            read.append(n)
            yield n

    documents = source()

    def chunks() -> Iterator[str]:
        for n in documents:
            made.append(n)
            yield f"chunk {n}\n"

    try:
        print_report_chunks(chunks(), "json", closed=STDOUT_CLOSED_NO_FILE, made_from=documents)
    finally:
        stdout.close()
    assert read == [0, 1, 2]
    assert made == [0]
