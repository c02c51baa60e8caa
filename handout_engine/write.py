"""Step 5: PDF bytes -> a file, whole or not at all.

A run can be killed at any moment. Bytes go to a temporary name in the same
folder and are renamed over the final name: a rename within one folder is
atomic, so a reader finds the old file, the new one or none, never half a PDF.
"""

from __future__ import annotations

import ctypes
import functools
import os
import secrets
import sys
import time
from pathlib import Path


def write_atomically(path: Path, data: bytes, temp_folder: Path | None = None) -> None:
    """Write `data` under a temporary name, flush it to disk, then rename it to `path`.

    The temporary file goes beside `path`, or in `temp_folder`, which must be
    on the same file system (a batch keeps its temporary files in one hidden
    folder, so an interrupted run is cleaned up in one place). It is created
    with the usual permissions (the umask applies, unlike mkstemp's
    owner-only files), so print services and shared folders can read the PDFs.
    The folder is synced after the rename so the new name survives a power cut.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = temp_folder or path.parent
    temp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def finish_atomically(handle, temp: Path, path: Path) -> None:
    """Flush and close an open temporary file, rename it to `path` and make the new name durable."""
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    os.replace(temp, path)
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some systems cannot open a folder; the rename itself is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_output_folder(out: Path) -> str | None:
    """Why `out` cannot take PDFs, or None: checked before any document is made."""
    existing = out
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        return f"'{existing}' is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"no permission to write in '{existing}'"
    return None


class GroupedWrites:
    """Many files made durable together: a batch's PDFs, with one wait for the disk per group instead of two per file.

    `add` writes a file whole under a temporary name in `temp_folder` (on the
    same file system as the files' folders); once `due` (every `GROUP` files,
    or after `GROUP_SECONDS`), `commit` flushes the file system once (Linux
    syncfs), renames each file into place, and flushes again so the new names
    last.
    The guarantees stay write_atomically's: a file is renamed only once its
    bytes are on the disk, so after a crash, a power cut or kill -9 every PDF
    under its own name is whole; what was still waiting is in `temp_folder`,
    which the next run sweeps. Files appear in groups, a second or so late.
    """

    GROUP = 48
    GROUP_SECONDS = 1.0

    def __init__(self, temp_folder: Path):
        self.temp_folder = temp_folder
        self.waiting: list[tuple[Path, Path]] = []  # (temporary file, final path)
        self.token = secrets.token_hex(4)  # once: a random name per file was a thousandth of a batch's time
        self.count = 0
        self.since = 0.0
        self.last_folder: Path | None = None  # a record's documents share a folder: made once, not per file

    def add(self, path: Path, data: bytes) -> None:
        """Write `data` for `path`; OSError (a full disk, a folder that cannot be made) belongs to this file."""
        if path.parent != self.last_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.last_folder = path.parent
        self.count += 1  # unique in this batch's own temporary folder; the token, should a swept name come back
        temp = self.temp_folder / f".{path.name}.{os.getpid()}.{self.token}{self.count}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        if not self.waiting:
            self.since = time.monotonic()
        self.waiting.append((temp, path))

    @property
    def due(self) -> bool:
        return len(self.waiting) >= self.GROUP or (
            bool(self.waiting) and time.monotonic() - self.since >= self.GROUP_SECONDS
        )

    def commit(self) -> None:
        """Make every waiting file durable and put it in place. OSError here is the disk's, not one file's."""
        if not self.waiting:
            return
        waiting, self.waiting = self.waiting, []
        if not _sync_file_system(self.temp_folder):
            for temp, _path in waiting:
                _fsync_file(temp)
        for temp, path in waiting:
            os.replace(temp, path)
        if not _sync_file_system(self.temp_folder):
            for folder in {path.parent for _temp, path in waiting}:
                fsync_folder(folder)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_file_system(folder: Path) -> bool:
    """Flush every file on `folder`'s file system to the disk (Linux syncfs); False where that cannot be done."""
    syncfs = _syncfs()
    if syncfs is None:
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error), str(folder))
    finally:
        os.close(fd)
    return True


@functools.cache
def _syncfs():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
