"""`rnnbook check` in a copy of the book without solutions/ says where the hidden tests are."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO

from course import grading


def test_check_without_solutions_explains_and_points_to_validate(tmp_path):
    shutil.copytree(REPO / "exercises" / "01_vanilla_rnn", tmp_path / "exercises" / "01_vanilla_rnn")
    with pytest.raises(SystemExit) as raised:
        grading.check("01_vanilla_rnn", root=tmp_path)
    message = str(raised.value)
    assert "hidden tests live in solutions/" in message and "Validate" in message, message
