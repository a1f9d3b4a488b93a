"""Sphinx configuration of the HTML book (``make book``; see ``utils/book.py``).

``utils.book`` executes the notebooks into a staging folder and runs Sphinx there with this folder as the
configuration directory. MyST-NB renders the stored outputs (it never executes anything), sphinx-book-theme
gives the sidebar, search and previous/next links, and sphinx-mathjax-offline copies MathJax 3 into the site so
that every formula renders without a network.
"""

project = "Recurrent Neural Networks"
copyright = "the textbook's authors; text and code under the MIT licence"
html_title = "Recurrent Neural Networks — an executable textbook"

extensions = ["myst_nb", "sphinx-mathjax-offline"]  # the latter's module name has hyphens

# The notebooks are executed once by utils.book, into the staging folder, before Sphinx reads them.
nb_execution_mode = "off"
# Markdown as Jupyter reads it: $…$ inline, $$…$$ display (also inside a paragraph), \begin{aligned} etc.
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True
# An undefined macro is an error (MathJax would otherwise print it in red and carry on), so that tests see it.
mathjax4_config = {"tex": {"packages": {"[-]": ["noundefined"]}}}
# Slugs for the headings, so that links such as 00_start_here.ipynb#contents reach their section.
myst_heading_anchors = 3

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
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


def setup(app):
    app.connect("html-page-context", run_this_notebook)
