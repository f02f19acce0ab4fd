"""What `history prune` forgets, from its flags: --older-than AGE, --before DATE and
--keep N, as one rule, or one line that says what is wrong with them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shlex

import typer

from audits.durations import in_zone, is_age, iso, now_utc, parse_duration, parse_point
from audits.errors import UsageError


def keep_count(value: str) -> int:
    """``--keep N``: how many of the newest runs prune keeps, 1 or more."""
    # audits.history loads here, not with the module: it imports the engine, which
    # `mtaudit --help` had no use for.
    from audits.history import LARGEST_INTEGER

    # ASCII digits alone: int() also reads '١' (Arabic-Indic one) and '1_0' (10).
    if not re.fullmatch(r"-?\d+", value.strip(), re.ASCII):
        raise typer.BadParameter(f"{value!r} is not a number of runs")
    count = int(value)
    if count < 1:
        raise typer.BadParameter(f"{value!r}: keep at least 1 run (the latest run is always kept)")
    return min(count, LARGEST_INTEGER)  # more runs than a history holds


@dataclasses.dataclass(frozen=True)
class PruneLimits:
    """What `history prune` forgets: runs started before ``before`` (stored form), and
    not among the newest ``keep``; ``said`` is how its line names them."""

    before: str | None
    keep: int | None
    said: str


def refuse_a_bad_combination(older_than: str | None, before: str | None, keep: int | None) -> None:
    """Before the history is looked for: a prune told nothing to forget, two cutoffs,
    or an age that is none (as `--older-than 90x` was refused before --keep and
    --before came, whether or not a history was found)."""
    if older_than is not None and before is not None:
        raise UsageError(
            "--older-than and --before both set the cutoff; give one (--older-than 90d, "
            "or --before 2026-06-01)"
        )
    if older_than is None and before is None and keep is None:
        raise UsageError(
            "history prune: say what to forget: --older-than AGE (90d), --before DATE "
            "(2026-06-01) or --keep N (the newest N runs), or --keep with one of the others"
        )
    if older_than is not None and not (not is_age(older_than) and _is_a_point(older_than)):
        # A date or time is told apart in prune_limits, which knows the --tz zone that
        # says whether --before would take it.
        parse_duration(older_than, "--older-than")


def _is_a_point(spec: str) -> bool:
    """Whether ``spec`` is written as a date or time (`--older-than 2026-01-01` was told
    "expected a duration like 90d", where `--before 90d` names the flag meant). One
    that names a day or hour its calendar has not (`2026-02-29`) is still written as
    one: parse_point refuses it in its own words, not with "expected a duration"."""
    try:
        parse_point(spec, now_utc(), "--older-than")
    except UsageError as exc:
        # Digits alone that are no date are more likely an age without its unit
        # (`86400000`), which "is a date" would mislead.
        return ": expected a duration" not in str(exc) and not spec.strip().isdigit()
    return True


def prune_limits(
    older_than: str | None, before: str | None, keep: int | None, zone: dt.tzinfo
) -> PruneLimits:
    """The flags as one rule, or one line that says what is wrong with them (their
    combination is refused first, by ``refuse_a_bad_combination``, before the history
    is looked for)."""
    from audits.history import cutoff

    cutoff_at: str | None = None
    said: list[str] = []
    if older_than is not None:
        if not is_age(older_than) and _is_a_point(older_than):
            _refuse_a_date_as_an_age(older_than, zone)
        cutoff_at = cutoff(parse_duration(older_than, "--older-than"))
        said.append(f"older than {older_than}")
    if before is not None:
        if is_age(before):
            raise UsageError(
                f"--before {before!r} is an age; give a date or time (2026-06-01), or "
                f"--older-than {shlex.quote(before.strip())}"
            )
        cutoff_at = _before_cutoff(before, zone)
        said.append(f"started before {before.strip()}")
    if keep is not None:
        said.append(f"and not among the newest {keep}" if said else f"before the newest {keep}")
    return PruneLimits(cutoff_at, keep, " ".join(said))


def _before_cutoff(spec: str, zone: dt.tzinfo) -> str:
    """The stored time --before ``spec`` forgets runs before; a UsageError that begins
    with --before where --before refuses it."""
    now = now_utc()
    when = parse_point(spec, now, "--before", zone)
    if when > now:
        # Every run but the latest would go: a mistyped year, not a wish.
        raise UsageError(
            f"--before {spec!r} is in the future ({in_zone(iso(when), zone)}); it "
            "would forget every run but the latest"
        )
    return iso(when)


def _refuse_a_date_as_an_age(older_than: str, zone: dt.tzinfo) -> None:
    """`--older-than 2026-01-01` names the flag meant, --before, but only where --before
    takes the date: `--older-than 2026-02-29` suggested `--before 2026-02-29`, which was
    then refused (2026-02 has 28 days), as a date in the future or a time the zone's
    clocks skip would be."""
    try:
        _before_cutoff(older_than, zone)
    except UsageError as exc:
        # What --before says of it, its hint (a date for a time alone, an offset for a
        # skipped time) one that --before takes.
        why = str(exc).removeprefix(f"--before {older_than!r}").removeprefix(":").strip()
        why = f"it {why}" if why.startswith("is ") else why
        raise UsageError(
            f"--older-than {older_than!r} is not an age: give one (90d); nor would "
            f"--before take it: {why}"
        ) from None
    raise UsageError(
        f"--older-than {older_than!r} is a date or time; give an age (90d), or "
        f"--before {shlex.quote(older_than.strip())}"
    )
