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


def expand_home(value: str, setting: str, where: str = "") -> str:
    """``value`` with a leading ``~`` (this user's home folder) or ``~user`` (that
    user's) replaced by the folder; any other value as it is. Where it names no home
    folder, a ConfigError of one line naming ``setting`` (``--cache-dir``,
    ``cache_dir``, ``$MTAUDIT_CACHE_DIR``) and ``value`` as typed, then ``where`` (``"
    (from /site/mtaudit.toml)"``)."""
    if not value.startswith("~"):
        return value
    # The name after ``~`` ends at the first separator (``~user/x``, ``~\\x`` on Windows).
    name = _SEPARATOR.split(value[1:], maxsplit=1)[0]
    if name or os.name != "posix":
        expanded = os.path.expanduser(value)
    else:
        home = _own_home()
        expanded = value if home is None else (home.rstrip(os.sep) + value[1:]) or os.sep
    if expanded.startswith("~"):
        # os.path leaves the ~ where it finds no home folder: a folder so named would
        # be made in the working folder.
        problem = _unknown_user(name) if name else _no_own_home()
        raise ConfigError(f"{setting} {value!r}: {problem}; write the path in full{where}")
    return expanded


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
    """Input paths (`audit`, `fluency`, `compare`, `config`) with ``~`` the home folder,
    as ``expand_home`` reads it; one that is there as written is left as it is. The
    shell passes `~draft.txt` as typed where it knows no user named draft.txt, and
    such a file was read before: refused as no user's home folder, it would be lost.
    A glob (`'~/articles/*.txt'`) is never there as written, and is expanded."""
    return [path if os.path.lexists(path) else expand_home(path, "input") for path in paths]
