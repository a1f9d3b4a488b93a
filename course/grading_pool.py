"""Warm grading workers for :mod:`course.autograde`: long-lived processes that import nbgrader once.

Starting ``nbgrader autograde`` costs about 4 s of CPU before its kernel starts (Python, nbgrader, nbconvert,
SQLAlchemy), as much as grading one of this book's notebooks. A :class:`WarmPool` worker pays that once and
then runs nbgrader's own ``AutogradeApp`` in-process for one submission after another, each in the private
course that :func:`course.autograde.prepare_private_course` lays out, with its own gradebook.

A submission over its whole-submission timeout gets its worker killed (SIGKILL) and replaced; the kernel it
had started exits on its own within about a second, since ipykernel polls for its parent process. A task's
time starts when a warm worker takes it: a worker gets no task before it has said it is ready (its imports
done), so a slow start on a busy machine never eats into a submission's timeout.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from pathlib import Path

READY = "ready"  # what a worker sends once its imports are done
# A worker that has not said it is ready after this long is broken (its imports take seconds, even when busy).
STARTUP_TIMEOUT_S = 600.0


def _logger_handlers() -> list[tuple[logging.Logger, list[logging.Handler]]]:
    names = ["", *logging.Logger.manager.loggerDict]
    return [(logging.getLogger(name), list(logging.getLogger(name).handlers)) for name in names]


def _remove_new_handlers(saved: list[tuple[logging.Logger, list[logging.Handler]]]) -> None:
    """Close the handlers nbgrader added while grading (its log file, its console), so none accumulate."""
    known = {id(logger): handlers for logger, handlers in saved}
    for name in ["", *logging.Logger.manager.loggerDict]:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if h not in known.get(id(logger), [])]:
            logger.removeHandler(handler)
            handler.close()


@contextmanager
def _output_to(path: Path):
    """File descriptors 1 and 2 of this process go to ``path`` meanwhile, as a subprocess's pipe would: what
    nbgrader logs and what the kernels it starts (they inherit the descriptors) print."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "wb") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def run_autograde_app(argv: list[str], cwd: str, env: dict[str, str]) -> tuple[int, str]:
    """``nbgrader autograde ARGV`` in this process, in ``cwd`` with environment ``env`` (both restored
    afterwards). Returns nbgrader's exit status (0, or the code it exits with) and its output: its log and
    whatever its kernels printed."""
    from nbgrader.apps.autogradeapp import AutogradeApp

    saved_env, saved_cwd, saved_handlers = dict(os.environ), os.getcwd(), _logger_handlers()
    output = Path(cwd).parent / "nbgrader-output.txt"
    os.environ.clear()
    os.environ.update(env)  # the kernels nbgrader starts inherit it
    os.chdir(cwd)
    try:
        with _output_to(output):
            try:
                app = AutogradeApp()
                app.initialize(argv)
                app.start()
                code = 0
            except SystemExit as exit_:
                code = 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 1
            except Exception:  # nbgrader raised instead of exiting: its traceback is its last word
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        _remove_new_handlers(saved_handlers)
        AutogradeApp.clear_instance()
    return code, output.read_text(errors="replace")


def _worker_main(connection: Connection) -> None:
    """A worker's loop: receive ``(function, kwargs)``, send back its result; stop on ``None`` or a closed pipe."""
    import nbgrader.apps.autogradeapp  # noqa: F401  (the cost this process exists to pay once)

    connection.send(READY)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        function, kwargs = task
        connection.send(function(**kwargs))


class _Worker:
    def __init__(self, context):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.born = time.perf_counter()
        self.task: dict | None = None
        self.started = self.deadline = 0.0

    def await_ready(self) -> None:
        """Read the worker's ready message (it has one waiting); raise if the worker died before it."""
        try:
            message = self.connection.recv()
        except (EOFError, OSError):
            self.process.join(timeout=5)
            raise RuntimeError(f"a grading worker exited ({self.process.exitcode}) while starting") from None
        if message != READY:
            raise RuntimeError(f"a grading worker sent {message!r} instead of {READY!r} when it started")
        self.ready = True

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except OSError:
                pass
        self.process.join(timeout=None if kill else 10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class WarmPool:
    """``jobs`` warm worker processes (started with ``spawn``); :meth:`run` grades tasks on them, each within
    ``timeout`` seconds. Use as a context manager."""

    def __init__(self, jobs: int):
        if not isinstance(jobs, int) or jobs < 1:
            raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
        # spawn, not fork: the parent has threads (tqdm's monitor, SQLAlchemy's pool) by now
        self._context = multiprocessing.get_context("spawn")
        self._workers = [_Worker(self._context) for _ in range(jobs)]

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc) -> None:
        for worker in self._workers:
            worker.stop(kill=worker.task is not None)

    def run(self, function, tasks: Iterable[dict], timeout: float, on_timeout) -> Iterator:
        """Yield ``function(**task)`` for every task, in the order they finish. A task still running after
        ``timeout`` seconds (or whose worker dies) yields ``on_timeout(task, seconds, reason)`` instead, and its
        worker is replaced."""
        pending = list(tasks)[::-1]
        while pending or any(w.task is not None for w in self._workers):
            for worker in self._workers:
                if worker.ready and worker.task is None and pending:
                    worker.task = pending.pop()
                    worker.started = time.perf_counter()
                    worker.deadline = worker.started + timeout
                    worker.connection.send((function, worker.task))
            busy = [w for w in self._workers if w.task is not None]
            starting = [w for w in self._workers if not w.ready] if pending else []
            deadlines = [w.deadline for w in busy] + [w.born + STARTUP_TIMEOUT_S for w in starting]
            wait_s = max(0.0, min(deadlines) - time.perf_counter())
            ready = wait([w.connection for w in busy + starting], timeout=wait_s)
            for worker in starting:
                if worker.connection in ready:
                    worker.await_ready()
                elif time.perf_counter() >= worker.born + STARTUP_TIMEOUT_S:
                    raise RuntimeError(f"a grading worker did not start within {STARTUP_TIMEOUT_S:g} s")
            for worker in busy:
                reason = None
                if worker.connection in ready:
                    try:
                        result = worker.connection.recv()
                    except (EOFError, OSError):
                        worker.process.join(timeout=5)
                        reason = f"worker process exited ({worker.process.exitcode})"
                elif time.perf_counter() >= worker.deadline:
                    reason = f"over the {timeout:g} s timeout"
                else:
                    continue
                task, seconds = worker.task, time.perf_counter() - worker.started
                if reason is None:
                    worker.task = None
                    yield result
                    continue
                worker.stop(kill=True)
                self._workers[self._workers.index(worker)] = _Worker(self._context)
                yield on_timeout(task, seconds, reason)
