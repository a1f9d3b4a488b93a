"""Parallel autograding on top of nbgrader: many submissions at once, with progress, the same scores.

    rnnbook autograde 01_vanilla_rnn                  # every submission, one worker per core
    rnnbook autograde 01_vanilla_rnn --jobs 4 --student alice --student bob
    rnnbook autograde 01_vanilla_rnn --scheduler tcp://10.0.0.5:8786   # on a Dask cluster

nbgrader grades one submission after another and its gradebook is one SQLite file that separate processes must
not write at the same time. Here every submission ``submitted/<student>/<assignment>/`` is graded by
nbgrader's own autograde (``nbgrader autograde ASSIGNMENT --student ID``) in a temporary course of its own,
with its own gradebook (a consistent snapshot of the course's), so workers never share a database. The parent
process alone merges each result into the course gradebook (the ``db_url`` of the course's
``nbgrader_config.py``), one submission per transaction, and moves ``autograded/<student>/<assignment>/`` into
place, so an interrupted run leaves whole submissions only. The merged rows are exactly what ``nbgrader
autograde --force`` would have written for that student (its scores, comments, flags, timestamp), because the
worker's gradebook started as a copy of the course's.

Workers run on this machine (``--jobs N`` processes, default: the CPU count) or on an existing
``dask.distributed`` cluster (``--scheduler``; its workers must see the course directory at the same path,
e.g. on a shared file system). Local workers are warm (:mod:`course.grading_pool`): each imports nbgrader once
and runs its ``AutogradeApp`` in-process for one submission after another, since starting the ``nbgrader``
command costs about as much CPU as grading a notebook. On Dask each submission gets an ``nbgrader autograde``
process of its own, killed with its kernel on timeout. Every kernel runs torch with one thread
(``OMP_NUM_THREADS``, ``MKL_NUM_THREADS``, ``RNN_BOOK_THREADS``), so N workers use N cores. A submission that
raises, loops forever (nbgrader's per-cell ``Execute.timeout``) or kills its kernel gets a status and never
stops the others. A rerun grades only submissions that are missing or newer than their autograded copy
(``--force``: all of them).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import REPO_ROOT
from .grading import nbgrader_env

SCRATCH = ".autograde"  # per-run working folders, inside the course directory (workers must see it)
DEFAULT_TIMEOUT_S = 3600.0  # a whole submission; nbgrader's per-cell timeout normally ends a loop long before
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "RNN_BOOK_THREADS": "1"}


@dataclass(frozen=True)
class Course:
    """Where an nbgrader course keeps things, read from its ``nbgrader_config.py`` (nbgrader's own defaults)."""

    root: Path
    db_url: str
    source: str
    submitted: str
    autograded: str

    @classmethod
    def load(cls, root: Path) -> Course:
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        root = Path(root).resolve()
        if not (root / "nbgrader_config.py").is_file():
            raise ValueError(f"course_dir must be an nbgrader course folder with an nbgrader_config.py, got {root}")
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
        coursedir = CourseDirectory(config=config)
        coursedir.root = str(root)
        return cls(root, coursedir.db_url, coursedir.source_directory, coursedir.submitted_directory,
                   coursedir.autograded_directory)

    def sqlite_path(self) -> Path:
        prefix = "sqlite:///"
        if not self.db_url.startswith(prefix):
            raise ValueError("parallel autograding needs an SQLite gradebook (db_url sqlite:///...), "
                             f"got {self.db_url!r}")
        path = Path(self.db_url[len(prefix):])
        return path if path.is_absolute() else self.root / path

    def submission(self, assignment: str, student: str) -> Path:
        return self.root / self.submitted / student / assignment

    def graded(self, assignment: str, student: str) -> Path:
        return self.root / self.autograded / student / assignment


@dataclass
class Outcome:
    """What became of one submission: status ``graded``, ``cell timeout`` (graded, a cell was interrupted),
    ``kernel died``, ``failed`` (nbgrader could not grade it), ``timeout`` (the whole submission) or ``error``."""

    student: str
    status: str
    seconds: float
    returncode: int | None = None
    log: str = ""
    work: str = ""
    score: float | None = None
    max_score: float | None = None
    extra: dict = field(default_factory=dict)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def prepare_private_course(course_root: str, assignment: str, student: str, template_db: str,
                           work: str) -> tuple[Course, Path, Path]:
    """Lay out the private course of one submission under ``work``: the course's ``nbgrader_config.py``, the
    assignment's source folder, this one submission, and a copy of ``template_db`` as its gradebook.
    Returns the course, the private course folder and its gradebook."""
    course = Course.load(Path(course_root))
    private = Path(work) / "course"
    if private.exists():
        shutil.rmtree(private)
    private.mkdir(parents=True)
    shutil.copy(course.root / "nbgrader_config.py", private / "nbgrader_config.py")
    shutil.copytree(course.root / course.source / assignment, private / course.source / assignment,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(course.submission(assignment, student), private / course.submitted / student / assignment,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    gradebook = Path(work) / "gradebook.db"
    shutil.copy(template_db, gradebook)
    return course, private, gradebook


def _autograde_argv(assignment: str, student: str, private: Path, gradebook: Path) -> list[str]:
    return [assignment, f"--student={student}", "--create", "--force",
            f"--CourseDirectory.db_url=sqlite:///{gradebook}", f"--CourseDirectory.root={private}"]


def _grading_env(home: str | None) -> dict[str, str]:
    env = nbgrader_env(Path(home) if home else None)
    env.update(ONE_THREAD)
    return env


def _status(graded: bool, returncode: int | None, log: str) -> str:
    """An :class:`Outcome` status from what nbgrader left: its autograded folder, exit status and log."""
    lowered = log.lower()
    if graded and returncode == 0:
        interrupted = "timeout waiting for" in lowered or "interrupting kernel" in lowered
        return "cell timeout" if interrupted else "graded"
    if "kernel died" in lowered or "deadkernel" in lowered:
        return "kernel died"
    return "failed"


def grade_in_worker(course_root: str, assignment: str, student: str, template_db: str, work: str,
                    home: str | None = None) -> dict:
    """Warm worker (:class:`course.grading_pool.WarmPool`): grade one submission with nbgrader's autograde app
    in this process, in a private course under ``work`` (see :func:`prepare_private_course`). Returns the
    fields of :class:`Outcome` as a dict; the result stays in ``work`` for the parent to merge. Never raises."""
    from course.grading_pool import run_autograde_app

    start = time.perf_counter()
    try:
        course, private, gradebook = prepare_private_course(course_root, assignment, student, template_db, work)
        code, log = run_autograde_app(_autograde_argv(assignment, student, private, gradebook), str(private),
                                      _grading_env(home))
        graded = (private / course.autograded / student / assignment).is_dir()
        return vars(Outcome(student, _status(graded, code, log), time.perf_counter() - start, code, log[-4000:],
                            work))
    except Exception as error:  # a broken copy or a missing folder: report it, keep the others going
        return vars(Outcome(student, "error", time.perf_counter() - start, None, f"{type(error).__name__}: {error}",
                            work))


def grade_submission(course_root: str, assignment: str, student: str, template_db: str, work: str,
                     timeout: float = DEFAULT_TIMEOUT_S, home: str | None = None) -> dict:
    """Dask worker: grade one submission with an ``nbgrader autograde`` process of its own (killed with its
    kernel after ``timeout`` seconds) in a private course under ``work`` (see :func:`prepare_private_course`).

    Returns a plain dict (it travels through Dask): the fields of :class:`Outcome`; the result stays in
    ``work`` (``gradebook.db``, ``autograded/``) for the parent to merge. Never raises: a failure is a status.
    """
    start = time.perf_counter()
    try:
        course, private, gradebook = prepare_private_course(course_root, assignment, student, template_db, work)
        command = [sys.executable, "-m", "nbgrader", "autograde", *_autograde_argv(assignment, student, private,
                                                                                   gradebook)]
        process = subprocess.Popen(command, cwd=private, env=_grading_env(home), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            log, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)  # nbgrader and the kernel it started
            log, _ = process.communicate()
            return vars(Outcome(student, "timeout", time.perf_counter() - start, None, log[-4000:], work))
        finally:
            _kill_group(process)  # a kernel left behind by a crashed nbgrader
        graded = (private / course.autograded / student / assignment).is_dir()
        return vars(Outcome(student, _status(graded, process.returncode, log), time.perf_counter() - start,
                            process.returncode, log[-4000:], work))
    except Exception as error:  # a broken copy or a missing folder: report it, keep the others going
        return vars(Outcome(student, "error", time.perf_counter() - start, None, f"{type(error).__name__}: {error}",
                            work))


def _snapshot(db_url: str, assignment: str, student: str) -> dict | None:
    """The worker gradebook's rows for one submission, as plain values keyed by notebook and cell name."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        return {
            "timestamp": submission.timestamp,
            "extension": submission.extension,
            "notebooks": {
                nb.name: {
                    "flagged": nb.flagged,
                    "late_submission_penalty": nb.late_submission_penalty,
                    "grades": {g.name: (g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
                               for g in nb.grades},
                    "comments": {c.name: (c.auto_comment, c.manual_comment) for c in nb.comments},
                }
                for nb in submission.notebooks
            },
        }


def _new_submission(gb, assignment: str, student: str):
    """An empty submission with every notebook, grade and comment row, flushed but not committed (the
    structure of ``Gradebook.add_submission``, which commits on its own)."""
    from nbgrader.api import Comment, Grade, MissingEntry, Student, SubmittedAssignment, SubmittedNotebook

    try:
        owner = gb.find_student(student)
    except MissingEntry:
        owner = Student(id=student)
        gb.db.add(owner)
    definition = gb.find_assignment(assignment)
    with gb.db.no_autoflush:
        submission = SubmittedAssignment(assignment=definition, student=owner)
        for notebook in definition.notebooks:
            nb = SubmittedNotebook(notebook=notebook, assignment=submission)
            for cell in notebook.grade_cells:
                Grade(cell_id=cell.id, notebook=nb)
            for cell in notebook.solution_cells:
                Comment(cell_id=cell.id, notebook=nb)
            for cell in notebook.task_cells:
                Comment(cell_id=cell.id, notebook=nb)
                Grade(cell_id=cell.id, notebook=nb)
        gb.db.add(submission)
    gb.db.flush()  # rows get their ids and cells (names) inside the open transaction; nothing is committed
    return submission


def merge(course: Course, assignment: str, student: str, work: Path) -> None:
    """Copy one worker's result into the course: gradebook rows in one transaction, then the autograded folder.

    Order for a kill at any point: the old autograded folder goes first, the rows are committed, the new folder
    is renamed into place; a submission without its autograded folder counts as not graded, so a rerun
    grades it again. A worker gradebook without the submission changes nothing (nbgrader gave up before
    recording it).
    """
    from nbgrader.api import Gradebook, MissingEntry

    worker_db = work / "gradebook.db"
    rows = _snapshot(f"sqlite:///{worker_db}", assignment, student) if worker_db.is_file() else None
    target = course.graded(assignment, student)
    if target.exists():
        shutil.rmtree(target)
    if rows is not None:
        with Gradebook(course.db_url) as gb:
            try:
                try:
                    submission = gb.find_submission(assignment, student)
                except MissingEntry:
                    submission = _new_submission(gb, assignment, student)
                submission.timestamp = rows["timestamp"]
                submission.extension = rows["extension"]
                for nb in submission.notebooks:
                    theirs = rows["notebooks"][nb.name]
                    nb.flagged = theirs["flagged"]
                    nb.late_submission_penalty = theirs["late_submission_penalty"]
                    for grade in nb.grades:
                        (grade.auto_score, grade.manual_score, grade.extra_credit,
                         grade.needs_manual_grade) = theirs["grades"][grade.name]
                    for comment in nb.comments:
                        comment.auto_comment, comment.manual_comment = theirs["comments"][comment.name]
                gb.db.commit()
            except BaseException:
                gb.db.rollback()
                raise
    graded = work / "course" / course.autograded / student / assignment
    if graded.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(graded, target)


def _newest_mtime(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)


def up_to_date(course: Course, assignment: str, student: str) -> bool:
    """Whether the gradebook and ``autograded/`` already hold this submission as it is now: graded, with the
    same ``timestamp.txt`` (nbgrader's rule) and no submitted file newer than the autograded copy."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.utils import parse_utc

    graded, submitted = course.graded(assignment, student), course.submission(assignment, student)
    if not graded.is_dir() or not course.sqlite_path().is_file():
        return False
    with Gradebook(course.db_url) as gb:
        try:
            recorded = gb.find_submission(assignment, student).timestamp
        except MissingEntry:
            return False
    stamp = submitted / "timestamp.txt"
    if stamp.is_file() and stamp.read_text().strip():
        if recorded is None or parse_utc(stamp.read_text().strip()).replace(tzinfo=None) != recorded:
            return False
    return _newest_mtime(submitted) <= _newest_mtime(graded)


def _check_assignment(course: Course, assignment: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    if not course.sqlite_path().is_file():
        raise SystemExit(f"no gradebook at {course.sqlite_path()}: run `nbgrader generate_assignment {assignment}` "
                         "in the course first")
    with Gradebook(course.db_url) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise SystemExit(f"No assignment with ID '{assignment}' exists in the database: run "
                             f"`nbgrader generate_assignment {assignment}` first") from None


def _clean_stale_scratch(course: Course) -> None:
    """Remove the working folders of earlier runs whose parent process is gone (e.g. killed)."""
    for run in (course.root / SCRATCH).glob("run-*"):
        try:
            os.kill(int(run.name.split("-")[1]), 0)
        except (ProcessLookupError, ValueError, IndexError):
            shutil.rmtree(run, ignore_errors=True)
        except PermissionError:
            pass


def _scores(course: Course, assignment: str, student: str) -> tuple[float | None, float | None]:
    from nbgrader.api import Gradebook, MissingEntry

    if not course.graded(assignment, student).is_dir():
        return None, None
    with Gradebook(course.db_url) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return None, None
        return float(submission.score), float(submission.max_score)


def autograde(assignment: str, course_dir: Path = REPO_ROOT, students: list[str] | None = None,
              jobs: int | None = None, scheduler: str | None = None, force: bool = False,
              timeout: float = DEFAULT_TIMEOUT_S, home: Path | None = None, progress: bool = True) -> list[Outcome]:
    """Autograde the submissions of ``assignment`` in parallel and merge them into the course gradebook.

    ``students`` (default: every folder of ``submitted/`` with this assignment); ``jobs`` local worker
    processes (default: the CPU count) or the Dask cluster at ``scheduler``; ``force`` regrades up-to-date
    submissions too; ``timeout`` bounds one whole submission (seconds); ``home`` is a HOME for nbgrader and its
    kernels (default: yours). Returns one :class:`Outcome` per submission, in student order (``skipped`` for
    up-to-date ones).
    """
    from tqdm.auto import tqdm

    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive (seconds), got {timeout!r}")
    # nbgrader's Gradebook runs the `alembic` of this environment, here as in the workers' nbgrader
    os.environ["PATH"] = nbgrader_env()["PATH"]
    course = Course.load(course_dir)
    course.sqlite_path()
    _check_assignment(course, assignment)
    submitted = course.root / course.submitted
    available = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
    if students:
        unknown = sorted(set(students) - set(available))
        if unknown:
            raise ValueError(f"students {unknown} have no submission of {assignment} in {submitted}")
        available = sorted(set(students))
    todo = available if force else [s for s in available if not up_to_date(course, assignment, s)]
    outcomes = {s: Outcome(s, "skipped", 0.0, score=_scores(course, assignment, s)[0],
                           max_score=_scores(course, assignment, s)[1]) for s in available if s not in todo}
    _clean_stale_scratch(course)
    run = course.root / SCRATCH / f"run-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    run.mkdir(parents=True)
    template = run / "template.db"
    with sqlite3.connect(course.sqlite_path()) as source, sqlite3.connect(template) as copy:
        source.backup(copy)  # a consistent snapshot even if someone else has the gradebook open
    # one task per submission: the keyword arguments of grade_in_worker (grade_submission also takes a timeout)
    tasks = [dict(course_root=str(course.root), assignment=assignment, student=s, template_db=str(template),
                  work=str(run / s), home=str(home) if home else None) for s in todo]
    bar = tqdm(total=len(todo), desc=f"autograde {assignment}", unit="submission", disable=not progress or not todo)

    def finish(result: dict) -> None:
        outcome = Outcome(**result)
        try:
            merge(course, assignment, outcome.student, Path(outcome.work))
        except Exception as error:
            outcome.status = "error"
            outcome.log += f"\nmerge failed: {type(error).__name__}: {error}"
        outcome.score, outcome.max_score = _scores(course, assignment, outcome.student)
        outcomes[outcome.student] = outcome
        shutil.rmtree(outcome.work, ignore_errors=True)
        bar.set_postfix_str(f"{outcome.student}: {outcome.status}")
        bar.update()

    try:
        if not todo:
            pass
        elif scheduler:
            from distributed import Client
            from distributed import as_completed as dask_completed

            with Client(scheduler) as client:
                futures = [client.submit(grade_submission, **task, timeout=timeout, pure=False,
                                         key=f"autograde-{assignment}-{task['student']}-{run.name}") for task in tasks]
                for future in dask_completed(futures):
                    finish(future.result())
        else:
            from course.grading_pool import WarmPool

            def timed_out(task: dict, seconds: float, reason: str) -> dict:
                return vars(Outcome(task["student"], "timeout", seconds, None, reason, task["work"]))

            with WarmPool(min(jobs or os.cpu_count() or 1, len(todo))) as pool:
                for result in pool.run(grade_in_worker, tasks, timeout, timed_out):
                    finish(result)
    finally:
        bar.close()
        shutil.rmtree(run, ignore_errors=True)
        try:
            run.parent.rmdir()  # unless another run is using it
        except OSError:
            pass
    return [outcomes[s] for s in available]


def report(outcomes: list[Outcome]) -> str:
    """The final table: student, seconds, score, status (and the end of nbgrader's log for failures)."""
    width = max([len("student"), *(len(o.student) for o in outcomes)])
    lines = [f"{'student':<{width}}  {'time':>7}  {'score':>11}  status"]
    for o in outcomes:
        score = "-" if o.score is None else f"{o.score:g} / {o.max_score:g}"
        lines.append(f"{o.student:<{width}}  {o.seconds:6.1f}s  {score:>11}  {o.status}")
    graded = [o for o in outcomes if o.status in ("graded", "cell timeout")]
    lines.append(f"{len(graded)} graded, {sum(o.status == 'skipped' for o in outcomes)} up to date, "
                 f"{len(outcomes) - len(graded) - sum(o.status == 'skipped' for o in outcomes)} not graded")
    for o in outcomes:
        if o.status not in ("graded", "cell timeout", "skipped"):
            tail = "\n    ".join(o.log.strip().splitlines()[-6:])
            lines.append(f"\n{o.student} ({o.status}):\n    {tail}")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help="e.g. 01_vanilla_rnn")
    parser.add_argument("--jobs", type=int, default=None, help="local worker processes (default: CPU count)")
    parser.add_argument("--student", action="append", default=None, help="grade only this student (repeatable)")
    parser.add_argument("--scheduler", default=None, help="address of a dask.distributed scheduler to grade on")
    parser.add_argument("--course-dir", type=Path, default=REPO_ROOT, help="nbgrader course folder (default: repo)")
    parser.add_argument("--force", action="store_true", help="regrade submissions that are up to date too")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                        help=f"seconds for one whole submission (default {DEFAULT_TIMEOUT_S:g})")


def main(args: argparse.Namespace | list[str] | None = None) -> int:
    """Run from ``rnnbook autograde ...`` (a parsed namespace) or ``python -m course.autograde``;
    returns 1 if any submission could not be graded."""
    if not isinstance(args, argparse.Namespace):
        parser = argparse.ArgumentParser(prog="rnnbook autograde", description=__doc__.split("\n\n")[0])
        add_arguments(parser)
        args = parser.parse_args(args)
    try:
        outcomes = autograde(args.assignment, args.course_dir, args.student, args.jobs, args.scheduler, args.force,
                             args.timeout)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    print(report(outcomes))
    return int(any(o.status not in ("graded", "cell timeout", "skipped") for o in outcomes))


if __name__ == "__main__":
    sys.exit(main())
