"""Two packages with one concern each: ``utils`` (the book's library, what chapters and exercises import) never
imports the course's tooling (``course``) or what only the tooling needs; neither has an import circle; and the
tooling's one command line, ``rnnbook``, reaches every command."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from course import cli

# What only the tooling needs: nbgrader, the book's site builder, Dask, the notebook runner, the browser tests.
TOOLING_ONLY = {"nbgrader", "sphinx", "myst_nb", "myst_parser", "dask", "distributed", "nbclient", "nbconvert",
                "playwright", "axe_playwright_python", "course"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (also inside functions), as absolute dotted names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)  # `from . import x` may name a module
    return found


def sources(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def graph() -> dict[str, set[str]]:
    """Module -> the modules of ``utils`` and ``course`` it imports."""
    modules = {module_name(p): p for package in ("utils", "course") for p in sources(package)}
    return {name: {m for m in imports(path) if m in modules and m != name} for name, path in modules.items()}


def test_utils_imports_nothing_of_the_tooling():
    offenders = {module_name(p): sorted(m for m in imports(p) if m.split(".")[0] in TOOLING_ONLY)
                 for p in sources("utils")}
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"utils must not import the tooling or what only it needs: {offenders}"


def test_there_is_no_import_circle():
    edges, state, path = graph(), {}, []

    def visit(node):
        state[node] = "open"
        path.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycle = path[path.index(target):] + [target]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_the_graph_sees_imports_in_both_directions():
    """The checks above can fail: the graph does find course importing utils, and relative imports."""
    edges = graph()
    assert "course.grading" in edges["course.autograde"] and "utils.seeds" in edges["utils.train"]
    assert any(target.startswith("utils.") for target in edges["course.bench"])


def test_rnnbook_lists_and_reaches_every_command():
    for name, (module, _, _) in cli.COMMANDS.items():
        assert callable(__import__(module, fromlist=["main"]).main), name
    listing = subprocess.run([sys.executable, "-m", "course", "--help"], capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0 and all(name in listing.stdout for name in cli.COMMANDS)
    unknown = subprocess.run([sys.executable, "-m", "course", "frobnicate"], capture_output=True, text=True,
                             timeout=120)
    assert unknown.returncode == 2 and "unknown command 'frobnicate'" in unknown.stderr
    help_ = subprocess.run([sys.executable, "-m", "course", "navigation", "--help"], capture_output=True, text=True,
                           timeout=120)
    assert help_.returncode == 0 and "rnnbook navigation" in help_.stdout
