"""utils.train: seeding, device selection and the training loop."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from utils import train


def test_seed_everything_makes_runs_repeatable():
    train.seed_everything(3)
    first = (np.random.rand(), torch.rand(2))
    train.seed_everything(3)
    second = (np.random.rand(), torch.rand(2))
    assert first[0] == second[0] and torch.equal(first[1], second[1])
    with pytest.raises(TypeError, match="seed must be a non-negative int"):
        train.seed_everything(-1)


def test_get_device(monkeypatch):
    monkeypatch.delenv("RNN_BOOK_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert train.get_device().type == expected
    assert train.get_device("cpu").type == "cpu"
    monkeypatch.setenv("RNN_BOOK_DEVICE", "cpu")
    assert train.get_device().type == "cpu"
    with pytest.raises(ValueError, match="prefer must be"):
        train.get_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            train.get_device("cuda")


def test_to_device_moves_nested_batches():
    batch = {"x": torch.zeros(2), "pair": (torch.ones(1), 3)}
    moved = train.to_device(batch, torch.device("cpu"))
    assert moved["pair"][1] == 3 and torch.equal(moved["x"], batch["x"])


def regression_problem():
    torch.manual_seed(0)
    x = torch.randn(256, 3)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
    return x, y


def mse(model, batch):
    x, y = batch
    return nn.functional.mse_loss(model(x), y)


def test_train_learns_and_records_history():
    x, y = regression_problem()
    model = nn.Linear(3, 1)
    config = train.TrainConfig(steps=300, lr=0.05, eval_every=100, progress=False)
    history = train.train(model, [(x, y)], mse, config, eval_fn=lambda m: {"mse": mse(m, (x, y)).item()})
    assert history.step == list(range(1, 301)) and len(history.loss) == len(history.grad_norm) == 300
    assert history.eval_step == [100, 200, 300]
    assert history.last_eval()["mse"] < 1e-3 < history.loss[0]
    assert not model.training


def test_train_is_deterministic_and_accepts_a_batch_function():
    x, y = regression_problem()

    def run():
        train.seed_everything(5)  # the initial weights too
        model = nn.Linear(3, 1)
        config = train.TrainConfig(steps=20, lr=0.01, seed=5, progress=False)
        return train.train(model, lambda step: (x[step % 4 :: 4], y[step % 4 :: 4]), mse, config).loss

    assert run() == run()


def test_clipping_bounds_the_update():
    x, y = regression_problem()
    model = nn.Linear(3, 1)
    config = train.TrainConfig(steps=1, lr=0.1, clip_norm=1e-3, progress=False)
    history = train.train(model, [(x * 1e3, y * 1e3)], mse, config)
    assert history.grad_norm[0] > 1  # recorded before clipping
    config.clip_norm = None
    assert train.train(nn.Linear(3, 1), [(x, y)], mse, config).grad_norm[0] > 0


def test_time_budget_stops_early():
    x, y = regression_problem()
    config = train.TrainConfig(steps=10**6, time_budget_s=0.2, progress=False)
    history = train.train(nn.Linear(3, 1), [(x, y)], mse, config)
    assert history.stopped_early and len(history.step) < 10**6 and history.seconds < 5


def test_train_rejects_bad_arguments():
    config = train.TrainConfig(steps=1, progress=False)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        train.train(lambda x: x, [(1, 2)], mse, config)
    with pytest.raises(TypeError, match="config must be a TrainConfig"):
        train.train(nn.Linear(3, 1), [(1, 2)], mse, {"steps": 1})
    with pytest.raises(TypeError, match="data must be a callable"):
        train.train(nn.Linear(3, 1), 42, mse, config)
    with pytest.raises(ValueError, match="config.steps must be a positive int"):
        train.train(nn.Linear(3, 1), [(1, 2)], mse, train.TrainConfig(steps=0))
    x, y = regression_problem()
    with pytest.raises(ValueError, match="scalar tensor"):
        train.train(nn.Linear(3, 1), [(x, y)], lambda m, b: (m(b[0]) - b[1]) ** 2, config)
