"""Step 5: PDF bytes -> a file, whole or not at all.

A run can be killed at any moment. Bytes go to a temporary name in the same
folder and are renamed over the final name: a rename within one folder is
atomic, so a reader finds the old file, the new one or none, never half a PDF.
"""

from __future__ import annotations

import os
import secrets
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
