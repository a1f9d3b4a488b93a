"""An instructor and two students go through nbgrader's own exchange, headless, in temporary folders:
release_assignment → fetch_assignment → submit → collect → autograde → generate_feedback → release_feedback →
fetch_feedback. One student is right, the other partly wrong; the gradebook and the feedback are checked."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from test_nbgrader_pipeline import WRONG_STEP, student_copy

from course import grading

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_vanilla_rnn"
COURSE = "rnn-textbook"


def test_course_round_trip(tmp_path: Path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course = grading.new_course(tmp_path / "course")
    instructor = tmp_path / "instructor_home"
    instructor.mkdir()
    shared = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={COURSE}"]

    def instructor_runs(*args):
        return grading.run_nbgrader([*args, *shared], course, home=instructor)

    def student_runs(student, *args):
        home = tmp_path / student
        home.mkdir(exist_ok=True)
        # On a shared machine the exchange tells students apart by OS user; here by an explicit student id.
        return grading.run_nbgrader([*args, *shared, f"--CourseDirectory.student_id={student}"], home, home=home)

    grading.generate(course, [ASSIGNMENT], home=instructor)
    instructor_runs("release_assignment", ASSIGNMENT, "--force")

    answers = {"alice": {}, "bob": {"rnn_step": WRONG_STEP}}
    for student, wrong in answers.items():
        student_runs(student, "fetch_assignment", ASSIGNMENT)
        folder = tmp_path / student / ASSIGNMENT
        assert sorted(p.name for p in folder.glob("*.ipynb")) == ["exercises.ipynb", "quiz.ipynb"]
        for name in ("exercises.ipynb", "quiz.ipynb"):
            notebook = student_copy(course, ASSIGNMENT, name, wrong if name == "exercises.ipynb" else {})
            nbformat.write(notebook, folder / name)
        student_runs(student, "submit", ASSIGNMENT)

    instructor_runs("collect", ASSIGNMENT)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["alice", "bob"]
    process = grading.autograde(course, ASSIGNMENT, home=instructor)
    assert process.returncode == 0, process.stderr[-3000:]
    instructor_runs("generate_feedback", ASSIGNMENT)
    instructor_runs("release_feedback", ASSIGNMENT)

    totals = {}
    for student in answers:
        scores = grading.read_scores(course, ASSIGNMENT, student)
        totals[student] = (sum(s.score for s in scores), sum(s.max_score for s in scores))
    assert totals["alice"][0] == totals["alice"][1] > 0
    assert 0 < totals["bob"][0] < totals["bob"][1]
    assert totals["alice"][1] - totals["bob"][0] == 5  # rnn_step (2) and rnn_forward, which calls it (3)

    for student in answers:
        student_runs(student, "fetch_feedback", ASSIGNMENT)
        pages = sorted((tmp_path / student / ASSIGNMENT / "feedback").rglob("*.html"))
        assert [p.name for p in pages] == ["exercises.html", "quiz.html"], pages
        html = pages[0].read_text()
        assert "BEGIN HIDDEN TESTS" not in html and "_reference_step" not in html and "_numel" not in html
        if student == "bob":
            assert "rnn_step with zero weights is not correct" in html
