"""Repository hygiene: clean notebooks, valid nbgrader metadata, nothing secret in the release, consistent
environment files, and lint."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import REPO, assignment_names, chapter_notebooks, release_notebooks, solution_notebooks

ALL_NOTEBOOKS = chapter_notebooks() + solution_notebooks() + release_notebooks()
IDS = [str(p.relative_to(REPO)) for p in ALL_NOTEBOOKS]
NN_TOPIC = re.compile(r"^\d\d_[a-z0-9_]+$")


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader_cells(notebook):
    return [c for c in notebook.cells if "nbgrader" in c.metadata]


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=IDS)
def test_notebook_is_clean(path):
    notebook = read(path)
    nbformat.validate(notebook)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec must be python3"
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"cell {index} has stored outputs: clear them before committing"
            assert cell.execution_count is None, f"cell {index} has an execution count: clear outputs"


def test_names_follow_the_chapter_spine():
    chapters = [p.stem for p in chapter_notebooks()]
    assert chapters[0] == "00_start_here"
    assert all(NN_TOPIC.match(name) for name in chapters), chapters
    for name in assignment_names():
        assert NN_TOPIC.match(name), f"solutions/{name} does not follow NN_topic"
        assert name in chapters, f"solutions/{name} has no chapter chapters/{name}.ipynb"


@pytest.mark.parametrize("name", assignment_names())
def test_source_folder_holds_only_the_two_notebooks(name):
    files = sorted(p.name for p in (REPO / "solutions" / name).iterdir() if not p.name.startswith("."))
    assert files == ["exercises.ipynb", "quiz.ipynb"], f"solutions/{name} holds {files}; nbgrader would release extras"


@pytest.mark.parametrize("path", solution_notebooks(), ids=[str(p.relative_to(REPO)) for p in solution_notebooks()])
def test_nbgrader_metadata_is_valid(path):
    notebook = read(path)
    cells = nbgrader_cells(notebook)
    ids = [c.metadata.nbgrader["grade_id"] for c in cells]
    assert len(ids) == len(set(ids)), f"duplicate grade_ids in {path.name}"
    tests = [c for c in cells if c.metadata.nbgrader.get("grade")]
    assert len(tests) >= (3 if path.name == "exercises.ipynb" else 4), f"{path.name} has too few autograded tests"
    for cell in cells:
        meta = cell.metadata.nbgrader
        assert meta.get("schema_version") == 3, f"{meta['grade_id']}: nbgrader schema_version must be 3"
        if meta.get("solution"):
            assert cell.cell_type == "code" and not meta.get("grade"), f"{meta['grade_id']}: answers are ungraded code"
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, meta["grade_id"]
        if meta.get("grade"):
            assert cell.cell_type == "code" and meta.get("locked") and meta.get("points", 0) > 0, meta["grade_id"]
            assert "### BEGIN SOLUTION" not in cell.source, meta["grade_id"]
            check_test_cell_has_no_final_value(meta["grade_id"], cell.source)
    if path.name == "quiz.ipynb":
        for cell in tests:
            grade_id = cell.metadata.nbgrader["grade_id"]
            assert "### BEGIN HIDDEN TESTS" in cell.source, f"quiz test {grade_id} must hide the answer"


EXERCISE_NOTEBOOKS = [p for p in solution_notebooks() + release_notebooks() if p.name == "exercises.ipynb"]


@pytest.mark.parametrize("path", EXERCISE_NOTEBOOKS, ids=[str(p.relative_to(REPO)) for p in EXERCISE_NOTEBOOKS])
def test_a_warning_costs_no_points(path):
    """nbgrader gives 0 points to a test cell with stderr output, and warnings go to stderr: before its first test
    cell, every exercise notebook calls utils.checks.warnings_as_notes() (warnings become notes on stdout) in a
    locked cell with a grade_id — nbgrader's OverwriteCells restores such a cell from the source when it grades."""
    cells = read(path).cells
    first_test = next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade"))
    calls = [c for c in cells[:first_test] if c.cell_type == "code"
             and any(line.strip().startswith("checks.warnings_as_notes()") for line in c.source.splitlines())]
    assert calls, f"{path.name}: no checks.warnings_as_notes() before the first test cell"
    meta = calls[0].metadata.get("nbgrader", {})
    assert meta.get("locked") and meta.get("grade_id") and not meta.get("solution"), \
        f"{path.name}: the cell that calls checks.warnings_as_notes() must be locked (read-only) with a grade_id"


def check_test_cell_has_no_final_value(grade_id: str, source: str):
    """nbgrader reads a value printed by a test cell's last expression as partial credit: forbid one."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("###"))
    last = ast.parse(code).body[-1]
    if isinstance(last, ast.Expr):
        call = last.value
        is_check = isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        ok = is_check and getattr(call.func.value, "id", "") == "checks"
        assert ok, f"{grade_id}: the last line is an expression that may display a value (nbgrader partial credit)"


HIDDEN_BLOCKS = [("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"), ("### BEGIN SOLUTION", "### END SOLUTION")]


def secret_lines(path: Path) -> list[str]:
    """Non-trivial lines that occur only inside the hidden-test and solution blocks of a source notebook."""
    secret, visible = set(), []
    for cell in read(path).cells:
        text = cell.source
        for begin, end in HIDDEN_BLOCKS:
            pattern = re.escape(begin) + r"(.*?)" + re.escape(end)
            for block in re.findall(pattern, text, flags=re.S):
                secret |= {line.strip() for line in block.splitlines() if len(line.strip()) > 12}
            text = re.sub(pattern, "", text, flags=re.S)
        visible.append(text)
    visible_text = "\n".join(visible)
    return sorted(line for line in secret if line not in visible_text)


@pytest.mark.parametrize("name", assignment_names())
def test_release_reveals_no_solution_hidden_test_or_quiz_answer(name):
    for source in sorted((REPO / "solutions" / name).glob("*.ipynb")):
        release = REPO / "exercises" / name / source.name
        assert release.exists(), f"{release} is missing: run `make exercises`"
        text = "\n".join(c.source for c in read(release).cells)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{release} contains {marker}"
        leaked = [line for line in secret_lines(source) if line in text]
        assert not leaked, f"{release} reveals lines of solutions or hidden tests: {leaked[:3]}"
        if source.name == "quiz.ipynb":
            answers = [line for line in secret_lines(source) if re.match(r"answer_\w+\s*=", line)]
            assert answers and not any(a in text for a in answers), f"{release} reveals a quiz answer"


def _requirement_pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        name, _, version = line.partition("==")
        assert version, f"every dependency must be pinned with ==, got {line!r}"
        pins[name.strip().lower()] = version.strip()
    return pins


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = _requirement_pins(project["dependencies"] + project["optional-dependencies"]["test"])
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _requirement_pins(pip_section) == declared, "environment.yml and pyproject.toml pin different packages"
    python = next(d for d in environment["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python == "python=3.11" and project["requires-python"].startswith(">=3.11")
    assert declared["torch"] == "2.13.0"


def test_lint():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "utils", "course", "tests"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
