"""Gradient clipping by global norm, from scratch in NumPy (what ``torch.nn.utils.clip_grad_norm_`` does).

All parameter gradients are treated as one long vector g. If its Euclidean norm ``||g||`` exceeds
``max_norm``, every gradient is multiplied by the same factor ``max_norm / ||g||``, so the update keeps its
direction and only its length is capped; otherwise nothing changes (clipping never scales a gradient up).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..validation import as_float_array, describe


def global_norm(grads: Sequence[np.ndarray]) -> float:
    """The Euclidean norm of all arrays in ``grads`` taken together: sqrt(sum of every squared entry)."""
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)):
        raise TypeError(f"grads must be a list or tuple of NumPy arrays, got {describe(grads)}")
    arrays = [as_float_array(f"grads[{i}]", g) for i, g in enumerate(grads)]
    return float(np.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in arrays)))


def clip_grad_norm(grads: Sequence[np.ndarray], max_norm: float, eps: float = 1e-6):
    """Rescale a list of gradients so that their global norm is at most ``max_norm``.

    Uses the same formula as ``torch.nn.utils.clip_grad_norm_``: the factor is
    ``min(1, max_norm / (total_norm + eps))``; ``eps`` guards against division by zero.

    Args:
        grads: list or tuple of gradient arrays of any shapes (one per parameter tensor).
        max_norm: the largest allowed global norm (a positive number).
        eps: added to the norm in the denominator, as PyTorch does.

    Returns:
        clipped: a new list of arrays, same shapes as ``grads`` (the inputs are not modified).
        total_norm: the global norm *before* clipping, as a float (what ``clip_grad_norm_`` returns).
        An infinite or NaN norm gives NaN gradients, as in PyTorch: clipping cannot repair a gradient that
        has already overflowed.
    """
    if isinstance(max_norm, bool) or not isinstance(max_norm, (int, float, np.floating, np.integer)):
        raise TypeError(f"max_norm must be a positive number, got {describe(max_norm)}")
    if not max_norm > 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    total_norm = global_norm(grads)
    scale = np.minimum(1.0, max_norm / (total_norm + eps))  # never scales up; NaN norm -> NaN
    return [g * scale for g in grads], total_norm
