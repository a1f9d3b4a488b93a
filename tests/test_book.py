"""The HTML book (``course.book``): a representative subset is built once, with Sphinx warnings fatal, and read
in headless Chromium from file://, as a reader opens it.

The subset: the start page, chapter 02 (the chapter with the most formulas) and chapter 04, each with its
exercise and quiz, and the data-set pages. Checked on every page: no formula fails to typeset (MathJax 3),
formulas are there where the source has them, every figure loads, every internal link and #anchor resolves,
the sidebar lists every page; search finds a word of one chapter and returns just that page; each notebook
page links to JupyterLab and to its downloadable .ipynb.

Needs Debian's `chromium` (never downloaded); the browser checks are skipped with a message where it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from conftest import REPO, write_notebook

from course import book

pytestmark = [
    pytest.mark.slow,
    # the themes' and MyST's own use of Sphinx APIs that Sphinx 11 removes; nothing this project calls
    pytest.mark.filterwarnings("ignore:.*is deprecated. Check CHANGES for Sphinx API modifications"),
]
SUBSET = ["00_start_here", "02_bptt_and_vanishing_gradients", "04_gru"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MATH_ERRORS = "mjx-merror, [data-mjx-error], .katex-error"

# Run in every page once MathJax (if the page loads it) has typeset everything.
READ_PAGE = """async () => {
  if (document.querySelector('script[src*="mathjax"]')) {
    for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
      await new Promise(r => setTimeout(r, 50));
    await MathJax.startup.promise;
  }
  const sidebar = document.querySelector('.bd-sidebar-primary nav.bd-links');
  return {
    mathjax: !!(window.MathJax && MathJax.startup),
    errors: (document.body.innerText.match(/Math Processing Error/g) || []).length
            + document.querySelectorAll(arguments[0]).length,
    formulas: document.querySelectorAll('mjx-container').length,
    spoken: document.querySelectorAll('mjx-container mjx-assistive-mml math').length,
    math_sources: document.querySelectorAll('.math').length,
    untypeset: Array.from(document.querySelectorAll('.math')).filter(e => !e.querySelector('mjx-container'))
                    .map(e => e.textContent.slice(0, 80)),
    images: Array.from(document.images).map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    sidebar: sidebar ? Array.from(sidebar.querySelectorAll('a[href]')).map(a => a.href) : [],
  };
}""".replace("arguments[0]", repr(MATH_ERRORS))


def expected_figures(name: str) -> int:
    """Figures a chapter shows, read from its source: cells that call plt.show() or an explorer."""
    notebook = nbformat.read(REPO / "chapters" / f"{name}.ipynb", as_version=4)
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    return sum(1 for source in code if "plt.show()" in source or "explorer(" in source)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    pages = book.build(out, SUBSET, strict=True)  # strict: any Sphinx warning fails the build
    return out, pages


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (in the test extras)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def rendered(site, chromium):
    """What Chromium shows of every built page: {page path: READ_PAGE's result}."""
    _, pages = site
    page = chromium.new_page()
    try:
        seen = {}
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            seen[path] = page.evaluate(READ_PAGE)
        return seen
    finally:
        page.close()


def local(url: str) -> tuple[Path, str] | None:
    """(file, anchor) of a file:// URL, None for any other scheme."""
    parts = urlsplit(url)
    return (Path(unquote(parts.path)), unquote(parts.fragment)) if parts.scheme == "file" else None


def test_every_page_is_built(site):
    out, pages = site
    names = {p.relative_to(out).as_posix() for p in pages}
    for name in SUBSET:
        assert f"chapters/{name}.html" in names
    for name in SUBSET[1:]:
        assert {f"exercises/{name}/exercises.html", f"exercises/{name}/quiz.html"} <= names
    assert {"index.html", "utils/data/files/japanese_vowels/README.html",
            "utils/data/files/mauna_loa_co2/README.html"} <= names
    for page in pages:
        assert page.is_file(), page
        text = page.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, page
        # explorers are static figures (no widget views to fail offline), and no progress bars
        assert "widget-view" not in text and not re.search(r"\d+%\|", text), page


def test_figures_are_the_chapters_outputs_and_all_load(site, rendered):
    out, _ = site
    for name in SUBSET:
        images = rendered[out / "chapters" / f"{name}.html"]["images"]
        assert len(images) == expected_figures(name), f"{name}: {len(images)} figures in the page"
    assert expected_figures("02_bptt_and_vanishing_gradients") >= 5
    for page, seen in rendered.items():
        broken = [src for src, loaded in seen["images"] if not loaded]
        assert not broken, f"{page.relative_to(out)}: images that did not load: {broken}"


# What the book promises every reader (WCAG 2.1 AA): axe-core's rules for those levels, its best practices, and
# "label in name" (an experimental rule in axe, a WCAG 2.1 A criterion, 2.5.3).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "rules": {"label-content-name-mismatch": {"enabled": True}}}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
WAIT_FOR_MATHJAX = """async () => {
  if (document.querySelector('script[src*="mathjax"]')) {
    for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
      await new Promise(r => setTimeout(r, 50));
    await MathJax.startup.promise;
  }
}"""


@pytest.fixture(scope="module")
def accessibility(site, chromium):
    """{(viewport, page): (axe's violations, page width in CSS px, the alt text of every image)}."""
    from axe_playwright_python.sync_playwright import Axe  # axe-core, bundled in the pinned Python package

    _, pages = site
    axe, found = Axe(), {}
    for viewport, (width, height) in VIEWPORTS.items():
        page = chromium.new_page(viewport={"width": width, "height": height})
        try:
            for path in pages:
                page.goto(path.as_uri(), wait_until="load")
                page.evaluate(WAIT_FOR_MATHJAX)
                violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
                page_width = page.evaluate("document.documentElement.scrollWidth")
                alts = page.evaluate("Array.from(document.images).map(i => i.getAttribute('alt'))")
                found[viewport, path] = (violations, page_width, alts)
        finally:
            page.close()
    return found


def test_every_page_passes_axe_core_on_a_desktop_and_a_phone(site, accessibility):
    out, _ = site
    problems = [f"{viewport} {path.relative_to(out)}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes: "
                f"{v['nodes'][0]['target']})"
                for (viewport, path), (violations, _, _) in accessibility.items() for v in violations]
    assert not problems, "\n".join(problems)


def test_no_page_is_wider_than_a_phone(site, accessibility):
    out, _ = site
    width = VIEWPORTS["phone"][0]
    wide = {path.relative_to(out).as_posix(): w for (viewport, path), (_, w, _) in accessibility.items()
            if viewport == "phone" and w > width}
    assert not wide, f"pages wider than a {width} px screen (they scroll sideways): {wide}"


def test_every_figure_says_what_it_shows(site, accessibility):
    out, _ = site
    file_name = re.compile(r"^\S*\.(png|svg|jpe?g|gif)$", re.IGNORECASE)  # Sphinx's default alt: the image's path
    bad = [(path.relative_to(out).as_posix(), alt) for (viewport, path), (_, _, alts) in accessibility.items()
           if viewport == "desktop" for alt in alts if not alt or alt.strip() == "Figure" or file_name.match(alt)]
    assert not bad, f"images without a meaningful text alternative: {bad[:5]}"
    figures = sum(len(alts) for (viewport, _), (_, _, alts) in accessibility.items() if viewport == "desktop")
    assert figures >= sum(expected_figures(name) for name in SUBSET)


def test_every_formula_renders(site, rendered):
    out, _ = site
    for page, seen in rendered.items():
        where = page.relative_to(out)
        assert seen["errors"] == 0, f"{where}: {seen['errors']} math errors"
        assert not seen["untypeset"], f"{where}: formulas MathJax left as source: {seen['untypeset'][:3]}"
        if seen["math_sources"]:
            assert seen["mathjax"], f"{where}: formulas but no MathJax"
        # every formula also carries MathML for screen readers (MathJax's assistive MathML)
        assert seen["spoken"] == seen["formulas"], f"{where}: {seen['formulas'] - seen['spoken']} without MathML"
    chapter = rendered[out / "chapters" / "02_bptt_and_vanishing_gradients.html"]
    assert chapter["formulas"] >= 200, chapter["formulas"]  # the chapter has about 300
    assert rendered[out / "exercises" / "04_gru" / "exercises.html"]["formulas"] >= 10
    # MathJax is the site's own copy, not a CDN's.
    assert (out / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert 'src="../_static/mathjax/tex-chtml.js"' in (out / "chapters" / SUBSET[1]).with_suffix(".html").read_text()


def test_every_internal_link_resolves(site, rendered):
    out, _ = site
    ids: dict[Path, set[str]] = {}
    for page, seen in rendered.items():
        for url in seen["links"]:
            target = local(url)
            if target is None:
                assert url.startswith(("http://localhost:8888/lab/tree/", "https://")), f"{page.name}: {url}"
                continue
            path, anchor = target
            assert path.is_relative_to(out) and path.is_file(), f"{page.relative_to(out)} links to missing {path}"
            if anchor and path.suffix == ".html":
                if path not in ids:
                    ids[path] = set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))
                assert anchor in ids[path], f"{page.relative_to(out)} links to missing #{anchor} in {path.name}"


def test_links_between_notebooks_lead_to_pages(site):
    out, _ = site
    start = (out / "chapters" / "00_start_here.html").read_text(encoding="utf-8")
    assert 'href="02_bptt_and_vanishing_gradients.html"' in start
    assert 'href="../exercises/04_gru/exercises.html"' in start
    exercise = (out / "exercises" / "04_gru" / "exercises.html").read_text(encoding="utf-8")
    assert 'href="../../chapters/04_gru.html"' in exercise
    chapter = (out / "chapters" / "02_bptt_and_vanishing_gradients.html").read_text(encoding="utf-8")
    assert 'href="00_start_here.html#contents"' in chapter  # Jupyter's #Contents, as MyST's slug
    assert ".ipynb\"" not in re.sub(r'href="[^"]*_sources/[^"]*"|href="http://localhost:8888/[^"]*"', "", chapter)


def test_the_sidebar_lists_every_page_in_reading_order(site, rendered):
    out, pages = site
    for page, seen in rendered.items():
        listed = [local(url)[0] for url in seen["sidebar"]]
        missing = [p.relative_to(out).as_posix() for p in pages[1:] if p not in listed]
        assert not missing, f"{page.relative_to(out)}: sidebar lacks {missing}"
    order = [local(url)[0] for url in rendered[out / "index.html"]["sidebar"]]
    assert [p for p in order if p in pages] == pages[1:], "sidebar out of reading order"


def test_previous_and_next_links_follow_the_reading_order(site):
    out, pages = site
    chapter = (out / "chapters" / "02_bptt_and_vanishing_gradients.html").read_text(encoding="utf-8")
    assert re.search(r'class="left-prev"\s+href="00_start_here.html"', chapter)
    assert re.search(r'class="right-next"\s+href="../exercises/02_bptt_and_vanishing_gradients/exercises.html"',
                     chapter)


def test_notebook_pages_open_in_jupyterlab_and_download(site):
    out, _ = site
    for rel, notebook in [("chapters/04_gru.html", "chapters/04_gru.ipynb"),
                          ("exercises/04_gru/quiz.html", "exercises/04_gru/quiz.ipynb")]:
        page = (out / rel).read_text(encoding="utf-8")
        assert f'href="http://localhost:8888/lab/tree/{notebook}"' in page, rel
        assert (REPO / notebook).is_file()
        download = re.search(r'class="reference download-ipynb" href="([^"]+)"', page).group(1)
        copy = ((out / rel).parent / download).resolve()
        assert copy == (out / "_sources" / notebook).resolve() and copy.is_file(), download
        assert nbformat.read(copy, as_version=4).cells
    assert "open-in-lab" not in (out / "utils/data/files/mauna_loa_co2/README.html").read_text(encoding="utf-8")


def test_search_from_file_url_finds_the_one_chapter_with_a_word(site, chromium):
    out, pages = site
    texts = {p: re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8")).lower() for p in pages}
    target = out / "chapters" / "02_bptt_and_vanishing_gradients.html"
    # a long word of chapter 02's prose that no other page contains, even as part of another word
    words = sorted(set(re.findall(r"\b[a-z]{9,}\b", texts[target])))
    word = next(w for w in words if not any(w[:-2] in text for p, text in texts.items() if p != target))
    page = chromium.new_page()
    try:
        page.goto((out / "search.html").as_uri() + f"?q={word}", wait_until="load")
        page.locator("#search-results p.search-summary").wait_for(timeout=30_000)  # "found N pages"
        results = [local(a)[0] for a in page.eval_on_selector_all("#search-results ul a", "l => l.map(a => a.href)")]
    finally:
        page.close()
    assert results == [target], f"search for {word!r} returned {results}"


def test_chapters_link_their_data_sets_pages():
    for name, dataset in [("06_packed_sequences", "japanese_vowels"), ("08_time_series", "mauna_loa_co2")]:
        notebook = nbformat.read(REPO / "chapters" / f"{name}.ipynb", as_version=4)
        text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        assert f"](../utils/data/files/{dataset}/README.md)" in text, name
        assert (REPO / "utils" / "data" / "files" / dataset / "README.md").is_file()


def test_execution_errors_are_fatal(tmp_path):
    write_notebook(tmp_path / "chapters" / "00_broken.ipynb", [nbformat.v4.new_markdown_cell("# Broken"), "1 / 0"])
    with pytest.raises(Exception, match="ZeroDivisionError"):
        book.build(tmp_path / "out", root=tmp_path)


def test_building_leaves_the_environment_unchanged(site):
    assert "RNN_BOOK_STATIC" not in os.environ and "TQDM_DISABLE" not in os.environ
