"""The tests are tested: every entry of the wrong-answer catalogue (tests/grading_mutants/) is graded.

- every assignment has a catalogue file with ≥ 5 wrong answers and ≥ 2 correct variants per test cell;
- every wrong answer loses points in the task it targets, every correct variant keeps full marks (graded with
  nbgrader's Execute preprocessor and determine_grade, one kernel per notebook);
- one bot per assignment, graded by the real ``nbgrader autograde``, gets the fast path's per-cell scores.

The format is described in tests/grading_mutants/README.md; the table of caught/accepted counts is printed
at the end of the run.
"""

from __future__ import annotations

import sys
import time

import pytest
from conftest import REPO, assignment_names

sys.path.insert(0, str(REPO / "tests" / "grading_mutants"))
import runner  # noqa: E402  (tests/grading_mutants/runner.py)

ASSIGNMENTS = assignment_names()
CATALOGUE = runner.load_catalogue()
OUTCOMES: dict[str, list[runner.Outcome]] = {}
SECONDS: dict[str, float] = {}


@pytest.fixture(scope="module", autouse=True)
def print_table(request):
    yield
    if OUTCOMES:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
            reporter.write_line("")
            reporter.write_sep("-", "wrong-answer catalogue (tests/grading_mutants/)")
            for line in runner.table(OUTCOMES, SECONDS).splitlines():
                reporter.write_line(line)


def graded(assignment: str) -> list[runner.Outcome]:
    if assignment not in OUTCOMES:
        start = time.perf_counter()
        outcomes, problems = runner.grade_catalogue(assignment, CATALOGUE[assignment])
        assert not problems, "\n".join(problems)
        OUTCOMES[assignment], SECONDS[assignment] = outcomes, time.perf_counter() - start
    return OUTCOMES[assignment]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_is_complete_and_well_formed(assignment):
    assert assignment in CATALOGUE, f"no tests/grading_mutants/{assignment}.py (see tests/grading_mutants/README.md)"
    problems = runner.validate(CATALOGUE[assignment]) + runner.coverage_problems(assignment, CATALOGUE[assignment])
    assert not problems, "\n".join(problems)


def test_no_catalogue_for_a_missing_assignment():
    orphans = set(CATALOGUE) - set(ASSIGNMENTS)
    assert not orphans, f"catalogue files without an assignment in solutions/: {sorted(orphans)}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_wrong_answers_lose_points_and_correct_variants_keep_full_marks(assignment):
    if assignment not in CATALOGUE:
        pytest.fail(f"no tests/grading_mutants/{assignment}.py")
    misses = runner.misses(graded(assignment))
    assert not misses, "\n".join(misses)


@pytest.mark.slow
def test_fast_path_gives_nbgrader_autograde_scores():
    # The assignments this run graded (all of them in a full run), or every one if run on its own.
    names = [a for a in ASSIGNMENTS if a in OUTCOMES] or [a for a in ASSIGNMENTS if a in CATALOGUE]
    bots = {a: runner.crosscheck_choice(a, CATALOGUE[a], position) for position, a in enumerate(names)}
    real = runner.cross_check(bots)
    for assignment, chosen in bots.items():
        fast = {}
        for outcome in graded(assignment):
            if outcome.mutant in chosen.values():
                fast.update({f"{outcome.mutant.notebook}:{cell}": s for cell, s in outcome.scores.items()})
        graded_notebooks = {key for key in real[assignment] if key.split(":")[0] in chosen}
        mine = {key: real[assignment][key] for key in graded_notebooks}
        assert mine == fast, f"{assignment}: nbgrader autograde {mine} but the fast path {fast} for {chosen}"
