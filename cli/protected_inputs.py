"""The files a report must not overwrite: those a run reads, and the history."""

from __future__ import annotations

import glob
import os
from pathlib import Path


def read_by_the_run(inputs: list[str], targets: list[Path], history: str | None) -> dict[str, str]:
    """Files a report must not overwrite: the inputs named or matched by a glob, the
    history database and the files SQLite keeps beside it. `audit` checks its own
    inputs, `history show` the inputs of the run it renders again and `report` those
    of the runs it reports, in the same words. A file this run writes is left out of
    its own walks and globs (read_inputs' ``skip``), so only a name given as an input
    protects it: a report beside the articles (`audit . -o report.html`) is replaced
    on every run."""
    # Here, not with the module: `mtaudit --help` imports it, and the history module is
    # more than it needs (so is an audit without a history).
    from audits.sources.file_ids import WrittenFiles

    protected: dict[str, str] = {}
    if history:
        from audits.history import history_file_roles

        protected = history_file_roles(history)
    writes = WrittenFiles.of([str(target) for target in targets])
    globbed: list[str] = []
    for pattern in inputs:
        if glob.has_magic(pattern):
            matches = glob.glob(pattern, recursive=True)
            globbed += matches
            names = [m for m in matches if m not in writes]
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
            protected[str(target)] = f"an input of this run (in {target.parent})"
    return protected


def _links_to_an_article(target: Path, folders: list[Path], globbed: list[str]) -> bool:
    """Whether ``target`` is a link to a file a walk or a glob of this run reads under
    another name: the walk left the file out as the report (site/report.md -> a.txt)
    and the report, written through the link, replaced the article."""
    if not os.path.islink(target) or not os.path.isfile(target):
        return False
    from audits.sources.inputs import is_walked_file

    resolved = Path(os.path.realpath(target))
    link = os.lstat(target)
    return any(is_walked_file(resolved, folder) for folder in folders) or any(
        os.path.realpath(m) == str(resolved) and not os.path.samestat(os.lstat(m), link)
        for m in globbed
    )
