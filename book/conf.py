"""Sphinx configuration of the HTML book (``make book``; see ``course/book.py``).

``course.book`` executes the notebooks into a staging folder and runs Sphinx there with this folder as the
configuration directory. MyST-NB renders the stored outputs (it never executes anything), sphinx-book-theme
gives the sidebar, search and previous/next links, and sphinx-mathjax-offline copies MathJax 3 into the site so
that every formula renders without a network.
"""

import json

ALT_TEXTS = "_alt_texts.json"  # written by course.book into the staging folder: {image sha256: alt text}

project = "Recurrent Neural Networks"
copyright = "the textbook's authors; text and code under the MIT licence"
html_title = "Recurrent Neural Networks — an executable textbook"

extensions = ["myst_nb", "sphinx-mathjax-offline"]  # the latter's module name has hyphens

# The notebooks are executed once by course.book, into the staging folder, before Sphinx reads them.
nb_execution_mode = "off"
# Markdown as Jupyter reads it: $…$ inline, $$…$$ display (also inside a paragraph), \begin{aligned} etc.
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True
# An undefined macro is an error (MathJax would otherwise print it in red and carry on), so that tests see it.
mathjax4_config = {
    "tex": {"packages": {"[-]": ["noundefined"]}},
    # Each formula also carries hidden MathML that screen readers read (MathJax's default, made explicit here
    # because the book's accessibility depends on it; tests/test_book.py checks it is in every page).
    "options": {"enableAssistiveMml": True},
}
# Slugs for the headings, so that links such as 00_start_here.ipynb#contents reach their section.
myst_heading_anchors = 3

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]  # the search button and the sidebar title, made accessible (see each file)
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": False,  # the title above the sidebar leads to it
    "show_navbar_depth": 1,  # chapters; a chapter's exercise and quiz unfold under it
    "show_toc_level": 2,  # "On this page": a page's sections and subsections
    "use_download_button": True,
    "use_fullscreen_button": False,
    "footer_content_items": ["copyright.html"],
    "navbar_persistent": [],  # no second search field in a top bar (the sidebar has one)
}
# Sources are copied into _sources/ under their own names, so the download button gives a real .ipynb file.
html_sourcelink_suffix = ""
html_last_updated_fmt = None
html_show_sphinx = False

# Where `make lab` serves the repository (JupyterLab's default port); the staged sources keep the repository's paths.
LAB_URL = "http://localhost:8888/lab/tree/"


def run_this_notebook(app, pagename, templatename, context, doctree):
    """Put a note at the top of every notebook page: open it in the reader's JupyterLab, or download it."""
    if context.get("page_source_suffix") != ".ipynb" or "body" not in context:
        return
    download = f"{context['pathto']('_sources', 1)}/{context['sourcename']}"
    note = (
        '<div class="admonition run-notebook"><p>'
        f'<a class="reference external open-in-lab" href="{LAB_URL}{pagename}.ipynb">Open in JupyterLab</a> '
        "to run this notebook (start it first with <code>make lab</code> in the repository) · "
        f'<a class="reference download-ipynb" href="{download}" download>download this notebook</a> '
        "(.ipynb, as shown here)</p></div>\n"
    )
    context["body"] = note + context["body"]


def label_sidebar_toggles(app, pagename, templatename, context, doctree):
    """Give each expander of the sidebar (a bare ``<summary>`` with a chevron icon) a name that says what it
    opens, e.g. "Pages under 04 · The gated recurrent unit (GRU)" (WCAG 4.1.2; axe's ``summary-name``)."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def labelled(*args, **kwargs):
        from bs4 import BeautifulSoup
        from markupsafe import Markup

        soup = BeautifulSoup(str(generate(*args, **kwargs)), "html.parser")
        for summary in soup.find_all("summary"):
            link = summary.parent.find_previous_sibling("a")
            title = link.get_text(" ", strip=True) if link else "this section"
            summary["aria-label"] = f"Pages under {title}"
        return Markup(str(soup))

    context["generate_toctree_html"] = labelled


def figure_alt_texts(app, doctree, docname):
    """Set each notebook figure's ``alt`` to the text alternative its kernel gave it (``utils.plotting.alt_text``),
    which ``course.book`` collected by image hash into ``_alt_texts.json`` (MyST-NB names an extracted image
    by the SHA-256 of its bytes). Without this, Sphinx would use the image's file path as its alt text."""
    from pathlib import Path

    from docutils import nodes

    table = Path(app.srcdir) / ALT_TEXTS
    alt_texts = json.loads(table.read_text(encoding="utf-8")) if table.is_file() else {}
    for image in doctree.findall(nodes.image):
        alt = alt_texts.get(Path(image["uri"]).stem)
        if alt:
            image["alt"] = alt


def setup(app):
    app.connect("html-page-context", run_this_notebook)
    app.connect("html-page-context", label_sidebar_toggles, priority=900)  # after the theme adds its function
    app.connect("doctree-resolved", figure_alt_texts)
