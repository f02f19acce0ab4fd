"""Report files are written atomically: the whole report, or nothing."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from audits.errors import OutputError, UsageError
from audits.folder_names import name_too_long
from audits.sources.links import loop_above, loop_line, loops
from audits.streams import point_at_the_null_device


def write_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same directory and a rename.

    A reader never sees a half-written report, and a failure leaves any previous
    report in place. A symlink is written through (the file it names is replaced);
    a pipe or device is written as a stream. The file gets the permissions a plain
    write would give it: the previous report's, or the umask's for a new one (a
    temporary file is private).
    """
    target = Path(path)
    if is_stream(target):
        _write_stream(target, content)
        return
    _refuse_a_loop(target, OutputError)
    # Through a symlink to the file it names: renaming onto the link replaced the
    # link itself (reports/latest.html stopped pointing into the archive).
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    directory = _directory_of(target)
    _check_directory(target, directory)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {os_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {os_reason(exc)}") from exc
        raise


# What a temporary file's name adds to the report's: a dot before it, and a dot, the
# 8 random characters of mkstemp and ".tmp" after it.
_TEMPORARY_EXTRA = len(".") + len(".") + 8 + len(".tmp")


def _temporary_prefix(target: Path) -> str:
    """The temporary file's prefix: the report's name, cut where it must be for the
    temporary name to be no longer than the folder allows (a report named with the
    longest name allowed, 255 bytes on most file systems, was refused as too long)."""
    name = target.name
    try:
        room = os.pathconf(_directory_of(target), "PC_NAME_MAX") - _TEMPORARY_EXTRA
    except (OSError, ValueError, AttributeError):  # no such limit to ask (Windows)
        room = 255 - _TEMPORARY_EXTRA
    while name and len(os.fsencode(name)) > room:
        name = name[:-1]
    return f".{name}."


def is_stream(target: Path) -> bool:
    """A pipe, a terminal or another device (``/dev/stdout``, a FIFO, the ``/dev/fd/63``
    of ``-o json:>(jq .)``): written as a stream, since a rename there would replace
    the device or the FIFO with a plain file (which no reader was waiting on), or fail
    (``/dev/fd`` takes no new files). The standard streams and ``/dev/fd`` count even
    when they lead to a regular file (``> out.txt``): a rename would put the report
    beside what the shell holds open."""
    given = os.path.abspath(target)
    if given in ("/dev/stdout", "/dev/stderr") or given.startswith(("/dev/fd/", "/proc/")):
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)")


def is_own_output(target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` names this run's stdout or stderr (``/dev/stdout``,
    ``/dev/fd/2``): what is written there reaches the same log as a printed report."""
    given = os.path.abspath(target)
    match = _FD_PATH.fullmatch(given)
    return _STANDARD.get(given, int(match[1]) if match else None) in (1, 2)


def _write_stream(target: Path, content: str) -> None:
    """Into a descriptor this process already has (``/dev/stdout``, ``/dev/fd/N``)
    through that descriptor, so the report and what else goes to it share one file
    position: reopening ``/dev/stdout`` behind ``> out.txt`` started again at the top
    and the report on stdout overwrote it. Anything else is opened and written."""
    given = os.path.abspath(target)
    match = _FD_PATH.fullmatch(given)
    fd = _STANDARD.get(given, int(match[1]) if match else None)
    if fd is not None:
        _flush_the_standard_streams()
    try:
        if fd is None:
            with open(target, "w", encoding="utf-8", newline="") as fh:
                fh.write(content)
            return
        data = memoryview(content.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
    except BrokenPipeError as exc:
        if fd not in (1, 2):
            raise OutputError(f"cannot write {target}: {os_reason(exc)}") from exc
        # The run's own stdout or stderr, whose reader stopped early (`| head`): as for
        # the report printed there, the rest goes nowhere and the run ends with the
        # gate's status; "broken pipe" and exit 2 made `-o json:/dev/stdout | head`
        # fail where `-f json | head` passed.
        point_at_the_null_device(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {os_reason(exc)}") from exc


def _flush_the_standard_streams() -> None:
    """What stdout and stderr hold goes before the report written to one of them.
    Each on its own: a reader of stdout that had gone, found by this flush, pointed
    the report's descriptor (stderr's, for ``-o json:/dev/stderr``) at the null
    device, and the report was lost; it is stdout that goes nowhere now."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            # Started with it closed (`>&-`): Python leaves None, nothing to flush.
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            point_at_the_null_device(stream.fileno())


def check_destinations(
    targets: Iterable[str | os.PathLike[str]], protected: Mapping[str, str] | None = None
) -> None:
    """Refuse, before any work is done, report files that could not be written or would
    destroy something: a missing folder, one where no file can be made (read-only, or
    not the user's), a directory, one file named twice (the last report would silently
    win), or a file the run reads (``protected`` maps such paths to what they are: "an
    input", "the history database").

    Checked up front so that a run which records its results (history, baseline) never
    does so and then fails to deliver the report that said what was new.
    """
    kept = {_identity(Path(p)): what for p, what in (protected or {}).items()}
    seen: dict[tuple[object, ...], Path] = {}
    for raw in targets:
        target = Path(raw)
        # First: a part of the path over the system's limit, the folder's name as well
        # as the report's, makes every check below raise (pathlib's is_dir), an
        # internal error where the name is the user's to fix.
        if name_too_long(target):
            raise UsageError(f"cannot write {target}: file name too long")
        _refuse_a_loop(target, UsageError)
        _check_directory(target, _directory_of(target))
        if os.path.isdir(target):
            raise UsageError(f"cannot write {target}: it is a directory")
        _check_writable(target)
        key = _identity(target)
        if key in kept:
            raise UsageError(
                f"cannot write a report to {target}: it is {kept[key]}, which the report "
                "would overwrite"
            )
        if key in seen:
            raise UsageError(f"two reports would be written to {target}; name each file once")
        seen[key] = target


def _refuse_a_loop(target: Path, error: type[Exception]) -> None:
    """Refuse a link that loops: written through, as a link to a file is, it named no
    file, and ``os.replace`` put the report in place of one link of the loop, which
    was gone without a word."""
    if loops(target):
        raise error(f"cannot write {target}: it is {loop_line(target)}")


def _check_directory(target: Path, directory: Path) -> None:
    """Refuse a folder that is not there, in words that say why: ``-o notes.txt/r.json``
    (a file where the folder should be) was told "directory notes.txt does not exist",
    and the user went looking for a missing folder beside the file."""
    if directory.is_dir():
        return
    if directory.exists():
        raise UsageError(f"cannot write {target}: {directory} is not a directory")
    looped = loop_above(directory)
    if looped:
        raise UsageError(f"cannot write {target}: {looped}")
    raise UsageError(f"cannot write {target}: directory {directory} does not exist")


def _check_writable(target: Path) -> None:
    """Make and remove a file where ``write_atomic`` will make its temporary one: a
    read-only folder was found only when the report was written, after the whole audit
    (minutes with feeds and the language model). Asking ``os.access`` would not do: it
    says yes to root on a read-only mount, and no file is made through it."""
    if is_stream(target):
        return  # written as a stream, where no file is made
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    directory = _directory_of(target)
    try:
        fd, probe = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {os_reason(exc)} (in {directory})") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def _identity(path: Path) -> tuple[object, ...]:
    """The same file however it is named: device and inode when it exists, else the
    resolved path."""
    try:
        st = path.stat()
        return ("inode", st.st_dev, st.st_ino)
    except OSError:
        return ("path", os.path.realpath(path))


def _directory_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def os_reason(exc: OSError) -> str:
    """ "no space left on device", not "[Errno 28] No space left on device: '...'"."""
    return exc.strerror.lower() if exc.strerror else str(exc)


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Reading the umask means setting it; /proc avoids that race where it exists.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
