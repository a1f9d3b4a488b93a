"""Benchmark of parallel autograding (``make bench-grading``): plain nbgrader vs ``course.autograde``, same run.

    rnnbook bench-grading [--assignment 01_vanilla_rnn] [--students 16] [--jobs N]

A class of bot students (every other one hands in the solution, the rest the untouched release) is
autograded twice in copies of one temporary course: sequentially by ``nbgrader autograde`` and in parallel by
``course.autograde`` with ``--jobs N``. The gradebooks must agree cell by cell; the speed-up is printed (the
target on a 2-core machine is at least 1.7×), with where a submission's time goes, read from the autograded
notebooks' execution timings: nbgrader and kernel start-up, the import/setup cells, the answer cells and the
test cells. The CPU time of both runs is printed too: on a machine that other work keeps busy the wall-clock
ratio says little, while the CPU ratio shows what parallel grading costs extra. Not a pass/fail test;
``--min-speedup`` makes it one.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from . import autograde, grading

DEFAULT_ASSIGNMENT = "01_vanilla_rnn"
TARGET_SPEEDUP = 1.7


def _children_cpu_s() -> float:
    """CPU seconds (user + system) of this process's finished children and theirs: nbgrader, its kernels, the
    worker processes (waited for when the pool closes)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    try:
        start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except KeyError:
        return 0.0
    return (end - start).total_seconds()


def time_in_cells(course: Path, assignment: str, student: str) -> dict[str, float]:
    """Seconds one autograded submission spent in its setup (imports), answer and test cells."""
    import nbformat

    spent = {"setup": 0.0, "answers": 0.0, "tests": 0.0}
    for path in sorted((course / "autograded" / student / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            role = cell.metadata.get("nbgrader", {})
            kind = "tests" if role.get("grade") else "answers" if role.get("solution") else "setup"
            spent[kind] += _cell_seconds(cell)
    return spent


def build_class(root: Path, assignment: str, students: int, home: Path) -> Path:
    """A generated course with ``students`` submissions of ``assignment`` (solution / untouched, alternating)."""
    course = grading.new_course(root / "course")
    for folder in (course / grading.SOURCE).iterdir():
        if folder.name != assignment:
            shutil.rmtree(folder)
    grading.generate(course, [assignment], home=home)
    for i in range(students):
        folder = grading.SOURCE if i % 2 == 0 else grading.RELEASE
        notebooks = {p.name: p for p in sorted((course / folder / assignment).glob("*.ipynb"))}
        grading.submit(course, assignment, f"bot{i:03d}", notebooks)
    return course


def _rows(course: Path, assignment: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {(s.student.id, nb.name, g.name): (g.auto_score, g.needs_manual_grade)
                for s in gb.find_assignment(assignment).submissions for nb in s.notebooks for g in nb.grades}


def bench(assignment: str = DEFAULT_ASSIGNMENT, students: int = 16, jobs: int | None = None) -> dict[str, float]:
    """Grade the bot class both ways; returns the seconds, the speed-up and the per-submission breakdown."""
    if students < 2:
        raise ValueError(f"students must be at least 2, got {students}")
    jobs = jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        home = root / "home"
        home.mkdir()
        course = build_class(root, assignment, students, home)
        parallel = shutil.copytree(course, root / "parallel", symlinks=True)
        start, cpu = time.perf_counter(), _children_cpu_s()
        process = grading.autograde(course, assignment, home=home, timeout=7200)
        sequential_s, sequential_cpu = time.perf_counter() - start, _children_cpu_s() - cpu
        if process.returncode != 0:
            first = max(process.stderr.find("Traceback"), 0)
            raise RuntimeError(f"nbgrader autograde failed:\n{process.stderr[first:first + 4000]}")
        start, cpu = time.perf_counter(), _children_cpu_s()
        outcomes = autograde.autograde(assignment, parallel, jobs=jobs, home=home)
        parallel_s, parallel_cpu = time.perf_counter() - start, _children_cpu_s() - cpu
        failed = [o.student for o in outcomes if o.status != "graded"]
        if failed or _rows(course, assignment) != _rows(parallel, assignment):
            raise RuntimeError(f"the parallel gradebook differs from nbgrader's (not graded: {failed})")
        cells = [time_in_cells(course, assignment, f"bot{i:03d}") for i in range(students)]
    per_submission = sequential_s / students
    setup, answers, tests = (statistics.mean(c[k] for c in cells) for k in ("setup", "answers", "tests"))
    return {"students": students, "jobs": jobs, "sequential_s": sequential_s, "parallel_s": parallel_s,
            "speedup": sequential_s / parallel_s, "per_submission_s": per_submission,
            "sequential_cpu_s": sequential_cpu, "parallel_cpu_s": parallel_cpu,
            "startup_s": per_submission - setup - answers - tests, "setup_s": setup, "answers_s": answers,
            "tests_s": tests}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rnnbook bench-grading", description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default=DEFAULT_ASSIGNMENT)
    parser.add_argument("--students", type=int, default=16, help="bot students (default 16)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel workers (default: CPU count)")
    parser.add_argument("--min-speedup", type=float, default=None, help="exit 1 below this speed-up")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    r = bench(args.assignment, args.students, args.jobs)
    print(f"{r['students']} submissions of {args.assignment}, {os.cpu_count()} cores, load average {load:.1f} "
          "at the start")
    print(f"  nbgrader autograde, sequential     {r['sequential_s']:7.1f} s")
    print(f"  course.autograde --jobs {r['jobs']:<2}          {r['parallel_s']:7.1f} s")
    print(f"  speed-up                           {r['speedup']:7.2f}x   (target >= {TARGET_SPEEDUP}x on 2 cores)")
    ideal = min(r["jobs"], os.cpu_count() or 1) * r["sequential_cpu_s"] / r["parallel_cpu_s"]
    print(f"  CPU time: sequential {r['sequential_cpu_s']:.0f} s, parallel {r['parallel_cpu_s']:.0f} s (each worker "
          f"imports nbgrader once); on an idle machine that bounds the speed-up at {ideal:.2f}x")
    print(f"one submission, sequentially: {r['per_submission_s']:.1f} s =")
    print(f"  nbgrader + kernel start-up         {r['startup_s']:7.1f} s")
    print(f"  import/setup cells                 {r['setup_s']:7.1f} s")
    print(f"  answer cells                       {r['answers_s']:7.1f} s")
    print(f"  test cells                         {r['tests_s']:7.1f} s")
    return int(args.min_speedup is not None and r["speedup"] < args.min_speedup)


if __name__ == "__main__":
    sys.exit(main())
