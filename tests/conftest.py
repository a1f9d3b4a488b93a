"""Shared test fixtures: repository paths, notebook discovery, how tests are shared out among pytest-xdist
workers, and the tables printed at the end (notebook times, the wrong-answer catalogue)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pytest

REPO = Path(__file__).resolve().parents[1]

# Kernels and nbgrader's `alembic` must come from this environment, whoever started pytest.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
# Kernels must use their inline backend so that figures become outputs (MPLBACKEND unset); the unit tests in this
# process draw off screen (Agg), and every test ends with no figure left open (close_figures below).
os.environ.pop("MPLBACKEND", None)
matplotlib.use("Agg")

# Filled from what tests record with `record_property` (their reports reach this process with or without
# xdist workers) and printed by pytest_terminal_summary:
NOTEBOOK_SECONDS: dict[str, float] = {}  # "notebook_seconds": (name, seconds), from tests/test_notebooks.py
CATALOGUE_ROWS: dict[str, tuple] = {}  # "catalogue_row": (assignment, counts, seconds), test_grading_mutants.py

# Modules whose tests are independent of each other and worth spreading over the workers one by one; every
# other module runs on one worker (its module fixtures, e.g. a generated course, are built once).
SPREAD_MODULES = {"test_notebooks.py"}
# Modules whose tests share work per `assignment` parameter: those go to one worker per assignment.
PER_ASSIGNMENT_MODULES = {"test_grading_mutants.py", "test_nbgrader_pipeline.py"}


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures a test drew (matplotlib keeps every open figure in memory until then)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def write_notebook(path: Path, cells: list) -> Path:
    """Write a notebook of ``cells`` (code strings, or nbformat cells) to ``path`` with the python3 kernelspec;
    creates the folder; returns ``path``."""
    import nbformat

    cells = [nbformat.v4.new_code_cell(c) if isinstance(c, str) else c for c in cells]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def chapter_notebooks() -> list[Path]:
    return sorted((REPO / "chapters").glob("*.ipynb"))


def solution_notebooks() -> list[Path]:
    return sorted((REPO / "solutions").glob("*/*.ipynb"))


def release_notebooks() -> list[Path]:
    return sorted((REPO / "exercises").glob("*/*.ipynb"))


def assignment_names() -> list[str]:
    return sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config, items):
    """Groups for ``pytest -n N --dist loadgroup`` (``make test``): see SPREAD_MODULES, PER_ASSIGNMENT_MODULES."""
    for item in items:
        module = item.path.name
        if module in SPREAD_MODULES:
            continue
        params = item.callspec.params if hasattr(item, "callspec") else {}
        group = module
        if module in PER_ASSIGNMENT_MODULES and "assignment" in params:
            group = f"{module}::{params['assignment']}"
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_xdist_node_collection_finished(node, ids):
    """Under ``--dist loadgroup`` the groups must have reached xdist, which appends ``@group`` to the node ids:
    pytest 9.2 with pytest-xdist 3.8 drops them silently (pytest-xdist #1386), and every worker would then build
    the same module fixtures (a generated course, a built book) again."""
    if node.config.getvalue("dist") != "loadgroup":
        return
    lost = [i for i in ids if Path(i.split("::")[0]).name not in SPREAD_MODULES and "@" not in i]
    if lost:
        pytest.exit(f"pytest-xdist ignored the xdist_group marks (e.g. {lost[0]}): use the pinned pytest and "
                    "pytest-xdist (pyproject.toml), or run `make test TEST_JOBS=1`",
                    returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "notebook_seconds":
            NOTEBOOK_SECONDS[value[0]] = value[1]
        elif name == "catalogue_row":
            CATALOGUE_ROWS[value[0]] = tuple(value[1:])


def pytest_terminal_summary(terminalreporter):
    if CATALOGUE_ROWS:
        sys.path.insert(0, str(REPO / "tests" / "grading_mutants"))
        import runner

        terminalreporter.section("wrong-answer catalogue (tests/grading_mutants/)")
        for line in runner.table(CATALOGUE_ROWS).splitlines():
            terminalreporter.write_line(line)
    if not NOTEBOOK_SECONDS:
        return
    from course.bench import COLLECTION_BUDGET_S, budget_s

    write = terminalreporter.write_line
    terminalreporter.section("notebook execution times (budgets on a quiet 2-core CPU; `make bench` checks them)")
    width = max(len(name) for name in NOTEBOOK_SECONDS)
    for name, seconds in sorted(NOTEBOOK_SECONDS.items()):
        flag = "  (over budget here; see make bench)" if seconds > budget_s(name) else ""
        write(f"{name:<{width}}  {seconds:6.1f} s  budget {budget_s(name):3.0f} s{flag}")
    write(f"{'total':<{width}}  {sum(NOTEBOOK_SECONDS.values()):6.1f} s  budget {COLLECTION_BUDGET_S:3.0f} s")
