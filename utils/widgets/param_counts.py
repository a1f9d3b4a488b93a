"""Chapters 03–05's explorer: parameter counts of RNN, GRU and LSTM layers side by side."""

from __future__ import annotations

import matplotlib.pyplot as plt

from .. import plotting
from ..params import recurrent_param_count
from .frontend import api, connect


def _setting_label(input_size, hidden_size, num_layers, bidirectional):
    layers = f"{num_layers} layer" + ("s" if num_layers > 1 else "")
    return f"D={input_size}, H={hidden_size}, {layers}" + (", bidirectional" if bidirectional else "")


def plot_param_comparison(input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False,
                          ax=None):
    """Bars of ``utils.params.recurrent_param_count`` for RNN, GRU and LSTM at one setting; returns the ax."""
    counts = {cell: recurrent_param_count(cell, input_size, hidden_size, num_layers, bidirectional)
              for cell in ("RNN", "GRU", "LSTM")}
    return plotting.plot_param_counts(counts, ax=ax,
                                      title=_setting_label(input_size, hidden_size, num_layers, bidirectional))


def param_comparison_explorer(input_size: int = 10, hidden_size: int = 64, num_layers: int = 1,
                              bidirectional: bool = False):
    """Sliders for D, H and the number of layers and a bidirectional switch; bars of the RNN/GRU/LSTM counts.

    Returns the widget. Without a widget front end, draws four representative settings (1 and 2 layers,
    bidirectional, and four times D and H) and returns None.
    """
    if not api().has_widget_frontend():
        settings = [(input_size, hidden_size, 1, False), (input_size, hidden_size, 2, False),
                    (input_size, hidden_size, 2, True), (4 * input_size, 4 * hidden_size, 1, False)]
        _, axes = plt.subplots(1, 4, figsize=(16, 3.6))
        for ax, setting in zip(axes, settings, strict=True):
            api().plot_param_comparison(*setting, ax=ax)
        plt.tight_layout()
        plt.show()
        return None
    import ipywidgets as widgets

    d = widgets.IntSlider(value=input_size, min=1, max=512, description="input D")
    h = widgets.IntSlider(value=hidden_size, min=1, max=512, description="hidden H")
    layers = widgets.IntSlider(value=num_layers, min=1, max=4, description="layers")
    both = widgets.Checkbox(value=bidirectional, description="bidirectional")

    def draw():
        api().plot_param_comparison(d.value, h.value, layers.value, both.value)

    output = connect((d, h, layers, both), draw)
    return widgets.VBox([widgets.HBox([d, h]), widgets.HBox([layers, both]), output])
