"""The files a report must not overwrite: those a run reads, and the history."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from audits.history import history_file_roles
from audits.sources.inputs import WrittenFiles, is_walked_file


def read_by_the_run(
    inputs: list[str],
    targets: list[Path],
    history: str | None,
    *,
    role: str = "of this run",
    recorded: bool = False,
) -> dict[str, str]:
    """Files a report must not overwrite: the inputs named or matched by a glob, the
    history database and the files SQLite keeps beside it. `audit` checks its own
    inputs, `history show` the inputs of the run it renders again and `report` those
    of the runs it reports, in the same words. A file this run writes is left out of
    its own walks and globs (read_inputs' ``skip``), so only a name given as an input
    protects it: a report beside the articles (`audit . -o report.html`) is replaced
    on every run. A ``recorded`` run's glob (`history show`, `report`) protects all it
    matches: that run read them, whatever the report is now named."""
    protected = history_file_roles(history) if history else {}
    writes = WrittenFiles.of([str(target) for target in targets])
    globbed: list[str] = []
    for pattern in inputs:
        if glob.has_magic(pattern):
            matches = glob.glob(pattern, recursive=True)
            globbed += matches
            names = matches if recorded else [m for m in matches if m not in writes]
        else:
            names = [pattern]
        for name in names:
            # os.path's check, not pathlib's: that raises for a path in a folder that
            # cannot be searched, which the run reports as an unreadable input.
            if os.path.isfile(name):
                protected[name] = f"the input {name}"
    folders = [Path(p) for p in inputs if os.path.isdir(p)]
    for target in targets:
        if _links_to_an_article(target, folders, globbed):
            protected[str(target)] = f"an input {role} (in {target.parent})"
    return protected


def _links_to_an_article(target: Path, folders: list[Path], globbed: list[str]) -> bool:
    """Whether ``target`` is a link to a file a walk or a glob of this run reads under
    another name: the walk left the file out as the report (site/report.md -> a.txt)
    and the report, written through the link, replaced the article."""
    if not os.path.islink(target) or not os.path.isfile(target):
        return False
    resolved = Path(os.path.realpath(target))
    link = os.lstat(target)
    return any(is_walked_file(resolved, folder) for folder in folders) or any(
        os.path.realpath(m) == str(resolved) and not os.path.samestat(os.lstat(m), link)
        for m in globbed
    )


def read_by_recorded_runs(
    inputs: list[str], sources: list[str], targets: list[Path], history: str, role: str
) -> dict[str, str]:
    """What `history show` and `report` must not overwrite: the inputs of the runs they
    render, as `audit` protects its own, and each article those runs read from a file
    (their documents' recorded sources), which is how one found in a folder or through
    a glob is known (`audit feeds`, then `history show 1 -o json:feeds/a.txt`, replaced
    it). Both are recorded as the run named them, relative to the folder it ran in,
    which the history does not keep: they are read relative to the current folder."""
    protected = read_by_the_run(inputs, targets, history, role=role, recorded=True)
    for source in sources:
        if source not in protected and os.path.isfile(source):
            protected[source] = f"the article {source} {role}"
    return protected
