"""utils/data/files/python_3_11_7: the committed copy of Python 3.11.7's files is complete, unchanged (the README's
checksums) and read by ``utils.data.python_snapshot.read_python_snapshot``."""

import gzip
import hashlib
import re
import sys
import sysconfig
from pathlib import Path

import pytest

from utils.data import code_tags
from utils.data.python_snapshot import PYTHON_SNAPSHOT_DIR, python_snapshot_files, read_python_snapshot


def readme_checksums() -> dict[str, str]:
    readme = (PYTHON_SNAPSHOT_DIR / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([\w/.]+)` \| `([0-9a-f]{64})` \|$", readme, flags=re.MULTILINE))


def original_name(snapshot_name: str) -> str:
    return "pydoc_data/topics.py" if snapshot_name == "pydoc_data_topics.py" else snapshot_name


def test_the_snapshot_holds_every_module_the_book_reads_and_the_licence():
    modules = {name.removesuffix(".py") for name in python_snapshot_files()} - {"pydoc_data_topics"}
    assert modules == set(code_tags.TRAIN_MODULES) | set(code_tags.TEST_MODULES)
    assert "pydoc_data_topics.py" in python_snapshot_files()
    licence = (PYTHON_SNAPSHOT_DIR / "LICENSE.txt").read_text(encoding="utf-8")
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in licence and "2023 Python Software Foundation" in licence


def test_every_file_matches_the_readme_checksum():
    checksums = readme_checksums()
    expected = {original_name(name) for name in python_snapshot_files()} | {"LICENSE.txt"}
    assert set(checksums) == expected
    for name in python_snapshot_files():
        raw = gzip.decompress((PYTHON_SNAPSHOT_DIR / f"{name}.gz").read_bytes())
        assert hashlib.sha256(raw).hexdigest() == checksums[original_name(name)], name
        assert read_python_snapshot(name) == raw.decode("utf-8")
    licence = (PYTHON_SNAPSHOT_DIR / "LICENSE.txt").read_bytes()
    assert hashlib.sha256(licence).hexdigest() == checksums["LICENSE.txt"]


@pytest.mark.skipif(sys.version_info[:3] != (3, 11, 7), reason="compares with Python 3.11.7's own installed files")
def test_the_snapshot_is_python_3_11_7s_own_files():
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for name in python_snapshot_files():
        assert read_python_snapshot(name) == (stdlib / original_name(name)).read_text(encoding="utf-8"), name


def test_read_python_snapshot_rejects_bad_names():
    with pytest.raises(TypeError, match="filename must be a str"):
        read_python_snapshot(Path("textwrap.py"))
    for bad in ("textwrap", "sys.py", "../data.py", "LICENSE.txt"):
        with pytest.raises(ValueError, match=r"filename must be one of .*'textwrap.py'.*got"):
            read_python_snapshot(bad)
