"""Recurrent cells from scratch in NumPy (forward returns a cache), and weight copying to/from ``torch.nn``.

Shapes use one alphabet: B batch, T time, D input, H hidden; gate blocks are stacked as ``4H`` or ``3H``.
Each cell lives in its own module; the names below are the public API.
"""

from .bidirectional import bidirectional_forward, reverse_time
from .clipping import clip_grad_norm, global_norm
from .gru import gru_forward, gru_params_from_torch, gru_params_to_torch, gru_step_forward
from .lstm import lstm_forward, lstm_stack_forward, lstm_step_forward
from .rnn import rnn_backward, rnn_forward, rnn_step_backward, rnn_step_forward
from .weights import params_from_torch, params_to_torch

__all__ = ["rnn_forward", "rnn_step_forward", "rnn_backward", "rnn_step_backward",
           "clip_grad_norm", "global_norm", "params_from_torch", "params_to_torch",
           "gru_step_forward", "gru_forward", "gru_params_from_torch", "gru_params_to_torch",
           "lstm_step_forward", "lstm_forward", "lstm_stack_forward",
           "bidirectional_forward", "reverse_time"]
