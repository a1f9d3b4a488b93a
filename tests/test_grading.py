"""course.grading: the self-learner's `check` command grades their own copy, hidden tests included."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import REPO
from test_nbgrader_pipeline import WRONG_STEP, solved_code

from course import grading

ASSIGNMENT = "01_vanilla_rnn"


@pytest.mark.slow
def test_check_grades_the_learners_copy_and_writes_feedback(tmp_path, capsys):
    for name in ("solutions", "nbgrader_config.py"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, tmp_path / name)
    mine = tmp_path / "exercises" / ASSIGNMENT
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, mine)
    # The learner solves everything in the exercise, except that their rnn_step forgets the tanh ...
    source = nbformat.read(REPO / "solutions" / ASSIGNMENT / "exercises.ipynb", as_version=4)
    answers = {c.metadata.nbgrader["grade_id"]: solved_code(c) for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    answers["rnn_step"] = WRONG_STEP
    notebook = nbformat.read(mine / "exercises.ipynb", as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    nbformat.write(notebook, mine / "exercises.ipynb")
    # ... and leaves the quiz untouched.

    scores = grading.check(ASSIGNMENT, root=tmp_path)

    by_cell = {f"{s.notebook}:{s.cell}": s.score for s in scores}
    assert by_cell["exercises:test_rnn_step"] == 0 and by_cell["exercises:test_count_rnn_params"] == 2
    assert sum(s.score for s in scores if s.notebook == "quiz") == 0
    printed = capsys.readouterr().out
    assert "exercises:test_rnn_step" in printed and "total" in printed
    feedback = (tmp_path / "feedback" / "me" / ASSIGNMENT / "exercises.html").read_text()
    assert "tanh is missing" in feedback or "rnn_step with zero weights is not correct" in feedback
    assert "BEGIN HIDDEN TESTS" not in feedback and "_reference_step" not in feedback


def test_check_rejects_an_unknown_assignment():
    with pytest.raises(SystemExit, match="unknown assignment"):
        grading.check("99_nothing")
