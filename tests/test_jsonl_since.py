"""`--since` chooses a JSONL dump's records by their "published" date, as it chooses a
feed's entries. Fixture: tests/fixtures/feeds/dated-records.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app

RECORDS = Path(__file__).parent / "fixtures" / "feeds" / "dated-records.jsonl"


def test_since_leaves_out_older_records_and_names_those_it_cannot_date(
    runner: CliRunner,
) -> None:
    # --since ignored a JSONL input: the record of February was audited with a
    # --since of March, and nothing said so.
    result = runner.invoke(
        app,
        ["audit", str(RECORDS), "--since", "2024-03-01", "--no-lm", "--format", "json"],
    )
    assert "Traceback" not in result.stderr
    documents = json.loads(result.stdout)["documents"]
    assert [d["id"] for d in documents] == ["new", "dated-otherwise"]
    assert "undated_record_kept_by_since" not in documents[0]["meta"]
    assert documents[1]["meta"]["undated_record_kept_by_since"] is True
    assert (
        f'mtaudit: warning: --since kept 1 JSONL record without a readable "published" date '
        f"({RECORDS}:3): nothing says whether it is new"
    ) in result.stderr.splitlines()
