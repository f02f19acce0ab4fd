"""The trend report (``"schema": "mtaudit-trend/1"``): what a history says about a window.

Counting rules (documented in README, *Trend reports*):

* A **document** is counted once per window however many runs saw it, with
  its latest result in the window (an hourly cron sees the same article 24
  times a day; it is one document); a renamed file is one document under the
  name it last had, and a name that comes back joins it (``follow_renames``).
* **Share machine-translated** is machine-translated / readable documents.
* **Per day** (in ``tz``, UTC by default, by run start) counts the documents the
  day's runs saw, each with its latest result that day; ``new`` counts those first seen that day.
* **Per source** groups documents by feed, else site, else folder
  (``audits.source_groups``).
* A document is **newly flagged** when a run judged it machine-translated and
  the run before that saw it did not (or none had): new articles that are
  machine-translated, and known ones that turned so.
* **Rules** and **source languages** count the documents' latest results:
  findings per rule (and how many documents have one), machine-translated
  documents per source language.
* ``new_only`` narrows everything to the latest run's documents that were
  new or changed (what appeared since the previous run). One run, whichever job
  recorded it where several share the history: a report after each job's audit
  then tells that job's news, and never another job's a second time.
* ``job`` narrows the runs read to one job's (``HistoryStore.job_runs``: the inputs as
  `history runs` lists them, all of them), so ``new_only`` is that job's latest run
  whichever job recorded last.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from audits import __version__
from audits.durations import (
    in_zone,
    is_age,
    iso,
    now_utc,
    parse_end,
    parse_point,
    time_zone,
    week_days,
    zero_days_date,
    zone_name,
)
from audits.errors import UsageError
from audits.history import HistoryStore, RunRecord, SeenDocument
from audits.rule_catalog import all_rules

SCHEMA = "mtaudit-trend/1"
APPEARED = ("new", "changed")
PERIODS = ("day", "week")


def build_trend(
    store: HistoryStore,
    *,
    since: str | dt.datetime,
    until: str | dt.datetime,
    since_spec: str | None = None,
    until_spec: str | None = None,
    new_only: bool = False,
    job: str | None = None,
    generated: str | None = None,
    tz: str | dt.tzinfo = dt.UTC,
    per: str = "day",
) -> dict[str, Any]:
    """The trend report of the runs between ``since`` and ``until``: each a duration back
    from now (``7d``), an ISO date or time (in ``tz`` unless it says otherwise) or a
    datetime, as ``mtaudit report --since`` takes them (a date alone as ``until`` is the
    end of that day); anything else is a UsageError.

    ``tz`` (a zone or its name: ``Europe/Paris``, ``UTC``, ``local``) is the zone of the
    days runs are counted by and of every time in the report (ISO 8601 with the zone's
    offset; stored times stay UTC).

    ``per`` (``day`` or ``week``: ISO weeks, Monday to Sunday, in ``tz``) is the period
    the reports chart and tabulate; the dict holds both ``by_day`` and ``by_week``.

    ``job`` (a job's name, ``history.job_name``) reads only that job's runs; a name no
    run of the history has is a UsageError that names the jobs there are."""
    if per not in PERIODS:
        raise UsageError(f"per {per!r}: choose one of {', '.join(PERIODS)}")
    zone = time_zone(tz, "tz") if isinstance(tz, str) else tz
    # Stored times compare as strings, so an unread "7d" or "yesterday" used to be
    # compared with them as is and gave an empty or arbitrary window without a word.
    now = now_utc()
    # Both: `--since 1d --until 2020-01-01` ends before it starts whatever ages mean.
    ages = all(isinstance(value, str) and is_age(value) for value in (since, until))
    today = zero_days_date(since, now, zone) if isinstance(since, str) else None
    since, until = _when(since, now, "since", zone), _when(until, now, "until", zone)
    check_window(since, until, ages=ages, today=today)
    # One snapshot: a run another job records meanwhile is in every read or in none (its
    # rows read without its run named a renamed document by a name no run here saw).
    with store.snapshot():
        runs = store.runs(since, until)
        of_job = store.job_runs(job) if job is not None else None
        if of_job is not None:
            runs = [r for r in runs if r.id in of_job]
        # Rows before the window are read too: they say whether a document was new or
        # already machine-translated.
        every = follow_renames(store.seen(until=until, since=since))
        window = {r.id for r in runs}
        latest = runs[-1] if runs else None
        if latest is None:
            previous = None
        elif of_job is None:
            previous = store.previous_run(latest.id)
        else:
            previous = max((i for i in of_job if i < latest.id), default=None)
        if new_only:
            scope = [
                s
                for s in every
                if latest is not None and s.run_id == latest.id and s.appearance in APPEARED
            ]
        else:
            scope = [s for s in every if s.run_id in window]

        last = _latest_by_id(scope)
        codes = store.finding_codes(s.result_key for s in last.values() if s.result_key)
        flagged = newly_flagged(every, {(s.run_id, s.position) for s in scope})
        # Each result's own threshold: with the LM on, a document it gave no scores is
        # judged by the text-only model (0.6058, not the run's 0.4690).
        judged = store.verdict_thresholds(
            s.result_key for s in [*last.values(), *flagged.values()] if s.result_key
        )
    # The rest reads nothing: the snapshot ends here, as a reader holds `history prune`
    # from emptying the write-ahead log.
    appeared = appearances(scope)
    seen_by_id = _group(every)
    rules = all_rules()
    last = {k: _judged(s, judged) for k, s in last.items()}
    flagged = {k: _judged(s, judged) for k, s in flagged.items()}

    return {
        "schema": SCHEMA,
        "tool": {"name": "mtaudit", "version": __version__},
        "history": str(store.path),
        "generated": in_zone(generated, zone),
        "window": {
            "since": in_zone(since, zone),
            "until": in_zone(until, zone),
            "since_spec": since_spec,
            "until_spec": until_spec,
            "tz": zone_name(zone),
            "per": per,
        },
        "scope": "new-only" if new_only else "window",
        "latest_run": latest.id if latest else None,
        "previous_run": previous,
        "runs": [_run(r, zone) for r in (runs if not new_only else runs[-1:])],
        "signatures": sorted({r.signature_string for r in runs}),
        "summary": _summary(
            scope, last, appeared, flagged, codes, min(len(runs), 1) if new_only else len(runs)
        ),
        "by_source": by_source(last, appeared),
        "by_day": by_day(scope, zone),
        "by_week": by_day(scope, zone, "week", (since, until)),
        "newly_flagged": [_flagged(s, seen_by_id, zone) for s in flagged.values()],
        "rules": [
            {
                "code": code,
                "name": rules[code].name if code in rules else code,
                "findings": n,
                "documents": docs,
            }
            for code, n, docs in rule_counts(last, codes)
        ],
        "source_langs": [{"lang": lang, "documents": n} for lang, n in source_langs(last.values())],
        "documents": [
            _document(s, appeared[s.doc_id], codes, seen_by_id, flagged, zone)
            for s in sorted(last.values(), key=lambda s: (-(s.probability or 0.0), s.doc_id))
        ],
    }


def follow_renames(rows: list[SeenDocument]) -> list[SeenDocument]:
    """``rows`` with a renamed document's rows under one id: the name it last had.

    The history takes a file first seen under a new id with a text an earlier one
    held as that document moved ("unchanged", not new), as ``--new-only`` does; the
    trend counted it twice, and flagged it as newly machine-translated again under its
    new name. A rename is a new id whose text the document last holding it had, in a
    run where that document is gone under all its names: two live copies of one text (a
    story in two feeds) stay two. Whether it is one is decided by the runs up to the
    rename, so the window's end does not change it, and a name that comes back (renamed
    back; an entry a feed dropped for a run) joins the document it was part of.

    A file that moved and a new copy of it, first seen in one run: the history marks
    which one moved (``SeenDocument.moved``), and that one is taken first. The first
    by position was the rename, so which one hung on the inputs' order.
    """
    in_run: dict[int, set[str]] = defaultdict(set)
    for s in rows:
        in_run[s.run_id].add(s.doc_id)
    # Stable: by run, the marked move first, else as recorded.
    ordered = sorted(rows, key=lambda s: (s.run_id, not s.moved))
    document: dict[str, str] = {}  # each id -> its document (the id it was first seen as)
    names: dict[str, set[str]] = defaultdict(set)  # each document -> its ids
    holder: dict[str, str] = {}  # each text -> the document that last held it
    last_name: dict[str, str] = {}
    for s in ordered:
        doc = document.get(s.doc_id)
        if doc is None:
            old = holder.get(s.content_hash or "")
            moved = (
                s.appearance == "unchanged"
                and old is not None
                and not names[old] & in_run[s.run_id]
            )
            doc = old if moved and old is not None else s.doc_id
            document[s.doc_id] = doc
            names[doc].add(s.doc_id)
        last_name[doc] = s.doc_id
        if s.content_hash:
            holder[s.content_hash] = doc
    return [
        s
        if last_name[document[s.doc_id]] == s.doc_id
        else s._replace(doc_id=last_name[document[s.doc_id]])
        for s in rows
    ]


def _latest_by_id(rows: Iterable[SeenDocument]) -> dict[str, SeenDocument]:
    """Each document's last row (rows come in the order their runs were recorded)."""
    out: dict[str, SeenDocument] = {}
    for s in rows:
        out[s.doc_id] = s
    return out


def _group(rows: Iterable[SeenDocument]) -> dict[str, list[SeenDocument]]:
    out: dict[str, list[SeenDocument]] = defaultdict(list)
    for s in rows:
        out[s.doc_id].append(s)
    return out


def _share(mt: int, ok: int) -> float | None:
    return round(mt / ok, 4) if ok else None


def _summary(
    scope: list[SeenDocument],
    last: dict[str, SeenDocument],
    appeared: dict[str, str],
    flagged: dict[str, SeenDocument],
    codes: dict[str, Counter[str]],
    runs: int,
) -> dict[str, Any]:
    ok = [s for s in last.values() if s.status == "ok"]
    mt = sum(1 for s in ok if s.machine_translated)
    findings = sum(sum(codes.get(s.result_key, Counter()).values()) for s in ok if s.result_key)
    return {
        "runs": runs,
        "documents": len(last),
        "ok": len(ok),
        "errors": len(last) - len(ok),
        "machine_translated": mt,
        "share_machine_translated": _share(mt, len(ok)),
        "audited": sum(1 for s in scope if s.status == "ok" and not s.reused),
        "reused": sum(1 for s in scope if s.reused),
        "new": sum(1 for a in appeared.values() if a == "new"),
        "changed": sum(1 for a in appeared.values() if a == "changed"),
        "newly_flagged": len(flagged),
        "findings": findings,
    }


_RANK = {"unchanged": 0, "changed": 1, "new": 2}


def appearances(scope: list[SeenDocument]) -> dict[str, str]:
    """How each document appeared in scope: "new" (first seen in it) beats "changed"
    (its text changed in it) beats "unchanged"."""
    out: dict[str, str] = {}
    for s in scope:
        now = s.appearance if s.appearance in _RANK else "unchanged"
        if _RANK[now] >= _RANK[out.get(s.doc_id, "unchanged")]:
            out[s.doc_id] = now
    return out


def by_source(last: dict[str, SeenDocument], appeared: dict[str, str]) -> list[dict[str, Any]]:
    groups: dict[str, list[SeenDocument]] = defaultdict(list)
    for s in last.values():
        groups[s.source_key].append(s)
    out = []
    for key, rows in groups.items():
        ok = [s for s in rows if s.status == "ok"]
        mt = sum(1 for s in ok if s.machine_translated)
        out.append(
            {
                "source": key,
                "label": rows[0].source_label,
                "kind": rows[0].source_kind,
                "documents": len(rows),
                "ok": len(ok),
                "errors": len(rows) - len(ok),
                "machine_translated": mt,
                "share_machine_translated": _share(mt, len(ok)),
                "new": sum(1 for s in rows if appeared.get(s.doc_id) == "new"),
            }
        )
    out.sort(key=lambda g: (-g["documents"], g["label"]))
    return out


def by_day(
    scope: list[SeenDocument],
    tz: dt.tzinfo = dt.UTC,
    per: str = "day",
    window: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Per day in ``tz`` (by run start): a run at 23:30 UTC is the next day in Paris;
    or per ISO week there (``per="week"``: ``2026-W27``, Monday to Sunday, with the days
    of it the ``window`` (since, until) holds as ``from`` and ``to``)."""
    days: dict[str, list[SeenDocument]] = defaultdict(list)
    day_of: dict[str, str] = {}  # one per run, not per row
    # The window's first and last days in ``tz``, once, not once a week row.
    held = None if window is None else tuple((in_zone(w, tz) or "")[:10] for w in window)
    for s in scope:
        if s.started not in day_of:
            day = (in_zone(s.started, tz) or "")[:10]
            day_of[s.started] = _iso_week(day) if per == "week" else day
        days[day_of[s.started]].append(s)
    out = []
    for day in sorted(days):
        rows = days[day]
        last = _latest_by_id(rows)
        ok = [s for s in last.values() if s.status == "ok"]
        mt = sum(1 for s in ok if s.machine_translated)
        new_ids = {s.doc_id for s in rows if s.appearance == "new"}
        out.append(
            {
                per: day,
                "runs": len({s.run_id for s in rows}),
                "documents": len(last),
                "ok": len(ok),
                "machine_translated": mt,
                "share_machine_translated": _share(mt, len(ok)),
                "new": len(new_ids),
                "new_machine_translated": sum(
                    1 for s in ok if s.doc_id in new_ids and s.machine_translated
                ),
                "audited": sum(1 for s in rows if s.status == "ok" and not s.reused),
                "reused": sum(1 for s in rows if s.reused),
            }
        )
        if per == "week":
            # `--since 7d --per week` spans two weeks, each in part: labelled 2026-W27
            # alone, a row read as the whole week when it counted only some days of it.
            out[-1].update(_week_days(day, held))
    return out


def _week_days(week: str, held: tuple[str, ...] | None) -> dict[str, str]:
    """The first and last days of ``week`` (Monday and Sunday) that the window's days
    ``held`` (its first and last, ``YYYY-MM-DD``) hold."""
    whole = week_days(week)
    if whole is None:
        return {}
    first, last = whole
    if held is not None:
        since, until = held
        first, last = max(first, since), min(last, until) if until else last
    return {"from": first, "to": last}


def _iso_week(day: str) -> str:
    """The ISO week of a ``YYYY-MM-DD`` day (``2026-W27``; 2027-01-01 is in 2026-W53)."""
    try:
        year, week, _ = dt.date.fromisoformat(day).isocalendar()
    except ValueError:
        return day
    return f"{year}-W{week:02d}"


def newly_flagged(
    every: list[SeenDocument], scope: set[tuple[int, int]]
) -> dict[str, SeenDocument]:
    """Per document, the first row in scope where it turned machine-translated. A
    document whose first row says it is unchanged, with a text no earlier row here
    held, was seen by a run no longer kept (`history prune`): it was judged so then
    too, and the day after a nightly prune listed every such article as newly flagged
    by the oldest run left. One whose text an earlier row here held under another id
    is a new copy of it (two live copies stay two documents), and is newly flagged;
    so is one the history knew by its text alone beside the row that holds the text
    in that run (its original, known by id; else the first), as a copy first seen
    beside its original in the oldest run left."""
    was_mt: dict[str, bool] = {}
    first_run: dict[str, int] = {}  # each text -> the first run here that held it
    holder = _holders(every)
    out: dict[str, SeenDocument] = {}
    for s in every:
        if s.content_hash:
            first_run.setdefault(s.content_hash, s.run_id)
        if s.status != "ok":
            continue
        copy = bool(s.text_known) and holder[(s.run_id, s.content_hash)] != s.position
        pruned = (
            s.appearance == "unchanged"
            and first_run.get(s.content_hash or "") == s.run_id
            and not copy
        )
        before = was_mt.get(s.doc_id, pruned and s.machine_translated)
        turned = s.machine_translated and not before
        if turned and (s.run_id, s.position) in scope and s.doc_id not in out:
            out[s.doc_id] = s
        was_mt[s.doc_id] = s.machine_translated
    return out


def _holders(rows: list[SeenDocument]) -> dict[tuple[int, str | None], int]:
    """Per run and text, the position of the row that holds it there: the first known
    by its id (the original), else the one the history marked as the file that moved
    (others beside it are copies), else the first (a history of schema 3, or a run
    recorded before schema 4 chose the move, said nothing)."""
    first: dict[tuple[int, str | None], int] = {}
    original: dict[tuple[int, str | None], int] = {}
    moved: dict[tuple[int, str | None], int] = {}
    for s in rows:
        key = (s.run_id, s.content_hash)
        first.setdefault(key, s.position)
        if not s.text_known:
            original.setdefault(key, s.position)
        elif s.moved:
            moved.setdefault(key, s.position)
    return {key: original.get(key, moved.get(key, position)) for key, position in first.items()}


def rule_counts(
    last: dict[str, SeenDocument], codes: dict[str, Counter[str]]
) -> list[tuple[str, int, int]]:
    findings: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for s in last.values():
        if s.status == "ok" and s.result_key:
            found = codes.get(s.result_key, Counter())
            findings.update(found)
            documents.update(set(found))
    return sorted(
        ((code, n, documents[code]) for code, n in findings.items()),
        key=lambda t: (-t[1], -t[2], t[0]),
    )


def source_langs(rows: Iterable[SeenDocument]) -> list[tuple[str, int]]:
    langs = Counter(
        s.source_lang for s in rows if s.status == "ok" and s.machine_translated and s.source_lang
    )
    return sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))


def _judged(s: SeenDocument, thresholds: dict[str, float]) -> SeenDocument:
    """``s`` with the threshold its verdict was judged against, where its result keeps
    one (the signature's stays for an older history)."""
    value = thresholds.get(s.result_key or "")
    return s if value is None else s._replace(threshold=value)


def _run(r: RunRecord, tz: dt.tzinfo) -> dict[str, Any]:
    return {
        "id": r.id,
        "started": in_zone(r.started, tz),
        "finished": in_zone(r.finished, tz),
        "inputs": r.inputs,
        "signature_string": r.signature_string,
        "documents": r.documents,
        "audited": r.audited,
        "reused": r.reused,
        "machine_translated": r.machine_translated,
        "errors": r.errors,
        "new": r.new,
        "changed": r.changed,
    }


def _document(
    s: SeenDocument,
    appearance: str,
    codes: dict[str, Counter[str]],
    seen_by_id: dict[str, list[SeenDocument]],
    flagged: dict[str, SeenDocument],
    tz: dt.tzinfo,
) -> dict[str, Any]:
    history = seen_by_id.get(s.doc_id, [s])
    found = codes.get(s.result_key or "", Counter())
    return {
        "id": s.doc_id,
        "title": s.title,
        "url": s.url,
        "source": s.source,
        "source_group": s.source_key,
        "source_label": s.source_label,
        "status": s.status,
        "error": s.error,
        "appearance": appearance,
        "first_seen": in_zone(history[0].started, tz),
        "last_seen": in_zone(s.started, tz),
        "last_run": s.run_id,
        "machine_translated": bool(s.machine_translated) if s.status == "ok" else None,
        "probability": s.probability,
        "threshold": s.threshold,
        "source_lang": s.source_lang,
        "newly_flagged": s.doc_id in flagged,
        "findings": sum(found.values()),
        "by_code": dict(sorted(found.items())),
    }


def _flagged(
    s: SeenDocument, seen_by_id: dict[str, list[SeenDocument]], tz: dt.tzinfo
) -> dict[str, Any]:
    history = seen_by_id.get(s.doc_id, [s])
    return {
        "id": s.doc_id,
        "title": s.title,
        "url": s.url,
        "source": s.source,
        "source_label": s.source_label,
        "flagged": in_zone(s.started, tz),
        "run": s.run_id,
        "first_seen": in_zone(history[0].started, tz),
        "appearance": s.appearance,
        "probability": s.probability,
        "threshold": s.threshold,
        "source_lang": s.source_lang,
    }


def check_window(
    since: str,
    until: str,
    names: tuple[str, str] = ("since", "until"),
    *,
    ages: bool = True,
    today: str | None = None,
) -> None:
    """Refuse a window that ends before it starts, or two ages where it starts (stored times,
    which compare as strings; ``names``: how the caller gave each; ``ages``: whether
    either was an age; ``today``: where the start was an age of 0, today's date, which
    it may have meant): `--since 1d
    --until 2d` reported 'no runs recorded in this window' as if the history were
    empty, and `--since 0d` (now, until now) did so with exit status 0."""
    if since == until and ages:
        # Two ages that meet (`--since 0d`, until now) hold only the second they name,
        # which no one asks for; times that meet are the instant they name, by choice.
        # `--since 0d` read as "today" would make 0d a day and 1d 24 hours (not since
        # yesterday's midnight), so a date says the day.
        hint = (
            f" (an age of 0 is now; for the start of today, give its date: "
            f"{names[0].split()[0]} {today})"
            if today
            else ""
        )
        raise UsageError(
            f"{names[0]} ({since}) is the same time as {names[1]} ({until}): the window "
            f"holds no time{hint}"
        )
    if since > until:
        # How ages count is no help to `--since 2099-01-01`, a date in the future.
        hint = " (an age counts back from now: since 2d until 1d is the day before yesterday)"
        raise UsageError(
            f"{names[0]} ({since}) is after {names[1]} ({until}): the window holds no time"
            + (hint if ages else "")
        )


def _when(value: str | dt.datetime, now: dt.datetime, what: str, tz: dt.tzinfo) -> str:
    """A point in time in the stored form (UTC ISO 8601 with seconds); a naive datetime
    is in ``tz``."""
    if isinstance(value, dt.datetime):
        return iso(value if value.tzinfo else value.replace(tzinfo=tz))
    if not isinstance(value, str):
        raise UsageError(f"{what} must be a str or a datetime, not {type(value).__name__}")
    return iso((parse_end if what == "until" else parse_point)(value, now, what, tz))
