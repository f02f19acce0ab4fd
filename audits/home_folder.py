"""``~`` and ``~user`` at the start of a path a user gave, read as a home folder: one
expansion, and one refusal, for every path setting, flag and variable that takes them
(``--cache-dir``, ``history``, ``outputs`` in a config file, ``$MTAUDIT_CACHE_DIR``...).

Python's own expansion raised "RuntimeError: Could not determine home directory." for
an unknown ``~user`` (pathlib), which the CLI could only call an internal error, or
left the ``~`` in place (os.path), a relative folder named ``~user`` made beside the
working folder; and with HOME set but empty, ``~/h.db`` was ``/h.db`` (an empty or
relative HOME is now read as unset, as platformdirs reads it for the cache folder).
"""

from __future__ import annotations

import os
import re

from audits.errors import ConfigError

# The folder separators of this system (``/``; ``\\`` and ``/`` on Windows), here
# rather than in folder_names, which imports this module.
SEPARATORS = tuple(s for s in (os.sep, os.altsep) if s)
_SEPARATOR = re.compile("[" + re.escape("".join(SEPARATORS)) + "]")


def expand_home(value: str, setting: str, where: str = "", shown: str | None = None) -> str:
    """``value`` with a leading ``~`` (this user's home folder) or ``~user`` (that
    user's) replaced by the folder; any other value as it is. Where it names no home
    folder, a ConfigError of one line naming ``setting`` (``--cache-dir``,
    ``cache_dir``, ``$MTAUDIT_CACHE_DIR``) and the value as typed, ``shown`` where the
    path was part of it (`-o json:~nosuch/r.json`), then ``where`` (``"
    (from /site/mtaudit.toml)"``)."""
    expanded = _expanded(value)
    if expanded.startswith("~"):
        # os.path leaves the ~ where it finds no home folder: a folder so named would
        # be made in the working folder.
        name = _name_after_tilde(value)
        problem = _unknown_user(name) if name else _no_own_home()
        typed = value if shown is None else shown
        raise ConfigError(f"{setting} {typed!r}: {problem}; write the path in full{where}")
    return expanded


def expand_to_read(value: str) -> str:
    """A path the run only reads (an input, ``--config``, ``--baseline``) by the
    shell's own rule: ``~`` and ``~user`` are the home folder where one is found, and
    the value is kept as typed where none is. The shell passes `~draft.txt`,
    `'~draft*.txt'` and `~old.json` so where it knows no such user, and a file so named
    in the working folder was read before; one that is not there is that path's usual
    "not found" or "unreadable", not a refusal. A path written (``-o``,
    ``--write-baseline``) is refused instead (``expand_home``): a folder named
    `~nosuch` would be made."""
    expanded = _expanded(value)
    return value if expanded.startswith("~") else expanded


def _expanded(value: str) -> str:
    """``value`` with its home folder in place of ``~`` or ``~user``; left starting
    with ``~`` where there is no such folder."""
    if not value.startswith("~"):
        return value
    if _name_after_tilde(value) or os.name != "posix":
        return os.path.expanduser(value)
    home = _own_home()
    return value if home is None else (home.rstrip(os.sep) + value[1:]) or os.sep


def _name_after_tilde(value: str) -> str:
    # The name after ``~`` ends at the first separator (``~user/x``, ``~\\x`` on Windows).
    return _SEPARATOR.split(value[1:], maxsplit=1)[0]


def _own_home() -> str | None:
    """This user's home folder by platformdirs' rule, which places the default cache
    folder: $HOME where it is an absolute path, else the user's record (an empty or
    relative $HOME read as unset; os.path made `~/h.db` of an empty one /h.db). None
    where neither gives one, so that `~` and the cache folder have one meaning."""
    home = os.environ.get("HOME")
    if home and os.path.isabs(home):
        return home
    import pwd  # POSIX only, as this function's callers

    try:
        recorded = pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:
        return None
    return recorded if os.path.isabs(recorded) else None


def _unknown_user(name: str) -> str:
    return f"~{name} is the home folder of a user named {name!r}, and there is no such user"


def _no_own_home() -> str:
    return f"~ is the home folder, and {no_home_folder()}"


def no_home_folder() -> str:
    """Why this user has no home folder, where neither $HOME nor the user's record in
    the password database gives one (a container run as a user id it has no record of)."""
    home = os.environ.get("HOME")
    said = "is not set" if home is None else f"is {home!r}, not an absolute path"
    return f"$HOME {said}, and this user has no home folder on record"


def expand_inputs(paths: list[str]) -> list[str]:
    """Input paths (`audit`, `fluency`, `compare`, `config`), each by ``expand_to_read``:
    `'~/articles/*.txt'` is in the home folder, `'~draft*.txt'` a glob here, and an
    unknown `~nosuch/b.txt` unreadable beside the inputs that were read."""
    return [expand_to_read(path) for path in paths]
