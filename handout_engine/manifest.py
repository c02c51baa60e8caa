"""The batch manifest: one CSV row per record and document, made or failed, with the file's hash.

The manifest is how a clinic proves which version of which handout a patient
received (content version and sha256 of the exact file), and how it finds
the records to fix (status, error). It is written to a temporary file as the
batch goes and renamed into place when the batch ends, so `manifest.csv`
exists only for a finished batch.
"""

from __future__ import annotations

import csv
import os
import secrets
from pathlib import Path

from .write import finish_atomically

COLUMNS = (
    "patient_id",
    "row",
    "document",
    "handout",
    "language",
    "content_version",
    "next_review",
    "file",
    "pages",
    "sha256",
    "status",
    "error",
    "note",
    "patient_risks",  # the record's own risks printed in this document (the consent form), '; ' between them
)
MADE = "made"
FAILED = "failed"


class Manifest:
    def __init__(self, path: Path, temp_folder: Path):
        self.path = path
        self.temp = temp_folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        self._file = open(self.temp, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()/abort()
        self._writer = csv.writer(self._file)
        self._writer.writerow(COLUMNS)

    def add(self, **row: object) -> None:
        self._writer.writerow([_cell(row.get(column)) for column in COLUMNS])

    def close(self) -> None:
        finish_atomically(self._file, self.temp, self.path)

    def abort(self) -> None:
        self._file.close()
        self.temp.unlink(missing_ok=True)


def _cell(value: object) -> str:
    """Text for a cell; a leading = + - @ is defused so a spreadsheet never runs a value as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text
