"""Chapter 01's explorer: how long a tanh RNN keeps a trace of one input pulse."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import plotting
from ..scratch import rnn_forward
from .frontend import api, connect


def random_recurrent_matrix(hidden_size: int, spectral_radius: float, seed: int = 0) -> np.ndarray:
    """A random (H, H) Gaussian matrix rescaled so that its largest |eigenvalue| equals ``spectral_radius``."""
    if spectral_radius < 0:
        raise ValueError(f"spectral_radius must be non-negative, got {spectral_radius}")
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(hidden_size, hidden_size))
    return W * (spectral_radius / np.max(np.abs(np.linalg.eigvals(W))))


def pulse_response(spectral_radius: float, seq_len: int = 40, hidden_size: int = 32, input_scale: float = 1.0,
                   seed: int = 0) -> np.ndarray:
    """How strongly a tanh RNN still "remembers" a single input pulse after t steps.

    The RNN reads a pulse at step 1 and zeros afterwards, from h0 = 0 with zero bias. Returns the (T,) array of
    ``||h_t||``: the only reason h_t is non-zero is the pulse, so its norm measures the pulse's trace.
    """
    rng = np.random.default_rng(seed + 1)
    Wx = rng.normal(size=(1, hidden_size)) * input_scale
    Wh = random_recurrent_matrix(hidden_size, spectral_radius, seed)
    x = np.zeros((1, seq_len, 1))
    x[0, 0, 0] = 1.0
    h, _ = rnn_forward(x, np.zeros((1, hidden_size)), Wx, Wh, np.zeros(hidden_size))
    return np.linalg.norm(h[0], axis=1)  # (T,)


def plot_pulse_responses(spectral_radii, seq_len: int = 40, input_scale: float = 1.0, ax=None):
    """One curve of ``pulse_response`` per spectral radius, on a log scale."""
    curves = {f"spectral radius {r:g}": pulse_response(r, seq_len, input_scale=input_scale) for r in spectral_radii}
    ax = plotting.plot_curves(curves, xlabel="time step t", ylabel=r"$\|h_t\|$ (trace of the pulse)",
                              title="How long a tanh RNN remembers a pulse at t = 1", logy=True, ax=ax)
    ax.set_ylim(1e-12, 10)
    return ax


def rnn_memory_explorer(spectral_radius: float = 0.9, seq_len: int = 40, input_scale: float = 1.0):
    """Sliders for the spectral radius of W_hh, the sequence length and the input scale; returns the widget.

    Without a widget front end, draws the static comparison for radii 0.5, 0.9, 1.0 and 1.5 and returns None.
    """
    if not api().has_widget_frontend():
        api().plot_pulse_responses([0.5, 0.9, 1.0, 1.5], seq_len, input_scale)
        plt.show()
        return None
    import ipywidgets as widgets

    style = {"description_width": "initial"}  # show the whole label
    radius = widgets.FloatSlider(value=spectral_radius, min=0.1, max=2.0, step=0.05, description="radius ρ(W_hh)",
                                 style=style)
    length = widgets.IntSlider(value=seq_len, min=5, max=200, step=5, description="length T", style=style)
    scale = widgets.FloatSlider(value=input_scale, min=0.1, max=5.0, step=0.1, description="input scale", style=style)

    def draw():
        api().plot_pulse_responses([radius.value], length.value, scale.value)

    output = connect((radius, length, scale), draw)
    return widgets.VBox([widgets.HBox([radius, length, scale]), output])
