"""The JSONL report: one document per line, for pipelines.

Each line is that document's entry of the JSON report, made self-describing
with ``schema``, the run's ``signature_string`` and ``history_run_id``, plus the run-level
findings that involve it (``run_findings``), each with its places in that
document and the ids of all the documents it involves (``documents``; under a
baseline, those of the places it already had too, which the report leaves out).
``jq``, ``pandas.read_json(..., lines=True)`` and stream processors can take one
line at a time.
"""

from __future__ import annotations

from typing import Any

from audits.document import RunAudit, RunFinding
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
        involved = _by_document(report["run_findings"], run.run_findings)
        lines = []
        for entry in report["documents"]:
            line = {
                "schema": report["schema"],
                "signature_string": report["signature_string"],
                "history_run_id": report["history_run_id"],
                **entry,
                "run_findings": involved.get(entry["id"], []),
            }
            lines.append(one_line(line))
        return "".join(line + "\n" for line in lines)


def _by_document(
    run_findings: list[dict[str, Any]], findings: list[RunFinding]
) -> dict[Any, list[dict[str, Any]]]:
    """Each document's run-level findings, each with the places in that document and
    the ids of all its documents. With every place on every line, the 500 copies of
    one wire story that S520 groups made 500 lines of 500 places each (a report growing
    as the square of the crawl), and a scan of every place for every line."""
    out: dict[Any, list[dict[str, Any]]] = {}
    for rf, finding in zip(run_findings, findings, strict=True):
        # Keyed by the id as it is: str() put a place without a document (an API
        # caller's run finding) on the line of a document whose id was "None".
        places: dict[Any, list[dict[str, Any]]] = {}
        for place in rf["places"]:
            places.setdefault(place.get("document"), []).append(place)
        # The places a baseline knew too: a report filtered by one shows only the new
        # places, and their documents alone named a story copied into three articles,
        # one of them new, as if it were in that one.
        documents = finding.documents
        for doc_id, own in places.items():
            out.setdefault(doc_id, []).append({**rf, "places": own, "documents": documents})
    return out


def one_line(value: object) -> str:
    """JSON on one physical line, even for tools that also split on U+2028, U+2029 or NEL
    (``strict_json.dumps`` escapes them, with the other characters a terminal obeys)."""
    return strict_json.dumps(value, ensure_ascii=False, separators=(",", ":"))
