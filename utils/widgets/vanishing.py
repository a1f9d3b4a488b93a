"""Chapter 02's explorer: how the gradient of a loss on the last state shrinks or grows on its way back."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import plotting, seeds
from ..validation import check_positive_int
from .frontend import api, connect
from .memory import random_recurrent_matrix

NONLINEARITIES = {
    # name: (f(a), f'(a) written with a = pre-activation and h = f(a))
    "tanh": (np.tanh, lambda a, h: 1.0 - h**2),
    "relu": (lambda a: np.maximum(a, 0.0), lambda a, h: (a > 0).astype(a.dtype)),
    "linear": (lambda a: a, lambda a, h: np.ones_like(a)),
}


def _check_nonlinearity(nonlinearity: str) -> None:
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {sorted(NONLINEARITIES)}, got {nonlinearity!r}")


def gradient_norms_vs_distance(spectral_radius: float, seq_len: int = 100, nonlinearity: str = "tanh",
                               hidden_size: int = 64, input_scale: float = 0.1, seed: int = 0) -> np.ndarray:
    """How the gradient of a loss on the last state shrinks or grows as it flows back through an RNN.

    The RNN is ``h_t = f(h_{t-1} @ Wh + x_t)`` with ``Wh = random_recurrent_matrix(H, spectral_radius,
    seed)``, inputs ``x_t ~ N(0, input_scale**2)`` in R^H (``Wx`` is the identity), zero bias, ``h_0 = 0``.
    The loss is ``L = g · h_T`` for a random unit vector g, so ``||dL/dh_T|| = 1``. Backpropagation through
    time multiplies by ``f'(a_t)`` and then by ``Wh.T`` at every step.

    Returns:
        (T,) array whose entry k is ``||dL/dh_{T-k}||``, the gradient norm k steps back (entry 0 is 1).
    """
    _check_nonlinearity(nonlinearity)
    seq_len = check_positive_int("seq_len", seq_len)
    hidden_size = check_positive_int("hidden_size", hidden_size)
    if not input_scale >= 0:
        raise ValueError(f"input_scale must be non-negative, got {input_scale}")
    f, f_prime = NONLINEARITIES[nonlinearity]
    Wh = random_recurrent_matrix(hidden_size, spectral_radius, seed)  # (H, H)
    rng = seeds.rng(seed + 1)
    x = rng.normal(size=(seq_len, hidden_size)) * input_scale  # (T, H)
    h, pre, states = np.zeros(hidden_size), [], []
    for t in range(seq_len):
        a = h @ Wh + x[t]
        h = f(a)
        pre.append(a)
        states.append(h)
    g = rng.normal(size=hidden_size)
    dh = g / np.linalg.norm(g)  # dL/dh_T
    norms = np.empty(seq_len)
    for k, t in enumerate(reversed(range(seq_len))):
        norms[k] = np.linalg.norm(dh)  # ||dL/dh_t|| with t = T - k (1-based)
        dh = (dh * f_prime(pre[t], states[t])) @ Wh.T  # one step back: dL/dh_{t-1}
    return norms


def plot_gradient_norms_vs_distance(spectral_radii, seq_len: int = 100, nonlinearity: str = "tanh",
                                    input_scale: float = 0.1, show_eigenvalue_rule: bool = False, ax=None):
    """One curve of ``gradient_norms_vs_distance`` per spectral radius, on a log scale.

    With ``show_eigenvalue_rule``, a dotted line ``rho**(t-k)`` in each curve's colour shows what the
    eigenvalues alone would predict. The y range fits the measured curves (the dotted lines are cut at its
    edges), so each panel uses its own range.
    """
    curves = {rf"$\rho(W_{{hh}})$ = {r:g}": gradient_norms_vs_distance(r, seq_len, nonlinearity,
                                                                       input_scale=input_scale)
              for r in spectral_radii}
    ax = plotting.plot_gradient_norms(curves, title=f"{nonlinearity} RNN, input scale {input_scale:g}", ax=ax)
    measured = np.concatenate(list(curves.values()))
    measured = measured[np.isfinite(measured) & (measured > 0)]
    low, high = min(measured.min(), 1.0), max(measured.max(), 1.0)
    ax.set_ylim(low / 10 ** 1.5, high * 10 ** 1.5)  # the measured curves and the line at 1, with a margin
    if show_eigenvalue_rule:
        k = np.arange(seq_len)
        for r, line in zip(spectral_radii, ax.get_lines(), strict=False):
            ax.plot(k, np.power(float(r), k), linestyle=":", linewidth=1.4, color=line.get_color())
        handles, labels = ax.get_legend_handles_labels()
        handles.append(Line2D([], [], linestyle=":", linewidth=1.4, color="0.4"))
        labels.append(r"dotted: $\rho^{t-k}$ (eigenvalues alone)")
        ax.legend(handles, labels, fontsize=8)
    return ax


def vanishing_gradient_explorer(spectral_radius: float = 1.0, seq_len: int = 100, nonlinearity: str = "tanh",
                                input_scale: float = 0.1):
    """Sliders for the spectral radius of W_hh, the sequence length, the nonlinearity and the input scale.

    Shows ``||dL/dh_k||`` against the distance ``T - k`` on a log scale (with the ``rho**(T-k)`` that the
    eigenvalues alone would predict) and returns the widget. Without a widget front end, draws a static figure
    (one panel per nonlinearity, each with its own y range, radii 0.5, 0.9, 1.0, 1.1 and 1.5, each with its
    dotted ``rho**(T-k)``) and returns None.
    """
    _check_nonlinearity(nonlinearity)
    if not api().has_widget_frontend():
        _, axes = plt.subplots(1, 3, figsize=(16, 4.4), layout="constrained")
        for ax, name in zip(axes, NONLINEARITIES, strict=True):
            api().plot_gradient_norms_vs_distance([0.5, 0.9, 1.0, 1.1, 1.5], seq_len, name, input_scale,
                                                  show_eigenvalue_rule=True, ax=ax)
        plt.show()
        return None
    import ipywidgets as widgets

    radius = widgets.FloatSlider(value=spectral_radius, min=0.1, max=2.0, step=0.05, description="radius ρ")
    length = widgets.IntSlider(value=seq_len, min=5, max=200, step=5, description="length T")
    kind = widgets.Dropdown(options=list(NONLINEARITIES), value=nonlinearity, description="nonlinearity")
    scale = widgets.FloatLogSlider(value=input_scale, base=10, min=-3, max=1, step=0.1,
                                   description="input scale")

    def draw():
        api().plot_gradient_norms_vs_distance([radius.value], length.value, kind.value, scale.value,
                                              show_eigenvalue_rule=True)

    output = connect((radius, length, kind, scale), draw)
    return widgets.VBox([widgets.HBox([radius, length]), widgets.HBox([kind, scale]), output])
