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
