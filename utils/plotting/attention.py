"""Figures of chapter 10: attention heatmaps, the length curve, and cost against sequence length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .style import _new_ax


def plot_attention(weights, source: Sequence[str], output: Sequence[str], ax=None, title: str = "Attention weights"):
    """Heatmap of attention weights (T_out, S): row i = where output token i looked in the source.

    ``source`` (S labels) and ``output`` (T_out labels) label the columns and rows; the weights of each row
    should sum to 1.
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2 or weights.shape != (len(output), len(source)):
        raise ValueError(f"weights must have shape (len(output), len(source)) = ({len(output)}, {len(source)}), "
                         f"got {weights.shape}")
    ax = _new_ax(ax)
    image = ax.imshow(weights, aspect="auto", interpolation="nearest", vmin=0, vmax=1, cmap="Greys")
    ax.grid(False)
    ax.set_xticks(range(len(source)), [repr(c)[1:-1] if c == " " else c for c in source], fontsize=8)
    ax.set_yticks(range(len(output)), list(output), fontsize=8)
    ax.set_xlabel("source token (encoder position j)")
    ax.set_ylabel("output token i")
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, label="weight α_ij", fraction=0.04)
    return ax


def plot_length_curve(buckets: Sequence[str], curves: Mapping[str, Sequence[float]], ax=None,
                      title: str = "Exact match against input length"):
    """One line per model (name → exact-match accuracy per length bucket), buckets on the x axis."""
    ax = _new_ax(ax)
    markers = ["o", "s", "^", "D"]
    for k, (name, values) in enumerate(curves.items()):
        if len(values) != len(buckets):
            raise ValueError(f"curve {name!r} has {len(values)} values for {len(buckets)} buckets")
        ax.plot(range(len(buckets)), values, marker=markers[k % len(markers)], label=name)
    ax.set_xticks(range(len(buckets)), list(buckets))
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("input length (tokens)")
    ax.set_ylabel("exact-match accuracy")
    ax.set_title(title)
    ax.legend()
    return ax


def plot_cost_vs_length(lengths: Sequence[int], costs: Mapping[str, Sequence[float]], ylabel: str, ax=None,
                        title: str = "Cost against sequence length"):
    """Log–log lines of a cost (time, memory) against the sequence length, one per model."""
    ax = _new_ax(ax)
    for name, values in costs.items():
        ax.plot(lengths, values, marker="o", label=name)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("sequence length T")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax
