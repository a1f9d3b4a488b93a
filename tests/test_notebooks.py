"""Every notebook in chapters/ and solutions/ runs top to bottom in a fresh kernel, cleanly, within budget."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from conftest import (
    COLLECTION_BUDGET_S,
    NOTEBOOK_BUDGET_S,
    NOTEBOOK_SECONDS,
    REPO,
    chapter_notebooks,
    solution_notebooks,
)
from nbclient import NotebookClient

NOTEBOOKS = chapter_notebooks() + solution_notebooks()


def execute(path: Path) -> tuple[nbformat.NotebookNode, float]:
    notebook = nbformat.read(path, as_version=4)
    # The per-cell limit is generous so that a slow machine reports "over budget" with the time, not a timeout.
    client = NotebookClient(notebook, timeout=int(3 * NOTEBOOK_BUDGET_S), kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, with the failing cell and traceback, on any error
    return notebook, time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(REPO)) for p in NOTEBOOKS])
def test_notebook_runs_cleanly_within_budget(path: Path):
    notebook, seconds = execute(path)
    NOTEBOOK_SECONDS[str(path.relative_to(REPO))] = seconds
    stderr = [
        (index, output.get("text", "")[:300])
        for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    ]
    assert not stderr, f"{path.name} writes to stderr (a warning?) in cells {stderr}"
    blank = [index for index, cell in enumerate(notebook.cells)
             if cell.cell_type == "code" and "plt.show()" in cell.source
             and not any("image/png" in output.get("data", {}) for output in cell.outputs)]
    assert not blank, f"{path.name}: cells {blank} call plt.show() but show no figure"
    assert seconds <= NOTEBOOK_BUDGET_S, f"{path.name} took {seconds:.1f} s, over its {NOTEBOOK_BUDGET_S:.0f} s budget"


@pytest.mark.slow
def test_whole_collection_within_budget():
    if len(NOTEBOOK_SECONDS) < len(NOTEBOOKS):
        pytest.skip("not every notebook ran in this session (deselected), so the total is not meaningful")
    total = sum(NOTEBOOK_SECONDS.values())
    assert total <= COLLECTION_BUDGET_S, f"all notebooks together took {total:.0f} s, over {COLLECTION_BUDGET_S:.0f} s"
