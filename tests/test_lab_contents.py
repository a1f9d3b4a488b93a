"""course.lab_contents: `make lab` keeps runs of the book's notebooks beside them, not in the tracked files."""

from __future__ import annotations

import asyncio
import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course.lab_contents import BookOutputsManager, same_cells


def chapter() -> nbformat.NotebookNode:
    notebook = new_notebook(cells=[new_markdown_cell("# A chapter", id="title"), new_code_cell("1 + 1", id="sum")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    return notebook


def run_of(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as JupyterLab saves it after a run: outputs, counts, kernel and widget metadata."""
    ran = copy.deepcopy(notebook)
    ran.cells[1].execution_count = 1
    ran.cells[1].outputs = [new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    ran.metadata["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
    ran.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    return ran


@pytest.fixture
def course(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "exercises").mkdir()
    nbformat.write(chapter(), tmp_path / "chapters" / "01_a.ipynb")
    return tmp_path, BookOutputsManager(root_dir=str(tmp_path))


def save(manager, notebook, path):
    return asyncio.run(manager.save({"type": "notebook", "content": notebook}, path))


def get(manager, path, content=True):
    return asyncio.run(manager.get(path, content=content))


def test_a_run_is_kept_aside_and_the_chapter_file_is_untouched(course):
    root, manager = course
    committed = (root / "chapters" / "01_a.ipynb").read_bytes()
    save(manager, run_of(chapter()), "chapters/01_a.ipynb")
    assert (root / "chapters" / "01_a.ipynb").read_bytes() == committed
    kept = nbformat.read(root / ".outputs" / "chapters" / "01_a.ipynb", as_version=4)
    assert kept.cells[1].outputs[0]["data"]["text/plain"] == "2" and "widgets" in kept.metadata
    reopened = get(manager, "chapters/01_a.ipynb")["content"]
    assert reopened.cells[1].outputs and reopened.metadata["language_info"]["version"] == "3.11.7"


def test_an_edit_reaches_the_chapter_file_without_its_outputs(course):
    root, manager = course
    edited = run_of(chapter())
    edited.cells[1].source = "1 + 2  # my note"
    save(manager, edited, "chapters/01_a.ipynb")
    on_disk = nbformat.read(root / "chapters" / "01_a.ipynb", as_version=4)
    assert on_disk.cells[1].source == "1 + 2  # my note"
    assert on_disk.cells[1].outputs == [] and on_disk.cells[1].execution_count is None
    assert "widgets" not in on_disk.metadata and [c.id for c in on_disk.cells] == ["title", "sum"]
    assert get(manager, "chapters/01_a.ipynb")["content"].cells[1].outputs  # the learner still sees the run


def test_a_run_of_an_older_version_is_dropped_when_the_chapter_changes(course):
    root, manager = course
    save(manager, run_of(chapter()), "chapters/01_a.ipynb")
    updated = chapter()
    updated.cells.append(new_code_cell("3 * 3", id="new"))  # `git pull` brought a new cell
    nbformat.write(updated, root / "chapters" / "01_a.ipynb")
    reopened = get(manager, "chapters/01_a.ipynb")["content"]
    assert len(reopened.cells) == 3 and not reopened.cells[1].outputs


def test_an_exercise_opened_and_validated_leaves_its_file_alone_and_answers_reach_it(course):
    root, manager = course
    (root / "exercises" / "01_a").mkdir()
    exercise = root / "exercises" / "01_a" / "exercises.ipynb"
    nbformat.write(chapter(), exercise)
    committed = exercise.read_bytes()
    save(manager, run_of(chapter()), "exercises/01_a/exercises.ipynb")  # opened, run, Validate saves it
    assert exercise.read_bytes() == committed
    assert (root / ".outputs" / "exercises" / "01_a" / "exercises.ipynb").is_file()
    answered = run_of(chapter())
    answered.cells[1].source = "answer = 42"
    save(manager, answered, "exercises/01_a/exercises.ipynb")
    assert nbformat.read(exercise, as_version=4).cells[1].source == "answer = 42"  # what Validate and check read


def test_other_notebooks_are_saved_as_usual(course):
    root, manager = course
    (root / "mine").mkdir()
    save(manager, run_of(chapter()), "mine/answers.ipynb")
    save(manager, run_of(chapter()), "top.ipynb")
    assert nbformat.read(root / "mine" / "answers.ipynb", as_version=4).cells[1].outputs
    assert nbformat.read(root / "top.ipynb", as_version=4).cells[1].outputs
    assert not (root / ".outputs").exists()
    assert manager.saved_run_path("chapters/a.txt") is None and manager.saved_run_path("chapters") is None
    assert manager.saved_run_path("solutions/01_a/quiz.ipynb").endswith("/.outputs/solutions/01_a/quiz.ipynb")


def test_same_cells_ignores_what_running_adds_and_nothing_else():
    assert same_cells(chapter(), run_of(chapter()))
    other = chapter()
    other.cells[0].source = "# Another title"
    assert not same_cells(chapter(), other)
