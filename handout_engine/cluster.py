"""The batch's per-record work on a Dask cluster: `batch --cluster tcp://host:8786`.

Dask (dask.distributed, the optional `cluster` extra) schedules the records
on workers on other machines; this module only connects, checks and streams.
`pool.map_in_order` hands its work here when the request names a cluster, so
the batch loop, the writing, the manifest and the bundle are exactly the same
as on one machine, and so are the PDFs, byte for byte.

- Never a mixed batch: every worker must run the same versions, engine code,
  content, brands and fonts as this machine (`fingerprint`). The workers there
  at the start are checked before anything is made, and each record checks its
  worker again, so a worker that joins later with other files stops the batch.
- Memory flat in the list's length on both sides: only a window of records is
  in flight, and a result is let go once the parent has written it.
- A lost worker: Dask reruns its records elsewhere. A record that keeps
  killing workers (Dask gives up after the scheduler's `allowed-failures`,
  and once more after a second try) is failed with that reason, and the batch
  goes on.
- ReportLab is not thread-safe: a worker started with several threads makes
  one record at a time (start workers with `--nthreads 1` and one process per core).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import platform
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import paths
from .errors import BatchStoppedError, HandoutError, InputError, Problem
from .pool import not_started

IN_FLIGHT_PER_THREAD = 4  # records queued per worker thread: enough to hide the round trip to the scheduler
CONNECT_SECONDS = 10
RETRIES_AFTER_LOST = 1  # a record Dask gave up on is tried once more before it is failed
WORKERS_SECONDS = 30  # how long to wait for a first worker to join the scheduler
NO_WORKERS_SECONDS = 120  # a batch whose cluster has lost every worker for this long stops
STALL_SECONDS = 600  # nor does a batch wait longer than this for one record
POLL_SECONDS = 5
# What changes a PDF's bytes when it differs between two machines.
PACKAGES = ("patient-handouts", "reportlab", "uharfbuzz", "pillow", "svglib", "pyyaml", "pypdf")
FILES = {
    "engine code": (paths.ROOT / "handout_engine", paths.ROOT / "layouts"),
    "content (handouts/)": (paths.HANDOUTS,),
    "brands (assets/brands/)": (paths.BRANDS,),
    "fonts (assets/fonts/)": (paths.FONTS,),
}
EXTRA = "Dask is not installed: run pip install -e '.[cluster]' here and on every worker"

_one_at_a_time = threading.Lock()  # one record at a time in a worker process, whatever its thread count


@functools.cache
def fingerprint() -> dict[str, str]:
    """What must be the same on every machine of a batch: versions, and a hash of the code and of each data folder."""
    found = {"python": platform.python_version(), "rl_accel": str(importlib.util.find_spec("_rl_accel") is not None)}
    for package in PACKAGES:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    for name, folders in FILES.items():
        found[name] = _tree_hash(folders)
    return found


def _tree_hash(folders: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(paths.ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def differences(here: dict[str, str], there: dict[str, str]) -> list[str]:
    """Each way a worker differs from this machine, in words."""
    found = []
    for name in sorted(here.keys() | there.keys()):
        mine, theirs = here.get(name, "unknown"), there.get(name, "unknown")
        if mine != theirs:
            if name in FILES:
                found.append(f"{name} differ")
            else:
                found.append(f"{name} {mine} here, {theirs} there")
    return found


def mismatch_message(worker: str, here: dict[str, str], there: dict[str, str]) -> str:
    return (
        f"worker {worker} does not match this machine ({'; '.join(differences(here, there))}): every worker needs "
        "the same checkout of the project, with its content, brands and fonts, and the same packages "
        "(pip install -e '.[cluster]' there); no record was made on it"
    )


class WorkerMismatchError(Exception):
    """Raised on a worker whose files or versions are not the client's; the batch stops rather than mix them."""


def run_checked(work: Callable[[Any], Any], expected: dict[str, str], item: Any) -> Any:
    """On a worker: `work(item)`, once this worker is known to match the client (and one record at a time)."""
    mine = fingerprint()
    if mine != expected:
        from distributed import get_worker

        raise WorkerMismatchError(mismatch_message(get_worker().address, expected, mine))
    with _one_at_a_time:
        return work(item)


class Cluster:
    """A connection to a Dask scheduler whose workers have been checked against this machine."""

    def __init__(self, client, address: str):
        self.client = client
        self.address = address

    def threads(self) -> int:
        workers = self.client.scheduler_info(n_workers=-1)["workers"].values()
        return sum(worker.get("nthreads", 1) for worker in workers) or 1

    def map_in_order(
        self,
        work: Callable[[Any], Any],
        items: Iterable[Any],
        warm_up: Callable[[], None] | None = None,
        on_lost: Callable[[Any, str], Any] | None = None,
    ) -> Iterator[Any]:
        """Yield `work(item)` for each item, in order, computed on the cluster's workers.

        `on_lost(item, reason)` gives the result for an item that Dask gave up
        on because every worker that tried it died; without it, the batch stops.
        """
        from distributed import CancelledError, KilledWorker

        if warm_up is not None:
            try:
                self.client.run(warm_up)
            except HandoutError:
                raise  # a file the user can fix, refused as it would be on this machine
            except Exception as error:  # raised on a worker: told as the reason, not a traceback
                raise BatchStoppedError(not_started(error)) from None
        expected = fingerprint()
        window = self.threads() * IN_FLIGHT_PER_THREAD
        pending: deque = deque()
        source = iter(items)

        def submit(item):
            return self.client.submit(run_checked, work, expected, item, pure=False)

        try:
            for item in source:
                pending.append((item, submit(item)))
                if len(pending) >= window:
                    break
            while pending:
                item, future = pending[0]
                for attempt in range(1 + RETRIES_AFTER_LOST):
                    try:
                        result = self._result(future)
                        break
                    except KilledWorker as error:
                        # Every record that was queued on a worker that died counts that death, the innocent
                        # with the guilty: try it once more before believing it is the cause.
                        if attempt < RETRIES_AFTER_LOST:
                            future = submit(item)
                            pending[0] = (item, future)
                            continue
                        if on_lost is None:
                            raise BatchStoppedError(str(error)) from None
                        result = on_lost(item, lost_reason(error))
                    except WorkerMismatchError as error:
                        raise BatchStoppedError(f"{error}; the PDFs already made are whole") from None
                    except CancelledError:
                        raise BatchStoppedError(
                            f"the cluster at {self.address} cancelled the work (was the scheduler restarted?); "
                            "the PDFs already made are whole: run the same command again to finish"
                        ) from None
                pending.popleft()
                future.release()  # the workers and the scheduler forget it: memory stays flat
                for item in source:
                    pending.append((item, submit(item)))
                    break
                yield result
        finally:
            if pending:  # Ctrl-C, an error or an early stop: nothing more is made for us
                with contextlib.suppress(Exception):
                    self.client.cancel([future for _item, future in pending])

    def _result(self, future):
        """The future's result; BatchStoppedError once the cluster has had no worker for NO_WORKERS_SECONDS.

        Dask waits for ever for a worker to come back; a batch should rather say so and stop.
        """
        alone_since = None
        started = time.monotonic()
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except TimeoutError:
                if time.monotonic() - started >= STALL_SECONDS:
                    raise BatchStoppedError(
                        f"the cluster at {self.address} has made no record for {STALL_SECONDS} s (a record takes "
                        "about a second); the PDFs already made are whole: check its workers, then run the same "
                        "command again"
                    ) from None
                if self.client.nthreads():
                    alone_since = None
                    continue
                alone_since = alone_since or time.monotonic()
                if time.monotonic() - alone_since >= NO_WORKERS_SECONDS:
                    raise BatchStoppedError(
                        f"no worker has been left on the cluster at {self.address} for {NO_WORKERS_SECONDS} s; "
                        "the PDFs already made are whole: start workers (`dask worker`) and run the same command again"
                    ) from None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close(timeout=5)


def lost_reason(error: Exception) -> str:
    return (
        "every worker that tried to make this record stopped while making it (out of memory, or a crash), "
        f"twice over, so the cluster gave up on it ({error}); the other records were made"
    )


def connect(address: str) -> Cluster:
    """Connect to the scheduler at `address` and check its workers; InputError (the run is refused) if any is wrong."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError([Problem(address, "cluster", EXTRA, setting="cluster")]) from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            [
                Problem(
                    address,
                    "cluster",
                    f"no Dask scheduler answered ({reason}); start one with `dask scheduler` and give its "
                    "address as tcp://HOST:8786",
                    setting="cluster",
                )
            ]
        ) from None
    try:
        check_workers(client, address)
    except BaseException:
        with contextlib.suppress(Exception):
            client.close(timeout=5)
        raise
    return Cluster(client, address)


def check_workers(client, address: str) -> None:
    """Refuse the run unless there is a worker and every worker matches this machine."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except TimeoutError:
        message = f"no worker joined the scheduler in {WORKERS_SECONDS} s; start some with `dask worker {address}`"
        raise InputError([Problem(address, "cluster", message, setting="cluster")]) from None
    here = fingerprint()
    problems = []
    for worker, there in sorted(client.run(fingerprint, on_error="return").items()):
        if isinstance(there, BaseException):  # the project is not installed there, or not importable
            message = (
                f"worker {worker} cannot run the project ({type(there).__name__}: {there}); install the same "
                "checkout there with pip install -e '.[cluster]'"
            )
            problems.append(Problem(address, "cluster worker", message, setting="cluster"))
        elif there != here:
            message = mismatch_message(worker, here, there)
            problems.append(Problem(address, "cluster worker", message, setting="cluster"))
    if problems:
        raise InputError(problems)
