"""Language-model settings that can be checked before any input is read.

Loading the model comes after every input has been read (feeds fetched, pages
downloaded) and split into sentences; a device this machine does not have, or a
model path that does not exist, must not cost all that work before it is said.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from audits.config import NOT_FROM_A_FILE
from audits.errors import ConfigError, ModelError
from audits.folder_names import ends_in_separator
from audits.home_folder import expand_home

if TYPE_CHECKING:
    from audits.config import AuditConfig

# The devices a model can be moved to, as torch spells them; an index picks one of
# several GPUs ("cuda:1").
DEVICE_PATTERN = re.compile(r"(?P<kind>cpu|cuda|mps|xpu)(?::(?P<index>\d+))?")
DEVICES_HELP = "cpu, cuda, cuda:N, mps or xpu"


def check_device_name(device: str) -> re.Match[str]:
    """Refuse a device torch would not understand (cheap: torch is not imported); the
    match names its ``kind`` and ``index``."""
    match = DEVICE_PATTERN.fullmatch(device)
    if match is None:
        raise ConfigError(f"device must be {DEVICES_HELP}, not {device!r}")
    return match


def one_name_per_device(device: str) -> str:
    """``device`` under the one name of the device it picks, so that the results,
    the loaded model and the report of a run on ``cpu:0`` are those of ``cpu``: torch
    has a single cpu device, and puts a tensor sent to ``cpu:N`` on it. ``cuda`` and
    ``cuda:0`` stay two names: ``cuda`` is torch's current device, which a library
    caller may have set to another. Refuses a name torch would not understand."""
    return "cpu" if check_device_name(device)["kind"] == "cpu" else device


def check_device_available(device: str) -> None:
    """Refuse a device this machine lacks (``cuda`` without a GPU, ``cuda:3`` with
    two); imports torch, so only for runs that will load the model anyway."""
    match = check_device_name(device)
    kind, index = match["kind"], int(match["index"] or 0)
    if kind == "cpu":
        return
    import torch

    if kind == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
    elif kind == "mps":
        count = 1 if torch.backends.mps.is_available() else 0
    else:
        xpu = getattr(torch, "xpu", None)
        count = xpu.device_count() if xpu is not None and xpu.is_available() else 0
    if count == 0:
        raise ModelError(f"device {device!r} is not available on this machine; use --device cpu")
    if index >= count:
        raise ModelError(
            f"device {device!r} is not available: this machine has {count} {kind} "
            f"device(s), {kind}:0 to {kind}:{count - 1}"
        )


def looks_like_path(spec: str) -> bool:
    """Hub ids are ``name`` or ``org/name``; anything else was meant as a path, and so
    is a name that ends in a separator (`--model nodir/`: a folder, as for every path
    setting; it was told the hub refuses such an id)."""
    return (
        spec.startswith((".", "~", "/"))
        or spec.count("/") > 1
        or spec.endswith(".gguf")
        or ("\\" in spec)
        or ends_in_separator(spec)
    )


def model_path(spec: str) -> Path:
    """``spec`` read as a path, with ``~`` the home folder: a ``~user`` that is none is
    refused in one line (``expand_home``), where pathlib raised a RuntimeError."""
    return Path(expand_home(spec, "model"))


def names_a_path(spec: str) -> bool:
    """Whether ``spec`` is read as a path rather than a hub id: it looks like one, or a
    directory of that name is here. A file of a hub id's name (`gpt2`, a log or a
    download left in the working folder) is not a model and leaves the id an id; it
    used to turn `--model gpt2` into "model 'gpt2' is a file but not a .gguf file".
    (transformers still reads such a file in the id's place: the load says so.)"""
    return looks_like_path(spec) or model_path(spec).is_dir()


# What a --model value can be, for every refusal of one.
MODEL_VALUES = (
    "--model takes a Hugging Face model id, a local model directory (config.json and "
    "weights) or a .gguf file"
)
# The weights transformers loads from a model directory (sharded ones too: the index
# sits beside the shards).
WEIGHT_SUFFIXES = (".safetensors", ".bin")
GGUF_MAGIC = b"GGUF"


def check_model_path(spec: str | None) -> None:
    """Refuse a ``--model`` meant as a path (a directory or a .gguf file) that is not
    there, or that cannot be a model: a file that is no .gguf (`--model ./notes.txt`),
    a .gguf that is not GGUF, an empty directory, or one without config.json or
    weights. Cheap (a directory listing, four bytes), so said before any input is read,
    where the load said it after, in transformers' words ("Couldn't instantiate the
    backend tokenizer")."""
    if spec is None or not names_a_path(spec):
        return
    path = model_path(spec)
    problem = _directory_problem(spec, path) if path.is_dir() else _file_problem(spec, path)
    if problem:
        raise ModelError(f"{problem}; {MODEL_VALUES}")


def _directory_problem(spec: str, path: Path) -> str | None:
    try:
        entries = sorted(path.iterdir())
    except OSError:
        return None  # the load says why it cannot be read
    if not entries:
        return f"model directory {spec!r} is empty"
    # A .gguf inside is likely what was meant, whichever half of a model is missing.
    ggufs = [entry.name for entry in entries if entry.suffix == ".gguf"]
    held = f" (it holds {ggufs[0]}: pass that file)" if ggufs else ""
    if not (path / "config.json").is_file():
        return f"model directory {spec!r} has no config.json{held}"
    if not any(entry.suffix in WEIGHT_SUFFIXES for entry in entries):
        return (
            f"model directory {spec!r} has config.json but no weights (.safetensors or .bin){held}"
        )
    return None


def _file_problem(spec: str, path: Path) -> str | None:
    if path.is_file():
        if path.suffix != ".gguf":
            return f"model {spec!r} is a file but not a .gguf file"
        return _gguf_problem(spec, path)
    if path.exists():
        return f"model {spec!r} is neither a directory nor a .gguf file"
    what = "model file" if spec.endswith(".gguf") else "model directory"
    return f"{what} {spec!r} does not exist"


def _gguf_problem(spec: str, path: Path) -> str | None:
    """A .gguf that is no GGUF at all (a renamed file, an HTML error page saved by a
    download): the conversion called it "damaged", as it does a truncated one."""
    try:
        with path.open("rb") as file:
            head = file.read(len(GGUF_MAGIC))
    except OSError:
        return None  # the load says why it cannot be read
    if not head:
        return f"model file {spec!r} is empty"
    if head != GGUF_MAGIC:
        return f"model file {spec!r} is not a GGUF file (it does not start with 'GGUF')"
    return None


def model_file(config: AuditConfig) -> Path | None:
    """The file ``model`` would name as a path: relative to the config file that set
    it, as every path in one is, else to the working folder."""
    if config.model is None:
        return None
    return model_path(config.resolved_path("model") or config.model)


def model_spec(config: AuditConfig) -> str | None:
    """``model`` as the loader reads it: a path set in a config file is relative to that
    file, like every path in it (``AuditConfig.resolved_path``); a Hugging Face id
    ("org/name") is left as it is unless a folder of that name sits beside the file."""
    spec, resolved = config.model, config.resolved_path("model")
    if spec is None or resolved is None or config.origin("model") in NOT_FROM_A_FILE:
        return spec
    return resolved if looks_like_path(spec) or Path(resolved).is_dir() else spec


def check_lm_settings(config: AuditConfig) -> None:
    """Everything about the model that can fail before it is loaded."""
    check_model_path(model_spec(config))
    check_device_available(config.device)
