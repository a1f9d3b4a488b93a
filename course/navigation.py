"""Navigation that cannot go stale: prev / contents / next links in every chapter, the contents table of
``chapters/00_start_here.ipynb`` and the reading-order table of the README, all generated from the files.

    rnnbook navigation           # rewrite what is out of date
    rnnbook navigation --check   # exit 1 if anything is out of date (the tests run this)

Each chapter gets a Markdown cell tagged ``navigation`` at the top and at the bottom; the start page's
contents live in a cell tagged ``contents``; the README's between ``<!-- contents -->`` markers.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from . import REPO_ROOT

START = "00_start_here"
# The book's spine (DESIGN §2): chapters not written yet are listed as coming.
SPINE = {
    "00_start_here": "Start here",
    "01_vanilla_rnn": "The vanilla RNN",
    "02_bptt_and_vanishing_gradients": "BPTT and vanishing gradients",
    "03_lstm": "LSTM",
    "04_gru": "GRU",
    "05_stacked_and_bidirectional": "Stacked and bidirectional RNNs",
    "06_packed_sequences": "Packed variable-length sequences",
    "07_sequence_tasks": "Sequence tasks: classification and labelling",
    "08_time_series": "Time series: forecasting and fading-channel tracking",
    "09_language_models": "Character language models",
    "10_seq2seq_attention": "Sequence-to-sequence with attention",
    "11_parallel_recurrence": "Recurrence without the loop: parallel scans, minGRU, selective state spaces",
}
NAV_TAG, CONTENTS_TAG = "navigation", "contents"
# A hand-written navigation line (e.g. from a chapter's first draft), to be replaced by the generated cells.
OLD_NAV_LINE = re.compile(r"^[^\n]*\[Contents\]\(00_start_here\.ipynb#Contents\)[^\n]*\n*|^\[←[^\n]*\n*", re.M)
README_BLOCK = re.compile(r"(<!-- contents -->\n).*?(<!-- /contents -->)", re.S)


def written(root: Path) -> list[str]:
    """Names of the chapters that exist, in reading order."""
    return sorted(p.stem for p in (root / "chapters").glob("[0-9][0-9]_*.ipynb"))


def title(root: Path, name: str) -> str:
    """A chapter's title as its notebook states it ('01 · The vanilla RNN'), or the spine's for a coming one."""
    path = root / "chapters" / f"{name}.ipynb"
    if path.exists() and name != START:  # the start page's own heading is the book's title
        for cell in nbformat.read(path, as_version=4).cells:
            match = re.search(r"^# (.+)$", cell.source, flags=re.M) if cell.cell_type == "markdown" else None
            if match:
                return match.group(1).strip()
    return f"{name[:2]} · {SPINE[name]}"


def nav_line(root: Path, name: str) -> str:
    names = written(root)
    index = names.index(name)
    parts = []
    if index > 0:
        previous = names[index - 1]
        parts.append(f"[← {title(root, previous)}]({previous}.ipynb)")
    parts.append(f"[Contents]({START}.ipynb#Contents)")
    spine = list(SPINE)
    following = spine[spine.index(name) + 1] if spine.index(name) + 1 < len(spine) else None
    if following in names:
        parts.append(f"[{title(root, following)} →]({following}.ipynb)")
    elif following:
        parts.append(f"next: {title(root, following)} (coming)")
    return " · ".join(parts)


def assignment_links(root: Path, name: str, prefix: str) -> str:
    folder = root / "exercises" / name
    if not folder.is_dir():
        return "—"
    kinds = [(kind, label) for kind, label in (("exercises", "exercise"), ("quiz", "quiz"))
             if (folder / f"{kind}.ipynb").exists()]
    return " · ".join(f"[{label}]({prefix}exercises/{name}/{kind}.ipynb)" for kind, label in kinds)


def contents_table(root: Path, chapter_prefix: str, exercise_prefix: str) -> str:
    rows = ["| no. | chapter | exercise and quiz |", "|---|---|---|"]
    names = written(root)
    for name, short in SPINE.items():
        number = name[:2]
        if name in names:
            label = title(root, name).split("·", 1)[-1].strip()
            rows.append(f"| {number} | [{label}]({chapter_prefix}{name}.ipynb) | "
                        f"{assignment_links(root, name, exercise_prefix)} |")
        else:
            rows.append(f"| {number} | {short} — *coming* | |")
    return "\n".join(rows)


def nav_cell(text: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id
    cell.metadata["tags"] = [NAV_TAG]
    return cell


def with_navigation(root: Path, name: str, notebook):
    """The chapter with fresh navigation cells at the top and bottom (old ones, and loose nav lines, removed)."""
    cells = [c for c in notebook.cells if NAV_TAG not in c.metadata.get("tags", [])]
    for cell in (cells[0], cells[-1]):
        if cell.cell_type == "markdown":
            cell.source = OLD_NAV_LINE.sub("", cell.source).strip("\n")
    cells = [c for c in cells if c.cell_type != "markdown" or c.source.strip()]
    line = nav_line(root, name)
    notebook.cells = [nav_cell(line, "navigation-top"), *cells, nav_cell(line, "navigation-bottom")]
    return notebook


def with_contents(root: Path, notebook):
    """The start page with its contents cell regenerated."""
    text = "## Contents\n\n" + contents_table(root, "", "../")
    for cell in notebook.cells:
        if CONTENTS_TAG in cell.metadata.get("tags", []) or cell.source.startswith("## Contents"):
            cell.source = text
            cell.metadata["tags"] = [CONTENTS_TAG]
            return notebook
    raise ValueError(f"{START}.ipynb has no '## Contents' cell")


def update(root: Path = REPO_ROOT, check: bool = False) -> list[str]:
    """Regenerate navigation; return the files that were (or, with ``check``, would be) changed."""
    changed = []
    for name in written(root):
        path = root / "chapters" / f"{name}.ipynb"
        before = path.read_text(encoding="utf-8")
        notebook = nbformat.read(path, as_version=4)
        notebook = with_contents(root, notebook) if name == START else with_navigation(root, name, notebook)
        after = nbformat.writes(notebook)
        after += "" if after.endswith("\n") else "\n"  # as nbformat.write does
        if after != before:
            changed.append(str(path.relative_to(root)))
            if not check:
                path.write_text(after, encoding="utf-8")
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = README_BLOCK.sub(lambda m: m.group(1) + contents_table(root, "chapters/", "") + "\n" + m.group(2), text)
    if new != text:
        changed.append("README.md")
        if not check:
            readme.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="rnnbook navigation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    changed = update(check=args.check)
    for path in changed:
        print(("stale: " if args.check else "updated: ") + path)
    if args.check and changed:
        sys.exit("navigation is out of date: run `rnnbook navigation`")


if __name__ == "__main__":
    main()
