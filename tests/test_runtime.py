"""utils.runtime: torch's thread count is set in one place; progress bars are off in static mode."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import torch
from torch import nn

from utils import runtime, train

ENV_KEYS = ("RNN_BOOK_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "RNN_BOOK_STATIC", "TQDM_DISABLE")


def threads_in_fresh_python(code: str, **env) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter with none of the thread variables set except ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    return subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True,
                          timeout=120)


def test_thread_count_precedence():
    assert runtime.thread_count({}) == runtime.DEFAULT_THREADS == 1
    assert runtime.thread_count({"OMP_NUM_THREADS": "3"}) == 3  # a choice made outside the book is kept
    assert runtime.thread_count({"OMP_NUM_THREADS": "4,2"}) == 1  # not a plain count: the book's default
    assert runtime.thread_count({"OMP_NUM_THREADS": "3", "RNN_BOOK_THREADS": "2"}) == 2
    assert runtime.thread_count({"RNN_BOOK_THREADS": "0"}) == 0
    assert runtime.thread_count({"RNN_BOOK_THREADS": ""}) == 1
    for bad in ("two", "-1", "1.5"):
        with pytest.raises(ValueError, match=f"RNN_BOOK_THREADS must be a non-negative integer.*{bad!r}"):
            runtime.thread_count({"RNN_BOOK_THREADS": bad})


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="torch's default is one thread on a one-core machine")
def test_importing_utils_gives_torch_one_thread_whichever_is_imported_first():
    # torch first: its default (every core) until utils is imported, then one thread (torch.set_num_threads)
    before = threads_in_fresh_python("import torch; torch.ones(8).sum(); default = torch.get_num_threads(); "
                                     "import utils.data; print(default, torch.get_num_threads())")
    default, after_utils = map(int, before.stdout.split() or ["0", "0"])
    assert default > 1 and after_utils == 1, before.stderr
    # utils first: OMP_NUM_THREADS, which torch reads when it loads
    first = threads_in_fresh_python("import utils, os, torch; print(os.environ['OMP_NUM_THREADS'], "
                                    "torch.get_num_threads())")
    assert first.stdout.split() == ["1", "1"], first.stderr


def test_rnn_book_threads_overrides_the_default(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_THREADS", "2")
    try:
        assert runtime.configure_threads() == 2 and torch.get_num_threads() == 2
    finally:
        monkeypatch.delenv("RNN_BOOK_THREADS")
        runtime.configure_threads()
    assert torch.get_num_threads() == runtime.thread_count()


def test_a_bad_thread_setting_fails_with_its_name():
    result = threads_in_fresh_python("import utils", RNN_BOOK_THREADS="many")
    assert result.returncode != 0 and "RNN_BOOK_THREADS must be a non-negative integer" in result.stderr


def test_progress_bar_is_off_in_static_mode_and_with_tqdm_disable(monkeypatch):
    for key in ("RNN_BOOK_STATIC", "TQDM_DISABLE"):
        monkeypatch.delenv(key, raising=False)
    assert not train.progress_bar(range(3)).disable
    assert train.progress_bar(range(3), enabled=False).disable
    monkeypatch.setenv("TQDM_DISABLE", "1")
    assert train.progress_bar(range(3)).disable
    monkeypatch.setenv("TQDM_DISABLE", "0")
    assert not train.progress_bar(range(3)).disable
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert train.progress_bar(range(3)).disable


def test_train_leaves_no_progress_residue_in_static_mode(monkeypatch, capsys):
    x, y = torch.randn(16, 2), torch.randn(16, 1)
    config = train.TrainConfig(steps=5)

    def run():
        train.train(nn.Linear(2, 1), [(x, y)], lambda m, b: nn.functional.mse_loss(m(b[0]), b[1]), config)
        return capsys.readouterr().err

    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    monkeypatch.delenv("RNN_BOOK_STATIC", raising=False)
    assert "training" in run()  # outside a kernel, tqdm.auto draws a text bar on stderr
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert run() == ""


def test_version_report_compares_installed_packages_with_the_pins(tmp_path):
    from importlib.metadata import version

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\ndependencies = [\n  "numpy==0.0.1",\n'
                         f'  "tqdm=={version("tqdm")}",\n  "torch == {version("torch").split("+")[0]}",\n'
                         '  "no-such-package-here==1.0",\n  "unpinned>=1",\n]\n')
    assert runtime.pinned_versions(pyproject) == {"numpy": "0.0.1", "tqdm": version("tqdm"),
                                                  "torch": version("torch").split("+")[0],
                                                  "no-such-package-here": "1.0"}
    rows = {name: (installed, ok) for name, _, installed, ok in runtime.version_report(pyproject)}
    assert rows["numpy"] == (version("numpy"), False)
    assert rows["tqdm"] == (version("tqdm"), True) and rows["torch"][1]  # torch's "+cpu" label is not a mismatch
    assert rows["no-such-package-here"] == (None, False)
    with pytest.raises(FileNotFoundError, match="pyproject must be the repository's pyproject.toml"):
        runtime.pinned_versions(tmp_path / "missing.toml")


def test_the_repository_pins_are_what_is_installed():
    assert all(ok for *_, ok in runtime.version_report()), runtime.version_report()
