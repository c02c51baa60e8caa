"""An output folder used again: the earlier batch's files go first, so none of them can pass for this batch's.

Without this, a second batch into a folder would leave the PDFs of patients
who are not on the new list where they were, looking as current as the new
ones. So before a batch writes anything, every file an earlier batch wrote
there is removed (and the batch says how many): those its manifest lists and
those in `.batch-files`, the list each batch keeps as it writes (a batch that
was killed has no manifest yet, but has that list). A file no batch wrote (a
clinic's own notes, another program's output) is never removed: the folder
is refused instead, naming it. Names starting with "." (the batch's own lock
and temporary folder, a system's `.DS_Store`) are left alone.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError, Problem
from .load import display_name

FILES = ".batch-files"  # every file this folder's batches wrote, one relative path a line (forward slashes)
MANIFEST = "manifest.csv"
SHOWN = 5


def written_before(out: Path) -> set[str]:
    """Files earlier batches wrote here, as relative paths: from the manifest and from `.batch-files`."""
    found: set[str] = set()
    with (
        contextlib.suppress(OSError, csv.Error, UnicodeDecodeError),
        (out / MANIFEST).open(encoding="utf-8", newline="") as handle,
    ):
        found.update(row.get("file") or "" for row in csv.DictReader(handle))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        found.update((out / FILES).read_text(encoding="utf-8").splitlines())
    return {name for name in found if name and ".." not in Path(name).parts and not Path(name).is_absolute()}


def clear_earlier_batch(out: Path, also_ours: Iterable[Path] = ()) -> int:
    """Remove what earlier batches wrote in `out`; refuse (InputError) a folder holding anything else.

    `also_ours` are paths the run itself names (its print bundle, its patient file), never counted as foreign.
    Returns how many files were removed.
    """
    listed = written_before(out)
    spared = {_relative(path, out) for path in also_ours} - {None}
    foreign, ours = [], []
    for folder, folders, files in os.walk(out):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith(".") or (Path(folder) == out and name == MANIFEST):
                continue
            relative = (Path(folder) / name).relative_to(out).as_posix()
            if relative in listed:
                ours.append(relative)
            elif relative not in spared:
                foreign.append(relative)
    if foreign:
        foreign.sort()
        named = ", ".join(foreign[:SHOWN]) + (f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else "")
        message = (
            f"holds files no earlier batch made ({named}); a batch writes only into an empty folder or one an "
            "earlier batch made: choose another folder, or move those files out"
        )
        raise InputError([Problem(display_name(out), "output folder", message, setting="out")])
    for relative in ours:
        with contextlib.suppress(FileNotFoundError):
            (out / relative).unlink()
        with contextlib.suppress(OSError):
            (out / relative).parent.rmdir()  # the patient's folder, once empty
    return len(ours)


class FileList:
    """`.batch-files`, written as the batch goes: one line per file, flushed, so a killed batch leaves it too."""

    def __init__(self, out: Path):
        self._file = open(out / FILES, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def add(self, relative: str) -> None:
        self._file.write(relative + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def _relative(path: Path, out: Path) -> str | None:
    try:
        return path.resolve().relative_to(out.resolve()).as_posix()
    except (ValueError, OSError):
        return None
