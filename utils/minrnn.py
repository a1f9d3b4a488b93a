"""Minimal GRU and LSTM (Feng et al. 2024, "Were RNNs All We Needed?"), and the small networks of chapter 11.

Shapes: B batch, T time, D input features, H hidden units, V vocabulary, C classes.

A GRU's gates read ``h_{t-1}``, so step t cannot start before step t − 1 has finished. The minimal GRU drops
``h_{t-1}`` from the gate and the candidate and drops the reset gate and the tanh:

    z_t = σ(W_z x_t + b_z),   h̃_t = g(W_h x_t + b_h),   h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t,

a *linear* recurrence ``h_t = a_t ⊙ h_{t-1} + b_t`` with ``a_t = 1 − z_t`` and ``b_t = z_t ⊙ h̃_t`` known for all
t in advance, which ``utils.scratch.scan`` computes in parallel. ``g(v) = v + ½`` for v ≥ 0 and ``σ(v)`` below
keeps ``h̃`` positive (and is continuous, with slope 1 on the right), so that the scan can run in log space.
Note the convention: here, as in the paper (and Cho et al. 2014), ``z`` is the share of the *new* candidate;
in PyTorch's ``nn.GRU`` (chapter 04) ``z`` is the share of the *old* state.

``MinGRU`` also has the two variants chapter 11 compares (``transition=``):

- ``"selective"``      the minGRU above: ``a_t = 1 − z_t ∈ (0, 1)`` depends on the input;
- ``"time_invariant"`` ``z = σ(λ)`` is a learned constant per unit: a fixed decay, the same at every step
                       (a diagonal linear time-invariant system, like a non-selective state-space model);
- ``"signed"``         ``a_t = 1 − 2 z_t ∈ (−1, 1)``, ``b_t = z_t ⊙ h̃_t``: negative eigenvalues allowed
                       (Grazzi et al. 2024); the scan runs in linear space (``scan_parallel``).

``MinLSTM``: ``f_t, i_t = σ(W_f x_t + b_f), σ(W_i x_t + b_i)``, normalised ``f'_t = f_t / (f_t + i_t)``,
``i'_t = i_t / (f_t + i_t)``, ``h_t = f'_t ⊙ h_{t-1} + i'_t ⊙ h̃_t``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .scratch.scan import scan_log, scan_loop, scan_parallel
from .validation import check_positive_int, describe

TRANSITIONS = ("selective", "time_invariant", "signed")
SCANS = ("auto", "loop", "parallel", "log")


def g(v: torch.Tensor) -> torch.Tensor:
    """``v + ½`` where v ≥ 0, ``σ(v)`` where v < 0: positive, continuous, increasing. Any shape."""
    return torch.where(v >= 0, v + 0.5, torch.sigmoid(v))


def log_g(v: torch.Tensor) -> torch.Tensor:
    """``log g(v)``, computed without forming ``g`` (``−softplus(−v)`` = log σ(v) on the left). Any shape."""
    return torch.where(v >= 0, torch.log(F.relu(v) + 0.5), -F.softplus(-v))


def min_gru_param_count(input_size: int, hidden_size: int) -> int:
    """Parameters of a (selective) ``MinGRU``: two D → H maps with bias, ``2 H (D + 1)``."""
    D, H = check_positive_int("input_size", input_size), check_positive_int("hidden_size", hidden_size)
    return 2 * H * (D + 1)


def min_lstm_param_count(input_size: int, hidden_size: int) -> int:
    """Parameters of a ``MinLSTM``: three D → H maps with bias, ``3 H (D + 1)``."""
    D, H = check_positive_int("input_size", input_size), check_positive_int("hidden_size", hidden_size)
    return 3 * H * (D + 1)


def _check_input(x, input_size, name="x", ndim=3):
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {describe(x)}")
    meaning = "(B, T, D)" if ndim == 3 else "(B, D)"
    if x.dim() != ndim or x.shape[-1] != input_size:
        raise ValueError(f"{name} must have shape {meaning} with D = {input_size}, got {tuple(x.shape)}")


def _check_state(h, batch, hidden_size, name):
    if h is None:
        return
    if not isinstance(h, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of shape (B, H) or None, got {describe(h)}")
    if tuple(h.shape) != (batch, hidden_size):
        raise ValueError(f"{name} must have shape (B, H) = {(batch, hidden_size)}, got {tuple(h.shape)}")


class InputGatedRecurrence(nn.Module):
    """What minGRU and minLSTM share: their gates read the input only, so the layer is a linear recurrence
    ``h_t = a_t ⊙ h_{t−1} + b_t`` with ``(a, b) = self.coefficients(x)``; ``step`` runs one step of it."""

    def step(self, x_t: torch.Tensor, h_prev: torch.Tensor) -> torch.Tensor:
        """One step, as a recurrent network runs at inference: x_t (B, D), h_prev (B, H) → h_t (B, H)."""
        _check_input(x_t, self.input_size, "x_t", ndim=2)
        _check_state(h_prev, x_t.shape[0], self.hidden_size, "h_prev")
        a, b = self.coefficients(x_t)
        return a * h_prev + b


class MinGRU(InputGatedRecurrence):
    """A minimal GRU layer (module docstring). ``forward`` runs all steps at once with a scan, ``step`` one step.

    Args:
        input_size: D. hidden_size: H.
        transition: ``"selective"`` (the minGRU), ``"time_invariant"`` or ``"signed"`` (module docstring).
        scan: how ``forward`` computes the recurrence: ``"auto"`` (log space for positive transitions, the
            doubling scan for the signed one), ``"log"``, ``"parallel"`` or ``"loop"`` (the same numbers up to
            rounding; on one CPU core the loop is the fastest, chapter 11 section 4). An attribute: change it
            on a trained model at will.
    """

    def __init__(self, input_size: int, hidden_size: int, transition: str = "selective", scan: str = "auto"):
        super().__init__()
        if transition not in TRANSITIONS:
            raise ValueError(f"transition must be one of {TRANSITIONS}, got {transition!r}")
        if scan not in SCANS or (scan == "log" and transition == "signed"):
            raise ValueError(f"scan must be one of {SCANS} ('log' only for positive transitions), got {scan!r}")
        self.scan = scan
        self.input_size = check_positive_int("input_size", input_size)
        self.hidden_size = check_positive_int("hidden_size", hidden_size)
        self.transition = transition
        self.linear_h = nn.Linear(input_size, hidden_size)
        if transition == "time_invariant":
            # one gate per unit, spread so that the decays 1 − z cover time scales from 1 to ~1000 steps
            self.gate_logit = nn.Parameter(torch.linspace(0.0, -7.0, hidden_size))
        else:
            self.linear_z = nn.Linear(input_size, hidden_size)

    def gate_logits(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, T, D) or (B, D) → the update gate's logits, same leading shape with H last."""
        if self.transition == "time_invariant":
            return self.gate_logit.expand(*x.shape[:-1], self.hidden_size)
        return self.linear_z(x)

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, T, D) → (a, b), each (B, T, H): the recurrence is ``h_t = a_t ⊙ h_{t-1} + b_t``."""
        z = torch.sigmoid(self.gate_logits(x))
        candidate = g(self.linear_h(x))
        a = 1 - 2 * z if self.transition == "signed" else 1 - z
        return a, z * candidate

    def log_coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, T, D) → (log a, log b), each (B, T, H), computed stably (positive transitions only)."""
        if self.transition == "signed":
            raise ValueError("the signed minGRU has negative a: use coefficients() and a linear-space scan")
        k = self.gate_logits(x)
        return -F.softplus(k), -F.softplus(-k) + log_g(self.linear_h(x))  # log(1 − z), log z + log h̃

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None) -> torch.Tensor:
        """x (B, T, D), h0 (B, H) or None (zeros) → all states (B, T, H), by the scan ``self.scan`` names.

        With ``"auto"``, positive transitions scan in log space (``scan_log``; h0 must then be positive or None),
        the signed one with the doubling scan (``scan_parallel``).
        """
        _check_input(x, self.input_size)
        _check_state(h0, x.shape[0], self.hidden_size, "h0")
        if self.scan in ("loop", "parallel") or self.transition == "signed":
            a, b = self.coefficients(x)
            return scan_loop(a, b, h0) if self.scan == "loop" else scan_parallel(a, b, h0)
        log_a, log_b = self.log_coefficients(x)
        log_h0 = None if h0 is None else torch.log(h0)
        return torch.exp(scan_log(log_a, log_b, log_h0))

class MinLSTM(InputGatedRecurrence):
    """A minimal LSTM layer with normalised gates (module docstring); ``forward`` scans in log space."""

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.input_size = check_positive_int("input_size", input_size)
        self.hidden_size = check_positive_int("hidden_size", hidden_size)
        self.linear_f = nn.Linear(input_size, hidden_size)
        self.linear_i = nn.Linear(input_size, hidden_size)
        self.linear_h = nn.Linear(input_size, hidden_size)

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, T, D) or (B, D) → (a, b) = (f', i' ⊙ h̃), each with H last."""
        f, i = torch.sigmoid(self.linear_f(x)), torch.sigmoid(self.linear_i(x))
        return f / (f + i), i / (f + i) * g(self.linear_h(x))

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None) -> torch.Tensor:
        """x (B, T, D), h0 (B, H) positive or None (zeros) → all states (B, T, H)."""
        _check_input(x, self.input_size)
        _check_state(h0, x.shape[0], self.hidden_size, "h0")
        # log f' = −softplus(d), log i' = −softplus(−d) with d = log i − log f = softplus(−k_f) − softplus(−k_i)
        d = F.softplus(-self.linear_f(x)) - F.softplus(-self.linear_i(x))
        log_a, log_b = -F.softplus(d), -F.softplus(-d) + log_g(self.linear_h(x))
        return torch.exp(scan_log(log_a, log_b, None if h0 is None else torch.log(h0)))


class MinGRUNet(nn.Module):
    """Tokens → per-step class logits, with ``layers`` residual blocks around a ``MinGRU``:

        x = embed(tokens);  per block: x = x + W_o MinGRU(norm(x)),  x = x + MLP(norm(x));  logits = head(norm(x)).

    tokens (B, T) int64 → logits (B, T, C). ``dim`` is the width of the residual stream, ``hidden_size`` the
    state size H of every ``MinGRU``; ``transition`` as in ``MinGRU``. The MLPs see one step at a time, so all
    mixing along time happens in the recurrences.
    """

    def __init__(self, vocab_size: int, num_classes: int, dim: int, hidden_size: int, layers: int = 2,
                 transition: str = "selective", scan: str = "auto"):
        super().__init__()
        self.config = {"vocab_size": vocab_size, "num_classes": num_classes, "dim": dim, "hidden_size": hidden_size,
                       "layers": layers, "transition": transition}
        for name in ("vocab_size", "num_classes", "dim", "hidden_size", "layers"):
            check_positive_int(name, self.config[name])
        self.embed = nn.Embedding(vocab_size, dim)
        self.blocks = nn.ModuleList()
        for _ in range(layers):
            self.blocks.append(nn.ModuleDict({
                "norm_rnn": nn.LayerNorm(dim), "rnn": MinGRU(dim, hidden_size, transition, scan),
                "out": nn.Linear(hidden_size, dim), "norm_mlp": nn.LayerNorm(dim),
                "mlp": nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim)),
            }))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        if not isinstance(tokens, torch.Tensor) or tokens.dim() != 2 or tokens.dtype != torch.int64:
            raise TypeError(f"tokens must be an int64 tensor of shape (B, T), got {describe(tokens)}")
        x = self.embed(tokens)  # (B, T, dim)
        for block in self.blocks:
            x = x + block["out"](block["rnn"](block["norm_rnn"](x)))
            x = x + block["mlp"](block["norm_mlp"](x))
        return self.head(self.norm(x))  # (B, T, C)


class LSTMNet(nn.Module):
    """The baseline with the same interface: tokens (B, T) → embed → ``nn.LSTM`` → linear → logits (B, T, C)."""

    def __init__(self, vocab_size: int, num_classes: int, dim: int, hidden_size: int, layers: int = 1):
        super().__init__()
        self.config = {"vocab_size": vocab_size, "num_classes": num_classes, "dim": dim, "hidden_size": hidden_size,
                       "layers": layers}
        for name, value in self.config.items():
            check_positive_int(name, value)
        self.embed = nn.Embedding(vocab_size, dim)
        self.lstm = nn.LSTM(dim, hidden_size, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden_size, num_classes)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        if not isinstance(tokens, torch.Tensor) or tokens.dim() != 2 or tokens.dtype != torch.int64:
            raise TypeError(f"tokens must be an int64 tensor of shape (B, T), got {describe(tokens)}")
        out, _ = self.lstm(self.embed(tokens))  # (B, T, H)
        return self.head(out)
