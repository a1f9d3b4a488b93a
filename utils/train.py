"""Seeding (re-exported from ``utils.seeds``), device selection, progress bars and a small, explicit training loop.

``train(model, data, loss_fn, config) -> History`` is the whole API: no globals, the configuration passed
whole, a progress bar, optional gradient clipping and a wall-clock budget.

Progress bars: every bar of the book is made by ``progress_bar`` (``utils.progress``, re-exported here), also in
chapters that write their own loop, e.g. ``for step in train.progress_bar(range(steps), desc="training"):``. It
is live in JupyterLab and in a terminal, leaves one true line of text in a notebook once the loop ends (never a
stale ``training: 0%| | 0/N``), and is off in static mode (``RNN_BOOK_STATIC=1``, the HTML book) and when
``TQDM_DISABLE=1``. Calling ``tqdm.auto.tqdm`` directly bypasses this.

Torch's thread count is set when ``utils`` is imported (one thread by default; see ``utils.runtime``).
"""

from __future__ import annotations

import itertools
import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import torch

from .progress import progress_bar
from .seeds import seed_everything  # noqa: F401 - the book's seeding lives in utils.seeds; train re-exports it
from .validation import check_positive_int, describe


def get_device(prefer: str | None = None) -> torch.device:
    """The device to compute on: ``prefer`` if given, else CUDA when available, else the CPU.

    Set the environment variable ``RNN_BOOK_DEVICE=cpu`` to force the CPU everywhere.
    """
    choice = prefer or os.environ.get("RNN_BOOK_DEVICE")
    if choice is None:
        choice = "cuda" if torch.cuda.is_available() else "cpu"
    if not isinstance(choice, str) or choice.split(":")[0] not in {"cpu", "cuda"}:
        raise ValueError(f"prefer must be 'cpu', 'cuda' or 'cuda:N', got {choice!r}")
    if choice.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"prefer={choice!r} but CUDA is not available on this machine")
    return torch.device(choice)


def to_device(batch, device: torch.device):
    """Move a tensor, or the tensors inside a tuple/list/dict, to ``device`` (other values unchanged)."""
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, (tuple, list)):
        return type(batch)(to_device(item, device) for item in batch)
    if isinstance(batch, dict):
        return {key: to_device(value, device) for key, value in batch.items()}
    return batch


@dataclass
class TrainConfig:
    """Everything ``train`` needs to know, in one object.

    steps: number of optimiser steps. lr: Adam learning rate. clip_norm: clip gradients to this global
    norm (``None`` for no clipping). time_budget_s: stop early after this many seconds (``None``: no limit).
    eval_every: call ``eval_fn`` every this many steps (and after the last). seed: seeded before training.
    device: ``None`` picks CUDA when available. progress: show a progress bar (``progress_bar``).
    """

    steps: int = 1000
    lr: float = 1e-2
    clip_norm: float | None = 1.0
    time_budget_s: float | None = None
    eval_every: int = 100
    seed: int = 0
    device: str | None = None
    progress: bool = True


@dataclass
class History:
    """What happened during training: one entry per step, plus the evaluations."""

    step: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    eval_step: list[int] = field(default_factory=list)
    eval_metrics: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    stopped_early: bool = False

    def last_eval(self) -> dict:
        """The metrics of the most recent evaluation (empty if there was none)."""
        return self.eval_metrics[-1] if self.eval_metrics else {}


def _batches(data) -> Iterable:
    """Turn ``data`` into an endless stream of batches: a callable ``step -> batch`` or an iterable, cycled."""
    if callable(data):
        return (data(step) for step in itertools.count())
    if isinstance(data, Iterable):
        return itertools.chain.from_iterable(itertools.repeat(data))
    raise TypeError(f"data must be a callable step -> batch or an iterable of batches, got {describe(data)}")


def train(
    model: torch.nn.Module,
    data,
    loss_fn: Callable[[torch.nn.Module, object], torch.Tensor],
    config: TrainConfig,
    eval_fn: Callable[[torch.nn.Module], dict] | None = None,
) -> History:
    """Train ``model`` with Adam and return its ``History``.

    Args:
        model: any ``nn.Module``; it is moved to the chosen device.
        data: a callable ``step -> batch`` or an iterable of batches (cycled); each batch is moved to the
            device with ``to_device``.
        loss_fn: ``loss_fn(model, batch) -> scalar tensor``; it runs the forward pass, so masking, packing
            or a custom output head stay visible in the notebook that calls ``train``.
        config: a ``TrainConfig``.
        eval_fn: optional ``eval_fn(model) -> dict of floats``, called in ``eval`` mode without gradients.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {describe(model)}")
    if not isinstance(config, TrainConfig):
        raise TypeError(f"config must be a TrainConfig, got {describe(config)}")
    check_positive_int("config.steps", config.steps)
    check_positive_int("config.eval_every", config.eval_every)
    seed_everything(config.seed)
    device = get_device(config.device)
    model.to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=config.lr)
    history = History()
    start = time.perf_counter()
    batches = _batches(data)
    bar = progress_bar(range(1, config.steps + 1), enabled=config.progress, desc="training")
    for step in bar:
        model.train()
        loss = loss_fn(model, to_device(next(batches), device))
        if loss.ndim != 0:
            raise ValueError(f"loss_fn must return a scalar tensor, got shape {tuple(loss.shape)}")
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        max_norm = config.clip_norm if config.clip_norm is not None else math.inf
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimiser.step()
        history.step.append(step)
        history.loss.append(loss.item())
        history.grad_norm.append(grad_norm.item())
        out_of_time = config.time_budget_s is not None and time.perf_counter() - start > config.time_budget_s
        if eval_fn is not None and (step % config.eval_every == 0 or step == config.steps or out_of_time):
            model.eval()
            with torch.no_grad():
                history.eval_metrics.append(dict(eval_fn(model)))
            history.eval_step.append(step)
        if step % 10 == 0:
            bar.set_postfix(loss=f"{loss.item():.4f}")
        if out_of_time:
            history.stopped_early = True
            break
    bar.close()
    model.eval()
    history.seconds = time.perf_counter() - start
    return history
