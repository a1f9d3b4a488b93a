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


def _blank(ax):
    """Turn an axes into a drawing canvas: equal aspect, no ticks, grid or frame."""
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _diagram_frame(ax, title, xlim, ylim):
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    _blank(ax)
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


def plot_gradient_norms(
    curves: Mapping[str, Sequence[float]],
    xlabel: str = r"distance $t - k$ (steps back in time)",
    ylabel: str = r"$\|\partial L / \partial h_k\|$",
    title: str = "How the gradient changes as it flows back in time",
    ax=None,
):
    """Gradient norms against the distance they travelled back, one line per entry, on a log scale.

    ``curves`` maps a label to a (K,) array whose entry k is the norm k steps back (entry 0 at distance 0).
    A dashed line at 1 marks "no change"; zeros (underflow) and non-finite values (overflow) are not drawn.
    """
    ax = _new_ax(ax)
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        shown = np.where(np.isfinite(values) & (values > 0), values, np.nan)
        ax.plot(np.arange(len(values)), shown, label=name)
    ax.axhline(1.0, color=PALETTE["black"], linestyle="--", linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax


def _node(ax, xy, text, radius=0.22):
    """A small circle with an operator (⊙, +, 1−) in it: an elementwise operation in a cell diagram."""
    from matplotlib.patches import Circle

    ax.add_patch(Circle(xy, radius, facecolor="white", edgecolor="black", linewidth=1.0, zorder=3))
    ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=10, zorder=4)


def _wire(ax, points, color="black", arrow=True):
    """A wire through ``points`` (a polyline); its last segment ends in an arrow head when ``arrow`` is true."""
    xs, ys = zip(*points, strict=True)
    ax.plot(xs[:-1] if arrow else xs, ys[:-1] if arrow else ys, color=color, linewidth=1.2, zorder=1)
    if arrow:
        ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>", mutation_scale=12, color=color,
                                     linewidth=1.2, shrinkA=0, shrinkB=0, zorder=2))


def _dot(ax, xy, color="black"):
    ax.plot(*xy, "o", color=color, markersize=4, zorder=3)


def plot_gru_cell(ax=None, title: str | None = None):
    """Draw one GRU step in PyTorch's formulation (gate blocks r, z, n), the state path in blue.

    The reset gate r scales ``W_hn h_{t-1} + b_hn`` *after* the matrix product, the candidate is
    ``n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t-1} + b_hn))`` and the new state ``h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}``.
    """
    ax = _new_ax(ax, figsize=(10, 5.4))
    blue = PALETTE["blue"]
    top, x_row = 4.6, -0.4  # heights of the state line and of the input x_t
    h_bus, x_bus, gate_x = 0.9, 1.35, 3.35  # the wires that distribute h_{t-1} and x_t; centre of the gate boxes
    z_row, r_row, hn_row, in_row = 3.5, 2.5, 1.5, 0.5
    edge = gate_x + 1.0  # right edge of the gate boxes
    _box(ax, (-0.2, top), "$h_{t-1}$", "white", width=0.8, height=0.45)
    _box(ax, (-0.2, x_row), "$x_t$", PALETTE["yellow"], width=0.8, height=0.45)
    _wire(ax, [(0.2, top), (h_bus, top), (h_bus, hn_row)], color=blue, arrow=False)
    _wire(ax, [(0.2, x_row), (x_bus, x_row), (x_bus, z_row - 0.12)], arrow=False)
    for row in (z_row, r_row, hn_row):
        _wire(ax, [(h_bus, row + 0.08), (gate_x - 1.0, row + 0.08)], color=blue)
        _dot(ax, (h_bus, row + 0.08), blue)
    for row in (z_row, r_row, in_row):
        _wire(ax, [(x_bus, row - 0.12), (gate_x - 1.0, row - 0.12)])
        _dot(ax, (x_bus, row - 0.12))
    _box(ax, (gate_x, z_row), r"update $z = \sigma(\cdot)$", PALETTE["orange"], width=2.0, height=0.55)
    _box(ax, (gate_x, r_row), r"reset $r = \sigma(\cdot)$", PALETTE["purple"], width=2.0, height=0.55)
    _box(ax, (gate_x, hn_row), r"$W_{hn} h_{t-1} + b_{hn}$", PALETTE["sky"], width=2.0, height=0.55)
    _box(ax, (gate_x, in_row), r"$W_{in} x_t + b_{in}$", PALETTE["sky"], width=2.0, height=0.55)
    # The candidate n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
    reset_mul, cand_add, cand = (5.3, hn_row), (6.1, 1.0), (7.65, 1.0)
    _node(ax, reset_mul, r"$\odot$")
    _wire(ax, [(edge, hn_row), (reset_mul[0] - 0.22, hn_row)])
    _wire(ax, [(edge, r_row), (reset_mul[0], r_row), (reset_mul[0], hn_row + 0.22)])
    ax.text(reset_mul[0] + 0.25, hn_row + 0.5, r"$r \odot (W_{hn} h_{t-1} + b_{hn})$", fontsize=9, va="center")
    _node(ax, cand_add, "+")
    _wire(ax, [(reset_mul[0] + 0.22, hn_row), (cand_add[0], hn_row), (cand_add[0], cand_add[1] + 0.22)])
    _wire(ax, [(edge, in_row), (cand_add[0], in_row), (cand_add[0], cand_add[1] - 0.22)])
    _box(ax, cand, r"candidate $n = \tanh(\cdot)$", PALETTE["green"], width=2.3, height=0.55)
    _wire(ax, [(cand_add[0] + 0.22, cand[1]), (cand[0] - 1.15, cand[1])])
    # The interpolation h_t = z ⊙ h_{t-1} + (1 − z) ⊙ n.
    keep_mul, one_minus, write_mul, out_add = (6.6, top), (7.7, z_row), (9.2, r_row), (9.2, top)
    _wire(ax, [(h_bus, top), (keep_mul[0] - 0.22, top)], color=blue)
    _node(ax, keep_mul, r"$\odot$")
    _wire(ax, [(edge, z_row), (keep_mul[0], z_row), (keep_mul[0], top - 0.22)])
    _dot(ax, (keep_mul[0], z_row))
    ax.text(keep_mul[0], top + 0.4, r"keep: $z \odot h_{t-1}$", ha="center", fontsize=9, color=blue)
    _node(ax, one_minus, "1−", radius=0.24)
    _wire(ax, [(keep_mul[0], z_row), (one_minus[0] - 0.24, z_row)])
    _node(ax, write_mul, r"$\odot$")
    _wire(ax, [(one_minus[0], z_row - 0.24), (one_minus[0], r_row), (write_mul[0] - 0.22, r_row)])
    _wire(ax, [(cand[0] + 1.15, cand[1]), (write_mul[0], cand[1]), (write_mul[0], r_row - 0.22)])
    ax.text(write_mul[0] + 0.3, r_row, r"write: $(1-z) \odot n$", fontsize=9, va="center")
    _node(ax, out_add, "+")
    _wire(ax, [(keep_mul[0] + 0.22, top), (out_add[0] - 0.22, top)], color=blue)
    _wire(ax, [(write_mul[0], r_row + 0.22), (out_add[0], top - 0.22)])
    _box(ax, (10.5, top), "$h_t$", PALETTE["sky"], width=0.7, height=0.45)
    _wire(ax, [(out_add[0] + 0.22, top), (10.15, top)], color=blue)
    gates = (r"$z = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})$, "
             r"and $r$ alike with $W_{ir}, b_{ir}, W_{hr}, b_{hr}$")
    ax.text(2.3, x_row, gates, fontsize=9, va="center")
    _diagram_frame(ax, title or r"One GRU step as PyTorch computes it: $h_t = (1-z) \odot n + z \odot h_{t-1}$",
                   (-0.7, 11.0), (-0.8, 5.2))
    ax.set_xlabel("")
    return ax


def plot_param_counts(counts: Mapping[str, int], ax=None, title: str = "Parameters per cell type"):
    """Bar chart of parameter counts, one bar per cell type (e.g. ``{"RNN": 4864, "GRU": 14592, ...}``).

    Each bar is labelled with its count and its ratio to the first entry.
    """
    if not counts:
        raise ValueError("counts must contain at least one entry")
    names, values = list(counts), np.array([int(v) for v in counts.values()])
    if np.any(values < 0):
        raise ValueError(f"counts must be non-negative, got {dict(counts)}")
    ax = _new_ax(ax, figsize=(4.5, 3.4))
    colors = [PALETTE[c] for c in ("sky", "green", "orange", "purple", "vermillion")]
    bars = ax.bar(names, values, color=[colors[i % len(colors)] for i in range(len(names))], edgecolor="black")
    for bar, value in zip(bars, values, strict=True):
        ratio = f"\n({value / values[0]:.2f} × {names[0]})" if values[0] > 0 and bar is not bars[0] else ""
        ax.annotate(f"{value:,}{ratio}", (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom",
                    fontsize=8, xytext=(0, 2), textcoords="offset points")
    ax.set_ylim(0, values.max() * 1.3 if values.max() > 0 else 1)
    ax.set_xlabel("cell")
    ax.set_ylabel("trainable parameters")
    ax.set_title(title)
    return ax


def _lstm_node(ax, xy, text, color="white", radius=0.22, fontsize=11):
    """A small circle with a symbol inside (a pointwise operation in a cell diagram)."""
    from matplotlib.patches import Circle

    ax.add_patch(Circle(xy, radius, facecolor=color, edgecolor="black", linewidth=1.0, zorder=3))
    ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _lstm_line(ax, points, color="black", linewidth=1.2, arrow=False):
    """A polyline through ``points``; with ``arrow=True`` its last segment ends in an arrow head."""
    xs, ys = zip(*points, strict=True)
    if arrow and len(points) > 2:
        ax.plot(xs[:-1], ys[:-1], color=color, linewidth=linewidth, zorder=1)
    if arrow:
        ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>", mutation_scale=12, color=color,
                                     linewidth=linewidth, shrinkA=0, shrinkB=0, zorder=2))
    else:
        ax.plot(xs, ys, color=color, linewidth=linewidth, zorder=1)


def plot_lstm_cell(ax=None, title: str | None = None):
    """Draw one LSTM cell: the four gates (PyTorch order i, f, g, o), the cell-state path and the output.

    The top line is the cell state: ``c_t = f ⊙ c_{t−1} + i ⊙ g`` (one multiplication and one addition, no
    weight matrix). The bottom line carries ``[h_{t−1}, x_t]`` to the four gate layers; the output is
    ``h_t = o ⊙ tanh(c_t)``.
    """
    ax = _new_ax(ax, figsize=(9.0, 5.4))
    cell_y, bus_y, gate_y = 5.0, 0.9, 2.3
    r = 0.22
    ax.add_patch(FancyBboxPatch((0.9, 0.35), 8.1, 5.25, boxstyle="round,pad=0.1", facecolor="#f4f4f4",
                                edgecolor="#999999", linewidth=1.0, zorder=0))
    # Cell state path (the "highway"): x at the forget gate, + where i ⊙ g comes in.
    fx, ax_plus, hx = 2.6, 4.9, 7.9
    highway = PALETTE["vermillion"]
    _lstm_line(ax, [(0.0, cell_y), (fx - r, cell_y)], color=highway, linewidth=2.2, arrow=True)
    _lstm_line(ax, [(fx + r, cell_y), (ax_plus - r, cell_y)], color=highway, linewidth=2.2, arrow=True)
    _lstm_line(ax, [(ax_plus + r, cell_y), (10.0, cell_y)], color=highway, linewidth=2.2, arrow=True)
    ax.text(0.0, cell_y + 0.3, "$c_{t-1}$", fontsize=12, ha="left")
    ax.text(10.0, cell_y + 0.3, "$c_t$", fontsize=12, ha="right")
    _lstm_node(ax, (fx, cell_y), "×")
    _lstm_node(ax, (ax_plus, cell_y), "+")
    # Input bus: h_{t-1} from the left, x_t from below, concatenated and fed to every gate.
    gates = [("$f$", r"$\sigma$", fx, PALETTE["orange"]), ("$i$", r"$\sigma$", 3.9, PALETTE["sky"]),
             ("$g$", "tanh", 5.2, PALETTE["yellow"]), ("$o$", r"$\sigma$", 6.6, PALETTE["green"])]
    _lstm_line(ax, [(0.0, bus_y), (gates[-1][2], bus_y)])
    ax.text(0.0, bus_y + 0.25, "$h_{t-1}$", fontsize=12, ha="left")
    _lstm_line(ax, [(1.6, -0.35), (1.6, bus_y)], arrow=False)
    ax.text(1.6, -0.6, "$x_t$", fontsize=12, ha="center")
    ax.text(1.75, bus_y - 0.32, "$[h_{t-1}, x_t]$", fontsize=9, ha="left", color="#444444")
    for name, activation, x, color in gates:
        _lstm_line(ax, [(x, bus_y), (x, gate_y - 0.25)], arrow=True)
        _box(ax, (x, gate_y), activation, color, width=0.9, height=0.5)
        ax.text(x - 0.6, gate_y + 0.05, name, fontsize=12, ha="center", va="center")
    # f -> x on the highway; i and g -> x -> +.
    _lstm_line(ax, [(fx, gate_y + 0.25), (fx, cell_y - r)], color=PALETTE["orange"], arrow=True)
    mul_ig = (4.55, 3.7)
    _lstm_line(ax, [(3.9, gate_y + 0.25), (3.9, mul_ig[1]), (mul_ig[0] - r, mul_ig[1])], arrow=True)
    _lstm_line(ax, [(5.2, gate_y + 0.25), (5.2, mul_ig[1]), (mul_ig[0] + r, mul_ig[1])], arrow=True)
    _lstm_node(ax, mul_ig, "×")
    _lstm_line(ax, [(mul_ig[0], mul_ig[1] + r), (ax_plus, cell_y - r)], arrow=True)
    # Output: h_t = o ⊙ tanh(c_t).
    tanh_c, mul_o = (hx, 3.75), (hx, gate_y)
    _lstm_line(ax, [(hx, cell_y), (hx, tanh_c[1] + 0.25)], color=highway, arrow=True)
    _box(ax, tanh_c, "tanh", PALETTE["yellow"], width=0.8, height=0.45)
    _lstm_line(ax, [(hx, tanh_c[1] - 0.23), (hx, mul_o[1] + r)], arrow=True)
    _lstm_line(ax, [(6.6 + 0.45, gate_y), (hx - r, gate_y)], color=PALETTE["green"], arrow=True)
    _lstm_node(ax, mul_o, "×")
    _lstm_line(ax, [(hx, mul_o[1] - r), (hx, bus_y), (10.0, bus_y)], color=PALETTE["blue"], linewidth=1.8, arrow=True)
    ax.text(10.0, bus_y + 0.25, "$h_t$", fontsize=12, ha="right")
    ax.text(10.0, bus_y - 0.3, "output and next step", fontsize=8, ha="right", va="top")
    # Equations and the gradient path.
    ax.text(3.75, cell_y + 0.35, r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$", fontsize=10, ha="center",
            color=highway)
    ax.text(5.0, 6.05, r"gradient path along the top line: $\partial c_t / \partial c_{t-1} = \mathrm{diag}(f_t)$,"
            " no weight matrix", fontsize=9, ha="center", color=highway)
    ax.text(hx - 0.1, 1.45, r"$h_t = o_t \odot \tanh(c_t)$", fontsize=10, ha="right")
    ax.set_xlim(-0.3, 10.3)
    ax.set_ylim(-0.9, 6.5)
    _blank(ax)
    ax.set_title(title or "An LSTM cell: gates i, f, g, o (PyTorch's order) and the cell-state path")
    return ax


def lstm_gate_panels(hidden_size: int) -> int:
    """How many panels ``plot_lstm_gates`` draws for an LSTM with ``hidden_size`` units (3 lines or 5 heatmaps)."""
    return 3 if hidden_size <= 4 else 5


def plot_lstm_gates(trace: Mapping[str, np.ndarray], x: np.ndarray, axes=None, title: str | None = None,
                    input_names: Sequence[str] | None = None):
    """Inputs, the input/forget/output gates and the cell state of one LSTM layer over one sequence.

    Args:
        trace: ``{"i", "f", "o", "c", "h"}``, each a (T, H) array: gate activations and states of one sequence
            (e.g. from ``utils.widgets.lstm_gate_trace``).
        x: (T, D) the inputs of that sequence, drawn as lines in the top panel.
        axes: ``lstm_gate_panels(H)`` axes, top to bottom (created when not given).
        title: title of the top panel.
        input_names: labels of the D input channels.

    For H ≤ 4 every unit is drawn as lines (gates in one panel, cell and hidden state in the next); for larger
    H the gates are heatmaps (hidden unit × time) on a fixed 0–1 scale, and so is the cell state, on a
    symmetric scale clipped at the 95th percentile of |c| so that one large unit does not wash out the rest.
    """
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D (T, D), got shape {x.shape}")
    for name in ("i", "f", "o", "c", "h"):
        if name not in trace:
            raise ValueError(f"trace must contain '{name}', got keys {sorted(trace)}")
        if np.ndim(trace[name]) != 2 or np.shape(trace[name])[0] != x.shape[0]:
            raise ValueError(f"trace['{name}'] must have shape (T, H) with T = {x.shape[0]} like x, "
                             f"got {np.shape(trace[name])}")
    c = np.asarray(trace["c"])  # (T, H)
    T, H = c.shape
    n_panels = lstm_gate_panels(H)
    if axes is None:
        ratios = [0.8, 1, 1] if n_panels == 3 else [0.8, 1, 1, 1, 1]
        _, axes = plt.subplots(n_panels, 1, figsize=(8.0, 1.8 * n_panels + 0.6), sharex=True,
                               gridspec_kw={"height_ratios": ratios})
    axes = np.ravel(axes)
    if len(axes) != n_panels:
        raise ValueError(f"axes must hold {n_panels} axes for H = {H}, got {len(axes)}")
    steps = np.arange(1, T + 1)
    names = input_names or [f"input {k}" for k in range(x.shape[1])]
    for k in range(x.shape[1]):
        axes[0].plot(steps, x[:, k], label=names[k], linewidth=1.0)
    axes[0].set_xlim(0.5, T + 0.5)
    low, high = min(0.0, float(x.min())), float(x.max())
    axes[0].set_ylim(low - 0.05, high + 0.5 * (high - low) + 0.05)  # room for the legend
    axes[0].set_ylabel("input")
    axes[0].legend(loc="upper right", ncol=x.shape[1], fontsize=8)
    axes[0].set_title(title or "LSTM gates and cell state over time")
    axes[-1].set_xlabel("time step t")
    gates = [("i", "input gate $i_t$", PALETTE["sky"]), ("f", "forget gate $f_t$", PALETTE["orange"]),
             ("o", "output gate $o_t$", PALETTE["green"])]
    if n_panels == 3:
        styles = ["-", "--", ":", "-."]
        for unit in range(H):
            suffix = f" (unit {unit})" if H > 1 else ""
            for name, label, color in gates:
                axes[1].plot(steps, np.asarray(trace[name])[:, unit], color=color, linestyle=styles[unit],
                             label=label + suffix)
            axes[2].plot(steps, c[:, unit], color=PALETTE["vermillion"], linestyle=styles[unit],
                         label="cell state $c_t$" + suffix)
            axes[2].plot(steps, np.asarray(trace["h"])[:, unit], color=PALETTE["blue"], linestyle=styles[unit],
                         label="hidden state $h_t$" + suffix)
        axes[1].set_ylim(-0.05, 1.3)
        axes[1].set_ylabel("gate value")
        axes[2].set_ylabel("state")
        for ax in axes[1:]:
            ax.legend(loc="upper left", fontsize=8, ncol=3)
        return axes
    extent = (0.5, T + 0.5, H - 0.5, -0.5)
    for ax, (name, label, _) in zip(axes[1:4], gates, strict=True):
        plot_heatmap(np.asarray(trace[name]).T, xlabel="", ylabel="hidden unit", title="", colorbar_label=label,
                     ax=ax, vmin=0.0, vmax=1.0, extent=extent)
    limit = max(float(np.percentile(np.abs(c), 95)), 1e-12)
    plot_heatmap(c.T, xlabel="time step t", ylabel="hidden unit", title="", colorbar_label="cell state $c_t$",
                 ax=axes[4], cmap="PuOr", vmin=-limit, vmax=limit, extent=extent)
    spacer = axes[0].figure.colorbar(plt.cm.ScalarMappable(), ax=axes[0])  # keeps the x axes aligned
    spacer.ax.set_visible(False)
    return axes


def packed_layout(lengths) -> dict[str, np.ndarray]:
    """Where ``pack_padded_sequence(..., enforce_sorted=False)`` puts every valid step of a padded batch.

    Args:
        lengths: (B,) positive ints, in any order.

    Returns:
        ``{"sorted_indices": (B,), "batch_sizes": (T_max,), "row": (B, T_max)}``: the order and batch sizes that
        ``torch.nn.utils.rnn.pack_padded_sequence`` reports, and for every valid step ``(b, t)`` the row of
        ``PackedSequence.data`` that holds it (``-1`` at padded positions). Computed by torch itself, so the
        figure never disagrees with it (torch's order among equal lengths is not specified).
    """
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence

    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must be a non-empty 1-D sequence of ints, got {lengths!r}")
    if lengths.min() < 1:
        raise ValueError(f"lengths must all be at least 1, got {lengths.tolist()}")
    B, T = len(lengths), int(lengths.max())
    index = torch.arange(B * T, dtype=torch.float64).reshape(B, T, 1)  # (B, T, 1): entry = b * T + t
    packed = pack_padded_sequence(index, torch.as_tensor(lengths, dtype=torch.int64), batch_first=True,
                                  enforce_sorted=False)
    row = np.full(B * T, -1)
    row[packed.data[:, 0].numpy().astype(int)] = np.arange(int(lengths.sum()))
    return {"sorted_indices": packed.sorted_indices.numpy(), "batch_sizes": packed.batch_sizes.numpy(),
            "row": row.reshape(B, T)}


def plot_packed_sequence(lengths, axes=None, title: str | None = None):
    """Draw how a padded batch becomes a ``PackedSequence``.

    Top: the padded batch as a (B, T_max) grid, one row per sequence, padding grey; each valid step shows the
    row of ``PackedSequence.data`` it goes to. Bottom: ``data`` itself, read time step by time step (longest
    sequences first), grouped by ``t`` with ``batch_sizes[t]`` under each group.

    Args:
        lengths: (B,) positive ints in any order, at most 10 sequences and at most 16 steps (to stay legible).
        axes: two matplotlib axes (top, bottom); created when ``None``.
    Returns:
        the two axes.
    """
    layout = packed_layout(lengths)
    lengths = np.asarray(lengths)
    B, T = layout["row"].shape
    if B > 10 or T > 16:
        raise ValueError(f"plot_packed_sequence draws at most 10 sequences of at most 16 steps, got B={B}, T={T}")
    n_rows = int(lengths.sum())
    if axes is None:
        width = max(6.4, 0.55 * max(n_rows, 2 * T) + 2.0)
        _, axes = plt.subplots(2, 1, figsize=(width, 0.55 * B + 3.2), layout="constrained",
                               gridspec_kw={"height_ratios": [B + 0.6, 2.6]})
    top, bottom = axes
    colors = [CYCLE[b % len(CYCLE)] for b in range(B)]
    for b in range(B):
        for t in range(T):
            valid = t < lengths[b]
            top.add_patch(plt.Rectangle((t - 0.45, -b - 0.4), 0.9, 0.8, facecolor=colors[b] if valid else "0.9",
                                        alpha=0.45 if valid else 1.0, edgecolor="black" if valid else "0.7",
                                        hatch=None if valid else "//", linewidth=0.8))
            label = str(layout["row"][b, t]) if valid else "pad"
            top.text(t, -b, label, ha="center", va="center", fontsize=9 if valid else 7,
                     color="black" if valid else "0.45")
    top.set_xlim(-0.6, T - 0.4)
    top.set_ylim(-B + 0.4, 0.6)
    top.set_aspect("equal")
    top.set_xticks(range(T), [f"t={t}" for t in range(T)])
    top.set_yticks([-b for b in range(B)], [f"b={b} (L={lengths[b]})" for b in range(B)])
    top.tick_params(length=0)
    top.grid(False)
    for spine in top.spines.values():
        spine.set_visible(False)
    top.set_title(title or f"padded batch (B, T_max) = ({B}, {T}): each valid step shows its row in packed.data")
    offset = 0
    sorted_b = layout["sorted_indices"]
    for t, size in enumerate(layout["batch_sizes"]):
        for rank in range(size):
            b = sorted_b[rank]
            k = offset + rank
            bottom.add_patch(plt.Rectangle((k - 0.45, -0.4), 0.9, 0.8, facecolor=colors[b], alpha=0.45,
                                           edgecolor="black", linewidth=0.8))
            bottom.text(k, 0.08, f"b={b}", ha="center", va="center", fontsize=8)
            bottom.text(k, -0.2, f"{k}", ha="center", va="center", fontsize=7, color="0.3")
        left, right = offset - 0.45, offset + size - 0.55
        bottom.plot([left, left, right, right], [-0.55, -0.65, -0.65, -0.55], color="black", linewidth=0.8)
        bottom.text((left + right) / 2, -0.95, f"t={t}\n{size}", ha="center", va="top", fontsize=8)
        offset += size
    bottom.text(-0.9, -0.95, "time step\nbatch_sizes[t]", ha="right", va="top", fontsize=8)
    bottom.set_xlim(-0.6, n_rows - 0.4)
    bottom.set_ylim(-1.6, 0.5)
    bottom.set_aspect("equal")
    bottom.axis("off")
    bottom.set_title(f"packed.data: {n_rows} rows = sum of lengths; batch_sizes = {layout['batch_sizes'].tolist()}, "
                     f"sorted_indices = {sorted_b.tolist()}", fontsize=10)
    return axes


# --- Chapter 05: stacked and bidirectional RNNs ---------------------------------------------------------------

_FORWARD_ARROW, _BACKWARD_ARROW = r"\overrightarrow{h}", r"\overleftarrow{h}"


def plot_bidirectional_rnn(n_steps: int = 4, ax=None, title: str | None = None):
    """Draw one bidirectional layer unrolled over ``n_steps`` steps.

    The forward row (blue) reads x_1 → x_T with its own weights, the backward row (vermillion) reads x_T → x_1
    with other weights, and the output at step t is the concatenation ``[h→_t ; h←_t]`` of width 2H.
    """
    if not isinstance(n_steps, int) or isinstance(n_steps, bool) or not 2 <= n_steps <= 6:
        raise ValueError(f"n_steps must be an int between 2 and 6, got {n_steps!r}")
    spacing, shift = 2.1, 0.42  # distance between steps; horizontal offset of the two rows from the input
    y_in, y_fwd, y_bwd, y_out = 0.0, 1.3, 2.5, 3.8
    blue, red, grey = PALETTE["blue"], PALETTE["vermillion"], "#666666"
    ax = _new_ax(ax, figsize=(2.6 + 2.0 * n_steps, 4.6))
    xs = [spacing * t for t in range(1, n_steps + 1)]
    last = f"{n_steps}" if n_steps < 6 else "T"
    names = [str(t) for t in range(1, n_steps + 1)]
    names[-1] = last
    for x, t in zip(xs, names, strict=True):
        _box(ax, (x, y_in), f"$x_{{{t}}}$", PALETTE["yellow"], width=0.55, height=0.4)
        _box(ax, (x - shift, y_fwd), f"${_FORWARD_ARROW}_{{{t}}}$", PALETTE["sky"], width=0.62, height=0.46)
        _box(ax, (x + shift, y_bwd), f"${_BACKWARD_ARROW}_{{{t}}}$", PALETTE["orange"], width=0.62, height=0.46)
        _box(ax, (x, y_out), f"$[{_FORWARD_ARROW}_{{{t}}}\\,;\\,{_BACKWARD_ARROW}_{{{t}}}]$", PALETTE["green"],
             width=1.25, height=0.46)
        _arrow(ax, (x - 0.05, y_in + 0.2), (x - shift, y_fwd - 0.23), color=grey)
        _arrow(ax, (x + 0.05, y_in + 0.2), (x + shift, y_bwd - 0.23), color=grey)
        _arrow(ax, (x - shift, y_fwd + 0.23), (x - 0.2, y_out - 0.23), color=blue)
        _arrow(ax, (x + shift, y_bwd + 0.23), (x + 0.2, y_out - 0.23), color=red)
    for left, right in zip(xs[:-1], xs[1:], strict=True):
        _arrow(ax, (left - shift + 0.31, y_fwd), (right - shift - 0.31, y_fwd), color=blue)
        _arrow(ax, (right + shift - 0.31, y_bwd), (left + shift + 0.31, y_bwd), color=red)
    # Initial states: the forward direction starts before x_1, the backward direction after x_T.
    _box(ax, (xs[0] - spacing + 0.15, y_fwd), f"${_FORWARD_ARROW}_0$", "white", width=0.55, height=0.4)
    _arrow(ax, (xs[0] - spacing + 0.43, y_fwd), (xs[0] - shift - 0.31, y_fwd), color=blue)
    after = f"{n_steps + 1}" if n_steps < 6 else "T+1"
    _box(ax, (xs[-1] + spacing - 0.15, y_bwd), f"${_BACKWARD_ARROW}_{{{after}}}$", "white", width=0.75, height=0.4)
    _arrow(ax, (xs[-1] + spacing - 0.53, y_bwd), (xs[-1] + shift + 0.31, y_bwd), color=red)
    ax.text(xs[0] - spacing - 0.25, y_fwd - 0.45, f"forward: reads $x_1 \\to x_{{{last}}}$", color=blue, fontsize=9)
    ax.text(xs[-1] + spacing - 0.15, y_bwd - 0.45, f"backward: reads $x_{{{last}}} \\to x_1$", color=red, fontsize=9,
            ha="center")
    ax.text(xs[0] - spacing - 0.25, y_out + 0.45, "output: (B, T, 2H)", fontsize=9)
    _diagram_frame(ax, title or "A bidirectional layer: two RNNs with their own weights, outputs concatenated",
                   (xs[0] - spacing - 0.4, xs[-1] + spacing + 0.4), (y_in - 0.45, y_out + 0.7))
    return ax


def _check_layout_args(num_layers, bidirectional):
    if isinstance(num_layers, bool) or not isinstance(num_layers, (int, np.integer)) or not 1 <= num_layers <= 6:
        raise ValueError(f"num_layers must be an int between 1 and 6, got {num_layers!r}")
    if not isinstance(bidirectional, (bool, np.bool_)):
        raise TypeError(f"bidirectional must be True or False, got {type(bidirectional).__name__}")
    return int(num_layers), 2 if bidirectional else 1


def plot_h_n_layout(num_layers: int = 2, bidirectional: bool = True, ax=None, title: str | None = None):
    """Draw the slices of ``h_n`` (shape ``(num_layers · num_directions, B, H)``) and which state each one holds.

    Index ``layer · num_directions + direction`` (direction 0 forward, 1 backward), bottom layer first; each slice
    is ``(B, H)``. The top layer's slices — ``h_n[-2]`` and ``h_n[-1]`` when bidirectional, ``h_n[-1]`` otherwise —
    are outlined, and brackets show the layers of ``h_n.view(num_layers, num_directions, B, H)``.
    """
    num_layers, directions = _check_layout_args(num_layers, bidirectional)
    n = num_layers * directions
    ax = _new_ax(ax, figsize=(6.4, 0.62 * n + 1.4))
    width, height, gap = 3.6, 0.5, 0.12
    for index in range(n):
        layer, direction = divmod(index, directions)
        y = -(index * (height + gap) + (layer * 0.25 if directions == 2 else 0.0))
        top = layer == num_layers - 1
        color = PALETTE["sky"] if direction == 0 else PALETTE["orange"]
        name = ("forward" if direction == 0 else "backward") if directions == 2 else ""
        ax.add_patch(FancyBboxPatch((0, y - height / 2), width, height, boxstyle="round,pad=0.02", facecolor=color,
                                    edgecolor="black", linewidth=2.2 if top else 0.8, alpha=0.55 + 0.45 * top))
        ax.text(width / 2, y, f"layer {layer}" + (f", {name}" if name else "") + "   (B, H)", ha="center",
                va="center", fontsize=9)
        ax.text(-0.15, y, f"h_n[{index}]  =  h_n[{index - n}]", ha="right", va="center", fontsize=9,
                family="monospace")
        if directions == 2 and direction == 1:  # a bracket around the layer's two slices
            y_top = y + height + gap + height / 2
            y_bottom = y - height / 2
            ax.plot([width + 0.15, width + 0.3, width + 0.3, width + 0.15], [y_top, y_top, y_bottom, y_bottom],
                    color="black", linewidth=1.0)
            ax.text(width + 0.4, (y_top + y_bottom) / 2, f"h_n.view({num_layers}, 2, B, H)[{layer}]", va="center",
                    fontsize=8, family="monospace")
    note = ("top layer: h_n[-2] (forward), h_n[-1] (backward)" if directions == 2 else "top layer: h_n[-1]")
    bottom = -(n * (height + gap) + (num_layers * 0.25 if directions == 2 else 0.0))
    ax.text(width / 2, bottom - 0.05, note + " (outlined)", ha="center", va="top", fontsize=9)
    ax.set_xlim(-2.9, width + 3.3)
    ax.set_ylim(bottom - 0.5, height + 0.2)
    _blank(ax)
    shape = f"({num_layers} · {directions}, B, H) = ({n}, B, H)" if directions == 2 else f"({n}, B, H)"
    kind = "bidirectional" if directions == 2 else "unidirectional"
    ax.set_title(title or f"h_n of a {num_layers}-layer {kind} RNN: {shape}")
    return ax


def plot_bidirectional_output(seq_len: int = 5, ax=None, title: str | None = None):
    """What each entry of a bidirectional layer's ``output`` (B, T, 2H) has read, and where ``h_n`` sits in it.

    Column t is ``output[:, t]``: its forward half has read x_1..x_t, its backward half x_t..x_T. The last column,
    ``output[:, -1]``, pairs the complete forward state (= ``h_n[-2]``) with a backward state that has read only
    x_T; the complete backward state (= ``h_n[-1]``) is in the *first* column.
    """
    if isinstance(seq_len, bool) or not isinstance(seq_len, (int, np.integer)) or not 2 <= seq_len <= 8:
        raise ValueError(f"seq_len must be an int between 2 and 8, got {seq_len!r}")
    T = int(seq_len)
    ax = _new_ax(ax, figsize=(1.25 * T + 3.2, 3.6))
    blue, red = PALETTE["blue"], PALETTE["vermillion"]
    w, h = 1.0, 0.7
    rows = {"forward": (0.5, PALETTE["sky"]), "backward": (-0.35, PALETTE["orange"])}
    for t in range(1, T + 1):
        x = 1.15 * (t - 1)
        for name, (y, color) in rows.items():
            seen = (1, t) if name == "forward" else (t, T)
            text = f"$x_{{{seen[0]}}}$" if seen[0] == seen[1] else f"$x_{{{seen[0]}}}..x_{{{seen[1]}}}$"
            outline = (name == "forward" and t == T) or (name == "backward" and t == 1)
            ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02", facecolor=color,
                                        alpha=0.8, edgecolor=blue if name == "forward" else red,
                                        linewidth=2.6 if outline else 0.6))
            ax.text(x, y, text, ha="center", va="center", fontsize=9)
        index = f"{t - 1}" if t < T else "-1"
        ax.text(x, 1.05, f"[:, {index}]", ha="center", va="bottom", fontsize=8, family="monospace")
    x_last = 1.15 * (T - 1)
    ax.add_patch(FancyBboxPatch((x_last - w / 2 - 0.08, -0.35 - h / 2 - 0.08), w + 0.16, 0.85 + h + 0.16,
                                boxstyle="round,pad=0.02", facecolor="none", edgecolor="black", linestyle="--",
                                linewidth=1.2))
    ax.text(x_last, 1.35, "= h_n[-2]", ha="center", va="bottom", fontsize=9, color=blue, family="monospace")
    ax.text(0, -0.9, "= h_n[-1]", ha="center", va="top", fontsize=9, color=red, family="monospace")
    ax.text(x_last, -0.9, "output[:, -1]: its backward half\nhas read only $x_T$", ha="center", va="top", fontsize=8)
    ax.text(-0.75, 0.5, "forward half\noutput[:, t, :H]", ha="right", va="center", fontsize=8, color=blue)
    ax.text(-0.75, -0.35, "backward half\noutput[:, t, H:]", ha="right", va="center", fontsize=8, color=red)
    ax.text(-0.75, 1.1, "output", ha="right", va="bottom", fontsize=8, family="monospace")
    ax.set_xlim(-2.4, x_last + 0.8)
    ax.set_ylim(-1.55, 1.75)
    _blank(ax)
    ax.set_xlabel("time step t →")
    ax.set_title(title or f"What output[:, t] has read (T = {T}), and where the final states are")
    return ax


def plot_step_predictions(markers, labels, predictions: Mapping[str, Sequence[float]], ax=None,
                          title: str = "Per-step predictions on one sequence", ylabel: str = "P(label = 1)"):
    """One sequence of a per-step binary task: its markers, its true labels and each model's P(label = 1).

    Args:
        markers: (T,) input markers (drawn as ticks at the top where non-zero).
        labels: (T,) true labels in {0, 1} (label-1 steps are shaded).
        predictions: model name → (T,) predicted probabilities of label 1.
    """
    markers, labels = np.asarray(markers, dtype=float), np.asarray(labels)
    if markers.ndim != 1 or labels.shape != markers.shape:
        raise ValueError(f"markers and labels must be 1-D of the same length T, got {markers.shape} and {labels.shape}")
    T = len(markers)
    ax = _new_ax(ax, figsize=(8.0, 3.4))
    steps = np.arange(1, T + 1)
    for t in np.flatnonzero(labels == 1):
        ax.axvspan(t + 0.5, t + 1.5, color=PALETTE["green"], alpha=0.18, linewidth=0)
    ax.plot([], [], color=PALETTE["green"], alpha=0.4, linewidth=8, label="true label 1")
    marked = steps[markers != 0]
    ax.plot(marked, np.full(len(marked), 1.12), "v", color=PALETTE["black"], markersize=7, label="marker")
    for name, values in predictions.items():
        values = np.asarray(values, dtype=float)
        if values.shape != (T,):
            raise ValueError(f"predictions[{name!r}] must have shape ({T},) like markers, got {values.shape}")
        ax.step(steps, values, where="mid", label=name)
    ax.set_xlim(0.5, T + 0.5)
    ax.set_ylim(-0.05, 1.22)
    ax.set_xlabel("time step t")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return ax


def plot_scores(scores: Mapping[str, float], xlabel: str = "test accuracy", title: str = "Scores",
                reference: float | None = None, reference_label: str = "chance", ax=None):
    """Horizontal bars, one per entry of ``scores`` (name → value in [0, 1]), each labelled with its value.

    Bars are drawn top to bottom in the order given; ``reference`` adds a dashed vertical line (e.g. chance).
    """
    if not scores:
        raise ValueError("scores must contain at least one entry")
    values = np.asarray(list(scores.values()), dtype=float)
    if not np.all(np.isfinite(values)) or values.min() < 0 or values.max() > 1:
        raise ValueError(f"scores must lie in [0, 1], got {values.tolist()}")
    ax = _new_ax(ax, figsize=(7.5, 0.45 * len(scores) + 1.2))
    positions = np.arange(len(scores))[::-1]
    ax.barh(positions, values, color=PALETTE["sky"], edgecolor=PALETTE["blue"], height=0.6)
    for position, value in zip(positions, values, strict=True):
        ax.text(value + 0.01, position, f"{value:.3f}", va="center", fontsize=9)
    ax.set_yticks(positions, list(scores))
    if reference is not None:
        ax.axvline(reference, color=PALETTE["black"], linestyle="--", linewidth=1, label=reference_label)
        ax.legend(loc="best")
    ax.set_xlim(0, 1.1)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    return ax
