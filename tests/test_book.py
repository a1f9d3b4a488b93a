"""The executed HTML book: a representative subset is built; pages exist, hold their figures, links work."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import REPO

from utils import book

pytestmark = pytest.mark.slow
SUBSET = ["00_start_here", "01_vanilla_rnn"]


def expected_figures(name: str) -> int:
    """Figures a chapter shows, read from its source: cells that call plt.show() or an explorer."""
    notebook = nbformat.read(REPO / "chapters" / f"{name}.ipynb", as_version=4)
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    return sum(1 for source in code if "plt.show()" in source or "explorer(" in source)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    pages = book.build(out, SUBSET)
    return out, pages


def test_every_chapter_page_exists_with_its_figures(site):
    out, _ = site
    for name in SUBSET:
        page = (out / "chapters" / f"{name}.html").read_text()
        figures = len(re.findall(r'<img[^>]+src="data:image/png', page))
        assert figures == expected_figures(name), f"{name}: {figures} figures in the page"
        assert "Traceback (most recent call last)" not in page
        assert 'src="../mathjax/MathJax.js' in page, "equations must render offline, from the local MathJax copy"
    assert expected_figures("01_vanilla_rnn") >= 5
    assert (out / "mathjax" / "MathJax.js").is_file()


def test_index_lists_the_chapters_and_their_assignments(site):
    out, _ = site
    index = (out / "index.html").read_text()
    for name in SUBSET:
        assert f'href="chapters/{name}.html"' in index
    assert 'href="exercises/01_vanilla_rnn/exercises.html"' in index and "quiz.html" in index


def test_links_between_built_pages_resolve(site):
    out, pages = site
    for page in pages:
        text = page.read_text()
        assert ".ipynb\"" not in text, f"{page.name} still links to a notebook"
        for target in re.findall(r'href="([^"#:]+\.html)(?:#[^"]*)?"', text):
            # a chapter page (…/NN_topic.html) or an assignment page (…/NN_topic/exercises.html) of the subset
            parts = target.removesuffix(".html").split("/")
            if parts[-1] in SUBSET or (len(parts) > 1 and parts[-2] in SUBSET):
                assert (page.parent / target).resolve().exists(), f"{page.name} links to missing {target}"


def test_execution_errors_are_fatal(tmp_path):
    broken = tmp_path / "chapters" / "00_broken.ipynb"
    broken.parent.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Broken"),
                                               nbformat.v4.new_code_cell("1 / 0")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, broken)
    with pytest.raises(Exception, match="ZeroDivisionError"):
        book.build(tmp_path / "out", root=tmp_path)


def test_building_leaves_the_environment_unchanged(site):
    import os

    assert "RNN_BOOK_STATIC" not in os.environ and "TQDM_DISABLE" not in os.environ
