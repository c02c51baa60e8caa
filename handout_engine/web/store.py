"""What the nurses' page holds between requests: made PDFs and clinic-list runs, in memory only, for a while.

Patient data is never written to disk by the web app except the uploaded
list, which lives in a temporary folder for the length of its run. Made PDFs
wait here, in memory, to be previewed and downloaded, and are dropped after
KEEP_SECONDS or when the store is full, whichever comes first.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import abort, current_app

import handout_engine as engine

KEEP_SECONDS = 30 * 60
MOST_KEPT = 50


@dataclass
class Made:
    """One patient's documents from the form."""

    label: engine.PatientLabel  # the identifiers as the documents print them, for the nurse to check
    pdfs: dict[str, bytes]  # document -> PDF, in the usual order
    pages: dict[str, int]
    pngs: dict[tuple[str, int], bytes] = field(default_factory=dict)  # rendered on first view
    notes: list[str] = field(default_factory=list)  # made, but the nurse should know (an English fallback)


@dataclass
class Run:
    """A clinic list in progress or finished."""

    filename: str
    column_map: str = ""  # the column map's file name, for messages
    done: int = 0
    total: int = 0
    finished: bool = False
    summary: str = ""
    problems: list[engine.Problem] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why the whole list could not be used
    bundle: bytes | None = None
    manifest: bytes | None = None


class Store:
    """Items by unguessable id, oldest dropped first, each for KEEP_SECONDS at most."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS, most: int = MOST_KEPT):
        self._items: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self.keep_seconds = keep_seconds
        self.most = most

    def add(self, item: object) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._expire()
            self._items[key] = (time.monotonic(), item)
            while len(self._items) > self.most:
                self._items.popitem(last=False)
        return key

    def get(self, key: str):
        with self._lock:
            self._expire()
            found = self._items.get(key)
        return found[1] if found else None

    def _expire(self) -> None:
        now = time.monotonic()
        while self._items:
            key, (added, _item) = next(iter(self._items.items()))
            if now - added <= self.keep_seconds:
                break
            del self._items[key]


@dataclass
class State:
    """What one app keeps between requests: made previews and clinic runs."""

    previews: Store
    runs: Store


def found(store: Store, key: str):
    """The item kept under `key`, or the page that says it has expired (errors.py styles it)."""
    item = store.get(key)
    if item is None:
        abort(404, "expired")
    return item


def state() -> State:
    """This app's stores (the pages' blueprints reach them through the app, never a module global)."""
    return current_app.extensions["handouts"]
