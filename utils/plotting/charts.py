"""Charts of data: training curves, heatmaps, gradient norms, parameter counts, gate traces, scores.

Every helper draws on an ``ax`` (created when not given), labels its axes, sets a title and returns the ``ax``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np

from .style import PALETTE, _new_ax


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


class _DecadeLocator(mticker.Locator):
    """Major ticks at whole decades 10^(k·step), with the step (1, 2, 5, 10, …) chosen so that at most
    ``max_ticks`` show; k·step always includes 0, so 10⁰ = 1 is labelled whenever it is in view."""

    def __init__(self, max_ticks: int = 8):
        self.max_ticks = max_ticks

    def __call__(self):
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin, vmax):
        vmin, vmax = sorted((max(vmin, 1e-300), max(vmax, 1e-300)))
        low, high = int(np.floor(np.log10(vmin))), int(np.ceil(np.log10(vmax)))
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if (high - low) / s <= self.max_ticks - 1)
        first = int(np.ceil(low / step)) * step
        return 10.0 ** np.arange(first, high + 1, step)


def decade_ticks(ax, max_ticks: int = 8):
    """Label a log-scale y axis at whole decades, 10⁰ included, thinning to at most ``max_ticks`` labels."""
    ax.yaxis.set_major_locator(_DecadeLocator(max_ticks))
    ax.yaxis.set_major_formatter(mticker.LogFormatterSciNotation())
    ax.yaxis.set_minor_locator(mticker.NullLocator())
    return ax


_STYLES = [("-", "o"), ("--", "s"), ("-.", "^"), ("-", "D"), ("--", "v"), ("-.", "P")]


def plot_gradient_norms(
    curves: Mapping[str, Sequence[float]],
    xlabel: str = r"distance $t - k$ (steps back in time)",
    ylabel: str = r"$\|\partial L / \partial h_k\|$",
    title: str = "How the gradient changes as it flows back in time",
    ax=None,
    unit_line: bool = True,
    bands: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
):
    """Gradient norms against the distance they travelled back, one line per entry, on a log scale.

    ``curves`` maps a label to a (K,) array whose entry k is the norm k steps back (entry 0 at distance 0).
    Curves differ by colour, line style and marker; a labelled grey line at 1 marks "no change" (unless
    ``unit_line=False``); zeros (underflow) and non-finite values (overflow) are not drawn; the y axis is
    labelled at whole decades. ``bands`` (optional) maps some of the labels to ``(low, high)``, two (K,) arrays
    (e.g. the smallest and largest norm over several random draws), shaded in the colour of that curve.
    """
    bands = {} if bands is None else bands
    unknown = sorted(set(bands) - set(curves))
    if unknown:
        raise ValueError(f"bands must use labels of curves {sorted(curves)}, got {unknown}")
    ax = _new_ax(ax)
    for index, (name, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        shown = np.where(np.isfinite(values) & (values > 0), values, np.nan)
        linestyle, marker = _STYLES[index % len(_STYLES)]
        (line,) = ax.plot(np.arange(len(values)), shown, label=name, linestyle=linestyle, marker=marker,
                          markevery=max(1, len(values) // 10), markersize=4)
        if name in bands:
            low, high = (np.asarray(edge, dtype=float) for edge in bands[name])
            if low.shape != values.shape or high.shape != values.shape:
                raise ValueError(f"bands[{name!r}] must be two arrays of shape {values.shape}, "
                                 f"got {low.shape} and {high.shape}")
            visible = np.isfinite(low) & np.isfinite(high) & (low > 0)
            ax.fill_between(np.arange(len(values)), np.where(visible, low, np.nan), np.where(visible, high, np.nan),
                            color=line.get_color(), alpha=0.15, linewidth=0)
    if unit_line:  # for norms relative to the start; leave it out for other quantities
        ax.axhline(1.0, color="0.45", linestyle="-", linewidth=0.9, label="no change (norm 1)")
    ax.set_yscale("log")
    decade_ticks(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
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


def lstm_gate_panels(hidden_size: int) -> int:
    """How many panels ``plot_lstm_gates`` draws for an LSTM with ``hidden_size`` units (3 lines or 5 heatmaps)."""
    return 3 if hidden_size <= 4 else 5


def plot_lstm_gates(trace: Mapping[str, np.ndarray], x: np.ndarray, axes=None, title: str | None = None,
                    input_names: Sequence[str] | None = None, c_limit: float | None = None):
    """Inputs, the input/forget/output gates and the cell state of one LSTM layer over one sequence.

    Args:
        trace: ``{"i", "f", "o", "c", "h"}``, each a (T, H) array: gate activations and states of one sequence
            (e.g. from ``utils.widgets.lstm_gate_trace``).
        x: (T, D) the inputs of that sequence, drawn as lines in the top panel.
        axes: ``lstm_gate_panels(H)`` axes, top to bottom (created when not given).
        title: title of the top panel.
        input_names: labels of the D input channels.
        c_limit: colour limit of the cell-state heatmap, ``[-c_limit, c_limit]`` (default: the 95th percentile of
            ``|c|``); give figures that are to be compared the same value, so that one colour means one value.

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
    if c_limit is not None and not (np.isfinite(c_limit) and c_limit > 0):
        raise ValueError(f"c_limit must be a positive number, got {c_limit!r}")
    limit = max(float(np.percentile(np.abs(c), 95)), 1e-12) if c_limit is None else float(c_limit)
    plot_heatmap(c.T, xlabel="time step t", ylabel="hidden unit", title="", colorbar_label="cell state $c_t$",
                 ax=axes[4], cmap="PuOr", vmin=-limit, vmax=limit, extent=extent)
    spacer = axes[0].figure.colorbar(plt.cm.ScalarMappable(), ax=axes[0])  # keeps the x axes aligned
    spacer.ax.set_visible(False)
    return axes


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
