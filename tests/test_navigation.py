"""Navigation is generated and current, and every relative link in the book resolves."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import REPO, assignment_names, chapter_notebooks, release_notebooks, solution_notebooks

from course import navigation

LINK = re.compile(r"\]\(([^)\s]+)\)")


def markdown_links(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    return [link for link in LINK.findall(text) if not re.match(r"^[a-z]+:", link)]  # skip http:, mailto:


def test_navigation_is_up_to_date():
    assert navigation.update(check=True) == [], "run `rnnbook navigation` and commit the result"


DOCUMENTS = [REPO / "README.md", *chapter_notebooks(), *solution_notebooks(), *release_notebooks()]


@pytest.mark.parametrize("path", DOCUMENTS, ids=[str(p.relative_to(REPO)) for p in DOCUMENTS])
def test_relative_links_resolve(path):
    broken = []
    for link in markdown_links(path):
        target, _, anchor = link.partition("#")
        resolved = (path.parent / target).resolve() if target else path
        if not resolved.exists():
            broken.append(link)
        elif anchor and resolved.suffix == ".ipynb":
            cells = nbformat.read(resolved, as_version=4).cells
            headings = "\n".join(c.source for c in cells if c.cell_type == "markdown")
            if not re.search(rf"^#+ {re.escape(anchor.replace('-', ' '))}\s*$", headings, flags=re.M):
                broken.append(link)
    assert not broken, f"{path.relative_to(REPO)} has broken links: {broken}"


def test_every_chapter_has_navigation_at_top_and_bottom():
    for path in chapter_notebooks()[1:]:
        cells = nbformat.read(path, as_version=4).cells
        for cell in (cells[0], cells[-1]):
            assert navigation.NAV_TAG in cell.metadata.get("tags", []), f"{path.name} lacks generated navigation"
            assert "[Contents](00_start_here.ipynb#Contents)" in cell.source


def test_start_page_lists_every_chapter_exercise_and_quiz():
    start = nbformat.read(REPO / "chapters" / "00_start_here.ipynb", as_version=4)
    links = set(LINK.findall("\n".join(c.source for c in start.cells)))
    for path in chapter_notebooks()[1:]:
        assert path.name in links, f"the start page does not link {path.name}"
    for name in assignment_names():
        for kind in ("exercises", "quiz"):
            assert f"../exercises/{name}/{kind}.ipynb" in links, f"the start page does not link {name}/{kind}"


def test_check_mode_notices_stale_navigation(tmp_path):
    for folder in ("chapters", "exercises"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copy(REPO / "README.md", tmp_path / "README.md")
    chapter = tmp_path / "chapters" / "01_vanilla_rnn.ipynb"
    notebook = nbformat.read(chapter, as_version=4)
    notebook.cells = notebook.cells[1:]  # lose the top navigation
    nbformat.write(notebook, chapter)
    assert navigation.update(tmp_path, check=True) == ["chapters/01_vanilla_rnn.ipynb"]
    navigation.update(tmp_path)
    assert navigation.update(tmp_path, check=True) == []
