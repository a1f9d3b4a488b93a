"""Grade the wrong-answer catalogue with nbgrader's own machinery, fast, and print what was caught.

The format of the catalogue files is described in ``README.md`` next to this file. This module

- loads every ``NN_topic.py`` catalogue file of this folder (``load_catalogue``) and checks its entries
  against the source notebooks (``validate``, ``coverage_problems``);
- grades every entry of one assignment notebook in ONE kernel (``grade_notebook``): for each entry the
  source notebook (solutions, hidden tests included — what ``nbgrader autograde`` runs after restoring the
  locked cells) is executed with the entry's answer cells replaced, by nbgrader's own ``Execute``
  preprocessor configured from ``nbgrader_config.py`` (per-cell timeout, interrupt on timeout, errors
  recorded), and every test cell is scored with ``nbgrader.utils.determine_grade`` — so an error, any stderr
  output or a bare numeric result count exactly as in autograding. Between entries the user namespace is
  cleared (``%reset -f``), torch's global seed is set back to its start-up value and the warnings registry
  is invalidated (so a warning shown by one entry is shown again by the next one, as in a fresh kernel);
- the unmodified solution must score full marks and print no warning note and nothing on stderr in any cell
  (``noise``): the hidden tests' own code must not warn (every assignment's setup cell calls
  ``utils.checks.warnings_as_notes``, so a warning costs no points and is shown on stdout as a note);
- ``cross_check`` pushes a few entries through the real ``nbgrader autograde`` (one course, one run per
  assignment) so that a test can assert that the fast path gives nbgrader's per-cell scores.

Command line, to check a catalogue while writing it (prints the table and every miss)::

    OMP_NUM_THREADS=1 .venv/bin/python tests/grading_mutants/runner.py [-v] [NN_topic ...]

(``-v`` also prints every entry with the messages of the test cells it failed.)
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from utils.checks import WARNING_NOTE

CATALOGUE_DIR = Path(__file__).resolve().parent
REPO = CATALOGUE_DIR.parents[1]
NOTEBOOKS = ("exercises", "quiz")
KINDS = ("wrong", "correct")
KEYS = {"notebook", "cell", "cells", "code", "kind", "targets", "description", "crosscheck", "keeps", "visible"}
MIN_WRONG, MIN_CORRECT = 5, 2
MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.M | re.S)
TORCH_DEFAULT_SEED = 67280421310721  # torch.initial_seed() in a fresh process
# Run before every entry: a namespace like a fresh kernel's (imported modules stay cached, which is the speed).
PRELUDE = f"""%reset -f
import sys as _sys, warnings as _warnings
if "torch" in _sys.modules:
    _sys.modules["torch"].manual_seed({TORCH_DEFAULT_SEED})
getattr(_warnings, "_filters_mutated", getattr(_warnings, "_filters_mutated_lock_held", lambda: None))()
del _sys, _warnings
"""


@dataclass(frozen=True)
class Mutant:
    """One catalogue entry: answer cells of one notebook replaced by ``cells`` ({grade_id: full cell source})."""

    assignment: str
    notebook: str
    cells: dict[str, str]
    kind: str
    targets: tuple[str, ...]
    description: str
    crosscheck: bool = False
    index: int = 0
    keeps: tuple[str, ...] = ()  # test cells that must keep full marks although this entry is wrong elsewhere
    visible: bool = False  # a wrong answer that the visible part of its test (the release's) must already catch

    @property
    def name(self) -> str:
        return f"{self.assignment}/{self.notebook}#{self.index} ({self.kind}: {self.description})"


@dataclass
class Outcome:
    """The graded result of one mutant: {test cell grade_id: (score, max_score)} and the verdict."""

    mutant: Mutant
    scores: dict[str, tuple[float, float]]
    errors: dict[str, str] = field(default_factory=dict)  # test cell -> first line of what made it fail
    visible_scores: dict[str, tuple[float, float]] | None = None  # with the hidden tests removed (visible entries)

    def _caught(self, scores: dict[str, tuple[float, float]]) -> bool:
        return sum(scores[t][0] for t in self.mutant.targets) < sum(scores[t][1] for t in self.mutant.targets)

    @property
    def caught_by_visible_test(self) -> bool:
        return self.visible_scores is not None and self._caught(self.visible_scores)

    @property
    def ok(self) -> bool:
        """A wrong answer is caught (its targets lose points; for a ``visible`` entry also by the visible tests
        alone); a correct variant keeps full marks everywhere."""
        if self.mutant.kind == "wrong":
            kept = all(self.scores[k][0] == self.scores[k][1] for k in self.mutant.keeps)
            return kept and self._caught(self.scores) and (not self.mutant.visible or self.caught_by_visible_test)
        return all(score == best for score, best in self.scores.values())


def _entries(path: Path) -> list[dict]:
    if str(path.parent) not in sys.path:  # catalogue files may import catalogue_helpers from their folder
        sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(f"grading_mutants_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries = getattr(module, "MUTANTS", None)
    if not isinstance(entries, list):
        raise ValueError(f"{path.name} must define MUTANTS = [ {{...}}, ... ] (a list of dicts)")
    return entries


def load_catalogue(folder: Path = CATALOGUE_DIR, names: Iterable[str] | None = None) -> dict[str, list[Mutant]]:
    """{assignment: [Mutant, ...]} from every ``NN_topic.py`` file in ``folder`` (or only ``names``)."""
    catalogue = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.py")):
        if names is not None and path.stem not in names:
            continue
        mutants = []
        for index, entry in enumerate(_entries(path)):
            where = f"{path.name} entry {index}"
            if not isinstance(entry, dict) or set(entry) - KEYS:
                raise ValueError(f"{where}: a dict with keys from {sorted(KEYS)}, got {entry!r:.200}")
            if ("cells" in entry) == ("cell" in entry or "code" in entry):
                raise ValueError(f"{where}: give either cell= and code=, or cells={{grade_id: code}}")
            cells = entry["cells"] if "cells" in entry else {entry["cell"]: entry["code"]}
            targets = entry.get("targets")
            targets = (targets,) if isinstance(targets, str) else tuple(targets or ())
            keeps = entry.get("keeps")
            keeps = (keeps,) if isinstance(keeps, str) else tuple(keeps or ())
            mutants.append(Mutant(path.stem, entry.get("notebook", "exercises"), dict(cells), entry.get("kind"),
                                  targets, entry.get("description", ""), bool(entry.get("crosscheck")), index, keeps,
                                  bool(entry.get("visible"))))
        catalogue[path.stem] = mutants
    return catalogue


def source_path(assignment: str, notebook: str, root: Path = REPO) -> Path:
    return root / "solutions" / assignment / f"{notebook}.ipynb"


def _cell_ids(nb) -> tuple[set[str], list[str]]:
    """(answer cell grade_ids, test cell grade_ids in notebook order) of a source notebook."""
    answers, tests = set(), []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers.add(meta["grade_id"])
        elif meta.get("grade") and cell.cell_type == "code":
            tests.append(meta["grade_id"])
    return answers, tests


def validate(mutants: list[Mutant], root: Path = REPO) -> list[str]:
    """Problems with the entries themselves (unknown notebook, cell, target or kind); empty if none."""
    problems = []
    for m in mutants:
        path = source_path(m.assignment, m.notebook, root)
        if m.notebook not in NOTEBOOKS or not path.exists():
            problems.append(f"{m.name}: no notebook {path.relative_to(root)}")
            continue
        answers, tests = _cell_ids(nbformat.read(path, as_version=4))
        if m.kind not in KINDS:
            problems.append(f"{m.name}: kind must be one of {KINDS}")
        if m.visible and m.kind != "wrong":
            problems.append(f"{m.name}: visible=True is for wrong answers (the visible tests must catch them)")
        if not m.description.strip():
            problems.append(f"{m.name}: description is empty")
        if not m.targets or set(m.targets + m.keeps) - set(tests):
            problems.append(f"{m.name}: targets {m.targets} and keeps {m.keeps} must be test cells of the notebook: "
                            f"{tests}")
        if set(m.cells) - answers:
            problems.append(f"{m.name}: {sorted(set(m.cells) - answers)} are not answer cells: {sorted(answers)}")
        if any(not isinstance(code, str) for code in m.cells.values()):
            problems.append(f"{m.name}: replacement code must be strings")
    return problems


def coverage_problems(assignment: str, mutants: list[Mutant], root: Path = REPO) -> list[str]:
    """Test cells (graded tasks) of the assignment with fewer than 5 wrong answers or 2 correct variants."""
    problems = []
    for notebook in NOTEBOOKS:
        path = source_path(assignment, notebook, root)
        if not path.exists():
            continue
        for test in _cell_ids(nbformat.read(path, as_version=4))[1]:
            for kind, least in (("wrong", MIN_WRONG), ("correct", MIN_CORRECT)):
                n = sum(1 for m in mutants if m.notebook == notebook and m.kind == kind and test in m.targets)
                if n < least:
                    problems.append(f"{assignment}/{notebook}:{test} has {n} {kind} entries (at least {least})")
    return problems


def visible_part(source):
    """A copy of the source notebook with the hidden tests removed from every cell: what the release's test
    cells run (nbgrader's ClearHiddenTests removes the same blocks)."""
    nb = copy.deepcopy(source)
    for cell in nb.cells:
        cell.source = HIDDEN_TESTS.sub("", cell.source)
    return nb


def mutated_notebook(source, cells: dict[str, str]):
    """A copy of the source notebook with the given answer cells' sources replaced (all others unchanged)."""
    nb = copy.deepcopy(source)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in cells:
            cell.source = cells[grade_id]
    return nb


def solved_student_copy(release, source, cells: dict[str, str]):
    """A student's submission: the release with ``cells`` answered as given and every other answer cell filled
    with the solution (markers removed), as a student who solved the rest would hand it in."""
    correct = {c.metadata["nbgrader"]["grade_id"]: MARKERS.sub("", c.source) for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in cells:
            cell.source = cells[grade_id]
        elif grade_id in correct:
            cell.source = correct[grade_id]
    return nb


def _executor(workdir: Path, root: Path = REPO):
    """nbgrader's Execute preprocessor, configured from the course's nbgrader_config.py like autograde."""
    from nbgrader.preprocessors import Execute
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    executor = Execute(config=config)
    executor.extra_arguments = ["--HistoryManager.hist_file=:memory:"]  # what nbgrader passes python kernels
    return executor, {"metadata": {"path": str(workdir)}}


def _scores(nb) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    from nbgrader.utils import determine_grade

    scores, errors = {}, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        score, best = determine_grade(cell)
        scores[meta["grade_id"]] = (float(score), float(best))
        if score < best:
            why = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]
            why += [f"stderr: {o.text}" for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
            errors[meta["grade_id"]] = (why[0] if why else "partial credit").splitlines()[0][:300]
    return scores, errors


def noise(nb) -> list[str]:
    """Cells of an executed notebook that wrote to stderr or printed a warning note (``utils.checks.
    warnings_as_notes`` turns warnings into notes on stdout): ``["<grade_id or cell index>: <first line>", ...]``.
    The solution must have none — the hidden tests' own code must not warn (a note would hide it, and a
    warning from the tests themselves would be blamed on the student)."""
    found = []
    for index, cell in enumerate(nb.cells):
        name = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index}")
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream":
                continue
            text = output.get("text", "")
            if output.get("name") == "stderr" or WARNING_NOTE in text:
                line = next((t for t in text.splitlines() if t.strip()), "")
                found.append(f"{name}: {output.get('name')}: {line[:300]}")
    return found


def grade_notebook(assignment: str, notebook: str, variants: list[dict[str, str]], root: Path = REPO,
                   hidden: bool = True):
    """Per-test-cell scores of the source notebook with each variant's answer cells replaced: one kernel for
    all of them. Returns [(scores, errors, noise)] in the order of ``variants`` ({} = the solution itself).
    ``hidden=False``: grade with the visible tests only (the hidden tests removed)."""
    source = nbformat.read(source_path(assignment, notebook, root), as_version=4)
    if not hidden:
        source = visible_part(source)
    with tempfile.TemporaryDirectory(prefix=f"mutants-{assignment}-") as workdir:
        executor, resources = _executor(Path(workdir), root)
        executor.nb, executor.resources = copy.deepcopy(source), resources
        results = []
        with executor.setup_kernel():
            for cells in variants:
                prelude = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PRELUDE)])
                executor.nb = prelude  # nbclient stores the executed cell back into executor.nb at its index
                executor.reset_execution_trackers()
                executor.execute_cell(prelude.cells[0], 0, store_history=False)
                nb = mutated_notebook(source, cells)
                executor.nb = nb
                executor.reset_execution_trackers()
                for index, cell in enumerate(nb.cells):
                    executor.preprocess_cell(cell, resources, index)
                results.append((*_scores(nb), noise(nb)))
    return results


def grade_catalogue(assignment: str, mutants: list[Mutant], root: Path = REPO) -> tuple[list[Outcome], list[str]]:
    """Grade every entry of one assignment (one kernel per notebook). Returns the outcomes and the problems
    of the unmodified solution (it must score full marks, or no verdict means anything)."""
    outcomes, problems = [], []
    for notebook in NOTEBOOKS:
        chosen = [m for m in mutants if m.notebook == notebook]
        if not chosen:
            continue
        results = grade_notebook(assignment, notebook, [{}] + [m.cells for m in chosen], root)
        (solution, solution_errors, solution_noise), rest = results[0], results[1:]
        problems += [f"the solution of {assignment}/{notebook} loses points in {cell}: {solution_errors[cell]}"
                     for cell, (score, best) in solution.items() if score < best]
        problems += [f"the solution of {assignment}/{notebook} warns or writes to stderr in {line}"
                     for line in solution_noise]
        graded = [Outcome(m, scores, errors) for m, (scores, errors, _) in zip(chosen, rest, strict=True)]
        visible = [o for o in graded if o.mutant.visible]
        if visible:  # the visible tests alone, as a student runs them before handing in
            alone = grade_notebook(assignment, notebook, [o.mutant.cells for o in visible], root, hidden=False)
            for outcome, (scores, _, _) in zip(visible, alone, strict=True):
                outcome.visible_scores = scores
        outcomes += graded
    return outcomes, problems


def crosscheck_choice(assignment: str, mutants: list[Mutant], position: int) -> dict[str, Mutant]:
    """The entries one bot hands in for the nbgrader cross-check: per notebook the first entry marked
    ``crosscheck``, else the first wrong answer (exercises) and correct variant (quiz) — swapped for every
    other assignment so that both kinds are cross-checked in both notebooks."""
    chosen = {}
    for n, notebook in enumerate(NOTEBOOKS):
        mine = [m for m in mutants if m.notebook == notebook]
        kind = KINDS[(n + position) % 2]
        pick = next((m for m in mine if m.crosscheck), None) or next((m for m in mine if m.kind == kind), None)
        if pick is not None:
            chosen[notebook] = pick
    return chosen


def cross_check(bots: dict[str, dict[str, Mutant]], root: Path = REPO) -> dict[str, dict[str, tuple[float, float]]]:
    """Autograde one bot per assignment with the real ``nbgrader autograde`` in a temporary course.

    ``bots``: {assignment: {notebook: Mutant}}; every other answer cell of the bot's notebooks is solved.
    Returns {assignment: {"notebook:test_cell": (score, max_score)}} read from nbgrader's gradebook.
    """
    sys.path.insert(0, str(root))
    from course import grading

    scores = {}
    with tempfile.TemporaryDirectory(prefix="mutants-nbgrader-") as tmp:
        tmp = Path(tmp)
        course, home = grading.new_course(tmp / "course", root), tmp / "home"
        home.mkdir()
        for assignment, chosen in bots.items():
            grading.generate(course, [assignment], home=home)
            paths = {}
            for notebook in NOTEBOOKS:
                if not source_path(assignment, notebook, root).exists():
                    continue
                release = nbformat.read(course / "exercises" / assignment / f"{notebook}.ipynb", as_version=4)
                source = nbformat.read(source_path(assignment, notebook, root), as_version=4)
                cells = chosen[notebook].cells if notebook in chosen else {}
                paths[f"{notebook}.ipynb"] = tmp / f"{assignment}-{notebook}.ipynb"
                nbformat.write(solved_student_copy(release, source, cells), paths[f"{notebook}.ipynb"])
            grading.submit(course, assignment, "mutant_bot", paths)
            process = grading.autograde(course, assignment, "mutant_bot", home=home)
            graded = grading.read_scores(course, assignment, "mutant_bot")
            if graded is None:
                raise RuntimeError(f"nbgrader did not grade the bot of {assignment}:\n{process.stderr[-3000:]}")
            scores[assignment] = {f"{s.notebook}:{s.cell}": (s.score, s.max_score) for s in graded}
    return scores


def counts(outcomes: list[Outcome]) -> tuple[int, int, int, int]:
    """Wrong answers caught, wrong answers, correct variants accepted, correct variants."""
    wrong = [o for o in outcomes if o.mutant.kind == "wrong"]
    right = [o for o in outcomes if o.mutant.kind == "correct"]
    return sum(o.ok for o in wrong), len(wrong), sum(o.ok for o in right), len(right)


def table(rows: dict[str, tuple[tuple[int, int, int, int], float | None]]) -> str:
    """Per assignment (``{assignment: (counts(...), seconds or None)}``): wrong answers caught / total,
    correct variants accepted / total, and seconds."""
    lines = [f"{'assignment':<34} {'wrong caught':>14} {'correct accepted':>17} {'seconds':>8}"]
    totals, total_s = [0, 0, 0, 0], 0.0
    for assignment, (numbers, seconds) in sorted(rows.items()):
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        total_s += seconds or 0.0
        secs = f"{seconds:8.1f}" if seconds is not None else f"{'':8}"
        lines.append(f"{assignment:<34} {numbers[0]:>6} / {numbers[1]:<5} {numbers[2]:>8} / {numbers[3]:<6} {secs}")
    lines.append(f"{'total':<34} {totals[0]:>6} / {totals[1]:<5} {totals[2]:>8} / {totals[3]:<6} {total_s:8.1f}")
    return "\n".join(lines)


def misses(outcomes: list[Outcome]) -> list[str]:
    """A readable line for every wrong answer that kept full marks and every correct variant that lost points."""
    lines = []
    for o in outcomes:
        if o.ok:
            continue
        if o.mutant.kind == "wrong":
            lost = [k for k in o.mutant.keeps if o.scores[k][0] < o.scores[k][1]]
            what = (f"{', '.join(lost)} lost points ({o.errors})" if lost
                    else f"{', '.join(o.mutant.targets)} kept full marks" if not o._caught(o.scores)
                    else f"the visible part of {', '.join(o.mutant.targets)} lets it pass (only the hidden tests "
                         "catch it)")
            lines.append(f"NOT CAUGHT {o.mutant.name}: {what}")
        else:
            lost = {c: f"{s:g}/{b:g}" for c, (s, b) in o.scores.items() if s < b}
            lines.append(f"REJECTED {o.mutant.name}: lost {lost} — {'; '.join(o.errors.values())}")
    return lines


def explain(outcomes: list[Outcome]) -> list[str]:
    """For every entry: its verdict and the first message of every test cell that lost points (to see that a
    wrong answer is caught for the right reason, not by a typo in the entry)."""
    return [f"{'ok  ' if o.ok else 'MISS'} {o.mutant.name}: {o.errors or 'full marks'}" for o in outcomes]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    catalogue = load_catalogue(names=argv or None)
    rows, failures = {}, []
    for assignment, mutants in catalogue.items():
        failures += validate(mutants) + coverage_problems(assignment, mutants)
        start = time.perf_counter()
        outcomes, problems = grade_catalogue(assignment, mutants)
        rows[assignment] = counts(outcomes), time.perf_counter() - start
        failures += problems + misses(outcomes)
        if verbose:
            print("\n".join(explain(outcomes)))
    print(table(rows))
    print("\n".join(failures) or "every wrong answer caught, every correct variant accepted")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
