"""Dataset builders for the book's tasks. Every builder is deterministic given its ``seed``.

Shapes: N sequences, T time steps, K symbols. Inputs are float32 tensors ``(N, T, K)`` (batch first), labels
int64 tensors.
"""

from __future__ import annotations

import numpy as np
import torch

from .validation import check_positive_int


def one_hot(symbols: np.ndarray, n_symbols: int) -> np.ndarray:
    """One-hot encode integer ``symbols`` of any shape ``S`` into float32 ``S + (n_symbols,)``."""
    n_symbols = check_positive_int("n_symbols", n_symbols)
    symbols = np.asarray(symbols)
    if not np.issubdtype(symbols.dtype, np.integer):
        raise TypeError(f"symbols must be integers, got dtype {symbols.dtype}")
    if symbols.size and (symbols.min() < 0 or symbols.max() >= n_symbols):
        raise ValueError(f"symbols must lie in [0, {n_symbols - 1}], got values in [{symbols.min()}, {symbols.max()}]")
    return np.eye(n_symbols, dtype=np.float32)[symbols]


def make_first_symbol_task(
    n_sequences: int, seq_len: int, n_symbols: int = 4, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """The "remember the first symbol" task: a many-to-one problem that needs memory.

    Each sequence is ``seq_len`` uniformly random symbols out of ``n_symbols``; the label is the *first*
    symbol, which the model must carry through ``seq_len - 1`` distracting steps. Guessing scores
    ``1 / n_symbols``; a model that only looks at the last input does no better.

    Returns:
        x: (N, T, K) float32 one-hot inputs.
        y: (N,) int64 labels in ``[0, K)``.
    """
    n_sequences = check_positive_int("n_sequences", n_sequences)
    seq_len = check_positive_int("seq_len", seq_len)
    n_symbols = check_positive_int("n_symbols", n_symbols)
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be at least 2 for a classification task, got {n_symbols}")
    rng = np.random.default_rng(seed)
    symbols = rng.integers(0, n_symbols, size=(n_sequences, seq_len))  # (N, T)
    x = torch.from_numpy(one_hot(symbols, n_symbols))  # (N, T, K)
    y = torch.from_numpy(symbols[:, 0].astype(np.int64))  # (N,)
    return x, y


def make_marked_symbol_task(
    n_sequences: int, seq_len: int, n_symbols: int = 4, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """The "recall the marked symbol" task: a many-to-one memory problem with lags of every length.

    Each sequence is ``seq_len`` uniformly random symbols out of ``n_symbols``; exactly one step, chosen
    uniformly at random, is *marked* by an extra input channel, and the label is the symbol at that step. The
    model must notice the mark, store that symbol and keep it until the end, ignoring the other inputs: the lag
    between the mark and the end of the sequence is uniform in ``[0, seq_len - 1]``. Guessing scores
    ``1 / n_symbols``.

    Returns:
        x: (N, T, K + 1) float32 inputs: K one-hot symbol channels, then the marker channel (1 at the marked step).
        y: (N,) int64 labels in ``[0, K)``.
    """
    n_sequences = check_positive_int("n_sequences", n_sequences)
    seq_len = check_positive_int("seq_len", seq_len)
    n_symbols = check_positive_int("n_symbols", n_symbols)
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be at least 2 for a classification task, got {n_symbols}")
    rng = np.random.default_rng(seed)
    symbols = rng.integers(0, n_symbols, size=(n_sequences, seq_len))  # (N, T)
    marked = rng.integers(0, seq_len, size=n_sequences)  # (N,)
    x = np.zeros((n_sequences, seq_len, n_symbols + 1), dtype=np.float32)  # (N, T, K + 1)
    x[..., :n_symbols] = one_hot(symbols, n_symbols)
    x[np.arange(n_sequences), marked, n_symbols] = 1.0
    y = symbols[np.arange(n_sequences), marked].astype(np.int64)  # (N,)
    return torch.from_numpy(x), torch.from_numpy(y)


def make_adding_problem(n_sequences: int, seq_len: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """The adding problem (Hochreiter & Schmidhuber 1997; this variant as in Le et al. 2015).

    Each sequence has two input channels: a value channel with numbers drawn uniformly from [0, 1], and a
    marker channel that is 1 at exactly two steps and 0 elsewhere — one step uniform in the first half
    ``[0, T // 2)``, the other uniform in the second half ``[T // 2, T)``. The target is the sum of the two
    marked values, so the model must notice the first marker, store its value for up to ``T - 1`` steps while
    ignoring every other value, and add the second. Always predicting 1.0 (the mean target) scores a mean
    squared error of Var(U + V) = 2/12 ≈ 0.167: the trivial baseline.

    Returns:
        x: (N, T, 2) float32 inputs, channel 0 the values, channel 1 the markers.
        y: (N,) float32 targets in [0, 2].
    """
    n_sequences = check_positive_int("n_sequences", n_sequences)
    seq_len = check_positive_int("seq_len", seq_len)
    if seq_len < 2:
        raise ValueError(f"seq_len must be at least 2 (one marker in each half), got {seq_len}")
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(n_sequences, seq_len)).astype(np.float32)  # (N, T)
    rows = np.arange(n_sequences)
    first = rng.integers(0, seq_len // 2, size=n_sequences)  # (N,) in the first half
    second = rng.integers(seq_len // 2, seq_len, size=n_sequences)  # (N,) in the second half
    markers = np.zeros((n_sequences, seq_len), dtype=np.float32)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1)  # (N, T, 2)
    y = values[rows, first] + values[rows, second]  # (N,)
    return torch.from_numpy(x), torch.from_numpy(y)
