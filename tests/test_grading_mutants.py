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
def test_wrong_answers_lose_points_and_correct_variants_keep_full_marks(assignment, record_property):
    if assignment not in CATALOGUE:
        pytest.fail(f"no tests/grading_mutants/{assignment}.py")
    outcomes = graded(assignment)
    record_property("catalogue_row", (assignment, runner.counts(outcomes), SECONDS[assignment]))  # conftest.py
    misses = runner.misses(outcomes)
    assert not misses, "\n".join(misses)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_fast_path_gives_nbgrader_autograde_scores(assignment):
    """One bot per assignment also goes through real ``nbgrader autograde``: the same scores, cell by cell."""
    if assignment not in CATALOGUE:
        pytest.fail(f"no tests/grading_mutants/{assignment}.py")
    chosen = runner.crosscheck_choice(assignment, CATALOGUE[assignment], ASSIGNMENTS.index(assignment))
    real = runner.cross_check({assignment: chosen})[assignment]
    fast = {}
    for outcome in graded(assignment):
        if outcome.mutant in chosen.values():
            fast.update({f"{outcome.mutant.notebook}:{cell}": s for cell, s in outcome.scores.items()})
    mine = {key: score for key, score in real.items() if key.split(":")[0] in chosen}
    assert mine == fast, f"{assignment}: nbgrader autograde {mine} but the fast path {fast} for {chosen}"
