"""The vanilla (tanh) RNN from scratch in NumPy, in the forward-returns-cache style.

Shapes: B batch, T time, D input features, H hidden units. Weights act on row vectors:
``h_next = tanh(x @ Wx + h_prev @ Wh + b)`` with Wx (D, H), Wh (H, H), b (H,). PyTorch stores the transposes
and two bias vectors whose sum is ``b``; ``utils.scratch.weights`` converts between the two.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_cell_args


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """One step of a vanilla (tanh) RNN on a batch.

    Args:
        x: (B, D) inputs at this time step.
        h_prev: (B, H) hidden state from the previous step.
        Wx: (D, H) input-to-hidden weights.
        Wh: (H, H) hidden-to-hidden weights.
        b: (H,) bias.

    Returns:
        h_next: (B, H) new hidden state.
        cache: what the backward pass needs: ``(x, h_prev, Wx, Wh, h_next)``.
    """
    check_cell_args(x, h_prev, Wx, Wh, b)
    h_next = np.tanh(x @ Wx + h_prev @ Wh + b)  # (B, H)
    return h_next, (x, h_prev, Wx, Wh, h_next)


def rnn_forward(x, h0, Wx, Wh, b):
    """Run a vanilla RNN over whole sequences, returning every hidden state.

    Args:
        x: (B, T, D) input sequences, batch first.
        h0: (B, H) initial hidden state.
        Wx: (D, H), Wh: (H, H), b: (H,) as in ``rnn_step_forward``; the same weights at every step.

    Returns:
        h: (B, T, H) hidden states; ``h[:, t]`` is the state after reading ``x[:, t]``.
        cache: list of the T step caches, in time order.
    """
    x = as_float_array("x", x, ndim=3)
    B, T, _ = x.shape
    if T == 0:
        raise ValueError(f"x must contain at least one time step, got shape {x.shape}")
    check_cell_args(x[:, 0], h0, Wx, Wh, b)
    h = np.empty((B, T, h0.shape[1]), dtype=np.result_type(x, h0, Wx, Wh, b))
    caches = []
    h_t = h0
    for t in range(T):
        h_t, cache = rnn_step_forward(x[:, t], h_t, Wx, Wh, b)
        h[:, t] = h_t
        caches.append(cache)
    return h, caches
