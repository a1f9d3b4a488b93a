"""The vanilla (tanh) RNN from scratch in NumPy, in the forward-returns-cache style.

Shapes: B batch, T time, D input features, H hidden units. Weights act on row vectors:
``h_next = tanh(x @ Wx + h_prev @ Wh + b)`` with Wx (D, H), Wh (H, H), b (H,). PyTorch stores the transposes
and two bias vectors whose sum is ``b``; ``utils.scratch.weights`` converts between the two.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_cell_args, check_shape
from .common import unroll


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
    return unroll(rnn_step_forward, x, h0, Wx, Wh, b)


def _check_step_cache(cache, name: str = "cache"):
    """Unpack and validate one step cache ``(x, h_prev, Wx, Wh, h_next)`` as made by ``rnn_step_forward``."""
    if not isinstance(cache, tuple) or len(cache) != 5:
        got = type(cache).__name__ + (f" of length {len(cache)}" if hasattr(cache, "__len__") else "")
        raise TypeError(f"{name} must be the tuple (x, h_prev, Wx, Wh, h_next) from rnn_step_forward, "
                        f"got a {got}")
    x, h_prev, Wx, Wh, h_next = cache
    Wh = as_float_array(f"{name} Wh", Wh, ndim=2)
    check_cell_args(x, h_prev, Wx, Wh, np.zeros(Wh.shape[1], dtype=Wh.dtype))  # b is not part of the cache
    as_float_array(f"{name} h_next", h_next, ndim=2)
    check_shape(f"{name} h_next", h_next, h_prev.shape, "(B, H) like h_prev")
    return x, h_prev, Wx, Wh, h_next


def rnn_step_backward(dh_next, cache):
    """Backward pass of one vanilla RNN step: the gradients of a loss with respect to the step's inputs.

    With ``a = x @ Wx + h_prev @ Wh + b`` and ``h_next = tanh(a)``, the chain rule gives
    ``da = dh_next * (1 - h_next**2)`` and then ``dx = da @ Wx.T``, ``dh_prev = da @ Wh.T``,
    ``dWx = x.T @ da``, ``dWh = h_prev.T @ da``, ``db = da.sum(axis=0)`` (summed over the batch).

    Args:
        dh_next: (B, H) gradient of the loss with respect to ``h_next``.
        cache: ``(x, h_prev, Wx, Wh, h_next)`` from ``rnn_step_forward``.

    Returns:
        dx: (B, D), dh_prev: (B, H), dWx: (D, H), dWh: (H, H), db: (H,) — in the argument order of
        ``rnn_step_forward``.
    """
    x, h_prev, Wx, Wh, h_next = _check_step_cache(cache)
    dh_next = as_float_array("dh_next", dh_next, ndim=2)
    check_shape("dh_next", dh_next, h_next.shape, "(B, H) like h_next")
    da = dh_next * (1.0 - h_next**2)  # (B, H): through tanh, tanh'(a) = 1 - tanh(a)^2
    dx = da @ Wx.T  # (B, D)
    dh_prev = da @ Wh.T  # (B, H)
    dWx = x.T @ da  # (D, H)
    dWh = h_prev.T @ da  # (H, H)
    db = da.sum(axis=0)  # (H,)
    return dx, dh_prev, dWx, dWh, db


def rnn_backward(dh, cache):
    """Backpropagation through time for a vanilla RNN over whole sequences.

    ``dh[:, t]`` is the gradient that reaches ``h[:, t]`` *directly* (from the loss at step t, e.g. through an
    output layer), not through later states; the backward loop adds the part that flows back from step t + 1.
    Shared weights get the sum of their gradients over all steps.

    Args:
        dh: (B, T, H) upstream gradient on every hidden state returned by ``rnn_forward``.
        cache: the list of T step caches returned by ``rnn_forward``.

    Returns:
        dx: (B, T, D), dh0: (B, H), dWx: (D, H), dWh: (H, H), db: (H,) — in the argument order of
        ``rnn_forward``.
    """
    dh = as_float_array("dh", dh, ndim=3)
    if not isinstance(cache, (list, tuple)) or len(cache) == 0:
        got = type(cache).__name__ + (f" of length {len(cache)}" if hasattr(cache, "__len__") else "")
        raise TypeError(f"cache must be the non-empty list of step caches from rnn_forward, got a {got}")
    x0, h_prev0, Wx, Wh, _ = _check_step_cache(cache[0], "cache[0]")
    B, H, D, T = h_prev0.shape[0], h_prev0.shape[1], x0.shape[1], len(cache)
    check_shape("dh", dh, (B, T, H), "(B, T, H) with T = len(cache)")
    dx = np.empty((B, T, D), dtype=np.result_type(dh, x0))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H, dtype=Wh.dtype)
    dh_carry = np.zeros((B, H), dtype=dh.dtype)  # gradient flowing back from step t + 1
    for t in reversed(range(T)):
        dx[:, t], dh_carry, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dh_carry, cache[t])
        dWx += dWx_t  # the same weights are used at every step: their gradients add up
        dWh += dWh_t
        db += db_t
    return dx, dh_carry, dWx, dWh, db
