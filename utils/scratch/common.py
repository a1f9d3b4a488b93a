"""What the from-scratch cells share: the logistic sigmoid, and the loop that unrolls a cell over time."""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(−z)), elementwise, without overflow warnings for large |z|."""
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def unroll(step, x, h0, *weights):
    """Run a one-state cell over whole sequences: ``h_t, cache_t = step(x[:, t], h_{t-1}, *weights)``.

    Args:
        step: a step function such as ``rnn_step_forward`` or ``gru_step_forward`` (it checks its arguments).
        x: (B, T, D) input sequences, batch first, with T ≥ 1.
        h0: (B, H) initial hidden state.
        weights: the step's remaining arguments, the same at every step.

    Returns:
        h: (B, T, H) hidden states; ``h[:, t]`` is the state after reading ``x[:, t]``.
        caches: list of the T step caches, in time order.
    """
    x = as_float_array("x", x, ndim=3)
    B, T, _ = x.shape
    if T == 0:
        raise ValueError(f"x must contain at least one time step, got shape {x.shape}")
    h_t, cache = step(x[:, 0], h0, *weights)  # the first step also checks every argument
    h = np.empty((B, T, h_t.shape[1]), dtype=np.result_type(x, h0, *weights))
    h[:, 0], caches = h_t, [cache]
    for t in range(1, T):
        h_t, cache = step(x[:, t], h_t, *weights)
        h[:, t] = h_t
        caches.append(cache)
    return h, caches
