"""exercises/ holds one release per assignment of solutions/. That each release is exactly what `make exercises`
(nbgrader generate_assignment of solutions/) produces is checked in tests/test_nbgrader_pipeline.py, on the
course it generates for each assignment anyway."""

from conftest import REPO, assignment_names


def test_every_assignment_is_released():
    released = sorted(p.name for p in (REPO / "exercises").iterdir() if p.is_dir())
    assert released == assignment_names()
