"""nbgrader_config.py's exchange: a self-learner's clone works out of the box, an instructor's choice wins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

SHARED = Path("/usr/local/share/nbgrader/exchange")
READ_ROOT = "from nbgrader.apps import NbGrader; app = NbGrader(); app.load_config_file(); " \
            "print(app.config.Exchange.get('root', 'nbgrader default'))"


def user_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["HOME"] = str(home)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def exchange_root(home: Path) -> str:
    result = subprocess.run([sys.executable, "-c", READ_ROOT], cwd=REPO, env=user_env(home), capture_output=True,
                            text=True, check=True, timeout=120)
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(SHARED.is_dir(), reason=f"{SHARED} exists here: a shared course machine uses it")
def test_a_self_learner_gets_an_exchange_inside_the_repository(tmp_path):
    assert exchange_root(tmp_path) == str(REPO / ".exchange")


def test_an_exchange_the_user_configured_wins(tmp_path):
    (tmp_path / ".jupyter").mkdir()
    (tmp_path / ".jupyter" / "nbgrader_config.py").write_text("c.Exchange.root = '/srv/course-exchange'\n")
    assert exchange_root(tmp_path) == "/srv/course-exchange"


@pytest.mark.slow
@pytest.mark.skipif(SHARED.is_dir(), reason=f"{SHARED} exists here: a shared course machine uses it")
def test_the_assignment_list_works_for_a_self_learner(tmp_path):
    """What JupyterLab's Nbgrader → Assignment List asks the exchange, from a fresh clone's root: no error."""
    root = tmp_path / "clone"
    root.mkdir()
    (root / "nbgrader_config.py").write_bytes((REPO / "nbgrader_config.py").read_bytes())
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "list"], cwd=root,
                            env=user_env(tmp_path / "home"), capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "does not exist" not in output and "Traceback" not in output, output
    assert (root / ".exchange").is_dir()
