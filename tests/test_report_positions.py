"""Every format points at the flagged text of real files, whatever the file holds:
emoji and other characters outside the BMP, a UTF-8 byte order mark, CRLF line
ends, tabs, combining accents and right-to-left text.

Each position is checked by reading the file the way the consumer of that format
does (SARIF: code points, as its ``columnKind`` says; GitHub: UTF-16 code units,
as the JavaScript and .NET tools around annotations count), never by comparing
two of our own numbers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from audits import AuditConfig, audit_paths
from audits.reports import get_reporter
from audits.reports.model import run_to_dict

# Each line has a calque ("diplomatic chief") after something that counts
# differently in some unit.
LINES = [
    "Geneva 🔥🔥 | the diplomatic chief Sergei Lavrov spoke on Friday in Geneva.",
    "\tIn the hall, the diplomatic chief of Russia said he expected little.",
    "Se\u0301rgue\u0301i Lavrov, the diplomatic chief, then left the city quickly.",
    "Reporters quoted \u05e9\u05dc\u05d5\u05dd and the diplomatic chief smiled at them.",
]


def _write(path: Path, text: str, *, bom: bool = False, newline: str = "\n") -> Path:
    data = text.replace("\n", newline).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return _write(tmp_path / "article.txt", "\n\n".join(LINES) + "\n", newline="\r\n")


def _calques(run_dict: dict) -> list[dict]:
    findings = run_dict["documents"][0]["findings"]
    chosen = [f for f in findings if f["text"] == "diplomatic chief"]
    assert len(chosen) == len(LINES)
    return chosen


_COMMAND = re.compile(r"^::(?P<level>\w+)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")


def _annotations(text: str) -> list[dict[str, str]]:
    out = []
    for line in text.splitlines():
        m = _COMMAND.match(line)
        assert m, line
        out.append(dict(p.split("=", 1) for p in (m["props"] or "").split(",") if p))
    return out


def test_github_columns_count_utf16_code_units(article: Path) -> None:
    run = audit_paths([article.name], AuditConfig(lm=False))
    calques = _calques(run_to_dict(run))
    annotations = [
        a
        for a in _annotations(get_reporter("github").render(run))
        if a.get("title", "").startswith("C")
    ]
    file_lines = article.read_bytes().decode("utf-8").split("\r\n")
    for f in calques:
        (a,) = [a for a in annotations if int(a["line"]) == f["line"] and a["col"]]
        # What a JavaScript consumer sees at those columns of that line.
        units = file_lines[int(a["line"]) - 1].encode("utf-16-le")
        span = units[(int(a["col"]) - 1) * 2 : (int(a["endColumn"]) - 1) * 2]
        assert span.decode("utf-16-le") == "diplomatic chief"
    first = next(a for a in annotations if a["line"] == "1")
    assert int(first["col"]) == calques[0]["column"] + 2  # two emoji: two units more each


def _warnings(run) -> list[dict[str, str]]:
    found = _annotations(get_reporter("github").render(run))
    return [{k: v for k, v in a.items() if k != "file"} for a in found if "col" in a]


def _sarif_regions(run) -> list[dict]:
    log = json.loads(get_reporter("sarif").render(run))
    results = [
        r for r in log["runs"][0]["results"] if r["properties"]["text"] == "diplomatic chief"
    ]
    return [r["locations"][0]["physicalLocation"]["region"] for r in results]


def test_sarif_regions_point_at_the_text_by_lines_and_by_offsets(article: Path) -> None:
    run = audit_paths([article.name], AuditConfig(lm=False))
    text = article.read_bytes().decode("utf-8")
    lines = text.split("\r\n")  # SARIF's default newline sequences: CRLF and LF
    regions = _sarif_regions(run)
    assert len(regions) == len(LINES)
    for region in regions:
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "diplomatic chief"
        offset, length = region["charOffset"], region["charLength"]
        assert text[offset : offset + length] == "diplomatic chief"


def test_a_byte_order_mark_changes_no_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SARIF 2.1.0 §3.30.2: "The values of text properties SHALL NOT depend on the
    # presence or absence of a byte order mark (BOM) at the start of the artifact."
    monkeypatch.chdir(tmp_path)
    text = "\n\n".join(LINES) + "\n"
    plain = audit_paths([_write(tmp_path / "plain.txt", text).name], AuditConfig(lm=False))
    marked = audit_paths([_write(tmp_path / "bom.txt", text, bom=True).name], AuditConfig(lm=False))
    assert _sarif_regions(marked) == _sarif_regions(plain)
    assert _warnings(marked) == _warnings(plain)
    log = json.loads(get_reporter("sarif").render(marked))
    assert log["runs"][0]["artifacts"][0]["encoding"] == "utf-8"
    first = _sarif_regions(marked)[0]
    assert first["startLine"] == 1 and first["charOffset"] == text.index("diplomatic chief")
