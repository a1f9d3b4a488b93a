"""The book's copy of Python 3.11.7's sources: standard-library modules read as data (chapter 07) and
``pydoc_data/topics.py`` (chapter 09), unchanged and gzipped under ``files/python_3_11_7/``, so that every Python
version reads the same text. Source, licence (PSF License Agreement) and checksums:
``utils/data/files/python_3_11_7/README.md``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

PYTHON_SNAPSHOT_DIR = Path(__file__).resolve().parent / "files" / "python_3_11_7"


def python_snapshot_files() -> list[str]:
    """The names of the files in the book's copy of Python 3.11.7's sources, e.g. ``"textwrap.py"``, sorted."""
    return sorted(path.name.removesuffix(".gz") for path in PYTHON_SNAPSHOT_DIR.glob("*.py.gz"))


def read_python_snapshot(filename: str) -> str:
    """The text of ``filename`` (e.g. ``"textwrap.py"``) from the book's copy of Python 3.11.7's sources.

    The copy holds the standard-library modules the book reads as data and ``pydoc_data/topics.py`` (as
    ``pydoc_data_topics.py``), unchanged, so every Python version reads the same text. Source, licence (PSF
    License Agreement) and checksums: ``utils/data/files/python_3_11_7/README.md``.
    """
    if not isinstance(filename, str):
        raise TypeError(f"filename must be a str such as 'textwrap.py', got {type(filename).__name__}")
    path = PYTHON_SNAPSHOT_DIR / f"{filename}.gz"
    if not filename.endswith(".py") or "/" in filename or not path.is_file():
        raise ValueError(f"filename must be one of the snapshot's files {python_snapshot_files()}, got {filename!r}")
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return file.read()
