"""The warm worker pool of course.autograde: results come back, a task over its timeout or one that kills its
worker becomes a timeout outcome, its worker is replaced, and the other tasks are not held up."""

from __future__ import annotations

import os
import time

import pytest

from course.grading_pool import WarmPool

pytestmark = pytest.mark.slow  # each worker imports nbgrader (about 4 s of CPU)


def square_in_worker(x: int, sleep: float = 0.0, die: bool = False) -> dict:
    if die:
        os._exit(3)
    time.sleep(sleep)
    return {"x": x, "value": x * x, "pid": os.getpid()}


def timed_out(task: dict, seconds: float, reason: str) -> dict:
    return {"x": task["x"], "value": None, "seconds": seconds, "reason": reason}


def test_results_timeouts_and_dead_workers():
    # Far from the timeout either way, however busy the machine: the quick tasks take microseconds once their
    # worker is warm (a worker's start-up is not counted), the sleeping one sleeps 10 times the timeout.
    tasks = [{"x": 1}, {"x": 2, "sleep": 200.0}, {"x": 3, "die": True}, {"x": 4}, {"x": 5}, {"x": 6}]
    with WarmPool(2) as pool:
        results = {r["x"]: r for r in pool.run(square_in_worker, tasks, timeout=20.0, on_timeout=timed_out)}
    assert sorted(results) == [1, 2, 3, 4, 5, 6]
    assert [results[x]["value"] for x in (1, 4, 5, 6)] == [1, 16, 25, 36]
    assert results[2]["value"] is None and "timeout" in results[2]["reason"]
    assert 20.0 <= results[2]["seconds"] < 150, f"the sleeping task was not cut off at its timeout ({results[2]})"
    assert results[3]["value"] is None and "exited (3)" in results[3]["reason"]
    # the survivors ran on warm, reused workers: 4 tasks on at most 3 distinct processes (2 + 1 replacement)
    assert len({results[x]["pid"] for x in (1, 4, 5, 6)}) <= 3


def test_jobs_must_be_a_positive_integer():
    with pytest.raises(ValueError, match="jobs must be a positive integer, got 0"):
        WarmPool(0)
