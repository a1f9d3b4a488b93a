"""How the book runs in this process: torch's thread count, static mode and progress bars.

``import utils`` (any part of it) calls ``configure_threads()``, so every chapter, solution notebook and
nbgrader-graded kernel that imports ``utils`` runs torch with the same number of intra-op threads:

- ``RNN_BOOK_THREADS=N`` sets it (``0`` leaves torch's own choice: ``OMP_NUM_THREADS`` or the core count);
- otherwise an ``OMP_NUM_THREADS`` that is already set is respected;
- otherwise the book uses **one** thread. The book's models are small (H ≤ 128, B ≤ 64): on a 2-core CPU two
  threads make each step slower (chapter 01: 10.6 s with one thread, 15.8 s with two, on a quiet machine)
  and oversubscribe the cores as soon as anything else runs; ``make bench`` measures it again.

When torch is already imported, the setting is applied with ``torch.set_num_threads``; otherwise
``OMP_NUM_THREADS`` is set, which torch reads when it loads (and which the processes started from here
inherit, e.g. the kernels of ``python -m course.grading``).

``version_report()`` compares the installed packages with the pins of ``pyproject.toml`` (chapter 00's setup
check prints it).

Static mode (``RNN_BOOK_STATIC=1``, used by ``make book``): explorers draw static figures instead of widgets and
progress bars are off, so that a rendering never shows a stale ``training: 0%| | 0/N`` bar.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
THREADS_VARIABLE = "RNN_BOOK_THREADS"
DEFAULT_THREADS = 1


def _positive_int(text: str | None) -> int | None:
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def thread_count(environ=None) -> int:
    """The intra-op thread count for torch (0: torch's own choice), from ``environ`` (default ``os.environ``)."""
    environ = os.environ if environ is None else environ
    requested = environ.get(THREADS_VARIABLE)
    if requested is not None and requested.strip() != "":
        try:
            value = int(requested)
        except ValueError:
            value = -1
        if value < 0:
            raise ValueError(f"{THREADS_VARIABLE} must be a non-negative integer (threads for torch, 0 for "
                             f"torch's default), got {requested!r}")
        return value
    return _positive_int(environ.get("OMP_NUM_THREADS")) or DEFAULT_THREADS


def configure_threads() -> int:
    """Apply ``thread_count()`` to torch (now if it is imported, else when it loads); returns the count."""
    count = thread_count()
    if count == 0:
        return 0
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "set_num_threads"):
        torch.set_num_threads(count)
    else:
        os.environ["OMP_NUM_THREADS"] = str(count)
    return count


def static_mode() -> bool:
    """True when ``RNN_BOOK_STATIC=1`` asks for static figures and no progress bars (the HTML book)."""
    return os.environ.get("RNN_BOOK_STATIC", "0") == "1"


def show_progress() -> bool:
    """False in static mode or when ``TQDM_DISABLE`` is set to a true value (``1``, ``true``, ``yes``)."""
    disabled = os.environ.get("TQDM_DISABLE", "").strip().lower() in {"1", "true", "yes"}
    return not (static_mode() or disabled)


def pinned_versions(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """``{name: version}`` for every ``name==version`` in the ``dependencies`` of ``pyproject`` (the pins the
    book is tested with). Raises ``FileNotFoundError`` naming the file when it is not there (``utils`` installed
    without the repository)."""
    import tomllib

    pyproject = Path(pyproject)
    if not pyproject.is_file():
        raise FileNotFoundError(f"pyproject must be the repository's pyproject.toml, and {pyproject} does not exist")
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = {}
    for requirement in dependencies:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s;]+)\s*", requirement)
        if match:
            pins[match.group(1)] = match.group(2)
    return pins


def version_report(pyproject: Path = PYPROJECT) -> list[tuple[str, str, str | None, bool]]:
    """``(name, pinned, installed, matches)`` for every pin: ``installed`` is ``None`` when the package is
    missing; a local build label such as torch's ``+cpu`` does not count as a difference."""
    from importlib.metadata import PackageNotFoundError, version

    rows = []
    for name, pinned in pinned_versions(pyproject).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        rows.append((name, pinned, installed, installed is not None and installed.split("+")[0] == pinned))
    return rows
