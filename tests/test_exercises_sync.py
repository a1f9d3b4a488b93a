"""exercises/ is exactly what `make exercises` (nbgrader generate_assignment of solutions/) produces."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import REPO, assignment_names

from utils import grading


@pytest.mark.slow
def test_release_matches_a_fresh_generate_assignment(tmp_path):
    shutil.copytree(REPO / "solutions", tmp_path / "solutions")
    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    (tmp_path / "exercises").mkdir()
    grading.release(root=tmp_path)

    fresh = sorted(p.relative_to(tmp_path / "exercises") for p in (tmp_path / "exercises").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(REPO / "exercises") for p in (REPO / "exercises").rglob("*") if p.is_file())
    assert committed == fresh, "exercises/ has different files from a fresh release: run `make exercises`"
    stale = [str(p) for p in fresh if json.loads((tmp_path / "exercises" / p).read_text())
             != json.loads((REPO / "exercises" / p).read_text())]
    assert not stale, f"exercises/ is out of date for {stale}: run `make exercises` and commit the result"


def test_every_assignment_is_released():
    released = sorted(p.name for p in (REPO / "exercises").iterdir() if p.is_dir())
    assert released == assignment_names()
