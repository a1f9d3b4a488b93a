"""Every notebook in chapters/ and solutions/ runs top to bottom in a fresh kernel, cleanly.

Time is not a pass/fail criterion here: a notebook only has a hang guard (``HANG_GUARD_FACTOR`` times its
budget, in all), and the timing table at the end shows each time beside its budget. The budgets are checked
by ``make bench`` (``course.bench``), which compares each time with a calibration workload run beside it, so
that a busy machine does not turn a budget into a false failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, chapter_notebooks, solution_notebooks

from course.bench import HANG_GUARD_FACTOR, budget_s, execute

NOTEBOOKS = chapter_notebooks() + solution_notebooks()


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(REPO)) for p in NOTEBOOKS])
def test_notebook_runs_cleanly(path: Path, record_property):
    name = str(path.relative_to(REPO))
    notebook, seconds, _ = execute(path, HANG_GUARD_FACTOR * budget_s(name))
    record_property("notebook_seconds", (name, seconds))  # the timing table (conftest.py)
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
