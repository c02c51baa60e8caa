"""What the nurses' page holds between requests: made PDFs and clinic-list runs, for a while.

Made PDFs wait here, in memory, to be previewed and downloaded. A clinic
run's print bundle and manifest wait on disk, in the run's folder under the
app's own temporary folder (runs.py), and leave it when the run is dropped.
An item is dropped KEEP_SECONDS after it was last used (each use extends
it, and the page says until when), or when the store is full, oldest use
first; a run still in progress is never dropped.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import abort, current_app

import handout_engine as engine

KEEP_SECONDS = 30 * 60
MOST_KEPT = 50


@dataclass(frozen=True)
class Printed:
    """What the ward's printer was last sent from a page, or why it was not: shown on that page."""

    sent: bool
    message: str


@dataclass
class Made:
    """One patient's documents from the form."""

    label: engine.PatientLabel  # the identifiers as the documents print them, for the nurse to check
    pdfs: dict[str, bytes]  # document -> PDF, in the usual order
    pages: dict[str, int]
    pngs: dict[tuple[str, int], bytes] = field(default_factory=dict)  # rendered on first view
    alts: dict[tuple[str, int], str] = field(default_factory=dict)  # each page's text alternative
    notes: list[str] = field(default_factory=list)  # made, but the nurse should know (an English fallback)
    signing: object | None = None  # the consent form's signing on screen, once begun (pages/sign.py)
    printed: Printed | None = None  # the last "Print on <printer>" (pages/printer.py)
    finished: bool = True


@dataclass
class Run:
    """A clinic list waiting, in progress or finished; its files are on disk in `folder`."""

    filename: str
    folder: Path | None = None
    waiting: int = 0  # lists before this one in the queue; 0 once it has started
    started: bool = False
    column_map: str = ""  # the column map's file name, for messages
    done: int = 0
    total: int = 0
    finished: bool = False
    summary: str = ""
    problems: list[engine.Problem] = field(default_factory=list)
    more_problems: int = 0  # problems past the most the page lists
    refused: list[str] = field(default_factory=list)  # why the whole list could not be used
    bundle: Path | None = None
    manifest: Path | None = None
    printed: Printed | None = None  # the last "Print on <printer>" of the bundle (pages/printer.py)


class Store:
    """Items by unguessable id, kept KEEP_SECONDS after their last use; unfinished items are never dropped."""

    def __init__(
        self,
        keep_seconds: float = KEEP_SECONDS,
        most: int = MOST_KEPT,
        on_drop: Callable[[object], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._items: OrderedDict[str, list] = OrderedDict()  # key -> [last used, item], oldest use first
        self._lock = threading.Lock()
        self.keep_seconds = keep_seconds
        self.most = most
        self.on_drop = on_drop or (lambda _item: None)
        self.clock = clock

    def add(self, item: object) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._items[key] = [self.clock(), item]
            dropped = self._expire()
            finished = [k for k, (_used, kept) in self._items.items() if getattr(kept, "finished", True)]
            while len(self._items) > self.most and finished:
                dropped.append(self._items.pop(finished.pop(0))[1])
        self._drop(dropped)
        return key

    def get(self, key: str):
        """The item, its time extended (a page in use does not expire under the nurse); None when gone."""
        with self._lock:
            dropped = self._expire()
            found = self._items.get(key)
            if found:
                found[0] = self.clock()
                self._items.move_to_end(key)
        self._drop(dropped)
        return found[1] if found else None

    def seconds_left(self, key: str) -> float:
        with self._lock:
            found = self._items.get(key)
        return max(0.0, found[0] + self.keep_seconds - self.clock()) if found else 0.0

    def purge(self) -> None:
        """Drop what has expired now, not at the next request (the server calls this every few seconds)."""
        with self._lock:
            dropped = self._expire()
        self._drop(dropped)

    def items(self) -> list:
        with self._lock:
            return [item for _used, item in self._items.values()]

    def __len__(self) -> int:
        return len(self._items)

    def _expire(self) -> list:
        now, dropped = self.clock(), []
        for key, (used, item) in list(self._items.items()):
            if now - used > self.keep_seconds and getattr(item, "finished", True):
                dropped.append(self._items.pop(key)[1])
        return dropped

    def _drop(self, dropped: list) -> None:
        for item in dropped:  # outside the lock: dropping a run removes its folder from disk
            self.on_drop(item)


@dataclass
class State:
    """What one app keeps between requests: made previews and clinic runs, and the queue of runs."""

    previews: Store
    runs: Store
    queue: object  # runs.RunQueue
    folder: object  # runs.AppFolder


def found(store: Store, key: str):
    """The item kept under `key`, or the page that says it has expired (errors.py styles it)."""
    item = store.get(key)
    if item is None:
        abort(404, "expired")
    return item


def state() -> State:
    """This app's stores (the pages' blueprints reach them through the app, never a module global)."""
    return current_app.extensions["handouts"]
