"""A device or model path that cannot work fails before any input is read.

Loading the model comes after every input has been read and split; a device the
machine lacks used to be found only then (feeds fetched, 20 s spent, then the error).
``cuda:99`` is missing on any machine, with or without a GPU.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.config import AuditConfig, load_config
from audits.document import Document
from audits.engine import audit_documents
from audits.errors import ConfigError, ModelError
from audits.fluency import score_documents
from audits.lm import factory
from audits.lm.preflight import MODEL_VALUES
from audits.reference import compare
from audits.reuse import settings_key
from cli.app import app
from tests.feedserver import FeedServer

MISSING_DEVICE = "cuda:99"


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("mtaudit: error: ") and "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("device", ["nonsense", "gpu", "cuda:", "cuda:x", "CPU", ""])
def test_a_device_torch_cannot_name_is_refused_with_the_settings(device: str) -> None:
    with pytest.raises(ConfigError, match="device must be cpu, cuda, cuda:N, mps or xpu"):
        load_config(["."], overrides={"device": device}, discover=False)


@pytest.mark.parametrize("device", ["cpu", "cuda", "cuda:1", "mps", "xpu:0"])
def test_devices_torch_can_name_are_settings_even_without_the_hardware(device: str) -> None:
    # `mtaudit config` on a laptop shows the settings of a GPU runner without failing.
    assert load_config(["."], overrides={"device": device}, discover=False).device == device


def _settings(**given: object) -> AuditConfig:
    return load_config(["."], overrides=given, discover=False)


@pytest.mark.parametrize("device", ["cpu:0", "cpu:3"])
def test_an_index_on_the_cpu_names_the_one_cpu(device: str, tmp_path: Path) -> None:
    # `--device cpu:0` keyed its results by the raw name: a --history run on `cpu` was
    # not reused by the same run on `cpu:0`, a notebook loaded the model again, and
    # the report said `cpu:0`. torch has one cpu device, whatever the index.
    on_cpu = _settings(device="cpu", cache_dir=str(tmp_path), dtype="fp32")
    indexed = _settings(device=device, cache_dir=str(tmp_path), dtype="fp32")
    assert indexed.device == "cpu"
    selected = frozenset({"S500"})
    assert settings_key(indexed, selected) == settings_key(on_cpu, selected)
    assert factory._scorer_key(indexed) == factory._scorer_key(on_cpu)
    # What does change the scores still keys them apart.
    for other in (
        _settings(device=device, cache_dir=str(tmp_path), dtype="bf16"),
        _settings(device=device, cache_dir=str(tmp_path), dtype="fp32", model="org/other"),
    ):
        assert settings_key(other, selected) != settings_key(on_cpu, selected)
        assert factory._scorer_key(other) != factory._scorer_key(on_cpu)


def test_cuda_and_cuda_0_stay_two_settings() -> None:
    # `cuda` is torch's current device, which a library caller may have set to cuda:1.
    assert _settings(device="cuda:0").device == "cuda:0"
    assert _settings(device="cuda").device == "cuda"


def test_a_device_in_the_config_file_is_checked_like_the_flag(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "mtaudit.toml").write_text('device = "gpu"\n', encoding="utf-8")
    result = runner.invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 2
    assert "device must be cpu, cuda" in one_error_line(result.output)


def _never_read() -> Iterator[Document]:
    raise AssertionError("the inputs were read before the device was checked")
    yield  # pragma: no cover


def test_the_engine_checks_the_device_before_reading_its_inputs() -> None:
    with pytest.raises(ModelError, match=f"device '{MISSING_DEVICE}' is not available"):
        audit_documents(_never_read(), AuditConfig(device=MISSING_DEVICE))
    with pytest.raises(ModelError, match="does not exist"):
        audit_documents(_never_read(), AuditConfig(model="./no-such-model-dir"))


def test_without_the_model_the_device_is_never_looked_at() -> None:
    doc = Document(id="a", text="The council met on Monday.", source="a")
    run = audit_documents([doc], AuditConfig(lm=False, device=MISSING_DEVICE))
    assert run.documents[0].ok


def test_fluency_checks_the_device_before_reading_its_inputs() -> None:
    with pytest.raises(ModelError, match="is not available"):
        score_documents(_never_read(), AuditConfig(device=MISSING_DEVICE))


def test_compare_with_fluency_checks_the_device_before_reading_its_files(tmp_path: Path) -> None:
    missing = str(tmp_path / "hyp.txt")
    with pytest.raises(ModelError, match="is not available"):
        compare([missing, missing], config=AuditConfig(device=MISSING_DEVICE), fluency=True)


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--device", MISSING_DEVICE], f"device '{MISSING_DEVICE}' is not available"),
        (["--model", "{tmp}/no-such-model"], "model directory"),
        (["--model", "{tmp}/model.gguf"], "model file"),
        (["--model", "{tmp}/notes.txt"], "is a file but not a .gguf file"),
        # A name the hub could not hold was looked up on the hub (and said so) where a
        # config file's was named as a path.
        (["--model", "no-such-model/"], "model directory 'no-such-model/' does not exist"),
        (["--model", "./notes.txt"], "model './notes.txt' is a file but not a .gguf file"),
    ],
)
@pytest.mark.parametrize("command", ["audit", "fluency"])
def test_a_bad_model_or_device_fails_before_any_feed_is_fetched(
    runner: CliRunner,
    feed_server: FeedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    flags: list[str],
    message: str,
) -> None:
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    feed_server.reset()
    args = [command, feed_server.url("/rss.xml"), "--isolated"]
    result = runner.invoke(app, [*args, *(f.format(tmp=tmp_path) for f in flags)])
    assert result.exit_code == 2
    assert message in one_error_line(result.output)
    assert feed_server.hits["/rss.xml"] == 0


def _empty_folder(where: Path) -> None:
    where.mkdir()


def _config_only(where: Path) -> None:
    where.mkdir()
    (where / "config.json").write_text("{}", encoding="utf-8")
    (where / "tokenizer.json").write_text("{}", encoding="utf-8")


def _gguf_inside(where: Path) -> None:
    where.mkdir()
    (where / "small.gguf").write_bytes(b"GGUF")


def _config_and_gguf_inside(where: Path) -> None:
    _gguf_inside(where)
    (where / "config.json").write_text("{}", encoding="utf-8")


@pytest.mark.parametrize(
    "name, make, problem",
    [
        ("model", _empty_folder, "model directory '{path}' is empty"),
        (
            "model",
            _config_only,
            "model directory '{path}' has config.json but no weights (.safetensors or .bin)",
        ),
        (
            "model",
            _gguf_inside,
            "model directory '{path}' has no config.json (it holds small.gguf: pass that file)",
        ),
        (
            "model",
            _config_and_gguf_inside,
            "model directory '{path}' has config.json but no weights (.safetensors or .bin) "
            "(it holds small.gguf: pass that file)",
        ),
        (
            "page.gguf",
            lambda p: p.write_text("<html>Not Found</html>", encoding="utf-8"),
            "model file '{path}' is not a GGUF file (it does not start with 'GGUF')",
        ),
        ("model.gguf", lambda p: p.write_bytes(b""), "model file '{path}' is empty"),
    ],
)
def test_a_model_path_that_cannot_be_a_model_is_one_line_before_any_feed_is_fetched(
    runner: CliRunner,
    feed_server: FeedServer,
    tmp_path: Path,
    name: str,
    make: Callable[[Path], None],
    problem: str,
) -> None:
    # These failed at the load, after every input was fetched, in transformers' words:
    # "cannot load the model in m ('added_tokens')" for a folder without weights (a
    # KeyError from the tokenizer), "cannot convert page.gguf (... does not
    # start with the GGUF magic bytes ...); it may be damaged" for a file that is no
    # GGUF at all, and an empty folder said nothing of what --model takes.
    path = tmp_path / name
    make(path)
    feed_server.reset()
    args = ["audit", feed_server.url("/rss.xml"), "--isolated", "--model", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert line.startswith(f"mtaudit: error: {problem.format(path=path)}; {MODEL_VALUES}"), line
    assert feed_server.hits["/rss.xml"] == 0


def test_a_plain_file_named_as_a_model_says_it_is_none_and_shadows_the_id(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `--model notes.txt` said it was "not found in the local Hugging Face cache
    # (offline mode) (It looks like the config file at 'notes.txt' is not a valid JSON
    # file.)" and to `hf download notes.txt`.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    (tmp_path / "notes.txt").write_text("meeting notes, not a model\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The council met on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, ["fluency", "a.txt", "--isolated", "--model", "notes.txt"])
    assert result.exit_code == 2
    assert one_error_line(result.output) == (
        "mtaudit: error: cannot load model 'notes.txt': the file notes.txt here is neither "
        "a model directory nor a .gguf file, and transformers reads it in place of the "
        "Hugging Face model id (the hub was not asked); to load the id, move or rename the "
        "file or run from another folder"
    )


def test_a_model_path_in_a_config_file_is_relative_to_that_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As cache_dir, history and every other path in it; a hub id stays a hub id.
    from audits.lm.preflight import model_spec

    site = tmp_path / "site"
    (site / "models" / "local").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)  # not the config's folder
    for written, expected in [
        ("models/local", str(site / "models" / "local")),
        ("./models/small.gguf", str(site / "models" / "small.gguf")),
        ("HuggingFaceTB/SmolLM2-135M", "HuggingFaceTB/SmolLM2-135M"),
    ]:
        (site / "mtaudit.toml").write_text(f'model = "{written}"\n', encoding="utf-8")
        assert model_spec(load_config([str(site)])) == expected
    # A flag's path is the caller's, as given.
    assert model_spec(load_config([str(site)], overrides={"model": "models/x"})) == "models/x"
    (site / "a.txt").write_text("The council met on Monday.\n", encoding="utf-8")
    (site / "mtaudit.toml").write_text('model = "./models/small.gguf"\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", str(site / "a.txt")])
    assert result.exit_code == 2
    assert f"'{site / 'models' / 'small.gguf'}' does not exist" in one_error_line(result.output)
    shown = runner.invoke(app, ["config", str(site), "-f", "json"])
    model = json.loads(shown.stdout)["settings"]["model"]
    assert model["resolved"] == str(site / "models" / "small.gguf")


@pytest.mark.parametrize("where", ["flag", "config"])
def test_a_file_named_as_a_hub_id_leaves_it_a_hub_id(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A file `gpt2` in the working folder (or beside mtaudit.toml) turned `--model gpt2`
    into "model 'gpt2' is a file but not a .gguf file": only a directory of a hub id's
    name is a local model. transformers reads the file in the id's place, the hub never
    asked, and the refusal said the id "did not load from the hub": it names the file
    that shadows the id, and what to do."""
    from audits.lm.preflight import model_spec

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    (tmp_path / "gpt2").write_text("a download log, not a model\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The council met on Monday.\n", encoding="utf-8")
    if where == "config":
        (tmp_path / "mtaudit.toml").write_text('model = "gpt2"\n', encoding="utf-8")
        assert model_spec(load_config([str(tmp_path)])) == "gpt2"
        flags = []
    else:
        flags = ["--isolated", "--model", "gpt2"]
    result = runner.invoke(app, ["audit", "a.txt", *flags])
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert "cannot load model 'gpt2'" in line and "is a file but not" not in line
    assert "the file gpt2 here is neither a model directory nor a .gguf file" in line
    assert "transformers reads it in place of the Hugging Face model id" in line
    assert "move or rename the file or run from another folder" in line
    assert "did not load" not in line and "hf download" not in line


def test_a_config_files_model_file_beside_it_is_named_by_the_hubs_refusal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`model = "notes.bin"` in site/mtaudit.toml, a file beside it: looked up as a hub
    id, as a file of an id's name is, but the hint that names the file looked for it
    in the working folder, and said nothing. The hub was asked: its reason and the
    download advice stay (they were dropped for a file beside the config)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.bin").write_text("not a model\n", encoding="utf-8")
    (site / "mtaudit.toml").write_text('model = "notes.bin"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("The council met on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "a.txt", "--config", str(site / "mtaudit.toml")])
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert line.startswith(
        "mtaudit: error: cannot load model 'notes.bin': not a local directory and not found "
        "in the local Hugging Face cache (offline mode) ("
    ), line
    assert f"the file {site / 'notes.bin'} is neither a model directory nor a .gguf file" in line
    assert (
        "; download it first (`hf download notes.bin`) or pass --model a local directory"
    ) in line
