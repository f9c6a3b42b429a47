"""Outputs are written whole or not at all, and one run at a time per folder.

Each file is written to a temporary name in its own folder (so the final rename stays on one file
system) and renamed into place only when complete: an interrupted run leaves the previous file as
it was, never a cut one. A run that writes several files (``kompasmetrics report``: the workbook
and the HTML report) renames them together at the end, after all are complete, and holds a lock
on the folder meanwhile, so that two runs cannot leave the workbook of one next to the report of
the other.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError

LOCK_NAME = ".kompasmetrics.lock"


def temporary_name(path: Path) -> Path:
    """A name beside ``path`` that no other run uses: ``.<name>.<pid>.tmp``."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def written_together(*paths: str | os.PathLike) -> Iterator[list[Path]]:
    """Yield a temporary path for each of ``paths``; rename them all into place when the block
    completes (so one set of outputs never mixes with another), remove them when it fails or is
    interrupted."""
    finals = [Path(path) for path in paths]
    temporaries = [temporary_name(final) for final in finals]
    try:
        yield temporaries
        for temporary, final in zip(temporaries, finals, strict=True):
            os.replace(temporary, final)
    finally:
        for temporary in temporaries:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


@contextlib.contextmanager
def written_whole(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path to write to; rename it to ``path`` when the block completes, remove
    it when the block fails or is interrupted."""
    with written_together(path) as (temporary,):
        yield temporary


def safe_text(text: str) -> str:
    """Text without lone surrogates (a file name that was not valid UTF-8 on disk decodes to
    them, and no UTF-8 writer can store them): each becomes U+FFFD, the replacement character."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text) if isinstance(text, str) else text


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder/.kompasmetrics.lock`` for the block; refuse while another live run holds it.

    A lock left by a run that no longer exists (killed) is taken over.
    """
    lock = folder / LOCK_NAME
    for _ in range(2):
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except PermissionError as err:
            raise OutputError(f"{folder} is read-only for you. Give a folder you can write into.") from err
        except FileExistsError:
            owner = _owner(lock)
            if owner is not None and _alive(owner):
                raise OutputError(
                    f"Another kompasmetrics run (process {owner}) is writing into {folder} now. Wait until it "
                    f"ends, or give another --out folder. (If no run is active, delete {lock}.)"
                ) from None
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
    else:  # pragma: no cover - a race with another run taking over the same stale lock
        raise OutputError(f"{folder} is locked by another kompasmetrics run; give another --out folder.")
    try:
        os.write(handle, str(os.getpid()).encode())
        os.close(handle)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def _owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip() or "0") or None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


__all__ = [
    "LOCK_NAME",
    "OutputError",
    "folder_lock",
    "safe_text",
    "temporary_name",
    "written_together",
    "written_whole",
]
