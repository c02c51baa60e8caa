"""The one seam that maps records to workers: results in input order, the same whatever the number of workers."""

from __future__ import annotations

import os
import time

from handout_engine.pool import default_workers, map_in_order


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
