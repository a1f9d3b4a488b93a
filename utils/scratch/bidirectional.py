"""A bidirectional recurrent layer from scratch: two unidirectional passes, one of them over reversed time.

Shapes: B batch, T time, D input features, H hidden units per direction. A bidirectional layer runs

    forward:   h→_t = cell(x_t, h→_{t-1}),   t = 1, ..., T   (its own weights)
    backward:  h←_t = cell(x_t, h←_{t+1}),   t = T, ..., 1   (other weights, "_reverse" in PyTorch)

and returns ``output[:, t] = [h→_t, h←_t]`` of width 2H. The backward pass is an ordinary forward pass over the
time-reversed sequence whose outputs are reversed back, so that ``output[:, t]`` always describes step t. Its
*last* state, ``h←_1``, sits at ``output[:, 0, H:]``, not at ``output[:, -1, H:]``. ``h_n`` and ``h0`` follow
``nn.RNN``/``nn.LSTM``/``nn.GRU``'s layout for one layer: index 0 is the forward direction, 1 the backward one.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..validation import as_float_array, check_shape, describe
from .gru import gru_forward
from .lstm import lstm_forward
from .rnn import rnn_forward

# cell -> (gate blocks G, the keys of its parameter dict, the function that makes that dict)
_CELLS = {
    "rnn": (1, ("Wx", "Wh", "b"), "params_from_torch"),
    "lstm": (4, ("Wx", "Wh", "b"), "params_from_torch"),
    "gru": (3, ("Wx", "Wh", "b_ih", "b_hh"), "gru_params_from_torch"),
}


def reverse_time(x: np.ndarray) -> np.ndarray:
    """``x`` with its time axis (axis 1) reversed: (B, T, ...) -> (B, T, ...), ``out[:, t] = x[:, T - 1 - t]``."""
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x must have a batch and a time axis, (B, T, ...), got shape {x.shape}")
    return x[:, ::-1]


def _check_params(name: str, params, cell: str, D: int, H: int) -> dict[str, np.ndarray]:
    gates, keys, maker = _CELLS[cell]
    if not isinstance(params, Mapping):
        raise TypeError(f"{name} must be a dict with keys {list(keys)} (as made by {maker}), got {describe(params)}")
    missing = [key for key in keys if key not in params]
    if missing:
        raise ValueError(f"{name} is missing {missing}: a {cell} direction needs {list(keys)} (as made by {maker})")
    blocks = f"{gates}H" if gates > 1 else "H"
    Wx = as_float_array(f"{name}['Wx']", params["Wx"], ndim=2)
    Wh = as_float_array(f"{name}['Wh']", params["Wh"], ndim=2)
    check_shape(f"{name}['Wx']", Wx, (D, gates * H), f"(D, {blocks}) with D from x and H from h0")
    check_shape(f"{name}['Wh']", Wh, (H, gates * H), f"(H, {blocks}) with H from h0")
    return {key: params[key] for key in keys}


def _run(cell: str, x, h0, c0, params):
    """One direction over x (B, T, D): hidden states (B, T, H) and, for an LSTM, the last cell state (B, H)."""
    if cell == "rnn":
        return rnn_forward(x, h0, **params)[0], None
    if cell == "gru":
        return gru_forward(x, h0, **params)[0], None
    h, c, _ = lstm_forward(x, h0, c0, **params)
    return h, c[:, -1]


def bidirectional_forward(x, h0, params_fwd, params_bwd, cell: str = "rnn", c0=None):
    """One bidirectional layer, like ``nn.RNN``/``nn.LSTM``/``nn.GRU(bidirectional=True, batch_first=True)``.

    Args:
        x: (B, T, D) input sequences.
        h0: (2, B, H) initial hidden states: ``h0[0]`` for the forward direction, ``h0[1]`` for the backward one
            (the backward direction starts at the *end* of the sequence).
        params_fwd, params_bwd: the two directions' weights, each ``{"Wx": (D, G*H), "Wh": (H, G*H), "b": (G*H,)}``
            for "rnn" (G = 1) and "lstm" (G = 4), as made by ``params_from_torch(module, layer, reverse=...)``;
            ``{"Wx", "Wh", "b_ih", "b_hh"}`` for "gru" (G = 3), as made by ``gru_params_from_torch``.
        cell: "rnn" (tanh), "lstm" or "gru".
        c0: (2, B, H) initial cell states, for ``cell="lstm"`` only (required there).

    Returns:
        output: (B, T, 2H); ``output[:, t, :H]`` is the forward state after reading x_1..x_t and
            ``output[:, t, H:]`` the backward state after reading x_T..x_t.
        h_n: (2, B, H) the last state of each direction: ``h_n[0] = output[:, -1, :H]`` (forward, after x_T) and
            ``h_n[1] = output[:, 0, H:]`` (backward, after x_1).
        c_n: (2, B, H) the last cell state of each direction — returned for ``cell="lstm"`` only, so an LSTM
            gives ``output, h_n, c_n`` and the other cells ``output, h_n``.
    """
    if cell not in _CELLS:
        raise ValueError(f"cell must be one of {sorted(_CELLS)}, got {cell!r}")
    x = as_float_array("x", x, ndim=3)
    B, T, D = x.shape
    if T == 0:
        raise ValueError(f"x must contain at least one time step, got shape {x.shape}")
    h0 = as_float_array("h0", h0, ndim=3)
    check_shape("h0", h0, (2, B, None), "(2, B, H): forward and backward initial states, B from x")
    H = h0.shape[2]
    if cell == "lstm":
        if c0 is None:
            raise ValueError("c0 is required for cell='lstm': pass the (2, B, H) initial cell states")
        c0 = as_float_array("c0", c0, ndim=3)
        check_shape("c0", c0, h0.shape, "(2, B, H), the same shape as h0")
    elif c0 is not None:
        raise ValueError(f"c0 is only used by cell='lstm'; a {cell} has no cell state, so leave c0=None")
    fwd = _check_params("params_fwd", params_fwd, cell, D, H)
    bwd = _check_params("params_bwd", params_bwd, cell, D, H)
    c0_fwd, c0_bwd = (None, None) if c0 is None else (c0[0], c0[1])
    h_fwd, c_fwd = _run(cell, x, h0[0], c0_fwd, fwd)  # (B, T, H), reads x_1 .. x_T
    h_bwd_reversed, c_bwd = _run(cell, reverse_time(x), h0[1], c0_bwd, bwd)  # (B, T, H), reads x_T .. x_1
    h_bwd = reverse_time(h_bwd_reversed)  # (B, T, H), back in the original time order
    output = np.concatenate([h_fwd, h_bwd], axis=-1)  # (B, T, 2H): forward half first
    h_n = np.stack([h_fwd[:, -1], h_bwd[:, 0]])  # (2, B, H): each direction's *last* step
    if cell == "lstm":
        return output, h_n, np.stack([c_fwd, c_bwd])
    return output, h_n
