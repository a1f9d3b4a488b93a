"""course.claims (`make claims`): each variant reaches the kernel, and every failing assert is reported with its
cell and line, not just the first."""

from __future__ import annotations

import pytest
from conftest import write_notebook

from course import claims


def test_variant_env_replaces_inherited_variant_variables():
    base = {"PATH": "/bin", "RNN_BOOK_SEED": "7", "ONEDNN_MAX_CPU_ISA": "AVX512_CORE", "MPLBACKEND": "Agg"}
    env = claims.variant_env("seed 1", base)
    assert env["RNN_BOOK_SEED"] == "1" and "ONEDNN_MAX_CPU_ISA" not in env and "MPLBACKEND" not in env
    assert env["PATH"] == "/bin" and env["RNN_BOOK_STATIC"] == "1"
    old = claims.variant_env("old CPU", base)
    assert old["ATEN_CPU_CAPABILITY"] == "default" and old["ONEDNN_MAX_CPU_ISA"] == "SSE41"
    assert old["RNN_BOOK_SEED"] == "0"
    with pytest.raises(ValueError, match="variant must be one of"):
        claims.variant_env("seed 9", base)


def test_every_chapter_has_every_variant_in_the_table():
    runs = [claims.Run("01_a", v, 3.0) for v in claims.VARIANTS]
    runs.append(claims.Run("02_b", "seed 0", 4.0, [claims.Failure(5, "AssertionError", "assert x < 1")]))
    text = claims.table(runs, list(claims.VARIANTS))
    assert text.splitlines()[1].count("ok") == len(claims.VARIANTS)
    assert "FAIL (1)" in text.splitlines()[2]
    assert claims.details(runs) == "02_b [seed 0] cell 5: AssertionError at `assert x < 1`"


@pytest.mark.slow
def test_a_run_reports_every_failing_cell_under_its_variant(tmp_path, monkeypatch):
    path = write_notebook(tmp_path / "chapters" / "99_test.ipynb", [
        "import os\nseed = os.environ['RNN_BOOK_SEED']",
        "assert seed == '0', f'offset {seed}'",
        "x = [1, 2]\nassert max(x) - min(x) > 5  # a claim that fails",
        "print('later cells still run')",
    ])
    monkeypatch.setattr(claims, "REPO_ROOT", tmp_path)
    run = claims.run_chapter(path, "seed 2")
    assert not run.crash
    assert [(f.cell, f.error, f.line) for f in run.failures] == [
        (1, "AssertionError: offset 2", "assert seed == '0', f'offset {seed}'"),
        (2, "AssertionError", "assert max(x) - min(x) > 5  # a claim that fails"),
    ]
    assert claims.run_chapter(path, "seed 0").failures[0].cell == 2
