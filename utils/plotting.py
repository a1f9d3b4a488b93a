"""Figure helpers with one consistent, colour-blind-safe style (the Okabe–Ito palette).

Every helper draws on an ``ax`` (created when not given), labels its axes, sets a title and returns the ``ax``,
so a chapter can combine them or adjust one detail without copying plotting code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

# Okabe & Ito (2008), distinguishable under the common forms of colour blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
CYCLE = [PALETTE[name] for name in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]


def use_book_style() -> None:
    """Apply the book's matplotlib style: palette, readable sizes, light grid, no top/right spines."""
    plt.rcParams.update(
        {
            "axes.prop_cycle": plt.cycler(color=CYCLE),
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "savefig.dpi": 120,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "image.cmap": "cividis",
        }
    )


def _new_ax(ax, figsize=None):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _box(ax, xy, text, color, width=0.8, height=0.5):
    x, y = xy
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.04",
            facecolor=color, edgecolor="black", linewidth=1.0, alpha=0.9,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=10)


def _arrow(ax, start, end, label=None, color="black", label_offset=(0.0, 0.12)):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=color, linewidth=1.2))
    if label:
        mx, my = (start[0] + end[0]) / 2 + label_offset[0], (start[1] + end[1]) / 2 + label_offset[1]
        ax.text(mx, my, label, ha="center", va="center", fontsize=8, color=color)


def _diagram_frame(ax, title, xlim, ylim):
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("time →")
    ax.set_title(title)


def plot_unrolled_rnn(n_steps: int = 4, ax=None, title: str | None = None):
    """Draw an RNN folded (a cell with a loop) and unrolled over ``n_steps`` steps with shared weights."""
    if not isinstance(n_steps, int) or not 1 <= n_steps <= 8:
        raise ValueError(f"n_steps must be an int between 1 and 8, got {n_steps!r}")
    ax = _new_ax(ax, figsize=(3.0 + 1.6 * n_steps, 3.4))
    # Folded view on the left.
    _box(ax, (0, 1), "RNN", PALETTE["sky"])
    _box(ax, (0, 0), "$x_t$", PALETTE["yellow"], width=0.5, height=0.35)
    _box(ax, (0, 2), "$y_t$", PALETTE["orange"], width=0.5, height=0.35)
    _arrow(ax, (0, 0.18), (0, 0.74))
    _arrow(ax, (0, 1.26), (0, 1.82))
    ax.add_patch(FancyArrowPatch((0.4, 1.15), (0.4, 0.85), connectionstyle="arc3,rad=-3", arrowstyle="-|>",
                                 mutation_scale=12, color=PALETTE["blue"], linewidth=1.2))
    ax.text(0.92, 1.0, "$W_{hh}$", color=PALETTE["blue"], fontsize=8, va="center")
    ax.text(1.45, 1.0, "=", fontsize=16, va="center")
    # Unrolled view.
    xs = [3.3 + 1.6 * t for t in range(n_steps)]
    _box(ax, (xs[0] - 1.0, 1), "$h_0$", "white", width=0.45, height=0.35)
    for t, x in enumerate(xs, start=1):
        _box(ax, (x, 1), f"$h_{t}$", PALETTE["sky"])
        _box(ax, (x, 0), f"$x_{t}$", PALETTE["yellow"], width=0.5, height=0.35)
        _box(ax, (x, 2), f"$y_{t}$", PALETTE["orange"], width=0.5, height=0.35)
        _arrow(ax, (x, 0.18), (x, 0.74), "$W_{xh}$", label_offset=(0.28, 0.0))
        _arrow(ax, (x, 1.26), (x, 1.82), "$W_{hy}$", label_offset=(0.28, 0.0))
        start = x - 1.6 + 0.4 if t > 1 else x - 1.0 + 0.25  # right edge of the previous box
        _arrow(ax, (start, 1), (x - 0.4, 1), "$W_{hh}$" if t > 1 else None, color=PALETTE["blue"])
    _diagram_frame(ax, title or f"An RNN unrolled over {n_steps} steps: the same weights at every step",
                   (-0.6, xs[-1] + 0.6), (-0.4, 2.4))
    return ax


_IO_PATTERNS = {
    # name: (input steps, output steps, example)
    "many-to-one": ([1, 1, 1, 1], [0, 0, 0, 1], "classify a sentence"),
    "one-to-many": ([1, 0, 0, 0], [1, 1, 1, 1], "caption an image"),
    "many-to-many, aligned": ([1, 1, 1, 1], [1, 1, 1, 1], "tag every word"),
    "sequence-to-sequence": ([1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1], "translate a sentence"),
}


def plot_io_patterns(axes=None):
    """Draw the four input/output patterns of recurrent models side by side (inputs below, outputs above)."""
    if axes is None:
        _, axes = plt.subplots(1, 4, figsize=(13, 3.0))
    for ax, (name, (ins, outs, example)) in zip(np.ravel(axes), _IO_PATTERNS.items(), strict=True):
        n = len(ins)
        for t in range(n):
            color = PALETTE["sky"] if t < 3 or name != "sequence-to-sequence" else PALETTE["green"]
            _box(ax, (t, 1), "", color, width=0.55, height=0.45)
            if t:
                _arrow(ax, (t - 0.7, 1), (t - 0.28, 1), color=PALETTE["blue"])
            if ins[t]:
                _box(ax, (t, 0), "x", PALETTE["yellow"], width=0.4, height=0.3)
                _arrow(ax, (t, 0.15), (t, 0.76))
            if outs[t]:
                _box(ax, (t, 2), "y", PALETTE["orange"], width=0.4, height=0.3)
                _arrow(ax, (t, 1.24), (t, 1.85))
        _diagram_frame(ax, f"{name}\n(e.g. {example})", (-0.5, n - 0.5), (-0.35, 2.35))
    return axes


def plot_curves(
    curves: Mapping[str, Sequence[float]],
    x: Sequence[float] | None = None,
    baseline: float | None = None,
    baseline_label: str = "baseline",
    xlabel: str = "training step",
    ylabel: str = "loss",
    title: str = "Training curves",
    logy: bool = False,
    ax=None,
):
    """Plot one line per entry of ``curves`` (name → values), with an optional horizontal baseline."""
    ax = _new_ax(ax)
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        xs = np.arange(1, len(values) + 1) if x is None else np.asarray(x)
        ax.plot(xs, values, label=name)
    if baseline is not None:
        ax.axhline(baseline, color=PALETTE["black"], linestyle="--", linewidth=1, label=baseline_label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax


def smooth(values: Sequence[float], window: int = 20) -> np.ndarray:
    """Trailing moving average of ``values`` (same length; the first points average what exists so far)."""
    values = np.asarray(values, dtype=float)
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    cumulative = np.cumsum(np.insert(values, 0, 0.0))
    counts = np.minimum(np.arange(1, len(values) + 1), window)
    return (cumulative[1:] - cumulative[np.arange(1, len(values) + 1) - counts]) / counts


def plot_heatmap(matrix, xlabel: str, ylabel: str, title: str, colorbar_label: str = "", ax=None, **imshow):
    """Show a 2-D array as an image with labelled axes and a colour bar (e.g. hidden units × time)."""
    matrix = np.asarray(matrix)
    if matrix.ndim != 2:
        raise ValueError(f"matrix must be 2-D, got shape {matrix.shape}")
    ax = _new_ax(ax)
    image = ax.imshow(matrix, aspect="auto", interpolation="nearest", **imshow)
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax
