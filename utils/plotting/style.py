"""The book's figure style (the colour-blind-safe Okabe–Ito palette, matplotlib settings) and the drawing
primitives the diagrams share.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
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
