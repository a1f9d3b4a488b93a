"""Recurrent cells from scratch in NumPy (forward returns a cache), and weight copying to/from ``torch.nn``.

Shapes use one alphabet: B batch, T time, D input, H hidden; gate blocks are stacked as ``4H`` or ``3H``.
Each cell lives in its own module; the names below are the public API.
"""

from .rnn import rnn_forward, rnn_step_forward
from .weights import params_from_torch, params_to_torch

__all__ = ["rnn_forward", "rnn_step_forward", "params_from_torch", "params_to_torch"]
