"""Shared test fixtures: repository paths, notebook discovery and the timing table printed at the end."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Kernels and nbgrader's `alembic` must come from this environment, whoever started pytest.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
# Kernels must use their inline backend so that figures become outputs; the unit tests pick Agg themselves.
os.environ.pop("MPLBACKEND", None)

# name -> seconds, filled by tests/test_notebooks.py, printed by pytest_terminal_summary.
NOTEBOOK_SECONDS: dict[str, float] = {}


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


def pytest_terminal_summary(terminalreporter):
    if not NOTEBOOK_SECONDS:
        return
    from utils.bench import COLLECTION_BUDGET_S, budget_s

    write = terminalreporter.write_line
    terminalreporter.section("notebook execution times (budgets on a quiet 2-core CPU; `make bench` checks them)")
    width = max(len(name) for name in NOTEBOOK_SECONDS)
    for name, seconds in sorted(NOTEBOOK_SECONDS.items()):
        flag = "  (over budget here; see make bench)" if seconds > budget_s(name) else ""
        write(f"{name:<{width}}  {seconds:6.1f} s  budget {budget_s(name):3.0f} s{flag}")
    write(f"{'total':<{width}}  {sum(NOTEBOOK_SECONDS.values()):6.1f} s  budget {COLLECTION_BUDGET_S:3.0f} s")
