"""Chapter 01's explorer: what a tanh RNN keeps of one input pulse (its activity, and its memory of the pulse)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import plotting, seeds
from ..scratch import rnn_forward
from ..validation import check_positive_int
from .frontend import api, connect


def random_recurrent_matrix(hidden_size: int, spectral_radius: float, seed: int = 0) -> np.ndarray:
    """A random (H, H) Gaussian matrix rescaled so that its largest |eigenvalue| equals ``spectral_radius``."""
    if spectral_radius < 0:
        raise ValueError(f"spectral_radius must be non-negative, got {spectral_radius}")
    rng = seeds.rng(seed)
    W = rng.normal(size=(hidden_size, hidden_size))
    return W * (spectral_radius / np.max(np.abs(np.linalg.eigvals(W))))


def _check_pulse_args(seq_len, hidden_size, input_scale):
    seq_len = check_positive_int("seq_len", seq_len)
    hidden_size = check_positive_int("hidden_size", hidden_size)
    if not input_scale >= 0:
        raise ValueError(f"input_scale must be non-negative, got {input_scale}")
    return seq_len, hidden_size


def pulse_states(spectral_radius: float, seq_len: int = 40, hidden_size: int = 32, input_scale: float = 1.0,
                 pulse: float = 1.0, seed: int = 0) -> np.ndarray:
    """The states of a tanh RNN that reads one pulse of height ``pulse`` at step 1 and zeros afterwards.

    ``h_t = tanh(x_t Wx + h_{t-1} Wh)`` from ``h_0 = 0`` with zero bias, ``Wx`` (1, H) Gaussian times
    ``input_scale`` and ``Wh = random_recurrent_matrix(H, spectral_radius, seed)``.

    Returns:
        (T, H) array; row t - 1 is h_t.
    """
    seq_len, hidden_size = _check_pulse_args(seq_len, hidden_size, input_scale)
    rng = seeds.rng(seed + 1)
    Wx = rng.normal(size=(1, hidden_size)) * input_scale  # (1, H)
    Wh = random_recurrent_matrix(hidden_size, spectral_radius, seed)  # (H, H)
    x = np.zeros((1, seq_len, 1))
    x[0, 0, 0] = pulse
    h, _ = rnn_forward(x, np.zeros((1, hidden_size)), Wx, Wh, np.zeros(hidden_size))
    return h[0]  # (T, H)


def pulse_response(spectral_radius: float, seq_len: int = 40, hidden_size: int = 32, input_scale: float = 1.0,
                   seed: int = 0, pulse: float = 1.0) -> np.ndarray:
    """``||h_t||`` for the RNN of ``pulse_states``: (T,).

    Below spectral radius 1 the zero state is stable and ``||h_t||`` is the fading trace of the pulse. Above 1
    the zero state is unstable: any pulse, however small, grows into self-sustained activity of about the same
    size, so ``||h_t||`` no longer says how much of the pulse is remembered (``pulse_distance`` does).
    """
    return np.linalg.norm(pulse_states(spectral_radius, seq_len, hidden_size, input_scale, pulse, seed), axis=1)


def pulse_distance(spectral_radius: float, seq_len: int = 40, hidden_size: int = 32, input_scale: float = 1.0,
                   seed: int = 0, pulses: tuple[float, float] = (1.0, 0.5)) -> np.ndarray:
    """``||h_t(a) - h_t(b)||`` for two pulses ``pulses = (a, b)`` read by the same RNN: (T,).

    What the state still holds about *which* pulse came in: if the network has forgotten it, the two responses
    coincide and the distance is zero, whatever ``||h_t||`` is.
    """
    if len(pulses) != 2 or pulses[0] == pulses[1]:
        raise ValueError(f"pulses must be two different heights, got {pulses!r}")
    first, second = (pulse_states(spectral_radius, seq_len, hidden_size, input_scale, p, seed) for p in pulses)
    return np.linalg.norm(first - second, axis=1)


_SMALL_PULSE = 1e-4


def plot_pulse_responses(spectral_radii, seq_len: int = 40, input_scale: float = 1.0, axes=None):
    """Two panels per call, one colour per spectral radius, log scales.

    Left: ``||h_t||`` after a pulse of height 1 (solid) and of height 10⁻⁴ (dashed). Right: the distance
    between the responses to pulses of height 1 and ½ (``pulse_distance``), what the state remembers.
    Returns the two axes.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12, 3.8))
    left, right = axes
    steps = np.arange(1, seq_len + 1)
    markers = ["o", "s", "^", "D", "v", "P"]
    for index, r in enumerate(spectral_radii):
        color, marker = plotting.CYCLE[index % len(plotting.CYCLE)], markers[index % len(markers)]
        style = {"color": color, "marker": marker, "markevery": max(1, seq_len // 8), "markersize": 4}
        left.plot(steps, pulse_response(r, seq_len, input_scale=input_scale), label=f"ρ = {r:g}, pulse 1", **style)
        left.plot(steps, pulse_response(r, seq_len, input_scale=input_scale, pulse=_SMALL_PULSE), linestyle="--",
                  label=f"ρ = {r:g}, pulse $10^{{-4}}$", **style)
        right.plot(steps, pulse_distance(r, seq_len, input_scale=input_scale), label=f"ρ = {r:g}", **style)
    left.set_ylabel(r"$\|h_t\|$")
    left.set_title("Activity: $\\|h_t\\|$ after one pulse at t = 1")
    right.set_ylabel(r"$\|h_t(1) - h_t(\frac{1}{2})\|$")
    right.set_title("Memory: distance between the responses to pulses 1 and ½")
    for ax in axes:
        ax.set_yscale("log")
        ax.set_ylim(1e-16, 30)
        plotting.decade_ticks(ax)
        ax.set_xlabel("time step t")
        ax.legend(fontsize=7, ncol=2 if ax is left and len(spectral_radii) > 2 else 1)
    return axes


def rnn_memory_explorer(spectral_radius: float = 0.9, seq_len: int = 40, input_scale: float = 1.0):
    """Sliders for the spectral radius of W_hh, the sequence length and the input scale; returns the widget.

    Draws the two panels of ``plot_pulse_responses``. Without a widget front end, draws them for the radii 0.5,
    0.9, 1.0 and 1.5 and returns None.
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
