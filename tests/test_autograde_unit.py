"""course.autograde without running nbgrader: bad input is rejected with a clear message; the final table."""

from __future__ import annotations

from pathlib import Path

import pytest

from course import autograde


def course(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "nbgrader_config.py").write_text(f"c = get_config()\n{extra}")
    return tmp_path


def test_course_reads_nbgrader_s_config_and_defaults(tmp_path):
    loaded = autograde.Course.load(course(tmp_path, 'c.CourseDirectory.source_directory = "solutions"\n'))
    assert loaded.source == "solutions" and loaded.submitted == "submitted" and loaded.autograded == "autograded"
    assert loaded.sqlite_path() == tmp_path.resolve() / "gradebook.db"


def test_a_folder_without_nbgrader_config_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="course_dir must be an nbgrader course folder"):
        autograde.Course.load(tmp_path)


def test_a_non_sqlite_gradebook_is_rejected(tmp_path):
    loaded = autograde.Course.load(course(tmp_path, 'c.CourseDirectory.db_url = "postgresql://db/grades"\n'))
    with pytest.raises(ValueError, match="needs an SQLite gradebook.*postgresql"):
        loaded.sqlite_path()


@pytest.mark.parametrize("kwargs, message", [({"jobs": 0}, "jobs must be a positive integer, got 0"),
                                             ({"jobs": 1.5}, "jobs must be a positive integer, got 1.5"),
                                             ({"timeout": 0}, "timeout must be positive")])
def test_bad_jobs_or_timeout_are_rejected(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        autograde.autograde("01_vanilla_rnn", course(tmp_path), **kwargs)


def test_a_course_without_gradebook_says_to_generate_first(tmp_path):
    with pytest.raises(SystemExit, match="nbgrader generate_assignment 01_vanilla_rnn"):
        autograde.autograde("01_vanilla_rnn", course(tmp_path))


def test_report_lists_time_score_status_and_why_a_submission_failed():
    outcomes = [autograde.Outcome("alice", "graded", 3.25, 0, score=6.0, max_score=6.0),
                autograde.Outcome("bob", "skipped", 0.0, score=5.0, max_score=6.0),
                autograde.Outcome("carol", "kernel died", 2.0, 1, log="...\nnbclient.exceptions.DeadKernelError")]
    lines = autograde.report(outcomes).splitlines()
    assert lines[1].split() == ["alice", "3.2s", "6", "/", "6", "graded"]
    assert lines[3].split() == ["carol", "2.0s", "-", "kernel", "died"]
    assert "1 graded, 1 up to date, 1 not graded" in lines
    assert "carol (kernel died):" in lines and "DeadKernelError" in lines[-1]
