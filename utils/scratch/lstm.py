"""The LSTM from scratch in NumPy, in the forward-returns-cache style.

Shapes: B batch, T time, D input features, H hidden units, L layers. Weights act on row vectors and the four
gate blocks are stacked side by side in PyTorch's order **i, f, g, o** (input gate, forget gate, candidate,
output gate):

    a = x @ Wx + h_prev @ Wh + b                                  # (B, 4H)
    i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2H]), tanh(a[:, 2H:3H]), sigmoid(a[:, 3H:])
    c_next = f * c_prev + i * g
    h_next = o * tanh(c_next)

with Wx (D, 4H), Wh (H, 4H), b (4H,). ``torch.nn.LSTM`` stores the transposes, ``weight_ih`` (4H, D) and
``weight_hh`` (4H, H), and two bias vectors whose sum is ``b``; ``utils.scratch.weights`` converts.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_cell_args, check_shape
from .common import sigmoid


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step on a batch.

    Args:
        x: (B, D) inputs at this time step.
        h_prev: (B, H) hidden state from the previous step.
        c_prev: (B, H) cell state from the previous step.
        Wx: (D, 4H) input-to-hidden weights, gate blocks in the order i, f, g, o.
        Wh: (H, 4H) hidden-to-hidden weights, same block order.
        b: (4H,) bias, same block order (PyTorch's ``bias_ih + bias_hh``).

    Returns:
        h_next: (B, H) new hidden state ``o * tanh(c_next)``.
        c_next: (B, H) new cell state ``f * c_prev + i * g``.
        cache: what a backward pass needs, a dict with ``x, h_prev, c_prev, Wx, Wh`` and the gate activations
            ``i, f, g, o`` (each (B, H)) and ``c_next``, ``h_next``.
    """
    check_cell_args(x, h_prev, Wx, Wh, b, gates=4)
    c_prev = as_float_array("c_prev", c_prev, ndim=2)
    check_shape("c_prev", c_prev, h_prev.shape, "(B, H), the same shape as h_prev")
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b  # (B, 4H) pre-activations of the four gates
    i = sigmoid(a[:, :H])  # input gate
    f = sigmoid(a[:, H : 2 * H])  # forget gate
    g = np.tanh(a[:, 2 * H : 3 * H])  # candidate cell values
    o = sigmoid(a[:, 3 * H :])  # output gate
    c_next = f * c_prev + i * g  # (B, H)
    h_next = o * np.tanh(c_next)  # (B, H)
    cache = {"x": x, "h_prev": h_prev, "c_prev": c_prev, "Wx": Wx, "Wh": Wh,
             "i": i, "f": f, "g": g, "o": o, "c_next": c_next, "h_next": h_next}
    return h_next, c_next, cache


def lstm_forward(x, h0, c0, Wx, Wh, b):
    """Run one LSTM layer over whole sequences, returning every hidden and cell state.

    Args:
        x: (B, T, D) input sequences, batch first.
        h0: (B, H) initial hidden state.
        c0: (B, H) initial cell state.
        Wx: (D, 4H), Wh: (H, 4H), b: (4H,) as in ``lstm_step_forward`` (gate order i, f, g, o).

    Returns:
        h: (B, T, H) hidden states; ``h[:, t]`` is the state after reading ``x[:, t]`` (``nn.LSTM``'s
            ``output``), so ``h[:, -1]`` is ``h_n``.
        c: (B, T, H) cell states; ``c[:, -1]`` is ``c_n``.
        cache: list of the T step caches, in time order.
    """
    x = as_float_array("x", x, ndim=3)
    B, T, _ = x.shape
    if T == 0:
        raise ValueError(f"x must contain at least one time step, got shape {x.shape}")
    h0 = as_float_array("h0", h0, ndim=2)
    c0 = as_float_array("c0", c0, ndim=2)
    check_shape("h0", h0, (B, None), "(B, H) with B from x")
    check_shape("c0", c0, h0.shape, "(B, H), the same shape as h0")
    check_cell_args(x[:, 0], h0, Wx, Wh, b, gates=4)
    dtype = np.result_type(x, h0, c0, Wx, Wh, b)
    h = np.empty((B, T, h0.shape[1]), dtype=dtype)
    c = np.empty_like(h)
    caches = []
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_t, cache = lstm_step_forward(x[:, t], h_t, c_t, Wx, Wh, b)
        h[:, t], c[:, t] = h_t, c_t
        caches.append(cache)
    return h, c, caches


def lstm_stack_forward(x, h0, c0, layers, dropout_masks=None):
    """A stack of L LSTM layers, like ``nn.LSTM(num_layers=L, batch_first=True)``.

    Layer 0 reads ``x``; layer l > 0 reads the hidden states of layer l − 1. Dropout, if any, acts only
    *between* layers: ``dropout_masks[l]`` multiplies layer l's output before layer l + 1 reads it, and the
    top layer's output is returned as it is.

    Args:
        x: (B, T, D) input sequences.
        h0, c0: (L, B, H) initial states, one per layer (``nn.LSTM``'s layout).
        layers: sequence of L dicts ``{"Wx": (D_l, 4H), "Wh": (H, 4H), "b": (4H,)}`` with D_0 = D and
            D_l = H for l > 0 (what ``params_from_torch(lstm, layer=l)`` returns).
        dropout_masks: None, or L − 1 arrays of shape (B, T, H) (e.g. Bernoulli(1 − p) / (1 − p) samples).

    Returns:
        output: (B, T, H) hidden states of the top layer.
        h_n: (L, B, H) last hidden state of every layer.
        c_n: (L, B, H) last cell state of every layer.
    """
    x = as_float_array("x", x, ndim=3)
    h0 = as_float_array("h0", h0, ndim=3)
    c0 = as_float_array("c0", c0, ndim=3)
    n_layers = len(layers)
    if n_layers == 0:
        raise ValueError("layers must contain at least one layer")
    check_shape("h0", h0, (n_layers, x.shape[0], None), f"(L, B, H) with L = len(layers) = {n_layers}")
    check_shape("c0", c0, h0.shape, "(L, B, H), the same shape as h0")
    masks = [] if dropout_masks is None else list(dropout_masks)
    if dropout_masks is not None and len(masks) != n_layers - 1:
        raise ValueError(f"dropout_masks must hold L - 1 = {n_layers - 1} arrays (one between each pair of "
                         f"layers, none after the top layer), got {len(masks)}")
    inputs, h_n, c_n = x, [], []
    for layer, params in enumerate(layers):
        h, c, _ = lstm_forward(inputs, h0[layer], c0[layer], params["Wx"], params["Wh"], params["b"])
        h_n.append(h[:, -1])
        c_n.append(c[:, -1])
        inputs = output = h
        if layer < n_layers - 1 and masks:
            mask = as_float_array(f"dropout_masks[{layer}]", masks[layer], ndim=3)
            check_shape(f"dropout_masks[{layer}]", mask, h.shape, "(B, T, H)")
            inputs = h * mask
    return output, np.stack(h_n), np.stack(c_n)  # the top layer's output is never dropped
