"""A path that starts with ``~user`` for a user there is not, or with ``~`` where there
is no home folder, is one line naming the flag, key or variable and the value as typed
(exit 2), before any article is read: pathlib's "RuntimeError: Could not determine home
directory." was an internal error, and with HOME empty `--history ~/h.db` wrote /h.db.
A path only read (an input, --config, --baseline) is kept as typed instead, as the
shell keeps it."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from audits.config import load_config
from audits.errors import ConfigError
from audits.home_folder import expand_home, no_home_folder
from tests.conftest import Ran

NOBODY = "nosuchuserxyz"
NO_SUCH_USER = (
    f"~{NOBODY} is the home folder of a user named {NOBODY!r}, and there is no such user; "
    "write the path in full"
)


@pytest.fixture(autouse=True)
def _no_such_user() -> None:
    try:
        pwd.getpwnam(NOBODY)
    except KeyError:
        return
    pytest.skip(f"this machine has a user named {NOBODY}")


def _refused(ran: Ran, line: str) -> None:
    """Exit 2, the one line, and no report: the refusal came before any article was
    read (the article named does not exist, which the read would have said)."""
    assert (ran.code, ran.out) == (2, "")
    assert ran.err == f"mtaudit: error: {line}\n"


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--cache-dir", f"~{NOBODY}/cache"),
        ("--history", f"~{NOBODY}/h.db"),
        ("--verdict-model", f"~{NOBODY}/verdict.json"),
        ("--model", f"~{NOBODY}/models/small.gguf"),
        ("--output", f"~{NOBODY}/r.json"),
        ("--write-baseline", f"~{NOBODY}/b.json"),
    ],
)
def test_a_flag(
    run_mtaudit: Callable[[list[str]], Ran], isolated_cwd: Path, flag: str, value: str
) -> None:
    ran = run_mtaudit(["audit", "missing.txt", "--no-lm", "--isolated", flag, value])
    _refused(ran, f"{flag} {value!r}: {NO_SUCH_USER}")
    assert list(isolated_cwd.iterdir()) == []  # no folder named ~nosuchuserxyz made here


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (["compare", "h.txt", "r.txt", "-o", f"~{NOBODY}/c.json"], "--output"),
        (["report", "--history", "h.db", "-o", f"~{NOBODY}/t.json"], "--output"),
        (["history", "show", "1", "--history", "h.db", "-o", f"~{NOBODY}/s.json"], "--output"),
        (["config", "--isolated", "-o", f"~{NOBODY}/r.json"], "--output"),
    ],
)
def test_every_command(
    run_mtaudit: Callable[[list[str]], Ran], isolated_cwd: Path, command: list[str], named: str
) -> None:
    """-o of every command that takes it, as --history: the
    shell leaves `--output=~/r.json` and a quoted `'~/r.json'` as they are, and mtaudit wrote
    a folder named `~` here, or said "no such file"."""
    value = next(word for word in command if word.startswith(f"~{NOBODY}"))
    _refused(run_mtaudit(command), f"{named} {value!r}: {NO_SUCH_USER}")
    assert list(isolated_cwd.iterdir()) == []


def test_an_output_with_its_format_is_quoted_as_typed(
    run_mtaudit: Callable[[list[str]], Ran], isolated_cwd: Path
) -> None:
    """The line quotes the value as typed, FMT: and all, as every other --output
    error does: it quoted the path alone."""
    value = f"json:~{NOBODY}/r.json"
    ran = run_mtaudit(["audit", "missing.txt", "--no-lm", "--isolated", "-o", value])
    _refused(ran, f"--output {value!r}: {NO_SUCH_USER}")
    assert list(isolated_cwd.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "missing.txt", "--no-lm"],
        ["fluency", "missing.txt"],
        ["compare", "h.txt", "r.txt"],
        ["report"],
        ["history", "runs"],
        ["config"],
    ],
)
def test_a_config_file_of_no_home_folder_is_not_found_as_typed(
    run_mtaudit: Callable[[list[str]], Ran], isolated_cwd: Path, command: list[str]
) -> None:
    """--config is only read: by the shell's rule, as the inputs, `~nosuch/m.toml` is
    kept as typed and is the usual "not found" (it was refused as no user's home)."""
    ran = run_mtaudit([*command, "--config", f"~{NOBODY}/m.toml"])
    _refused(ran, f"~{NOBODY}/m.toml: config file not found")
    assert list(isolated_cwd.iterdir()) == []


def test_a_baseline_of_no_home_folder_is_missing_as_typed(
    run_mtaudit: Callable[[list[str]], Ran], isolated_cwd: Path
) -> None:
    ran = run_mtaudit(
        ["audit", "a.txt", "--no-lm", "--isolated", "--baseline", f"~{NOBODY}/b.json"]
    )
    _refused(ran, f"baseline ~{NOBODY}/b.json: no such file")
    assert list(isolated_cwd.iterdir()) == []


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$HOME, a folder of its own, and a working folder beside it with an article."""
    home, here = tmp_path / "home", tmp_path / "here"
    home.mkdir()
    here.mkdir()
    (here / "a.txt").write_text("The minister spoke on Tuesday.\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    return home


def _ran(ran: Ran) -> Ran:
    """A run that went through (the gate may fail: exit 1) with nothing on stderr, and
    no folder named ~ made in the working folder."""
    assert ran.code in (0, 1, None) and ran.err == "", ran
    assert not Path("~").exists()
    return ran


def test_reports_and_baselines_go_home(run_mtaudit: Callable[[list[str]], Ran], home: Path) -> None:
    (home / "out").mkdir()
    audit = ["audit", "a.txt", "--no-lm", "--isolated", "-q"]
    _ran(run_mtaudit([*audit, "-o", "~/out/r.json", "--write-baseline", "~/b.json"]))
    assert json.loads((home / "out" / "r.json").read_text(encoding="utf-8"))["documents"]
    assert (home / "b.json").is_file()
    _ran(run_mtaudit([*audit, "--baseline", "~/b.json", "-o", "json:~/out/new.json"]))
    assert json.loads((home / "out" / "new.json").read_text(encoding="utf-8"))["baseline"]
    _ran(run_mtaudit([*audit, "--history", "~/h.db"]))
    _ran(run_mtaudit(["report", "--history", "~/h.db", "-q", "-o", "~/out/t.json"]))
    assert (home / "out" / "t.json").is_file()
    _ran(run_mtaudit(["history", "show", "1", "--history", "~/h.db", "-o", "~/out/s.md"]))
    assert (home / "out" / "s.md").is_file()
    _ran(run_mtaudit(["compare", "a.txt", "a.txt", "--isolated", "-q", "-o", "~/out/c.json"]))
    assert (home / "out" / "c.json").is_file()


def test_a_config_file_at_home(run_mtaudit: Callable[[list[str]], Ran], home: Path) -> None:
    """Read, and the paths in it relative to it, as a config file named in full."""
    (home / "m.toml").write_text('lm = false\noutputs = ["r.json"]\n', encoding="utf-8")
    _ran(run_mtaudit(["audit", "a.txt", "--config", "~/m.toml", "-q"]))
    assert (home / "r.json").is_file()
    shown = json.loads(_ran(run_mtaudit(["config", "--config", "~/m.toml", "-f", "json"])).out)
    assert shown["config_file"] == str(home / "m.toml")


def test_a_config_folder_at_home_is_named_as_typed(
    run_mtaudit: Callable[[list[str]], Ran], home: Path
) -> None:
    for command in (["audit", "a.txt", "--no-lm"], ["config"]):
        ran = run_mtaudit([*command, "--config", "~/"])
        _refused(ran, "--config ~/: it is a directory; name a file in it")


def test_inputs_at_home(run_mtaudit: Callable[[list[str]], Ran], home: Path) -> None:
    (home / "b.txt").write_text("The minister spoke on Monday.\n", encoding="utf-8")
    ran = _ran(run_mtaudit(["audit", "~/b.txt", "--no-lm", "--isolated", "-f", "json"]))
    assert [d["source"] for d in json.loads(ran.out)["documents"]] == [str(home / "b.txt")]
    (home / "articles").mkdir()
    for name in ("c.txt", "d.txt"):
        (home / "articles" / name).write_text("The minister spoke.\n", encoding="utf-8")
    ran = _ran(run_mtaudit(["audit", "~/articles/*.txt", "--no-lm", "--isolated", "-f", "json"]))
    assert sorted(d["source"] for d in json.loads(ran.out)["documents"]) == [
        str(home / "articles" / "c.txt"),
        str(home / "articles" / "d.txt"),
    ]
    ran = _ran(run_mtaudit(["compare", "~/b.txt", "a.txt", "--isolated", "-f", "json"]))
    assert json.loads(ran.out)


def test_an_input_there_as_written_is_read_as_written(
    run_mtaudit: Callable[[list[str]], Ran], home: Path
) -> None:
    """A file named `~draft.txt` here is that file, and a glob `'~draft*.txt'` finds
    such files here: the shell passes both as typed where there is no user named
    draft.txt (or draft*.txt), and they were read so before."""
    for name in (f"~{NOBODY}.txt", f"~{NOBODY}2.txt"):
        Path(name).write_text("The minister spoke on Monday.\n", encoding="utf-8")
    ran = _ran(run_mtaudit(["audit", f"~{NOBODY}.txt", "--no-lm", "--isolated", "-f", "json"]))
    assert [d["source"] for d in json.loads(ran.out)["documents"]] == [f"~{NOBODY}.txt"]
    ran = _ran(run_mtaudit(["audit", f"~{NOBODY}*.txt", "--no-lm", "--isolated", "-f", "json"]))
    assert sorted(d["source"] for d in json.loads(ran.out)["documents"]) == [
        f"~{NOBODY}.txt",
        f"~{NOBODY}2.txt",
    ]


def test_a_config_file_and_a_baseline_there_as_written_are_read_as_written(
    run_mtaudit: Callable[[list[str]], Ran], home: Path
) -> None:
    """`--config ~m.toml` and `--baseline ~old.json` name files here: the shell passes
    them as typed where there is no such user, and they were read so before."""
    Path(f"~{NOBODY}.toml").write_text('lm = false\nformat = "json"\n', encoding="utf-8")
    ran = _ran(run_mtaudit(["audit", "a.txt", "--config", f"~{NOBODY}.toml"]))
    assert json.loads(ran.out)["documents"]
    shown = json.loads(
        _ran(run_mtaudit(["config", "--config", f"~{NOBODY}.toml", "-f", "json"])).out
    )
    assert shown["config_file"] == f"~{NOBODY}.toml"
    audit = ["audit", "a.txt", "--no-lm", "--isolated", "-q"]
    _ran(run_mtaudit([*audit, "--write-baseline", f"./~{NOBODY}.json"]))
    ran = _ran(run_mtaudit([*audit, "--baseline", f"~{NOBODY}.json", "-o", "new.json"]))
    assert json.loads(Path("new.json").read_text(encoding="utf-8"))["baseline"]


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "a.txt", f"~{NOBODY}/b.txt", "--no-lm", "--isolated", "-f", "json"],
        ["fluency", f"~{NOBODY}/b.txt", "--isolated"],
        ["compare", f"~{NOBODY}/b.txt", "a.txt", "--isolated"],
        ["compare", "a.txt", f"~{NOBODY}/b.txt", "--isolated"],
    ],
)
def test_an_unknown_user_input_is_unreadable_as_typed(
    run_mtaudit: Callable[[list[str]], Ran], home: Path, command: list[str]
) -> None:
    """An input the shell left as typed, `~nosuch/b.txt`, is unreadable as any missing
    input is (exit 2, its own line), and the other inputs are still audited: it was
    refused before anything was read, and every other input's report was lost."""
    ran = run_mtaudit(command)
    assert ran.code == 2
    assert ran.err == f"mtaudit: error: ~{NOBODY}/b.txt: no such file or directory\n"
    if command[0] == "audit":
        documents = json.loads(ran.out)["documents"]
        assert [(d["source"], d["status"]) for d in documents] == [
            ("a.txt", "ok"),
            (f"~{NOBODY}/b.txt", "error"),
        ]
    assert not Path(f"~{NOBODY}").exists()


def test_config_warns_of_an_unknown_user_input_as_of_a_missing_one(
    run_mtaudit: Callable[[list[str]], Ran], home: Path
) -> None:
    ran = run_mtaudit(["config", f"~{NOBODY}/b.txt", "--isolated"])
    assert ran.code == 0
    assert f"~{NOBODY}/b.txt: no such file or directory (audit would refuse it" in ran.err


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        (f'cache_dir = "~{NOBODY}/cache"', "cache_dir", f"~{NOBODY}/cache"),
        (f'history = "~{NOBODY}/h.db"', "history", f"~{NOBODY}/h.db"),
        (f'verdict_model = "~{NOBODY}/v.json"', "verdict_model", f"~{NOBODY}/v.json"),
        (f'model = "~{NOBODY}/small.gguf"', "model", f"~{NOBODY}/small.gguf"),
        (f'outputs = ["json:~{NOBODY}/r.json"]', "outputs entry", f"~{NOBODY}/r.json"),
    ],
)
def test_a_config_key(
    run_mtaudit: Callable[[list[str]], Ran], isolated_cwd: Path, line: str, key: str, value: str
) -> None:
    config = isolated_cwd / "mtaudit.toml"
    config.write_text(line + "\n", encoding="utf-8")
    refusal = f"{key} {value!r}: {NO_SUCH_USER} (from {config})"
    _refused(run_mtaudit(["audit", "missing.txt", "--no-lm"]), refusal)
    # `mtaudit config`, which shows the resolved paths, says the same.
    _refused(run_mtaudit(["config"]), refusal)


def test_the_cache_variable(
    run_mtaudit: Callable[[list[str]], Ran], isolated_cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    value = f"~{NOBODY}/cache"
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", value)
    refusal = f"$MTAUDIT_CACHE_DIR {value!r}: {NO_SUCH_USER}"
    _refused(run_mtaudit(["audit", "missing.txt", "--no-lm", "--isolated"]), refusal)
    _refused(run_mtaudit(["config", "--isolated"]), refusal)
    # A cache_dir set stands in for the variable, which is then not read at all.
    cache = isolated_cwd / "cache"
    assert load_config(["missing.txt"], overrides={"cache_dir": str(cache)}).cache_dir


@pytest.mark.skipif(os.name != "posix", reason="$HOME is the home folder on POSIX")
@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_or_relative_home_is_unset(monkeypatch: pytest.MonkeyPatch, home: str) -> None:
    """platformdirs' rule, which places the default cache folder: an empty or relative
    $HOME is read as unset, and the user's record gives the home folder. `~/h.db` was
    refused while the cache went to the record's folder (and with HOME empty,
    os.path made it /h.db)."""
    monkeypatch.setenv("HOME", home)
    recorded = pwd.getpwuid(os.getuid()).pw_dir
    assert expand_home("~/h.db", "--history") == os.path.join(recorded, "h.db")
    assert expand_home("~", "--history") == recorded


# A user id the password database has no record of, as a container may run as.
STRANGER = 54321
NO_HOME = "$HOME is not set, and this user has no home folder on record"
NO_CACHE_FOLDER = (
    f"the cache folder is in the home folder unless one is set, and {NO_HOME}; "
    "set HOME, $XDG_CACHE_HOME or $MTAUDIT_CACHE_DIR, or pass --cache-dir DIR"
)
NO_CACHE_KEPT = f"no cache is kept: {NO_CACHE_FOLDER}"


def _as_a_stranger(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``mtaudit ARGS`` run as STRANGER with HOME unset: no home folder at all. It keeps
    the rights to read this checkout and its Python wherever they are (under /root)."""
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "MTAUDIT_CACHE_DIR")}
    caps = "+dac_read_search,+dac_override"
    as_stranger = [
        *("setpriv", f"--reuid={STRANGER}", f"--regid={STRANGER}", "--clear-groups"),
        *(f"--inh-caps={caps}", f"--ambient-caps={caps}"),
    ]
    script = Path(sys.executable).with_name("mtaudit")
    return subprocess.run(
        [*as_stranger, str(script), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def _can_be_a_stranger() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    try:
        pwd.getpwuid(STRANGER)
    except KeyError:
        return True
    return False


@pytest.mark.skipif(not _can_be_a_stranger(), reason="needs root, setpriv and a uid unknown here")
def test_no_home_folder_on_record(tmp_path: Path) -> None:
    """A user with no home folder: `~` in a flag, and the default cache folder, were an
    internal error ("RuntimeError: could not determine the home directory") of every
    command, `rules` too, as the lexicons' copy was looked for in ~/.cache.

    The only test of NoCacheFolderError, of cache_root's except clause and of
    cache_dir_of and kept_path going on without it: no home folder cannot be had
    otherwise without mocking the password database, and mocks are for the network
    alone. So it is skipped unless the suite runs as root with setpriv (.ci/run runs
    `make test` and does not say as whom): `pytest -rs` names the skip where it is."""
    tmp_path.chmod(0o777)  # the stranger's working folder
    article = tmp_path / "a.txt"
    article.write_text("The minister spoke on Tuesday.\n", encoding="utf-8")
    if _as_a_stranger(["--version"], tmp_path).returncode != 0:
        pytest.skip("this checkout cannot be run as another user here")
    ran = _as_a_stranger(
        ["audit", "missing.txt", "--no-lm", "--isolated", "--history", "~/h.db"], tmp_path
    )
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == (
        f"mtaudit: error: --history '~/h.db': ~ is the home folder, and {NO_HOME}; "
        "write the path in full\n"
    )
    # The model keeps its conversion and its scores there: a run with the LM is refused
    # before any work (the article named does not exist, which the read would have said).
    for command in (["audit", "missing.txt"], ["compare", "missing.txt", "a.txt", "--fluency"]):
        ran = _as_a_stranger([*command, "--isolated"], tmp_path)
        assert (ran.returncode, ran.stdout) == (2, ""), command
        assert ran.stderr == f"mtaudit: error: {NO_CACHE_FOLDER}\n", command
    # Without the LM the cache only saves time: the run goes on, keeps none, and says so
    # once; with --no-cache, or with a folder for it, it says nothing.
    ran = _as_a_stranger(["audit", "a.txt", "--no-lm", "--isolated", "-q"], tmp_path)
    assert ran.returncode in (0, 1), ran.stderr
    assert ran.stderr == f"mtaudit: warning: {NO_CACHE_KEPT}\n"
    for flags in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")]):
        ran = _as_a_stranger(["audit", "a.txt", "--no-lm", "--isolated", "-q", *flags], tmp_path)
        assert (ran.returncode in (0, 1), ran.stderr) == (True, "")
    assert _as_a_stranger(["rules"], tmp_path).returncode == 0
    # Commands that open no cache run as they did before the cache folder was checked.
    db = "h.db"  # relative: the folders above tmp_path are closed to the stranger
    assert _as_a_stranger(
        ["audit", "a.txt", "--no-lm", "--no-cache", "--isolated", "-q", "--history", db], tmp_path
    ).returncode in (0, 1)
    for command in (
        ["history", "runs", "--history", db],
        ["history", "show", "1", "--history", db],
        ["history", "prune", "--keep", "5", "--history", db],
        ["compare", "a.txt", "a.txt", "--isolated", "-q"],
        ["compare", "a.txt", "a.txt", "--isolated", "-q", "--no-cache"],
    ):
        ran = _as_a_stranger(command, tmp_path)
        assert ran.returncode == 0, (command, ran.stderr)
    # `config`, where a user goes to find out why, shows it and refuses nothing.
    ran = _as_a_stranger(["config", "--isolated", "--no-lm", "--no-cache"], tmp_path)
    assert ran.returncode == 0, ran.stderr
    ran = _as_a_stranger(["config", "--isolated", "-f", "json"], tmp_path)
    assert ran.returncode == 0, ran.stderr
    cache = json.loads(ran.stdout)["settings"]["cache_dir"]
    assert cache["unused"] == NO_CACHE_FOLDER
    assert "resolved" not in cache


def test_a_home_folder_there_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    root = pwd.getpwuid(0).pw_name
    assert expand_home("~/h.db", "--history") == str(tmp_path / "h.db")
    assert expand_home("~", "--history") == str(tmp_path)
    assert expand_home(f"~{root}/x", "--history") == os.path.join(pwd.getpwnam(root).pw_dir, "x")
    # Only a leading ~ is a home folder.
    assert expand_home("a/~nosuchuserxyz", "--history") == "a/~nosuchuserxyz"
    with pytest.raises(ConfigError, match=r"^history '~nosuchuserxyz': .* \(from f\.toml\)$"):
        expand_home(f"~{NOBODY}", "history", " (from f.toml)")


def test_the_no_home_folder_line_reads_as_two_clauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The line the stranger test sees, here wherever the suite runs; the two clauses
    ran together ("is not set and this user has ...")."""
    monkeypatch.delenv("HOME", raising=False)
    assert no_home_folder() == NO_HOME
    monkeypatch.setenv("HOME", "rel")
    assert (
        no_home_folder()
        == "$HOME is 'rel', not an absolute path, and this user has no home folder on record"
    )
