"""The supported Python versions are stated in four places that must agree: pyproject.toml's
``requires-python``, the Makefile's interpreter search (mk/python.mk), environment.yml and the README. And the
Makefile's search picks a supported interpreter, or stops with a message that says what to install."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import yaml
from conftest import REPO
from packaging.specifiers import SpecifierSet

CANDIDATES = [f"3.{minor}" for minor in range(8, 16)]


def supported_by_pyproject() -> list[str]:
    spec = SpecifierSet(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"])
    return [version for version in CANDIDATES if spec.contains(f"{version}.0")]


def makefile_variable(name: str) -> str:
    match = re.search(rf"^{name} := (.+)$", (REPO / "mk/python.mk").read_text(), re.MULTILINE)
    assert match, f"mk/python.mk defines no {name}"
    return match.group(1).strip()


def test_supported_versions_agree_everywhere():
    versions = supported_by_pyproject()
    assert versions == ["3.11", "3.12", "3.13"], f"requires-python admits {versions}"
    assert sorted(makefile_variable("SUPPORTED_PYTHONS").split()) == versions
    assert makefile_variable("SUPPORTED_RANGE") == f"{versions[0]} to {versions[-1]}"
    check = re.search(r"\(3, (\d+)\) <= sys.version_info\[:2\] <= \(3, (\d+)\)",
                      (REPO / "mk/python.mk").read_text())
    assert check and [f"3.{check.group(1)}", f"3.{check.group(2)}"] == [versions[0], versions[-1]]
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    python = next(d for d in environment["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python.removeprefix("python=") in versions, f"environment.yml asks for {python}"
    readme = (REPO / "README.md").read_text()
    stated = f"Supported Python versions: {', '.join(versions[:-1])} and {versions[-1]}."
    assert stated in readme, f"the README must say {stated!r}"
    assert f"Python {', '.join(versions[:-1])} or {versions[-1]}" in readme


def fake_python(folder: Path, name: str, version: str) -> None:
    """An executable ``folder/name`` that answers the Makefile's checks like a Python of ``version`` would."""
    major, minor = version.split(".")
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then echo "Python {version}.0"; exit 0; fi\n'
        f'exec /usr/bin/python3 -c "import sys; sys.version_info = ({major}, {minor}, 0); exec(sys.argv[1])" "$2"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def make_install(tmp_path: Path, versions: dict[str, str], *args: str, dry_run: bool = True):
    """``make install`` (only printed with ``dry_run``) with the fake interpreters and the system on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, version in versions.items():
        fake_python(bin_dir, name, version)
    # Only the fakes and the few tools the Makefile needs: the system's own python3.x must stay out of sight.
    for tool in ("sh", "sed"):
        link = bin_dir / tool
        link.exists() or link.symlink_to(shutil.which(tool))
    command = [shutil.which("make"), "--no-print-directory", *(["-n"] if dry_run else []), "install",
               f"VENV={tmp_path / 'venv'}"]
    return subprocess.run([*command, *args], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={"PATH": str(bin_dir), "HOME": str(tmp_path)})


def test_makefile_picks_the_newest_supported_python(tmp_path):
    result = make_install(tmp_path, {"python3.12": "3.12", "python3.11": "3.11", "python3.14": "3.14"})
    assert result.returncode == 0, result.stderr
    assert "python3.12 -m venv" in result.stdout, result.stdout


def test_makefile_names_the_interpreter_it_uses_and_honours_PYTHON(tmp_path):
    result = make_install(tmp_path, {"python3.13": "3.13", "python3.11": "3.11"}, "PYTHON=python3.11")
    assert "python3.11 -m venv" in result.stdout and "python3.13 -m venv" not in result.stdout
    assert 'echo "Creating' in result.stdout


def test_makefile_without_a_supported_python_says_what_to_install(tmp_path):
    result = make_install(tmp_path, {"python3": "3.10", "python3.10": "3.10"}, dry_run=False)
    assert result.returncode != 0
    assert "No supported Python (3.11 to 3.13)" in result.stdout and "PYTHON=" in result.stdout, result.stdout
    assert not (tmp_path / "venv").exists()


def test_makefile_rejects_an_unsupported_PYTHON(tmp_path):
    result = make_install(tmp_path, {"python3.10": "3.10"}, "PYTHON=python3.10", dry_run=False)
    assert result.returncode != 0 and "is not a working Python 3.11 to 3.13" in result.stdout, result.stdout
    assert "Python 3.10.0" in result.stdout and not (tmp_path / "venv").exists()


def test_torch_cpu_option_installs_from_pytorch_cpu_index_first(tmp_path):
    lines = make_install(tmp_path, {"python3.12": "3.12"}, "TORCH=cpu").stdout.splitlines()
    torch_line = next(i for i, line in enumerate(lines) if "download.pytorch.org/whl/cpu" in line)
    assert "'torch==2.13.0'" in lines[torch_line]
    assert torch_line < next(i for i, line in enumerate(lines) if "-e '.[test]'" in line)
    assert "download.pytorch.org" not in make_install(tmp_path, {"python3.12": "3.12"}).stdout
