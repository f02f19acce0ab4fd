"""GGUF models converted once to a safetensors directory in the cache.

Loading the embedded GGUF file with transformers de-quantizes every tensor and
converts its tokenizer, which takes ~17 s on a laptop CPU (over a minute on a
busy one); loading the converted safetensors copy takes seconds.

The copy lives in ``<cache>/models/<key>`` where the key holds the GGUF file's
SHA-256 and the transformers major version: a config written by transformers 5
is misread by transformers 4 without any error (wrong RoPE base), so a copy is
never shared across major versions. A copy is written to a temporary directory
and renamed into place, with a marker listing every file and its size written
last, so a half-written or truncated copy is detected and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
import tempfile
from pathlib import Path
from typing import Any

from audits.file_versions import file_version

MARKER = "mtaudit-cache.json"
# Bump when the conversion itself changes (what is saved, how).
CONVERSION_VERSION = 1
_DIGESTS = "gguf-digests.json"
_MAX_HEADER = 100 * 1024 * 1024


def file_digest(path: Path, cache_dir: Path) -> str:
    """SHA-256 of ``path``, remembered by (path, inode, size, mtime, ctime) so a warm
    load skips it. Size and mtime alone kept the old digest (and so the old weights'
    converted copy) for a file rewritten in place at its size with its mtime set back;
    the inode tells a file replaced by a rename, the ctime (which no one can set) one
    rewritten in place. Not the device: it may change across mounts, and a stale key
    only costs one hash."""
    stat = path.stat()
    where = str(path.resolve())
    # file_version less its device: (inode, size, mtime_ns, ctime_ns).
    memo_key = "|".join([where, *map(str, file_version(stat)[1:])])
    memo_path = cache_dir / _DIGESTS
    memo = _read_json(memo_path) or {}
    if isinstance(memo.get(memo_key), str):
        return memo[memo_key]
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    # The file's earlier versions are asked for no more: kept, each chmod, mv or new
    # hard link (a new ctime) left one more entry in the memo, which only grew.
    memo = {key: value for key, value in memo.items() if key.rsplit("|", 4)[0] != where}
    memo[memo_key] = digest
    with contextlib.suppress(OSError):
        _write_json_atomic(memo_path, memo)
    return digest


def cache_key(digest: str, transformers_version: str) -> str:
    major = transformers_version.split(".", 1)[0]
    return f"gguf-{digest[:20]}-tf{major}-c{CONVERSION_VERSION}"


def valid_copy(directory: Path) -> bool:
    """Whether ``directory`` is a complete copy: marker, every file at its size, and
    safetensors headers that parse (a cheap check that catches truncation)."""
    marker = _read_json(directory / MARKER)
    if not marker or not isinstance(marker.get("files"), dict) or not marker["files"]:
        return False
    for name, size in marker["files"].items():
        path = directory / name
        try:
            if path.stat().st_size != size:
                return False
        except OSError:
            return False
        if name.endswith(".safetensors") and not _safetensors_header_ok(path, size):
            return False
    return True


def _safetensors_header_ok(path: Path, size: int) -> bool:
    try:
        with path.open("rb") as f:
            (n,) = struct.unpack("<Q", f.read(8))
            if n <= 0 or n > _MAX_HEADER or 8 + n > size:
                return False
            header = json.loads(f.read(n))
    except (OSError, struct.error, ValueError):
        return False
    ends = [v["data_offsets"][1] for k, v in header.items() if k != "__metadata__"]
    return bool(ends) and 8 + n + max(ends) == size


def build_copy(gguf: Path, target: Path) -> Path:
    """Convert ``gguf`` into ``target`` atomically; returns the directory to load from.

    Two processes may race: the loser finds a valid copy in place and discards its own.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _convert(gguf, tmp)
        files = {p.name: p.stat().st_size for p in tmp.iterdir() if p.is_file()}
        _write_json_atomic(tmp / MARKER, {"files": files, "gguf": gguf.name})
        if target.exists() and not valid_copy(target):
            _discard(target)
        try:
            os.rename(tmp, target)
        except OSError:
            if not valid_copy(target):
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def discard(directory: Path) -> None:
    """Remove a copy that failed to load, so the next attempt rebuilds it."""
    _discard(directory)


def _discard(directory: Path) -> None:
    # Rename first: a concurrent reader never sees a directory half deleted.
    aside = directory.with_name(f".{directory.name}.stale-{os.getpid()}")
    try:
        os.rename(directory, aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def _convert(gguf: Path, out: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    # The weights are already de-quantized plain tensors; the GGUF quantizer only
    # stops save_pretrained, and its config entry would make the copy look quantized.
    model.hf_quantizer = None
    with contextlib.suppress(AttributeError):
        del model.config.quantization_config
    model.save_pretrained(str(out), safe_serialization=True)
    tokenizer.save_pretrained(str(out))


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
