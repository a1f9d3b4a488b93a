"""Build the executed HTML book: every chapter run top to bottom and rendered with its outputs.

    python -m utils.book                      # all chapters into _build/html/
    python -m utils.book 00_start_here 01_vanilla_rnn --out /tmp/book   # a subset

Chapters are executed with nbclient in a fresh kernel (an error stops the build) with ``RNN_BOOK_STATIC=1``, so
the interactive explorers draw their static figures, and progress bars off. Pages are rendered with nbconvert's
``lab`` template, with a local copy of MathJax; links between notebooks are rewritten to the HTML pages. The
exercise and quiz releases are rendered too (not executed), so that the chapters' links to them work.
``index.html`` is the table of contents.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from . import navigation

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_LINK = re.compile(r'href="([^"#:]+)\.ipynb(#[^"]*)?"')
# MathJax 2.7 as shipped by jupyter-server-mathjax, copied next to the pages so that equations render offline.
MATHJAX = Path(jupyter_server_mathjax.__file__).parent / "static"
MATHJAX_CONFIG = "MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"


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


def render(notebook: nbformat.NotebookNode, title: str, to_root: str = "../") -> str:
    """HTML of a notebook, with links to other notebooks pointing at their HTML pages.

    ``to_root`` is the relative path from the page to the site's root, where ``mathjax/`` lives.
    """
    exporter = HTMLExporter(template_name="lab", mathjax_url=f"{to_root}mathjax/{MATHJAX_CONFIG}")
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    return NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)


def index_page(entries: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    """The table of contents: one row per chapter (title, page, [(label, page), ...] for its assignment)."""
    rows = "\n".join(
        f'<li><a href="{page}">{html.escape(title)}</a>'
        + "".join(f' · <a href="{link}">{label}</a>' for label, link in extras) + "</li>"
        for title, page, extras in entries
    )
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Recurrent Neural Networks</title></head>\n"
        "<body style='font-family: sans-serif; max-width: 48em; margin: 2em auto'>\n"
        "<h1>Recurrent Neural Networks — an executable textbook</h1>\n"
        "<p>Every chapter below was executed when this book was built; figures are its real outputs.</p>\n"
        f"<h2>Contents</h2>\n<ol start='0'>\n{rows}\n</ol>\n</body></html>\n"
    )


def build(out: Path, names: list[str] | None = None, root: Path = REPO_ROOT) -> list[Path]:
    """Execute and render the chapters (all or ``names``) and the assignments into ``out``; return the pages."""
    out = Path(out)
    shutil.copytree(MATHJAX, out / "mathjax", dirs_exist_ok=True)
    pages, entries = [], []
    for path in chapter_paths(root, names):
        print(f"executing {path.relative_to(root)}", flush=True)
        notebook = execute(path)
        title = navigation.title(root, path.stem)
        page = out / "chapters" / f"{path.stem}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(render(notebook, title), encoding="utf-8")
        pages.append(page)
        extras = []
        for kind, label in (("exercises", "exercise"), ("quiz", "quiz")):
            release = root / "exercises" / path.stem / f"{kind}.ipynb"
            if release.exists():
                target = out / "exercises" / path.stem / f"{kind}.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                rendered = render(nbformat.read(release, as_version=4), f"{path.stem} {kind}", to_root="../../")
                target.write_text(rendered, encoding="utf-8")
                pages.append(target)
                extras.append((label, target.relative_to(out).as_posix()))
        entries.append((title, page.relative_to(out).as_posix(), extras))
    (out / "index.html").write_text(index_page(entries), encoding="utf-8")
    return [out / "index.html", *pages]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m utils.book", description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="NN_topic names (default: every chapter)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "_build" / "html", help="output folder")
    args = parser.parse_args(argv)
    pages = build(args.out, args.chapters or None)
    print(f"built {len(pages)} pages; open {args.out / 'index.html'}")


if __name__ == "__main__":
    main()
