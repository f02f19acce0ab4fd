"""The JSONL report: one document per line, for pipelines.

Each line is that document's entry of the JSON report, made self-describing
with ``schema`` and the run's ``signature_string``, plus the run-level
findings that involve it (``run_findings``). ``jq``, ``pandas.read_json(...,
lines=True)`` and stream processors can take one line at a time.
"""

from __future__ import annotations

from audits.document import RunAudit
from audits.reports import strict_json
from audits.reports.base import Reporter
from audits.reports.model import run_to_dict


class JsonlReporter(Reporter):
    name = "jsonl"
    extension = ".jsonl"
    extensions = (".jsonl", ".ndjson")
    description = "one JSON document per line (schema mtaudit/1), for pipelines"

    def render(self, run: RunAudit) -> str:
        report = run_to_dict(run)
        lines = []
        for entry in report["documents"]:
            involved = [
                rf
                for rf in report["run_findings"]
                if any(p.get("document") == entry["id"] for p in rf["places"])
            ]
            line = {
                "schema": report["schema"],
                "signature_string": report["signature_string"],
                **entry,
                "run_findings": involved,
            }
            lines.append(one_line(line))
        return "".join(line + "\n" for line in lines)


def one_line(value: object) -> str:
    """JSON on one physical line, even for tools that also split on U+2028, U+2029 or NEL."""
    text = strict_json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in _LINE_BREAKERS:
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# Characters str.splitlines() and some JSON-lines readers treat as line ends;
# json.dumps escapes the ASCII ones already, these only in ASCII mode.
_LINE_BREAKERS = ("\u2028", "\u2029", "\x85")
