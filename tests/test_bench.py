"""course.bench: budgets by notebook name, ratio limits, the hang guard, the verdict."""

from __future__ import annotations

import time

import pytest
from conftest import write_notebook

from course import bench


def test_budgets_by_name_prefix_and_their_ratio_limits():
    assert bench.budget_s("chapters/01_vanilla_rnn.ipynb") == 60
    assert bench.budget_s("chapters/08_time_series.ipynb") == bench.budget_s("chapters/10_seq2seq.ipynb") == 90
    assert bench.budget_s("solutions/09_language_models/exercises.ipynb") == 60  # 90 s is for the chapters only
    assert bench.budget_ratio("chapters/09_language_models.ipynb") == pytest.approx(90 / bench.REFERENCE_CALIBRATION_S)


def test_notebooks_are_discovered_anew(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "solutions" / "11_new").mkdir(parents=True)
    for path in ("chapters/00_start_here.ipynb", "chapters/11_new.ipynb", "solutions/11_new/quiz.ipynb"):
        (tmp_path / path).write_text("{}")
    assert [str(p.relative_to(tmp_path)) for p in bench.notebooks(tmp_path)] == [
        "chapters/00_start_here.ipynb", "chapters/11_new.ipynb", "solutions/11_new/quiz.ipynb"]


def test_report_fails_on_a_ratio_over_budget_not_on_seconds():
    limit = bench.budget_ratio("chapters/01_x.ipynb")
    slow_machine = bench.Result("chapters/01_x.ipynb", seconds=300.0, cpu_seconds=0.0, calibration_s=300 / (limit - 1))
    lines = []
    assert bench.report([slow_machine], write=lines.append)  # 300 s, but the calibration was slow too
    too_heavy = bench.Result("chapters/01_x.ipynb", seconds=30.0, cpu_seconds=0.0, calibration_s=30 / (limit + 1))
    assert not bench.report([too_heavy], write=lines.append)
    assert any(line.startswith("chapters/01_x.ipynb") and "OVER BUDGET" in line for line in lines)
    failed = bench.Result("chapters/01_x.ipynb", 1.0, 0.0, 1.0, error="CellExecutionError: boom")
    assert not bench.report([failed], write=lines.append)


def test_calibration_runs_with_the_book_thread_setting():
    import torch

    from utils import runtime

    wall, cpu = bench.calibration()
    assert wall > 0 and cpu > 0 and torch.get_num_threads() == runtime.thread_count()


@pytest.mark.slow
def test_hang_guard_stops_a_notebook_in_time(tmp_path):
    path = write_notebook(tmp_path / "hangs.ipynb", ["import time\ntime.sleep(600)"])
    start = time.perf_counter()
    with pytest.raises(TimeoutError):
        bench.execute(path, timeout_s=20)
    assert time.perf_counter() - start < 120
