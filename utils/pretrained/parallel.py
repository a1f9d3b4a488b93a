"""Checkpoints for chapter 11: selective copying and running parity, three seeds per model, their models, data,
training step and evaluation (the checkpoints are trained by ``rnnbook pretrain parallel``,
``course/pretrain/parallel.py``; the chapter also trains short runs with ``train_one`` itself).

- ``copying``: two ``MinGRUNet`` of equal size and state (2 blocks, width 64, H = 64) that differ only in the
  gate: ``selective`` (the minGRU, decay depends on the token) against ``time_invariant`` (one learned decay
  per unit). Selective copying (``utils.data.memory_tasks``) with a data region of 128 positions, 8 symbols to copy,
  8 possible symbols (chance: 1/8).
- ``parity``: running parity of 40 bits, three one-layer models with H = 16: ``lstm`` (``nn.LSTM``),
  ``selective`` (minGRU, ``a_t ∈ (0, 1)``) and ``signed`` (``a_t ∈ (−1, 1)``); tested at 40 and 160 bits.

Each task is ``checkpoints/parallel_<task>.pt`` (the float32 weights of every model and seed, ≤ 3 MB) beside
``checkpoints/parallel_<task>.json``: the command, the settings, Python and torch versions, and per model and seed the
training time, the loss curve and the metrics of ``evaluate(task, model)`` — the function the chapter calls on
the loaded checkpoints (a test checks that the two agree). Evaluation runs in float64 on the CPU, so the
recorded accuracies do not depend on the CPU's vector instructions.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from .. import seeds, train
from ..data import memory_tasks as mt
from ..minrnn import LSTMNet, MinGRUNet
from . import CHECKPOINT_DIR

TASKS = ("copying", "parity")


KINDS = {"copying": ("selective", "time_invariant"), "parity": ("lstm", "selective", "signed")}


SEEDS = (0, 1, 2)


SETTINGS = {
    "copying": {"length": 128, "n_tokens": 8, "n_symbols": 8, "dim": 64, "hidden": 64, "layers": 2,
                "batch_size": 32, "steps": 2500, "lr": 3e-3, "test_size": 400, "test_seed": 30_000},
    "parity": {"length": 40, "test_lengths": [40, 160], "dim": 16, "hidden": 16, "layers": 1,
               "batch_size": 64, "steps": 1000, "lr": 3e-3, "test_size": 1000, "test_seed": 31_000},
}


def check_task(task: str, kind: str | None = None) -> None:
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    if kind is not None and kind not in KINDS[task]:
        raise ValueError(f"kind must be one of {KINDS[task]} for task {task!r}, got {kind!r}")


def build(task: str, kind: str, scan: str = "auto") -> torch.nn.Module:
    """A fresh, untrained model of the checkpoint ``task``/``kind`` (``scan`` as in ``utils.minrnn.MinGRU``)."""
    check_task(task, kind)
    s = SETTINGS[task]
    if task == "copying":
        vocab = mt.FIRST_SYMBOL + s["n_symbols"]
        return MinGRUNet(vocab, vocab, s["dim"], s["hidden"], s["layers"], kind, scan)
    if kind == "lstm":
        return LSTMNet(2, 2, s["dim"], s["hidden"], s["layers"])
    return MinGRUNet(2, 2, s["dim"], s["hidden"], s["layers"], kind, scan)


def batches(task: str, seed: int):
    """The endless training stream of ``task``: a callable ``step -> (inputs, targets)`` for ``utils.train``."""
    check_task(task)
    s, generator = SETTINGS[task], seeds.torch_generator(seed)
    if task == "copying":
        return lambda step: mt.selective_copying_batch(s["batch_size"], s["length"], s["n_tokens"], s["n_symbols"],
                                                       generator)
    return lambda step: mt.parity_batch(s["batch_size"], s["length"], generator)


def token_loss(model: torch.nn.Module, batch) -> torch.Tensor:
    """Cross-entropy of ``model(inputs)`` against ``targets``, ``IGNORE`` positions left out."""
    inputs, targets = batch
    return F.cross_entropy(model(inputs).flatten(0, 1), targets.flatten(), ignore_index=mt.IGNORE)


def test_sets(task: str) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """The fixed test sets, by name: ``{"test": ...}`` for copying, ``{"40": ..., "160": ...}`` for parity."""
    check_task(task)
    s = SETTINGS[task]
    if task == "copying":
        return {"test": mt.selective_copying_test_set(s["test_size"], s["length"], s["n_tokens"], s["n_symbols"],
                                                      s["test_seed"])}
    return {str(T): mt.parity_test_set(s["test_size"], T, s["test_seed"] + T) for T in s["test_lengths"]}


@contextlib.contextmanager
def _evaluation_mode(model: torch.nn.Module):
    """float64, CPU, eval mode and loop scans while the block runs; the model is put back as it was."""
    reference = next(model.parameters())
    dtype, device, training = reference.dtype, reference.device, model.training
    scans = {module: module.scan for module in model.modules() if hasattr(module, "scan")}
    model.double().cpu().eval()
    for module in scans:
        module.scan = "loop"  # the same numbers as the scans, and the fastest on one CPU core
    try:
        yield model
    finally:
        for module, scan in scans.items():
            module.scan = scan
        model.to(device=device, dtype=dtype).train(training)


@torch.no_grad()
def copied_correctly(model: torch.nn.Module) -> torch.Tensor:
    """(test size, N) bool: which symbols of the copying test set ``model`` copies right (at the markers)."""
    inputs, targets = test_sets("copying")["test"]
    length = SETTINGS["copying"]["length"]
    with _evaluation_mode(model):
        return model(inputs)[:, length:].argmax(dim=-1) == targets[:, length:]


@torch.no_grad()
def evaluate(task: str, model: torch.nn.Module) -> dict[str, float]:
    """Accuracy on the fixed test sets, in float64 on the CPU (the model is left as it was).

    copying: ``{"accuracy": …}`` over all copied symbols (``copied_correctly``). parity: ``{"40": …, "160": …}``,
    the accuracy of the prediction at the **last** step, i.e. the parity of the whole sequence.
    """
    check_task(task)
    if task == "copying":
        return {"accuracy": round(copied_correctly(model).double().mean().item(), 6)}
    result = {}
    with _evaluation_mode(model):
        for name, (bits, parity) in test_sets(task).items():
            last = model(bits)[:, -1].argmax(dim=-1)
            result[name] = round((last == parity[:, -1]).double().mean().item(), 6)
    return result


def checkpoint_paths(task: str, out: Path | None = None) -> tuple[Path, Path]:
    """(weights ``.pt``, record ``.json``) of ``task`` in ``out`` (default: the committed folder)."""
    check_task(task)
    out = Path(out) if out is not None else CHECKPOINT_DIR
    return out / f"parallel_{task}.pt", out / f"parallel_{task}.json"


def models_from(task: str, weights: Path) -> dict[str, list[torch.nn.Module]]:
    """The models stored in the ``.pt`` file ``weights``, ``{kind: [model per seed]}``, on the CPU in eval mode."""
    saved = torch.load(weights, map_location="cpu", weights_only=True)
    models = {}
    for kind, states in saved.items():
        models[kind] = []
        for state in states:
            model = build(task, kind)
            model.load_state_dict(state)
            models[kind].append(model.eval())
    return models


def load(task: str, out: Path | None = None) -> tuple[dict[str, list[torch.nn.Module]], dict]:
    """The committed models of ``task``, ``{kind: [model of seed 0, 1, 2]}`` (``models_from``), and the JSON
    record."""
    weights, record_path = checkpoint_paths(task, out)
    return models_from(task, weights), json.loads(record_path.read_text())


def fit(model: torch.nn.Module, task: str, seed: int, steps: int, progress: bool = False) -> dict:
    """Adam on ``batches(task, seed)`` with a linear warm-up over the first 100 steps and a cosine decay to 0,
    gradients clipped at norm 1. Returns ``{"step": [...], "loss": [...], "seconds": ...}``."""
    check_task(task)
    lr = SETTINGS[task]["lr"]
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    warmup = min(100, max(1, steps // 10))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    stream, history = batches(task, seed), {"step": [], "loss": []}
    start = time.perf_counter()
    for step in train.progress_bar(range(1, steps + 1), enabled=progress, desc=f"{task}"):
        loss = token_loss(model, stream(step))
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        history["step"].append(step)
        history["loss"].append(loss.item())
    history["seconds"] = time.perf_counter() - start
    model.eval()
    return history


def train_one(task: str, kind: str, seed: int, steps: int, progress: bool = False) -> tuple[torch.nn.Module, dict]:
    """A model of ``task``/``kind`` initialised with ``seed`` and trained by ``fit`` on the CPU. Recurrences
    run as loops (``scan="loop"``): the same numbers as the scans, and faster on one CPU core (chapter 11,
    section 4). Returns the model (now with ``scan="auto"``) and the history."""
    seeds.seed_everything(seed)
    model = build(task, kind, scan="loop")
    history = fit(model, task, seed, steps, progress)
    for module in model.modules():
        if hasattr(module, "scan"):
            module.scan = "auto"
    return model, history
