"""Parallel autograding (course.autograde) gives exactly nbgrader's gradebook, and survives being killed.

A class of bot students hands in assignment 01's quiz (one small notebook, no imports, so each submission
costs little more than a kernel start): correct, partly wrong, blank, raising, endless, kernel-killing.
Plain sequential ``nbgrader autograde``, ``--jobs 2`` and a Dask ``LocalCluster`` grade copies of the same
course; their gradebooks must agree row for row (every grade cell's scores, comments, timestamps).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import REPO
from test_nbgrader_pipeline import student_copy

from course import autograde, grading

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_vanilla_rnn"
CELL_TIMEOUT_S = 5  # this test course's c.Execute.timeout (the book's is 20 s), so the endless bot is quick
BOTS = {  # student -> quiz answers by grade_id (the other answers are correct)
    "solution_bot": {},
    "partial_bot": {"answer_q1": 'answer_q1 = "b"'},
    "raising_bot": {"answer_q2": 'raise RuntimeError("I give up")'},
    "endless_bot": {"answer_q3": "while True:\n    pass"},
    "killer_bot": {"answer_q4": "import os\nos._exit(1)"},
}
TIMESTAMP = "2026-11-30 12:00:00.000000 UTC"  # partial_bot's collected timestamp.txt


def gradebook_rows(course: Path) -> dict:
    """Everything autograding writes, per student: timestamp, per-cell scores and comments, graded folder."""
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            cells = {}
            for nb in submission.notebooks:
                for g in nb.grades:
                    cells[f"{nb.name}:{g.name}"] = (g.auto_score, g.manual_score, g.extra_credit,
                                                    g.needs_manual_grade, g.max_score)
                for c in nb.comments:
                    cells[f"{nb.name}:{c.name}:comment"] = (c.auto_comment, c.manual_comment)
            graded = (course / "autograded" / submission.student.id / ASSIGNMENT).is_dir()
            rows[submission.student.id] = (str(submission.timestamp), cells, graded)
    return rows


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A course whose assignment is 01's quiz alone, generated, with every bot's submission collected."""
    root = tmp_path_factory.mktemp("autograde")
    course = grading.new_course(root / "course")
    for folder in (course / "solutions").iterdir():
        if folder.name != ASSIGNMENT:
            shutil.rmtree(folder)
    (course / "solutions" / ASSIGNMENT / "exercises.ipynb").unlink()
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Execute.timeout = {CELL_TIMEOUT_S}\n")
    home = root / "home"
    home.mkdir()
    grading.generate(course, [ASSIGNMENT], home=home)
    for student, answers in BOTS.items():
        path = root / f"{student}.ipynb"
        nbformat.write(student_copy(course, ASSIGNMENT, "quiz.ipynb", answers), path)
        grading.submit(course, ASSIGNMENT, student, {"quiz.ipynb": path})
    grading.submit(course, ASSIGNMENT, "blank_bot", {"quiz.ipynb": course / "exercises" / ASSIGNMENT / "quiz.ipynb"})
    (course / "submitted" / "partial_bot" / ASSIGNMENT / "timestamp.txt").write_text(TIMESTAMP)
    return root, course, home


def clone(pristine, name: str) -> Path:
    root, course, _ = pristine
    return shutil.copytree(course, root / name, symlinks=True)


@pytest.fixture(scope="module")
def sequential(pristine):
    """The reference: plain ``nbgrader autograde`` of the whole class, one submission after another."""
    course = clone(pristine, "sequential")
    process = grading.autograde(course, ASSIGNMENT, home=pristine[2])
    assert "killer_bot" in process.stderr, process.stderr[-3000:]
    return gradebook_rows(course)


def test_reference_scores_are_what_the_bots_deserve(sequential):
    """The reference itself is right (so agreeing with it means something)."""
    def lost(student):
        _, cells, graded = sequential[student]
        assert graded, f"{student} was not autograded"
        return {cell for cell, v in cells.items() if not cell.endswith(":comment") and v[0] != v[4]}

    assert lost("solution_bot") == set()
    assert lost("partial_bot") == {"quiz:test_q1"}
    assert lost("raising_bot") == {"quiz:test_q2"}
    assert lost("endless_bot") == {"quiz:test_q3"}
    assert lost("blank_bot") == {f"quiz:test_q{i}" for i in range(1, 7)}
    assert not sequential["killer_bot"][2], "a kernel-killing submission cannot have an autograded copy"
    assert sequential["partial_bot"][0] == "2026-11-30 12:00:00"


@pytest.fixture(scope="module")
def parallel(pristine):
    course = clone(pristine, "parallel")
    outcomes = autograde.autograde(ASSIGNMENT, course, jobs=2, home=pristine[2], progress=False)
    return course, outcomes


def test_jobs_2_gives_nbgrader_s_gradebook(parallel, sequential):
    course, outcomes = parallel
    assert gradebook_rows(course) == sequential
    status = {o.student: o.status for o in outcomes}
    assert status == {"blank_bot": "graded", "solution_bot": "graded", "partial_bot": "graded",
                      "raising_bot": "graded", "endless_bot": "cell timeout", "killer_bot": "kernel died"}
    table = autograde.report(outcomes)
    assert "killer_bot" in table and "kernel died" in table and "5 / 6" in table
    assert not (course / autograde.SCRATCH).exists(), "the run's working folders are removed"


def test_local_dask_cluster_gives_nbgrader_s_gradebook(pristine, sequential):
    from distributed import LocalCluster

    course = clone(pristine, "dask")
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        outcomes = autograde.autograde(ASSIGNMENT, course, scheduler=cluster.scheduler_address, home=pristine[2],
                                       progress=False)
    assert gradebook_rows(course) == sequential
    assert {o.student: o.status for o in outcomes}["killer_bot"] == "kernel died"


def test_feedback_from_the_merged_gradebook(parallel, pristine):
    course, _ = parallel
    grading.run_nbgrader(["generate_feedback", ASSIGNMENT], course, home=pristine[2])
    for student, score in [("solution_bot", 6), ("partial_bot", 5), ("endless_bot", 5), ("blank_bot", 0)]:
        html = (course / "feedback" / student / ASSIGNMENT / "quiz.html").read_text()
        assert f"quiz (Score: {score:.1f} / 6.0)" in html, student  # the merged gradebook's total
    assert not (course / "feedback" / "killer_bot").exists()


def test_rerun_grades_only_what_is_missing_or_newer(parallel, sequential, pristine):
    course, _ = parallel
    again = {o.student: o.status for o in autograde.autograde(ASSIGNMENT, course, jobs=2, home=pristine[2],
                                                               progress=False)}
    # Only the submission nbgrader could not grade is tried again.
    assert again == {"blank_bot": "skipped", "solution_bot": "skipped", "partial_bot": "skipped",
                     "raising_bot": "skipped", "endless_bot": "skipped", "killer_bot": "kernel died"}
    # partial_bot hands in a corrected quiz (newer files): it alone is regraded, to full marks.
    fixed = nbformat.read(course / "submitted" / "solution_bot" / ASSIGNMENT / "quiz.ipynb", as_version=4)
    nbformat.write(fixed, course / "submitted" / "partial_bot" / ASSIGNMENT / "quiz.ipynb")
    outcomes = autograde.autograde(ASSIGNMENT, course, students=["partial_bot", "solution_bot"], home=pristine[2],
                                   progress=False)
    assert [(o.student, o.status, o.score) for o in outcomes] == [("partial_bot", "graded", 6.0),
                                                                  ("solution_bot", "skipped", 6.0)]
    rows = gradebook_rows(course)
    assert rows["partial_bot"][0] == sequential["partial_bot"][0]
    assert {k: v for k, v in rows.items() if k != "partial_bot"} == {
        k: v for k, v in sequential.items() if k != "partial_bot"}


def test_killed_run_leaves_whole_submissions_and_a_rerun_completes_it(pristine, sequential):
    course = clone(pristine, "killed")
    env = grading.nbgrader_env(pristine[2])
    parent = subprocess.Popen(
        [sys.executable, "-m", "course", "autograde", ASSIGNMENT, "--jobs", "1", "--course-dir", str(course)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while not list((course / "autograded").glob(f"*/{ASSIGNMENT}")):
            assert parent.poll() is None, "the run ended before it could be interrupted"
            assert time.monotonic() < deadline, "no submission was merged within 10 minutes"
            time.sleep(0.2)
        parent.send_signal(signal.SIGKILL)  # the parent alone, mid-way: its worker is orphaned
        parent.wait()
    finally:
        try:
            os.killpg(parent.pid, signal.SIGKILL)  # clean up the orphaned worker and its kernel
        except ProcessLookupError:
            pass
    interrupted = gradebook_rows(course)
    merged = {s for s, (_, _, graded) in interrupted.items() if graded}
    assert merged and len(merged) < len(sequential), merged
    for student, rows in interrupted.items():  # whatever is in the gradebook is a whole, final submission
        assert rows == sequential[student], f"{student} is only half in the gradebook"
    autograde.autograde(ASSIGNMENT, course, jobs=2, home=pristine[2], progress=False)
    assert gradebook_rows(course) == sequential
