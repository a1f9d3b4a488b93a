"""The GRU from scratch in NumPy, in PyTorch's formulation, and weight copying to/from ``nn.GRU``/``nn.GRUCell``.

Shapes: B batch, T time, D input features, H hidden units. Gate blocks are stacked as ``3H`` in PyTorch's order
r (reset), z (update), n (candidate). Weights act on row vectors: with ``gi = x @ Wx + b_ih`` and
``gh = h_prev @ Wh + b_hh`` (both (B, 3H)),

    r = σ(gi_r + gh_r),   z = σ(gi_z + gh_z),   n = tanh(gi_n + r ⊙ gh_n),   h_next = (1 − z) ⊙ n + z ⊙ h_prev.

Because the reset gate multiplies ``gh_n = h_prev @ Wh_n + b_hn``, the hidden bias of the n block sits *inside*
the reset product: unlike for an RNN or LSTM, ``b_ih`` and ``b_hh`` cannot be summed into one bias, so every
function here keeps both.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_cell_args, check_shape, describe
from .common import sigmoid, unroll


def _check_gru_args(x, h_prev, Wx, Wh, b_ih, b_hh) -> None:
    """The checks of every cell, plus the GRU's second bias (it cannot be folded into the first)."""
    check_cell_args(x, h_prev, Wx, Wh, b_ih, gates=3, bias_name="b_ih")
    check_shape("b_hh", as_float_array("b_hh", b_hh, ndim=1), (3 * h_prev.shape[1],), "(3H,) with H from h_prev")


def gru_step_forward(x, h_prev, Wx, Wh, b_ih, b_hh):
    """One GRU step on a batch, exactly as ``nn.GRUCell`` computes it.

    Args:
        x: (B, D) inputs at this time step.
        h_prev: (B, H) hidden state from the previous step.
        Wx: (D, 3H) input weights, blocks r, z, n (``weight_ih.T``).
        Wh: (H, 3H) hidden weights, blocks r, z, n (``weight_hh.T``).
        b_ih: (3H,) input bias; b_hh: (3H,) hidden bias. Kept apart: ``b_hh[2H:]`` is multiplied by r.

    Returns:
        h_next: (B, H) new hidden state ``(1 − z) ⊙ n + z ⊙ h_prev``.
        cache: ``(x, h_prev, Wx, Wh, r, z, n, gh_n)`` with r, z, n, gh_n of shape (B, H), for a backward pass.
    """
    _check_gru_args(x, h_prev, Wx, Wh, b_ih, b_hh)
    H = h_prev.shape[1]
    gi = x @ Wx + b_ih  # (B, 3H)
    gh = h_prev @ Wh + b_hh  # (B, 3H)
    r = sigmoid(gi[:, :H] + gh[:, :H])  # (B, H)
    z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])  # (B, H)
    gh_n = gh[:, 2 * H:]  # (B, H), includes b_hn
    n = np.tanh(gi[:, 2 * H:] + r * gh_n)  # (B, H)
    h_next = (1 - z) * n + z * h_prev  # (B, H)
    return h_next, (x, h_prev, Wx, Wh, r, z, n, gh_n)


def gru_forward(x, h0, Wx, Wh, b_ih, b_hh):
    """Run a GRU over whole sequences, returning every hidden state (``nn.GRU(batch_first=True)``'s output).

    Args:
        x: (B, T, D) input sequences, batch first.
        h0: (B, H) initial hidden state.
        Wx: (D, 3H), Wh: (H, 3H), b_ih: (3H,), b_hh: (3H,) as in ``gru_step_forward``, shared by every step.

    Returns:
        h: (B, T, H) hidden states; ``h[:, t]`` is the state after reading ``x[:, t]``.
        cache: list of the T step caches, in time order.
    """
    return unroll(gru_step_forward, x, h0, Wx, Wh, b_ih, b_hh)


def _gru_param_names(module, layer: int, reverse: bool) -> list[str]:
    kind = type(module).__name__
    if kind not in ("GRU", "GRUCell"):
        raise TypeError(f"module must be a torch.nn.GRU or torch.nn.GRUCell, got {describe(module)}")
    names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
    if kind == "GRUCell":
        if layer != 0 or reverse:
            raise ValueError(f"a GRUCell has a single layer and direction, got layer={layer}, reverse={reverse}")
        return names
    if not 0 <= layer < module.num_layers:
        raise ValueError(f"layer must be in [0, {module.num_layers - 1}] for this GRU, got {layer}")
    if reverse and not module.bidirectional:
        raise ValueError("reverse=True needs a bidirectional GRU, but this one is unidirectional")
    return [name + f"_l{layer}" + ("_reverse" if reverse else "") for name in names]


def gru_params_from_torch(module, layer: int = 0, reverse: bool = False) -> dict[str, np.ndarray]:
    """Read one layer's weights of an ``nn.GRU`` or ``nn.GRUCell`` as float64 NumPy arrays.

    Args:
        module: ``nn.GRU`` or ``nn.GRUCell``.
        layer: which stacked layer (0 reads the input); reverse: the backward direction of a bidirectional GRU.

    Returns:
        ``{"Wx": (D, 3H), "Wh": (H, 3H), "b_ih": (3H,), "b_hh": (3H,)}``, blocks in PyTorch's order r, z, n;
        the keyword arguments of ``gru_step_forward``/``gru_forward``. Zeros for the biases if ``bias=False``.
    """
    names = _gru_param_names(module, layer, reverse)
    w_ih, w_hh, b_ih, b_hh = (getattr(module, name, None) for name in names)
    w_ih, w_hh = (w.detach().cpu().double().numpy() for w in (w_ih, w_hh))
    zeros = np.zeros(w_ih.shape[0])
    b_ih, b_hh = (zeros.copy() if b is None else b.detach().cpu().double().numpy().copy() for b in (b_ih, b_hh))
    return {"Wx": w_ih.T.copy(), "Wh": w_hh.T.copy(), "b_ih": b_ih, "b_hh": b_hh}


def gru_params_to_torch(module, Wx, Wh, b_ih, b_hh, layer: int = 0, reverse: bool = False) -> None:
    """Write NumPy weights into one layer of an ``nn.GRU`` or ``nn.GRUCell``, in place.

    ``Wx`` (D, 3H), ``Wh`` (H, 3H), ``b_ih`` (3H,) and ``b_hh`` (3H,) as returned by ``gru_params_from_torch``;
    both biases are copied as they are (they cannot be merged, see the module docstring). The arrays are
    converted to the module's dtype and device.
    """
    import torch

    names = _gru_param_names(module, layer, reverse)
    w_ih = getattr(module, names[0])
    GH, D = w_ih.shape
    arrays = {"Wx": as_float_array("Wx", Wx, ndim=2), "Wh": as_float_array("Wh", Wh, ndim=2),
              "b_ih": as_float_array("b_ih", b_ih, ndim=1), "b_hh": as_float_array("b_hh", b_hh, ndim=1)}
    check_shape("Wx", arrays["Wx"], (D, GH), "(D, 3H) for this GRU layer")
    check_shape("Wh", arrays["Wh"], (GH // 3, GH), "(H, 3H) for this GRU")
    check_shape("b_ih", arrays["b_ih"], (GH,), "(3H,) for this GRU")
    check_shape("b_hh", arrays["b_hh"], (GH,), "(3H,) for this GRU")
    has_bias = getattr(module, names[2], None) is not None
    if not has_bias and (np.any(arrays["b_ih"] != 0) or np.any(arrays["b_hh"] != 0)):
        raise ValueError("this GRU was built with bias=False, so b_ih and b_hh must be all zeros")
    values = [arrays["Wx"].T, arrays["Wh"].T] + ([arrays["b_ih"], arrays["b_hh"]] if has_bias else [])
    with torch.no_grad():
        for name, value in zip(names, values, strict=False):
            target = getattr(module, name)
            target.copy_(torch.as_tensor(np.ascontiguousarray(value), dtype=target.dtype, device=target.device))
