"""How many operations autograd recorded: a stopwatch-free view of whether a recurrent layer ran fused.

Chapter 04 teaches the count (a fused oneDNN LSTM layer is one operation, a GRU or a packed batch of different
lengths a handful per time step); chapter 06 uses it to explain why packing can be slower on a CPU.
"""

from __future__ import annotations

import torch
from torch.nn.utils.rnn import PackedSequence


def autograd_nodes(module, inputs) -> int:
    """Number of distinct nodes in the backward graph of ``module(inputs)[0]``.

    Args:
        module: a callable returning a tuple or list whose first item is a tensor or a ``PackedSequence``
            (``nn.RNN``/``nn.LSTM``/``nn.GRU`` return ``output, state``), e.g. for x (B, T, D).
        inputs: what ``module`` is called with (a tensor or a ``PackedSequence``).

    Returns:
        the number of backward nodes reachable from the output, the output's own node and the
        ``AccumulateGrad`` nodes of the parameters included.
    """
    if not callable(module):
        raise TypeError(f"module must be callable (e.g. an nn.LSTM), got {type(module).__name__}")
    result = module(inputs)
    if not isinstance(result, (tuple, list)) or not result:
        raise TypeError(f"module(inputs) must return a tuple like (output, state), got {type(result).__name__}")
    output = result[0].data if isinstance(result[0], PackedSequence) else result[0]
    if not isinstance(output, torch.Tensor) or output.grad_fn is None:
        raise ValueError("module(inputs)[0] has no autograd graph: does a parameter or the input require grad, "
                         "and is it run outside torch.no_grad()?")
    seen, stack = set(), [output.grad_fn]
    while stack:
        node = stack.pop()
        if node is not None and node not in seen:
            seen.add(node)
            stack.extend(next_node for next_node, _ in node.next_functions)
    return len(seen)
