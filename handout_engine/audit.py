"""The consent audit log: one JSON line per event, appended to a file in a folder the clinic chooses.

Events: made, viewed, signed (with the signer's role), sealed, downloaded.
Each line has the time (UTC), the event, the document, the sha256 of the
exact file at that moment and its content version, and the patient id: never
the patient's name or date of birth, so the log can be kept and read where
the record itself is not. The app only ever appends (the file is opened in
append mode, one whole line per write, under a lock), and the lines survive
a restart: the log is a plain file, read back by `events()`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import threading
from pathlib import Path

from .errors import InputError, Problem

AUDIT_ENVIRONMENT = "HANDOUTS_AUDIT_LOG"  # the folder the clinic keeps the log in
LOG_NAME = "consent-audit.jsonl"
EVENTS = ("made", "viewed", "signed", "sealed", "downloaded")
FIELDS = ("time", "event", "document", "role", "patient_id", "sha256", "content_version")
_CONTENT_VERSION = re.compile(r"content version (\S{1,40})")
_lock = threading.Lock()  # the nurses' page answers several requests at once


def content_version_of(pdf: bytes) -> str | None:
    """The content version our PDFs name in their metadata (render.py), or None for another file."""
    from pypdf import PdfReader

    try:
        subject = (PdfReader(io.BytesIO(pdf)).metadata or {}).get("/Subject", "")
    except Exception:  # an unreadable file simply has no version to log
        return None
    match = _CONTENT_VERSION.search(str(subject))
    return match.group(1) if match else None


class AuditLog:
    """Appends events to FOLDER/consent-audit.jsonl; with no folder, records nothing."""

    def __init__(self, folder: Path | None):
        self.path = folder / LOG_NAME if folder else None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(
                    [Problem(str(folder), "", f"cannot hold the audit log ({exc.strerror or exc})")]
                ) from None

    def record(
        self,
        event: str,
        pdf: bytes,
        *,
        document: str,
        patient_id: str | None = None,
        role: str | None = None,
        content_version: str | None = None,
        when: dt.datetime | None = None,
    ) -> dict | None:
        """Append one event about the file `pdf` as it is now; the entry, or None when there is no log."""
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        if self.path is None:
            return None
        entry = {
            "time": (when or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            "event": event,
            "document": document,
            "role": role,
            "patient_id": patient_id,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "content_version": content_version or content_version_of(pdf),
        }
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with _lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line)  # one write of one whole line: appended as a unit
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def events(self) -> list[dict]:
        """Every event so far, oldest first."""
        if self.path is None or not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as file:
            return [json.loads(line) for line in file if line.strip()]


def audit_from_environment() -> AuditLog:
    """The log in the folder HANDOUTS_AUDIT_LOG names, or one that records nothing."""
    folder = os.environ.get(AUDIT_ENVIRONMENT)
    return AuditLog(Path(folder) if folder else None)
