"""Chapter 11's explorer: how far back a linear recurrence ``h_t = λ h_{t−1} + b_t`` remembers, against its
eigenvalue ``λ = r e^{iθ}`` (for a minGRU unit, ``λ = a_t = 1 − z_t``: the update gate sets the memory).

Call ``widgets.linear_memory_explorer()`` (``from utils import widgets``).
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt

from ..plotting import parallel as parallel_plots
from .frontend import api, connect

STATIC_MAGNITUDES = (0.5, 0.9, 0.99, 0.999)


def linear_memory_explorer(magnitude: float = 0.95, angle: float = 0.0, steps: int = 200):
    """Sliders for ``|λ|`` and the angle ``θ`` (and the number of steps shown); returns the widget.

    Draws ``utils.plotting.parallel.plot_memory_horizon`` for the chosen ``|λ|``. Without a widget front end,
    draws it for ``|λ|`` = 0.5, 0.9, 0.99 and 0.999 (θ = 0) and returns None.
    """
    if not 0 <= magnitude < 1:
        raise ValueError(f"magnitude must lie in [0, 1), got {magnitude}")
    if not api().has_widget_frontend():
        parallel_plots.plot_memory_horizon(STATIC_MAGNITUDES, 0.0, steps)
        plt.show()
        return None
    import ipywidgets as widgets

    style = {"description_width": "initial"}
    radius = widgets.FloatSlider(value=magnitude, min=0.0, max=0.999, step=0.001, readout_format=".3f",
                                 description="|λ| = 1 − z", style=style)
    theta = widgets.FloatSlider(value=angle, min=0.0, max=math.pi, step=0.05, description="angle θ (rad)",
                                style=style)
    length = widgets.IntSlider(value=steps, min=20, max=2000, step=20, description="steps shown", style=style)

    def draw():
        parallel_plots.plot_memory_horizon([radius.value], theta.value, length.value)

    output = connect((radius, theta, length), draw)
    return widgets.VBox([widgets.HBox([radius, theta, length]), output])
