"""Start-up: commands that do not run the language model never import it.

Importing torch and transformers costs 4-9 s, Ray seconds more: `mtaudit --version`,
`--help`, a rule-only audit (`--no-lm`, every report format, a history) and `mtaudit
rules` must not pay for them. Each case runs the console script in a process of its
own, which then says which of those modules it had imported when it exited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

HEAVY = ("torch", "transformers", "accelerate", "gguf", "ray", "sacrebleu")
# What `mtaudit --version` has no use for either: the engine and the commands, whose
# lexicons, numpy, trafilatura and httpx took seconds before it printed one line.
ENGINE = ("audits.engine", "cli.commands", "typer", "numpy")
# Runs the console script as installed (cli.app.main), then prints, as its last line,
# the heavy modules the run imported.
PROBE = """
import atexit, json, sys
atexit.register(
    lambda: print(json.dumps(sorted(m for m in WATCHED if m in sys.modules)), file=sys.stderr)
)
from cli.app import main
sys.argv = ["mtaudit", *sys.argv[1:]]
main()
"""


def heavy_imports(
    args: list[str], cwd: Path, watched: tuple[str, ...] = HEAVY
) -> tuple[int, list[str], str]:
    """Exit status, the ``watched`` modules the run imported, and its stdout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", f"WATCHED = {watched!r}\n{PROBE}", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    return result.returncode, json.loads(result.stderr.strip().splitlines()[-1]), result.stdout


def test_help_imports_no_model(tmp_path: Path) -> None:
    # Every command module is loaded before any runs (`rules`, `config` alike): this
    # is their start-up.
    code, imported, out = heavy_imports(["--help"], tmp_path)
    assert (code, imported) == (0, []) and "audit" in out


def test_version_prints_before_loading_the_engine(tmp_path: Path) -> None:
    from audits import __version__

    code, imported, out = heavy_imports(["--version"], tmp_path, HEAVY + ENGINE)
    assert (code, imported, out) == (0, [], f"mtaudit {__version__}\n")


def test_version_into_a_reader_gone_early(tmp_path: Path) -> None:
    """`mtaudit --version | true`: the fast path ended on a BrokenPipeError traceback
    and status 1, where a report into such a reader goes nowhere and the run ends as
    it would."""
    script = '"$@" | true; exit "${PIPESTATUS[0]}"'
    mtaudit = [sys.executable, "-c", f"WATCHED = ()\n{PROBE}"]
    result = subprocess.run(
        ["bash", "-c", script, "mtaudit", *mtaudit, "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args, status",
    [
        (["--help"], 0),
        (["audit", "--help"], 0),
        (["history", "runs", "--help"], 0),
        (["rules", "C201", "--help"], 0),
        # A group's help without --help is a usage error, status 2, piped or not.
        ([], 2),
        (["history"], 2),
    ],
)
def test_help_into_a_reader_gone_early(tmp_path: Path, args: list[str], status: int) -> None:
    """`mtaudit audit --help | head -1` ended with status 1: the help's printer (rich,
    or click) turned the broken pipe into status 1 before mtaudit's handling, where
    `--version | true` and a report into such a reader end as they would."""
    result = _into_a_stopped_reader(args, tmp_path, "")
    assert (result.returncode, result.stderr) == (status, ""), args


def _into_a_stopped_reader(
    args: list[str], cwd: Path, redirect: str
) -> subprocess.CompletedProcess[str]:
    """``mtaudit ARGS REDIRECT | true`` in a real process, with mtaudit's own status."""
    script = f'"$@" {redirect}| true; exit "${{PIPESTATUS[0]}}"'
    mtaudit = [sys.executable, "-c", "from cli.app import main; main()"]
    return subprocess.run(
        ["bash", "-c", script, "mtaudit", *mtaudit, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "--no-lm", "--allow", "--help", "missing.txt"],
        ["audit", "--no-lm", "--", "--help"],
    ],
)
def test_an_error_into_a_reader_gone_early_is_no_help(tmp_path: Path, args: list[str]) -> None:
    # "--help" as an option's value or a file's name: the run failed (a missing file),
    # its error line met the stopped reader, and that was taken for a help printed;
    # it exits as it would unpiped, not with the 1 of a failed gate.
    assert _into_a_stopped_reader(args, tmp_path, "2>&1 ").returncode == 2, args


def test_a_no_lm_audit_imports_no_model_whatever_it_writes(tmp_path: Path) -> None:
    outputs = [f"{fmt}:report.{fmt}" for fmt in ("json", "jsonl", "csv", "sarif", "html")]
    args = ["audit", str(SEED), "--no-lm", "--isolated", "--history", "h.sqlite", "-f", "github"]
    for output in [*outputs, "markdown:report.md"]:
        args += ["-o", output]
    code, imported, _ = heavy_imports(args, tmp_path)
    assert code == 1  # the sample is machine-translated
    assert imported == []
    assert len(list(tmp_path.glob("report.*"))) == 6


# The page and feed readers and their parsers: a fifth of a second of every audit.
READERS = ("audits.sources.html", "audits.sources.feed", "trafilatura", "feedparser")
# The fetcher and its network libraries: a twentieth of a second that every audit paid
# for its HTTP settings' dataclass, URLs or none.
NETWORK = ("audits.sources.http", "httpx", "httpcore")
# The paywall teaser finder, the page cleaner it uses and lxml: the CLI's notes read
# the teaser's meta key from there, which loaded them for a text file.
PAGE_CLEANING = ("audits.sources.teasers", "audits.sources.html_clean", "lxml")
# rich's Markdown renderer and markdown-it: only `mtaudit rules CODE` on a terminal
# renders Markdown, and every process imported it with the rules command's module.
MARKDOWN = ("rich.markdown", "markdown_it")
REPORTER_MODULES = tuple(
    f"audits.reports.{module}"
    for module in (
        "terminal",
        "json_report",
        "html_report",
        "markdown_report",
        "csv_report",
        "jsonl_report",
        "sarif_report",
        "github_report",
    )
)


def test_a_text_file_audit_loads_only_what_it_uses(tmp_path: Path) -> None:
    # The CI gate's `mtaudit audit --no-lm FILE`, once per commit: one run watches every
    # group, and the listing names whichever one came back.
    watched = HEAVY + READERS + NETWORK + PAGE_CLEANING + MARKDOWN + REPORTER_MODULES
    args = ["audit", str(SEED), "--no-lm", "--isolated", "-f", "json"]
    code, imported, out = heavy_imports(args, tmp_path, watched)
    assert code == 1 and json.loads(out)["documents"]
    assert imported == ["audits.reports.json_report"]


def test_a_page_loads_its_reader_when_it_is_needed(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>T</title></head><body><article><h1>Talks</h1>"
        + "<p>The minister said the talks in Geneva went well for both sides.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    args = ["audit", str(page), "--no-lm", "--isolated", "-f", "json"]
    code, imported, out = heavy_imports(args, tmp_path, READERS)
    (doc,) = json.loads(out)["documents"]
    assert code in (0, 1) and doc["title"] == "Talks"
    assert "the talks in Geneva" in doc["sentences"][1]["text"]
    assert imported == ["audits.sources.html", "trafilatura"]


def test_a_rule_explained_in_colour_loads_the_markdown_renderer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)  # it would beat FORCE_COLOR
    code, imported, out = heavy_imports(["rules", "C201"], tmp_path, MARKDOWN)
    assert (code, imported) == (0, sorted(MARKDOWN))
    assert "\x1b[" in out and "C201" in out


# The history and SQLite: an audit without --history opens none.
HISTORY = ("audits.history", "sqlite3")


def test_an_audit_without_a_history_loads_none(tmp_path: Path) -> None:
    args = ["audit", str(SEED), "--no-lm", "--isolated", "-o", "json:report.json"]
    code, imported, _ = heavy_imports(args, tmp_path, HISTORY)
    assert (code, imported) == (1, [])
    assert json.loads((tmp_path / "report.json").read_text())["documents"]
    # ... and with one, it is opened and written as before.
    code, imported, _ = heavy_imports([*args, "--history", "h.sqlite"], tmp_path, HISTORY)
    assert (code, imported) == (1, list(HISTORY))
    assert (tmp_path / "h.sqlite").stat().st_size > 0


def test_the_user_agent_names_the_httpx_that_sends_it() -> None:
    # Built by the fetcher, so that the settings need neither httpx nor its metadata.
    import httpx

    from audits import __version__
    from audits.sources.http import user_agent

    agent = user_agent()
    assert agent.startswith(f"mtaudit/{__version__} ")
    assert agent.endswith(f" python-httpx/{httpx.__version__}")


# What importing the packages loaded before they became lazy (PEP 562 __getattr__):
# the whole engine, its lexicons, wordfreq and the HTML and feed readers.
EAGER = (
    "audits.engine",
    "audits.detectors.registry",
    "audits.detectors.calques",
    "audits.sources.inputs",
    "wordfreq",
    "trafilatura",
    *HEAVY,
)


def _loaded_by(code: str) -> list[str]:
    """The EAGER modules a fresh interpreter holds after running ``code``."""
    return _probe(code, f"[m for m in {EAGER!r} if m in sys.modules]")


def _probe(code: str, expression: str) -> list[str]:
    """``expression`` (a list of names), evaluated in a fresh interpreter after ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps({expression}))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_a_submodule_does_not_load_the_engine() -> None:
    # cli.app.main imports audits.lm.loading before any command; each engine module
    # imports audits.errors or audits.config: each of them ran audits/__init__.py,
    # which imported the whole engine (a second or more per process).
    code = "import audits, audits.errors, audits.config, audits.lm.loading, audits.sources"
    assert _loaded_by(code) == []


def test_a_reader_that_asks_for_a_language_loads_no_rule_module() -> None:
    # The readers reached langdetect through the residue rules (sources -> detectors),
    # which loaded that rule module and its lexicons into a process that only reads.
    code = (
        "from audits.sources.legacy_charset import _language_of\n"
        "assert _language_of('Dzień dobry, jak się pan dzisiaj miewa? Wszystko dobrze.')"
    )
    detectors = "sorted(m for m in sys.modules if m.startswith('audits.detectors'))"
    assert _probe(code, detectors) == []


def test_the_public_names_load_on_first_use() -> None:
    import audits
    import audits.sources
    from audits import AuditConfig, audit_paths, read_inputs
    from audits.api import audit_paths as defined
    from audits.config import AuditConfig as config_class
    from audits.sources.inputs import read_inputs as reader

    assert audit_paths is defined and AuditConfig is config_class and read_inputs is reader
    for module in (audits, audits.sources):
        for name in module.__all__:
            assert name in dir(module), (module.__name__, name)
            assert getattr(module, name) is not None


def test_a_submodule_still_imports_by_name_and_an_unknown_name_is_an_attribute_error() -> None:
    import audits
    from audits import segment  # a submodule, not a lazy name: imported as before

    assert segment.__name__ == "audits.segment"
    with pytest.raises(AttributeError, match="module 'audits' has no attribute 'nonesuch'"):
        audits.nonesuch  # noqa: B018
    with pytest.raises(ImportError, match="nonesuch"):
        from audits import nonesuch  # noqa: F401


# What a command that audits nothing has no use for: the engine, every reader and the
# history, which each `mtaudit` process loaded while the command modules imported.
ENGINE_ONLY = ("audits.engine", "audits.sources.inputs", "audits.history")


@pytest.mark.parametrize(
    "args, unused",
    [
        (["--help"], (*ENGINE_ONLY, "audits.detectors.registry", "audits.reports.registry")),
        (["audit", "--help"], (*ENGINE_ONLY, "audits.detectors.registry")),
        (["history", "runs", "--help"], ENGINE_ONLY),
    ],
)
def test_a_command_that_audits_nothing_does_not_load_the_engine(
    tmp_path: Path, args: list[str], unused: tuple[str, ...]
) -> None:
    code, imported, out = heavy_imports(args, tmp_path, unused)
    assert (code, imported) == (0, []) and out, args


def test_an_audit_loads_the_reporters_it_writes_only(tmp_path: Path) -> None:
    # The registry imported all eight (the HTML writer, SARIF, GitHub's annotations)
    # for a terminal or JSON report (JSON: test_a_text_file_audit_loads_only_what_it_uses;
    # a file named by its extension alone: the last test of this file).
    args = ["audit", str(SEED), "--no-lm", "--isolated", "-o", "html:r.html"]
    code, imported, _ = heavy_imports(args, tmp_path, REPORTER_MODULES)
    assert (code, imported) == (1, ["audits.reports.html_report", "audits.reports.terminal"])


def test_the_format_names_are_the_reporters() -> None:
    """The help lists the formats from a table of names, which imports no reporter; it
    must name the reporters there are, in their order, or `--format` help would offer
    one that `get_reporter` refuses (or leave one out)."""
    from audits.reports import FORMAT_NAMES, REPORTERS, format_named
    from audits.reports.formats import TREND_FORMAT_NAMES
    from audits.reports.trend import TREND_REPORTERS
    from cli.outputs import FORMATS_HELP

    assert tuple(REPORTERS) == FORMAT_NAMES
    assert all(cls.name == name for name, cls in REPORTERS.items())
    assert tuple(TREND_REPORTERS) == TREND_FORMAT_NAMES
    assert ", ".join(REPORTERS) == FORMATS_HELP
    assert [format_named(n.upper()) for n in REPORTERS] == list(REPORTERS)
    assert format_named("Xml") == "Xml"


def test_the_reports_package_loads_its_names_on_first_use() -> None:
    # Importing a reporter's helper module (labels, write) ran audits/reports/__init__.py,
    # which imported every reporter and, through them, the engine.
    assert _loaded_by("import audits.reports, audits.reports.labels, audits.reports.write") == []
    import audits.reports

    for name in audits.reports.__all__:
        assert name in dir(audits.reports) and getattr(audits.reports, name) is not None


# What listing, explaining and checking rules has no use for: the detectors (their
# lexicons, numpy, wordfreq), which `rules`, `config` and every history command loaded
# for the rules' names and codes; the engine and the readers; the model.
NO_DETECTORS = (
    "audits.engine",
    "audits.sources.inputs",
    "audits.detectors.base",
    "audits.detectors.registry",
    "audits.detectors.calques",
    "audits.ray_engine",
    # The decoders, wordfreq with them: `config` loaded them for two JSON helpers the
    # verdict model and the config check share with the JSON reader.
    "audits.sources.decode",
    "wordfreq",
    *HEAVY,
)


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["rules", "C201"],
        ["rules", "C2", "--format", "json"],
        ["config", str(SEED.parent)],
        ["config", "--format", "json", "--no-lm", "--select", "C,T", "--fail-on", "C201"],
    ],
)
def test_rules_and_config_load_no_detector(tmp_path: Path, args: list[str]) -> None:
    code, imported, out = heavy_imports(args, tmp_path, NO_DETECTORS)
    assert (code, imported) == (0, []) and out, args


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a history database of one --no-lm audit of the sample."""
    where = tmp_path_factory.mktemp("history")
    args = ["audit", str(SEED), "--no-lm", "--isolated", "--history", "h.sqlite"]
    code, _, _ = heavy_imports(args, where, ())
    assert code == 1  # the sample is machine-translated
    return where


# The history commands read SQLite and render a stored run: nor numpy, nor wordfreq.
HISTORY_UNUSED = (*NO_DETECTORS, "numpy")


@pytest.mark.parametrize(
    "args",
    [
        ["history", "runs"],
        ["history", "runs", "--format", "json"],
        ["history", "show", "1"],
        ["history", "show", "latest", "--format", "sarif", "-o", "sarif:shown.sarif"],
        ["history", "show", "1", "--format", "json"],
        ["history", "prune", "--keep", "1"],
        ["history", "accept", "1"],
        ["report"],
        ["report", "--format", "json"],
    ],
)
def test_the_history_commands_load_no_engine_reader_or_detector(
    recorded: Path, args: list[str]
) -> None:
    code, imported, _ = heavy_imports([*args, "--history", "h.sqlite"], recorded, HISTORY_UNUSED)
    assert (code, imported) == (0, []), args


def test_a_report_file_named_by_its_extension_loads_its_reporter_only(tmp_path: Path) -> None:
    # The registry found the format of `-o r.html` by asking every reporter class
    # for its extensions, which imported all eight.
    args = ["audit", str(SEED), "--no-lm", "--isolated", "-o", "r.html"]
    code, imported, _ = heavy_imports(args, tmp_path, REPORTER_MODULES)
    assert (code, imported) == (1, ["audits.reports.html_report", "audits.reports.terminal"])
