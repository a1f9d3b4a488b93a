"""Figures for sequence classification and labelling: a confusion matrix, text coloured by per-character tags,
and scores per category with one dot per seed.

Every helper draws on an ``ax`` (created when not given), labels its axes, sets a title and returns the ``ax``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .style import CYCLE, PALETTE, _new_ax

# One colour per tag of ``utils.data.code_tags.TAG_NAMES`` (space, newline, name, keyword, number, string, comment,
# operator): the Okabe–Ito colours, with the spaces between tokens in light grey so that they read as background.
TAG_COLOURS = ["#D9D9D9", PALETTE["orange"], PALETTE["green"], PALETTE["vermillion"], PALETTE["purple"],
               PALETTE["sky"], PALETTE["yellow"], PALETTE["blue"]]


def confusion_matrix(true, predicted, num_classes: int) -> np.ndarray:
    """(C, C) int64 counts: entry [i, j] is how many examples of class i were predicted as class j.

    ``true`` and ``predicted`` are (N,) integer arrays or tensors with values in ``[0, num_classes)``.
    """
    true, predicted = (np.asarray(v.cpu() if hasattr(v, "cpu") else v) for v in (true, predicted))
    if true.shape != predicted.shape or true.ndim != 1:
        raise ValueError(f"true and predicted must be 1-D of equal length, got shapes {true.shape} and "
                         f"{predicted.shape}")
    for name, v in (("true", true), ("predicted", predicted)):
        if not np.issubdtype(v.dtype, np.integer):
            raise TypeError(f"{name} must hold integer class labels, got dtype {v.dtype}")
        if v.size and (v.min() < 0 or v.max() >= num_classes):
            raise ValueError(f"{name} must lie in [0, {num_classes - 1}], got values in [{v.min()}, {v.max()}]")
    return np.bincount(true * num_classes + predicted, minlength=num_classes**2).reshape(num_classes, num_classes)


def plot_confusion_matrix(matrix, class_names: Sequence[str], title: str = "Confusion matrix", ax=None):
    """Show a (C, C) count matrix row-normalised (each true class sums to 1), with the share in every cell."""
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] != len(class_names):
        raise ValueError(f"matrix must be (C, C) with C = len(class_names) = {len(class_names)}, got {matrix.shape}")
    shares = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    ax = _new_ax(ax, figsize=(6.4, 5.4))
    image = ax.imshow(shares, vmin=0, vmax=1, cmap="cividis", interpolation="nearest")
    for i, j in np.ndindex(shares.shape):
        ax.text(j, i, f"{shares[i, j]:.2f}".lstrip("0") if shares[i, j] < 1 else "1", ha="center", va="center",
                fontsize=8, color="black" if shares[i, j] > 0.5 else "white")
    ax.set_xticks(range(len(class_names)), class_names, rotation=45, ha="right")
    ax.set_yticks(range(len(class_names)), class_names)
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="share of the true class")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return ax


def plot_tagged_text(text: str, rows: Mapping[str, Sequence[int]], tag_names: Sequence[str],
                     title: str = "Per-character tags", ax=None):
    """Draw ``text`` once per entry of ``rows`` (name -> (L,) tags), every character on a cell of its tag's colour.

    Newlines start a new line of the grid (drawn as ``⏎``); cells where a row differs from the first row are
    outlined in black, so mistakes stand out when the first row is the truth.
    """
    names = list(rows)
    tags = [np.asarray(rows[name]) for name in names]
    if not names or any(t.shape != (len(text),) for t in tags):
        raise ValueError(f"every row must hold len(text) = {len(text)} tags, got shapes {[t.shape for t in tags]}")
    lines, positions = [[]], []
    for i, char in enumerate(text):
        positions.append((len(lines) - 1, len(lines[-1])))
        lines[-1].append(i)
        if char == "\n":
            lines.append([])
    height, width = len(lines), max(len(line) for line in lines)
    ax = _new_ax(ax, figsize=(min(16, 0.13 * width + 1.5), 0.26 * height * len(names) + 1.2))
    for r, (name, row_tags) in enumerate(zip(names, tags, strict=True)):
        top = r * (height + 1.5)
        ax.text(-1, top - 0.9, name, fontsize=9, fontweight="bold", va="center")
        for i, (y, x) in enumerate(positions):
            wrong = r > 0 and row_tags[i] != tags[0][i]
            ax.add_patch(_cell(x, top + y, TAG_COLOURS[int(row_tags[i]) % len(TAG_COLOURS)], wrong))
            shown = "⏎" if text[i] == "\n" else text[i]
            ax.text(x + 0.5, top + y + 0.5, shown, ha="center", va="center", fontsize=7, family="monospace")
    ax.set_xlim(-1, width + 1)
    ax.set_ylim(len(names) * (height + 1.5), -1.6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [_cell(0, 0, TAG_COLOURS[k % len(TAG_COLOURS)], False) for k in range(len(tag_names))]
    ax.legend(handles, tag_names, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, title="tag")
    ax.set_xlabel("character position in the line (outlined: differs from the first row)")
    ax.set_ylabel("line")
    ax.set_title(title)
    return ax


def _cell(x, y, colour, outlined):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), 1, 1, facecolor=colour, alpha=0.55, edgecolor="black" if outlined else "none",
                     linewidth=1.2 if outlined else 0)


def plot_dots_by_category(categories: Sequence[str], scores: Mapping[str, Sequence[Sequence[float]]],
                          ylabel: str = "accuracy", title: str = "Scores by category", xlabel: str = "category",
                          ax=None):
    """One dot per seed and category for every method, the methods side by side in their own colour, and a
    short bar at each method's mean over the seeds. ``scores[method]`` is an (S seeds, K categories) array.

    Dots, not bars: the axis need not start at zero, and every seed stays visible."""
    if not scores:
        raise ValueError("scores must contain at least one method")
    arrays = {name: np.asarray(values, dtype=float) for name, values in scores.items()}
    for name, values in arrays.items():
        if values.ndim != 2 or values.shape[1] != len(categories):
            raise ValueError(f"scores[{name!r}] must have shape (S, {len(categories)}) = (seeds, categories), "
                             f"got {values.shape}")
    ax = _new_ax(ax, figsize=(max(6.4, 1.1 * len(categories) + 2), 3.8))
    width = 0.7 / len(arrays)
    for m, (colour, (name, values)) in enumerate(zip(CYCLE, arrays.items(), strict=False)):
        centres = np.arange(len(categories)) - 0.35 + width * (m + 0.5)
        for seed_values in values:
            ax.plot(centres, seed_values, "o", color=colour, markersize=4, alpha=0.8)
        ax.hlines(values.mean(axis=0), centres - width / 2.5, centres + width / 2.5, color=colour, linewidth=2,
                  label=f"{name} (dots: {len(values)} seeds; bar: their mean)")
    ax.set_xticks(range(len(categories)), categories)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8, loc="best")
    return ax
