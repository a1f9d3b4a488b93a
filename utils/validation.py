"""Argument checks shared by the public functions of ``utils``.

Each check raises ``TypeError`` or ``ValueError`` with a message that names the argument, what was
expected and what was given, so that a learner never has to decode a broadcasting error.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def describe(value) -> str:
    """A short description of ``value``: type, and shape and dtype for arrays and tensors."""
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is not None and dtype is not None:
        return f"{type(value).__name__} of shape {tuple(shape)} and dtype {dtype}"
    return type(value).__name__


def as_float_array(name: str, value, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a floating NumPy array, or raise a clear error.

    Accepts NumPy arrays (any floating dtype) and rejects integers, booleans, lists of ragged lengths and
    torch tensors (call ``.detach().cpu().numpy()`` first, so that the choice is explicit).
    """
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of floats, got {describe(value)}")
    if not np.issubdtype(value.dtype, np.floating):
        raise TypeError(f"{name} must have a floating dtype (float32 or float64), got dtype {value.dtype}")
    if ndim is not None and value.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {value.shape} ({value.ndim} dims)")
    return value


def check_shape(name: str, value: np.ndarray, expected: Sequence[int | None], meaning: str = "") -> None:
    """Raise ``ValueError`` unless ``value.shape`` matches ``expected`` (``None`` matches any size).

    ``meaning`` is a shape written with names, e.g. ``"(B, H)"``, added to the message.
    """
    shape = tuple(value.shape)
    ok = len(shape) == len(expected) and all(e is None or e == s for e, s in zip(expected, shape, strict=True))
    if not ok:
        wanted = "(" + ", ".join("any" if e is None else str(e) for e in expected) + ")"
        named = f" {meaning}" if meaning else ""
        raise ValueError(f"{name} must have shape{named} = {wanted}, got {shape}")


def check_positive_int(name: str, value) -> int:
    """Return ``value`` if it is a positive ``int`` (not a bool), else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive int, got {describe(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive int, got {value}")
    return int(value)


def check_cell_args(x, h_prev, Wx, Wh, b, gates: int = 1, bias_name: str = "b") -> None:
    """Validate one recurrent step's arguments: x (B, D), h_prev (B, H), Wx (D, G*H), Wh (H, G*H), b (G*H,).

    ``bias_name`` is how the bias is called in the caller's signature (e.g. ``"b_ih"`` for a GRU).
    """
    x = as_float_array("x", x, ndim=2)
    h_prev = as_float_array("h_prev", h_prev, ndim=2)
    Wx = as_float_array("Wx", Wx, ndim=2)
    Wh = as_float_array("Wh", Wh, ndim=2)
    b = as_float_array(bias_name, b, ndim=1)
    B, D = x.shape
    H = h_prev.shape[1]
    hidden = f"{gates}H" if gates > 1 else "H"
    check_shape("h_prev", h_prev, (B, H), "(B, H) with B from x")
    check_shape("Wx", Wx, (D, gates * H), f"(D, {hidden}) with D from x and H from h_prev")
    check_shape("Wh", Wh, (H, gates * H), f"(H, {hidden}) with H from h_prev")
    check_shape(bias_name, b, (gates * H,), f"({hidden},) with H from h_prev")
