"""JupyterLab as a learner meets it, driven in headless Chromium through Playwright.

Starts JupyterLab with ``make lab`` (the Makefile's own command and arguments, plus ``LAB_ARGS`` for a free
loopback port) in a temporary copy of the course, so that autosave cannot touch the repository. Checks what a
learner meets: the server's root is the course (``chapters/``, ``exercises/``, ``solutions/``), the start page
opens, a chapter's link opens its exercise, nbgrader's Validate button and assignment list work, no news
pop-up; then runs the start page and chapter 01 through the UI (no error output, the explorer redraws when its
slider moves) and every explorer of ``utils.widgets``. Screenshots go to screenshots/ (git-ignored).

Needs Debian's `chromium` (the browser is never downloaded); skipped with a message where it is missing.
`.ci/run` installs it, so CI always runs this test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from utils import widgets

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver); .ci/run installs it",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (in the test extras)")

SCREENSHOTS = REPO / "screenshots"
EXPLORERS = sorted(name for name in dir(widgets) if name.endswith("_explorer"))
TOKEN = "book-test-token"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(made_lab):
    """The base URL of the JupyterLab that ``make lab`` started (see ``made_lab``)."""
    return made_lab[0]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def open_notebook(browser, lab, path):
    """Open a notebook in a fresh workspace and wait until its kernel is connected and idle."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    workspace = Path(path).stem  # a fresh workspace per notebook, so no other notebook is restored beside it
    page.goto(f"{lab}/lab/workspaces/{workspace}/tree/{path}?token={TOKEN}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle")).first.wait_for(timeout=120_000)
    return page


def prompts(page) -> list[str]:
    return [p.strip() for p in page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_inner_texts()]


def run_all_cells(page, timeout_s=120):
    """Run → Run All Cells, as a learner would, and wait until every code cell shows an execution count."""
    # Make the notebook the active document by clicking a prompt (the first cell holds navigation links).
    page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    code_cells = page.locator(".jp-Notebook .jp-CodeCell").count()
    deadline = time.time() + timeout_s
    while True:
        shown = prompts(page)
        if len(shown) == code_cells and all(p.startswith("[") and p[1:-2].isdigit() for p in shown):
            return
        assert time.time() < deadline, f"cells still running after {timeout_s} s: {shown}"
        time.sleep(1)


def error_outputs(page) -> list[str]:
    return page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()


def test_start_page_runs_without_errors(lab, browser):
    page = open_notebook(browser, lab, "chapters/00_start_here.ipynb")
    run_all_cells(page)
    assert not error_outputs(page)
    assert "you are ready to start" in page.locator(".jp-Notebook").inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "00_start_here.png", full_page=True)
    page.close()


def test_chapter_runs_and_its_explorer_responds_to_the_slider(lab, browser):
    page = open_notebook(browser, lab, "chapters/01_vanilla_rnn.ipynb")
    run_all_cells(page, timeout_s=180)
    assert not error_outputs(page), error_outputs(page)
    explorer = page.locator(".jp-OutputArea-output .widget-vbox").filter(has=page.locator(".widget-slider")).first
    explorer.scroll_into_view_if_needed()
    readout = explorer.locator(".widget-readout").first
    figure = explorer.locator("img").first
    figure.wait_for(timeout=30_000)
    before_value, before_image = readout.inner_text(), figure.get_attribute("src")
    explorer.locator(".noUi-handle").first.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    deadline = time.time() + 30
    while readout.inner_text() == before_value or figure.get_attribute("src") == before_image:
        assert time.time() < deadline, f"slider at {readout.inner_text()} (was {before_value}); figure not redrawn"
        time.sleep(0.5)
    SCREENSHOTS.mkdir(exist_ok=True)
    explorer.screenshot(path=SCREENSHOTS / "01_explorer_widget.png")
    page.screenshot(path=SCREENSHOTS / "01_vanilla_rnn.png")
    page.close()


def settled_src(image, timeout_s=120.0, quiet_s=1.5) -> str:
    """The image's src once it has stopped changing, and the kernel has been idle, for quiet_s seconds.

    Waiting for the kernel too matters on a busy machine: a queued redraw can compute for longer than quiet_s
    before it replaces the figure.
    """
    page = image.page
    idle = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle"))
    deadline = time.time() + timeout_s
    last, since = image.get_attribute("src"), time.time()
    while time.time() - since < quiet_s:
        assert time.time() < deadline, "the figure keeps changing"
        time.sleep(0.25)
        current = image.get_attribute("src")
        if current != last or idle.count() == 0:
            last, since = current, time.time()
    return last


def move_first_control(page, output):
    """Nudge the explorer's first slider three steps, or type new lengths into its text box."""
    handle = output.locator(".noUi-handle").first
    if handle.count():
        handle.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
    else:
        box = output.locator("input[type='text']").first
        assert box.count(), "the explorer shows neither a slider nor a text box"
        box.fill("5, 2, 4, 1")
        box.press("Enter")


def test_every_explorer_renders_and_redraws_when_its_first_control_moves(lab, browser):
    page = open_notebook(browser, lab, "chapters/explorers.ipynb")
    run_all_cells(page, timeout_s=180)
    assert not error_outputs(page), error_outputs(page)
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    assert len(EXPLORERS) >= 5
    final = {}
    for index, name in enumerate(EXPLORERS, start=1):
        output = cells.nth(index)
        output.scroll_into_view_if_needed()
        figure = output.locator(".jp-OutputArea-output img").first
        figure.wait_for(timeout=60_000)
        before = settled_src(figure)
        move_first_control(page, output)
        deadline = time.time() + 60
        while figure.get_attribute("src") == before:
            assert time.time() < deadline, f"{name} did not redraw after its first control changed"
            time.sleep(0.25)
        final[name] = settled_src(figure)
        output.screenshot(path=SCREENSHOTS / f"explorer_{name}.png")
    # No late redraw of one explorer may land in another's output.
    for index, name in enumerate(EXPLORERS, start=1):
        shown = cells.nth(index).locator(".jp-OutputArea-output img").first.get_attribute("src")
        assert shown == final[name], f"{name}'s figure was replaced after it settled"
    page.close()


# --- `make lab` as a learner starts it ------------------------------------------------------------------------

COURSE_FILES = ("Makefile", "mk", "lab", "pyproject.toml", "nbgrader_config.py", ".gitignore", "chapters", "exercises",
                "solutions", "course")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Learner", "-c", "user.email=learner@example.org", *args], cwd=root,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def made_lab(tmp_path_factory):
    """JupyterLab started by ``make lab`` (the repository's Makefile and target) in a copy of the course, so that
    autosave and nbgrader cannot touch the repository, with a gallery of every explorer added to its chapters;
    yields ``(base URL, root)``. Its .venv is this one (a link)."""
    root = tmp_path_factory.mktemp("made_lab")
    for name in COURSE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy2(source, root / name)  # keeps the times, so make sees .venv as up to date
    (root / ".venv").symlink_to(REPO / ".venv")
    # A clone as a learner has it: every file of the course tracked by git.
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "the course as cloned")
    # A notebook that shows every explorer of utils.widgets, one per cell.
    cells = [nbformat.v4.new_code_cell("from utils import widgets")]
    cells += [nbformat.v4.new_code_cell(f"widgets.{name}()") for name in EXPLORERS]
    gallery = nbformat.v4.new_notebook(cells=cells)
    gallery.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(gallery, root / "chapters" / "explorers.ipynb")
    home = root / "home"
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Render every cell (no virtual scrolling), so that links in the last cells are in the page.
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # A student's own nbgrader configuration: the exchange in a temporary folder (README, instructors).
    (home / ".jupyter" / "nbgrader_config.py").write_text(f"c.Exchange.root = {str(root / 'exchange')!r}\n")
    (root / "exchange").mkdir()
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTER")}
    env.update(HOME=str(home), RNN_BOOK_STATIC="0")  # live widgets, as in `make lab`
    # The instructor releases one assignment, so that the student's assignment list has something to show.
    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "release_assignment", "01_vanilla_rnn"],
                   cwd=root, env=env, check=True, capture_output=True, timeout=300)
    lab_args = f"--no-browser --port={port} --ip=127.0.0.1 --IdentityProvider.token={TOKEN}"
    # -o: never rebuild the (linked) .venv from the copy
    command = ["make", "-C", str(root), "lab", "-o", ".venv/.installed", f"LAB_ARGS={lab_args}"]
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    log_text = (root / "lab.log").read_text()
                    raise RuntimeError("make lab did not start JupyterLab:\n" + log_text) from None
                time.sleep(0.5)
        yield base, root
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        time.sleep(2)
        try:  # JupyterLab may outlive `make` (shutting its kernels down): leave nothing running
            os.killpg(server.pid, 9)
        except ProcessLookupError:
            pass
        log.close()


def test_make_lab_serves_the_repository_and_opens_the_start_page(made_lab):
    base, root = made_lab
    assert f"Serving notebooks from local directory: {root}" in (root / "lab.log").read_text()
    response = urllib.request.urlopen(f"{base}/?token={TOKEN}", timeout=180)
    assert response.url.split("?")[0] == f"{base}/lab/tree/chapters/00_start_here.ipynb"
    with urllib.request.urlopen(f"{base}/api/contents?token={TOKEN}", timeout=180) as listing:
        names = {item["name"] for item in json.load(listing)["content"]}
    assert {"chapters", "exercises", "solutions", "nbgrader_config.py"} <= names
    url = f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={TOKEN}"
    with urllib.request.urlopen(url, timeout=180) as setting:
        assert json.load(setting)["schema"]["properties"]["fetchNews"]["default"] == "false"  # lab/overrides.json


def visible_notebook(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def test_make_lab_file_browser_links_validate_and_assignment_list(made_lab, browser):
    base, _ = made_lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/?token={TOKEN}")  # what the link printed by `make lab` opens
    visible_notebook(page).locator(".jp-Cell").first.wait_for(timeout=90_000)
    page.locator(".jp-BreadCrumbs-home").first.click()
    names = page.locator(".jp-DirListing-itemText")
    names.filter(has_text="solutions").first.wait_for(timeout=30_000)
    assert {"chapters", "exercises", "solutions"} <= {t.strip() for t in names.all_inner_texts()}
    assert page.get_by_text("official Jupyter news").count() == 0  # the news pop-up is switched off
    # The start page's contents link to chapter 01, and chapter 01's closing link to its exercise.
    visible_notebook(page).locator(".jp-RenderedMarkdown a", has_text="The vanilla RNN").first.click()
    chapter = page.locator(".lm-TabBar-tab[title*='chapters/01_vanilla_rnn.ipynb']")
    chapter.first.wait_for(timeout=60_000)
    visible_notebook(page).locator(".jp-Cell").first.wait_for(timeout=60_000)
    link = visible_notebook(page).locator(".jp-RenderedMarkdown a", has_text="exercises/01_vanilla_rnn/exercises.ipynb")
    link.first.scroll_into_view_if_needed()
    link.first.click()
    page.locator(".lm-TabBar-tab[title*='exercises/01_vanilla_rnn/exercises.ipynb']").first.wait_for(timeout=60_000)
    exercise = visible_notebook(page)
    exercise.locator(".jp-Cell").first.wait_for(timeout=60_000)
    assert "NotImplementedError" in exercise.inner_text()  # the release, not the solutions
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "make_lab_exercise.png")
    # nbgrader's Validate button runs the notebook with the course's configuration.
    exercise.get_by_role("button", name="Validate").first.click()
    results = page.locator(".jp-Dialog", has_text="Validation Results")
    results.wait_for(timeout=240_000)
    assert "NotImplementedError" in results.inner_text()  # the unanswered tasks fail, as they should
    page.screenshot(path=SCREENSHOTS / "make_lab_validate.png")
    results.get_by_role("button").last.click()
    # The assignment list finds the course (nbgrader_config.py at the server's root) and the exchange.
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    page.get_by_text("Released assignments").first.wait_for(timeout=60_000)
    released = page.locator("#released_assignments_list")
    released.get_by_text("01_vanilla_rnn").first.wait_for(timeout=60_000)  # listed, with its Fetch button
    assert released.get_by_role("button", name="Fetch").count() == 1
    text = page.locator("body").inner_text()
    assert "exchange directory does not exist" not in text and "Traceback" not in text, text[:2000]
    page.screenshot(path=SCREENSHOTS / "make_lab_assignment_list.png")
    page.close()


# --- a learner's session: open, run, close, come back ----------------------------------------------------------

RUN_IN_FULL = ("00_start_here", "10_seq2seq_attention")  # an explorer, and progress bars with a long training cell


def save_notebook(page, saved_run: Path) -> None:
    """File → Save Notebook, as a learner does (or autosave), and wait until the server has written the chapter's
    run to ``saved_run`` (``course/lab_contents.py``)."""
    before = saved_run.stat().st_mtime_ns if saved_run.exists() else None
    page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first.click()  # the notebook is the active document
    page.locator(".lm-MenuBar-itemLabel", has_text="File").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Save Notebook", exact=True).click()
    deadline = time.time() + 60
    while not saved_run.exists() or saved_run.stat().st_mtime_ns == before:
        assert time.time() < deadline, f"{saved_run.name} was not saved"
        time.sleep(0.25)


def shut_down_all_kernels(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Shut Down All Kernels…", exact=True).click()
    page.get_by_role("button", name=re.compile("Shut Down All", re.I)).click()


def test_a_learners_session_leaves_git_clean_and_a_reopened_chapter_shows_its_last_run(made_lab, browser):
    base, root = made_lab
    chapters = [p for p in sorted((root / "chapters").glob("*.ipynb")) if git(root, "ls-files", str(p)).strip()]
    assert len(chapters) >= 11
    for path in chapters:  # open every chapter (its kernel starts: JupyterLab adds metadata), run some, save
        page = open_notebook(browser, base, f"chapters/{path.name}")
        if path.stem in RUN_IN_FULL:
            run_all_cells(page, timeout_s=300)
            assert not error_outputs(page), (path.name, error_outputs(page))
        save_notebook(page, root / ".outputs" / "chapters" / path.name)
        page.close()
    assert git(root, "status", "--porcelain", "--untracked-files=no") == "", "opening and running changed a chapter"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/lab?token={TOKEN}")
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").wait_for(timeout=60_000)
    shut_down_all_kernels(page)
    page.close()
    # Come back: the chapters open with their last run, and nothing in them is broken.
    page = open_notebook(browser, base, "chapters/00_start_here.ipynb")
    explorer = page.locator(".jp-OutputArea-output .widget-vbox").filter(has=page.locator(".widget-slider")).first
    explorer.locator("img").first.wait_for(timeout=60_000)  # drawn from the saved widget state
    assert "model not found" not in page.locator(".jp-Notebook").inner_text()
    page.screenshot(path=SCREENSHOTS / "00_reopened.png", full_page=True)
    page.close()
    page = open_notebook(browser, base, "chapters/10_seq2seq_attention.ipynb")
    page.get_by_text(re.compile(r"training: \d+/\d+ in \d")).first.wait_for(timeout=60_000)  # the bar's summary
    text = page.locator(".jp-Notebook").inner_text()
    assert "model not found" not in text and "0%|" not in text
    assert page.locator(".jp-OutputArea-output img").count() >= 5  # its figures
    page.close()
    assert git(root, "status", "--porcelain", "--untracked-files=no") == ""
