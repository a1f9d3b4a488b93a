"""Build the HTML book: every chapter executed, then rendered with its exercise, quiz and the data-set pages.

    rnnbook book                      # all chapters into _build/html/
    rnnbook book 00_start_here 01_vanilla_rnn --out /tmp/book   # a subset
    rnnbook book --strict 02_bptt_and_vanishing_gradients      # fail on any Sphinx warning

Chapters are executed with nbclient, once each, in a fresh kernel (an error stops the build) with
``RNN_BOOK_STATIC=1``, so that the interactive explorers draw their static figures, and with progress bars off.
The executed chapters, the exercise and quiz releases (not executed) and the data sets' READMEs are staged in a
temporary folder under their repository paths, with a generated ``index.md`` (the table of contents), and
Sphinx renders them with MyST-NB and sphinx-book-theme, configured in ``book/conf.py``: sidebar, full-text
search, previous/next links, MathJax 3 copied into the site. Links between notebooks become links between pages.
"""

from __future__ import annotations

import argparse
import binascii
import hashlib
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
from myst_parser.slugs import github_slugify
from nbclient import NotebookClient

from . import REPO_ROOT, navigation

CONF_DIR = REPO_ROOT / "book"
CONF_ALT_TEXTS = "_alt_texts.json"  # the figures' alt texts, for book/conf.py (its ALT_TEXTS)
ASSIGNMENTS = ("exercises", "quiz")  # the releases rendered after each chapter, in this order
# A Markdown link to a notebook, with an optional section anchor.
NOTEBOOK_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s#]+\.ipynb)(#[^)\s]*)?\)")


def chapter_paths(root: Path = REPO_ROOT, names: list[str] | None = None) -> list[Path]:
    """The chapter notebooks, in reading order (all, or those named ``NN_topic``)."""
    paths = sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb"))
    if names:
        unknown = set(names) - {p.stem for p in paths}
        if unknown:
            raise SystemExit(f"unknown chapters: {', '.join(sorted(unknown))}")
        paths = [p for p in paths if p.stem in names]
    return paths


@contextmanager
def _static_environment():
    """Environment for the book's kernels, restored afterwards: widgets draw static figures
    (``RNN_BOOK_STATIC=1``), no progress bars, and the inline backend turns figures into outputs."""
    saved = dict(os.environ)
    os.environ.update({"RNN_BOOK_STATIC": "1", "TQDM_DISABLE": "1"})
    os.environ.pop("MPLBACKEND", None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def execute(path: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel started in its folder, in static-figure mode."""
    notebook = nbformat.read(path, as_version=4)
    with _static_environment():  # the kernel inherits it when it starts
        NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def _for_myst(notebook: nbformat.NotebookNode, path: Path, built: set[Path], title: str | None = None,
              children: list[str] = ()) -> nbformat.NotebookNode:
    """The notebook at repository path ``path`` as MyST should read it.

    Links to sections get MyST's heading slugs (Jupyter's anchor ``#1-·-Where-we-are`` is MyST's
    ``#1--where-we-are``); a link to a notebook of the repository that this build leaves out (a subset) becomes
    plain text; the first heading becomes ``title`` (the start page's heading is the book's title, which the
    site already shows); a hidden toctree of ``children`` (a chapter's exercise and quiz) puts them under it in
    the sidebar.
    """
    def link(match: re.Match) -> str:
        text, target, anchor = match.group(1), match.group(2), match.group(3)
        resolved = (path.parent / target).resolve()
        if resolved.exists() and resolved not in built:
            return text
        return f"[{text}]({target}{'#' + github_slugify(anchor[1:].replace('-', ' ')) if anchor else ''})"

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(link, cell.source)
    heading = next((c for c in notebook.cells if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M)),
                   None)
    if title and heading:
        heading.source = re.sub(r"^# .*$", lambda _: f"# {title}", heading.source, count=1, flags=re.M)
    if children:
        toctree = "```{toctree}\n:hidden:\n\n" + "\n".join(children) + "\n```"
        notebook.cells.append(nbformat.v4.new_markdown_cell(toctree))
    return notebook


def figure_alt_texts(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """``{SHA-256 of the PNG: its alt text}`` for every figure output that carries one (``utils.plotting.alt_text``
    puts it in the output's ``image/png`` metadata). ``book/conf.py`` sets the site's ``alt`` attributes from it."""
    found = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            png, alt = output.get("data", {}).get("image/png"), output.get("metadata", {}).get("image/png", {})
            if png and isinstance(alt, dict) and alt.get("alt"):
                found[hashlib.sha256(binascii.a2b_base64(png)).hexdigest()] = alt["alt"]
    return found


def index_source(chapters: list[tuple[str, str]], datasets: list[str]) -> str:
    """The root page: what the site is, how to run a notebook, and the table of contents (``(title, doc)``
    for the chapters, docs for the data-set pages)."""
    toc = "\n".join(f"{title} <{doc}>" for title, doc in chapters)
    data = "\n".join(datasets)
    return f"""# Recurrent Neural Networks — an executable textbook

From a vanilla RNN through backpropagation through time, LSTM, GRU, stacked and bidirectional networks and
packed variable-length batches to sequence-to-sequence models with attention, and on to parallel recurrences
(linear recurrences and scans, minGRU, selective state spaces). Every chapter was executed when
this site was built: the numbers and figures are its real outputs (the interactive explorers are shown as
static figures). Each chapter is followed by its exercise and its quiz, as released to students, without
solutions.

To run a notebook, start JupyterLab in the repository with `make lab` and use the *Open in JupyterLab* link
at the top of the page; or download the notebook from the same line.

```{{toctree}}
:caption: Chapters
:maxdepth: 1

{toc}
```

```{{toctree}}
:caption: Data sets
:maxdepth: 1

{data}
```
"""


def stage(src: Path, names: list[str] | None = None, root: Path = REPO_ROOT) -> list[str]:
    """Write the book's sources into ``src`` under their repository paths; return the documents, in order.

    Chapters are executed (see ``execute``); exercise and quiz releases and the data sets' READMEs are copied.
    """
    chapters = chapter_paths(root, names)
    releases = {path: [p for kind in ASSIGNMENTS if (p := root / "exercises" / path.stem / f"{kind}.ipynb").exists()]
                for path in chapters}
    built = {p.resolve() for path in chapters for p in (path, *releases[path])}
    docs, toc, alt_texts = [], [], {}
    for path in chapters:
        print(f"executing {path.relative_to(root)}", flush=True)
        notebook = execute(path)
        alt_texts.update(figure_alt_texts(notebook))
        children = [f"../exercises/{path.stem}/{p.stem}" for p in releases[path]]
        title = navigation.title(root, path.stem)
        (src / "chapters").mkdir(parents=True, exist_ok=True)
        nbformat.write(_for_myst(notebook, path, built, title, children), src / "chapters" / path.name)
        docs.append(f"chapters/{path.stem}")
        toc.append((title, f"chapters/{path.stem}"))
        for release in releases[path]:
            target = src / release.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(_for_myst(nbformat.read(release, as_version=4), release, built), target)
            docs.append(target.relative_to(src).with_suffix("").as_posix())
    datasets = []
    for readme in sorted((root / "utils" / "data" / "files").glob("*/README.md")):
        target = src / readme.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(readme, target)
        datasets.append(target.relative_to(src).with_suffix("").as_posix())
    (src / "index.md").write_text(index_source(toc, datasets), encoding="utf-8")
    (src / CONF_ALT_TEXTS).write_text(json.dumps(alt_texts, indent=1, ensure_ascii=False), encoding="utf-8")
    return ["index", *docs, *datasets]


def render(src: Path, out: Path, strict: bool = False) -> int:
    """Run Sphinx (HTML builder, configuration ``book/conf.py``) on a staged folder and copy the site into
    ``out``; return the number of warnings. Sphinx writes into the staging folder, because MyST-NB puts its
    extracted images beside the output folder (``../jupyter_execute``)."""
    from sphinx.application import Sphinx  # imported here: Sphinx is only needed to build the book

    html = src / "_build" / "html"
    app = Sphinx(str(src), str(CONF_DIR), str(html), str(src / "_build" / "doctrees"), "html",
                 status=None, warningiserror=strict, keep_going=True, freshenv=True)  # warnings still print
    app.build()
    if app.statuscode:
        raise RuntimeError(f"Sphinx failed with {app._warncount} warnings (printed above; strict={strict})")
    shutil.copytree(html, out, dirs_exist_ok=True)
    return app._warncount


def build(out: Path, names: list[str] | None = None, root: Path = REPO_ROOT, strict: bool = False) -> list[Path]:
    """Execute the chapters (all or ``names``), stage them with their assignments and the data-set pages, and
    render the site into ``out``; return the HTML pages, in reading order (the index first)."""
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="rnn-book-") as tmp:
        src = Path(tmp)
        docs = stage(src, names, root)
        print(f"rendering {len(docs)} pages with Sphinx", flush=True)
        render(src, out, strict=strict)
    return [out / f"{doc}.html" for doc in docs]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="rnnbook book", description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="NN_topic names (default: every chapter)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "_build" / "html", help="output folder")
    parser.add_argument("--strict", action="store_true", help="fail on any Sphinx warning")
    args = parser.parse_args(argv)
    pages = build(args.out, args.chapters or None, strict=args.strict)
    print(f"built {len(pages)} pages; open {(args.out / 'index.html').resolve().as_uri()}")


if __name__ == "__main__":
    main()
