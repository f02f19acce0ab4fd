"""The SARIF 2.1.0 report, for code-scanning dashboards (GitHub code scanning and others).

* ``tool.driver.rules`` holds every rule of the registry with its help text
  (the same what / why / example as ``mtaudit rules CODE``).
* Lines end at CRLF, LF or a lone CR, so the run sets ``newlineSequences`` to all
  three (SARIF's default leaves out CR).
* Our columns count code points, so the run sets ``columnKind`` to
  ``unicodeCodePoints`` (SARIF's default is UTF-16 code units). ``endColumn``
  is exclusive in SARIF as in our JSON.
* Regions point into the file only where our offsets are the file's (UTF-8
  text files). A JSONL record points at its line; HTML and other extracted
  text point at the file, with the position in the extracted text under the
  result's properties. Those artifacts say they are UTF-8, and a byte order
  mark is not counted: SARIF's text positions never depend on one (§3.30.2).
* Relative artifact URIs start from ``%SRCROOT%``: the repository root in a
  GitHub Actions job, where code scanning resolves them, else the working
  directory.
* ``partialFingerprints`` carry the finding fingerprint (rule, flagged text,
  sentence), so a dashboard tracks a finding across edits elsewhere. A second
  copy of a finding in the same document (the same calque twice in one sentence,
  or in two identical sentences) gets ``:2``, and so on, after it, as GitHub's
  own ``primaryLocationLineHash`` numbers identical lines: with one fingerprint
  a dashboard could not tell the two results apart. The number is the copy's
  place in the text, so a report filtered by a baseline numbers it as the full
  one does.
* A document judged machine-translated (P at or above the gate's threshold) is a
  result of its own, rule ``machine-translated``, at the file's first line (a JSONL
  record's line): with the verdict only in the run's properties, a failed
  ``--fail-over`` gate showed no alert in code scanning. It is an error, or a note
  when a baseline already judged the document so (it does not fail the gate then),
  as in the GitHub annotations.
* GitHub code scanning rejects a whole log with more than 25,000 results in a run
  or 1,000 locations in a result, so a larger run keeps the results that matter most
  (errors, then warnings, then notes, each in document order) and a run-level finding
  its first 1,000 places, and a notification says what was left out. It also
  rejects a log over 10 MB gzipped, so a log still over that (long messages, many
  documents) first leaves out what code scanning never shows, each document's
  verdict in the run's properties and then the artifacts list (its locations name
  their files by URI alone then), and then keeps the most results, in the same
  order, with which it fits. When it is over with none, an error notification and
  a warning on stderr say the upload will be refused; ``executionSuccessful`` stays
  whether every input was audited, since mtaudit itself did not fail.
* The run signature sits in ``runs[0].properties``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gzip
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from audits.document import DocumentAudit, LineIndex, RunAudit
from audits.durations import stored_time
from audits.fingerprints import run_finding_fingerprint
from audits.reports import strict_json
from audits.reports.base import Reporter
from audits.reports.labels import verdict_message, without_bidi_controls
from audits.reports.locations import (
    Copies,
    SourceLocation,
    locate,
    page_line,
    rooted_uri,
    source_root,
)
from audits.reports.model import run_to_dict
from audits.rule_catalog import all_rules
from audits.rules import Rule
from audits.sources.links import real_path

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "mtauditFinding/v1"
# The verdict's rule id: no rule code (those are what --select and --fail-on take), the
# words a dashboard lists the alert under.
VERDICT_RULE = "machine-translated"
# GitHub code scanning's hard limits: a log over either is rejected whole ("Analysis
# SARIF file rejected due to result limits" / "... location limit").
MAX_RESULTS = 25_000
MAX_LOCATIONS = 1_000
# And a log over 10 MB gzipped ("SARIF upload ... is too large"), whatever it holds.
MAX_GZIP_BYTES = 10_000_000
_LEVEL_RANK = {"error": 0, "warning": 1, "note": 2}


class SarifReporter(Reporter):
    name = "sarif"
    extension = ".sarif"
    extensions = (".sarif", ".sarif.json")
    description = "SARIF 2.1.0 for code-scanning dashboards"

    def render(self, run: RunAudit) -> str:
        self.warnings = []  # this render's
        parts = _sarif_parts(run)
        # Too large for an upload even gzipped: first what code scanning never reads
        # (the documents' verdicts in the run's properties, then the artifacts list),
        # since an alert is worth more than either; the JSON report has them.
        for shed in _SHEDDING:
            parts = _shed(parts, shed)
            text = _dumps(_limited(parts, MAX_RESULTS))
            if _fits(text):
                return text
        # Then the most results (the least important go first) with which it fits.
        # The rules and notifications do not shrink with the results, so the size is
        # no share of the count kept: a binary search over that count, one
        # serialisation and gzip a step (about 15 at 25,000 results).
        fitting: str | None = None
        low, high = 0, min(len(parts.results), MAX_RESULTS) - 1
        while low <= high:
            keep = (low + high) // 2
            tried = _dumps(_limited(parts, keep, too_large=True))
            if _fits(tried):
                fitting, low = tried, keep + 1
            else:
                high = keep - 1
        if fitting is not None:
            return fitting
        # Over the limit with no result at all: what does not shrink is too large by
        # itself, and the upload will be refused whatever is left out. The log says so
        # rather than claim it fits, and so does stderr.
        self.warnings.append(
            f"the SARIF log is over {_limit_words()} even with {_all_left_out(parts.shed)} "
            "left out (its rules and tool notifications alone); GitHub code scanning "
            "will reject the upload: audit fewer documents per log, or use the JSON report"
        )
        return _dumps(_limited(parts, 0, too_large=True, still_too_large=True))


def _limit_words() -> str:
    return f"{MAX_GZIP_BYTES / 1_000_000:g} MB gzipped"


def _gzip_bound(size: int) -> int:
    """The most ``size`` bytes can take gzipped at zlib's default settings: its
    ``deflateBound`` (what deflate stores unshrunk costs a few bytes a block) plus
    gzip's 18-byte header and trailer."""
    return size + (size >> 12) + (size >> 14) + (size >> 25) + 7 + 18


def _fits(text: str) -> bool:
    """Whether the log is within the upload's size limit once gzipped. A log within
    it as it is fits gzipped too, and is not gzipped to learn that (nearly every log:
    the gzip was one more pass over the whole of it)."""
    data = text.encode("utf-8")
    if _gzip_bound(len(data)) <= MAX_GZIP_BYTES:
        return True
    return _gzipped_size(data) <= MAX_GZIP_BYTES


def _dumps(log: Mapping[str, Any]) -> str:
    return strict_json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _gzipped_size(data: bytes) -> int:
    """The log's size gzipped as an upload makes it (level 6, zlib's and Node's default)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def sarif_log(run: RunAudit) -> dict[str, Any]:
    """The log as a dict, within the result limit (not the size limit: ``render``)."""
    return _limited(_sarif_parts(run), MAX_RESULTS)


@dataclasses.dataclass(frozen=True)
class _SarifParts:
    """A log before any result is left out: the run without its results, every
    result, and the notifications; ``shed``: the optional parts left out of the run
    to fit the size limit (``_SHEDDING``)."""

    run: dict[str, Any]
    results: list[dict[str, Any]]
    notifications: list[dict[str, Any]]
    shed: tuple[str, ...] = ()
    # Whether the run may say its files are UTF-8 once the artifacts list, which said
    # it file by file, is left out: some artifact's regions are text positions (a
    # UTF-8 text file's) and no artifact is a file known to be in another encoding
    # (a windows-1252 page, whose results give a line only).
    utf8: bool = False


# What a log over the size limit leaves out before any result, one more each step:
# each document's verdict in ``runs[0].properties.documents`` (one entry a document,
# in the JSON report too), then ``runs[0].artifacts`` (a file's URI and encoding,
# which every result's location names again). GitHub code scanning shows neither.
_SHEDDING: tuple[tuple[str, ...], ...] = ((), ("documents",), ("documents", "artifacts"))
_SHED_WORDS = {
    "documents": "each document's verdict (runs[0].properties.documents)",
    "artifacts": "the artifacts list (runs[0].artifacts)",
}


def _shed(parts: _SarifParts, shed: tuple[str, ...]) -> _SarifParts:
    """``parts`` with the optional parts ``shed`` named left out, where the run has
    them: ``parts.shed`` names only what was left out, for the notification to say."""
    run, results, notifications = parts.run, parts.results, parts.notifications
    done = parts.shed
    if "documents" in shed and "documents" in run["properties"]:
        properties = {k: v for k, v in run["properties"].items() if k != "documents"}
        run = {**run, "properties": properties}
        done += ("documents",)
    if "artifacts" in shed and run.get("artifacts"):
        run = {k: v for k, v in run.items() if k != "artifacts"}
        # The artifacts said which files are UTF-8 (those whose regions have columns
        # and offsets); the run says it for them, unless it would say it of a file in
        # another encoding too.
        if parts.utf8:
            run["defaultEncoding"] = "utf-8"
        results = [_without_artifact_index(r) for r in results]
        notifications = [_without_artifact_index(n) for n in notifications]
        done += ("artifacts",)
    return dataclasses.replace(
        parts, run=run, results=results, notifications=notifications, shed=done
    )


_UTF8_NAMES = frozenset({"utf-8", "utf-8-sig", "utf8", "ascii", "us-ascii"})


def _without_artifact_index(item: dict[str, Any]) -> dict[str, Any]:
    """A result or notification whose locations name their file by URI alone: an
    ``index`` into an artifacts list the log no longer has makes it invalid."""
    if "locations" not in item:
        return item
    locations = []
    for location in item["locations"]:
        physical = location.get("physicalLocation")
        if physical and "artifactLocation" in physical:
            where = {k: v for k, v in physical["artifactLocation"].items() if k != "index"}
            location = {**location, "physicalLocation": {**physical, "artifactLocation": where}}
        locations.append(location)
    return {**item, "locations": locations}


def _limited(
    parts: _SarifParts, keep: int, *, too_large: bool = False, still_too_large: bool = False
) -> dict[str, Any]:
    """The log with at most ``keep`` results, the most severe; ``too_large``: fewer
    than the result limit because the log was over the upload's size limit;
    ``still_too_large``: over it even so, which an error notification says."""
    results, left_out = _within_result_limit(parts.results, keep)
    notifications = list(parts.notifications)
    if parts.shed:
        notifications.append(_shed_notification(parts.shed))
    if left_out:
        # Both limits when both cut: the counts hold the results each left out.
        limits: list[str] = []
        if len(parts.results) > MAX_RESULTS:
            limits.append(f"a run of more than {MAX_RESULTS:,} results")
        if too_large:
            limits.append(f"a log over {_limit_words()}")
        notifications.append(_left_out_notification(left_out, limits))
    if still_too_large:
        notifications.append(_still_too_large_notification(parts.shed))
    sarif_run: dict[str, Any] = {}
    for key, value in parts.run.items():
        sarif_run[key] = value
        if key == "columnKind":
            sarif_run["results"] = results
    invocation = dict(sarif_run["invocations"][0])
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    sarif_run["invocations"] = [invocation]
    properties = dict(sarif_run["properties"])
    if left_out:
        properties["resultsLeftOut"] = sum(left_out.values())
    sarif_run["properties"] = properties
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [sarif_run]}


def _sarif_parts(run: RunAudit) -> _SarifParts:
    report = run_to_dict(run)
    documents = [_DocumentText(a) for a in run.documents]
    texts = {d.audit.document.id: d for d in documents}
    rules = _rules(report)
    index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    other_encodings = False  # a file artifact not known to be UTF-8

    root = source_root()

    def artifact(loc: SourceLocation, entry: Mapping[str, Any]) -> dict[str, Any]:
        nonlocal other_encodings
        if loc.uri is None:
            # Text from stdin, or a document made without a source: GitHub code
            # scanning refuses a whole log in which one result names no artifact
            # ("locationFromSarifResult: expected artifact location"), so it is named
            # by what it is, with no base: it is no file of the repository.
            # A JSONL record or a feed entry read from stdin is in the artifact stdin, as
            # a record of a file is a line of that file (it was its own "stdin%3A2").
            name = str(entry.get("source") or entry.get("id") or "stdin")
            if name.startswith(("stdin:", "stdin#")):
                name = "stdin"
            location = {"uri": quote(name, safe="/-._~")}
        else:
            loc = _from_root(loc, root)
            location = _artifact_location(loc)
        uri = location["uri"]
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            described: dict[str, Any] = {"location": location}
            if loc.exact:
                # Regions are text positions; a viewer maps them to bytes by the
                # artifact's encoding, and guesses when none is given (§3.30.2).
                described["encoding"] = "utf-8"
            elif loc.path is not None:
                # A file read with no encoding in its meta (a feed's entries) may be
                # in any: the run says UTF-8 only of files known to be. An entry's
                # article page has one, the page's, which is not the feed's.
                meta = entry.get("meta") or {}
                encoding = "" if loc.entry_lines else str(meta.get("encoding") or "")
                if encoding.lower().replace("_", "-") not in _UTF8_NAMES:
                    other_encodings = True
            artifacts.append(described)
        return {**location, "index": artifact_index[uri]}

    baselined = run.baseline is not None
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for entry, document in zip(report["documents"], documents, strict=True):
        loc = locate(entry)
        if entry["status"] != "ok":
            notification: dict[str, Any] = {
                "level": "error",
                "message": {"text": plain_message(f"{entry['source']}: {entry['error']}")},
            }
            if loc.uri is not None:
                where = artifact(loc, entry)
                notification["locations"] = [{"physicalLocation": {"artifactLocation": where}}]
            notifications.append(notification)
            continue
        where = artifact(loc, entry)
        v = entry["verdict"]
        if v and v["machine_translated"]:
            known = baselined and run.baseline.verdict_known(entry["id"])
            result = _verdict_result(entry, v, loc, where, index, known=known)
            if baselined:
                result["baselineState"] = "unchanged" if known else "new"
            results.append(result)
        for f in entry["findings"]:
            copy = document.copies.number(f)
            result = _result(f, entry, loc, where, document, index)
            if copy > 1:
                result["partialFingerprints"][FINGERPRINT_KEY] += f":{copy}"
            if baselined:
                result["baselineState"] = "new"
            results.append(result)

    by_id = {e["id"]: e for e in report["documents"]}
    for rf, finding in zip(report["run_findings"], run.run_findings, strict=True):
        locations = []
        for place in rf["places"]:
            entry = by_id.get(place.get("document"), {"source": place.get("document")})
            loc = locate(entry)
            locations.append(
                _location(place, entry, loc, artifact(loc, entry), texts.get(place.get("document")))
            )
        # Every document the whole finding involves, once: the places' own named a
        # document once a place, and under a baseline left out those of its known
        # places (a story copied into three articles, one new, read as in that one).
        properties: dict[str, Any] = {"documents": [_shown(d) for d in finding.documents]}
        if len(locations) > MAX_LOCATIONS:
            # A name misspelled across a crawl's articles: the places past the limit
            # are still named in properties.documents.
            properties["locationsLeftOut"] = len(locations) - MAX_LOCATIONS
            locations = locations[:MAX_LOCATIONS]
        result = {
            "ruleId": rf["code"],
            "ruleIndex": index[rf["code"]],
            "level": LEVELS.get(rf["severity"], "warning"),
            "message": {"text": plain_message(rf["message"])},
            "locations": locations,
            "partialFingerprints": {
                # The whole finding's, known places included: a baseline shows only
                # the new places, and the alert is still the one a run without it made.
                FINGERPRINT_KEY: run_finding_fingerprint(
                    rf["code"], [f.text for _, f in finding.all_places]
                )
            },
            "properties": properties,
        }
        if baselined:
            result["baselineState"] = "new"
        results.append(result)

    invocation: dict[str, Any] = {"executionSuccessful": not run.errors}
    if run.gate is not None:
        invocation["exitCode"] = run.gate["exit_code"]
    for key, value in (("startTimeUtc", run.started), ("endTimeUtc", run.finished)):
        stamp = _utc(value)
        if stamp:
            invocation[key] = stamp

    sarif_run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mtaudit",
                "version": report["tool"]["version"],
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "artifacts": artifacts,
        # The line ends regions count (``LineIndex``): a lone CR too, which SARIF's
        # default (CRLF and LF) leaves out, so a viewer that follows it would put an
        # old Mac file's findings on its first line.
        "newlineSequences": ["\r\n", "\n", "\r"],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "signature": report["signature"],
            "signatureString": report["signature_string"],
            "summary": report["summary"],
            "documents": [_verdict_summary(e) for e in report["documents"]],
        },
    }
    if report.get("baseline"):
        sarif_run["properties"]["baseline"] = report["baseline"]
    if report.get("history_run_id") is not None:
        # `mtaudit history show ID` renders the run again, in any format.
        sarif_run["properties"]["historyRunId"] = report["history_run_id"]
    if not artifacts:
        del sarif_run["artifacts"]
    utf8 = not other_encodings and any("encoding" in a for a in artifacts)
    return _SarifParts(sarif_run, results, notifications, utf8=utf8)


def _within_result_limit(
    results: list[dict[str, Any]], keep: int = MAX_RESULTS
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """At most ``keep`` results, the most severe first, kept in their order; and
    how many of each level were left out. A crawl of a few thousand articles made a log
    that code scanning refused whole, verdicts included."""
    if len(results) <= keep:
        return results, {}
    ranked = sorted(range(len(results)), key=lambda i: (_LEVEL_RANK.get(results[i]["level"], 1), i))
    kept = sorted(ranked[:keep])
    left_out: dict[str, int] = {}
    for i in ranked[keep:]:
        level = results[i]["level"]
        left_out[level] = left_out.get(level, 0) + 1
    return [results[i] for i in kept], left_out


def _left_out_notification(left_out: Mapping[str, int], limits: list[str]) -> dict[str, Any]:
    counts = ", ".join(
        f"{n} {level}{'s' if n != 1 else ''}"
        for level, n in sorted(left_out.items(), key=lambda kv: _LEVEL_RANK.get(kv[0], 1))
    )
    total = sum(left_out.values())
    return {
        "level": "warning",
        "message": {
            "text": f"{total} results left out ({counts}): GitHub code scanning rejects "
            f"{' and '.join(limits)}; the JSON report has them all."
        },
    }


def _shed_notification(shed: tuple[str, ...]) -> dict[str, Any]:
    return {
        "level": "warning",
        "message": {
            "text": f"{' and '.join(_SHED_WORDS[part] for part in shed).capitalize()} "
            f"left out: GitHub code scanning rejects a log over {_limit_words()} and "
            "shows neither; the JSON report has them."
        },
    }


def _all_left_out(shed: tuple[str, ...]) -> str:
    """Every result and what else was left out: a run with no artifacts list had
    none to leave out."""
    words = ["every result", *(_SHED_WORDS[part] for part in shed)]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _still_too_large_notification(shed: tuple[str, ...]) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {
            "text": f"This log is over {_limit_words()} even with {_all_left_out(shed)} "
            "left out: its rules and tool notifications alone are, so GitHub code "
            "scanning will reject the upload. Audit fewer documents per log; the JSON "
            "report has everything."
        },
    }


# SARIF's plain-text messages may hold embedded links, "[text](destination)" (§3.11.6),
# which viewers render (VS Code's, Azure DevOps' and code scanning's). A message quotes
# article text (a title in N-rule and duplicate messages, a flagged line), so an article
# saying "[Sign in](https://evil.example)" showed a live link in the dashboard. No
# message of ours holds a link; a zero-width space between "]" and "(" leaves none.
_EMBEDDED_LINK = re.compile(r"\](?=\()")


def plain_message(text: str) -> str:
    """A result or notification message whose input text makes no embedded link and no
    placeholder: SARIF reads ``{0}`` in a message as the place of its first argument, and
    asks for a literal brace to be written twice (§3.11.5), so an article's ``{``
    (a code sample, a JSON fragment, a template left unrendered) broke consumers that
    substitute arguments (.NET's string.Format throws on a lone ``{``)."""
    text = text.replace("{", "{{").replace("}", "}}")
    # A bidi override in a quoted title or name reversed the rest of the alert in the
    # dashboard, as it did in the other reports that are read (HTML, Markdown).
    return _EMBEDDED_LINK.sub("]\u200b", without_bidi_controls(text))


def _shown(value: str | None) -> str | None:
    """A document's id or title, or a finding's suggestion, where a viewer shows it (a
    logical location's name, a result's properties), cleaned of bidi controls as a
    message is: a feed entry titled with a U+202E reversed what followed it there. The
    region's snippet and the ``text`` property stay the file's own text."""
    return None if value is None else without_bidi_controls(value)


def _rules(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every registered rule, plus any code a finding carries that this build lacks."""
    registry = all_rules()
    out = [_descriptor(rule) for rule in registry.values()]
    seen = set(registry)
    names: dict[str, tuple[str, str]] = {}
    for entry in report["documents"]:
        for f in entry["findings"]:
            names.setdefault(f["code"], (f["name"], f["severity"]))
    for rf in report["run_findings"]:
        names.setdefault(rf["code"], (rf["name"], rf["severity"]))
    out.append(_VERDICT_DESCRIPTOR)
    seen.add(VERDICT_RULE)
    for code, (name, severity) in sorted(names.items()):
        if code not in seen:
            out.append(
                {
                    "id": code,
                    "name": name,
                    "shortDescription": {"text": name},
                    "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
                }
            )
    return out


_VERDICT_WHAT = (
    "The document's P(machine-translated), from the fitted verdict over every rule "
    "and the language model's fluency, reaches the gate's threshold (--fail-over, "
    "else the verdict's own)."
)
_VERDICT_DESCRIPTOR: dict[str, Any] = {
    "id": VERDICT_RULE,
    "name": "MachineTranslated",
    "shortDescription": {"text": "Judged machine-translated"},
    "fullDescription": {"text": _VERDICT_WHAT},
    "help": {
        "text": _VERDICT_WHAT + " The message gives P, the threshold, the source "
        "language and the signals that weighed most.",
        "markdown": f"**Judged machine-translated**\n\n{_VERDICT_WHAT}",
    },
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["machine-translation", "verdict"]},
}


def _verdict_result(
    entry: Mapping[str, Any],
    v: Mapping[str, Any],
    loc: SourceLocation,
    where: dict[str, Any],
    index: Mapping[str, int],
    *,
    known: bool,
) -> dict[str, Any]:
    physical = {"artifactLocation": where, "region": {"startLine": loc.line or 1}}
    doc_id = str(entry.get("id") or entry.get("source"))
    # One alert per document however its text or P changes, as long as it stays
    # machine-translated: the fingerprint is the document's id.
    fingerprint = hashlib.sha256(f"{VERDICT_RULE}\0{doc_id}".encode()).hexdigest()[:16]
    return {
        "ruleId": VERDICT_RULE,
        "ruleIndex": index[VERDICT_RULE],
        "level": "note" if known else "error",
        "message": {"text": plain_message(verdict_message(entry, v, known=known))},
        "locations": [
            {
                "logicalLocations": [{"fullyQualifiedName": _shown(doc_id)}],
                "physicalLocation": physical,
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {
            "document": _shown(entry["id"]),
            "title": _shown(entry.get("title")),
            "probability": v["probability"],
            "threshold": v["threshold"],
            "sourceLanguage": v.get("source_lang"),
            "reasons": [_shown(r["text"]) for r in v["reasons"]],
        },
    }


def _descriptor(rule: Rule) -> dict[str, Any]:
    help_text = (
        f"{rule.what.strip()}\n\nWhy it matters: {rule.why.strip()}\n\n"
        f"Example: {rule.example.strip()}"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.what.split())},
        "help": {"text": help_text, "markdown": rule.explain()},
        "defaultConfiguration": {
            "level": LEVELS.get(str(rule.severity), "warning"),
            "enabled": rule.default_enabled,
        },
        "properties": {
            "family": rule.family,
            "familyName": rule.family_name,
            "sourceLanguages": list(rule.source_langs),
            "tags": ["machine-translation", rule.family_name],
        },
    }


def _from_root(loc: SourceLocation, root: Path) -> SourceLocation:
    """``loc`` with its relative URI taken from ``root``: in a GitHub Actions step with
    ``working-directory: news`` the URI was ``world/a.md``, which code scanning looked
    for at the repository root (and a run from elsewhere gave the same finding another
    path, so another alert). A file outside the root gets its absolute URI."""
    if not loc.relative or loc.uri is None:
        return loc
    rooted = rooted_uri(loc.uri, root)
    if rooted is None:
        return dataclasses.replace(loc, uri=real_path(loc.path or loc.uri).as_uri())
    return dataclasses.replace(loc, uri=rooted)


def _artifact_location(loc: SourceLocation) -> dict[str, Any]:
    if loc.relative:
        return {"uri": loc.uri, "uriBaseId": SRCROOT}
    return {"uri": loc.uri}


def _result(
    f: Mapping[str, Any],
    entry: Mapping[str, Any],
    loc: SourceLocation,
    where: dict[str, Any],
    document: _DocumentText | None,
    index: Mapping[str, int],
) -> dict[str, Any]:
    text = f["message"]
    if f.get("suggestion") and f["suggestion"] not in text:
        text += f" Natural English: {f['suggestion']}."
    properties: dict[str, Any] = {
        "document": _shown(entry["id"]),
        "title": _shown(entry.get("title")),
        "family": f["family"],
        "text": f["text"],
        "strength": f["strength"],
    }
    for key, name in (("suggestion", "suggestion"), ("source_lang", "sourceLanguage")):
        if f.get(key):
            properties[name] = _shown(f[key])
    if f.get("evidence"):
        properties["evidence"] = f["evidence"]
    if not loc.exact:
        properties["textPosition"] = {
            "line": f["line"],
            "column": f["column"],
            "endLine": f["end_line"],
            "endColumn": f["end_column"],
        }
    return {
        "ruleId": f["code"],
        "ruleIndex": index[f["code"]],
        "level": LEVELS.get(f["severity"], "warning"),
        "message": {"text": plain_message(text)},
        "locations": [_location(f, entry, loc, where, document)],
        "partialFingerprints": {FINGERPRINT_KEY: f["fingerprint"]},
        "properties": properties,
    }


def _location(
    f: Mapping[str, Any],
    entry: Mapping[str, Any],
    loc: SourceLocation,
    where: dict[str, Any],
    document: _DocumentText | None,
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [
            {"fullyQualifiedName": _shown(str(entry.get("id") or entry.get("source")))}
        ]
    }
    physical: dict[str, Any] = {"artifactLocation": where}
    if loc.exact:
        physical["region"] = {
            "startLine": f["line"],
            "startColumn": f["column"],
            "endLine": f["end_line"],
            "endColumn": f["end_column"],
            "charOffset": f["start"],
            "charLength": f["end"] - f["start"],
            "snippet": {"text": f["text"]},
        }
        context = _sentence_region(f, document)
        if context and _properly_contains(context, physical["region"]):
            physical["contextRegion"] = context
    elif loc.record_line is not None:
        physical["region"] = {"startLine": loc.record_line}
    elif loc.path is not None:
        # A page's extracted text has offsets of its own; GitHub code scanning refuses
        # a result without region.startLine (SARIF validator rule GH1003), so the
        # region is the line of the page where the flagged words stand, or the file's
        # first line when markup splits them.
        audit, copies = (document.audit, document.copies) if document else (None, None)
        physical["region"] = {"startLine": page_line(f, entry, loc, audit, copies) or 1}
    else:
        # A page fetched from a URL, or a page read from stdin: no file to find the
        # line in, and still a startLine, without which GitHub refuses the whole log.
        physical["region"] = {"startLine": 1}
    location["physicalLocation"] = physical
    return location


class _DocumentText:
    """A document's audit with what its findings' regions read, each made once: the
    line starts of the whole text, and its sentences by index with their copies
    (``Copies``) were made anew for each finding, so a long page's 5,000 findings
    read its 250,000 characters 5,000 times over."""

    def __init__(self, audit: DocumentAudit) -> None:
        self.audit = audit

    @functools.cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.audit.document.text)

    @functools.cached_property
    def copies(self) -> Copies:
        return Copies(self.audit)


def _sentence_region(f: Mapping[str, Any], document: _DocumentText | None) -> dict[str, Any] | None:
    """The finding's sentence, so a dashboard can show it in context."""
    if document is None or f.get("sentence") is None:
        return None
    sentence = document.copies.sentence(f["sentence"])
    if sentence is None:
        return None
    lines = document.lines
    start_line, start_column = lines.position(sentence.start)
    end_line, end_column = lines.position(sentence.end)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "snippet": {"text": sentence.text},
    }


def _properly_contains(outer: Mapping[str, Any], inner: Mapping[str, Any]) -> bool:
    """Whether ``outer`` holds ``inner`` and more, as SARIF asks of a ``contextRegion``
    (§3.29.5: "a proper superset"): a finding that is its whole sentence (a duplicated
    headline, a promo bullet) had its sentence as its context, the same region, which
    validators flag and viewers show as a context that adds nothing."""
    start = (outer["startLine"], outer["startColumn"])
    end = (outer["endLine"], outer["endColumn"])
    inner_start = (inner["startLine"], inner["startColumn"])
    inner_end = (inner["endLine"], inner["endColumn"])
    return start <= inner_start and inner_end <= end and (start, end) != (inner_start, inner_end)


def _verdict_summary(entry: Mapping[str, Any]) -> dict[str, Any]:
    v = entry.get("verdict") or {}
    return {
        "id": _shown(entry["id"]),
        "status": entry["status"],
        "machineTranslated": v.get("machine_translated"),
        "probability": v.get("probability"),
        "sourceLanguage": v.get("source_lang"),
    }


def _utc(stamp: str | None) -> str | None:
    """An ISO time as SARIF wants it (UTC, ``Z``)."""
    when = stored_time(stamp)
    return None if when is None else when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
