"""The one seam between a batch and the machines that do its work.

`map_in_order(work, items, workers)` runs `work` on every item and yields the
results in the items' order: in a pool of worker processes on this machine
(ReportLab is not thread-safe, and processes use every core), or, given a
`cluster.Cluster`, on a Dask cluster's workers (cluster.py). `work` must be a
pure top-level function, item in, result out, touching no files, so either can
run it and the results are the same.

Memory stays flat however long the batch: only a window of items is in
flight at once, and a result is handed on (written to disk) before more
items are read.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, TypeVar

from .errors import BatchStoppedError, HandoutError

if TYPE_CHECKING:
    from .cluster import Cluster

Item = TypeVar("Item")
Result = TypeVar("Result")

IN_FLIGHT_PER_WORKER = 4
YOUNG_COLLECTION_EVERY = 1  # items between two collections of the young generations (a record's own cycles)
# Items between two full collections, which free what the young ones cannot (cache entries dropped after they
# grew old) and walk every cache alive, ~120 ms each in a worker: measured, 2,000 records with no full collection
# at all stayed at 118 MiB, as with one every 200, which cost 3% of a batch's CPU.
FULL_COLLECTION_EVERY = 1000
LOST_WORKER = (
    "a worker process stopped unexpectedly (out of memory, or killed); the PDFs already made are whole: "
    "run the same command again to finish"
)
NOT_STARTED = (
    "a worker could not start ({reason}); the PDFs already made are whole: put that right and run the same "
    "command again to finish"
)
MAX_REASON = 300  # characters of a worker's start-up failure quoted in the message
STOP_GRACE_SECONDS = 5.0  # after Ctrl-C or an error, how long workers may take to finish their current item


def default_workers() -> int:
    """The cores this process may use (which a container or `taskset` can limit)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(
    work: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    warm_up: Callable[[], None] | None = None,
    start_method: str | None = None,
    cluster: Cluster | None = None,
    on_lost: Callable[[Item, str], Result] | None = None,
) -> Iterator[Result]:
    """Yield `work(item)` for each item, in order, using `workers` processes (or `cluster`'s workers).

    `warm_up` runs once in each worker before its first item (and once here
    when workers is 1): register fonts, parse content, so that every document
    after the first costs only its own layout. With one worker the items run
    in this process, with no pool at all: the output is the same, byte for byte.
    `start_method` is multiprocessing's ("fork" by default on Linux; "spawn"
    for a program that runs threads, where a forked child could inherit a
    lock held mid-way). With `cluster`, `workers` and `start_method` do not
    apply, and `on_lost(item, reason)` gives the result for an item whose
    worker died each time it was tried (on this machine, a lost worker stops
    the batch instead).
    """
    if cluster is not None:
        yield from cluster.map_in_order(work, items, warm_up, on_lost)
        return
    if workers <= 1:
        if warm_up:
            try:
                warm_up()
            except HandoutError:
                raise  # a file the user can fix, refused as it would be anywhere else
            except Exception as error:
                raise WorkerStartError(not_started(error)) from None
        with _collector_paused():
            for item in items:
                yield _collected_after(work, item)
        return

    yield from _in_pool(work, items, workers, warm_up, start_method)


def _in_pool(
    work: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    warm_up: Callable[[], None] | None,
    start_method: str | None,
) -> Iterator[Result]:
    """map_in_order on this machine's worker processes, watched from here as well as by the pool itself."""
    context = multiprocessing.get_context(start_method or ("fork" if sys.platform == "linux" else "spawn"))
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(warm_up, os.getpid()))
    collected = functools.partial(_collected_after, work)
    pending: deque[Future] = deque()
    source = iter(items)
    lost = finished = False
    processes: list = []  # the workers, kept here: the pool forgets them at shutdown
    try:
        for item in source:
            pending.append(_submit(pool, processes, collected, item))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while pending:
            result = _result_or_lost(pending.popleft(), processes)
            for item in source:
                pending.append(_submit(pool, processes, collected, item))
                break
            yield result
        finished = True
    except WorkerLostError:
        lost = True
        raise
    finally:
        # Stopped part-way (Ctrl-C, an error, the consumer gone), the results still coming are never used: a
        # worker busy with an item that never ends (a layout that loops) must not keep the batch from stopping.
        _end_pool(pool, processes, lost, None if finished else time.monotonic() + STOP_GRACE_SECONDS)


def _submit(pool: ProcessPoolExecutor, processes: list, work: Callable, item: object) -> Future:
    """pool.submit, unless a worker has died (then WorkerLostError); `processes` gains any worker it starts.

    Python 3.11's pool holds a lock while it tidies up after a lost worker, and submit() waits on that lock,
    for ever if the tidying hangs: never submit once a worker has died.
    """
    if _any_died(processes):
        raise WorkerLostError(LOST_WORKER)
    starting = len(processes) < getattr(pool, "_max_workers", 0)
    with _signals_held() if starting else contextlib.nullcontext():
        try:
            future = pool.submit(work, item)
        except BrokenProcessPool:  # the pool saw the loss first
            raise WorkerLostError(LOST_WORKER) from None
        except RuntimeError:  # "cannot schedule new futures after shutdown": the pool, marking itself broken
            if getattr(pool, "_broken", False):
                raise WorkerLostError(LOST_WORKER) from None
            raise
        # A forked pool starts every worker at the first submit; a spawned one (the web app's), one per submit.
        _watch(pool, processes)
    return future


_STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back, and delivered just after, while the pool starts workers and its manager thread.

    Interrupted in between, the pool would have workers waiting for work and no thread to ever tell them to
    stop, or a worker not yet in its list: the batch would wait for them for ever. Python runs a signal's
    handler in the main thread whichever thread the system gave the signal to, so the handlers are swapped
    for ones that only note the signal (a signal mask is per thread, and would not hold back one given to
    another thread). A worker forked meanwhile sets its own handlers first thing (_start_worker).
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # a web app thread: signals never interrupt it, and only the main thread may set handlers
        return
    noted: list[int] = []
    previous = {number: signal.signal(number, lambda got, _frame: noted.append(got)) for number in _STOPPING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        for number in noted[:1]:
            signal.raise_signal(number)  # now, to the handler it would have met


def _watch(pool: ProcessPoolExecutor, processes: list) -> None:
    """Add the pool's workers to `processes`, which keeps them after the pool forgets one (a loss, shutdown)."""
    processes += [p for p in (getattr(pool, "_processes", None) or {}).values() if p not in processes]


def _end_pool(pool: ProcessPoolExecutor, processes: list, lost: bool, deadline: float | None = None) -> None:
    """Stop the pool: after a normal end, Ctrl-C or SIGTERM, workers finish their current item (by `deadline`, a
    time.monotonic(), when one is given); after a loss, at once.

    Joining the pool's manager thread is safe only once every worker has ended normally: a worker killed while
    sending its result (a SIGTERM that reached the whole process group, or the system's out-of-memory killer)
    leaves that thread reading the rest of the result for ever, and a worker waiting on a lock the dead one
    held never ends by itself. So the workers are watched here, and at the first that did not end normally
    the rest are killed and the pool is left (workers_abandoned).
    """
    _watch(pool, processes)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)  # drop what has not started (the pool forgets its workers)
    # Workers but no manager thread (the pool failed while starting them): nothing would ever stop them.
    lost = lost or bool(processes and (manager is None or manager.ident is None))
    try:
        lost = lost or not _workers_end_normally(processes, deadline)
    except BaseException:  # a second Ctrl-C or SIGTERM while they finish: no more waiting
        _abandon(processes)
        raise
    if lost:
        _abandon(processes)
        return
    if manager is not None:
        manager.join()


def _workers_end_normally(processes: list, deadline: float | None) -> bool:
    """Wait for every worker to end; False at the first that did not end normally, or at the deadline."""
    running = list(processes)
    while running:
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready = multiprocessing.connection.wait([process.sentinel for process in running], timeout)
        if not ready:  # past the deadline: what they are still making would never be used
            return False
        ended = [process for process in running if process.sentinel in ready]
        if not all(map(_ended_normally, ended)):
            return False
        running = [process for process in running if process not in ended]
    return True


def _abandon(processes: list) -> None:
    """End the workers now and leave the pool (workers_abandoned)."""
    global _abandoned
    _abandoned = True
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()


_abandoned = False  # a pool here was left without waiting for it (see workers_abandoned)


def workers_abandoned() -> bool:
    """Whether a pool lost a worker in this process: its manager thread may then wait for ever, and with it
    Python's own exit, so a program should leave with os._exit once its output is flushed."""
    return _abandoned


_items_done = 0  # in this process, for _collected_after
_pause_lock = threading.Lock()
_pauses = 0  # single-worker batches running in this process's threads (the web server's lists)
_was_enabled = True  # the automatic collector, before the first of them paused it


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The automatic collector off while a single-worker batch runs here, and back as it was when the last
    one running ends: the web server can run two lists at once in its threads, and neither may leave it off."""
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def _collected_after(work: Callable[[Item], Result], item: Item) -> Result:
    """`work(item)`, then the garbage collector's turn, at points chosen here rather than by allocation counts.

    One record's layout makes and drops hundreds of thousands of objects, many in reference cycles (a canvas
    and its document, flowables and their frames). Python's automatic collector runs every 700 allocations
    and, every so often, walks everything alive, the per-process caches (fonts, recorded bodies) included:
    a tenth of a batch's CPU. With it off in the workers (and here while a single-worker batch runs), the
    young generations are collected after each item, when its cycles are garbage and little is alive, and
    the whole heap every FULL_COLLECTION_EVERY items, so memory stays flat however long the batch.
    """
    global _items_done
    if _start_failure is not None:
        raise _start_failure.with_traceback(None)
    try:
        return work(item)
    finally:
        _items_done += 1
        if _items_done % FULL_COLLECTION_EVERY == 0:
            gc.collect()
        elif _items_done % YOUNG_COLLECTION_EVERY == 0:
            gc.collect(1)


def _result_or_lost(future: Future, processes: list) -> object:
    """The future's result; WorkerLostError as soon as any worker has died.

    The pool notices a killed worker itself, but in Python 3.11 its manager
    thread can hang for good when the worker died holding the queue's lock, so
    the workers are also watched from here, once a second.
    """
    while True:
        try:
            return future.result(timeout=1.0)
        except TimeoutError:
            if _any_died(processes):
                raise WorkerLostError(LOST_WORKER) from None
        except BrokenProcessPool:
            raise WorkerLostError(LOST_WORKER) from None


def _ended_normally(process) -> bool:
    """Whether a worker whose sentinel says it has ended exited with status 0.

    Its status is read with waitpid, which the pool's manager thread may have just done itself: then our
    read finds nothing and the status appears on the process a moment later, once that thread sets it.
    """
    for _ in range(1000):
        code = process.exitcode
        if code is not None:
            return code == 0
        time.sleep(0.001)
    return False


def _any_died(processes: list) -> bool:
    """Whether a worker has ended, read from its sentinel (which becomes readable when it ends).

    Not from `exitcode`: the pool's manager thread reaps a dead worker with waitpid, and a second waitpid
    made here while it does so fails and reads as "still running".
    """
    return bool(multiprocessing.connection.wait([process.sentinel for process in processes], timeout=0))


class WorkerLostError(BatchStoppedError):
    """A worker process died mid-batch; the batch stops cleanly and can be run again."""


def not_started(error: Exception) -> str:
    """What the batch says when a worker's warm-up failed: the error quoted (bounded), and how to go on."""
    return NOT_STARTED.format(reason=f"{type(error).__name__}: {error}"[:MAX_REASON])


class WorkerStartError(BatchStoppedError):
    """A worker's warm-up failed (a font or content file that cannot be read there): the batch stops, saying why."""


_start_failure: Exception | None = None  # in a worker whose warm-up failed: what its every item raises


def _start_worker(warm_up: Callable[[], None] | None, parent: int | None = None) -> None:
    """Set up a worker process: it ignores Ctrl-C (the parent stops the pool) and dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the CLI's SIGTERM handler (which raises KeyboardInterrupt, for a clean stop of the
    # parent); the pool ends its workers with SIGTERM after a loss, and a worker that caught it and went on
    # sending its result would keep the pool, and the batch, waiting for ever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.disable()  # collected between items instead (_collected_after)
    _die_with_parent()
    if parent is not None and os.getppid() != parent:
        # The parent died while this worker was still starting (a spawned worker takes a second or two to
        # import), before the request above could take effect: nobody will ever send it work.
        os._exit(1)
    if warm_up:
        try:
            warm_up()
        except Exception as error:
            # Raised here, the pool would print a traceback and read the worker as lost ("out of memory, or
            # killed"); each item this worker is given raises the reason instead: a file the user can fix
            # (a HandoutError, which pickles) as itself, anything else as WorkerStartError.
            global _start_failure
            _start_failure = error if isinstance(error, HandoutError) else WorkerStartError(not_started(error))


def _die_with_parent() -> None:
    """If the parent is killed outright (kill -9), its workers must not linger: ask Linux to end them too."""
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
