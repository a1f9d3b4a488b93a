"""utils.data: dataset builders."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from utils import data


def test_first_symbol_task_shapes_labels_and_determinism():
    x, y = data.make_first_symbol_task(100, 7, n_symbols=5, seed=1)
    assert x.shape == (100, 7, 5) and x.dtype == torch.float32 and y.dtype == torch.int64
    assert torch.all(x.sum(dim=2) == 1)  # one-hot
    assert torch.equal(x[:, 0].argmax(dim=1), y)  # the label is the first symbol
    x2, y2 = data.make_first_symbol_task(100, 7, n_symbols=5, seed=1)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    assert not torch.equal(data.make_first_symbol_task(100, 7, n_symbols=5, seed=2)[0], x)


def test_first_symbol_labels_are_balanced():
    _, y = data.make_first_symbol_task(8000, 3, n_symbols=4)
    assert np.allclose(np.bincount(y.numpy()) / 8000, 0.25, atol=0.02)


def test_one_hot_and_errors():
    assert np.array_equal(data.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"symbols must lie in \[0, 2\]"):
        data.one_hot(np.array([3]), 3)
    with pytest.raises(TypeError, match="symbols must be integers"):
        data.one_hot(np.array([0.5]), 3)
    with pytest.raises(ValueError, match="n_symbols must be at least 2"):
        data.make_first_symbol_task(10, 5, n_symbols=1)
    with pytest.raises(TypeError, match="seq_len must be a positive int"):
        data.make_first_symbol_task(10, 5.0)
