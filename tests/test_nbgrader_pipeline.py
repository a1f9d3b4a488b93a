"""The real nbgrader pipeline, headless, in a temporary course directory with a temporary HOME.

generate_assignment → bot students submit → autograde → scores read from the gradebook:
- the committed exercises/ is exactly what generate_assignment makes (what `make exercises` runs), for every
  assignment;
- the solution notebooks get full marks, for every assignment;
- the untouched release gets 0 on every test cell, for every assignment;
- a wrong answer gets partial credit, cell by cell as expected;
- a submission that raises at import and one that loops forever are graded, within the per-cell timeout;
- a submission that kills its kernel is reported as ungraded, never lost silently, and the others are graded;
- a warning is not a wrong answer: a correct answer that warns keeps full marks (the setup cell routes warnings to
  stdout as a note, and nbgrader restores that locked cell even if the submission removed the call), and the
  solutions' test cells print no warning note and nothing on stderr.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from conftest import REPO, assignment_names

from course import grading
from utils.checks import WARNING_NOTE

pytestmark = pytest.mark.slow

ASSIGNMENTS = assignment_names()
FIRST = "01_vanilla_rnn"
PER_CELL_TIMEOUT_S = 20  # c.Execute.timeout in nbgrader_config.py
MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)


def solved_code(source_cell) -> str:
    """The answer code of a source solution cell, without the nbgrader markers."""
    return MARKERS.sub("", source_cell.source)


def student_copy(course: Path, assignment: str, notebook: str, answers: dict[str, str] | None = None,
                 solve_rest: bool = True) -> nbformat.NotebookNode:
    """A student's notebook: the release, with solution cells answered (by grade_id) as given, and the rest
    filled with the correct answer (solve_rest) or left untouched."""
    release = nbformat.read(course / "exercises" / assignment / notebook, as_version=4)
    source = nbformat.read(course / "solutions" / assignment / notebook, as_version=4)
    correct = {c.metadata["nbgrader"]["grade_id"]: solved_code(c) for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    answers = answers or {}
    unknown = set(answers) - set(correct)
    assert not unknown, f"no solution cells named {unknown} in {assignment}/{notebook}"
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
        elif grade_id in correct and solve_rest:
            cell.source = correct[grade_id]
    return release


def hand_in(course: Path, tmp: Path, assignment: str, student: str, notebooks: dict[str, nbformat.NotebookNode]):
    paths = {}
    for name, notebook in notebooks.items():
        path = tmp / f"{student}-{assignment}-{name}"
        nbformat.write(notebook, path)
        paths[name] = path
    grading.submit(course, assignment, student, paths)


def notebook_names(assignment: str) -> list[str]:
    return sorted(p.name for p in (REPO / "solutions" / assignment).glob("*.ipynb"))


WRONG_STEP = '''def rnn_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    return x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh  # forgot the tanh
'''
FAILING_IMPORT = '''import a_module_that_does_not_exist  # raises ModuleNotFoundError when the cell runs

def rnn_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    return np.tanh(x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)
'''
ENDLESS_COUNT = '''def count_rnn_params(input_size, hidden_size, num_layers=1, bias=True):
    while True:
        pass
'''
KERNEL_KILLER = '''def count_rnn_params(input_size, hidden_size, num_layers=1, bias=True):
    import os
    os._exit(1)
'''
WARNING_STEP = '''def rnn_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    np.log(np.zeros(1))  # a stray line left from debugging: a NumPy RuntimeWarning, but the answer is right
    return np.tanh(x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)
'''
SETUP_CALL = "checks.warnings_as_notes()"


def without_setup_call(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with the call that turns warnings into notes deleted from its locked setup cell (a student who
    edited the read-only cell outside Jupyter): nbgrader must restore the cell before grading."""
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "imports")
    assert SETUP_CALL in cell.source
    cell.source = "\n".join(line for line in cell.source.splitlines() if SETUP_CALL not in line)
    return notebook


def noise(notebook: nbformat.NotebookNode) -> list[str]:
    """Cells that wrote to stderr or printed a warning note."""
    return [f"cell {i}: {o.get('name')}: {o.get('text', '')[:200]}" for i, c in enumerate(notebook.cells)
            for o in c.get("outputs", []) if o.get("output_type") == "stream"
            and (o.get("name") == "stderr" or WARNING_NOTE in o.get("text", ""))]


def build_course(root: Path, assignment: str) -> tuple[Path, dict]:
    """A course with ``assignment`` generated and autograded for its bot students (the solution, the untouched
    release; for the first assignment also a partly wrong, a raising, a kernel-killing and an endless one).
    Returns the course folder and nbgrader's logs."""
    course_dir = grading.new_course(root / "course")
    home = root / "home"
    home.mkdir()
    grading.generate(course_dir, [assignment], home=home)
    names = notebook_names(assignment)
    hand_in(course_dir, root, assignment, "solution_bot",
            {n: nbformat.read(course_dir / "solutions" / assignment / n, as_version=4) for n in names})
    hand_in(course_dir, root, assignment, "blank_bot",
            {n: nbformat.read(course_dir / "exercises" / assignment / n, as_version=4) for n in names})
    if assignment == FIRST:
        # q1 is wrong; q3 is right despite the case and the space.
        quiz_wrong = {"answer_q1": 'answer_q1 = "b"', "answer_q3": 'answer_q3 = " C"'}
        bots = {
            "partial_bot": {"exercises.ipynb": {"rnn_step": WRONG_STEP}, "quiz.ipynb": quiz_wrong},
            "import_error_bot": {"exercises.ipynb": {"rnn_step": FAILING_IMPORT}, "quiz.ipynb": {}},
            "kernel_killer_bot": {"exercises.ipynb": {"count_rnn_params": KERNEL_KILLER}, "quiz.ipynb": {}},
        }
        for student, answers in bots.items():
            hand_in(course_dir, root, FIRST, student,
                    {n: student_copy(course_dir, FIRST, n, answers[n]) for n in names})
        hand_in(course_dir, root, FIRST, "warning_bot",
                {"exercises.ipynb": without_setup_call(student_copy(course_dir, FIRST, "exercises.ipynb",
                                                                    {"rnn_step": WARNING_STEP})),
                 "quiz.ipynb": student_copy(course_dir, FIRST, "quiz.ipynb")})
    logs = {assignment: grading.autograde(course_dir, assignment, home=home)}
    if assignment == FIRST:
        # The endless loop is graded on its own, so that the time it takes can be measured.
        loop_answers = {"exercises.ipynb": {"count_rnn_params": ENDLESS_COUNT}, "quiz.ipynb": {}}
        hand_in(course_dir, root, FIRST, "loop_bot",
                {n: student_copy(course_dir, FIRST, n, loop_answers[n]) for n in names})
        start = time.perf_counter()
        logs["loop_bot"] = grading.autograde(course_dir, FIRST, student="loop_bot", home=home)
        logs["loop_bot_seconds"] = time.perf_counter() - start
    return course_dir, logs


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """``courses(assignment)``: that assignment's course (see ``build_course``), built once. One course per
    assignment, so that ``make test``'s workers can grade different assignments at the same time
    (tests/conftest.py keeps the tests of one assignment on one worker)."""
    built = {}

    def course(assignment: str) -> tuple[Path, dict]:
        if assignment not in built:
            built[assignment] = build_course(tmp_path_factory.mktemp(f"nbgrader-{assignment}"), assignment)
        return built[assignment]

    return course


def scores_by_cell(course_dir: Path, assignment: str, student: str) -> dict[str, tuple[float, float]]:
    scores = grading.read_scores(course_dir, assignment, student)
    assert scores is not None, f"{student}'s {assignment} was not autograded"
    return {f"{s.notebook}:{s.cell}": (s.score, s.max_score) for s in scores}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_is_what_generate_assignment_makes(courses, assignment):
    course_dir, _ = courses(assignment)
    fresh_dir, committed_dir = course_dir / "exercises" / assignment, REPO / "exercises" / assignment
    fresh = sorted(p.relative_to(fresh_dir) for p in fresh_dir.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(committed_dir) for p in committed_dir.rglob("*") if p.is_file())
    assert committed == fresh, f"exercises/{assignment} has other files than a fresh release: run `make exercises`"
    stale = [str(p) for p in fresh
             if json.loads((fresh_dir / p).read_text()) != json.loads((committed_dir / p).read_text())]
    assert not stale, f"exercises/{assignment} is out of date in {stale}: run `make exercises` and commit the result"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_get_full_marks(courses, assignment):
    course_dir, logs = courses(assignment)
    scores = scores_by_cell(course_dir, assignment, "solution_bot")
    assert scores, f"{assignment} has no autograded test cells"
    lost = {cell: s for cell, s in scores.items() if s[0] != s[1]}
    assert not lost, f"the solution of {assignment} loses points in {lost}\n{logs[assignment].stderr[-3000:]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_print_no_warning(courses, assignment):
    """The hidden tests' own code must not warn: a note (or stderr) in a solution's graded notebook would be a
    warning that every student gets, blamed on their code."""
    course_dir, _ = courses(assignment)
    for name in notebook_names(assignment):
        graded = nbformat.read(course_dir / "autograded" / "solution_bot" / assignment / name, as_version=4)
        assert not noise(graded), f"the solution of {assignment}/{name} warns or writes to stderr: {noise(graded)}"


@pytest.mark.parametrize("assignment", [FIRST])  # with the first assignment's course
def test_warning_costs_no_points_and_the_setup_cell_is_restored(courses, assignment):
    course_dir, _ = courses(assignment)
    scores = scores_by_cell(course_dir, FIRST, "warning_bot")
    assert all(score == best for score, best in scores.values()), scores
    graded = nbformat.read(course_dir / "autograded" / "warning_bot" / FIRST / "exercises.ipynb", as_version=4)
    setup = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "imports")
    assert SETUP_CALL in setup.source, "nbgrader did not restore the locked setup cell"
    test = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_rnn_step")
    notes = [o.text for o in test.outputs if o.output_type == "stream" and o.name == "stdout"
             and WARNING_NOTE in o.text]
    assert notes and "RuntimeWarning: divide by zero encountered in log" in notes[0], test.outputs
    assert not [o for c in graded.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_scores_zero(courses, assignment):
    course_dir, _ = courses(assignment)
    scores = scores_by_cell(course_dir, assignment, "blank_bot")
    earned = {cell: s for cell, s in scores.items() if s[0] != 0}
    assert not earned, f"the untouched release of {assignment} earns points in {earned}"


@pytest.mark.parametrize("assignment", [FIRST])  # with the first assignment's course
def test_wrong_answer_gets_partial_credit(courses, assignment):
    course_dir, _ = courses(assignment)
    scores = scores_by_cell(course_dir, FIRST, "partial_bot")
    # rnn_step is wrong, so its test and rnn_forward's (which calls it) fail; everything else is right.
    failed = {cell for cell, (score, best) in scores.items() if score == 0}
    assert failed == {"exercises:test_rnn_step", "exercises:test_rnn_forward", "quiz:test_q1"}, scores
    assert all(score == best for cell, (score, best) in scores.items() if cell not in failed), scores
    total, best = sum(s for s, _ in scores.values()), sum(b for _, b in scores.values())
    assert 0 < total < best


@pytest.mark.parametrize("assignment", [FIRST])  # with the first assignment's course
def test_submission_raising_at_import_is_graded(courses, assignment):
    course_dir, _ = courses(assignment)
    scores = scores_by_cell(course_dir, FIRST, "import_error_bot")
    failed = {cell for cell, (score, _) in scores.items() if score == 0}
    assert failed == {"exercises:test_rnn_step", "exercises:test_rnn_forward"}, scores
    autograded_path = course_dir / "autograded" / "import_error_bot" / FIRST / "exercises.ipynb"
    autograded = nbformat.read(autograded_path, as_version=4)
    errors = [o.ename for c in autograded.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert "ModuleNotFoundError" in errors


@pytest.mark.parametrize("assignment", [FIRST])  # with the first assignment's course
def test_endless_loop_is_graded_within_the_timeout(courses, assignment):
    course_dir, logs = courses(assignment)
    scores = scores_by_cell(course_dir, FIRST, "loop_bot")
    failed = {cell for cell, (score, _) in scores.items() if score == 0}
    assert failed == {"exercises:test_count_rnn_params"}, scores
    # One interrupted cell costs the per-cell timeout; the rest is kernel start-up and the other cells.
    assert logs["loop_bot_seconds"] < PER_CELL_TIMEOUT_S + 40, logs["loop_bot_seconds"]


@pytest.mark.parametrize("assignment", [FIRST])  # with the first assignment's course
def test_kernel_crash_is_reported_not_lost(courses, assignment):
    course_dir, logs = courses(assignment)
    assert grading.ungraded(course_dir, FIRST, ["kernel_killer_bot"]) == ["kernel_killer_bot"]
    assert logs[FIRST].returncode != 0, "nbgrader should exit non-zero when a submission could not be graded"
    assert "kernel_killer_bot" in logs[FIRST].stderr
    # The crash does not stop the others from being graded.
    assert grading.ungraded(course_dir, FIRST, ["solution_bot", "blank_bot", "partial_bot", "warning_bot"]) == []
