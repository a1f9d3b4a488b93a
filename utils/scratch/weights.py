"""Copy weights between the NumPy cells of ``utils.scratch`` and ``torch.nn`` recurrent modules.

NumPy cells use row vectors (``x @ Wx``, Wx of shape (D, G*H)); ``torch.nn`` stores ``weight_ih`` as (G*H, D),
the transpose, and keeps two biases ``bias_ih`` and ``bias_hh``. G is the number of gate blocks: 1 for an RNN,
4 for an LSTM (PyTorch's order i, f, g, o).
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_shape, describe

_GATES = {"RNN": 1, "RNNCell": 1, "LSTM": 4, "LSTMCell": 4}


def _module_kind(module) -> tuple[str, int]:
    kind = type(module).__name__
    if kind not in _GATES:
        raise TypeError(f"module must be one of torch.nn.{', '.join(_GATES)}, got {describe(module)}")
    return kind, _GATES[kind]


def _param_names(module, layer: int, reverse: bool) -> list[str]:
    kind, _ = _module_kind(module)
    if kind.endswith("Cell"):
        if layer != 0 or reverse:
            raise ValueError(f"a {kind} has a single layer and direction, got layer={layer}, reverse={reverse}")
        return ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
    if not 0 <= layer < module.num_layers:
        raise ValueError(f"layer must be in [0, {module.num_layers - 1}] for this {kind}, got {layer}")
    if reverse and not module.bidirectional:
        raise ValueError(f"reverse=True needs a bidirectional {kind}, but this one is unidirectional")
    suffix = f"_l{layer}" + ("_reverse" if reverse else "")
    return [name + suffix for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]


def params_from_torch(module, layer: int = 0, reverse: bool = False) -> dict[str, np.ndarray]:
    """Read one layer's weights of a ``torch.nn`` RNN/LSTM (or their cells) as float64 NumPy arrays.

    Args:
        module: ``nn.RNN``, ``nn.RNNCell``, ``nn.LSTM`` or ``nn.LSTMCell``.
        layer: which stacked layer (0 is the one that reads the input).
        reverse: the backward direction of a bidirectional module.

    Returns:
        ``{"Wx": (D, G*H), "Wh": (H, G*H), "b": (G*H,)}`` with G = 1 for an RNN and 4 for an LSTM (gate blocks
        in PyTorch's order i, f, g, o). ``b`` is ``bias_ih + bias_hh`` (zeros for ``bias=False``).
    """
    names = _param_names(module, layer, reverse)
    tensors = {name: getattr(module, name, None) for name in names}
    w_ih, w_hh, b_ih, b_hh = (None if t is None else t.detach().cpu().double().numpy() for t in tensors.values())
    bias = np.zeros(w_ih.shape[0]) if b_ih is None else b_ih + b_hh
    return {"Wx": w_ih.T.copy(), "Wh": w_hh.T.copy(), "b": bias}


def params_to_torch(module, Wx, Wh, b, layer: int = 0, reverse: bool = False) -> None:
    """Write NumPy weights into one layer of a ``torch.nn`` RNN/LSTM (or cell), in place.

    ``Wx`` is (D, G*H), ``Wh`` is (H, G*H) and ``b`` is (G*H,), as returned by ``params_from_torch``. The whole
    bias goes into ``bias_ih`` and ``bias_hh`` is set to zero, so the module computes exactly ``x @ Wx +
    h @ Wh + b``. The arrays are converted to the module's dtype and device.
    """
    import torch

    names = _param_names(module, layer, reverse)
    kind, gates = _module_kind(module)
    w_ih = getattr(module, names[0])
    GH, D = w_ih.shape
    blocks = "H" if gates == 1 else f"{gates}H"
    Wx = as_float_array("Wx", Wx, ndim=2)
    check_shape("Wx", Wx, (D, GH), f"(D, {blocks}) for this {kind} layer")
    check_shape("Wh", as_float_array("Wh", Wh, ndim=2), (GH // gates, GH), f"(H, {blocks}) for this {kind}")
    check_shape("b", as_float_array("b", b, ndim=1), (GH,), f"({blocks},) for this {kind}")
    has_bias = getattr(module, names[2], None) is not None
    if not has_bias and np.any(b != 0):
        raise ValueError(f"this {kind} was built with bias=False, so b must be all zeros")
    with torch.no_grad():
        for name, value in zip(names[:2], (Wx.T, Wh.T), strict=True):
            target = getattr(module, name)
            target.copy_(torch.as_tensor(np.ascontiguousarray(value), dtype=target.dtype, device=target.device))
        if has_bias:
            bias_ih, bias_hh = getattr(module, names[2]), getattr(module, names[3])
            bias_ih.copy_(torch.as_tensor(b, dtype=bias_ih.dtype, device=bias_ih.device))
            bias_hh.zero_()
