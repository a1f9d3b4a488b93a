"""nbgrader, driven from Python: regenerate ``exercises/``, autograde submissions, read scores.

Command line (run from anywhere; ``make exercises`` calls the first):

    rnnbook release [NN_topic ...]  # exercises/ from solutions/ (default: every assignment)
    rnnbook check 01_vanilla_rnn    # grade your own copy in exercises/01_vanilla_rnn/
    rnnbook autograde 01_vanilla_rnn --jobs 2  # instructors: a class in parallel (course.autograde)

``check`` is for self-learners: it grades the notebooks in ``exercises/NN_topic/`` (the ones you edited) in a
temporary course directory, with the hidden tests, prints a score per task and writes HTML feedback to
``feedback/me/NN_topic/``. Nothing in the repository is changed except that feedback folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nbgrader.preprocessors import ClearHiddenTests

from . import REPO_ROOT

SOURCE = "solutions"
RELEASE = "exercises"


class HideHiddenTests(ClearHiddenTests):
    """Feedback preprocessor: drop hidden-test code from test cells, and shorten their error tracebacks (which
    quote the code around the failing line) to ``Name: message`` — the message says what is wrong.

    nbgrader keeps hidden tests in feedback by design (jupyter/nbgrader#917); ``nbgrader_config.py`` adds this
    to ``GenerateFeedback.preprocessors`` so that feedback can be returned without giving the tests away.
    """

    def preprocess_cell(self, cell, resources, index):
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
        return cell, resources


def assignments(root: Path = REPO_ROOT) -> list[str]:
    """Names of the assignments: the folders of ``solutions/`` (``NN_topic``), sorted."""
    return sorted(p.name for p in (root / SOURCE).iterdir() if p.is_dir() and not p.name.startswith("."))


def nbgrader_env(home: Path | None = None) -> dict[str, str]:
    """The environment for an nbgrader subprocess: this interpreter's ``bin`` first on PATH (nbgrader runs
    ``alembic`` and starts kernels by name), and optionally a private HOME so no real ``~/.jupyter`` is used."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if home is not None:
        env["HOME"] = str(home)
        env["JUPYTER_CONFIG_DIR"] = str(Path(home) / ".jupyter")
        env["JUPYTER_DATA_DIR"] = str(Path(home) / ".local/share/jupyter")
        env["JUPYTER_RUNTIME_DIR"] = str(Path(home) / ".local/share/jupyter/runtime")
    return env


def run_nbgrader(args: list[str], course_dir: Path, home: Path | None = None, timeout: float = 600,
                 check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``course_dir`` (a student's working folder for student commands) and return
    the completed process (text output captured); raise with nbgrader's output if it fails and ``check``."""
    process = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=nbgrader_env(home),
        capture_output=True, text=True, timeout=timeout,
    )
    if check and process.returncode != 0:
        output = f"{process.stdout}\n{process.stderr}"
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({process.returncode}):\n{output}")
    return process


def new_course(course_dir: Path, root: Path = REPO_ROOT) -> Path:
    """Lay out a course directory: the repo's ``nbgrader_config.py`` and a copy of ``solutions/``."""
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "nbgrader_config.py", course_dir / "nbgrader_config.py")
    shutil.copytree(root / SOURCE, course_dir / SOURCE, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return course_dir


def generate(course_dir: Path, names: list[str] | None = None, home: Path | None = None) -> None:
    """``nbgrader generate_assignment`` for each assignment (all by default), overwriting the release."""
    for name in names or assignments(course_dir):
        run_nbgrader(["generate_assignment", name, "--force"], course_dir, home)


def submit(course_dir: Path, assignment: str, student: str, notebooks: dict[str, Path]) -> Path:
    """Place ``{notebook file name: path}`` as ``submitted/<student>/<assignment>/`` (a collected submission)."""
    folder = Path(course_dir) / "submitted" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for filename, path in notebooks.items():
        shutil.copy(path, folder / filename)
    return folder


def autograde(course_dir: Path, assignment: str, student: str | None = None, home: Path | None = None,
              timeout: float = 600) -> subprocess.CompletedProcess:
    """``nbgrader autograde`` one assignment (one student, or all), creating students as needed.

    Returns the process without raising: a submission that kills its kernel makes nbgrader exit non-zero
    while it still grades the others; ``ungraded`` then reports who was left out.
    """
    args = ["autograde", assignment, "--create", "--force"]
    if student is not None:
        args.append(f"--student={student}")
    return run_nbgrader(args, course_dir, home, timeout=timeout, check=False)


@dataclass
class CellScore:
    """The autograded score of one test cell."""

    notebook: str
    cell: str
    score: float
    max_score: float


def read_scores(course_dir: Path, assignment: str, student: str) -> list[CellScore] | None:
    """Per-test-cell scores of one student's autograded submission, from the gradebook (None if ungraded)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{Path(course_dir) / 'gradebook.db'}") as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None
        scores = [
            CellScore(notebook.name, grade.name, float(grade.score), float(grade.max_score))
            for notebook in submission.notebooks
            for grade in notebook.grades
            if grade.cell_type == "code"
        ]
    # A submission nbgrader failed to execute has no autograded folder even if it is in the gradebook.
    graded = Path(course_dir) / "autograded" / student / assignment
    return scores if graded.is_dir() else None


def ungraded(course_dir: Path, assignment: str, students: list[str]) -> list[str]:
    """The students among ``students`` whose submission of ``assignment`` did not get autograded."""
    return [s for s in students if read_scores(course_dir, assignment, s) is None]


def release(root: Path = REPO_ROOT, names: list[str] | None = None) -> None:
    """Regenerate ``exercises/`` from ``solutions/`` (what ``make exercises`` runs), all assignments or ``names``.

    Generation happens in a temporary course so that no gradebook or log is left in the repository.
    """
    with tempfile.TemporaryDirectory() as tmp:
        course = new_course(Path(tmp) / "course", root)
        names = names or assignments(course)
        generate(course, names)
        target = root / RELEASE
        for name in names:
            if (target / name).exists():
                shutil.rmtree(target / name)
            shutil.copytree(course / RELEASE / name, target / name)
            print(f"released {RELEASE}/{name}")


def check(assignment: str, root: Path = REPO_ROOT, student: str = "me") -> list[CellScore]:
    """Autograde the learner's own ``exercises/<assignment>/`` notebooks; print scores; write feedback."""
    if not (root / SOURCE).is_dir():
        raise SystemExit(
            f"cannot check {assignment}: the hidden tests live in {SOURCE}/ (the nbgrader source with the solutions), "
            f"and this copy of the book has no {root / SOURCE} folder — a course hands out {RELEASE}/ only.\n"
            "Check your notebook with nbgrader's Validate button in JupyterLab (it runs the visible tests and says "
            "which fail); the hidden tests run when your instructor autogrades your submission.")
    if assignment not in assignments(root):
        raise SystemExit(f"unknown assignment {assignment!r}; choose one of {', '.join(assignments(root))}")
    mine = {p.name: p for p in sorted((root / RELEASE / assignment).glob("*.ipynb"))}
    with tempfile.TemporaryDirectory() as tmp:
        course = new_course(Path(tmp) / "course", root)
        generate(course, [assignment])
        submit(course, assignment, student, mine)
        process = autograde(course, assignment, student)
        scores = read_scores(course, assignment, student)
        if scores is None:
            raise SystemExit(f"nbgrader could not grade your notebooks (did the kernel crash?):\n{process.stderr}")
        run_nbgrader(["generate_feedback", assignment, f"--student={student}", "--force"], course)
        feedback = root / "feedback" / student / assignment
        shutil.rmtree(feedback, ignore_errors=True)
        shutil.copytree(course / "feedback" / student / assignment, feedback)
    width = max(len(f"{s.notebook}:{s.cell}") for s in scores)
    for s in scores:
        print(f"{s.notebook + ':' + s.cell:<{width}}  {s.score:g} / {s.max_score:g}")
    total, best = sum(s.score for s in scores), sum(s.max_score for s in scores)
    print(f"{'total':<{width}}  {total:g} / {best:g}")
    print(f"feedback (with what each failing test said): {feedback}/")
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="rnnbook", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="regenerate exercises/ from solutions/")
    rel.add_argument("names", nargs="*", help="assignments to release (default: all)")
    grade = commands.add_parser("check", help="autograde your own copy in exercises/NN_topic/")
    grade.add_argument("assignment", help="e.g. 01_vanilla_rnn")
    args = parser.parse_args(argv)
    if args.command == "release":
        release(names=args.names or None)
    else:
        check(args.assignment)


if __name__ == "__main__":
    main()
