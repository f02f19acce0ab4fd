"""mtaudit's own reports, known by the mark each writer puts in them.

A scheduled `audit news/ -o news/report.md -o news/report.html` finds last run's
reports in the folder it walks: read as articles, they were audited (an HTML report
of MT findings quotes MT sentences) and the run failed its gate on its own report.
Each mark is what the writer already emits, exact, and found in the few KB at one
end of bytes already in memory, so a walk over articles pays a bounded search:

* JSONL: the first record's "schema" (``jsonl.report_schema``);
* HTML: the ``<meta name="generator" content="mtaudit ...">`` in its head;
* Markdown and terminal text: the run's one-line signature (``mtaudit:V|schema:
  mtaudit/1|...``), the report's last line ("signature: ..." in the terminal's,
  a code span in the Markdown's); neither has a mark at its start;
* any other report written under a name a walk reads (`-o json:news/r.txt`): how
  its writer starts it (``_HEADS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audits.sources.jsonl import report_schema

# The generator meta comes after the CSP line (about 600 bytes in); the signature is
# followed by at most "</details>" and blank lines.
_HEAD_BYTES = 4096
_TAIL_BYTES = 4096
_GENERATOR = re.compile(rb'<meta name="generator" content="(mtaudit [^"<>\s]+)">')
# The terminal's line may open with a colour code (FORCE_COLOR); the Markdown's is the
# code span md_code writes on a line of its own.
_SIGNATURE = re.compile(
    rb"^(?:\x1b\[[0-9;]*m)*(signature: |`)mtaudit:[^|\s`]+\|schema:(mtaudit/[^|\s`]+)\|",
    re.M,
)
# What may follow the signature's line: the Markdown report's closing tag. An article
# that quotes a signature on a line of its own and goes on is an article.
_AFTER_SIGNATURE = re.compile(rb"[^\n]*\n?\s*(?:</details>\s*)?\Z")


# Written under a name a walk reads (`-o json:news/r.txt`), the other reports are known
# by how each writer starts them: (format, pattern); _HEAD_MARKS names what group 1 is.
_HEADS = (
    ("JSON", re.compile(rb'\A\{\s*"schema": "(mtaudit/[^"]+)",\s*"tool": \{\s*"name": "mtaudit"')),
    ("JSONL", re.compile(rb'\A\{"schema":"(mtaudit/[^"]+)","signature_string":"mtaudit:')),
    (
        "SARIF",
        re.compile(
            rb'\A\{\s*"\$schema": "[^"]*sarif[^"]*",[^{]*"runs": \[\s*\{\s*"tool": \{\s*'
            rb'"driver": \{\s*"name": "(mtaudit)",'
        ),
    ),
    ("CSV", re.compile(rb"\A(?:\xef\xbb\xbf)?(document,title,url,status,probability),")),
    (
        "GitHub",
        re.compile(
            rb"\A::notice title=mtaudit summary::[^\n]*Signature: mtaudit:[^|\s]+"
            rb"\|schema:(mtaudit/[^|\s]+)\|"
        ),
    ),
)
_HEAD_MARKS = {
    "JSON": "schema",
    "JSONL": "schema",
    "SARIF": "tool",
    "CSV": "columns",
    "GitHub": "schema",
}


@dataclass(frozen=True)
class OwnReport:
    """Which of mtaudit's reports a file is, and the mark that says so."""

    format: str  # "JSONL", "HTML", "Markdown", "terminal"
    mark: str  # "schema mtaudit/1", "generator mtaudit 0.1.0"

    @property
    def reason(self) -> str:
        return f"mtaudit's own {self.format} report ({self.mark}), not read as articles"


def own_report(data: bytes, kind: str) -> OwnReport | None:
    """The report of mtaudit's that ``data``, read as ``kind``, is; None for anything
    else (an article, or a report of another tool)."""
    if kind == "jsonl":
        schema = report_schema(data)
        return OwnReport("JSONL", f"schema {schema}") if schema else None
    if found := _GENERATOR.search(data, 0, _HEAD_BYTES):
        return OwnReport("HTML", f"generator {found[1].decode()}")
    head = data[:_HEAD_BYTES]
    for name, pattern in _HEADS:
        if found := pattern.match(head):
            return OwnReport(name, f"{_HEAD_MARKS[name]} {found[1].decode()}")
    # The last signature in the tail: the report's last line.
    signatures = list(_SIGNATURE.finditer(data, max(len(data) - _TAIL_BYTES, 0)))
    found = signatures[-1] if signatures else None
    if found is None or not _AFTER_SIGNATURE.match(data, found.end()):
        return None
    name = "terminal" if found[1] == b"signature: " else "Markdown"
    return OwnReport(name, f"schema {found[2].decode()}")
