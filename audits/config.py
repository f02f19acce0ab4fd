"""AuditConfig and where its values come from.

Settings are read from ``mtaudit.toml`` (top level) or ``[tool.mtaudit]`` in
``pyproject.toml``, found by walking up from the inputs; command-line flags
override the file. Every value remembers its origin so ``mtaudit config`` can
show why a setting has the value it has.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from audits.byte_order_marks import text_file_encoding
from audits.document import Severity
from audits.durations import time_zone
from audits.errors import ConfigError, UsageError, read_reason
from audits.folder_names import rebased, refuse_a_separator
from audits.home_folder import expand_home, expand_to_read
from audits.rules import SELECT_ADVICE, code_of, rule_codes

CONFIG_FILENAMES = ("mtaudit.toml", "pyproject.toml")
# The settings that hold one path, relative to the config file that sets them.
PATH_SETTINGS = ("history", "verdict_model", "cache_dir", "model")
# The origins of values not read from a file: flags, and a library call's keyword
# settings (``audit_paths(paths, jobs=0)``), which were named "(from the command
# line)" to a caller who had typed no command. Paths from either are relative to
# the working folder.
COMMAND_LINE = "command line"
LIBRARY_CALL = "library call"
NOT_FROM_A_FILE = ("default", COMMAND_LINE, LIBRARY_CALL)
ENGINES = ("local", "ray")


@dataclass
class AuditConfig:
    """Everything that changes what an audit finds or how it is judged."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    # Per-code severity overrides, e.g. {"T101": "info"}.
    severity: dict[str, Severity] = field(default_factory=dict)
    # P(machine-translated) at or above which a document fails the gate;
    # None means the verdict model's own default threshold.
    fail_over: float | None = None
    fail_on: list[str] = field(default_factory=list)
    # A verdict model written by bench/fit_verdict.py (say, refitted on your own
    # labelled articles) instead of the packaged one; relative to the config file.
    verdict_model: str | None = None
    # Names and phrases that must never be flagged (case-insensitive substrings).
    allow: list[str] = field(default_factory=list)
    lm: bool = True
    model: str | None = None
    device: str = "cpu"
    dtype: str = "auto"
    # auto / compiled / eager: see audits/lm/head_kernel.py.
    lm_kernel: str = "auto"
    batch_size: int = 16
    context_sentences: int = 1
    cache: bool = True
    cache_dir: str | None = None
    # Fluency percentile (of original-English sentences) under which F601 fires.
    fluency_percentile: float = 5.0
    input_kind: str | None = None
    # Feeds: audit at most this many entries per feed, only those published
    # since this date (ISO 8601 or a relative age such as "7d"), and fetch the
    # linked page of entries that carry only a summary.
    max_entries: int | None = None
    since: str | None = None
    fetch_articles: bool = False
    # Links found inside feeds, and URLs a served list of URLs names, are untrusted:
    # unless this is set, they are never fetched from loopback, private, link-local or other
    # non-public addresses.
    fetch_private_links: bool = False
    # HTTP limits for URLs, feeds and article pages (see README, "Inputs").
    http_connect_timeout: float = 10.0
    http_read_timeout: float = 20.0
    http_total_timeout: float = 60.0
    http_max_bytes: int = 10 * 1024 * 1024
    http_max_redirects: int = 5
    http_retries: int = 2
    http_backoff: float = 0.5
    http_per_host: int = 2
    http_concurrency: int = 8
    jobs: int = 1
    # Where the documents are audited: "local" (this machine, `jobs` processes) or
    # "ray" (Ray workers: a local Ray started for the run, or the cluster at
    # `ray_address`, "auto" or "ray://host:port"; see audits.ray_engine).
    engine: str = "local"
    ray_address: str | None = None
    # Seconds a Ray worker may take to start (load the lexicons and the model, once Ray
    # runs it: not the wait for a free CPU) or to audit one batch before it is taken
    # for hung: killed, and its documents audited again elsewhere (see audits.ray_engine).
    # Also how long a Ray run may have no worker running at all (every one waiting
    # for a free CPU) before it fails.
    ray_batch_timeout: float = 900.0
    # The report printed on stdout (like --format) and report files written
    # on every run (like --output [FMT:]PATH; relative to the config file).
    format: str | None = None
    outputs: list[str] = field(default_factory=list)
    # The history database every run is recorded in (like --history PATH;
    # relative to the config file).
    history: str | None = None
    # The time zone `report` and `history runs` count days and print times in (like
    # --tz: an IANA name, "UTC" or "local"); None is UTC. It changes no result.
    tz: str | None = None
    # Where each value came from ("default", a file path, "command line",
    # "library call").
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")

    def resolved_path(self, key: str) -> str | None:
        """A path setting as given on the command line, or relative to the config file
        that set it; ``~`` is the home folder wherever it was written (from a config
        file, ``cache_dir = "~/.cache/x"`` was a folder named ``~`` beside the file)."""
        value = getattr(self, key)
        if not value:
            return None
        origin = self.origin(key)
        # A trailing separator says a folder is meant (`history = "state/"`): kept, so
        # what takes the path can refuse it rather than make a file so named.
        base = None if origin in NOT_FROM_A_FILE else Path(origin).parent
        return rebased(value, base, *self.named(key))

    def named(self, key: str) -> tuple[str, str]:
        """How an error names setting ``key`` and where it is from: the flag that set it
        (``--cache-dir``), else the key and its origin (``cache_dir``, `` (from
        /site/mtaudit.toml)``)."""
        if self.origin(key) == COMMAND_LINE:
            return f"--{key.replace('_', '-')}", ""
        return key, origin_note(self, key)

    def severity_for(self, code: str) -> Severity | None:
        """The user's severity for ``code``: an exact code wins over the longest prefix."""
        best: tuple[int, Severity] | None = None
        for selector, level in self.severity.items():
            if selector == code:
                return level
            if (selector == "ALL" or code.startswith(selector)) and (
                best is None or len(selector) > best[0]
            ):
                best = (0 if selector == "ALL" else len(selector), level)
        return best[1] if best else None

    def settings(self) -> dict[str, Any]:
        """Plain values (for reports and `mtaudit config`)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "origins":
                continue
            value = getattr(self, f.name)
            if isinstance(value, dict):
                value = {k: str(v) for k, v in value.items()}
            out[f.name] = value
        return out


_FIELDS = {f.name: f for f in dataclasses.fields(AuditConfig) if f.name != "origins"}
# Accept the spellings users type on the command line too.
_ALIASES = {
    "fail-over": "fail_over",
    "fail-on": "fail_on",
    "verdict-model": "verdict_model",
    "batch-size": "batch_size",
    "lm-kernel": "lm_kernel",
    "context-sentences": "context_sentences",
    "cache-dir": "cache_dir",
    "fluency-percentile": "fluency_percentile",
    "input-kind": "input_kind",
    "severities": "severity",
}
_FLOAT_KEYS = frozenset(
    {
        "fail_over",
        "fluency_percentile",
        "http_connect_timeout",
        "http_read_timeout",
        "http_total_timeout",
        "http_backoff",
        "ray_batch_timeout",
    }
)
_INT_KEYS = frozenset(
    {
        "batch_size",
        "context_sentences",
        "jobs",
        "max_entries",
        "http_max_bytes",
        "http_max_redirects",
        "http_retries",
        "http_per_host",
        "http_concurrency",
    }
)


_LIST_KEYS = frozenset({"select", "ignore", "fail_on", "allow", "outputs"})
_BOOL_KEYS = frozenset({"lm", "cache", "fetch_articles", "fetch_private_links"})


def _expected(key: str) -> str:
    """What a setting takes, in the words of its error message."""
    if key in _LIST_KEYS:
        return "a list of strings"
    if key == "severity":
        return "a table of rule code = info, warning or error"
    if key in _FLOAT_KEYS:
        return "a number"
    if key in _INT_KEYS:
        return "a whole number"
    if key in _BOOL_KEYS:
        return "true or false"
    return "a string"


def _coerce(key: str, value: Any, where: str) -> Any:
    """Check a value (from a config file, a keyword argument or an AuditConfig built by
    hand) against the field's type; a string stands for a list of one."""
    expected = _FIELDS[key].type
    bad = ConfigError(
        f"{where}: `{key}` has the wrong type ({type(value).__name__}; expected {_expected(key)})"
    )
    if key in _LIST_KEYS:
        # A bare string would otherwise be read letter by letter: allow="Lavrov" allowed
        # every finding holding an "a".
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            raise bad
        strays = [v for v in value if not isinstance(v, str)]
        if strays:
            # "(list; expected a list of strings)" named the list, which was right. The
            # item as the file spells it (true, ["a"]), as a severity's level is shown.
            shown = json.dumps(strays[0], default=str, ensure_ascii=False)
            raise ConfigError(
                f"{where}: `{key}` has the wrong type (a list holding "
                f"{type(strays[0]).__name__} {shown}; expected a list of strings)"
            )
        return list(value)
    if key == "severity":
        if not isinstance(value, dict):
            raise bad
        severities: dict[str, Severity] = {}
        spelt: dict[str, str] = {}
        for code, level in value.items():
            if not isinstance(level, str) or level.lower() not in set(Severity):
                # As the file spells it: Python's "('1' is not a valid Severity)" quoted a
                # number, and str() wrote true as True.
                shown = json.dumps(level, default=str, ensure_ascii=False)
                raise ConfigError(
                    f"{where}: severity must be info, warning or error ({code} = {shown})"
                )
            # As the flags read codes: " c201 " was kept with its spaces, and a rule's
            # name (french-calque) as FRENCH-CALQUE, which no finding's code starts
            # with, so the severity was never applied.
            normal = code_of(str(code))
            if normal in spelt:
                raise ConfigError(
                    f"{where}: severity sets {normal} twice ({spelt[normal]!r} and "
                    f"{str(code)!r}); keep one"
                )
            spelt[normal] = str(code)
            severities[normal] = Severity(level.lower())
        return severities
    if key in _FLOAT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
        return float(value)
    if key in _INT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        return value
    if key in _BOOL_KEYS:
        if not isinstance(value, bool):
            raise bad
        return value
    if key == "since" and isinstance(value, dt.date):
        return value.isoformat()  # TOML reads `since = 2024-05-01` as a date
    if "str" in str(expected):
        if not isinstance(value, str):
            raise bad
        return value
    return value


def _typed(config: AuditConfig) -> None:
    """Every field of ``config`` checked against its type, in place.

    Config files are checked as they are read; this catches the other ways in: keyword
    settings (``audit_paths(paths, lm="no")``, a truthy string that loaded the model)
    and an AuditConfig built by hand (``jobs="2"`` failed deep in the engine).
    """
    for key, spec in _FIELDS.items():
        value = getattr(config, key)
        origin = config.origin(key)
        # Command-line flags arrive typed; a "command line" value of the wrong type is
        # a keyword setting of load_config's overrides.
        where = {
            "default": "AuditConfig",
            COMMAND_LINE: "settings",
            LIBRARY_CALL: "settings (from the library call)",
        }.get(origin, origin)
        if value is None:
            if "None" in str(spec.type):
                continue
            if key in _LIST_KEYS or key == "severity":
                setattr(config, key, {} if key == "severity" else [])
                continue
        setattr(config, key, _coerce(key, value, where))


def validate(config: AuditConfig) -> AuditConfig:
    from audits.lm.preflight import one_name_per_device

    _typed(config)
    for key in ("select", "ignore", "fail_on"):
        # As the flags read them: `select = "C,N"` (or ["C,N"]) ran C and N but the run's
        # signature and `config` recorded the one code "C,N", so it matched no run
        # given `--select C,N` or `select = ["C", "N"]`.
        if getattr(config, key) is not None:
            setattr(config, key, rule_codes(getattr(config, key), key, origin_note(config, key)))
    if config.select == []:
        # Refused here, not only where the rules are chosen, to say where it came from:
        # `select = []` in a config file was refused naming no file.
        _refuse(config, "select", f"is empty: {SELECT_ADVICE}")
    if config.fail_over is not None and math.isnan(config.fail_over):
        # The range check alone read 'nan' as a number out of range.
        _refuse(config, "fail_over", "is nan, not a number (give a P between 0 and 1)")
    if config.fail_over is not None and not 0.0 <= config.fail_over <= 1.0:
        _refuse(config, "fail_over", f"must be between 0 and 1, not {config.fail_over}")
    if config.fail_over is not None:
        config.fail_over += 0.0  # -0.0 is 0: the JSON report wrote a threshold of -0.0
    if not 0.0 < config.fluency_percentile < 100.0:
        _refuse(config, "fluency_percentile", "must be between 0 and 100")
    for key in ("batch_size", "jobs"):
        if getattr(config, key) < 1:
            _refuse(config, key, f"must be at least 1, not {getattr(config, key)}")
    if config.context_sentences < 0:
        _refuse(config, "context_sentences", f"must be at least 0, not {config.context_sentences}")
    if config.engine not in ENGINES:
        _refuse(config, "engine", f"must be {' or '.join(ENGINES)}, not {config.engine!r}")
    for key in (*PATH_SETTINGS, "format"):
        value = getattr(config, key)
        if value is not None and not value.strip():
            # history = "" (a templated file whose variable was unset) recorded nothing,
            # and an empty model, cache or verdict model fell back to the default;
            # history = "   " made a database named with three spaces.
            said = "empty" if not value else f"blank ({value!r})"
            _refuse(config, key, f"is {said} (an unset variable?); leave it out for the default")
    if config.tz is not None:
        try:
            time_zone(config.tz, "tz")
        except UsageError as exc:
            raise ConfigError(f"{exc}{origin_note(config, 'tz')}") from None
    if config.format is not None:
        from audits.reports import format_named

        config.format = format_named(config.format)  # as --format takes any case
    for key in (*PATH_SETTINGS, "outputs"):
        value = getattr(config, key)
        if any("\0" in v for v in (value if isinstance(value, list) else [value or ""])):
            # TOML spells one \u0000: `history`, `outputs` and `verdict_model` so spelt
            # ended in "internal error: ValueError: embedded null byte".
            _refuse(config, key, "holds a NUL character, which no file name can hold")
    for key in PATH_SETTINGS:
        if getattr(config, key) == "-":
            # As the flags refuse it: history = "-" made a database named "-" beside
            # the config file, without a word.
            _refuse(
                config,
                key,
                "'-' names no file (it is not stdin or stdout here); for a file named '-', "
                "write ./-",
            )
        # A ~user that names no home folder, refused before any work: the path was
        # first expanded when the cache, the history or the model was opened.
        config.resolved_path(key)
    if "" in config.outputs:
        _refuse(config, "outputs", "holds an empty path (an unset variable?)")
    if blank := [phrase for phrase in config.allow if not phrase.strip()]:
        # " " (--allow "$A $B", both unset) dropped every finding with a space in its
        # text, and "" from the command line replaced the file's list with nothing.
        _refuse(
            config,
            "allow",
            f"holds a blank phrase ({blank[0]!r}), which names nothing to allow (an unset "
            "variable?); give names or phrases, or leave it out",
        )
    if config.ray_address is not None and not config.ray_address.strip():
        _refuse(config, "ray_address", "must not be empty (leave it out to start a local Ray)")
    if config.dtype not in ("auto", "fp32", "bf16"):
        _refuse(config, "dtype", f"must be auto, fp32 or bf16, not {config.dtype!r}")
    if config.lm_kernel not in ("auto", "compiled", "eager"):
        _refuse(config, "lm_kernel", f"must be auto, compiled or eager, not {config.lm_kernel!r}")
    try:
        config.device = one_name_per_device(config.device)
    except ConfigError as exc:
        raise ConfigError(f"{exc}{origin_note(config, 'device')}") from None
    _validate_inputs(config)
    _check_the_cache_folder(config)
    return config


def _check_the_cache_folder(config: AuditConfig) -> None:
    """cache_dir names a folder: one that is a file (`cache_dir = "mtaudit.toml"`) kept
    no cache, without a word, in a run without the model, and failed only once the
    model was to be loaded, as every path setting named as the wrong kind is refused
    before any work. (The default folder where there is no home folder for it is the
    business of the commands that open a cache: see ``no_cache_folder``.)"""
    from audits.lm.paths import CACHE_ENV

    shown, origin = config.resolved_path("cache_dir"), origin_note(config, "cache_dir")
    if shown is not None:
        path = Path(shown)
    else:
        # $MTAUDIT_CACHE_DIR stands in for an unset cache_dir, and naming a file there
        # lost the cache as silently.
        shown, origin = os.environ.get(CACHE_ENV) or None, f" (from ${CACHE_ENV})"
        if shown is None:
            return
        # resolved_path has expanded a configured ~ already; the variable's is here.
        path = Path(expand_home(shown, f"${CACHE_ENV}"))
    if path.exists() and not path.is_dir():
        raise ConfigError(f"cache_dir {shown}: {path} is a file, not a directory{origin}")


def origin_note(config: AuditConfig, key: str) -> str:
    """Where a refused value came from, for its error: " (from /site/mtaudit.toml)".
    A value from a config file the user did not name would otherwise look like a
    mistake in what they typed."""
    origin = config.origin(key)
    if origin == "default":
        return ""
    if origin in (COMMAND_LINE, LIBRARY_CALL):
        return f" (from the {origin})"
    return f" (from {origin})"


def _refuse(config: AuditConfig, key: str, problem: str) -> NoReturn:
    raise ConfigError(f"{key} {problem}{origin_note(config, key)}")


def _validate_inputs(config: AuditConfig) -> None:
    from audits.sources.base import KINDS
    from audits.sources.dates import parse_since

    _require_finite(config)
    if config.input_kind is not None and config.input_kind not in KINDS:
        _refuse(
            config,
            "input_kind",
            f"must be one of {', '.join(KINDS)}, not {config.input_kind!r}",
        )
    if config.max_entries is not None and config.max_entries < 1:
        _refuse(config, "max_entries", "must be at least 1")
    if config.since is not None:
        origin = config.origin("since")
        parse_since(
            config.since,
            what={COMMAND_LINE: "--since", LIBRARY_CALL: "since"}.get(origin, f"{origin}: since"),
            tz=config.tz,
        )
    for key in (
        "http_connect_timeout",
        "http_read_timeout",
        "http_total_timeout",
        "ray_batch_timeout",
    ):
        if getattr(config, key) <= 0:
            _refuse(config, key, "must be more than 0 seconds")
    for key in ("http_backoff", "http_retries"):
        if getattr(config, key) < 0:
            _refuse(config, key, "must not be negative")
    if config.http_max_bytes < 1024:
        _refuse(config, "http_max_bytes", "must be at least 1024")
    if not 0 <= config.http_max_redirects <= 10:
        _refuse(config, "http_max_redirects", "must be between 0 and 10")
    for key in ("http_per_host", "http_concurrency"):
        if getattr(config, key) < 1:
            _refuse(config, key, "must be at least 1")


def _require_finite(config: AuditConfig) -> None:
    # NaN slips past every `<= 0` and range check (each comparison is False), and an
    # infinite timeout or backoff only fails later, deep in the HTTP client.
    for key in sorted(_FLOAT_KEYS):
        value = getattr(config, key)
        if value is not None and not math.isfinite(value):
            _refuse(config, key, f"must be a finite number, not {value}")


def find_config_file(starts: Iterable[str | os.PathLike[str]]) -> Path | None:
    """The nearest mtaudit.toml, or pyproject.toml with [tool.mtaudit], above the inputs."""
    from audits.sources.links import real_path  # audits.sources reads this module

    seen: set[Path] = set()
    for start in starts:
        path = Path(start)
        if str(start) == "-" or "://" in str(start):
            path = Path.cwd()
        try:
            path = real_path(path)  # before any input is read: a link may loop
        except OSError:
            continue
        # os.path's check: pathlib's raises for a path in a folder that cannot be
        # searched, an input the run reports as unreadable.
        directory = path if os.path.isdir(path) else path.parent
        for candidate_dir in (directory, *directory.parents):
            if candidate_dir in seen:
                break
            seen.add(candidate_dir)
            found = _config_in(candidate_dir)
            if found:
                return found
    return None


# Textual, so that a pyproject.toml that does not parse can still be recognised as ours.
_OUR_TABLE = re.compile(r"\[\s*tool\s*\.\s*[\"']?mtaudit\b")


def _config_in(directory: Path) -> Path | None:
    own = directory / "mtaudit.toml"
    # Found when it is there at all: a broken link or a folder so named was passed over
    # unsaid, and the run went on with the file above it or the defaults; reading it
    # now says why it cannot be read.
    if os.path.lexists(own):
        if os.path.exists(own) and not (os.path.isfile(own) or os.path.isdir(own)):
            # Not read: a pipe so named waited for a writer for ever, and a link to a
            # device (/dev/null) read as an empty config; both were passed over before.
            raise ConfigError(f"{own}: cannot read config file (not a regular file)")
        return own
    pyproject = directory / "pyproject.toml"
    if not os.path.isfile(pyproject):
        return None
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return None
    try:
        data = _parse_toml(raw, pyproject)
    except ConfigError:
        # A broken [tool.mtaudit] must not silently drop its gates; a broken pyproject.toml
        # that never mentions mtaudit (a project mid-edit) is none of our business.
        # Decoded first: in UTF-16 or UTF-32 the bytes of "[tool.mtaudit" never match.
        if _OUR_TABLE.search(raw.decode(text_file_encoding(raw), errors="replace")):
            raise
        return None
    tool = data.get("tool")
    return pyproject if isinstance(tool, dict) and "mtaudit" in tool else None


def _parse_toml(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        # By the BOM: editors on Windows save UTF-8 with one, which tomllib rejects, and
        # PowerShell 5's `>` writes UTF-16 with one ("not UTF-8: byte 0xff"); without
        # one, by where the first character's NULs fall.
        return tomllib.loads(raw.decode(text_file_encoding(raw)))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config file ({read_reason(exc)})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from exc


def read_config_file(path: str | os.PathLike[str], *, named: bool = False) -> dict[str, Any]:
    """The mtaudit table of a config file, validated key by key; ``named``: the caller
    asked for this file (``--config``), which must then hold mtaudit's settings."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({read_reason(exc)})") from exc
    data = _parse_toml(raw, path)
    if path.name == "pyproject.toml":
        table = _tool_table(data, path)  # a `tool` that is a table, by now
        if named and "mtaudit" not in data.get("tool", {}):
            # `--config pyproject.toml` with the settings at the top, or none at all:
            # nothing of it was read, and the run gated on the defaults unsaid.
            raise ConfigError(
                f"{path}: no [tool.mtaudit] table; a pyproject.toml holds mtaudit's settings there"
            )
        data = table
    elif isinstance(data.get("tool"), dict) and "mtaudit" in data["tool"]:
        # pyproject.toml's table copied here read "unknown setting `tool` (known: ...)".
        raise ConfigError(
            f"{path}: [tool.mtaudit] is a table for pyproject.toml; in {path.name} the "
            "settings stand at the top, under no table"
        )
    return _normalise(data, str(path))


def _tool_table(data: Mapping[str, Any], path: Path) -> Mapping[str, Any]:
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table, not {type(tool).__name__}")
    table = tool.get("mtaudit", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: `tool.mtaudit` must be a table, not {type(table).__name__}")
    return table


def _normalise(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    spelt: dict[str, str] = {}  # each setting's key as the file spells it
    for raw_key, value in data.items():
        key = _ALIASES.get(raw_key, raw_key.replace("-", "_"))
        if key not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            raise ConfigError(f"{where}: unknown setting `{raw_key}` (known: {known})")
        if key in spelt:
            # `fail-over = 0.8` and `fail_over = 0.9` are two keys to TOML: the later
            # one won unsaid, which a gate's author could not tell from the file.
            raise ConfigError(
                f"{where}: `{key}` is set twice (as `{spelt[key]}` and `{raw_key}`); keep one"
            )
        spelt[key] = raw_key
        out[key] = _coerce(key, value, where)
    return out


def build_config(
    file_values: Mapping[str, Any] | None = None,
    file_path: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    given_by: str = COMMAND_LINE,
) -> AuditConfig:
    """Defaults, then the config file, then overrides (None = not given) from
    ``given_by``: the command line, or a library call (``LIBRARY_CALL``)."""
    if given_by not in (COMMAND_LINE, LIBRARY_CALL):
        # Any other string read as a config file's path, and paths were resolved from it.
        raise ValueError(f"given_by is COMMAND_LINE or LIBRARY_CALL, not {given_by!r}")
    config = AuditConfig()
    for key, value in (file_values or {}).items():
        setattr(config, key, value)
        config.origins[key] = file_path or "config file"
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in _FIELDS:
            raise ConfigError(f"unknown setting `{key}`")
        setattr(config, key, value)
        config.origins[key] = given_by
    return validate(config)


def load_config(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    explicit: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    discover: bool = True,
    given_by: str = COMMAND_LINE,
) -> AuditConfig:
    """The effective config for a run over ``inputs`` (one path or several);
    ``overrides`` are named in errors as coming from ``given_by``."""
    # One path is one path: a bare string was read letter by letter, and the config
    # found was the working directory's rather than the file's.
    starts = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    if explicit:
        # `--config=~/m.toml` and a quoted '~/m.toml' reach here as typed; a file only
        # read takes ~ by the shell's rule, so a `~m.toml` here is read as before.
        typed = os.fspath(explicit)
        explicit = expand_to_read(typed)
        # Named as typed, as every other --config line: `--config ~/` was said as
        # `--config /home/ann/`.
        if refusal := refuse_a_separator(f"--config {typed}", explicit):
            raise ConfigError(refusal)
    path: Path | None = Path(explicit) if explicit else None
    if path is None and discover:
        path = find_config_file(starts or ["."])
    values = read_config_file(path, named=explicit is not None) if path else {}
    return build_config(values, str(path) if path else None, overrides, given_by=given_by)
