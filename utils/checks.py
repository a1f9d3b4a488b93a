"""Helpers for exercise tests: independent references and messages that say *what* is wrong.

Every check raises ``AssertionError`` with a readable message (so nbgrader shows it as feedback) and returns
``None`` (so a check on a test cell's last line is never mistaken for partial credit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .validation import describe


def to_numpy(value) -> np.ndarray:
    """A NumPy copy of ``value`` (a NumPy array, a torch tensor, or something ``np.asarray`` accepts)."""
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def relative_error(actual, expected) -> float:
    """max |a − e| / max(|a| + |e|), the scale-free error used for gradient checks (0 for two zero arrays)."""
    a, e = to_numpy(actual).astype(np.float64), to_numpy(expected).astype(np.float64)
    if a.shape != e.shape:
        raise ValueError(f"actual and expected must have the same shape, got {a.shape} and {e.shape}")
    denominator = np.maximum(np.abs(a) + np.abs(e), 1e-300)
    return float(np.max(np.abs(a - e) / denominator)) if a.size else 0.0


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at ``x`` (any shape, float64 recommended).

    ``x`` is perturbed in place one entry at a time and restored, so ``f`` may close over it.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"x must be a floating NumPy array, got {describe(x)}")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        plus = f(x)
        x[index] = saved - eps
        minus = f(x)
        x[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def check_type(name: str, value, expected: type | tuple[type, ...]) -> None:
    """Assert that ``value`` is an instance of ``expected``; the message names both types."""
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise AssertionError(f"{name} should be a {names}, but it is a {describe(value)}")


def check_shape(name: str, value, expected: Sequence[int], meaning: str = "") -> None:
    """Assert that ``value`` has shape ``expected``; ``meaning`` names the axes, e.g. ``"(B, T, H)"``."""
    shape = tuple(getattr(value, "shape", ()))
    if shape != tuple(expected):
        named = f" {meaning}" if meaning else ""
        hint = ""
        if sorted(shape) == sorted(expected):
            hint = " — the right sizes in the wrong order: check which axis is batch, time and features"
        raise AssertionError(f"{name} should have shape{named} = {tuple(expected)}, but it has shape {shape}{hint}")


def assert_close(
    name: str,
    actual,
    expected,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    known_mistakes: Mapping[str, object] | None = None,
) -> None:
    """Assert that ``actual`` matches ``expected`` elementwise, explaining the mismatch.

    Args:
        name: what is compared, used in the message (e.g. ``"rnn_forward(x, h0, ...)"``).
        actual, expected: arrays or tensors of the same shape.
        rtol, atol: tolerances as in ``np.allclose``.
        known_mistakes: ``{description: what that mistake would produce}``; if ``actual`` matches one of them
            the message says so (e.g. ``{"tanh is missing": x @ Wx + h @ Wh + b}``). Entries whose value is
            ``None`` are skipped (a mistake that cannot be formed for these shapes).
    """
    a, e = to_numpy(actual), to_numpy(expected)
    a, e = (v.astype(np.int64) if v.dtype == bool else v for v in (a, e))  # masks compare as 0/1
    check_shape(name, a, e.shape)
    if not np.all(np.isfinite(a)):
        raise AssertionError(f"{name} contains NaN or infinite values")
    if np.allclose(a, e, rtol=rtol, atol=atol):
        return
    for description, wrong in (known_mistakes or {}).items():
        if wrong is None:
            continue
        w = to_numpy(wrong)
        if w.shape == a.shape and np.allclose(a, w, rtol=rtol, atol=atol):
            raise AssertionError(f"{name} is not correct: it matches what you get when {description}")
    error = np.abs(a - e)
    where = np.unravel_index(np.argmax(error), error.shape)
    raise AssertionError(
        f"{name} is not correct: largest difference {error.max():.3g} at index {tuple(int(i) for i in where)} "
        f"(got {a[where]:.6g}, expected {e[where]:.6g})"
    )


def torch_rnn_reference(x, h0, Wx, Wh, b) -> np.ndarray:
    """All hidden states of ``torch.nn.RNN`` (tanh) with the given weights, in float64: the reference answer.

    Shapes as in ``utils.scratch.rnn_forward``: x (B, T, D), h0 (B, H), Wx (D, H), Wh (H, H), b (H,) →
    (B, T, H). The weights are copied into a fresh module, so this does not depend on any NumPy code.
    """
    import torch

    from .scratch import params_to_torch

    x, h0, Wx, Wh, b = (np.asarray(v, dtype=np.float64) for v in (x, h0, Wx, Wh, b))
    rnn = torch.nn.RNN(Wx.shape[0], Wx.shape[1], batch_first=True).double()
    params_to_torch(rnn, Wx, Wh, b)
    with torch.no_grad():
        out, _ = rnn(torch.from_numpy(x), torch.from_numpy(h0)[None])
    return out.numpy()
