"""Clinic lists, made in the background, one queue for the whole page: a few at once, the rest wait their turn.

Why a queue: each run starts worker processes, so ten uploads at once would
start ten pools. Here `at_once` runs go (one by default), at most
MOST_WAITING more wait, and a list longer than the row cap is refused before
anything is made. A run's files (the uploaded list, its PDFs, the bundle and
manifest) live in its own folder under the app's folder in the system's
temporary directory (`AppFolder`); the list and PDFs are removed as soon as
the run ends, the bundle and manifest when the run is dropped, everything when
the server stops, and whatever a killed server left is swept at the next start.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import handout_engine as engine

from . import choices, forms
from .store import Run

FOLDER_NAME = "patient-handouts-web"
MOST_WAITING = 10  # lists queued behind the running ones; more are refused with "busy, try again"
MOST_PROBLEMS_SHOWN = 500  # the results page lists this many problems; the manifest has every record


class BusyError(Exception):
    """The queue is full: the nurse is asked to try again in a few minutes."""


class StoppedError(Exception):
    """The server is stopping: the run ends after the records in hand, and its files are removed."""


class AppFolder:
    """This server's folder for runs, <temp>/patient-handouts-web/<pid>-<random>, private to the user.

    The process id in the name lets the next start tell a folder left by a killed server (its process is
    gone) from one of another server still running (another port), and sweep only the first.
    """

    def __init__(self, root: Path | None = None):
        self.root = root or Path(tempfile.gettempdir()) / FOLDER_NAME
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.root))
        atexit.register(self.remove)  # a program that ends without stopping the page (a test) leaves nothing either

    def new_run_folder(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="run-", dir=self.path))

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def sweep_stale(self) -> list[Path]:
        """Remove what servers that were killed left behind; return what was removed."""
        removed = []
        for folder in self.root.iterdir():
            pid = folder.name.split("-", 1)[0]
            if folder != self.path and folder.is_dir() and pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        return True
    return True


@dataclass(frozen=True)
class Job:
    run: Run
    path: Path  # the uploaded list, in the run's folder
    form: forms.FormState
    workers: int
    most_records: int
    reading: dict = field(default_factory=dict)  # how to read the export (engine.read_options): date order, columns
    simplex: bool = False  # the ward's printer prints one side: no "intentionally left blank" backs in the bundle


class RunQueue:
    """Runs clinic lists `at_once` at a time, in the order they came."""

    def __init__(self, at_once: int = 1, most_waiting: int = MOST_WAITING):
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._waiting: list[Run] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.most_waiting = most_waiting
        self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(at_once)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job) -> None:
        with self._lock:
            if len(self._waiting) >= self.most_waiting + len(self._threads) or self.stopping.is_set():
                raise BusyError
            self._waiting.append(job.run)
            self._renumber()
        self._jobs.put(job)

    def stop(self, timeout: float = 30) -> None:
        """End the running lists after the records in hand, refuse the waiting ones; wait for both."""
        self.stopping.set()
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout)

    def _renumber(self) -> None:
        for ahead, run in enumerate(self._waiting):  # in the order they came; running ones first
            run.waiting = 0 if run.started else ahead

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            with self._lock:
                job.run.started, job.run.waiting = True, 0
                self._renumber()
            try:
                if self.stopping.is_set():
                    finish(job.run, refused=["The page was stopped before this list was made. Upload it again."])
                else:
                    make_list(job, self.stopping)
            finally:
                with self._lock:
                    self._waiting.remove(job.run)
                    self._renumber()


def make_list(job: Job, stopping: threading.Event) -> None:
    """Make one clinic's list; keep the bundle and manifest on disk, the problems in memory."""
    run, folder = job.run, job.path.parent
    try:
        read = engine.read_options(**job.reading)
    except engine.HandoutError as error:  # the column map: named by the file the nurse chose
        given = job.reading.get("columns") or job.path
        finish(run, refused=[str(renamed(p, given, run.column_map or run.filename)) for p in error.problems])
        run.finished = True
        return
    out = folder / "out"
    bundle = folder / "print-bundle.pdf"
    request = engine.BatchRequest(
        job.path,
        out,
        tuple(job.form.documents) or engine.DOCUMENT_NAMES,
        job.form.values.get("brand") or engine.DEFAULT_BRAND,
        bundle,
        job.workers,
        paper=choices.paper(job.form.values),
        large_print=bool(job.form.values.get("large_print")),
        start_method="spawn",  # a clean process: this one has server threads
        most_records=job.most_records,
        read=read,
        simplex=job.simplex,
    )

    def progress(done: int, total: int, _report) -> None:
        run.done, run.total = done, total
        if stopping.is_set():
            raise StoppedError

    def problem(found: engine.Problem) -> None:
        if len(run.problems) < MOST_PROBLEMS_SHOWN:
            run.problems.append(renamed(found, job.path, run.filename))
        else:
            run.more_problems += 1

    try:
        report = engine.run_batch(request, problem, progress)
        manifest = folder / engine.MANIFEST
        (out / engine.MANIFEST).replace(manifest)
        finish(run, summary=report.summary(), bundle=bundle if bundle.exists() else None, manifest=manifest)
    except engine.HandoutError as error:
        finish(run, refused=[str(renamed(p, job.path, run.filename)) for p in error.problems])
    except StoppedError:
        finish(run, refused=["The page was stopped before this list was finished. Upload it again."])
    except engine.BatchStoppedError as error:
        finish(run, refused=[str(error)])
    except Exception as error:  # never a blank page: say it failed (the type only: messages may hold patient data)
        finish(run, refused=[f"The list could not be made because of an unexpected error ({type(error).__name__})."])
    finally:
        # The uploaded list (every name on it) and the PDFs made from it leave the disk now.
        job.path.unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)
        run.finished = True


def finish(run: Run, summary: str = "", bundle=None, manifest=None, refused: list[str] | None = None) -> None:
    run.summary, run.bundle, run.manifest, run.refused = summary, bundle, manifest, refused or []
    if refused and run.folder:
        remove_folder(run)


def remove_folder(run: object) -> None:
    """A dropped run's files leave the disk (Store.on_drop)."""
    folder = getattr(run, "folder", None)
    if folder:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder, ignore_errors=True)


def safe_filename(name: str) -> str:
    """The uploaded file's name, for messages only (never a path)."""
    return re.sub(r"[^\w.\- ]", "_", Path(name).name)[:80] or "the list"


def renamed(problem: engine.Problem, path: Path, filename: str) -> engine.Problem:
    """Messages name the file the nurse uploaded, not our temporary copy of it."""
    source = filename if problem.source.endswith(path.name) else problem.source.replace(str(path), filename)
    return engine.Problem(source, problem.field, problem.message, problem.row, problem.patient_id, problem.row_label)
