"""Parameter counts of PyTorch's recurrent layers, from the formula (no module is built)."""

from __future__ import annotations

from .validation import check_positive_int

GATE_BLOCKS = {"RNN": 1, "GRU": 3, "LSTM": 4}
"""Gate blocks per layer and direction: the tanh RNN has one, the GRU three (r, z, n), the LSTM four (i, f, g, o)."""


def recurrent_param_count(cell: str, input_size: int, hidden_size: int, num_layers: int = 1,
                          bidirectional: bool = False, bias: bool = True) -> int:
    """Trainable parameters of ``nn.RNN``, ``nn.GRU`` or ``nn.LSTM`` (``proj_size=0``), from the formula.

    Every layer and direction has G gate blocks (G = 1, 3, 4 for ``cell`` = "RNN", "GRU", "LSTM"), each with an
    (H, D_l) input matrix, an (H, H) hidden matrix and, with ``bias``, two (H,) biases; D_l is ``input_size`` for
    layer 0 and ``hidden_size × directions`` above it (a layer reads both directions of the layer below).
    """
    if cell not in GATE_BLOCKS:
        raise ValueError(f"cell must be one of {sorted(GATE_BLOCKS)}, got {cell!r}")
    input_size = check_positive_int("input_size", input_size)
    hidden_size = check_positive_int("hidden_size", hidden_size)
    num_layers = check_positive_int("num_layers", num_layers)
    directions = 2 if bidirectional else 1
    per_block = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        weights = hidden_size * layer_input + hidden_size * hidden_size  # one block's W_ih and W_hh
        per_block += directions * (weights + (2 * hidden_size if bias else 0))  # and its b_ih and b_hh
    return GATE_BLOCKS[cell] * per_block
