"""Chapter 03's gradient-flow explorer: how much gradient reaches each input step, RNN against LSTM."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import plotting, seeds
from ..validation import check_positive_int
from .frontend import api, connect


def input_gradient_norms(module, x, readout) -> np.ndarray:
    """How strongly a loss on the *last* hidden state reacts to the input at each time step.

    Args:
        module: an ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU`` with ``batch_first=True`` (one layer or more).
        x: (B, T, D) float tensor of inputs.
        readout: (H,) tensor; the loss is ``L = mean over the batch of readout · h_T`` (top layer).

    Returns:
        (T,) NumPy array whose entry t is the batch mean of ``||dL/dx_t||`` (entry 0 is the first step).
    """
    import torch

    x = x.detach().clone().requires_grad_(True)
    output, _ = module(x)  # (B, T, H)
    loss = (output[:, -1] @ readout).sum()
    (grad,) = torch.autograd.grad(loss, x)  # (B, T, D)
    return grad.norm(dim=-1).mean(dim=0).detach().cpu().numpy()


def rnn_vs_lstm_gradients(seq_len: int = 100, hidden_size: int = 32, forget_bias: float = 1.0,
                          seed: int = 0) -> dict[str, np.ndarray]:
    """``input_gradient_norms`` of a fresh ``nn.RNN`` and a fresh ``nn.LSTM`` on the same adding-problem batch.

    Both have PyTorch's default initialisation (seeded); the LSTM's forget-gate bias is set to ``forget_bias``
    (``bias_ih[H:2H] = forget_bias``, ``bias_hh[H:2H] = 0``). The input is 16 sequences of the adding problem
    and the readout the same random unit vector for both.

    Returns:
        ``{"RNN": (T,), "LSTM": (T,)}`` gradient norms, index 0 for the first time step.
    """
    import torch

    from ..data import make_adding_problem

    seq_len = check_positive_int("seq_len", seq_len)
    hidden_size = check_positive_int("hidden_size", hidden_size)
    x, _ = make_adding_problem(16, max(seq_len, 2), seed=seed)
    x = x[:, :seq_len].double()
    generator = seeds.torch_generator(seed)
    readout = torch.randn(hidden_size, generator=generator, dtype=torch.float64)
    readout /= readout.norm()
    norms = {}
    for name, kind in (("RNN", torch.nn.RNN), ("LSTM", torch.nn.LSTM)):
        torch.manual_seed(seeds.book_seed(seed))
        module = kind(2, hidden_size, batch_first=True).double()
        if name == "LSTM":
            with torch.no_grad():
                module.bias_ih_l0[hidden_size : 2 * hidden_size] = forget_bias
                module.bias_hh_l0[hidden_size : 2 * hidden_size] = 0.0
        norms[name] = input_gradient_norms(module, x, readout)
    return norms


def plot_rnn_vs_lstm_gradients(seq_len: int = 100, hidden_size: int = 32, forget_biases=(0.0, 1.0, 3.0),
                               seed: int = 0, ax=None):
    """One curve for the RNN and one per LSTM forget-gate bias: ``||dL/dx_t||`` against t, on a log scale."""
    curves = {}
    for forget_bias in forget_biases:
        norms = rnn_vs_lstm_gradients(seq_len, hidden_size, forget_bias, seed)
        curves.setdefault("vanilla RNN (tanh)", norms["RNN"])
        curves[f"LSTM, forget-gate bias {forget_bias:g}"] = norms["LSTM"]
    return plotting.plot_curves(
        curves, xlabel="time step t (the loss is computed from the last state, t = T)",
        ylabel=r"$\|\partial L / \partial x_t\|$", logy=True, ax=ax,
        title=f"Gradient reaching each input step, at initialisation (H = {hidden_size})")


def gradient_flow_explorer(seq_len: int = 100, hidden_size: int = 32, forget_bias: float = 1.0, seed: int = 0):
    """Sliders for the sequence length, the hidden size and the LSTM's forget-gate bias; returns the widget.

    Shows ``rnn_vs_lstm_gradients``: the gradient of a loss on the last state with respect to every input step,
    for an RNN and an LSTM at initialisation. Without a widget front end, draws the static comparison for
    forget-gate biases 0, 1 and 3 and returns None.
    """
    if not api().has_widget_frontend():
        api().plot_rnn_vs_lstm_gradients(seq_len, hidden_size, (0.0, 1.0, 3.0), seed)
        plt.show()
        return None
    import ipywidgets as widgets

    length = widgets.IntSlider(value=seq_len, min=10, max=300, step=10, description="length T")
    hidden = widgets.IntSlider(value=hidden_size, min=4, max=128, step=4, description="hidden H")
    bias = widgets.FloatSlider(value=forget_bias, min=-3.0, max=6.0, step=0.5, description="forget bias")

    def draw():
        api().plot_rnn_vs_lstm_gradients(length.value, hidden.value, (bias.value,), seed)

    output = connect((length, hidden, bias), draw)
    return widgets.VBox([widgets.HBox([length, hidden, bias]), output])
