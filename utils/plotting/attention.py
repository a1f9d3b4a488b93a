"""Figures of chapter 10: attention heatmaps, the length curve, accuracy by output position, and cost against
sequence length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .style import _new_ax


def _tick_label(token: str) -> str:
    """A readable axis label for one token: a space as ␣ (the 'open box'), other whitespace escaped."""
    if token == " ":
        return "␣"
    return repr(token)[1:-1] if token.isspace() else token


def plot_attention(weights, source: Sequence[str], output: Sequence[str], ax=None, title: str = "Attention weights",
                   colorbar: bool = True):
    """Heatmap of attention weights (T_out, S): row i = where output token i looked in the source.

    ``source`` (S labels) and ``output`` (T_out labels) label the columns and rows (a space is shown as ␣);
    the weights of each row should sum to 1. Labels longer than one character are written vertically so that
    neighbours do not run together. ``colorbar=False`` leaves the colour bar out (e.g. to draw one for a whole
    figure of heatmaps, which all share the scale 0–1).
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2 or weights.shape != (len(output), len(source)):
        raise ValueError(f"weights must have shape (len(output), len(source)) = ({len(output)}, {len(source)}), "
                         f"got {weights.shape}")
    ax = _new_ax(ax)
    image = ax.imshow(weights, aspect="auto", interpolation="nearest", vmin=0, vmax=1, cmap="Greys")
    ax.grid(False)
    long_labels = any(len(str(token)) > 1 for token in source)
    ax.set_xticks(range(len(source)), [_tick_label(str(token)) for token in source], fontsize=8,
                  rotation=90 if long_labels else 0)
    ax.set_yticks(range(len(output)), [_tick_label(str(token)) for token in output], fontsize=8)
    ax.set_xlabel("source token (encoder position j)")
    ax.set_ylabel("output token i")
    ax.set_title(title)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="weight α_ij", fraction=0.04)
    return ax


def plot_length_curve(buckets: Sequence[str], curves: Mapping[str, Sequence[float]], ax=None,
                      title: str = "Exact match against input length", ylabel: str = "exact-match accuracy"):
    """One line per model (name → an accuracy per length bucket, ``ylabel`` says which), buckets on the x axis."""
    ax = _new_ax(ax)
    markers = ["o", "s", "^", "D"]
    for k, (name, values) in enumerate(curves.items()):
        if len(values) != len(buckets):
            raise ValueError(f"curve {name!r} has {len(values)} values for {len(buckets)} buckets")
        ax.plot(range(len(buckets)), values, marker=markers[k % len(markers)], label=name)
    ax.set_xticks(range(len(buckets)), list(buckets))
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("input length (tokens)")
    ax.set_ylabel(ylabel)
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


def plot_position_accuracy(curves: Mapping[str, Sequence[float]], ax=None,
                           title: str = "Accuracy by output position"):
    """One line per name → the share of outputs whose token at position i (0-based, x axis) is right."""
    if not curves:
        raise ValueError("curves must contain at least one entry")
    ax = _new_ax(ax)
    for name, values in curves.items():
        ax.plot(range(len(values)), values, label=name)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("output position i (0 = the first output token)")
    ax.set_ylabel("share of the outputs right at i")
    ax.set_title(title)
    ax.legend()
    return ax
