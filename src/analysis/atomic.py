"""Write outputs so that a reader never sees a half-written file.

Every derived file is written to a temporary sibling and renamed into place; a whole output
directory is staged next to its destination and swapped in only when everything succeeded.
Tables are written deterministically (:mod:`analysis.csvtext`).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .csvtext import table_to_csv_bytes


def current_umask() -> int:
    """The process's file-creation mask, read without changing it where the system allows
    (``/proc/self/status`` on Linux); elsewhere it is set and restored at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _owner() -> str:
    """This process as ``host.pid``: part of every temporary name, so that a later run can tell
    whether the process that made it still exists."""
    host = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"
    return f"{host}.{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OverflowError:  # not a process id
        return False
    return True


def remove_abandoned(folder: Path, prefix: str) -> list[Path]:
    """Remove what a killed run left in ``folder``: temporary files and staging folders named
    ``<prefix><host>.<pid>.…`` whose process, on this machine, no longer exists (a run stopped by
    SIGKILL or a power cut cannot clean up after itself). Names of live processes, of other
    machines (a shared file system) and of any other form are left alone. Returns what was
    removed, sorted."""
    host, _ = _owner().split(".")
    removed = []
    for path in sorted(Path(folder).glob(f"{glob.escape(prefix)}{host}.*")):
        pid = path.name[len(prefix) + len(host) + 1 :].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        removed.append(path)
    return removed


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename).

    The file gets the permissions an ordinary ``open(path, "w")`` would give (0666 less the
    umask), not the owner-only mode of a temporary file: a shared report stays readable.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(path.parent, f".{path.name}.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{_owner()}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def write_csv(path: Path, table: pd.DataFrame) -> None:
    """Write ``table`` as CSV to ``path`` atomically and deterministically."""
    write_bytes(path, table_to_csv_bytes(table))


def _missing_ancestors(folder: Path) -> list[Path]:
    """Folders on the way to ``folder`` that do not exist yet, deepest first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    return missing


@contextlib.contextmanager
def staged_directory(final: Path, owned: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield an empty staging folder; on success its files replace those in ``final``.

    Files are moved one by one with :func:`os.replace`, so each file in ``final`` is either the
    old or the new version, never a partial one. On any exception the staging folder is removed
    and ``final`` is left exactly as it was. Files in ``final`` matching one of the ``owned``
    glob patterns that the run did not produce are removed after the move (stale outputs of an
    earlier run); any other file is left alone. Staging folders of earlier runs that were
    killed before they could remove theirs are removed first (:func:`remove_abandoned`).
    """
    final = Path(final).absolute()
    created = _missing_ancestors(final.parent)
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(final.parent, f".{final.name}.staging.")
    stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.staging.{_owner()}.", dir=final.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    try:
        final.mkdir(parents=True, exist_ok=True)
        produced = set()
        for source in sorted(stage.rglob("*")):
            if source.is_dir():
                continue
            relative = source.relative_to(stage)
            produced.add(relative)
            target = final / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        for pattern in owned:
            for stale in sorted(final.glob(pattern)):
                if stale.is_file() and stale.relative_to(final) not in produced:
                    stale.unlink()
    finally:
        shutil.rmtree(stage, ignore_errors=True)
