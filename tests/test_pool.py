"""The one seam that maps records to workers: results in input order, the same whatever the number of workers."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handout_engine.pool import _any_died, default_workers, map_in_order

ROOT = Path(__file__).resolve().parent.parent


def square_with_pid(number: int) -> tuple[int, int]:
    if number % 4 == 0:  # the early items of each batch finish last: an unordered map would give them out of order
        time.sleep(0.02)
    return number * number, os.getpid()


def test_results_come_back_in_input_order_from_several_workers():
    results = list(map_in_order(square_with_pid, range(40), workers=2))
    assert [value for value, _pid in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _value, pid in results}, "the work ran in worker processes"


def test_one_worker_runs_in_this_process_with_its_warm_up_once():
    warmed = []
    results = list(map_in_order(square_with_pid, range(5), workers=1, warm_up=lambda: warmed.append(1)))
    assert [value for value, _pid in results] == [0, 1, 4, 9, 16]
    assert {pid for _value, pid in results} == {os.getpid()}
    assert warmed == [1]


def test_items_are_read_lazily_so_a_long_list_is_never_held_whole():
    taken = []

    def items():
        for number in range(1000):
            taken.append(number)
            yield number

    results = map_in_order(square_with_pid, items(), workers=2)
    next(results)
    assert len(taken) < 100, "only a few records in flight per worker"
    results.close()


def test_the_default_is_the_cores_this_process_may_use():
    assert default_workers() == len(os.sched_getaffinity(0))


def test_a_workers_warm_up_loads_no_face_an_english_batch_never_draws():
    """Warm-up reads the default language's content only: the others (and their scripts' faces, 0.3 s of CPU in
    every worker) wait for a record that asks for them, and then print as before."""
    script = (
        "from handout_engine.make import Settings, warm_up\n"
        "from handout_engine.catalog import handout_languages\n"
        "from handout_engine.text.fonts import loaded_font_names\n"
        "langs = handout_languages()\n"
        "assert any(len(v) > 3 for v in langs.values()), langs\n"
        "warm_up(Settings(('leaflet',), ('leaflet',), 'northbrook', tuple(langs.items())))\n"
        "print(' '.join(loaded_font_names()))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert "AtkinsonHyperlegible" in loaded  # the text face
    # The Chinese (DroidSansFallback), Bengali and Nastaliq faces are for the zh, bn and ur content's text.
    assert not [name for name in loaded if name.startswith(("DroidSansFallback", "NotoSansBengali", "NotoNastaliq"))]


class _Cycle:
    """An object in a reference cycle: only the garbage collector frees it."""

    def __init__(self):
        self.me = self


_cycles: list = []


def make_cycle_and_report(number: int) -> tuple[bool, int]:
    """Drop a cycle; say whether the automatic collector is on and how many earlier cycles are still alive."""
    import weakref

    cycle = _Cycle()
    _cycles.append(weakref.ref(cycle))
    del cycle
    return gc.isenabled(), sum(ref() is not None for ref in _cycles[:-1])


@pytest.mark.parametrize("workers", [1, 2])
def test_each_items_cycles_are_collected_after_it_with_the_automatic_collector_off(workers):
    """Memory stays flat with the collector run between items: every earlier item's cycles are freed."""
    _cycles.clear()
    results = list(map_in_order(make_cycle_and_report, range(30), workers=workers))
    assert [enabled for enabled, _alive in results] == [False] * 30
    assert [alive for _enabled, alive in results] == [0] * 30
    assert gc.isenabled(), "a single-worker batch gives the collector back when it ends"


@pytest.mark.parametrize("first_to_end", ["A", "B"])
def test_two_single_worker_batches_in_threads_give_the_collector_back_whichever_ends_first(first_to_end):
    """The web server runs lists in threads: one ending while another runs must neither turn the automatic
    collector back on under it nor leave it off for good once both are done."""
    import threading

    started = {name: threading.Event() for name in "AB"}
    release = {name: threading.Event() for name in "AB"}
    seen: dict[str, list[bool]] = {"A": [], "B": []}

    def run(name):
        def work(item):
            started[name].set()
            release[name].wait(5)
            return gc.isenabled()

        seen[name] += list(map_in_order(work, range(1), workers=1))

    threads = {name: threading.Thread(target=run, args=(name,)) for name in "AB"}
    threads["A"].start()
    started["A"].wait(5)
    threads["B"].start()
    started["B"].wait(5)
    other = "B" if first_to_end == "A" else "A"
    release[first_to_end].set()
    threads[first_to_end].join(5)
    assert not gc.isenabled(), "the other list still runs"
    release[other].set()
    threads[other].join(5)
    assert seen == {"A": [False], "B": [False]}
    assert gc.isenabled(), f"{first_to_end} ended first: the collector is back once both are done"


def sigterm_handler_here(_item: int) -> object:
    return signal.getsignal(signal.SIGTERM)


def test_a_forked_worker_ends_on_sigterm_whatever_handler_its_parent_set():
    """The CLI turns SIGTERM into KeyboardInterrupt; a forked worker must not inherit that. After a loss the
    pool ends the other workers with SIGTERM, and one that caught it and went on sending its result kept the
    batch waiting for ever (a CI run hung on exactly this)."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        handlers = set(map_in_order(sigterm_handler_here, range(4), workers=2, start_method="fork"))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert handlers == {signal.SIG_DFL}


def test_a_worker_reaped_by_another_thread_still_counts_as_ended():
    """The pool's manager thread reaps a dead worker itself; the watch here must not read that as alive."""
    context = multiprocessing.get_context("fork")
    process = context.Process(target=time.sleep, args=(30,))
    process.start()
    try:
        assert not _any_died([process])
        os.kill(process.pid, signal.SIGKILL)
        os.waitpid(process.pid, 0)  # as the manager thread does, behind multiprocessing's back
        assert process.exitcode is None, "multiprocessing itself now reads it as running"
        assert _any_died([process])
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process._popen.returncode = -signal.SIGKILL  # what was reaped behind its back, told to multiprocessing
        process.join()  # which then forgets it (active_children() no longer lists it)


def test_a_batch_that_ends_normally_leaves_its_pool_joined_not_abandoned():
    """Workers reaped by the pool's own thread as they exit must still read as ended normally: a false loss
    would make the CLI leave with os._exit after every successful batch."""
    import handout_engine.pool as pool

    for _ in range(5):
        assert [value for value, _pid in map_in_order(square_with_pid, range(12), workers=2)] == [
            n * n for n in range(12)
        ]
        assert not pool.workers_abandoned()


@pytest.mark.timeout(60)
def test_ctrl_c_while_the_pool_starts_its_workers_stops_the_batch(monkeypatch):
    """A Ctrl-C landing while the first submit forks the workers, before the pool has a thread to ever stop
    them, used to leave the batch waiting on them for ever; it is now held until the pool is whole."""
    from concurrent.futures import ProcessPoolExecutor

    spawn = ProcessPoolExecutor._spawn_process
    started = []

    def spawn_then_ctrl_c(pool):
        spawn(pool)
        started.extend(p for p in pool._processes.values() if p not in started)
        if len(started) == 1:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(ProcessPoolExecutor, "_spawn_process", spawn_then_ctrl_c)
    # Another thread, as a full test run has (or a program with a server): the system may give it the signal.
    import threading

    done = threading.Event()
    other = threading.Thread(target=done.wait, daemon=True)
    other.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            list(map_in_order(square_with_pid, range(40), workers=2, start_method="fork"))
    finally:
        done.set()
    assert len(started) == 2
    for process in started:
        process.join(10)
        assert process.exitcode is not None, "a worker outlived the stopped batch"


def fonts_missing() -> None:
    raise FileNotFoundError(2, "No such file or directory", "assets/fonts/missing.ttf")


def content_broken() -> None:
    from handout_engine.errors import ContentError, Problem

    raise ContentError([Problem("handouts/kyphoplasty/en.yaml", "title", "must not be empty")])


@pytest.mark.timeout(60)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_whose_warm_up_fails_stops_the_batch_saying_why(capfd, workers):
    """A worker that cannot load what it needs (a font or content file unreadable there) used to print the pool's
    traceback and be reported as lost, "out of memory, or killed"; the batch now stops with the real reason, in
    a pool or in this process alike."""
    from handout_engine.pool import WorkerStartError

    with pytest.raises(WorkerStartError) as stopped:
        list(map_in_order(square_with_pid, range(20), workers=workers, warm_up=fonts_missing, start_method="fork"))
    message = str(stopped.value)
    assert "could not start (FileNotFoundError: " in message
    assert "missing.ttf" in message
    assert "out of memory" not in message
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.timeout(60)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_content_file_failing_its_checks_in_a_workers_warm_up_is_refused_as_itself(workers):
    """A file the user can fix keeps its own error (and exit status) whether one worker or many met it."""
    from handout_engine.errors import ContentError

    with pytest.raises(ContentError, match="title: must not be empty"):
        list(map_in_order(square_with_pid, range(20), workers=workers, warm_up=content_broken, start_method="fork"))


NEVER_ENDING_RECORD = """
import os, signal, sys, threading, time
from handout_engine import pool

def work(n):
    if n == 3:
        open(sys.argv[1], "w").write(str(os.getpid()))
        time.sleep(3600)  # a layout that never ends
    return n

for at in sys.argv[2:]:  # each a Ctrl-C, so many seconds in
    threading.Timer(float(at), lambda: os.kill(os.getpid(), signal.SIGINT)).start()
started = time.monotonic()
try:
    for _ in pool.map_in_order(work, range(8), 2, start_method="fork"):
        pass
except KeyboardInterrupt:
    print(f"stopped {time.monotonic() - started:.1f}", flush=True)
    os._exit(130 if pool.workers_abandoned() else 99)
"""


@pytest.mark.timeout(60)
@pytest.mark.parametrize("presses", [("2",), ("2", "3")], ids=["one Ctrl-C", "a second one while it waits"])
def test_ctrl_c_stops_a_batch_whose_record_never_ends(tmp_path, presses):
    """Ctrl-C let workers finish their current item, and waited for ever on one that never ends; now a stopped
    batch waits at most STOP_GRACE_SECONDS, then ends its workers (what they were making is never used). A second
    Ctrl-C while it waits ends them at once."""
    from handout_engine.pool import STOP_GRACE_SECONDS

    busy = tmp_path / "busy-worker"
    command = [sys.executable, "-c", NEVER_ENDING_RECORD, str(busy), *presses]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=45)
    assert done.returncode == 130, done.stderr
    seconds = float(done.stdout.split()[1])
    first = float(presses[0])
    if len(presses) == 1:
        assert first + STOP_GRACE_SECONDS - 1 < seconds < first + STOP_GRACE_SECONDS + 10
    else:  # ended at the second, well before the grace was up
        assert float(presses[1]) - 0.5 < seconds < first + STOP_GRACE_SECONDS - 1
    worker = int(busy.read_text())
    for _ in range(100):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the worker busy with the never-ending record outlived the batch")
