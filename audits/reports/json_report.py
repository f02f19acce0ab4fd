"""The JSON report: the versioned contract every other format agrees with."""

from __future__ import annotations

from audits.document import RunAudit
from audits.reports import strict_json
from audits.reports.base import Reporter
from audits.reports.model import run_to_dict


class JsonReporter(Reporter):
    name = "json"
    extension = ".json"
    description = "the full report as JSON (schema mtaudit/1)"

    def render(self, run: RunAudit) -> str:
        return strict_json.dumps(run_to_dict(run), ensure_ascii=False, indent=2) + "\n"
